"""Refusals: a service refuses with the reason its `*_refusal` predicate gives (who may act), and
a page shows what a service refused, on the field it names or on top of the page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


def ensure_allowed(refusal: str | None) -> None:
    """Refuses with the reason a `*_refusal` predicate gave (PermissionDenied); None allows."""
    if refusal:
        raise PermissionDenied(refusal)


def add_service_errors(form, exc: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """A service's refusal on the field it names (`aliases` maps a service's names to the form's);
    on top of the form when that field is hidden (a stale version) or not on this form."""
    for field, errors in exc.message_dict.items():
        field = (aliases or {}).get(field, field)
        visible = field in form.fields and not form.fields[field].widget.is_hidden
        form.add_error(field if visible else None, errors)


def report_refusal(request, exc: Exception) -> None:
    """A refused step with no form to hold it, said on top of the page it returns to."""
    for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
        messages.error(request, message)
