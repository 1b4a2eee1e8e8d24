from django import template

from custodia.register.presenters import system_note as _system_note

register = template.Library()


@register.filter
def system_note(note: str) -> str:
    """A note the system wrote (On admission) in the reader's language; a person's note as written."""
    return _system_note(note)
