"""The prisoner file's section of contacts: who may visit and call, and the restrictions in force."""

from typing import Any

from django.contrib.auth.models import User

from custodia.register.selectors import PrisonerFile

from . import selectors


def context_for(*, user: User, file: PrisonerFile) -> dict[str, Any]:
    if not user.has_perm(selectors.VIEW) or file.held_elsewhere:
        return {"contacts_shown": False}
    return {
        "contacts_shown": True,
        "contact_rows": selectors.contacts_of(user=user, prisoner_id=file.prisoner.pk),
        "may_add_contact": user.has_perm(selectors.MANAGE),
    }
