"""Rule 57: complaints overdue and allegations not referred; the confidential route never shown."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.complaints import services
from custodia.complaints.tests.factories import made
from custodia.complaints.tests.factories import world as complaints_world
from custodia.oversight.compliance.checks.rule57_complaints import COMPLAINTS as check
from custodia.oversight.tests.compliance_world import assert_bounded, assert_need_to_know, today
from custodia.register import services as register_services
from custodia.register.choices import MovementKind, ReleaseReason

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff):
    worlds = [complaints_world(make_staff, suffix=str(n)) for n in range(4)]
    for w in worlds:
        made(w)  # made today: in time
    w = worlds[0]
    overdue = made(w, made_on=today() - timedelta(days=20), text="No answer to my request for a blanket")
    allegation = made(w, allegation=True, category="staff", made_on=today() - timedelta(days=5), text="Beaten")
    # Made in confidence to the inspection body, overdue: never counted nor shown here.
    made(w, addressee="inspection", made_on=today() - timedelta(days=20), text="The night guard")
    # Answered in time: no longer awaiting anything, not checked.
    services.complaint_answer(actor=w.director, complaint=made(w), outcome="upheld", answer="Heating repaired")
    prisons = [x.prison for x in worlds]
    people = {
        # Headquarters who reads complaints and files.
        "hq": make_staff("cc-hq", roles.COMPLAINTS_HQ, roles.HQ_VEP, nationwide=True),
        "here": w.director,
        "there": worlds[1].director,
        "analyst": make_staff("cc-analyst", roles.HQ_STATISTICS, nationwide=True),
        # The headquarters VEP unit opens files but reads no complaint.
        "files_only": make_staff("cc-files", roles.HQ_VEP, nationwide=True),
        "inspector": w.inspector,
    }
    return prisons, w, overdue, allegation, people


def test_overdue_and_unreferred_complaints_per_prison(world) -> None:
    prisons, w, overdue, allegation, people = world
    tallies = check.tallies(prisons=prisons, today=today())
    # The first prison owes three answers: today's, the overdue one, the allegation's.
    assert [(t.checked, t.short) for t in tallies.values()] == [(3, 2), (1, 0), (1, 0), (1, 0)]
    assert list(check.people(user=people["hq"], prison=prisons[0], today=today())) == [w.prisoner]


def test_a_referral_in_time_is_not_short_but_the_answer_still_owed_is(world) -> None:
    prisons, w, overdue, allegation, people = world
    services.complaint_refer(
        actor=w.director,
        complaint=allegation,
        data=services.ReferralData(referred_to="Human Rights Commission", referred_on=today()),
    )
    assert check.tallies(prisons=prisons, today=today())[prisons[0].pk].short == 1
    # Past its answer day the allegation is overdue as any complaint.
    assert check.tallies(prisons=prisons, today=today() + timedelta(days=10))[prisons[0].pk].short == 2


def test_a_complaint_of_someone_since_released_still_counts(world) -> None:
    prisons, w, _overdue, _allegation, people = world
    register_services.movement_record(
        actor=None,
        prisoner=w.prisoner,
        data=register_services.MovementData(
            kind=MovementKind.RELEASE, occurred_at=timezone.now(), release_reason=ReleaseReason.END_OF_SENTENCE
        ),
    )
    # The answer is owed all the same; the prison that held him still reads his file.
    assert check.tallies(prisons=prisons, today=today())[prisons[0].pk].short == 2
    assert list(check.people(user=people["here"], prison=prisons[0], today=today())) == [w.prisoner]


def test_the_confidential_route_is_never_counted_nor_named(world) -> None:
    prisons, w, overdue, allegation, people = world
    services.complaint_answer(actor=w.director, complaint=overdue, outcome="not_upheld", answer="Blankets given")
    services.complaint_refer(
        actor=w.director,
        complaint=allegation,
        data=services.ReferralData(referred_to="Human Rights Commission", referred_on=today()),
    )
    # Only the confidential complaint is still overdue at the first prison.
    assert check.tallies(prisons=prisons, today=today())[prisons[0].pk].short == 0
    assert not check.people(user=people["inspector"], prison=prisons[0], today=today()).exists()


def test_need_to_know(world) -> None:
    prisons, _w, _overdue, _allegation, people = world
    assert_need_to_know(check, prisons[0], {k: people[k] for k in ("hq", "here", "there", "analyst")})
    # Opening files is not enough: the complaint itself must be one the reader may see.
    assert not check.people(user=people["files_only"], prison=prisons[0], today=today()).exists()


def test_bounded_queries(world, django_assert_max_num_queries) -> None:
    prisons, *_rest = world
    assert_bounded(check, prisons, 1, django_assert_max_num_queries)
