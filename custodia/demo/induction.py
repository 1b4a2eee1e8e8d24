"""The information sheet given on admission (Mandela Rules 54-55) at the largest prison:

- everyone on roll admitted more than three days ago was given it on the day of their admission,
  written in bulk like the rest of the demo's history: in the service's language, with an
  interpreter for those who need one (in Kiswahili for them in Uganda, whose profile adds it);
- the latest admission is given it by reception on the day of admission, through the service
  (in the history);
- the others of the last three days still await it: reception's home page counts them, and the
  list marks those waiting more than two days as late."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from custodia.estate.selectors import active_profile
from custodia.induction import services, sheet
from custodia.induction.models import InformationGiven
from custodia.register.models import Admission

from .held import on_roll_at
from .writer import Table, reset_sequences

RECEPTION = "reception"
RECENT_DAYS = 3


@dataclass(frozen=True)
class InductionMade:
    given: int
    awaiting: int


def make_induction(*, workplace_id: int, today: date) -> InductionMade | None:
    reception = get_user_model().objects.filter(username=RECEPTION).first()
    if reception is None:
        return None  # accounts that existed before the demo: nothing to record with
    profile = active_profile()
    offered = dict(sheet.languages(profile))
    extra = next((code for code in profile.information_languages if code in offered), None)
    version = sheet.current().version
    people = {person.pk: person for person in on_roll_at(workplace_id)}
    latest: dict[int, Admission] = {}
    for admission in Admission.objects.filter(prisoner_id__in=people).order_by("admitted_at", "id"):
        latest[admission.prisoner_id] = admission
    if not latest:
        return None
    newest = max(latest.values(), key=lambda admission: (admission.admitted_at, admission.pk))
    table = Table(InformationGiven, defaulted={"note"})
    recent = []
    for prisoner_id, admission in latest.items():
        admitted_on = timezone.localdate(admission.admitted_at)
        if admission == newest:
            continue
        if admitted_on > today - timedelta(days=RECENT_DAYS):
            recent.append(admission)
            continue
        interpreter = people[prisoner_id].interpreter_needed
        table.add(
            prisoner_id=prisoner_id,
            admission_id=admission.pk,
            given_on=admitted_on,
            language=(extra or profile.default_language) if interpreter else profile.default_language,
            sheet_version=version,
            interpreter=interpreter,
            read_aloud=False,
            given_by_id=reception.pk,
            recorded_at=admission.admitted_at,
        )
    written = table.flush()
    reset_sequences([table])
    services.information_given_record(
        actor=reception,
        prisoner=people[newest.prisoner_id],
        data=services.GivenData(
            timezone.localdate(newest.admitted_at), extra or profile.default_language, interpreter=bool(extra)
        ),
    )
    return InductionMade(given=written + 1, awaiting=len(recent))
