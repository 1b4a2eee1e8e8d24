"""The local validation's outcome comes from the incident reports (incidents.outcomes, registered
in assessment.validation_sources): only a closed serious report counts, for its perpetrators."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment import validation_sources
from custodia.assessment.models import Assessment, ReassessmentTrigger
from custodia.assessment.selectors import own_records_dataset
from custodia.assessment.tests.factories import completed, team
from custodia.incidents import services
from custodia.incidents.outcomes import serious_incident_days
from custodia.register.models import Prisoner

from .factories import held, submitted

pytestmark = pytest.mark.django_db


def test_only_closed_serious_reports_count_for_their_perpetrators(staff):
    security, director = staff["security"], staff["director"]
    closed, waiting, duplicated, set_aside, victim, minor = (held(staff["prison"]) for _ in range(6))
    report = submitted(security, closed, hours_ago=48)
    services.incident_close(actor=director, incident=report)
    submitted(security, waiting)  # awaiting review: it may still be returned or set aside
    repeated = submitted(security, duplicated)
    services.incident_set_aside(actor=director, incident=repeated, comment="Same fight", duplicate_of=report.pk)
    services.incident_set_aside(actor=director, incident=submitted(security, set_aside), comment="Horseplay")
    services.incident_close(actor=director, incident=submitted(security, victim, role="victim"))
    services.incident_close(
        actor=director, incident=submitted(security, minor, type_code="self_harm", role="involved", answers={})
    )
    everyone = Prisoner.objects.values("pk")
    assert list(serious_incident_days(everyone)) == [(closed.pk, timezone.localdate(report.occurred_at))]
    assert validation_sources.incident_days(everyone) == [(closed.pk, timezone.localdate(report.occurred_at))]


def test_the_validation_counts_incident_reports_not_hand_entered_triggers(staff, make_staff):
    """A screening countersigned 400 days ago, then a closed serious incident report: the outcome is
    true. Another person's bare trigger row (as hand entry used to make) is no outcome."""
    long_ago = timezone.now() - timedelta(days=400)
    reported = team(make_staff, sex="male", given_names="Reported")
    bare = team(make_staff, sex="male", given_names="Bare")
    for t in (reported, bare):
        assessment = completed(t, "general_screening", value=1)
        Assessment.objects.filter(pk=assessment.pk).update(countersigned_at=long_ago)
    ReassessmentTrigger.objects.create(
        prisoner=bare.prisoner, event="serious_incident", occurred_on=(long_ago + timedelta(days=30)).date()
    )
    prison = reported.prisoner.current_prison
    security = make_staff("security-there", roles.SECURITY, prisons=[prison])
    director = make_staff("director-there", roles.DIRECTOR, prisons=[prison])
    incident = submitted(security, reported.prisoner, hours_ago=24 * 370)
    services.incident_close(actor=director, incident=incident)
    dataset = own_records_dataset(user=make_staff("hq-records", roles.HQ_VEP, nationwide=True))
    # The rows are numbered by assessment id.
    person_of = dict(Assessment.objects.values_list("pk", "prisoner_id"))
    by_person = {person_of[record.row]: record.outcome for record in dataset.records}
    assert by_person == {reported.prisoner.pk: True, bare.prisoner.pk: False}
