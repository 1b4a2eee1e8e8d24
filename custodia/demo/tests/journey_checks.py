"""Checks of the person the demo follows the whole way (demo/journey.py), run on the Uganda and
Tunisia demos (uganda/, tunisia/): one story, back-dated and in order,
every step through the services, from the final assessment to the follow-ups after release; the
scenario's figures stay exact and the audit chain valid."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.assessment.models import Assessment
from custodia.classification.models import ClassificationDecision
from custodia.core.audit import verify_chain
from custodia.core.models import AuditEvent
from custodia.demo.scenarios import scaled
from custodia.demo.tests.country_demo import SCALE
from custodia.estate.selectors import active_profile
from custodia.plans.models import SentencePlan
from custodia.programmes.models import Attendance, Participation
from custodia.programmes.rules import COUNTS_FOR_CLASSIFICATION
from custodia.register.models import Movement, Prisoner
from custodia.register.rules import add_months
from custodia.reintegration.models import Consent, FollowUp, ReleasePlan

pytestmark = pytest.mark.django_db


def followed(output: str) -> Prisoner:
    """The person the command names as followed the whole way."""
    match = re.search(r"^Followed the whole way: (\S+) (.+?), file (\S+) ", output, re.M)
    assert match, output
    person = Prisoner.objects.get(number=match.group(1))
    assert person.display_name == match.group(2) and match.group(3) == f"/en/prisoners/{person.pk}/"
    return person


def test_the_whole_way_in_order(demo, country):
    person = followed(demo)
    now = timezone.now()

    # A final general screening, low, by the case manager, countersigned by the second one.
    screenings = list(
        Assessment.objects.filter(prisoner=person, instrument_code="general_screening").order_by("countersigned_at")
    )
    final = screenings[-1]
    assert final.status == "final" and final.final_judgement == "low" and final.need_areas
    assert (final.created_by.username, final.countersigned_by.username) == ("casemanager", "psychologist")
    assert final.created_at < final.submitted_at < final.countersigned_at

    # A sentence plan agreed from it, with an objective.
    plan = SentencePlan.objects.get(prisoner=person)
    assert plan.status == "agreed" and final in plan.based_on.all()
    assert final.countersigned_at < plan.created_at < plan.agreed_at

    # Referred from that objective to a programme of a kind that counts, allocated, attended, completed.
    place = Participation.objects.select_related("programme", "objective").get(prisoner=person)
    assert place.objective.plan_id == plan.pk and place.objective.status == "achieved"
    assert place.programme.kind in COUNTS_FOR_CLASSIFICATION
    assert place.programme.prison_id == plan.prison_id
    assert place.status == "completed" and place.achievement == "achieved" and place.report
    assert plan.agreed_at < place.referred_at < place.allocated_at
    marks = list(
        Attendance.objects.filter(participation=place).select_related("session").order_by("session__starts_at")
    )
    assert len(marks) >= 2 and {m.mark for m in marks} >= {"present"}
    assert all(place.allocated_at < m.session.starts_at < place.ended_at for m in marks)
    assert all(m.session.notes and m.session.attendance_at for m in marks)

    # An approved decision moving the person down, superseding the approved one in force before.
    earlier, decision = ClassificationDecision.objects.filter(prisoner=person).order_by("decided_at")
    framework = active_profile().classification
    assert (earlier.status, decision.status) == ("superseded", "approved")
    assert earlier.approved_level and earlier.decided_at < final.countersigned_at
    assert framework.rank(decision.approved_level) < framework.rank(earlier.approved_level)
    assert decision.computed_level == decision.proposed_level == decision.approved_level
    assert place.ended_at < decision.proposed_at < decision.decided_at
    assert (decision.proposed_by.username, decision.decided_by.username) == ("casemanager", "director")
    superseding = AuditEvent.objects.filter(
        object_type="classification.classificationdecision",
        object_id=str(earlier.pk),
        action="classification.supersede",
    )
    assert superseding.exists()
    reasons = {reason["kind"]: reason for reason in decision.computed_reasons}
    if country == "uganda":
        # The open class asks for a completed programme: the computed reasons cite this one.
        assert decision.approved_level == "open_class"
        cited = reasons["programme_completed"]["params"]
        assert cited == {"programme": place.programme.name, "on": timezone.localdate(place.ended_at).isoformat()}
    else:
        # No programme prerequisite in this framework: the move down it offers, after a first
        # screening that placed the person higher.
        assert "programme_completed" not in reasons and len(screenings) == 2
        assert screenings[0].countersigned_at < earlier.proposed_at

    # Release planning opened before the release, a pathway worked on, a referral with consent.
    release_plan = ReleasePlan.objects.get(prisoner=person)
    release = Movement.objects.get(prisoner=person, kind="release")
    assert decision.decided_at < release_plan.opened_at < release.occurred_at < now
    assert release_plan.pathways.filter(status="in_progress").exists()
    consent = Consent.objects.get(referral__plan=release_plan)
    assert consent.sections and consent.given_on < timezone.localdate(release.occurred_at)
    assert release_plan.referrals.get().made_at < release.occurred_at
    person.refresh_from_db()
    assert person.custody_status == "released" and person.current_prison is None

    # A follow-up at each interval already due (recorded a few days after it fell due), after the release.
    released_on, today = timezone.localdate(release.occurred_at), timezone.localdate()
    intervals = active_profile().reintegration.follow_up_months
    due = {m for m in intervals if add_months(released_on, m) <= today}
    due_a_week_ago = {m for m in intervals if add_months(released_on, m) <= today - timedelta(days=7)}
    follow_ups = list(FollowUp.objects.filter(plan=release_plan).order_by("months"))
    assert follow_ups and due_a_week_ago <= {f.months for f in follow_ups} <= due
    assert all(release.occurred_at < f.recorded_at < now and f.contact_made for f in follow_ups)

    assert verify_chain().ok


def test_the_figures_stay_exact(demo, country):
    assert Prisoner.objects.on_roll().count() == scaled(country, SCALE).population
