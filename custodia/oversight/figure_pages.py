"""The oversight pages made of figure tables (core.figures.FigureTable): rehabilitation and
reintegration, restrictive measures. Each module offers `figures(*, user, prison_id)`, aggregates
of the prisons in the user's scope; a page shows every table the same way, for those prisons or
one of them: a chart, the table, and the table as CSV."""

from collections.abc import Callable, Mapping, Sequence

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from custodia.accounts.selectors import prison_scope, prisons_in_scope
from custodia.core.exports import figure_download
from custodia.core.figures import FigureTable
from custodia.core.forms import int_or_none
from custodia.core.http import AuthenticatedRequest

from .charts import figure_chart
from .kept_figures import kept_until_change

Figures = Callable[..., list[FigureTable]]


def figures_page(
    request: AuthenticatedRequest,
    *,
    name: str,
    sources: Sequence[Figures],
    template: str,
    keep: Mapping[str, str] | None = None,
    context: Mapping[str, object] | None = None,
) -> HttpResponse:
    """The page `template` with every table of `sources`, or one table as a file (`?csv=<slug>`,
    `?xlsx=<slug>`: core.exports, the export recorded in the audit trail). `keep`: parameters of
    the query the prison chooser and the download links pass on (a page's year); `context`: what
    else the template shows."""
    prisons = list(prisons_in_scope(user=request.user).order_by("name"))
    chosen = int_or_none(request.GET.get("prison"))
    prison = next((p for p in prisons if p.pk == chosen), None)
    tables = _tables(request, name, sources, prison.pk if prison else None)
    if (file := figure_download(request, tables)) is not None:
        return file
    return render(
        request,
        template,
        {
            "prisons": prisons,
            "prison": prison,
            "nationwide": prison_scope(request.user) is None,
            "tables": tables,
            "charts": {f"chart-{table.slug}": figure_chart(table) for table in tables if table.chart},
            "keep": dict(keep or {}),
            **(context or {}),
        },
    )


def _tables(
    request: AuthenticatedRequest, name: str, sources: Sequence[Figures], prison_id: int | None
) -> list[FigureTable]:
    """Every module's tables. Counting over a whole country is the slow part, so the tables are
    kept in the cache until the audit trail grows (every change writes an event) or the day or the
    reader's scope or language changes."""
    scope = prison_scope(request.user)
    who = "all" if scope is None else ",".join(map(str, sorted(scope)))
    return kept_until_change(
        name,
        who,
        prison_id,
        get_language(),
        timezone.localdate(),
        count=lambda: [table for figures in sources for table in figures(user=request.user, prison_id=prison_id)],
    )
