"""What every router of the REST API under /api/v1 shares: bounds, schemas, pagination, refusals
and the wording of bad input. Each app contributes a router from its api.py; config/api.py
assembles them, authenticates and turns every error into the answers below.

Conventions every router follows, so that clients see one API (and the OpenAPI document
describes every answer: the contract test, tests/test_api_contract.py, checks it):
- every answer is JSON, errors included;
- bad input answers 422 with {"errors": {field: [messages]}}, where `field` is the dotted path of
  the value in the request ("identity.names.0.given_names", "legal_status"), or "__all__". A body
  that cannot be parsed (not JSON, not UTF-8) is bad input too: 422 under "__all__", never 400;
- an unknown id in the URL answers 404 with {"detail": "Not found."}, and so does an address that
  is no route: an unknown path, or an id in a path that is not a whole number (/prisoners/abc);
- every whole number in a path, a query or a body is bounded, so that no value reaches the database
  outside what it can hold (a 500 on SQLite or PostgreSQL): ids by `Id` (1 to 2**63 - 1, the range
  of DEFAULT_AUTO_FIELD, BigAutoField), record versions by `Version`, `offset` by MAX_OFFSET;
  a number outside its bounds answers 422 under its name, like any bad input;
- a request without a signed-in user answers 401 with {"detail": ...}; a call is signed in by the
  session (a POST needs the CSRF token) or by a personal API token (`Authorization: Bearer
  <secret>`, see accounts.tokens), which acts as its owner within the token's scopes;
- a signed-in user without the right to the route (RouteAccessMiddleware, on every route), a token
  without the scope, or a service refusing the user (the prison, a second assessor, an approver)
  answers 403 with {"detail": ...}; so every operation declares 401, 403 and 422 (ERROR_RESPONSES),
  and those that take an id 404 as well (NOT_FOUND_RESPONSES);
- a method the route does not serve answers 405 with {"detail": ...} and an Allow header;
- messages are in the user's language (Accept-Language, through Django's LocaleMiddleware);
- a request body parameter is always called `payload`, so that it does not appear in field paths.
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Any, ClassVar, Self

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from pydantic import ConfigDict, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import audit

MAX_PAGE_SIZE = 200
# Far beyond any list the service holds (a national register keeps some hundred thousand files),
# and far within the integers SQLite and PostgreSQL take for OFFSET.
MAX_OFFSET = 10_000_000
# Every primary key is a BigAutoField (settings.DEFAULT_AUTO_FIELD; tests/test_api_errors.py
# checks each model): 1 to 2**63 - 1 on SQLite and PostgreSQL alike. A larger number in a filter
# would reach the database and fail there (a 500) instead of answering 422.
MAX_ID = 2**63 - 1
# Record versions are PositiveIntegerFields: 0 to 2**31 - 1 on PostgreSQL.
MAX_VERSION = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""The id of a record, in a path (`{int:prisoner_id}`: anything but digits is no route, 404), a
query or a body."""
Version = Annotated[int, Field(ge=0, le=MAX_VERSION)]
"""The `version` of a record that the client last read (core.versions), or of an instrument."""


class ErrorsOut(Schema):
    """Bad input: each field path with its messages, in the user's language."""

    errors: dict[str, list[str]] = Field(
        ..., examples=[{"errors": {"identity.date_of_birth": ["The date of birth cannot be in the future."]}}]
    )


class In(Schema):
    """Request bodies and filters: unknown fields are refused, so that a misspelt field is not
    silently dropped. No text may hold the NUL character: PostgreSQL cannot store it (a 500 there,
    stored as sent on SQLite), so it is refused on both, under the field, as bad input."""

    model_config = ConfigDict(extra="forbid")
    # Fields whose text the service checks itself, NUL included, with a message of its own.
    TEXT_CHECKED_BY_SERVICE: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_nul_character(self) -> Self:
        # After the fields' own validators, and raised as a ValidationError so that each message
        # sits under its field, not under the model.
        errors = [
            InitErrorDetails(
                type=PydanticCustomError("value_error", "{error}", {"error": _nul_message()}),
                loc=(name, *index),
                input=text,
            )
            for name in type(self).model_fields
            if name not in self.TEXT_CHECKED_BY_SERVICE
            for index, text in _texts(getattr(self, name))
            if "\x00" in text
        ]
        if errors:
            raise PydanticValidationError.from_exception_data(type(self).__name__, errors)
        return self


def _texts(value: Any) -> Iterator[tuple[tuple[int, ...], str]]:
    """The strings of a field's value, with their index in a list (nested models check their own)."""
    if isinstance(value, str):
        yield (), value
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            for index, text in _texts(item):
                yield (i, *index), text


def _nul_message() -> str:
    return gettext("Remove the NUL character (U+0000) from this text: it cannot be stored.")


class PrisonRef(Schema):
    id: int
    name: str


class PrisonerRef(Schema):
    id: int
    number: str
    display_name: str


class PersonRef(Schema):
    """Another person, who may be held elsewhere: the number only, no name."""

    id: int
    number: str


class DetailOut(Schema):
    """No signed-in user (401), a refusal (403), an unknown record or route (404), a method the
    route does not serve (405): what happened, in the user's language."""

    detail: str


# Every operation may answer these; each router adds them to its own responses. 403 too: the
# access middleware refuses a route to a role without the right, on every route, and a token
# without the scope the method needs.
ERROR_RESPONSES: dict[int, type[Schema]] = {401: DetailOut, 403: DetailOut, 422: ErrorsOut}
# Operations that take an id (in the path, the query or the body) may not find it.
NOT_FOUND_RESPONSES: dict[int, type[Schema]] = {**ERROR_RESPONSES, 404: DetailOut}
# Writes may also be refused by a service's own rules (the prison, a second assessor, an approver):
# a 403 as well, already declared above.
WRITE_RESPONSES: dict[int, type[Schema]] = NOT_FOUND_RESPONSES


@contextmanager
def refusals(request: HttpRequest, paths: Mapping[str, str] | None = None) -> Iterator[None]:
    """A service's refusals as every router answers them: PermissionDenied as 403 with its message
    (recorded, like a refused route), field errors under the paths the request used."""
    try:
        yield
    except PermissionDenied as exc:
        audit.record_refusal(actor=request.user, path=request.path, method=request.method or "")
        raise HttpError(403, str(exc)) from exc
    except DjangoValidationError as exc:
        if not paths or not hasattr(exc, "error_dict"):
            raise
        raise DjangoValidationError(
            {paths.get(field, field): messages for field, messages in exc.message_dict.items()}
        ) from exc


class Pagination(LimitOffsetPagination):
    """`limit` (1 to 200, default 50) and `offset` (0 to 10,000,000) in the query; answers
    {"items": [...], "count": total}. An offset past the end answers an empty page."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 200).")
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description="Items to skip from the start of the list (at most 10,000,000)."
        )


class FileReadsPagination(Pagination):
    """A page of records that are part of people's files (each with `prisoner`): each person on
    the page answered has the read in their file's log (Mandela Rule 9), with `reason`."""

    reason: ClassVar[str] = ""

    def paginate_queryset(
        self,
        queryset: Any,
        pagination: Any,  # Pagination.Input here; ninja's signature names its own Input class
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        page: dict[str, Any] = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = list(page["items"])
        people = {item.prisoner_id: item.prisoner for item in page["items"]}
        audit.record_reads(actor=request.user, objs=people.values(), reason=self.reason)
        return page


# Pydantic error types with a message of our own (or Django's, already translated in Django's
# catalogues) so that the user reads it in their language; other types keep pydantic's English text.
_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda ctx: gettext("This field is required."),
    "string_too_short": lambda ctx: (
        gettext("This field cannot be blank.")
        if ctx.get("min_length", 1) <= 1
        else gettext("Enter at least %(count)d characters.") % {"count": ctx["min_length"]}
    ),
    "string_too_long": lambda ctx: gettext("Enter at most %(count)d characters.") % {"count": ctx["max_length"]},
    "string_pattern_mismatch": lambda ctx: gettext("Enter a valid value."),
    "string_type": lambda ctx: gettext("Enter text."),
    "string_unicode": lambda ctx: gettext("Enter text: this value holds characters that are not valid Unicode."),
    "too_short": lambda ctx: gettext("Enter at least %(count)d.") % {"count": ctx.get("min_length", 1)},
    "too_long": lambda ctx: gettext("Enter at most %(count)d.") % {"count": ctx.get("max_length", 0)},
    "list_type": lambda ctx: gettext("Enter a list of values."),
    "model_type": lambda ctx: gettext("Enter an object."),
    "model_attributes_type": lambda ctx: gettext("Enter an object."),
    "dict_type": lambda ctx: gettext("Enter an object."),
    "int_parsing": lambda ctx: gettext("Enter a whole number."),
    "int_type": lambda ctx: gettext("Enter a whole number."),
    "int_from_float": lambda ctx: gettext("Enter a whole number."),
    "float_parsing": lambda ctx: gettext("Enter a number."),
    "float_type": lambda ctx: gettext("Enter a number."),
    "bool_parsing": lambda ctx: gettext("Enter true or false."),
    "bool_type": lambda ctx: gettext("Enter true or false."),
    "greater_than_equal": lambda ctx: (
        gettext("Ensure this value is greater than or equal to %(limit_value)s.") % {"limit_value": ctx["ge"]}
    ),
    "greater_than": lambda ctx: (
        gettext("Ensure this value is greater than %(limit_value)s.") % {"limit_value": ctx["gt"]}
    ),
    "less_than_equal": lambda ctx: (
        gettext("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": ctx["le"]}
    ),
    "less_than": lambda ctx: gettext("Ensure this value is less than %(limit_value)s.") % {"limit_value": ctx["lt"]},
    "date_parsing": lambda ctx: gettext("Enter a valid date."),
    "date_type": lambda ctx: gettext("Enter a valid date."),
    "date_from_datetime_parsing": lambda ctx: gettext("Enter a valid date."),
    "date_from_datetime_inexact": lambda ctx: gettext("Enter a valid date."),
    "datetime_parsing": lambda ctx: gettext("Enter a valid date/time."),
    "datetime_type": lambda ctx: gettext("Enter a valid date/time."),
    "datetime_from_date_parsing": lambda ctx: gettext("Enter a valid date/time."),
    "enum": lambda ctx: gettext("Select a valid choice. That choice is not one of the available choices."),
    "literal_error": lambda ctx: gettext("Select a valid choice. That choice is not one of the available choices."),
    "extra_forbidden": lambda ctx: gettext("This field is not expected here."),
    "json_invalid": lambda ctx: gettext("The request body is not valid JSON."),
    # Raised by our own validators with an already translated message.
    "value_error": lambda ctx: str(ctx.get("error", "")),
}

# The first part of a location is where the value came from; the body parameter is always `payload`.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def field_path(location: tuple[Any, ...] | list[Any]) -> str:
    parts = list(location)
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
        if parts and parts[0] == "payload":
            parts = parts[1:]
    return ".".join(str(part) for part in parts) or "__all__"


def message_of(error: dict[str, Any]) -> str:
    build = _MESSAGES.get(error.get("type", ""))
    if build is not None:
        try:
            return build(error.get("ctx") or {})
        except (KeyError, TypeError):
            pass
    return str(error.get("msg", ""))
