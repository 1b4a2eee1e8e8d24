"""The home page's counts of assessments read the dates kept by
register.kept_dues: after every kind of change that moves a date, they equal the counts of the
worklists worked out afresh, and a stamp that is too old, of another day or of another setting is
never read."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from custodia.assessment import selectors, services
from custodia.assessment.tests.factories import completed, team
from custodia.core.workflow import urgency_counts
from custodia.estate.tests.factories import CellFactory
from custodia.register import kept_dues
from custodia.register import services as register_services
from custodia.register.choices import OffenceStatus
from custodia.register.models import KeptDue
from custodia.register.services import OffenceData
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=400)


def both(user, prison_id):
    """The counts from the dates kept, and those of the worklist worked out afresh."""
    return selectors.due_counts(user=user, prison_id=prison_id), urgency_counts(
        selectors.worklist(user=user, prison_id=prison_id)
    )


def test_the_kept_counts_follow_every_change_that_moves_a_date(make_staff):
    t = team(make_staff, sex="male", admitted_at=LONG_AGO)
    prison = t.prisoner.current_prison_id
    kept, fresh = both(t.assessor, prison)
    assert kept == fresh and kept["overdue"] >= 1
    overdue_before = kept["overdue"]

    # A final assessment puts its instrument's next date a reassessment interval away.
    completed(t, "general_screening")
    kept, fresh = both(t.assessor, prison)
    assert kept == fresh and kept["overdue"] == overdue_before - 1

    # A trigger event brings it back within the instrument's days.
    services.reassessment_trigger_record(
        actor=t.assessor, prisoner=t.prisoner, event="transfer", occurred_on=timezone.localdate() - timedelta(days=1)
    )
    kept, fresh = both(t.assessor, prison)
    assert kept == fresh

    # A new arrival, linked to violent extremism: the VEP instruments apply to him too.
    vep = admit(
        cell=CellFactory(unit=t.prisoner.current_cell.unit),
        sex="male",
        admitted_at=LONG_AGO,
        offences=[OffenceData(iccs_code="09061", national_wording="Terrorist act", status=OffenceStatus.CHARGED)],
    )
    kept, fresh = both(t.assessor, prison)
    assert kept == fresh and kept["overdue"] > overdue_before
    assert KeptDue.objects.filter(prisoner=vep, kind=selectors.KEPT).exclude(key="").count() > 1

    # A change of sex or birth changes which instruments apply.
    t.prisoner.date_of_birth = date(timezone.localdate().year - 16, 1, 1)
    t.prisoner.save()
    kept, fresh = both(t.assessor, prison)
    assert kept == fresh


def test_a_write_that_names_the_person_forgets_their_dates(make_staff):
    t = team(make_staff, admitted_at=LONG_AGO)
    selectors.due_counts(user=t.assessor, prison_id=t.prisoner.current_prison_id)
    assert KeptDue.objects.filter(prisoner=t.prisoner).exists()
    services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    assert not KeptDue.objects.filter(prisoner=t.prisoner).exists()


def test_a_stale_stamp_is_worked_out_again_and_a_fresh_one_is_read(make_staff):
    t = team(make_staff, admitted_at=LONG_AGO)
    prison = t.prisoner.current_prison_id
    right = selectors.due_counts(user=t.assessor, prison_id=prison)
    # Dates pushed far away by hand: while the stamp is fresh the counts read them (they are kept)...
    KeptDue.objects.exclude(key="").update(due_on=date(2999, 1, 1))
    assert selectors.due_counts(user=t.assessor, prison_id=prison) == {"overdue": 0, "due_soon": 0}
    for stale in (
        {"worked_out_at": timezone.now() - timedelta(minutes=kept_dues.KEEP_MINUTES + 1)},
        {"worked_out_at": timezone.now() - timedelta(days=1)},
        {"setting": "another"},
    ):
        KeptDue.objects.exclude(key="").update(due_on=date(2999, 1, 1))
        KeptDue.objects.filter(key="").update(**stale)
        # ...and once the stamp is stale they are worked out again.
        assert selectors.due_counts(user=t.assessor, prison_id=prison) == right, stale


def test_a_person_admitted_with_an_offence_linked_to_extremism_is_worked_out_again(make_staff):
    """Offences are created in bulk (no post_save): the service forgets the person's dates itself."""
    t = team(make_staff, sex="male", admitted_at=LONG_AGO)
    selectors.due_counts(user=t.assessor, prison_id=t.prisoner.current_prison_id)
    assert KeptDue.objects.filter(prisoner=t.prisoner).exists()
    kept_dues.forget([None])  # nothing to forget is no error
    register_services._offences_create(
        t.prisoner,
        None,
        [OffenceData(iccs_code="09061", national_wording="Terrorist act", status=OffenceStatus.CHARGED)],
    )
    assert not KeptDue.objects.filter(prisoner=t.prisoner).exists()
    kept, fresh = both(t.assessor, t.prisoner.current_prison_id)
    assert kept == fresh


def test_working_dates_out_takes_the_same_queries_for_one_person_or_many(make_staff, django_assert_num_queries):
    t = team(make_staff, admitted_at=LONG_AGO)
    prison = t.prisoner.current_prison_id
    selectors.due_counts(user=t.assessor, prison_id=prison)  # the profile and the user's rights, read once
    KeptDue.objects.all().delete()
    with CaptureQueriesContext(connection) as one:
        selectors.due_counts(user=t.assessor, prison_id=prison)
    assert KeptDue.objects.filter(prisoner=t.prisoner).exists()
    for n in range(6):
        admit(cell=CellFactory(unit=t.prisoner.current_cell.unit), given_names=f"Person {n}", admitted_at=LONG_AGO)
    KeptDue.objects.all().delete()
    with django_assert_num_queries(len(one.captured_queries)):
        selectors.due_counts(user=t.assessor, prison_id=prison)


def test_the_dates_of_a_prison_fall_stale_a_few_people_at_a_time(make_staff, monkeypatch):
    """Worked out at one visit, a prison's dates do not all fall stale in the same instant (when
    every request arriving then would work the whole prison out again): each stamp is made earlier
    than the work by its person's id (kept_dues.SPREAD_SECONDS), and a later visit works out only
    the people whose stamp has aged out."""
    t = team(make_staff, admitted_at=LONG_AGO)
    for n in range(9):
        admit(cell=CellFactory(unit=t.prisoner.current_cell.unit), given_names=f"Person {n}", admitted_at=LONG_AGO)
    prison = t.prisoner.current_prison_id
    # The clock at noon, moved by hand (at midnight every stamp would start at the day's start).
    clock = [timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    selectors.due_counts(user=t.assessor, prison_id=prison)
    stamps = dict(KeptDue.objects.filter(key="").values_list("prisoner_id", "worked_out_at"))
    offsets = {pk: timedelta(seconds=pk % kept_dues.SPREAD_SECONDS) for pk in stamps}
    assert len(stamps) == 10 and all(stamps[pk] == clock[0] - offsets[pk] for pk in stamps)

    # Time passes until the stamp of the middle person is half a second short of being too old:
    # those made earlier than theirs are stale, the others still count.
    middle = sorted(stamps, key=lambda pk: offsets[pk])[5]
    clock[0] += timedelta(minutes=kept_dues.KEEP_MINUTES) - offsets[middle] - timedelta(seconds=0.5)
    selectors.due_counts(user=t.assessor, prison_id=prison)
    after = dict(KeptDue.objects.filter(key="").values_list("prisoner_id", "worked_out_at"))
    worked_again = {pk for pk in stamps if after[pk] != stamps[pk]}
    assert worked_again == {pk for pk in stamps if offsets[pk] > offsets[middle]}
    assert 0 < len(worked_again) < len(stamps)
