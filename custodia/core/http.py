"""Types of the requests the views and API handlers receive, and what their answers do to the session."""

from django.contrib.auth.models import User
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class AuthenticatedRequest(HttpRequest):
    """A request on a route that needs a signed-in member of staff: accounts' middleware refuses
    anonymous visitors before the view or handler runs (core.rights.requires), so its user is a
    real account. For the type checker only: Django passes the plain HttpRequest."""

    user: User


def staff_user(request: HttpRequest) -> User:
    """The member of staff making the request. Route access (core.rights.requires) lets only
    signed-in staff reach a view or an operation; refusing anyone else here as well means a
    selector is never asked to scope its reads to an anonymous visitor."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def swaps_into(request: HttpRequest, element_id: str) -> bool:
    """Whether the request is htmx's, for the element with this id alone: the page then answers
    with that element's content. A link followed, a reload, a browser without JavaScript or htmx
    restoring history (it names no target) gets the whole page."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == element_id


# Set on an answer that must not save the session (see SessionMiddleware).
_LEAVES_SESSION_ALONE = "custodia_leaves_session_alone"


def leaving_the_session_alone(response: HttpResponse) -> HttpResponse:
    """`response`, marked so that it does not save the session (SessionMiddleware)."""
    setattr(response, _LEAVES_SESSION_ALONE, True)
    return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, except for answers marked by leaving_the_session_alone.

    Every request saves the session, to move its idle timeout on (SESSION_SAVE_EVERY_REQUEST):
    one write per page. The images a page asks for beside it (a photograph, the thumbnails of a
    list of people) would each write it again, fifty writes for one list, all at the same moment;
    they are part of the page that already moved the timeout on, and change nothing in the session."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(response, _LEAVES_SESSION_ALONE, False):
            return response
        return super().process_response(request, response)
