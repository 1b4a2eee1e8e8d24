from django import template

from custodia.assessment.choices import NeedArea

from ..choices import DueReason, ReviewEvent

register = template.Library()
REASONS = {**dict(DueReason.choices), **dict(ReviewEvent.choices)}


@register.filter
def plan_due_reason(code: str) -> str:
    return str(REASONS.get(code, code))


@register.filter
def plan_need(code: str) -> str:
    return str(NeedArea(code).label) if code in NeedArea.values else code
