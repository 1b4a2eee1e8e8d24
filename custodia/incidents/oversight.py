"""Incidents in figures, for the incidents oversight page (which renders any list of
core.figures.FigureTable): aggregates only, never names, scoped to the prisons the user oversees or
to one of them. Reports counted are the submitted ones of the last twelve months; duplicates and
reports found not reportable are kept but left out (rules.COUNTED). A handful of queries."""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.core.figures import FigureTable
from custodia.core.rights import right
from custodia.estate.models import Prison
from custodia.register.models import Prisoner
from custodia.register.selectors import terrorism_linked

from . import catalogue, rules
from .choices import ForceTechnique, IncidentStatus
from .models import Incident, Involvement

OVERSIGHT = right("view_statistics")
WINDOW_DAYS = 365


def _prisons(user: User, prison_id: int | None) -> QuerySet[Prison]:
    if not user.has_perm(OVERSIGHT):
        return Prison.objects.none()
    prisons = Prison.objects.all()
    scope = prison_scope(user)
    if scope is not None:
        prisons = prisons.filter(pk__in=scope)
    return prisons.filter(pk=prison_id) if prison_id is not None else prisons


def _per_100(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(*, user: User, prison_id: int | None = None) -> list[FigureTable]:
    prisons = _prisons(user, prison_id)
    since = timezone.now() - timedelta(days=WINDOW_DAYS)
    counted = Incident.objects.filter(prison__in=prisons, status__in=rules.COUNTED, occurred_at__gte=since)
    note = _("Submitted reports of the last twelve months; duplicates and reports found not reportable are left out.")
    labels = {kind.code: str(kind.label) for kind in catalogue.current().types}

    by_kind: dict[str, tuple[int, int]] = {
        code: (reports, closed)
        for code, reports, closed in counted.values_list("type_code")
        .annotate(reports=Count("pk"), closed=Count("pk", filter=Q(status=IncidentStatus.CLOSED)))
        .values_list("type_code", "reports", "closed")
    }
    kinds = FigureTable(
        slug="incidents-by-kind",
        title=_("Incidents by kind"),
        columns=[_("Kind of incident"), _("Reports"), _("Closed"), _("Awaiting review or returned")],
        rows=[
            [label, reports, closed, reports - closed]
            for code, label in labels.items()
            for reports, closed in [by_kind.get(code, (0, 0))]
        ],
        chart="horizontal",
        note=note,
    )

    people = Involvement.objects.filter(incident__in=counted, prisoner__isnull=False)
    per_prison: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for row in counted.values("prison__name").annotate(
        reports=Count("pk"), serious=Count("pk", filter=Q(serious=True))
    ):
        per_prison[row["prison__name"]][0:2] = [row["reports"], row["serious"]]
    for seen in people.values("incident__prison__name").annotate(
        force=Count("pk", filter=~Q(force_technique="")),
        injured=Count("pk", filter=~Q(injuries="")),
        owed=Count("pk", filter=Q(examination__isnull=False, examination__examined_at__isnull=True)),
        signs=Count("pk", filter=Q(examination__signs_of_ill_treatment=True)),
    ):
        per_prison[seen["incident__prison__name"]][2:6] = [seen["force"], seen["injured"], seen["owed"], seen["signs"]]
    by_prison = FigureTable(
        slug="incidents-by-prison",
        title=_("Incidents, force and injuries by prison"),
        columns=[
            _("Prison"),
            _("Reports"),
            _("Serious"),
            _("People on whom force was used"),
            _("People injured"),
            _("Medical examinations owed"),
            _("Signs of torture or other ill-treatment"),
        ],
        rows=[[name, *values] for name, values in sorted(per_prison.items())],
        note=note,
        charted_columns=[1, 2, 3],
    )

    force_counts = dict(
        people.exclude(force_technique="")
        .values_list("force_technique")
        .annotate(n=Count("pk"))
        .values_list("force_technique", "n")
    )
    force = FigureTable(
        slug="incidents-force",
        title=_("Force used, by kind (Mandela Rule 82)"),
        columns=[_("Force used"), _("People")],
        rows=[[str(label), force_counts.get(value, 0)] for value, label in ForceTechnique.choices if value],
        chart="doughnut",
        note=note,
    )

    # Perpetrators per 100 people held, linked to violent extremism beside the others: to see
    # whether one group is reported more than its numbers call for.
    held = Prisoner.objects.on_roll().filter(current_prison__in=prisons).annotate(vep=terrorism_linked())
    population = dict(held.values_list("vep").annotate(n=Count("pk")).values_list("vep", "n"))
    perpetrators = (
        people.filter(role=rules.PERPETRATOR, prisoner__in=held.values("pk"))
        .annotate(vep=terrorism_linked("prisoner_id"))
        .values("vep")
        .annotate(n=Count("prisoner", distinct=True))
    )
    found = {row["vep"]: row["n"] for row in perpetrators}
    rates = FigureTable(
        slug="incidents-vep-rate",
        title=_("People reported as perpetrators per 100 held"),
        columns=[_("People held"), _("Per 100 held"), _("Perpetrators"), _("Held")],
        rows=[
            [label, _per_100(found.get(vep, 0), population.get(vep, 0)), found.get(vep, 0), population.get(vep, 0)]
            for vep, label in ((True, _("Linked to violent extremism")), (False, _("Others")))
        ],
        note=_("Among the people held now; perpetrators named in submitted reports of the last twelve months."),
    )
    return [kinds, by_prison, force, rates]
