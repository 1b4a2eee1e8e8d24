"""The home page's counts of sentence plans read the dates kept by register.kept_dues: they equal
the counts of the plan worklist worked out afresh, and every person is stamped, those nothing is
due for included (people on remand), so that they are not worked out again at each visit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.workflow import urgency_counts
from custodia.estate.tests.factories import CellFactory, UnitFactory
from custodia.plans import selectors as plans
from custodia.register.choices import LegalStatus
from custodia.register.models import KeptDue
from custodia.register.services import SentenceData
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db


def admitted_on(days):
    return timezone.localdate() - timedelta(days=days)


def test_the_kept_plan_counts_equal_the_plan_worklist(make_staff):
    cell = CellFactory()
    prison = cell.unit.prison
    officer = make_staff("plans-officer", roles.CASE_MANAGER, prisons=[prison])
    for days in (5, 20, 200):
        admit(
            cell=cell,
            legal_status=LegalStatus.CONVICTED,
            admitted_at=timezone.now() - timedelta(days=days),
            sentence=SentenceData(
                imposed_on=timezone.localdate() - timedelta(days=days),
                starts_on=timezone.localdate() - timedelta(days=days),
                years=4,
            ),
        )
    admit(cell=CellFactory(unit=UnitFactory(prison=prison)))  # on remand (Rule 11: another unit), never due
    kept = plans.due_counts(user=officer, prison_id=prison.pk)
    assert kept == urgency_counts(plans.worklist(user=officer, prison_id=prison.pk))
    assert kept["overdue"] + kept["due_soon"] >= 1
    assert KeptDue.objects.filter(kind=plans.KEPT, key="").count() == 4  # each person stamped, remand included
