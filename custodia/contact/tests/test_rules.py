"""The pure rules of contact: never a sanction on family, a legal adviser or a consular officer;
a set period; family restrictions reviewed; what a contact may do on a day."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from custodia.contact import rules
from custodia.contact.choices import ContactKind, RestrictionReason
from custodia.contact.rules import Period

DAY = date(2026, 6, 1)


def test_family_legal_and_consular_contact_is_never_a_sanction():
    for kind in (ContactKind.FAMILY, ContactKind.LEGAL_ADVISER, ContactKind.CONSULAR):
        assert rules.restriction_problems(kind, RestrictionReason.SANCTION, DAY, DAY) == {"reason": "never_as_sanction"}
        assert rules.restriction_problems(kind, RestrictionReason.COURT_ORDER, DAY, DAY) == {}
    assert rules.restriction_problems(ContactKind.FRIEND, RestrictionReason.SANCTION, DAY, DAY) == {}


def test_a_restriction_has_a_set_period_of_at_most_ninety_days():
    assert rules.restriction_problems("friend", "security", DAY, date(2026, 5, 31)) == {"ends_on": "ends_before_start"}
    assert rules.restriction_problems("friend", "security", DAY, date(2026, 8, 30)) == {}
    assert rules.restriction_problems("friend", "security", DAY, date(2026, 8, 31)) == {"ends_on": "too_long"}


def test_only_a_family_restriction_is_reviewed_within_thirty_days():
    assert rules.first_review(ContactKind.FAMILY, DAY) == date(2026, 7, 1)
    assert rules.first_review(ContactKind.FRIEND, DAY) is None


def test_a_way_of_contact_is_open_when_approved_and_not_restricted_that_day():
    week = Period(date(2026, 6, 1), date(2026, 6, 7))
    lifted = Period(date(2026, 6, 1), date(2026, 6, 30), lifted_on=date(2026, 6, 3))
    assert rules.may_contact(True, [], DAY)
    assert not rules.may_contact(False, [], DAY)
    assert not rules.may_contact(True, [week], date(2026, 6, 7))
    assert rules.may_contact(True, [week], date(2026, 6, 8))
    assert not rules.may_contact(True, [lifted], date(2026, 6, 2))
    assert rules.may_contact(True, [lifted], date(2026, 6, 3))


@given(
    kind=st.sampled_from(ContactKind.values),
    reason=st.sampled_from(RestrictionReason.values),
    days=st.integers(min_value=-5, max_value=200),
)
def test_no_restriction_is_ever_accepted_as_a_sanction_on_family_or_counsel(kind, reason, days):
    from datetime import timedelta

    problems = rules.restriction_problems(kind, reason, DAY, DAY + timedelta(days=days))
    accepted = not problems
    if accepted:
        assert not (reason == RestrictionReason.SANCTION and kind in rules.NEVER_AS_SANCTION)
        assert 0 <= days <= rules.LONGEST_DAYS
