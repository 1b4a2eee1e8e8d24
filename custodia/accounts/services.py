import logging

from django.db import transaction

from custodia.core import audit

log = logging.getLogger("custodia.access")


def access_denied_record(*, actor, path: str, method: str) -> None:
    """A refused attempt is part of the audit trail (Rule 9): who tried to open what."""
    if not actor.is_authenticated:
        log.warning("Refused %s %s to a signed-out visitor", method, path)
        return
    with transaction.atomic():
        audit.record(
            actor=actor, action="access.denied", obj=actor, changes={"path": [None, path], "method": [None, method]}
        )
