"""Labels of assessment codes in the user's language."""

from django import template

from custodia.core.levels import level_label

from ..choices import NeedArea
from ..models import DUE_REASONS

register = template.Library()


@register.filter
def need_label(code: str) -> str:
    return str(NeedArea(code).label) if code in NeedArea.values else code


@register.filter
def due_reason(code: str) -> str:
    return str(DUE_REASONS.get(code, code))


@register.filter
def judgement_label(code: str) -> str:
    return level_label(code)
