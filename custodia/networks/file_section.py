"""The prisoner file's way to the person's network: a button in the file's summary."""

from typing import Any

from django.contrib.auth.models import User

from custodia.register.selectors import PrisonerFile

from . import selectors


def context_for(*, user: User, file: PrisonerFile) -> dict[str, Any]:
    # A network holds only people held where the reader works: not offered to a former prison.
    return {"may_see_network": user.has_perm(selectors.VIEW) and not file.held_elsewhere}
