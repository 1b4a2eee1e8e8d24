"""Types of the requests the views and API handlers receive."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedRequest(HttpRequest):
    """A request on a route that needs a signed-in member of staff: accounts' middleware refuses
    anonymous visitors before the view or handler runs (accounts.access.ROUTES), so its user is a
    real account. For the type checker only: Django passes the plain HttpRequest."""

    user: User
