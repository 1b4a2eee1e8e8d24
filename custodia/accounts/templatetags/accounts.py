"""Names of the user administration in the user's language."""

from django import template

from custodia.accounts import roles

register = template.Library()


@register.filter
def role_label(group_name: str) -> str:
    """A role's name; a group an administrator made for a post is shown by its own name."""
    label = roles.LABELS.get(group_name)
    return str(label) if label is not None else group_name
