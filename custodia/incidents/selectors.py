"""Reads of incident reports, scoped to the reader: staff with `view_incidents` at the prison
where the incident took place (headquarters everywhere). A draft is its writer's alone until it
is submitted. Health-care staff see the medical examinations owed at their prison, with what the
report says of force and injuries, not the rest of the report; the findings of an examination
are read by health-care staff and by those who may read the file's health section."""

from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import User
from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.core.rights import right
from custodia.core.withheld import Why, Withheld
from custodia.register.models import Prisoner

from . import catalogue, rules
from .choices import IncidentStatus
from .models import Incident, Involvement, MedicalExamination

VIEW = right("view_incidents")
REPORT = right("report_incidents")
REVIEW = right("review_incidents")
EXAMINE = right("record_medical_examination")
FINDINGS = (right("view_health_section"), EXAMINE)

SHOW_AWAITING = "awaiting_review"
SHOW_MINE = "mine"
SHOW_SET_ASIDE = "set_aside"
SHOW_EXAMINATIONS = "examinations_owed"
SHOWS = (SHOW_AWAITING, SHOW_MINE, SHOW_SET_ASIDE, SHOW_EXAMINATIONS)


M = TypeVar("M", bound=Model)


def _in_scope(user: User, qs: QuerySet[M], prison: str = "prison") -> QuerySet[M]:
    scope = prison_scope(user)
    return qs if scope is None else qs.filter(**{f"{prison}__in": scope})


def incidents_visible(*, user: User) -> QuerySet[Incident]:
    if not user.has_perm(VIEW):
        return Incident.objects.none()
    qs = _in_scope(user, Incident.objects.exclude(Q(status=IncidentStatus.DRAFT) & ~Q(reported_by=user.pk)))
    return qs.select_related("prison", "unit", "reported_by", "reviewed_by")


@dataclass(frozen=True)
class Filters:
    prison_id: int | None = None
    type_code: str = ""
    show: str = ""


def incident_rows(*, user: User, filters: Filters) -> QuerySet[Incident]:
    qs = incidents_visible(user=user).annotate(people=Count("involvements")).order_by("-occurred_at", "-id")
    if filters.prison_id is not None:
        qs = qs.filter(prison_id=filters.prison_id)
    if filters.type_code:
        qs = qs.filter(type_code=filters.type_code)
    if filters.show == SHOW_AWAITING:
        qs = qs.filter(status=IncidentStatus.AWAITING_REVIEW)
    elif filters.show == SHOW_MINE:
        qs = qs.filter(reported_by=user.pk, status__in=rules.EDITABLE)
    elif filters.show == SHOW_EXAMINATIONS:
        owed = MedicalExamination.objects.filter(examined_at__isnull=True).values("involvement__incident_id")
        qs = qs.filter(pk__in=owed)
    elif filters.show == SHOW_SET_ASIDE:
        qs = qs.filter(status__in=(IncidentStatus.DUPLICATE, IncidentStatus.NOT_REPORTABLE))
    else:
        qs = qs.exclude(status__in=(IncidentStatus.DUPLICATE, IncidentStatus.NOT_REPORTABLE))
    return qs


@dataclass(frozen=True)
class Examination:
    """A medical examination as its reader may see it: the findings or a Withheld."""

    record: MedicalExamination
    findings: str | Withheld
    signs_of_ill_treatment: bool | Withheld
    reported_to: str | Withheld


def _examination(user: User, record: MedicalExamination) -> Examination:
    if any(user.has_perm(permission) for permission in FINDINGS):
        return Examination(record, record.findings, record.signs_of_ill_treatment, record.reported_to)
    withheld = Withheld("health", Why.NO_RIGHT)
    return Examination(record, withheld, withheld, withheld)


@dataclass(frozen=True)
class Person:
    involvement: Involvement
    examination: Examination | None


def people_named(opened: "IncidentOpened") -> list[Prisoner]:
    """The people in custody a report names: each reading of it is in their file's log."""
    return [p.involvement.prisoner for p in opened.people if p.involvement.prisoner is not None]


@dataclass(frozen=True)
class IncidentOpened:
    incident: Incident
    people: list[Person]
    kind: catalogue.IncidentType | None


def incident_open(*, user: User, incident_id: int) -> IncidentOpened:
    """One report with the people involved; Incident.DoesNotExist when hidden."""
    incident = (
        incidents_visible(user=user)
        .select_related("duplicate_of")
        .prefetch_related(
            Prefetch(
                "involvements",
                Involvement.objects.select_related("prisoner", "examination__examined_by").order_by("id"),
            )
        )
        .get(pk=incident_id)
    )
    people = [
        Person(p, _examination(user, p.examination) if hasattr(p, "examination") else None)
        for p in incident.involvements.all()
    ]
    return IncidentOpened(incident, people, catalogue.type_of(incident.catalogue_version, incident.type_code))


def answers_shown(incident: Incident, kind: catalogue.IncidentType | None) -> list[tuple[str, str]]:
    """The type's questions with the answers given, as (prompt, answer) in the reader's language."""
    if kind is None:
        return []
    shown = []
    for question in kind.questions:
        if question.code not in incident.answers:
            continue
        value = incident.answers[question.code]
        if question.kind == "yes_no":
            text = _("Yes") if value else _("No")
        elif question.kind == "choice":
            text = next((str(o.label) for o in question.options if o.code == value), str(value))
        else:
            text = str(value)
        shown.append((str(question.prompt), text))
    return shown


def prisoner_involvements(*, user: User, prisoner: Prisoner) -> list[Involvement]:
    """The person's part in the submitted reports the reader may see, newest first."""
    incidents = incidents_visible(user=user).exclude(status=IncidentStatus.DRAFT)
    return list(
        Involvement.objects.filter(prisoner=prisoner, incident__in=incidents)
        .select_related("incident__prison")
        .order_by("-incident__occurred_at", "-id")
    )


def examinations_visible(*, user: User) -> QuerySet[MedicalExamination]:
    """The examinations owed or made after submitted reports at the reader's prisons: for the
    health-care staff who make them and the readers of incidents (the director follows them)."""
    if not (user.has_perm(EXAMINE) or user.has_perm(VIEW)):
        return MedicalExamination.objects.none()
    qs = MedicalExamination.objects.exclude(involvement__incident__status=IncidentStatus.DRAFT)
    return _in_scope(user, qs, "involvement__incident__prison").select_related(
        "involvement__prisoner__current_cell__unit", "involvement__incident__prison", "examined_by"
    )


def examinations_owed(*, user: User, prison_id: int | None = None) -> QuerySet[MedicalExamination]:
    qs = examinations_visible(user=user).filter(examined_at__isnull=True)
    if prison_id is not None:
        qs = qs.filter(involvement__incident__prison_id=prison_id)
    return qs


def examination_open(*, user: User, examination_id: int) -> Examination:
    return _examination(user, examinations_visible(user=user).get(pk=examination_id))


def awaiting_review_by_prison(*, user: User) -> dict[int, int]:
    """For the home page: the reports awaiting review at each of the user's prisons, in one query."""
    qs = incidents_visible(user=user).filter(status=IncidentStatus.AWAITING_REVIEW)
    return dict(qs.order_by().values_list("prison_id").annotate(n=Count("pk")).values_list("prison_id", "n"))


def mine_by_prison(*, user: User) -> dict[int, int]:
    """For the home page: the user's drafts and returned reports at each prison, in one query."""
    qs = incidents_visible(user=user).filter(reported_by=user.pk, status__in=rules.EDITABLE)
    return dict(qs.order_by().values_list("prison_id").annotate(n=Count("pk")).values_list("prison_id", "n"))


def examinations_owed_by_prison(*, user: User) -> dict[int, int]:
    """For the home page: the medical examinations owed at each of the user's prisons, in one query."""
    qs = examinations_owed(user=user).order_by().values_list("involvement__incident__prison_id")
    return dict(qs.annotate(n=Count("pk")).values_list("involvement__incident__prison_id", "n"))
