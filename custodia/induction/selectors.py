"""Reads of the information given on admission, through the acting user: the people held where
the user works, for readers of the file (view_prisoner_file)."""

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from custodia.register.models import Admission, Prisoner
from custodia.register.selectors import held_where_user_works

from . import sheet
from .models import InformationGiven

VIEW = "accounts.view_prisoner_file"
RECORD = "accounts.record_information_given"


def people(*, user: User) -> QuerySet[Prisoner]:
    if not user.has_perm(VIEW):
        return Prisoner.objects.none()
    return held_where_user_works(user=user)


def latest_admission(prisoner: Prisoner) -> Admission | None:
    return prisoner.admissions.order_by("-admitted_at", "-id").first()


def given_to(*, user: User, prisoner_id: int) -> list[tuple[InformationGiven, str]]:
    """Each time the sheet was given to the person, newest first, with the language's own name."""
    names = sheet.current().languages
    # The person named inside the subquery: SQLite would otherwise list everyone the user may see.
    given = InformationGiven.objects.filter(prisoner__in=people(user=user).filter(pk=prisoner_id))
    return [(record, names.get(record.language, record.language)) for record in given.select_related("given_by")]


def awaiting_information(*, user: User, prison_id: int | None = None) -> QuerySet[Prisoner]:
    """The people held where the user works (at `prison_id` when given) who were not given the
    sheet since their latest admission, longest waiting first, each with `admitted_at` of that
    admission."""
    held = people(user=user)
    if prison_id is not None:
        held = held.filter(current_prison_id=prison_id)
    latest = Admission.objects.filter(prisoner=OuterRef("pk")).order_by("-admitted_at", "-id")
    given = InformationGiven.objects.filter(admission_id=OuterRef("latest_admission_id"))
    return (
        held.annotate(
            latest_admission_id=Subquery(latest.values("id")[:1]),
            admitted_at=Subquery(latest.values("admitted_at")[:1]),
        )
        .filter(latest_admission_id__isnull=False)
        .exclude(Exists(given))
        .order_by("admitted_at", "id")
    )
