"""Recording that the information sheet was given, in one transaction with its audit event.

Reception or the case manager of the prison that holds the person records it, for the person's
latest admission, in one of the sheet's languages, on a day from that admission to today."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import works_at
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.workflow import locked
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from . import rules, selectors, sheet
from .models import InformationGiven

PROBLEMS = {
    "in_future": gettext_lazy("The sheet cannot have been given on a day still to come."),
    "before_admission": gettext_lazy("The sheet is given on or after the admission it belongs to."),
}


def record_refusal(actor: User, prisoner: Prisoner) -> str | None:
    prison = prisoner.current_prison
    if actor.has_perm(selectors.RECORD) and prison is not None and works_at(actor, prison):
        return None
    return _("Only reception or the case manager of the prison that holds the person records the information given.")


@dataclass(frozen=True)
class GivenData:
    given_on: date
    language: str
    interpreter: bool = False
    read_aloud: bool = False
    note: str = ""


@transaction.atomic
def information_given_record(*, actor: User, prisoner: Prisoner, data: GivenData) -> InformationGiven:
    prisoner = locked(prisoner, "current_prison")
    ensure_allowed(record_refusal(actor, prisoner))
    admission = selectors.latest_admission(prisoner)
    if admission is None:
        raise ValidationError({"given_on": _("This person has no admission to give the sheet for.")})
    problems: dict[str, str] = {}
    if data.language not in dict(sheet.languages(active_profile())):
        problems["language"] = _("Choose one of the languages the sheet is given in.")
    admitted_on = timezone.localdate(admission.admitted_at)
    for field, problem in rules.given_on_problems(
        data.given_on, admitted_on=admitted_on, today=timezone.localdate()
    ).items():
        problems[field] = str(PROBLEMS[problem])
    if problems:
        raise ValidationError(problems)
    given = InformationGiven.objects.create(
        prisoner=prisoner,
        admission=admission,
        given_on=data.given_on,
        language=data.language,
        sheet_version=sheet.current().version,
        interpreter=data.interpreter,
        read_aloud=data.read_aloud,
        note=data.note.strip(),
        given_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.INFORMATION_GIVEN,
        obj=prisoner,
        changes=audit.changes_of(
            information_given=(None, given.pk),
            language=(None, given.language),
            interpreter=(None, given.interpreter),
            read_aloud=(None, given.read_aloud),
        ),
    )
    return given
