"""Text that people typed, isolated from the page around it.

A name, a reference or a place may be written in another direction than the page: "Nakawa Court"
in an Arabic page, an Arabic name in an English one. Without isolation the bidirectional algorithm
mixes it with its neighbours ("2026/12/Nakawa Court · CMO/latin · 03"); inside <bdi dir="auto">
it keeps its own direction and leaves the page's order alone."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def isolate(value: object) -> SafeString | str:
    """`value` in a <bdi dir="auto">, escaped; nothing for nothing, so that |default still works after it."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="auto">{}</bdi>', value)
