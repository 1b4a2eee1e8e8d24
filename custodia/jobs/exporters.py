"""The lists that can be exported, by name: each app registers its own in its AppConfig.ready()
(`register("prisoners", prisoners_export)`), so that the worker, which serves no page, builds the
same table from the same scoped selector as the page did.

An exporter is `exporter(*, user, params) -> ExportTable`: `params` are the page's query parameters
(core.exports.request_filters), read by the page's own filter form."""

from collections.abc import Callable

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from custodia.core.exports import ExportTable

Exporter = Callable[..., ExportTable]
EXPORTERS: dict[str, Exporter] = {}


def register(name: str, exporter: Exporter) -> None:
    EXPORTERS[name] = exporter


def build(name: str, *, user: object, params: dict[str, list[str]]) -> ExportTable:
    try:
        exporter = EXPORTERS[name]
    except KeyError as exc:
        raise Http404(_("No such list.")) from exc
    return exporter(user=user, params=params)


def as_query(params: dict[str, list[str]]) -> QueryDict:
    """The parameters as a request's GET, for the page's filter form."""
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, list(values))
    return query
