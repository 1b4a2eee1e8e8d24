"""Types of the requests the views and API handlers receive, and what their answers do to the session."""

import time

from django.conf import settings
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


# When the session was last saved to move its idle timeout on (seconds since the epoch).
SESSION_REFRESHED_AT = "custodia_refreshed_at"

# Set on an answer that must not save the session (see SessionMiddleware).
_LEAVES_SESSION_ALONE = "custodia_leaves_session_alone"


def leaving_the_session_alone(response: HttpResponse) -> HttpResponse:
    """`response`, marked so that it does not save the session (SessionMiddleware)."""
    setattr(response, _LEAVES_SESSION_ALONE, True)
    return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, saving the session only when it changed or when its idle
    timeout must move on, and never for answers marked by leaving_the_session_alone.

    The session ends SESSION_COOKIE_AGE after its last save, so each request used to save it
    (SESSION_SAVE_EVERY_REQUEST): a write per page, under load the writes of every officer
    queueing on the database. Saving it again only once SESSION_REFRESH_SECONDS have passed since
    the last save keeps the idle timeout to within that margin (29 to 30 minutes) for one write a
    minute per officer. The images a page asks for beside it (a photograph, the thumbnails of a
    list of people) never save it: they are part of the page that already did."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(response, _LEAVES_SESSION_ALONE, False):
            return response
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.modified and not session.is_empty():
            now = int(time.time())
            if now - session.get(SESSION_REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_AT] = now
        return super().process_response(request, response)
