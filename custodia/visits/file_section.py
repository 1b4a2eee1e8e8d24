"""The prisoner file's section of visits: the month's entitlement with its parts, the next
bookings and the last visits."""

from typing import Any

from django.contrib.auth.models import User

from custodia.register.selectors import PrisonerFile

from . import selectors


def context_for(*, user: User, file: PrisonerFile) -> dict[str, Any]:
    if not user.has_perm(selectors.VIEW) or file.held_elsewhere:
        return {"visits_shown": False}
    found = selectors.person_visits(user=user, prisoner=file.prisoner, last=5, refused=False)
    return {"visits_shown": True, "visits_found": found}
