from django import template

from custodia.core.withheld import Withheld

register = template.Library()


@register.filter
def is_withheld(value: object) -> bool:
    """A section the selector withheld: {% if file.family|is_withheld %}…{% endif %}."""
    return isinstance(value, Withheld)
