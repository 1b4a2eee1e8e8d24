"""Sentence plan figures for the rehabilitation oversight page (custodia.oversight): aggregates of
the prisons in the user's scope, never names (Mandela Rule 10: figures that show the state of the
system, not a person's file)."""

from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope, prisons_in_scope
from custodia.core.figures import FigureTable

from . import selectors
from .choices import ObjectiveStatus, PlanStatus
from .models import Objective, SentencePlan


def figures(*, user: User, prison_id: int | None = None) -> list[FigureTable]:
    prisons = prisons_in_scope(user=user).order_by("name")
    if prison_id is not None:
        prisons = prisons.filter(pk=prison_id)
    prison_ids = frozenset(prisons.values_list("pk", flat=True))
    nationwide = prison_scope(user) is None and prison_id is None
    return [_plans_by_prison(prisons, prison_ids), _objectives_by_status(None if nationwide else prison_ids)]


def _plans_by_prison(prisons, prison_ids: frozenset[int]) -> FigureTable:
    due = selectors.due_counts_by_prison(prison_ids=prison_ids)
    agreed = dict(
        SentencePlan.objects.filter(status=PlanStatus.AGREED, prisoner__current_prison_id__in=prison_ids)
        .values_list("prisoner__current_prison_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows: list[list[str | int | float | None]] = [
        [prison.name, due[prison.pk]["overdue"], due[prison.pk]["due_soon"], agreed.get(prison.pk, 0)]
        for prison in prisons
    ]
    return FigureTable(
        slug="plans-due",
        title=_("Sentence plans due, by prison"),
        columns=[_("Prison"), _("Overdue"), _("Due within 14 days"), _("Agreed plans in force")],
        rows=rows,
        chart="horizontal",
        charted_columns=[1, 2],
        note=_(
            "First plans of convicted people and reviews of agreed plans, counted as the worklist counts them. "
            "People on remand are offered a plan and never counted as late."
        ),
    )


def _objectives_by_status(prison_ids: frozenset[int] | None) -> FigureTable:
    objectives = Objective.objects.filter(plan__status__in=[PlanStatus.DRAFT, PlanStatus.AGREED])
    if prison_ids is not None:
        objectives = objectives.filter(plan__prisoner__current_prison_id__in=prison_ids)
    counts = objectives.aggregate(**{status: Count("pk", filter=Q(status=status)) for status in ObjectiveStatus.values})
    return FigureTable(
        slug="objectives-by-status",
        title=_("Objectives of the plans in force, by status"),
        columns=[_("Status"), _("Objectives")],
        rows=[[str(label), counts[status]] for status, label in ObjectiveStatus.choices],
        chart="doughnut",
        note=_("Declining is the person's choice: it is counted here and is never a sanction."),
    )
