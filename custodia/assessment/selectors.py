"""Reads of assessments, always through the acting user.

An assessment is seen by those who may open the person's file and hold `view_assessments`, plus
the right of the sensitive section its instrument belongs to (the VEP module needs
`view_vep_assessment_section`, the women's module `view_health_section`). A former prison sees
the assessments it made. Without the section right, an assessment is listed as withheld.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from typing import Protocol, TypedDict

from django.contrib.auth.models import User
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from custodia.accounts.selectors import prison_scope
from custodia.core import workflow
from custodia.core.profiles import Profile
from custodia.core.rights import right
from custodia.estate.selectors import active_profile
from custodia.register import kept_dues
from custodia.register import rules as register_rules
from custodia.register.models import Admission, Prisoner
from custodia.register.selectors import file_visible, held_where_user_works, terrorism_linked

from . import rules, validation_sources
from .choices import AssessmentStatus
from .instruments import Instrument, latest_instruments
from .models import OPEN_STATUSES, Assessment, ReassessmentTrigger
from .validation import Dataset, Record

SECTION_RIGHTS = {
    "general": None,
    "vep_assessment": right("view_vep_assessment_section"),
    "health": right("view_health_section"),
}


def applicable_instruments(prisoner: Prisoner, *, is_vep: bool, today: date | None = None) -> list[Instrument]:
    """The latest version of each instrument whose population includes the person."""
    return _applicable(
        latest_instruments().values(),
        prisoner,
        is_vep=is_vep,
        today=today or timezone.localdate(),
        profile=active_profile(),
    )


def _applicable(
    instruments: Iterable[Instrument], prisoner: "Assessed", *, is_vep: bool, today: date, profile: Profile
) -> list[Instrument]:
    age = register_rules.age_on(
        today, date_of_birth=prisoner.date_of_birth, birth_year_estimated=prisoner.birth_year_estimated
    )
    return [
        instrument
        for instrument in instruments
        if rules.applies_to(
            instrument.population, sex=prisoner.sex, age=age, juvenile_age=profile.juvenile_age, is_vep=is_vep
        )
    ]


INTELLIGENCE = right("view_intelligence_section")
# What a reader without the intelligence right is told instead of "reliable_intelligence".
SECURITY_EVENT = "security_event"


def shown_reason(reason: str, *, user: User) -> str:
    """Why a date is due, as `user` may be told it: intelligence graded reliable is only "an event
    recorded by security" to one who may not read intelligence (codes reach the API too)."""
    if reason == "reliable_intelligence" and not user.has_perm(INTELLIGENCE):
        return SECURITY_EVENT
    return reason


def may_see(user: User, instrument: Instrument) -> bool:
    section = SECTION_RIGHTS[instrument.section]
    return user.has_perm(right("view_assessments")) and (section is None or user.has_perm(section))


def startable_instruments(*, user: User, prisoner: Prisoner) -> list[Instrument]:
    """The instruments an assessment of the person may be started with: those that apply to them,
    that the user may read, and with no assessment under way (the page that confirms a start)."""
    under_way = set(
        Assessment.objects.filter(prisoner=prisoner, status__in=OPEN_STATUSES).values_list("instrument_code", flat=True)
    )
    vep = Prisoner.objects.filter(pk=prisoner.pk).filter(terrorism_linked()).exists()
    return [
        instrument
        for instrument in applicable_instruments(prisoner, is_vep=vep)
        if may_see(user, instrument) and instrument.id not in under_way
    ]


def _visible_assessments(*, user: User) -> QuerySet[Assessment]:
    scope = prison_scope(user)
    qs = Assessment.objects.filter(file_visible(user=user))
    if scope is not None:
        # Held here now: every assessment; held elsewhere or released: those this prison made.
        qs = qs.filter(prisoner__current_prison__in=scope) | qs.filter(prison__in=scope)
    return qs.select_related("instrument", "prison", "created_by", "submitted_by", "countersigned_by")


def assessment_get(*, user: User, assessment_id: int) -> Assessment:
    """One assessment with its ratings; Assessment.DoesNotExist when the user may not see it."""
    assessment = (
        _visible_assessments(user=user)
        .select_related("prisoner__current_prison")
        .prefetch_related("ratings")
        .get(pk=assessment_id)
    )
    if not may_see(user, assessment.instrument.instrument):
        raise Assessment.DoesNotExist
    return assessment


class DomainHistory(TypedDict):
    label: str
    values: list[float | None]  # per final assessment, the domain's share of its maximum (per cent)


class InstrumentHistory(TypedDict):
    """What the file's chart of one instrument draws."""

    title: str
    dates: list[str]  # ISO dates of the final assessments, oldest first
    domains: list[DomainHistory]


@dataclass
class PrisonerAssessments:
    visible: list[Assessment] = field(default_factory=list)
    # Titles of instruments whose assessments exist but need a section right the user lacks.
    withheld: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    # Per instrument (title), the final assessments in date order with each domain's share of its maximum.
    history: list[InstrumentHistory] = field(default_factory=list)


def prisoner_assessments(*, user: User, prisoner: Prisoner) -> PrisonerAssessments:
    """The assessment section of a file: history, current needs and the change over time per domain."""
    result = PrisonerAssessments()
    if not user.has_perm(right("view_assessments")):
        return result
    finals_by_instrument: dict[str, list[Assessment]] = defaultdict(list)
    for assessment in _visible_assessments(user=user).filter(prisoner=prisoner):
        instrument = assessment.instrument.instrument
        if not may_see(user, instrument):
            if str(instrument.title) not in result.withheld:
                result.withheld.append(str(instrument.title))
            continue
        result.visible.append(assessment)
        if assessment.status == AssessmentStatus.FINAL:
            finals_by_instrument[assessment.instrument_code].append(assessment)
    needs: set[str] = set()
    for finals in finals_by_instrument.values():
        finals.sort(key=_countersigned_at)
        needs.update(finals[-1].need_areas)
        instrument = finals[-1].instrument.instrument
        result.history.append(
            {
                "title": str(instrument.title),
                "dates": [timezone.localdate(a.countersigned_at).isoformat() for a in finals],
                "domains": [
                    {
                        "label": str(domain.title),
                        "values": [_share(a.domain_scores.get(domain.code)) for a in finals],
                    }
                    for domain in instrument.domains
                ],
            }
        )
    result.needs = sorted(needs)
    return result


def _countersigned_at(assessment: Assessment) -> datetime:
    assert assessment.countersigned_at is not None  # a final assessment is countersigned (a constraint)
    return assessment.countersigned_at


def _share(entry: Mapping[str, int] | None) -> float | None:
    """A domain's score as a percentage of its maximum, so that domains of different sizes compare."""
    if not entry or not entry["max"]:
        return None
    return round(100 * entry["score"] / entry["max"], 1)


class Assessed(Protocol):
    """What decides which instruments apply to a person: a Prisoner, or a Person of the worklist."""

    @property
    def sex(self) -> str: ...
    @property
    def date_of_birth(self) -> date | None: ...
    @property
    def birth_year_estimated(self) -> int | None: ...


@dataclass(frozen=True)
class Person:
    """The little of a person the worklist needs, read without building whole Prisoner objects
    (a large prison holds thousands)."""

    id: int
    number: str
    display_name: str
    sex: str
    date_of_birth: date | None
    birth_year_estimated: int | None
    is_vep: bool
    admitted_at: datetime | None

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True)
class WorkItem:
    prisoner: Person
    instrument: Instrument
    due: rules.Due
    urgency: str
    open_assessment: Assessment | None


def worklist(*, user: User, prison_id: int, today: date | None = None) -> list[WorkItem]:
    """What is due at one prison: for each person held there and each instrument that applies to
    them (and that the user may see), the next due date and why, most urgent first."""
    people = held_where_user_works(user=user).filter(current_prison_id=prison_id)
    return _work_items(user=user, people=people, today=today or timezone.localdate())


def under_way(*, user: User, prison_id: int) -> list[WorkItem]:
    """The worklist's items with an assessment under way (drafts, submitted, returned): what the
    filters of the user's own work look at, without working out the dates of everyone else."""
    people = held_where_user_works(user=user).filter(current_prison_id=prison_id)
    with_open = people.filter(pk__in=Assessment.objects.filter(status__in=OPEN_STATUSES).values("prisoner_id"))
    items = _work_items(user=user, people=with_open, today=timezone.localdate())
    return [item for item in items if item.open_assessment is not None]


def prisoner_due(*, user: User, prisoner: Prisoner, today: date | None = None) -> list[WorkItem]:
    """The same for one person, for the file page: empty where the user cannot change the file."""
    people = held_where_user_works(user=user).filter(pk=prisoner.pk)
    return _work_items(user=user, people=people, today=today or timezone.localdate())


def _work_items(*, user: User, people: QuerySet[Prisoner], today: date) -> list[WorkItem]:
    """The dates of _dates, as `user` may see them, each with the assessment under way if any."""
    instruments = [i for i in latest_instruments().values() if may_see(user, i)]
    # With the person and prison, which the worklist's filters ask services.review_refusal about.
    open_ones = {
        (a.prisoner_id, a.instrument_code): a
        for a in Assessment.objects.filter(status__in=OPEN_STATUSES, prisoner__in=people.values("pk")).select_related(
            "instrument", "prisoner__current_prison"
        )
    }
    items = [
        WorkItem(
            person,
            instrument,
            replace(due, reason=shown_reason(due.reason, user=user)),
            workflow.urgency(due.on, today),
            open_ones.get((person.id, instrument.id)),
        )
        for person, instrument, due in _dates(people, instruments=instruments, today=today)
    ]
    return sorted(items, key=lambda item: (item.due.on, item.prisoner.display_name, item.prisoner.number))


def _dates(
    people: QuerySet[Prisoner], *, instruments: list[Instrument], today: date
) -> Iterator[tuple[Person, Instrument, rules.Due]]:
    """For each person and each of `instruments` that applies to them, the next due date and why
    (rules.next_due): three queries whatever the number of people."""
    profile = active_profile()
    trigger_days: dict[str, dict[str, int]] = {
        i.id: {rule.event: rule.due_within_days for rule in i.triggers} for i in instruments
    }
    latest_admission = Admission.objects.filter(prisoner=OuterRef("pk")).order_by("-admitted_at").values("admitted_at")
    persons = [
        Person(*row)
        for row in people.annotate(is_vep=terrorism_linked(), admitted_at=Subquery(latest_admission[:1]))
        .order_by()  # the worklist sorts by due date, then name
        .values_list(*(field.name for field in fields(Person)))
    ]
    # The people as a subquery, not a list of ids: thousands of parameters cost more than the join.
    of_people = {"prisoner__in": people.values("pk")}
    last_final = {
        (row["prisoner_id"], row["instrument_code"]): timezone.localdate(row["last"])
        for row in Assessment.objects.filter(status=AssessmentStatus.FINAL, **of_people)
        .values("prisoner_id", "instrument_code")
        .annotate(last=Max("countersigned_at"))
    }
    triggers: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for prisoner_id, event, occurred_on in ReassessmentTrigger.objects.filter(**of_people).values_list(
        "prisoner_id", "event", "occurred_on"
    ):
        triggers[prisoner_id].append((event, occurred_on))
    zone = timezone.get_current_timezone()
    for person in persons:
        for instrument in _applicable(instruments, person, is_vep=person.is_vep, today=today, profile=profile):
            yield (
                person,
                instrument,
                rules.next_due(
                    admitted_on=person.admitted_at.astimezone(zone).date() if person.admitted_at else today,
                    first_days=profile.review_intervals.first_assessment_days,
                    interval_days=instrument.reassessment_days or profile.review_intervals.reassessment_days,
                    last_final_on=last_final.get((person.id, instrument.id)),
                    trigger_days=trigger_days[instrument.id],
                    triggers=triggers[person.id],
                ),
            )


# The dates kept for the counts (register.kept_dues) ------------------------------------------------

KEPT = "assessment"


def due_counts(*, user: User, prison_id: int) -> dict[str, int]:
    """How many assessments are overdue and due soon at one prison, of the instruments the user
    may see: the counts of `worklist`, read from the dates kept instead of worked out again."""
    today = timezone.localdate()
    instruments = list(latest_instruments().values())
    people = held_where_user_works(user=user).filter(current_prison_id=prison_id)
    dates = kept_dues.kept(
        KEPT,
        people=people,
        setting=_setting(instruments),
        work_out=lambda some: (
            kept_dues.Worked(person.id, instrument.id, due.on, due.reason)
            for person, instrument, due in _dates(some, instruments=instruments, today=today)
        ),
    ).filter(key__in=[i.id for i in instruments if may_see(user, i)])
    return kept_dues.urgency_counts(dates, today=today)


def _setting(instruments: list[Instrument]) -> str:
    """What the dates are worked out with besides each person's file: the profile's intervals and
    age of majority, and each instrument's version, population, interval and triggers."""
    profile = active_profile()
    parts = [profile.id, profile.review_intervals.model_dump_json(), str(profile.juvenile_age)]
    for i in sorted(instruments, key=lambda i: i.id):
        triggers = [rule.model_dump_json() for rule in i.triggers]
        parts += [i.id, str(i.version), repr(i.population), str(i.reassessment_days), *triggers]
    return kept_dues.setting_of(*parts)


# Local validation on the service's own records (validation_views) ---------------------------------

FOLLOW_UP_MONTHS = 12


def own_records_dataset(*, user: User, instrument_id: str = "general_screening", today: date | None = None) -> Dataset:
    """The final assessments with a scored instrument, made in the prisons the user oversees,
    against the outcome Custodia records: a serious incident within twelve months of the
    countersignature, from the closed incident reports that name the person as a perpetrator
    (validation_sources.incident_days). An assessment whose twelve months have not yet passed has
    no outcome yet: it is counted among the excluded rows, not taken as "no incident". Groups: sex,
    age group and link to violent extremism. Aggregates only: the rows are numbered by assessment id.
    """
    today = today or timezone.localdate()
    juvenile_age = active_profile().juvenile_age
    scope = prison_scope(user)
    finals = Assessment.objects.filter(
        status=AssessmentStatus.FINAL, instrument_code=instrument_id, total_score__isnull=False
    )
    if scope is not None:
        finals = finals.filter(prison__in=scope)
    rows = list(
        finals.annotate(is_vep=terrorism_linked("prisoner_id"))
        .order_by("pk")
        .values_list(
            "pk",
            "total_score",
            "countersigned_at",
            "prisoner_id",
            "prisoner__sex",
            "prisoner__date_of_birth",
            "prisoner__birth_year_estimated",
            "is_vep",
        )
    )
    # The outcome comes from the incident reports themselves (registered by the incidents app), not
    # from the reassessment triggers they write: a person released since still counts.
    incidents: dict[int, list[date]] = defaultdict(list)
    for prisoner_id, occurred_on in validation_sources.incident_days(finals.values("prisoner_id")):
        incidents[prisoner_id].append(occurred_on)
    records = []
    for pk, score, signed_at, prisoner_id, sex, born, born_year, is_vep in rows:
        if score is None or signed_at is None:  # never: the query and a constraint exclude them; narrows the types
            continue
        signed_on = timezone.localdate(signed_at)
        until = signed_on + timedelta(days=round(FOLLOW_UP_MONTHS * 30.44))
        outcome = any(signed_on < day <= until for day in incidents[prisoner_id]) if until <= today else None
        age = register_rules.age_on(signed_on, date_of_birth=born, birth_year_estimated=born_year)
        age_group = None if age is None else "juvenile" if age < juvenile_age else "adult"
        records.append(Record(pk, float(score), outcome, (sex, age_group, "yes" if is_vep else "no")))
    return Dataset(
        score_column=f"{instrument_id} total",
        outcome_column=f"serious incident within {FOLLOW_UP_MONTHS} months",
        group_columns=("sex", "age group", "VEP"),
        records=tuple(records),
    )
