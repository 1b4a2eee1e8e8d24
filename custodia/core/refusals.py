"""Refusals: a service refuses with the reason its `*_refusal` predicate gives (who may act), and
a page shows what a service refused, on the field it names or on top of the page."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect


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


def form_step(
    request: Any,
    form: Form,
    step: Callable[[dict[str, Any]], object],
    *,
    done: str,
    back: str,
    again: Callable[[Form], HttpResponse],
    aliases: dict[str, str] | None = None,
) -> HttpResponse:
    """A form of a record's page: checked, then one service step called with its cleaned data.
    Done: back to the page (`back`, its address) with `done` said on top. Refused as bad input: the
    page again (`again`) with the refusal on the form's fields and what was typed. Refused to the
    user: back to the page, the reason on top."""
    if form.is_valid():
        try:
            step(form.cleaned_data)
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect(back)
        except ValidationError as exc:
            add_service_errors(form, exc, aliases)
        else:
            messages.success(request, done)
            return redirect(back)
    return again(form)
