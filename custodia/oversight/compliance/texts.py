"""Texts of the checks that name a figure of the country profile."""

from collections.abc import Callable
from typing import cast

from django.utils.functional import Promise, lazy


def _fill(text: Promise, values: dict[str, Callable[[], object]]) -> str:
    return str(text).format(**{name: value() for name, value in values.items()})


def filled(text: Promise, **values: Callable[[], object]) -> Promise:
    """`text` in the reader's language with each {name} filled in when it is shown, not when the
    module is imported: the language is the request's, and the figure the profile's of the day."""
    return cast(Promise, lazy(_fill, str)(text, values))
