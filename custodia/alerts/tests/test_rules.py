"""The pure rules of alerts: who sees and sets a code, when an alert is in force, what is wrong
with one as entered."""

from datetime import date, timedelta

from django.utils import translation

from custodia.alerts import rules
from custodia.core.profiles import AlertCode, Label

TODAY = date(2026, 6, 15)
LABEL = Label(
    en="Recruiter risk", fr="Risque de recrutement", ar="خطر الاستقطاب", ru="Риск вербовки", kk="Тарту тәуекелі"
)
RESTRICTED = AlertCode(code="recruiter_risk", label=LABEL, set_by=["security_officer"], restricted=True)
OPEN = AlertCode(code="escape_risk", label=LABEL, set_by=["security_officer", "prison_director"])


def test_a_restricted_code_is_seen_only_by_its_roles():
    assert rules.may_see(RESTRICTED, {"security_officer"})
    assert not rules.may_see(RESTRICTED, {"wing_officer", "hq_classification_vep_unit"})
    assert rules.may_see(OPEN, {"wing_officer"})
    assert rules.may_see(None, set())  # a code the profile no longer has is shown as stored


def test_only_the_codes_roles_set_it():
    assert rules.may_set(OPEN, {"prison_director"})
    assert not rules.may_set(OPEN, {"case_manager"})
    assert not rules.may_set(None, {"security_officer"})


def test_an_alert_is_in_force_until_ended_or_past_its_planned_end():
    assert rules.in_force(ended_on=None, active_to=None, today=TODAY)
    assert rules.in_force(ended_on=None, active_to=TODAY, today=TODAY)
    assert not rules.in_force(ended_on=None, active_to=TODAY - timedelta(days=1), today=TODAY)
    assert not rules.in_force(ended_on=TODAY, active_to=None, today=TODAY)
    assert rules.lapsed(ended_on=None, active_to=TODAY - timedelta(days=1), today=TODAY)
    assert not rules.lapsed(ended_on=TODAY, active_to=TODAY - timedelta(days=1), today=TODAY)


def _problems(**kwargs):
    args = {
        "reason": "Found with a rope",
        "active_from": TODAY,
        "active_to": None,
        "today": TODAY,
        "records_from": date(1950, 1, 1),
    }
    return rules.alert_problems(**(args | kwargs))


def test_what_is_wrong_with_an_alert_as_entered():
    assert _problems() == {}
    assert set(_problems(reason="  ")) == {"reason"}
    assert set(_problems(active_from=TODAY + timedelta(days=1))) == {"active_from"}
    assert set(_problems(active_from=date(1900, 1, 1))) == {"active_from"}
    wrong_way = _problems(active_from=TODAY - timedelta(days=5), active_to=TODAY - timedelta(days=6))
    assert "on or after the first day" in wrong_way["active_to"]
    assert (
        "already passed"
        in _problems(active_from=TODAY - timedelta(days=5), active_to=TODAY - timedelta(days=1))["active_to"]
    )


def test_the_refusal_of_a_second_alert_names_the_one_in_force():
    message = rules.already_in_force(label="Escape risk", set_on=date(2026, 5, 3), set_by="jdoe")
    assert "Escape risk" in message and "03/05/2026" in message and "jdoe" in message
    # A date inside generated text is written as the reader writes dates, never in ISO order.
    with translation.override("ru"):
        assert "03.05.2026" in rules.already_in_force(label="Риск побега", set_on=date(2026, 5, 3), set_by="jdoe")
        reason = rules.proposal_reason(
            instrument="ERG22+", item="Item", value=3, scale_label="High", assessed_on=date(2026, 5, 3), referral=""
        )
        assert "03.05.2026" in reason and "2026-05-03" not in reason


def test_a_rating_from_the_urgent_value_up_proposes():
    assert rules.proposed(1, 1) and rules.proposed(2, 1) and not rules.proposed(0, 1)


def test_end_and_planned_end_need_a_reason():
    assert set(rules.end_problems(reason="")) == {"reason"}
    assert rules.end_problems(reason="Assessed again") == {}
    problems = rules.planned_end_problems(
        active_from=TODAY, active_to=TODAY - timedelta(days=1), today=TODAY, reason=""
    )
    assert set(problems) == {"active_to", "reason"}
