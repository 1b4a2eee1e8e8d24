"""The Mandela Rules compliance monitor (/statistics/compliance/, docs/compliance.md): each check of
compliance.registry scored at each prison in the reader's scope and in total, the trend by day from
the snapshots, both tables as CSV and XLSX; and, one click from a count of people falling short,
the people concerned at that prison (/statistics/compliance/<key>/<prison id>/), as the check
lists them to a reader who may open their files. A director sees their own prison; headquarters
every prison, or one they choose."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope, prisons_in_scope
from custodia.core import audit
from custodia.core.exports import download, figure_download, requested_format
from custodia.core.forms import int_or_none
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.rights import requires, right
from custodia.estate.models import Prison
from custodia.jobs import exporters
from custodia.jobs import services as jobs_services

from . import compliance_figures as figures
from .compliance.base import Check
from .compliance.registry import check_of
from .compliance_cells import score_cells
from .compliance_exports import PEOPLE_LIST

VIEW = right("view_compliance")
OPEN_FILES = right("view_prisoner_file")
PEOPLE_PER_PAGE = 100


@requires(GET=VIEW)
def compliance(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    prisons = list(prisons_in_scope(user=request.user).order_by("name"))
    chosen = int_or_none(request.GET.get("prison"))
    prison = next((p for p in prisons if p.pk == chosen), None)
    shown = [prison] if prison else prisons
    nationwide = prison_scope(request.user) is None
    total_label = _("National total") if nationwide and prison is None else _("Total")
    rows = figures.rows(shown, today)
    trend = figures.trend(shown, today)
    trend_table = figures.trend_table(trend)
    if (
        file := figure_download(request, [figures.scores_table(rows, total_label=total_label), trend_table])
    ) is not None:
        return file
    return render(
        request,
        "oversight/compliance.html",
        {
            "prisons": prisons,
            "prison": prison,
            "shown": shown,
            "nationwide": nationwide,
            "lines": score_cells(rows, with_total=len(shown) > 1),
            "total_label": total_label,
            "trend": trend,
            "trend_table": trend_table,
            "charts": {"chart-compliance-trend": figures.trend_chart(trend)} if trend.series else {},
            "today": today,
        },
    )


def _people_export(request: AuthenticatedRequest, check: Check, prison: Prison) -> HttpResponse | None:
    """`?format=csv|xlsx`: the people list as a file (compliance_exports), at once or, for a long
    list, by the background worker (custodia.jobs). The check and the prison are in the address,
    not in the query, so they are handed to the exporter as its parameters."""
    fmt = requested_format(request)
    if fmt is None:
        return None
    params = {"check": [check.key], "prison": [str(prison.pk)]}
    table = exporters.build(PEOPLE_LIST, user=request.user, params=params)
    if table.count <= settings.EXPORT_SYNC_LIMIT:
        return download(request.user, table, fmt)
    job = jobs_services.export_job_create(actor=request.user, table=table, fmt=fmt, params=params)
    return redirect("jobs:detail", job.pk)


@requires(GET=VIEW)
def compliance_people(request: AuthenticatedRequest, key: str, prison_id: int) -> HttpResponse:
    check = check_of(key)
    prison = prisons_in_scope(user=request.user).filter(pk=prison_id).first()
    if check is None or prison is None:
        raise Http404(_("No such check at a prison where you work."))
    today = timezone.localdate()
    tally = None if check.not_recorded else check.tallies(prisons=[prison], today=today).get(prison.pk)
    may_open = request.user.has_perm(OPEN_FILES)
    context: dict[str, object] = {"check": check, "prison": prison, "tally": tally, "may_open": may_open}
    if may_open and not check.not_recorded:
        people = check.people(user=request.user, prison=prison, today=today)
        # A check about the prison as a whole (occupancy) answers QuerySet.none(): it names no one.
        context["names"] = names = not people.query.is_empty()
        if names:
            if (answer := _people_export(request, check, prison)) is not None:
                return answer
            paged = page_of(request, people.select_related("current_cell__unit"), PEOPLE_PER_PAGE)
            context.update(paged)
            # Who falls short of a rule is part of their file: each person shown is recorded as read.
            audit.record_reads(actor=request.user, objs=paged["page"].object_list, reason="compliance")
    return render(request, "oversight/compliance_people.html", context)
