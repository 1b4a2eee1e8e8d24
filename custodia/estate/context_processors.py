from django.http import HttpRequest

from custodia.core.profiles import Profile

from .selectors import active_profile


def service(request: HttpRequest) -> dict[str, Profile]:
    """The country profile drives labels across every page (legal statuses, levels)."""
    return {"profile": active_profile()}
