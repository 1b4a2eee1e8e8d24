"""The prisoner file's section of requests and complaints: those the reader may see (never the
confidential route, which the file's readers do not hold)."""

from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.register.selectors import PrisonerFile

from . import selectors


def context_for(*, user: User, file: PrisonerFile) -> dict[str, Any]:
    if selectors.visibility(user) is None:
        return {"complaints_shown": False}
    found = selectors.complaint_list(user=user, filters=selectors.Filters(prisoner=file.prisoner.pk))
    return {
        "complaints_shown": True,
        "complaints": list(found.order_by("-made_on", "-id")[:20]),
        "complaints_today": timezone.localdate(),
        "may_add_complaint": user.has_perm(selectors.RECORD) and not file.held_elsewhere,
    }
