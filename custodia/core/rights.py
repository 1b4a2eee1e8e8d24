"""Who may call a route, declared beside the view or API operation it guards.

Each view carries `@requires(GET=..., POST=...)`: the right each HTTP method needs. Route access
(accounts.access, enforced by accounts.middleware.RouteAccessMiddleware before the view runs)
reads the declaration from the view the URL resolved to. Deny by default: a method without a
declared right is refused to everyone, and the role-by-route test (tests/test_access.py), which
reads every route of the URL configuration, fails naming the route.

This module sits in core so that every app can declare its routes, the lowest ones included;
the rights themselves are the permissions of the accounts app (accounts.roles.RIGHTS)."""

import inspect
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

PUBLIC = "public"  # no sign-in needed: the sign-in page itself, the health check, the language switch
SIGNED_IN = "signed_in"  # any member of staff whose account is set up (accounts.access.account_gap)

# The attribute a declaration is kept in: {method: right}. A right of None is a method the route
# serves with no right declared (an API path whose operations declare only some of its methods).
ATTRIBUTE = "access_rights"

View = TypeVar("View", bound=Callable[..., Any])


def right(codename: str) -> str:
    """The permission name of one right of accounts.roles.RIGHTS."""
    return f"accounts.{codename}"


def requires(**rights_by_method: str) -> Callable[[View], View]:
    """Declares the right each method of the view needs (`@requires(GET=..., POST=...)`).

    Put it above the other decorators of a view function, or on a class-based view's class; on an
    API handler, below the router's decorator; around one of Django's own views, in the urls.py
    that serves it. The view itself is returned, marked."""

    def decorate(view: View) -> View:
        declare(view, rights_by_method)
        return view

    return decorate


def declare(view: Callable[..., Any], rights_by_method: Mapping[str, str | None]) -> None:
    """Records the rights on the view (requires, or the API's assembly for its URL patterns)."""
    setattr(view, ATTRIBUTE, dict(rights_by_method))


def declared(view: Callable[..., Any]) -> Mapping[str, str | None] | None:
    """The rights declared for a view, or None when it declares none. Looks through decorators
    that keep the view they wrap (`__wrapped__`) and into a class-based view's class."""
    found = inspect.unwrap(view, stop=lambda wrapper: hasattr(wrapper, ATTRIBUTE))
    rights = getattr(found, ATTRIBUTE, None)
    if rights is None:
        rights = getattr(getattr(found, "view_class", None), ATTRIBUTE, None)
    return rights
