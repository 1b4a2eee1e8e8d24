"""Figures counted over many files, kept in the cache until anything changes.

Counting a whole country is the slow part of the oversight pages. Every change of a file goes
through a service that writes an audit event, so a figure kept under the id of the last event is
never older than the last change. Only numbers are kept: the words around them are translated
when a page is drawn, in the reader's language (or the language is part of the key)."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from custodia.core.audit import last_change_id
from custodia.core.replica import reads_from_replica

T = TypeVar("T")

KEEP_SECONDS = 24 * 60 * 60


def kept_until_change(name: str, *parts: object, count: Callable[[], T]) -> T:
    """`count()`, or what it gave last for the same `parts` (the day, the reader's scope...) when
    nothing has changed since. The key and the counts come from the same database (the replica,
    when there is one), so that counts made behind the primary are never kept under the key of a
    newer change."""
    # The parts as a digest: a scope of many prisons would make a key longer than a cache accepts.
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()
    with reads_from_replica():
        key = f"custodia:{name}:{last_change_id()}:{digest}"
        found: T | None = cache.get(key)
        if found is None:
            found = count()
            cache.set(key, found, timeout=KEEP_SECONDS)
    return found
