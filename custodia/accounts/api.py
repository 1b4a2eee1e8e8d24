"""User accounts, read only: what the user administration's pages show, for the accounts the
caller administers (selectors.user_list). Changes are made in the pages, where each is confirmed."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, Id, Pagination
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires, right

from . import roles, selectors, tokens

router = Router(tags=["users"])
MANAGE_USERS = right("manage_users")


class UserFiltersIn(Schema):
    q: str = Field("", max_length=100, description="Words each found in the user name, a name or the e-mail.")
    locked: bool = Field(False, description="Only accounts locked out now after failed sign-ins.")
    unassigned: bool = Field(False, description="Only accounts without a staff assignment, or assigned to no prison.")
    inactive: bool = Field(False, description="The deactivated accounts instead of the active ones.")


class PrisonRef(Schema):
    id: int
    name: str


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    roles: list[str] = Field(..., description="Codes of the roles held (docs/roles.md).")
    nationwide: bool
    prisons: list[PrisonRef] = Field(..., description="Where the person works; empty when nationwide.")
    locked: bool = Field(..., description="Locked out now after failed sign-ins.")
    password_change_required: bool
    two_factor: bool = Field(..., description="An authenticator application is set up.")
    last_login: datetime | None

    @staticmethod
    def resolve_roles(obj: Any) -> list[str]:
        return [group.name for group in obj.groups.all() if group.name in roles.LABELS]

    @staticmethod
    def resolve_nationwide(obj: Any) -> bool:
        assignment = getattr(obj, "assignment", None)
        return bool(assignment and assignment.nationwide)

    @staticmethod
    def resolve_prisons(obj: Any) -> list[Any]:
        assignment = getattr(obj, "assignment", None)
        return list(assignment.prisons.all()) if assignment else []

    @staticmethod
    def resolve_password_change_required(obj: Any) -> bool:
        account = getattr(obj, "account", None)
        return bool(account and account.password_change_required)


class TokenOut(Schema):
    id: int
    name: str
    key_prefix: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    status: str = Field(..., description="active, expired or revoked")

    @staticmethod
    def resolve_scopes(obj: Any) -> list[str]:
        return sorted(obj.scope_set)


class UserDetailOut(UserOut):
    tokens: list[TokenOut]

    @staticmethod
    def resolve_tokens(obj: Any) -> list[Any]:
        return list(tokens.token_list(user=obj))


@router.get(
    "/",
    response={200: list[UserOut], **ERROR_RESPONSES},
    summary="List user accounts",
    description=(
        "The accounts the caller administers (system administrators; one assigned to some prisons sees "
        "the accounts of those prisons), by family name, given name and user name. Active accounts "
        "unless `inactive=true`. Paginated with `limit` (1-200, default 50) and `offset`; the answer is "
        '`{"items": [...], "count": total}`.'
    ),
)
@requires(GET=MANAGE_USERS)
@paginate(Pagination)
def user_list(request: AuthenticatedRequest, filters: Query[UserFiltersIn]) -> QuerySet[Any]:
    return selectors.user_list(user=request.user, filters=selectors.UserFilters(**filters.dict()))


@router.get(
    "/{int:user_id}",
    response={200: UserDetailOut, **NOT_FOUND_RESPONSES},
    summary="One user account with its API tokens",
    description="An account the caller administers, with its API tokens (never their secrets).",
)
@requires(GET=MANAGE_USERS)
def user_detail(request: AuthenticatedRequest, user_id: Id) -> Any:
    return selectors.user_get(user=request.user, user_id=user_id)
