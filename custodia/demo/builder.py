"""Builds a synthetic prison service whose figures match a scenario exactly.

The order matters and each step explains why:
1. the estate (regions, prisons, units, cells) with capacities that add up exactly;
2. a place (prison, unit, cell) for every person on roll, so occupancy is what the figures say;
3. who is a VEP and who has which legal status, chosen among those places so that the counts
   are exact and people are where such people are held (remand prisoners in remand prisons,
   VEPs in the prisons that hold them, women in women's prisons or units, juveniles apart), and
   each legal category in units of its own (Rule 11: the estate has enough units for it);
4. people no longer on roll (released, escaped, deceased, on probation), outside every figure;
5. offences and admission dates, then prisoner numbers in the order people came in;
6. each file, written in large batches inside one transaction;
7. the number counters, and a check of every figure before the transaction commits;
8. a few risk and needs assessments at the largest prison, made through the assessment
   services by the demo's two case managers (demo/assessments.py);
9. a few classification decisions there, proposed by the case manager and approved by the
   director (by headquarters for a VEP) through the classification services (demo/classifications.py),
   sentence plans, releases and release plans, programmes (demo/plans.py, demo/reintegration.py,
   demo/programmes.py), and one person followed the whole way from admission to the follow-ups
   after release (demo/journey.py);
10. a neutral silhouette as the photograph of one person in three there (demo/photographs.py);
11. today's work there, which the staff's home pages count (demo/today.py);
12. visits there (demo/visits.py), then three years of staff training: the staff of every prison,
    sessions, certificates and e-learning completions (demo/training.py);
13. the duplicate search over the whole register, which proposes the few people seeded with a
    second, older file under another spelling or script (step 6, demo/duplicates.py), and one of
    those pairs marked the same person by hq2, for hq to merge.

Everything random comes from one random.Random(seed), consumed in a fixed order, so a seed
always gives the same service on the same day.
"""

import heapq
import time as clock
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from random import Random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from custodia.accounts import roles
from custodia.accounts.models import StaffAssignment
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.profiles import Profile, get_profile
from custodia.estate.models import Cell, Prison, PrisonService, Region, Unit
from custodia.oversight.services import Recorded, compliance_snapshot_record
from custodia.placement.rules import CIVIL, CONVICTED, LEGAL_CATEGORY, UNTRIED
from custodia.register import rules
from custodia.register.choices import LegalStatus as L
from custodia.register.models import Prisoner, PrisonerNumberCounter
from custodia.register.selectors import terrorism_linked

from .alerts import AlertsMade, make_alerts
from .assessments import make_assessments
from .classifications import make_classifications
from .complaints import ComplaintsMade, make_complaints
from .contacts import ContactsMade, make_contacts
from .duplicates import DuplicatesMade, SeededPair, find_seeded_duplicates, seed_duplicates
from .files import NOT_CLOSED, PRE_TRIAL_RELEASES, FileMaker, Staff, Tables
from .incidents import IncidentsMade, make_incidents
from .induction import InductionMade, make_induction
from .intelligence import IntelligenceMade, make_intelligence
from .journey import Followed, assessment_counts, begin_journey, finish_journey, followed_the_whole_way
from .measures import MeasuresMade, make_measures
from .photographs import make_photographs
from .places import PrisonSpec, catalogue
from .plans import make_plans
from .programmes import make_programmes
from .records import (
    BOYS,
    DECEASED,
    ESCAPED,
    GIRLS,
    JUVENILE_GROUPS,
    MEN,
    PROBATION,
    RELEASED,
    WOMEN,
    CellRec,
    Person,
    PrisonRec,
    UnitRec,
)
from .reintegration import make_reintegration, released_by_the_case_work
from .scenarios import MIN_PRISON_CAPACITY, SCENARIOS, Scenario, scaled
from .securityaudits import AuditsMade, make_security_audits
from .styles import STYLES, Style
from .texts import TEXTS
from .today import make_today
from .training import TrainingMade, make_training
from .visits import VisitsMade, make_visits
from .writer import reset_sequences

PASSWORD = "custodia-demo-2026"
# The demo log-ins, one per role (DEMO_ROLES), and a superuser.
USERS = (
    ("admin", "Administrator"),
    ("reception", "Reception officer"),
    ("wing", "Wing officer"),
    ("casemanager", "Case manager"),
    ("psychologist", "Psychologist (second case manager)"),
    ("coordinator", "Programme coordinator"),
    ("facilitator", "Programme facilitator"),
    ("security", "Security officer"),
    ("director", "Prison director"),
    ("deputy", "Deputy director (reviews restrictive measures)"),
    ("health", "Health-care staff"),
    ("hq", "Headquarters"),
    ("hq2", "Headquarters (second member: four eyes on merges)"),
    ("analyst", "Statistics analyst"),
    ("trainer", "Trainer"),
    ("auditor", "Headquarters security auditor"),
    ("complaints", "Headquarters complaints officer"),
    ("visits", "Visits officer"),
    ("inspector", "Member of the independent inspection body"),
    ("sysadmin", "System administrator"),
)
# The role of each demo user; those of a prison work at the largest one, the others nationwide.
# `admin` is a superuser for trying everything and holds no role.
DEMO_ROLES = {
    "reception": (roles.RECEPTION, False),
    "wing": (roles.WING, False),
    "casemanager": (roles.CASE_MANAGER, False),
    # A second assessor at the same prison: assessments are countersigned by someone else.
    "psychologist": (roles.CASE_MANAGER, False),
    "coordinator": (roles.PROGRAMME_COORDINATOR, False),
    "facilitator": (roles.FACILITATOR, False),
    "security": (roles.SECURITY, False),
    "director": (roles.DIRECTOR, False),
    # A second director at the same prison: a restrictive measure is reviewed by someone other
    # than who imposed it (demo/measures.py).
    "deputy": (roles.DIRECTOR, False),
    "health": (roles.HEALTH, False),
    "hq": (roles.HQ_VEP, True),
    # A second member of headquarters: a merge of two files is approved by someone other than who
    # decided they are of one person (demo/duplicates.py).
    "hq2": (roles.HQ_VEP, True),
    "analyst": (roles.HQ_STATISTICS, True),
    "trainer": (roles.TRAINER, True),
    "auditor": (roles.AUDITOR, True),
    "complaints": (roles.COMPLAINTS_HQ, True),
    "visits": (roles.VISITS, False),
    "inspector": (roles.INSPECTOR, True),
    "sysadmin": (roles.ADMINISTRATOR, True),
}
# The case managers also cover the largest women's prison, so that the demo shows the women's
# needs module (Bangkok Rules 40-41): the largest prison holds men only.
WOMEN_ESTATE_TOO = {"casemanager", "psychologist", "visits"}  # the visits officer books the mother's video call
# Files written per batch: large enough for few round trips, small enough to keep memory low.
CHUNK = 2500

Progress = Callable[[str], None]


class DemoError(Exception):
    """The demo cannot be built as asked; nothing has been written."""


@dataclass
class BuildResult:
    scenario: Scenario
    prisons: int = 0
    cells: int = 0
    prisoners: int = 0
    rows: int = 0
    seconds: float = 0.0
    logins: list[tuple[str, str]] = field(default_factory=list)  # username, password or a note
    workplace: str = ""  # the prison where the demo's prison staff work
    assessments: dict[str, int] = field(default_factory=dict)  # made at the workplace, by status
    classifications: dict[str, int] = field(default_factory=dict)  # decisions at the workplace, by status
    today: dict[str, int] = field(default_factory=dict)  # today's work at the workplace, by kind
    photographs: int = 0  # silhouettes on files at the workplace (demo/photographs.py)
    followed: Followed | None = None  # the person followed the whole way (demo/journey.py)
    measures: MeasuresMade | None = None  # restrictive measures at the workplace (demo/measures.py)
    incidents: IncidentsMade | None = None  # incident reports at the workplace (demo/incidents.py)
    intelligence: IntelligenceMade | None = None  # intelligence reports at the workplace (demo/intelligence.py)
    alerts: AlertsMade | None = None  # alerts on files at the workplace (demo/alerts.py)
    contacts: ContactsMade | None = None  # contacts at the workplace (demo/contacts.py)
    induction: InductionMade | None = None  # the information sheet given at the workplace (demo/induction.py)
    audits: AuditsMade | None = None  # security audits of the workplace and another prison (demo/securityaudits.py)
    complaints: ComplaintsMade | None = None  # requests and complaints at the workplace (demo/complaints.py)
    visits: VisitsMade | None = None  # visits and video calls at the workplace (demo/visits.py)
    training: TrainingMade | None = None  # staff records, sessions and certificates (demo/training.py)
    duplicates: DuplicatesMade | None = None  # the duplicate search and the seeded pairs (demo/duplicates.py)
    compliance: Recorded | None = None  # today's snapshot of the compliance monitor (oversight.services)
    # What a history added after the build needs (demo/history.py): the estate as planned and the staff.
    estate: list[PrisonRec] = field(default_factory=list)
    staff: Staff | None = None


def existing_data() -> str:
    """What is already in the database that a demo would mix with; "" when it is empty."""
    for model in (PrisonService, Region, Prison, Prisoner):
        if model.objects.exists():
            return str(model._meta.verbose_name_plural)
    return ""


def build(
    *,
    country: str,
    scale: float = 1.0,
    seed: int = 1,
    today: date | None = None,
    scenario: Scenario | None = None,
    progress: Progress = lambda line: None,
) -> BuildResult:
    """Build the demo of `country` at `scale` (or to an explicit `scenario` of that country)
    in one transaction: all of it or, on any error, nothing."""
    _check_request(country, scale, scenario)
    started = clock.monotonic()
    scenario = scenario or scaled(country, scale)
    profile = get_profile(country)
    _check_profile(profile, scenario, STYLES[country])
    rng = Random(seed)
    today = today or timezone.localdate()
    result = BuildResult(scenario)
    with transaction.atomic():
        _refuse_data_already_there()
        staff, result.logins = _create_users()
        service = _create_service(profile, today)
        prisons = _build_estate(service, country, scenario, STYLES[country], profile, rng)
        workplace, women_prison = _assign_roles(prisons)
        _count_estate(result, prisons, workplace, progress)
        people = _people(prisons, _before_the_case_work(scenario), STYLES[country], rng)
        maker = _file_maker(country, profile, rng, today, prisons, staff)
        seeded = _make_files(result, people, maker, progress, workplace=workplace, seed=seed)
        result.estate, result.staff = prisons, staff
        _record_the_build(service, country, scale, result.prisoners)
        _case_managers_work(result, country, workplace, women_prison, today, progress)
        _verify(scenario)
        result.photographs = make_photographs(workplace_id=workplace.pk, today=today)
        result.today = make_today(country=country, workplace=workplace, today=today)
        # After the day's non-associations: a booking in the same session as the other person is refused.
        result.visits = make_visits(
            country=country, workplace_id=workplace.pk, women_id=women_prison.pk if women_prison else None, today=today
        )
        if result.visits is not None:
            progress(
                f"visits: {result.visits.sessions} sessions, {result.visits.bookings} bookings, "
                f"{result.visits.refused} refused attempts, mother's video call booked: {result.visits.mother_call}"
            )
        # Three years of staff training; last, so that its staff records follow every account.
        result.training = make_training(country=country, workplace_id=workplace.pk, today=today, rng=rng)
        if result.training is not None:
            progress(
                f"training: {result.training.staff} staff records, {result.training.sessions} sessions, "
                f"{result.training.certificates} certificates, {result.training.elearning} e-learning completions"
            )
        # Last: the whole register is on file, as when find_duplicates runs at night.
        result.duplicates = find_seeded_duplicates(country=country, weights=profile.duplicates, pairs=seeded)
        progress(
            f"possible duplicates: {result.duplicates.proposed} pairs proposed of {result.duplicates.compared} "
            f"compared, in {result.duplicates.seconds} s"
        )
        # The compliance monitor's first day: today's snapshot, the first point of its trend
        # (docs/compliance.md); counts only, after everything it counts is on file.
        result.compliance = compliance_snapshot_record(today=today)
        progress(
            f"compliance snapshot: {result.compliance.checks} checks at {result.compliance.prisons} prisons, "
            f"{result.compliance.rows} figures"
        )
    _analyze()
    result.seconds = clock.monotonic() - started
    return result


def _before_the_case_work(scenario: Scenario) -> Scenario:
    """The population the files are written for: the case work then releases a few sentenced
    people (demo/reintegration.py) and the person followed the whole way (demo/journey.py), and
    leaves the scenario's figures exact."""
    released = len(released_by_the_case_work(scenario.population)) + followed_the_whole_way(scenario.population)
    return replace(scenario, population=scenario.population + released)


def _check_request(country: str, scale: float, scenario: Scenario | None) -> None:
    if country not in SCENARIOS:
        raise DemoError(f"Unknown country {country!r}; choose one of {', '.join(SCENARIOS)}.")
    if not 0 < scale <= 1:
        raise DemoError("The scale must be more than 0 and at most 1.")
    if scenario is not None and scenario.country != country:
        raise DemoError(f"The scenario is for {scenario.country}, not {country}.")


def _refuse_data_already_there() -> None:
    if found := existing_data():
        raise DemoError(
            f"The database already holds {found}. The demo is only built into an empty database: "
            "use a fresh one (for example CUSTODIA_SQLITE=/tmp/demo.sqlite3 and migrate)."
        )


# The demo service began keeping sentence plans in Custodia a little less than the profile's days
# for a first plan ago: the people held since before then are owed a first plan within days (the
# backlog a service meets when it starts), not overdue for years.
PLANS_BACKLOG_DUE_IN_DAYS = 10


def _create_service(profile: Profile, today: date) -> PrisonService:
    first_plan_days = profile.sentence_plan.first_plan_days
    return PrisonService.objects.create(
        name=getattr(profile.service_name, profile.default_language),
        country_code=profile.country_code,
        profile=profile.id,
        sentence_plans_from=today - timedelta(days=max(first_plan_days - PLANS_BACKLOG_DUE_IN_DAYS, 0)),
    )


def _count_estate(result: BuildResult, prisons: list[PrisonRec], workplace: PrisonRec, progress: Progress) -> None:
    result.workplace = workplace.name
    result.prisons = len(prisons)
    result.cells = sum(len(unit.cells) for prison in prisons for unit in prison.units)
    progress(
        f"prisons {len(prisons)}/{result.scenario.prisons}, units {sum(len(p.units) for p in prisons)}, "
        f"cells {result.cells}, official capacity {result.scenario.capacity:,}"
    )


def _people(prisons: list[PrisonRec], scenario: Scenario, style: Style, rng: Random) -> list[Person]:
    """Everyone with a file: those on roll, placed and given their legal situation so that the
    figures are exact, then those who have left."""
    people = _place_on_roll(prisons, scenario, style, rng)
    _choose_veps(people, scenario, style, rng)
    _choose_legal_statuses(people, scenario, style, rng)
    _separate_legal_categories(people)
    return people + _not_on_roll(prisons, scenario, style, rng)


def _file_maker(
    country: str, profile: Profile, rng: Random, today: date, prisons: list[PrisonRec], staff: Staff
) -> FileMaker:
    return FileMaker(
        country=country,
        profile=profile,
        style=STYLES[country],
        texts=TEXTS[country],
        rng=rng,
        today=today,
        tz=timezone.get_current_timezone(),
        prisons=prisons,
        staff=staff,
        tables=Tables(),
    )


def _make_files(
    result: BuildResult, people: list[Person], maker: FileMaker, progress: Progress, *, workplace: PrisonRec, seed: int
) -> list[SeededPair]:
    """Plans each file, seeds the older files of a few people (demo/duplicates.py), numbers the
    people in the order they came in, then writes the files; returns the seeded pairs."""
    for person in people:
        maker.plan(person)
    seeded, makers = seed_duplicates(country=maker.country, maker=maker, people=people, workplace=workplace, seed=seed)
    people = people + list(makers)
    counters = _number(people, maker.profile.prisoner_number.template)
    result.rows = _write_files(people, maker, maker.t, progress, makers)
    reset_sequences(maker.t.all())
    result.prisoners = len(people)
    _raise_number_counters(counters)
    return seeded


def _raise_number_counters(counters: dict[str, int]) -> None:
    """The next number the register gives follows the demo's last one (never goes back)."""
    for prefix, last in counters.items():
        counter, _created = PrisonerNumberCounter.objects.get_or_create(prefix=prefix)
        if counter.last_value < last:
            counter.last_value = last
            counter.save(update_fields=["last_value"])


def _record_the_build(service: PrisonService, country: str, scale: float, files: int) -> None:
    """One event for the whole load: the audit trail says where these files came from, and
    anything cached against it (the statistics) is recomputed."""
    audit.record(
        actor=None,
        action=AuditAction.DEMO_BUILD,
        obj=service,
        changes={"country": [None, country], "scale": [None, scale], "files": [None, files]},
        reason="Synthetic demonstration data",
    )


def _case_managers_work(
    result: BuildResult,
    country: str,
    workplace: PrisonRec,
    women_prison: PrisonRec | None,
    today: date,
    progress: Progress,
) -> None:
    """Through the services and their audit events: a few assessments, so that the worklist, the
    file and its chart have something to show (demo/assessments.py), then classification
    decisions (demo/classifications.py), sentence plans, releases and release planning,
    programmes, and the person followed the whole way (demo/journey.py)."""
    result.assessments = make_assessments(
        country=country,
        workplace_id=workplace.pk,
        women_prison_id=women_prison.pk if women_prison else None,
        today=today,
    )
    progress(f"assessments {sum(result.assessments.values())} at {workplace.name}")
    result.classifications = make_classifications(country=country, workplace_id=workplace.pk, today=today)
    progress(f"classification decisions {sum(result.classifications.values())} at {workplace.name}")
    plans = make_plans(country=country, workplace_id=workplace.pk)
    progress(f"sentence plans {sum(plans.values())} at {workplace.name}")
    # The person followed the whole way chooses before the releases and the release plans opened
    # when due, and is taken on once the programmes are there (demo/journey.py).
    journey = None
    if followed_the_whole_way(result.scenario.population):
        journey = begin_journey(country=country, workplace_id=workplace.pk, today=today)
        if journey is None:
            raise DemoError(f"No one at {workplace.name} can be followed the whole way; try a larger scale.")
    reintegration = make_reintegration(
        country=country, workplace_id=workplace.pk, population=result.scenario.population
    )
    progress(f"release plans {reintegration}")
    progress(f"programmes {make_programmes(country=country, workplace_id=workplace.pk, today=today)}")
    if journey is not None:
        result.followed = finish_journey(journey, country=country)
        if result.followed is None:
            raise DemoError(f"{journey.person.number} at {workplace.name} could not be followed the whole way.")
        result.assessments = assessment_counts()
        progress(f"followed the whole way: {result.followed.number} {result.followed.name}")
    result.measures = make_measures(country=country, workplace_id=workplace.pk, today=today)
    if result.measures is not None:
        progress(
            f"restrictive measures: {result.measures.in_force} in force, {result.measures.ended} ended; "
            f"solitary confinement refused at day {result.measures.refused_at_day}"
        )
    result.incidents = make_incidents(country=country, workplace_id=workplace.pk, today=today)
    if result.incidents is not None:
        progress(
            f"incident reports: {result.incidents.reports}, {result.incidents.awaiting_review} awaiting review, "
            f"{result.incidents.examinations_owed} medical examination owed"
        )
    result.intelligence = make_intelligence(country=country, workplace_id=workplace.pk, today=today)
    if result.intelligence is not None:
        progress(
            f"intelligence reports ({result.intelligence.grading}): {result.intelligence.reports}, "
            f"{result.intelligence.to_grade} to grade, {result.intelligence.shared} shared with the police"
        )
    result.alerts = make_alerts(country=country, workplace_id=workplace.pk, today=today)
    if result.alerts is not None:
        progress(
            f"alerts: {result.alerts.in_force} in force, {result.alerts.ended} ended, "
            f"{result.alerts.proposed} proposed from urgent ratings"
        )
    result.contacts = make_contacts(country=country, workplace_id=workplace.pk, today=today)
    if result.contacts is not None:
        progress(
            f"contacts: {result.contacts.contacts}, {result.contacts.restricted} restricted, "
            f"{result.contacts.reviews_due} restriction of family contact to review"
        )
    result.induction = make_induction(workplace_id=workplace.pk, today=today)
    if result.induction is not None:
        progress(
            f"information on admission: given to {result.induction.given}, "
            f"{result.induction.awaiting} still awaiting it"
        )
    result.audits = make_security_audits(country=country, workplace_id=workplace.pk, today=today)
    if result.audits is not None:
        progress(
            f"security audits: {result.audits.audits}, {result.audits.open_actions} actions open, "
            f"{result.audits.overdue} overdue"
        )
    result.complaints = make_complaints(country=country, workplace_id=workplace.pk, today=today)
    if result.complaints is not None:
        progress(
            f"requests and complaints: {result.complaints.complaints} "
            f"({result.complaints.from_admissions} allegations from admissions), "
            f"{result.complaints.overdue} overdue, {result.complaints.confidential} to the inspection body"
        )


def _analyze() -> None:
    """A bulk load leaves the query planner without statistics; with them it picks the search
    and statistics indexes instead of scanning (the prisoner list is ten times faster)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _check_profile(profile: Profile, scenario: Scenario, style: Style) -> None:
    """The scenario may only use what the country's profile offers."""
    missing_types = set(scenario.prison_types) - set(profile.prison_types)
    statuses = {entry.code for entry in profile.legal_statuses}
    used = {L.PRE_TRIAL, L.CONVICTED} | {
        status
        for status, n in (
            (L.UNDER_APPEAL, scenario.under_appeal),
            (L.CIVIL, scenario.civil),
            (L.PROBATION, scenario.vep_probation),
        )
        if n
    }
    levels = {level.code for level in profile.security_levels}
    problems = []
    if missing_types:
        problems.append(f"prison types {sorted(missing_types)}")
    if used - statuses:
        problems.append(f"legal statuses {sorted(used - statuses)}")
    if set(style.security.values()) - levels:
        problems.append(f"security levels {sorted(set(style.security.values()) - levels)}")
    if problems:
        raise DemoError(f"The {profile.id} profile does not offer the " + ", ".join(problems))


def _create_users() -> tuple[Staff, list[tuple[str, str]]]:
    user_model = get_user_model()
    # One hash for the shared demo password: hashing it eight times would cost seconds for nothing.
    hashed = make_password(PASSWORD)
    users = {}
    logins = []
    for username, title in USERS:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            create = user_model.objects.create_superuser if username == "admin" else user_model.objects.create_user
            user = create(username=username, email="", password=None, first_name=title, last_name="(demo)")
            user.password = hashed
            user.save(update_fields=["password"])
            logins.append((username, PASSWORD))
        else:
            # Never change an account someone already has.
            logins.append((username, "(existing account, password unchanged)"))
        users[username] = user.pk
    return Staff(reception=users["reception"], wing=users["wing"], director=users["director"]), logins


def _assign_roles(prisons: list[PrisonRec]) -> tuple[PrisonRec, PrisonRec | None]:
    """Gives each demo user their role and workplace; returns the prison staff's prison and the
    women's prison the case managers also cover (None where the estate has none)."""
    workplace = max(prisons, key=lambda prison: (prison.capacity, -prison.pk))
    women = [prison for prison in prisons if prison.prison_type == "women"]
    women_prison = max(women, key=lambda prison: (prison.capacity, -prison.pk)) if women else None
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.LABELS)}
    for user in get_user_model().objects.filter(username__in=DEMO_ROLES):
        role, nationwide = DEMO_ROLES[user.username]
        user.groups.add(groups[role])
        assignment, _created = StaffAssignment.objects.get_or_create(user=user, defaults={"nationwide": nationwide})
        if not nationwide:
            assignment.prisons.add(workplace.pk)
        if women_prison and user.username in WOMEN_ESTATE_TOO:
            assignment.prisons.add(women_prison.pk)
    return workplace, women_prison


# -- the estate -------------------------------------------------------------------------------------


def split(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """`total` in whole shares proportional to `weights` (largest remainder), each at least `minimum`."""
    if not weights:
        return []
    spare = total - minimum * len(weights)
    if spare < 0:
        raise DemoError(f"cannot split {total} into {len(weights)} shares of at least {minimum}")
    weight_sum = sum(weights) or 1
    quotas = [spare * w / weight_sum for w in weights]
    shares = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (shares[i] - quotas[i], i))
    for i in order[: spare - sum(shares)]:
        shares[i] += 1
    return [share + minimum for share in shares]


def _chosen_prisons(country: str, scenario: Scenario) -> list[PrisonSpec]:
    """The first prisons of each type in the catalogue, as many as the scenario asks for."""
    chosen = []
    for prison_type, count in scenario.prison_types.items():
        specs = catalogue(country).prisons[prison_type]
        picked = specs[:count]
        # Only reached if a catalogue is shorter than a scenario asks for: annexes of the first ones.
        for i in range(count - len(picked)):
            base = specs[i % len(specs)]
            picked.append(replace(base, name=f"{base.name} ({i // len(specs) + 2})"))
        chosen.extend(picked)
    return chosen


@dataclass(frozen=True)
class _UnitPlan:
    name: str
    group: str
    security: str
    weight: float
    cell_label: str  # with {n}
    cell_places: tuple[int, int]


def _legal_categories(kind: str, group: str, style: Style, *, untried_veps: bool) -> int:
    """How many of Rule 11's legal categories (untried, civil, convicted) the people of `group` held
    in a prison of type `kind` may fall in, as _choose_veps and _choose_legal_statuses choose them:
    each needs a unit of its own (_separate_legal_categories)."""
    untried = style.pre_trial_weight.get(kind, 0) > 0 or (
        untried_veps and kind not in NOT_CLOSED and group not in JUVENILE_GROUPS
    )
    civil = style.civil_weight.get(kind, 0) > 0 and group not in JUVENILE_GROUPS
    return 1 + untried + civil


def _unit_plans(
    country: str,
    spec: PrisonSpec,
    capacity: int,
    style: Style,
    first_of_type: bool,
    rng: Random,
    *,
    untried_veps: bool,
) -> list[_UnitPlan]:
    """Units of one prison: who they are for, their security level, and how cells are called.
    Each group held there has a unit for each legal category it may fall in, so that Rule 11's
    categories never need to share one (`untried_veps`: VEPs on remand may be held in any closed
    prison)."""
    kind = spec.prison_type
    security = spec.security or style.security[kind]
    places = style.cell_places[kind]
    if country == "kazakhstan" and security == "extreme":
        places = (1, 2)  # life-sentence prisoners are held one or two to a cell
    group = WOMEN if kind == "women" else BOYS if kind == "juvenile" else MEN

    def needed(group: str) -> int:
        return _legal_categories(kind, group, style, untried_veps=untried_veps)

    # A few units even in a small prison (admission, remand and convicted sections), never more
    # than one per eight places unless Rule 11 needs them.
    main_count = max(
        needed(group), min(max(round(capacity / style.unit_places), 2 if capacity >= 40 else 1), 8, capacity // 8)
    )
    letters = "ABCDEFGH"
    if country == "uganda":
        cell = "Dormitory {n}" if kind in NOT_CLOSED else "Ward {n}"
        prefix = "Boys' Block" if group == BOYS else "Block"
        names = [f"{prefix} {letters[i]}" for i in range(main_count)]
        if spec.holds_veps and kind == "closed":
            names[0] = "Maximum Security Block"
        wing, girls = ("Women's Wing", "Ward {n}"), ("Girls' Block", "Ward {n}")
    elif country == "kazakhstan":
        corps = kind == "remand" or security == "extreme"
        cell = "Камера {u}{n:02d}" if corps else "Секция {n}"
        names = [f"{'Корпус' if corps else 'Отряд'} № {i + 1}" for i in range(main_count)]
        wing, girls = ("Женский корпус", "Камера Ж-{n}"), ("Отряд для несовершеннолетних девушек", "Секция {n}")
    else:
        cell = "Chambre {n}"
        prefix = "Unité des garçons" if group == BOYS else "Pavillon"
        names = [f"{prefix} {letters[i]}" for i in range(main_count)]
        wing, girls = ("Pavillon des femmes", "Chambre {n}"), ("Unité des filles", "Chambre {n}")
    plans = [
        _UnitPlan(
            name,
            group,
            "maximum" if name == "Maximum Security Block" else security,
            rng.uniform(0.8, 1.2),
            cell.replace("{u}", str(i + 1)),
            places,
        )
        for i, name in enumerate(names)
    ]
    main_weight = sum(plan.weight for plan in plans)

    def parts(name: str, group: str, unit_security: str, share: float, cell: str, places: tuple[int, int]) -> None:
        """The units of a wing for a group, sharing its part of the prison: "Women's Wing A", "B"."""
        count = needed(group)
        for i in range(count):
            part = f"{name} № {i + 1}" if country == "kazakhstan" else f"{name} {letters[i]}"
            plans.append(
                _UnitPlan(part if count > 1 else name, group, unit_security, share * main_weight / count, cell, places)
            )

    if spec.women_wing:
        parts(wing[0], WOMEN, style.security["women"], 0.09, wing[1], style.cell_places["women"])
    if kind == "juvenile" and first_of_type:
        parts(girls[0], GIRLS, security, 0.12, girls[1], places)
    return plans


def _cell_sizes(rng: Random, capacity: int, places: tuple[int, int]) -> list[int]:
    """Cell capacities that add up exactly to the unit's capacity; at least three cells where
    the unit is big enough, so that small units still have cells to move people between."""
    lo, hi = places
    hi = max(1, min(hi, capacity // 3))
    lo = min(lo, hi)
    sizes = []
    left = capacity
    while left > hi:
        size = rng.randint(lo, hi)
        sizes.append(size)
        left -= size
    if left:
        if left >= lo or not sizes:
            sizes.append(left)
        else:
            sizes[rng.randrange(len(sizes))] += left
    return sizes


def _build_estate(
    service: PrisonService, country: str, scenario: Scenario, style: Style, profile: Profile, rng: Random
) -> list[PrisonRec]:
    specs = _chosen_prisons(country, scenario)
    capacities = split(scenario.capacity, [spec.size for spec in specs], minimum=MIN_PRISON_CAPACITY)
    used = {spec.region for spec in specs}
    regions = Region.objects.bulk_create(
        Region(service=service, code=region.code, name=region.name)
        for region in catalogue(country).regions
        if region.code in used
    )
    region_pk = {region.code: region.pk for region in regions}
    per_region: dict[str, int] = defaultdict(int)
    records, prisons = [], []
    for spec, capacity in zip(specs, capacities, strict=True):
        per_region[spec.region] += 1
        code = f"{profile.country_code}-{spec.region}-{per_region[spec.region]:02d}"
        prisons.append(
            Prison(
                region_id=region_pk[spec.region],
                code=code,
                name=spec.name,
                prison_type=spec.prison_type,
                official_capacity=capacity,
                is_active=True,
            )
        )
        records.append(PrisonRec(0, spec, code, capacity))
    for record, prison in zip(records, Prison.objects.bulk_create(prisons), strict=True):
        record.pk = prison.pk

    units, unit_records = [], []
    seen_types: set[str] = set()
    for record in records:
        plans = _unit_plans(
            country,
            record.spec,
            record.capacity,
            style,
            record.prison_type not in seen_types,
            rng,
            untried_veps=scenario.vep_pre_trial > 0,
        )
        seen_types.add(record.prison_type)
        for plan, places in zip(plans, split(record.capacity, [p.weight for p in plans], minimum=1), strict=True):
            units.append(Unit(prison_id=record.pk, name=plan.name, security_level=plan.security))
            unit = UnitRec(0, plan.name, plan.group, plan.security, places, record)
            unit_records.append((unit, plan))
            record.units.append(unit)
    cells, cell_records = [], []
    for (unit, plan), saved_unit in zip(unit_records, Unit.objects.bulk_create(units), strict=True):
        unit.pk = saved_unit.pk
        for n, size in enumerate(_cell_sizes(rng, unit.capacity, plan.cell_places), start=1):
            label = plan.cell_label.format(n=n)
            cells.append(Cell(unit_id=unit.pk, label=label, capacity=size))
            cell = CellRec(0, label, size, unit)
            cell_records.append(cell)
            unit.cells.append(cell)
    for cell, saved_cell in zip(cell_records, Cell.objects.bulk_create(cells, batch_size=2000), strict=True):
        cell.pk = saved_cell.pk
    return records


# -- who is where -----------------------------------------------------------------------------------


def _place_on_roll(prisons: list[PrisonRec], scenario: Scenario, style: Style, rng: Random) -> list[Person]:
    """A cell for every person on roll: each group spread over the units for it, by capacity
    and by how crowded that type of prison is."""
    units: dict[str, list[UnitRec]] = defaultdict(list)
    for prison in prisons:
        for unit in prison.units:
            units[unit.group].append(unit)
    population = scenario.population
    juveniles = round(population * style.juvenile_share)
    if population >= 100:
        juveniles = max(1, juveniles)
    girls = round(juveniles * style.girls_share) if units[GIRLS] else 0
    women = round(population * style.women_share)
    counts = {MEN: population - women - juveniles, WOMEN: women, BOYS: juveniles - girls, GIRLS: girls}
    people: list[Person] = []
    for group, count in counts.items():
        if count and not units[group]:
            raise DemoError(f"no units for {group} to hold {count} people")
        weights = [
            unit.capacity * style.crowding[unit.prison.prison_type] * rng.uniform(0.85, 1.15) for unit in units[group]
        ]
        for unit, in_unit in zip(units[group], split(count, weights), strict=True):
            for cell, in_cell in zip(unit.cells, split(in_unit, [cell.capacity for cell in unit.cells]), strict=True):
                people.extend(Person(group, unit.prison, cell) for _ in range(in_cell))
    return people


def choose(rng: Random, pool: Sequence[Person], k: int, weight: Callable[[Person], float], what: str) -> list[Person]:
    """k people drawn without replacement, each with probability in proportion to its weight
    (Efraimidis-Spirakis keys); people of weight 0 are never drawn."""
    if k <= 0:
        return []
    keyed = []
    for i, person in enumerate(pool):
        w = weight(person)
        if w > 0:
            keyed.append((rng.random() ** (1.0 / w), i))
    if len(keyed) < k:
        raise DemoError(f"only {len(keyed)} people can be {what}, {k} needed; try a larger scale")
    return [pool[i] for _key, i in heapq.nlargest(k, keyed)]


def _choose_veps(people: list[Person], scenario: Scenario, style: Style, rng: Random) -> None:
    """VEPs in the prisons that hold them; women VEPs in women's prisons. Elsewhere only if
    those are too small to hold them all (a weight of a millionth)."""

    def vep_weight(prefer: str) -> Callable[[Person], float]:
        def weight(p: Person) -> float:
            if p.vep or p.prison.prison_type in NOT_CLOSED:
                return 0
            base = 1.0 if p.prison.spec.holds_veps else 1e-6
            return base * (3 if p.prison.prison_type == prefer else 1)

        return weight

    adults = {MEN: [p for p in people if p.group == MEN], WOMEN: [p for p in people if p.group == WOMEN]}
    women_closed = round(scenario.vep_closed * style.vep_women_share)
    women_closed = min(max(women_closed, scenario.returnees_women), scenario.vep_closed)
    women_pre_trial = round(scenario.vep_pre_trial * style.vep_women_share)
    wanted = (
        (MEN, L.CONVICTED, scenario.vep_closed - women_closed, "closed"),
        (WOMEN, L.CONVICTED, women_closed, "women"),
        (MEN, L.PRE_TRIAL, scenario.vep_pre_trial - women_pre_trial, "remand"),
        (WOMEN, L.PRE_TRIAL, women_pre_trial, "women"),
    )
    for group, status, count, prefer in wanted:
        for person in choose(rng, adults[group], count, vep_weight(prefer), f"held as {status} VEPs"):
            person.vep, person.legal_status = True, status
    semi_open = choose(
        rng,
        adults[MEN],
        scenario.vep_semi_open,
        lambda p: 0 if p.vep or p.prison.prison_type != "semi_open" else 1,
        "VEPs in semi-open prisons",
    )
    for person in semi_open:
        person.vep, person.legal_status = True, L.CONVICTED
    # Returnees: convicted VEPs in closed settings.
    for group, count in ((MEN, scenario.returnees_men), (WOMEN, scenario.returnees_women)):
        pool = [
            p
            for p in adults[group]
            if p.vep and p.legal_status == L.CONVICTED and p.prison.prison_type not in NOT_CLOSED
        ]
        for person in choose(rng, pool, count, lambda p: 1, "returnees"):
            person.returnee = True


def _choose_legal_statuses(people: list[Person], scenario: Scenario, style: Style, rng: Random) -> None:
    """Exact numbers of each legal status among the others, likelier where such people are held."""
    others = [p for p in people if not p.vep]
    wanted = (
        (L.PRE_TRIAL, scenario.pre_trial - scenario.vep_pre_trial, style.pre_trial_weight),
        (L.UNDER_APPEAL, scenario.under_appeal, style.under_appeal_weight),
        (L.CIVIL, scenario.civil, style.civil_weight),
    )
    for status, count, weights in wanted:

        def weight(p: Person, weights: dict[str, float] = weights, status: str = status) -> float:
            if p.legal_status or (status == L.CIVIL and p.juvenile):
                return 0
            return weights.get(p.prison.prison_type, 0)

        for person in choose(rng, others, count, weight, status):
            person.legal_status = status
    for person in others:
        person.legal_status = person.legal_status or L.CONVICTED


# Rule 11's legal categories in the order a prison's units are given to them.
CATEGORY_ORDER = (UNTRIED, CIVIL, CONVICTED)


def _separate_legal_categories(people: list[Person]) -> None:
    """Rule 11(b) and (c): in each prison, the units of each group (men, women, boys, girls) are
    shared out between the legal categories held there, whole units to each, untried first, then
    civil, then convicted (under appeal with them), in proportion to their numbers; a category's
    people are spread over its units' cells by capacity. The prison keeps its number of people, so
    the figures are unchanged; a unit or a cell may hold more or fewer than before, as in an
    overcrowded prison. The estate gives each group a unit for every category it may fall in
    (_unit_plans): no category shares a unit. The one deliberate exception is today's work
    (demo/today.py), recorded as a separation exception."""
    by_place: dict[tuple[int, str], list[Person]] = defaultdict(list)
    for person in people:
        by_place[(person.prison.pk, person.group)].append(person)
    for (_prison, group), held in by_place.items():
        units = [unit for unit in held[0].prison.units if unit.group == group]
        by_category: dict[str, list[Person]] = defaultdict(list)
        for person in held:
            by_category[LEGAL_CATEGORY[person.legal_status]].append(person)
        categories = [category for category in CATEGORY_ORDER if by_category[category]]
        if len(categories) > len(units):
            raise DemoError(
                f"{held[0].prison.name} has {len(units)} units for {group} and {len(categories)} legal categories"
            )
        runs = _share_units(units, [len(by_category[category]) for category in categories])
        for category, run in zip(categories, runs, strict=True):
            cells = [cell for unit in run for cell in unit.cells]
            placed = iter(by_category[category])
            for cell, count in zip(cells, split(len(by_category[category]), [c.capacity for c in cells]), strict=True):
                for _ in range(count):
                    next(placed).cell = cell


def _share_units(units: list[UnitRec], counts: list[int]) -> list[list[UnitRec]]:
    """`units` in runs, one run for each of `counts` (at least as many units as counts), each run at
    least one unit, their capacities as near as may be in proportion to the counts."""
    capacity, total = sum(unit.capacity for unit in units), sum(counts)
    runs: list[list[UnitRec]] = []
    start, wanted, taken = 0, 0.0, 0
    for i, count in enumerate(counts):
        wanted += capacity * count / total  # the capacity this run and those before should have
        last = len(units) - (len(counts) - i - 1)  # leave a unit for each run after this one
        end = start + 1
        taken += units[start].capacity
        while end < last and (i == len(counts) - 1 or abs(taken + units[end].capacity - wanted) < abs(taken - wanted)):
            taken += units[end].capacity
            end += 1
        runs.append(units[start:end])
        start = end
    return runs


def _not_on_roll(prisons: list[PrisonRec], scenario: Scenario, style: Style, rng: Random) -> list[Person]:
    """People whose files stay after they left: released, escaped, died, or (Kazakhstan) convicted
    VEPs released to probation. None of them counts in the figures. Their legal situation is
    chosen first, so that each was held where such a person is held."""
    units = [unit for prison in prisons for unit in prison.units if unit.group in (MEN, WOMEN)]

    def place(group: str, weight: Callable[[UnitRec], float]) -> tuple[PrisonRec, CellRec]:
        candidates = [u for u in units if u.group == group]
        weights = [u.capacity * weight(u) for u in candidates]
        if not any(weights):
            weights = [u.capacity for u in candidates]
        unit = rng.choices(candidates, weights=weights)[0]
        return unit.prison, rng.choice(unit.cells)

    reasons, reason_weights = list(style.release_weights), list(style.release_weights.values())
    people = []
    for outcome, count in (
        (RELEASED, scenario.released),
        (ESCAPED, scenario.escaped),
        (DECEASED, scenario.deceased),
        (PROBATION, scenario.vep_probation),
    ):
        for _ in range(count):
            share = style.vep_women_share if outcome == PROBATION else style.women_share
            group = WOMEN if rng.random() < share else MEN
            reason = ""
            if outcome == RELEASED:
                reason = rng.choices(reasons, weights=reason_weights)[0]
                status = L.PRE_TRIAL if reason in PRE_TRIAL_RELEASES else L.CONVICTED
            elif outcome == PROBATION:
                status = L.CONVICTED
            else:
                status = rng.choice((L.PRE_TRIAL, L.CONVICTED))

            def weight(u: UnitRec, status: str = status, outcome: str = outcome) -> float:
                kind = u.prison.prison_type
                if outcome == PROBATION:
                    return float(u.prison.spec.holds_veps and kind not in NOT_CLOSED)
                w = style.pre_trial_weight.get(kind, 0) if status == L.PRE_TRIAL else (0.3 if kind == "remand" else 1)
                # Escapes happen mostly from farms and outside work parties.
                return w * (5 if outcome == ESCAPED and kind in NOT_CLOSED else 1)

            prison, cell = place(group, weight)
            people.append(
                Person(
                    group,
                    prison,
                    cell,
                    outcome=outcome,
                    legal_status=status,
                    release_reason=reason,
                    vep=outcome == PROBATION,
                )
            )
    return people


def _number(people: list[Person], template: str) -> dict[str, int]:
    """Numbers in the order people first came in, counted per prefix (per year), as the
    admission service issues them; returns the last number issued per prefix."""
    counters: dict[str, int] = defaultdict(int)
    for person in sorted(people, key=lambda p: (p.first_admitted or p.admitted, p.minute)):
        year = date.fromordinal(person.first_admitted or person.admitted).year
        prefix = rules.prisoner_number_prefix(template, year=year)
        counters[prefix] += 1
        person.number = rules.format_prisoner_number(template, year=year, seq=counters[prefix])
    return dict(counters)


# -- writing ----------------------------------------------------------------------------------------


def _write_files(
    people: list[Person], maker: FileMaker, tables: Tables, progress: Progress, makers: dict[Person, FileMaker]
) -> int:
    """Files in batches, oldest numbers first; each by its own maker where it has one (`makers`)."""
    people = sorted(people, key=lambda p: p.number)
    rows = 0
    for start in range(0, len(people), CHUNK):
        for person in people[start : start + CHUNK]:
            makers.get(person, maker).make(person)
        rows += tables.flush()
        progress(f"prisoners {min(start + CHUNK, len(people)):,}/{len(people):,} ({rows:,} rows)")
    return rows


# -- checking ---------------------------------------------------------------------------------------


def _verify(scenario: Scenario) -> None:
    """Count the figures as the statistics page will; any difference is a bug in the builder,
    and raising here rolls the whole demo back."""
    vep = terrorism_linked()
    convicted_vep = terrorism_linked(convicted=True)
    on_roll = Prisoner.objects.on_roll()
    active = Prison.objects.filter(is_active=True)
    found = {
        "population": on_roll.count(),
        "prisons": active.count(),
        "capacity": active.aggregate(total=Sum("official_capacity"))["total"] or 0,
        "pre_trial": on_roll.filter(legal_status=L.PRE_TRIAL).count(),
        "under_appeal": on_roll.filter(legal_status=L.UNDER_APPEAL).count(),
        "civil": on_roll.filter(legal_status=L.CIVIL).count(),
        "vep_convicted": on_roll.filter(vep, legal_status=L.CONVICTED).count(),
        "vep_pre_trial": on_roll.filter(vep, legal_status=L.PRE_TRIAL).count(),
        "vep_on_roll": on_roll.filter(vep).count(),
        "vep_semi_open": on_roll.filter(vep, current_prison__prison_type="semi_open").count(),
        "vep_probation": Prisoner.objects.filter(
            convicted_vep, legal_status=L.PROBATION, current_prison__isnull=True
        ).count(),
        "returnees_men": on_roll.filter(returnee=True, sex="male").count(),
        "returnees_women": on_roll.filter(returnee=True, sex="female").count(),
    }
    expected = {name: getattr(scenario, name) for name in found}
    wrong = {name: (found[name], expected[name]) for name in found if found[name] != expected[name]}
    uneven = [
        p.code for p in Prison.objects.annotate(places=Sum("units__cells__capacity")) if p.places != p.official_capacity
    ]
    open_periods = (
        Prisoner.objects.on_roll()
        .annotate(n=Count("custody_periods", filter=Q(custody_periods__ended_at__isnull=True)))
        .exclude(n=1)
        .count()
    )
    if wrong or uneven or open_periods:
        raise DemoError(
            f"The demo does not match its figures (found, expected): {wrong}; prisons whose cells "
            f"do not add up to capacity: {uneven}; on roll without exactly one open period: "
            f"{open_periods}"
        )
