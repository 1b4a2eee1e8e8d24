"""The prisoner file's section of the information given on admission."""

from typing import Any

from django.contrib.auth.models import User

from custodia.register.selectors import PrisonerFile

from . import selectors, services


def context_for(*, user: User, file: PrisonerFile) -> dict[str, Any]:
    if file.held_elsewhere:
        return {"information_shown": False}
    return {
        "information_shown": True,
        "information_records": selectors.given_to(user=user, prisoner_id=file.prisoner.pk),
        "may_record_information": services.record_refusal(user, file.prisoner) is None,
    }
