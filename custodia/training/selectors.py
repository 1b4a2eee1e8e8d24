"""Reads of staff training, always through the acting user (`view_training`): a nationwide user
(the training centre, headquarters' statistics) sees every staff record, session and certificate;
a director the staff of their prisons, the sessions held for them or that one of them attends, and
their staff's certificates. Without the right, nothing. The catalogue is not sensitive.

The coverage counts the staff in service and the certificates valid on a day in a handful of
queries whatever the number of staff, courses and certificates: aggregates only, except the table
of trainers, who are named (staff, not people in custody)."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope
from custodia.core.figures import Cell, FigureTable
from custodia.core.formats import local_date
from custodia.core.profiles import Label
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.choices import Sex

from . import rules, services
from .choices import CertificateSource, CourseKind, Post, Result, SessionStatus
from .models import Certificate, Course, Participant, StaffMember, TrainingSession

VIEW, MANAGE = services.VIEW, services.MANAGE
CENTRE_YEARS = 3  # the years of the centre's output and of e-learning completions the coverage shows


# --- staff --------------------------------------------------------------------------------------------


def staff_scope(user: User) -> QuerySet[StaffMember]:
    """Every staff record the user may see, in service or not."""
    if not user.has_perm(VIEW):
        return StaffMember.objects.none()
    scope = prison_scope(user)
    if scope is None:
        return StaffMember.objects.all()
    return StaffMember.objects.filter(prison__in=scope)


def staff_list(
    *, user: User, prison_id: int | None = None, post: str | None = None, q: str = "", active: bool | None = True
) -> QuerySet[StaffMember]:
    """The staff records the user may see, narrowed by prison, post, words each found in a name or
    the service number, and whether in service (None: both)."""
    found = staff_scope(user).select_related("prison")
    if prison_id is not None:
        found = found.filter(prison_id=prison_id)
    if post:
        found = found.filter(post=post)
    for word in q.replace("\x00", "").split()[:5]:
        found = found.filter(
            Q(family_name__icontains=word) | Q(given_name__icontains=word) | Q(service_number__icontains=word)
        )
    if active is not None:
        found = found.filter(is_active=active)
    return found.order_by("family_name", "given_name", "id")


def staff_get(*, user: User, staff_id: int) -> StaffMember:
    """A staff record the user may see; StaffMember.DoesNotExist otherwise (the API and the pages
    answer 404 alike, whether it does not exist or is out of the user's scope)."""
    return staff_scope(user).select_related("prison", "user").get(pk=staff_id)


def staff_of_user(user: User) -> StaffMember | None:
    """The user's own staff record (every account has one)."""
    return StaffMember.objects.filter(user_id=user.pk).select_related("prison").first()


# --- courses ------------------------------------------------------------------------------------------


def course_list(*, active: bool | None = None) -> QuerySet[Course]:
    """The catalogue (offered courses first when `active` is None); not sensitive: every holder of
    view_training reads it (the route says who)."""
    found = Course.objects.all()
    if active is not None:
        found = found.filter(is_active=active)
    return found.order_by("-is_active", "code")


def course_get(code: str) -> Course:
    """A course by its code, with its modules, prerequisites, the courses it qualifies to deliver
    and the training-of-trainers courses that qualify for it; Course.DoesNotExist otherwise."""
    return Course.objects.prefetch_related("modules", "prerequisites", "qualifies_for", "trainer_courses").get(
        code=code
    )


def course_trainers(*, user: User, course: Course, on: date) -> QuerySet[StaffMember]:
    """The staff in the user's scope who may deliver `course` on `on`: in service and holding a
    valid certificate of a training-of-trainers course that qualifies for it."""
    qualified = Certificate.objects.filter(services.valid_on(on), staff=OuterRef("pk"), course__qualifies_for=course)
    return staff_scope(user).filter(Exists(qualified), is_active=True).select_related("prison")


# --- sessions -----------------------------------------------------------------------------------------


def session_scope(user: User) -> QuerySet[TrainingSession]:
    """The sessions the user may see: all for a nationwide user; for a director, those held for
    their prisons and those one of their staff attends."""
    if not user.has_perm(VIEW):
        return TrainingSession.objects.none()
    scope = prison_scope(user)
    if scope is None:
        return TrainingSession.objects.all()
    theirs = Participant.objects.filter(session=OuterRef("pk"), staff__prison__in=scope)
    return TrainingSession.objects.filter(Q(prison__in=scope) | Exists(theirs))


def session_list(
    *,
    user: User,
    year: int | None = None,
    course_id: int | None = None,
    status: str | None = None,
    trainer: StaffMember | None = None,
) -> QuerySet[TrainingSession]:
    """The sessions the user may see, newest first, narrowed by the year they start, course,
    status and trainer."""
    found = session_scope(user).select_related("course", "prison")
    if year is not None:
        found = found.filter(starts_on__year=year)
    if course_id is not None:
        found = found.filter(course_id=course_id)
    if status:
        found = found.filter(status=status)
    if trainer is not None:
        found = found.filter(Exists(TrainingSession.objects.filter(pk=OuterRef("pk"), trainers=trainer)))
    return found.order_by("-starts_on", "-id")


def session_get(*, user: User, session_id: int) -> TrainingSession:
    """A session the user may see, with its trainers; TrainingSession.DoesNotExist otherwise."""
    return (
        session_scope(user)
        .select_related("course", "prison", "created_by")
        .prefetch_related(Prefetch("trainers", queryset=StaffMember.objects.select_related("prison")))
        .get(pk=session_id)
    )


def session_participants(*, user: User, session: TrainingSession) -> list[Participant]:
    """The participants of a session the user may see: every one for a nationwide user, only their
    own staff for a director (a session at the centre gathers several prisons' staff)."""
    found = Participant.objects.filter(session=session, staff__in=staff_scope(user))
    return list(
        found.select_related("staff__prison", "certificate").order_by("staff__family_name", "staff__given_name", "id")
    )


# --- certificates -------------------------------------------------------------------------------------


def certificates_of(*, user: User, staff_id: int) -> QuerySet[Certificate]:
    """The certificates of a staff record the user may see (none otherwise), newest first."""
    return (
        Certificate.objects.filter(staff_id=staff_id, staff__in=staff_scope(user))
        .select_related("course")
        .order_by("-issued_on", "-id")
    )


def certificate_get(*, user: User, certificate_id: int) -> Certificate:
    """A certificate of a staff record the user may see, with what its PDF shows;
    Certificate.DoesNotExist otherwise."""
    return (
        Certificate.objects.filter(staff__in=staff_scope(user))
        .select_related("staff", "course", "participant__session")
        .prefetch_related("participant__session__trainers")
        .get(pk=certificate_id)
    )


@dataclass(frozen=True)
class VerifiedCertificate:
    """All that the public check of a code reveals."""

    name: str
    course: str  # the course's title in the reader's language
    issued_on: date
    valid_until: date | None
    valid_now: bool


def certificate_verify(code: str, *, today: date | None = None) -> VerifiedCertificate | None:
    """The public answer for a code (as typed: any case, dashes or not): the holder's name, the
    course, the dates and whether it is valid today; None for a code no certificate has."""
    normal = rules.normalise_code(code)
    if normal is None:
        return None
    found = (
        Certificate.objects.filter(code=normal)
        .values_list("staff__given_name", "staff__family_name", "course__titles", "issued_on", "valid_until")
        .first()
    )
    if found is None:
        return None
    given, family, titles, issued_on, valid_until = found
    day = today or timezone.localdate()
    return VerifiedCertificate(
        name=f"{given} {family}".strip(),
        course=_title(titles),
        issued_on=issued_on,
        valid_until=valid_until,
        valid_now=issued_on <= day and rules.is_valid_on(valid_until, day),
    )


def _title(titles: Any) -> str:
    return str(Label(**titles))


# --- the trainer's home -------------------------------------------------------------------------------


def trainer_home(*, user: User, today: date | None = None) -> dict[str, Any]:
    """The trainer's home: their sessions coming (planned, ending after today), the sessions they
    deliver whose last day has come with no results recorded, and their certificates expiring
    within the profile's days. Five queries at most."""
    today = today or timezone.localdate()
    staff = staff_of_user(user)
    if staff is None:
        return {"staff": None, "coming": [], "results_due": [], "expiring": []}
    theirs = TrainingSession.objects.filter(trainers=staff, status=SessionStatus.PLANNED).select_related(
        "course", "prison"
    )
    within = active_profile().training.expiring_within_days
    expiring = (
        Certificate.objects.filter(
            services.valid_on(today), staff=staff, valid_until__lte=today + timedelta(days=within)
        )
        .select_related("course")
        .order_by("valid_until", "id")
    )
    return {
        "staff": staff,
        "coming": list(theirs.filter(ends_on__gt=today).order_by("starts_on", "id")),
        "results_due": list(theirs.filter(ends_on__lte=today).order_by("ends_on", "id")),
        "expiring": list(expiring),
        "within_days": within,
    }


# --- coverage -----------------------------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class _Person:
    pk: int
    prison_id: int | None
    post: str
    sex: str


def _coverage_rows(
    groups: list[tuple[str, list[_Person]]], courses: list[Course], holders: dict[int, set[int]]
) -> list[list[Cell]]:
    """For each group of staff: how many are in service, then for each course how many of those
    it is meant for hold a valid certificate of it, and their share."""
    rows: list[list[Cell]] = []
    for label, people in groups:
        row: list[Cell] = [label, len(people)]
        for course in courses:
            meant = [p for p in people if _meant_for(course, p.post)]
            held = sum(1 for p in meant if p.pk in holders[course.pk])
            row += [held, _share(held, len(meant))]
        rows.append(row)
    return rows


def _meant_for(course: Course, post: str) -> bool:
    return not course.audience or post in course.audience


def _coverage_table(
    slug: str,
    title: str,
    first: str,
    groups: list[tuple[str, list[_Person]]],
    courses: list[Course],
    holders: dict[int, set[int]],
    note: str,
) -> FigureTable:
    columns: list[Any] = [first, _("Staff in service")]
    for course in courses:
        columns += [
            _("%(course)s: holding a valid certificate") % {"course": course.title},
            _("%(course)s: share (%%)") % {"course": course.title},
        ]
    return FigureTable(
        slug=slug,
        title=title,
        columns=columns,
        rows=_coverage_rows(groups, courses, holders),
        chart="bar",
        charted_columns=[3 + 2 * n for n in range(len(courses))],
        note=note,
    )


def _years(on: date) -> list[int]:
    return list(range(on.year - CENTRE_YEARS + 1, on.year + 1))


def coverage(*, user: User, on: date, prison_id: int | None = None) -> list[FigureTable]:
    """The coverage of training on `on`, for the prisons in the user's scope or one of them:
    (1) by prison, (2) by post and (3) by sex, the staff in service holding a valid certificate of
    each course and their share among those the course is meant for; (4) certificates expiring
    within the profile's days; (5) the training centre's passes per year against its target;
    (6) e-learning completions against the national target; (7) the trainers of the cascade and
    the sessions they delivered this year. A bounded number of queries (about ten)."""
    if not user.has_perm(VIEW):
        return []
    scope = prison_scope(user)
    if prison_id is not None and scope is not None and prison_id not in scope:
        return []
    nationwide = scope is None and prison_id is None
    targets = active_profile().training
    reach = staff_scope(user)
    if prison_id is not None:
        reach = reach.filter(prison_id=prison_id)
    staff = reach.filter(is_active=True)
    people = [_Person(*row) for row in staff.values_list("pk", "prison_id", "post", "sex")]
    ids = {p.pk for p in people}
    courses = list(Course.objects.filter(is_active=True).order_by("code"))
    holders: dict[int, set[int]] = defaultdict(set)
    valid = Certificate.objects.filter(services.valid_on(on), staff__in=staff, course__in=courses)
    expiring: Counter[int] = Counter()
    soon = on + timedelta(days=targets.expiring_within_days)
    for staff_id, course_id, valid_until in valid.values_list("staff_id", "course_id", "valid_until"):
        holders[course_id].add(staff_id)
        if valid_until is not None and valid_until <= soon:
            expiring[course_id] += 1

    prisons = Prison.objects.filter(is_active=True).order_by("name")
    if scope is not None:
        prisons = prisons.filter(pk__in=scope)
    if prison_id is not None:
        prisons = prisons.filter(pk=prison_id)
    by_prison: dict[int | None, list[_Person]] = defaultdict(list)
    for person in people:
        by_prison[person.prison_id].append(person)
    prison_groups = [(prison.name, by_prison.get(prison.pk, [])) for prison in prisons]
    if nationwide:
        prison_groups.append((str(_("Headquarters and the training centre")), by_prison.get(None, [])))
    post_groups = [(str(label), [p for p in people if p.post == value]) for value, label in Post.choices]
    sex_groups = [(str(label), [p for p in people if p.sex == value]) for value, label in Sex.choices]
    share_note = _(
        "Staff in service on %(day)s; a certificate counts from the day it is issued until it expires. The share "
        "is among the staff of the posts the course is meant for."
    ) % {"day": local_date(on)}
    tables = [
        _coverage_table(
            "coverage-prison",
            _("Valid certificates by prison"),
            _("Prison"),
            prison_groups,
            courses,
            holders,
            share_note,
        ),
        _coverage_table(
            "coverage-post", _("Valid certificates by post"), _("Post"), post_groups, courses, holders, share_note
        ),
        _coverage_table(
            "coverage-sex", _("Valid certificates by sex"), _("Sex"), sex_groups, courses, holders, share_note
        ),
        FigureTable(
            slug="coverage-expiring",
            title=_("Certificates expiring within %(days)s days") % {"days": targets.expiring_within_days},
            columns=[_("Course"), _("Valid certificates"), _("Expiring")],
            rows=[
                [course.title, len(holders[course.pk]), expiring[course.pk]]
                for course in courses
                if course.validity_months
            ],
            chart="horizontal",
            charted_columns=[1, 2],
            note=_(
                "Certificates of staff in service valid on %(day)s that expire within the profile's days: "
                "the refresher to plan."
            )
            % {"day": local_date(on)},
        ),
        _centre_output(reach, on, nationwide, targets.centre_passes_per_year, str(targets.centre)),
        _elearning(reach, on, nationwide, targets.elearning_completions),
        _cascade(user, scope, prison_id, on, ids),
    ]
    return tables


def _centre_output(staff: QuerySet[StaffMember], on: date, nationwide: bool, target: int, centre: str) -> FigureTable:
    """Passes in the sessions of the national training centre (sessions held for no one prison)
    per year, of staff in service or not, against the centre's target (nationwide only)."""
    years = _years(on)
    passed = Participant.objects.filter(
        result=Result.PASSED,
        session__status=SessionStatus.HELD,
        session__prison__isnull=True,
        session__ends_on__gte=date(years[0], 1, 1),
        session__ends_on__lte=on,
    )
    if not nationwide:
        passed = passed.filter(staff__in=staff)
    passes = Counter(day.year for day in passed.values_list("session__ends_on", flat=True))
    return FigureTable(
        slug="coverage-centre",
        title=_("Passes at the training centre, by year"),
        columns=[_("Year"), _("Passes"), *([_("Target")] if nationwide else [])],
        rows=[[str(year), passes[year], *([target] if nationwide else [])] for year in years],
        chart="bar",
        charted_columns=[1, 2] if nationwide else [1],
        note=_(
            "%(centre)s: participants who passed a session it held, counted in the year of the session's "
            "last day (this year up to %(day)s)."
        )
        % {"centre": centre, "day": local_date(on)},
    )


def _elearning(staff: QuerySet[StaffMember], on: date, nationwide: bool, target: int) -> FigureTable:
    """Staff who completed an e-learning course (an e-learning certificate) each year and in all
    by the end of it, against the national target (nationwide only)."""
    years = _years(on)
    completions = Certificate.objects.filter(
        source=CertificateSource.ELEARNING, course__kind=CourseKind.ELEARNING, issued_on__lte=on
    )
    if not nationwide:
        completions = completions.filter(staff__in=staff)
    first: dict[int, date] = {}
    that_year: dict[int, set[int]] = defaultdict(set)
    for staff_id, issued_on in completions.values_list("staff_id", "issued_on"):
        first[staff_id] = min(first.get(staff_id, issued_on), issued_on)
        that_year[issued_on.year].add(staff_id)
    rows: list[list[Cell]] = []
    for year in years:
        in_all = sum(1 for day in first.values() if day.year <= year)
        rows.append([str(year), len(that_year[year]), in_all, *([target] if nationwide else [])])
    return FigureTable(
        slug="coverage-elearning",
        title=_("E-learning completions"),
        columns=[
            _("Year"),
            _("Staff completing"),
            _("Staff who have completed, in all"),
            *([_("Target")] if nationwide else []),
        ],
        rows=rows,
        chart="bar",
        charted_columns=[2, 3] if nationwide else [2],
        note=_(
            "Staff with an e-learning certificate issued that year, and since the first import, whatever its "
            "validity now (up to %(day)s)."
        )
        % {"day": local_date(on)},
    )


def _cascade(user: User, scope: frozenset[int] | None, prison_id: int | None, on: date, ids: set[int]) -> FigureTable:
    """The trainers of the cascade: who holds a valid training-of-trainers certificate on `on`, and
    the sessions each delivered (results recorded) this year with the staff who passed them.
    Nationwide: every trainer; for a director, their own staff certified as trainers and the
    trainers of the sessions held for their prisons or attended by their staff."""
    year = on.year
    sessions = session_scope(user).filter(status=SessionStatus.HELD, ends_on__year=year, ends_on__lte=on)
    if prison_id is not None:
        sessions = sessions.filter(
            Q(prison_id=prison_id)
            | Exists(Participant.objects.filter(session=OuterRef("pk"), staff__prison_id=prison_id))
        )
    delivered: Counter[int] = Counter()
    trained: Counter[int] = Counter()
    session_trainers: dict[int, list[int]] = defaultdict(list)
    pairs = TrainingSession.objects.filter(pk__in=sessions.values("pk")).values_list("pk", "trainers")
    for session_id, staff_id in pairs:
        if staff_id is not None:
            session_trainers[session_id].append(staff_id)
            delivered[staff_id] += 1
    passed = Counter(
        Participant.objects.filter(session__in=sessions, result=Result.PASSED).values_list("session_id", flat=True)
    )
    for session_id, trainers in session_trainers.items():
        for staff_id in trainers:
            trained[staff_id] += passed[session_id]
    trainer_certificates = Certificate.objects.filter(
        services.valid_on(on), course__kind=CourseKind.TRAINING_OF_TRAINERS, staff__is_active=True
    )
    if scope is not None or prison_id is not None:
        trainer_certificates = trainer_certificates.filter(Q(staff_id__in=ids) | Q(staff_id__in=list(delivered)))
    certified: Counter[int] = Counter(trainer_certificates.values_list("staff_id", flat=True))
    named = StaffMember.objects.in_bulk(set(certified) | set(delivered))
    order = sorted(named.values(), key=lambda s: (s.family_name, s.given_name, s.pk))
    return FigureTable(
        slug="coverage-trainers",
        title=_("Trainers and the sessions they delivered in %(year)s") % {"year": year},
        columns=[_("Trainer"), _("Valid trainer certificates"), _("Sessions delivered"), _("Staff who passed")],
        rows=[[str(s), certified[s.pk], delivered[s.pk], trained[s.pk]] for s in order],
        chart="horizontal",
        charted_columns=[2],
        note=_(
            "Trainers holding a valid training-of-trainers certificate on %(day)s, and every trainer of a "
            "session whose results were recorded this year."
        )
        % {"day": local_date(on)},
    )
