"""The lists of the web pages, a page at a time (the links are core/pagination.html's)."""

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def page_of(request: HttpRequest, items: Sequence[Any] | QuerySet[Any], per_page: int) -> dict[str, Any]:
    """The page the request asks for (`?page=`), and the request's other parameters, which the links
    to the pages beside it keep: the two names core/pagination.html reads, for a template's context."""
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": Paginator(items, per_page).get_page(request.GET.get("page")), "query": query.urlencode()}
