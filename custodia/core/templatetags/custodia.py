from django import template
from django.utils.safestring import SafeString

from custodia.core.actions import action_label
from custodia.core.forms import DateInput, country_name

register = template.Library()


@register.filter
def legal_status(code: str, profile) -> str:
    """A legal status in the service's national wording: {{ p.legal_status|legal_status:profile }}."""
    return profile.legal_status_label(code)


@register.filter
def security_level(code: str, profile) -> str:
    return profile.security_level_label(code) if code else ""


@register.filter
def country(code: str) -> str:
    return country_name(code)


@register.filter
def action(code: str) -> str:
    """An audit action by its name in the user's language: {{ event.action|action }}."""
    return action_label(code)


@register.simple_tag
def date_input(name: str, element_id: str, css_class: str = "form-control") -> SafeString:
    """A date field typed in the interface language's order, for a form written in a template:
    {% date_input "target_on" "target-housing" "form-control form-control-sm" %}."""
    return DateInput(attrs={"id": element_id, "class": css_class}).render(name, None)
