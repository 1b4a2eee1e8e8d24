"""Labels of classification codes in the user's language."""

from django import template

from ..choices import VepPlacement
from ..presenters import level_label as _level_label

register = template.Library()


@register.filter
def level_label(code: str) -> str:
    """A level of the country's framework, by its code."""
    return _level_label(code) if code else "—"


@register.filter
def placement_label(code: str) -> str:
    return str(VepPlacement(code).label) if code in VepPlacement.values else "—"
