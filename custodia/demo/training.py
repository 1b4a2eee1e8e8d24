"""Staff training for the demo (training app): three years of the national training centre's
work, so that the coverage page shows a trend and answers how many officers of each prison hold a
valid Mandela Rules certificate, and how many trainers delivered how many sessions this year.

- Staff records. The demo log-ins' records (made with their accounts) get a post, a prison, a sex,
  a service number and a rank; their names stay their accounts'. Then the staff who do not use
  Custodia: at every prison about one per four to six places of official capacity (mostly prison
  officers; senior officers, case managers, programme and health-care staff, security officers and
  the management), a few at headquarters, the training centre's trainers, and a few who have left
  the service. More men than women, but for women's prisons; names of the country fitting the
  person's sex; service numbers and ranks in the country's style; the language the certificates
  are written in: Uganda English, Kazakhstan Russian or Kazakh, Tunisia French or Arabic (the name
  written in that language's script, as on the person's papers in it).
- The catalogue, through services.courses_load (training_courses/catalogue.yaml).
- The past, written as it was recorded on its days (bulk):
  - the centre's master trainers, certified by the programme's international partner before the
    service kept its training in Custodia (certificates without a session: the very first trainers
    cannot be certified through Custodia, where no one holds a training of trainers yet);
  - the Mandela Rules e-learning course from a pilot four months before the three years: more
    completions every year, each prison's staff taking it up at their own pace (about 25 to 75 %
    of them holding a valid certificate today), the pilot's expired, the first year's expiring;
    the platform's quarterly exports imported;
  - in the first months, the six P/CVE modules for the first cohort of future trainers, then
    their training of trainers by the masters (P/CVE and dynamic security; the Mandela Rules); a
    second cohort in the second year, trained by a master and a trainer of the first (a training
    of trainers qualifies its holders to deliver it: the cascade); the training of trainers in
    Custodia itself when it came, nine months ago;
  - sessions of the training centre, more each year toward the profile's
    `centre_passes_per_year` (scaled; at small scales at least what the cohorts make), and the
    cascade: sessions at the prisons by the trainers the cohorts certified, facilitated Mandela
    Rules sessions for officers without a computer, Custodia's on-the-job training at the largest
    prison; participants with their days attended and their scores, some who failed or did not
    complete; every trainer holding a valid trainer certificate on the session's first day;
- The present, through the services by the demo's `trainer` (one of the first cohort, whose trainer
  certificates now expire within the profile's days): the latest session's results recorded, a
  session past its last day whose results are still to record, sessions coming with their
  participants, and the platform's latest export imported with lines that match no one.
"""

import csv
import io
import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from custodia.core.profiles import get_profile
from custodia.estate.models import Prison
from custodia.register.choices import Sex
from custodia.training import rules, services
from custodia.training.choices import CertificateSource, CourseKind, Post, Result, SessionStatus
from custodia.training.models import Certificate, Course, ElearningImport, Participant, StaffMember, TrainingSession

from . import names
from .scenarios import SCENARIOS

TRAINER = "trainer"  # the demo log-in who keeps the training record and delivers sessions
HISTORY_MONTHS = 36
PILOT_MONTHS = 4  # the e-learning pilot before the history: its certificates have expired
# Who certified the master trainers, in the demo's language (a recognised certificate's issuer).
PARTNER = {
    "en": "UNODC regional training of trainers",
    "fr": "Formation régionale de formateurs de l'ONUDC",
    "ar": "التكوين الإقليمي للمكوّنين لمكتب الأمم المتحدة المعني بالمخدرات والجريمة",
    "ru": "Региональное обучение тренеров УНП ООН",
    "kk": "БҰҰ ЕҚБ өңірлік тренерлерді оқыту курсы",
}
CUSTODIA_MONTHS = 9  # Custodia came nine months ago, and its on-the-job training with it
LAST_IMPORT_DAYS = 30  # the platform's latest export: through the service, with its unmatched lines
HOURS_A_DAY = 8
MANDELA, TOT_PCVE, TOT_MANDELA, TOT_CUSTODIA, CUSTODIA, DYNAMIC = (
    "mandela-rules",
    "tot-pcve",
    "tot-mandela-rules",
    "tot-custodia",
    "custodia-use",
    "dynamic-security",
)
PCVE = (
    "pcve-1-radicalisation",
    "pcve-2-risk-needs",
    "pcve-3-dynamic-security-intelligence",
    "pcve-4-disengagement",
    "pcve-5-human-rights",
    "pcve-6-release-reintegration",
)
# The courses of the centre's sessions and of the prisons', by weight.
CENTRE_COURSES = {DYNAMIC: 3, PCVE[0]: 2, PCVE[1]: 1.5, PCVE[2]: 1.5, PCVE[3]: 1, PCVE[4]: 1.5, PCVE[5]: 1}
PRISON_COURSES = {DYNAMIC: 3, PCVE[0]: 2, PCVE[2]: 1.5, PCVE[4]: 1.5}
# The centre's passes each year as a share of its target: the year two years ago, last year, this year.
CENTRE_PACE = (0.6, 0.8, 0.95)
# Sessions at the prisons a year at full scale, and at least, for the same three years.
PRISON_SESSIONS, PRISON_FLOOR = (24, 36, 50), (2, 3, 4)
MANDELA_SESSIONS, MANDELA_FLOOR = (5, 8, 10), (1, 1, 1)


# -- the country's staff -------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffStyle:
    women_share: float  # of the staff of a men's prison
    ladders: dict[str, tuple[str, ...]]  # ranks from the lowest, by the record's language
    civilian_share: float  # of case managers, programme and health-care staff, who hold no rank
    language: str  # of the texts: places of sessions
    training_room: str  # "{prison}" replaced
    computer_room: str
    lowest_woman: str = ""  # the lowest rank of a woman where it has its own word


STYLES = {
    "uganda": StaffStyle(
        women_share=0.28,
        ladders={
            "en": (
                "Prisons Warder",
                "Corporal",
                "Sergeant",
                "Principal Officer II",
                "Principal Officer I",
                "Chief Officer",
                "Assistant Inspector of Prisons",
                "Inspector of Prisons",
                "Assistant Superintendent of Prisons",
                "Superintendent of Prisons",
                "Senior Superintendent of Prisons",
                "Assistant Commissioner of Prisons",
            )
        },
        civilian_share=0.15,
        language="en",
        training_room="{prison}, staff training room",
        computer_room="{prison}, computer room",
        lowest_woman="Prisons Wardress",
    ),
    "kazakhstan": StaffStyle(
        women_share=0.2,
        ladders={
            "ru": (
                "рядовой",
                "младший сержант",
                "сержант",
                "старший сержант",
                "старшина",
                "лейтенант",
                "старший лейтенант",
                "капитан",
                "майор",
                "подполковник",
                "полковник",
            ),
            "kk": (
                "қатардағы",
                "кіші сержант",
                "сержант",
                "аға сержант",
                "старшина",
                "лейтенант",
                "аға лейтенант",
                "капитан",
                "майор",
                "подполковник",
                "полковник",
            ),
        },
        civilian_share=0.5,
        language="ru",
        training_room="{prison}, учебный класс",
        computer_room="{prison}, компьютерный класс",
    ),
    "tunisia": StaffStyle(
        women_share=0.22,
        ladders={
            "fr": (
                "Agent",
                "Caporal",
                "Caporal-chef",
                "Sergent",
                "Sergent-chef",
                "Adjudant",
                "Adjudant-chef",
                "Lieutenant",
                "Capitaine",
                "Commandant",
                "Lieutenant-colonel",
                "Colonel",
            ),
            "ar": (
                "عون",
                "عريف",
                "عريف أول",
                "رقيب",
                "رقيب أول",
                "وكيل",
                "وكيل أول",
                "ملازم",
                "نقيب",
                "رائد",
                "مقدم",
                "عقيد",
            ),
        },
        civilian_share=0.4,
        language="fr",
        training_room="{prison}, salle de formation",
        computer_room="{prison}, salle informatique",
    ),
}
# The steps of the ladder each post's ranks are drawn from (the lower ones likelier).
RANK_STEPS: dict[str, tuple[int, int]] = {
    Post.PRISON_OFFICER: (0, 3),
    Post.SENIOR_OFFICER: (3, 6),
    Post.SECURITY: (2, 7),
    Post.CASE_MANAGER: (5, 8),
    Post.PROGRAMME_STAFF: (4, 7),
    Post.HEALTH_CARE: (5, 8),
    Post.MANAGEMENT: (8, 10),
    Post.HEADQUARTERS: (6, 10),
    Post.TRAINER: (6, 8),
}
CIVILIAN_POSTS = {Post.CASE_MANAGER, Post.PROGRAMME_STAFF, Post.HEALTH_CARE}

M, F = Sex.MALE, Sex.FEMALE
# The demo log-ins: post, whether they work at the largest prison, sex, rank step (None: no rank).
LOGINS: dict[str, tuple[str, bool, str, int | None]] = {
    "admin": (Post.HEADQUARTERS, False, M, 9),
    "reception": (Post.PRISON_OFFICER, True, M, 2),
    "wing": (Post.PRISON_OFFICER, True, M, 1),
    "casemanager": (Post.CASE_MANAGER, True, F, 7),
    "psychologist": (Post.CASE_MANAGER, True, F, None),
    "coordinator": (Post.PROGRAMME_STAFF, True, F, 6),
    "facilitator": (Post.PROGRAMME_STAFF, True, M, 4),
    "security": (Post.SECURITY, True, M, 6),
    "director": (Post.MANAGEMENT, True, M, 10),
    "deputy": (Post.MANAGEMENT, True, F, 9),
    "health": (Post.HEALTH_CARE, True, F, None),
    "hq": (Post.HEADQUARTERS, False, M, 9),
    "analyst": (Post.HEADQUARTERS, False, F, None),
    TRAINER: (Post.TRAINER, False, F, 8),
    "auditor": (Post.HEADQUARTERS, False, M, 8),
    "complaints": (Post.HEADQUARTERS, False, F, 7),
    "visits": (Post.PRISON_OFFICER, True, F, 2),
    # Of the independent inspection body, not of the service: no rank, no service number.
    "inspector": (Post.OTHER, False, M, None),
    "sysadmin": (Post.HEADQUARTERS, False, M, None),
}
LOGIN_LANGUAGE = {"uganda": "en", "kazakhstan": "ru", "tunisia": "fr"}


def _given_names() -> dict[str, dict[str, frozenset[str]]]:
    """The given names the demo may give each sex, per country (for the checks)."""
    ug_male = {n for p in names.UGANDA_PEOPLES for n in p.male} | set(names._UG_MUSLIM_MALE)
    ug_female = {n for p in names.UGANDA_PEOPLES for n in p.female} | set(names._UG_MUSLIM_FEMALE)
    return {
        "uganda": {M: frozenset(ug_male), F: frozenset(ug_female)},
        "kazakhstan": {
            M: frozenset(n for p in names.KAZAKHSTAN_PEOPLES for n in p.male),
            F: frozenset(n for p in names.KAZAKHSTAN_PEOPLES for n in p.female),
        },
        "tunisia": {
            M: frozenset(n for pair in names.TN_MALE for n in pair),
            F: frozenset(n for pair in names.TN_FEMALE for n in pair),
        },
    }


GIVEN_NAMES = _given_names()


def sexes_of_given_name(country: str, given: str) -> set[str]:
    """The sexes whose names `given` begins with (a given name, a father's name may follow)."""
    return {
        sex
        for sex, pool in GIVEN_NAMES[country].items()
        if any(given == name or given.startswith(name + " ") for name in pool)
    }


# -- what the demo made ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingMade:
    staff: int
    sessions: int
    certificates: int
    elearning: int  # certificates from the e-learning platform
    unmatched: int  # lines of the platform's latest export that matched no one
    coming: int  # the demo trainer's sessions coming
    results_due: int  # the demo trainer's sessions whose results are still to record


@dataclass
class _Member:
    pk: int
    prison_id: int | None
    region_id: int | None
    post: str
    left_on: date | None = None  # left the service (no longer in it)
    user: str = ""  # a demo log-in's username


@dataclass
class _Row:
    staff: int
    attended: list[date]
    score: int | None
    result: str


@dataclass
class _Session:
    course: Course
    starts_on: date
    ends_on: date
    place: str
    prison_id: int | None
    trainers: list[int]
    rows: list[_Row] = field(default_factory=list)


@dataclass(frozen=True)
class _Slot:
    """A week a session starts: one planned (its course, prison and people), or one of the
    centre's, the cascade's or a facilitated Mandela Rules session, chosen on the day."""

    day: date
    order: int
    kind: str  # who delivers a planned one (masters, cascade, centre, trainer); else centre, prison, mandela
    course: Course | None = None
    prison: int | None = None
    people: Sequence[int] = ()


@dataclass
class _Staff:
    members: list[_Member]
    by_prison: dict[int | None, list[_Member]]
    masters: list[int]  # the centre's master trainers
    centre_trainers: list[int]  # the centre's trainers, the demo trainer among them
    cohorts: tuple[list[int], list[int]]  # of future trainers: the first year's, the second's
    trainer: int  # the demo trainer's record


def make_training(*, country: str, workplace_id: int, today: date, rng: Random) -> TrainingMade | None:
    """Everything above; None when there is no demo trainer to keep the record (accounts that
    existed before the demo)."""
    user = get_user_model().objects.filter(username=TRAINER).first()
    if user is None or not user.has_perm(services.MANAGE) or services.elearning_refusal(user) is not None:
        return None
    # The services refuse results before a session's last day: a demo dated earlier (a test's fixed
    # day) has its training around the real today.
    today = max(today, timezone.localdate())
    style = STYLES.get(country, STYLES["uganda"])
    services.courses_load(actor=user)
    courses = {course.code: course for course in Course.objects.prefetch_related("prerequisites", "trainer_courses")}
    prisons = list(Prison.objects.filter(is_active=True).order_by("pk"))
    scale = sum(p.official_capacity for p in prisons) / SCENARIOS[country].capacity
    staff = _staff(country, style, prisons, workplace_id, today, rng)
    history = _History(rng, courses, staff, today, style, country, prisons)
    history.elearning(prisons)
    history.founding()
    history.run(workplace_id, scale)
    history.write(user)
    present = _Present(user, history, workplace_id, prisons)
    present.sessions()
    unmatched = present.elearning_import(country)
    mine = TrainingSession.objects.filter(trainers=staff.trainer, status=SessionStatus.PLANNED)
    return TrainingMade(
        staff=StaffMember.objects.count(),
        sessions=TrainingSession.objects.count(),
        certificates=Certificate.objects.count(),
        elearning=Certificate.objects.filter(source=CertificateSource.ELEARNING).count(),
        unmatched=unmatched,
        coming=mine.filter(ends_on__gt=today).count(),
        results_due=mine.filter(ends_on__lte=today).count(),
    )


# -- staff records ---------------------------------------------------------------------------------


def _posts(n: int) -> list[Post]:
    """The posts of a prison's n staff."""
    management = 1 + (n >= 40) + (n >= 150)
    senior = max(1, round(n * 0.1))
    security = max(1, round(n * 0.04))
    case = round(n * 0.04) or int(n >= 12)
    programme = round(n * 0.035) or int(n >= 20)
    health = round(n * 0.035) or int(n >= 15)
    officers = n - management - senior - security - case - programme - health
    return (
        [Post.MANAGEMENT] * management
        + [Post.SENIOR_OFFICER] * senior
        + [Post.SECURITY] * security
        + [Post.CASE_MANAGER] * case
        + [Post.PROGRAMME_STAFF] * programme
        + [Post.HEALTH_CARE] * health
        + [Post.PRISON_OFFICER] * officers
    )


def _women_share(style: StaffStyle, post: str, prison_type: str | None) -> float:
    if prison_type == "women":
        return 0.85
    share = style.women_share + (0.15 if prison_type == "juvenile" else 0)
    return min(share + (0.25 if post in CIVILIAN_POSTS else 0), 0.8)


def _name(country: str, rng: Random, male: bool) -> tuple[str, str, str]:
    """Family name, given names and the record's language."""
    if country == "kazakhstan":
        people = rng.choices(names.KAZAKHSTAN_PEOPLES, weights=names.KAZAKHSTAN_PEOPLE_WEIGHTS)[0]
        primary, _others = names.kazakhstan_names(rng, people, male)
        language = "kk" if people.key == "kazakh" and rng.random() < 0.45 else "ru"
        return primary.family_name, primary.given_names, language
    if country == "tunisia":
        primary, others = names.tunisia_names(rng, "TN", male)
        if rng.random() < 0.4:
            return others[0].family_name, others[0].given_names, "fr"
        return primary.family_name, primary.given_names, "ar"
    people = rng.choices(names.UGANDA_PEOPLES, weights=names.UGANDA_PEOPLE_WEIGHTS)[0]
    primary, _others = names.uganda_names(rng, people, male)
    return primary.family_name, primary.given_names, "en"


def _rank(style: StaffStyle, rng: Random, post: str, language: str, female: bool, step: int | None = None) -> str:
    if post == Post.OTHER or (step is None and post in CIVILIAN_POSTS and rng.random() < style.civilian_share):
        return ""
    ladder = style.ladders.get(language) or next(iter(style.ladders.values()))
    if step is None:
        lo, hi = RANK_STEPS.get(post, (0, 3))
        steps = list(range(lo, hi + 1))
        step = rng.choices(steps, weights=[len(steps) - i for i in range(len(steps))])[0]
    step = min(step, len(ladder) - 1)
    if step == 0 and female and style.lowest_woman:
        return style.lowest_woman
    return ladder[step]


class _Numbers:
    """Service numbers in the country's style, each once."""

    def __init__(self, country: str, rng: Random, count: int) -> None:
        self.country = country
        self.rng = rng
        low, high = (10_000, 99_999) if country == "uganda" else (100_000, 999_999)
        self.numbers = iter(rng.sample(range(low, high), count + 10))

    def next(self) -> str:
        n = next(self.numbers)
        if self.country == "kazakhstan":
            return f"{self.rng.choice('АБВГДЕЖИКЛМНПРСТ')}-{n:06d}"
        if self.country == "tunisia":
            return f"DGPR/{n:06d}"
        return f"UPS/S/{n:05d}"

    def unknown(self) -> str:
        """A number no one has, in the same style (a line of the platform's export that matches no one)."""
        taken = set(StaffMember.objects.values_list("service_number", flat=True))
        while (number := self.next()) in taken:
            pass
        return number


def _staff(
    country: str, style: StaffStyle, prisons: list[Prison], workplace_id: int, today: date, rng: Random
) -> _Staff:
    sizes = {p.pk: max(5, round(p.official_capacity / rng.uniform(4.0, 6.0))) for p in prisons}
    total = sum(sizes.values())
    headquarters = max(2, round(total * 0.015))
    centre = max(2, min(8, round(total / 600)))
    master_count = 2 if total < 2000 else 3
    numbers = _Numbers(country, rng, total + headquarters + centre + master_count + len(LOGINS))
    region = {p.pk: p.region_id for p in prisons}
    records: list[StaffMember] = []
    members: list[_Member] = []

    def add(post: str, prison: Prison | None, female: bool, step: int | None = None, left: bool = False) -> None:
        family, given, language = _name(country, rng, not female)
        records.append(
            StaffMember(
                family_name=family,
                given_name=given,
                service_number=numbers.next(),
                rank=_rank(style, rng, post, language, female, step),
                post=post,
                prison=prison,
                sex=F if female else M,
                language=language,
                is_active=not left,
            )
        )
        left_on = today - timedelta(days=rng.randint(20, 330)) if left else None
        prison_id = prison.pk if prison else None
        members.append(_Member(0, prison_id, region.get(prison_id) if prison_id else None, post, left_on))

    def women(posts: Sequence[str], prison: Prison | None) -> set[int]:
        """Which of the staff are women: as many as their posts' shares make, likelier where the
        post's share is higher."""
        shares = [_women_share(style, post, prison.prison_type if prison else None) for post in posts]
        keyed = sorted(((rng.random() ** (1 / share), i) for i, share in enumerate(shares)), reverse=True)
        return {i for _key, i in keyed[: round(sum(shares))]}

    # A few prison officers have left the service in the last year (their records stay).
    officers = [(p.pk, i) for p in prisons for i, post in enumerate(_posts(sizes[p.pk])) if post == Post.PRISON_OFFICER]
    leavers = set(rng.sample(officers, min(len(officers), max(1, round(total * 0.02)))))
    for prison in prisons:
        posts = _posts(sizes[prison.pk])
        female = women(posts, prison)
        for i, post in enumerate(posts):
            add(post, prison, i in female, left=(prison.pk, i) in leavers)
    for post, count, step in ((Post.HEADQUARTERS, headquarters, None), (Post.TRAINER, centre, None)):
        female = women([post] * count, None)
        for i in range(count):
            add(post, None, i in female, step)
    first_centre = len(records) - centre
    first_master = len(records)
    for i in range(master_count):
        add(Post.TRAINER, None, i == 1, step=9)
    for member, saved in zip(members, StaffMember.objects.bulk_create(records, batch_size=2000), strict=True):
        member.pk = saved.pk
    logins = _login_records(country, style, numbers, prisons, workplace_id, rng)
    for username, (pk, their_post, prison_id) in logins.items():
        members.append(_Member(pk, prison_id, region.get(prison_id) if prison_id else None, their_post, user=username))
    by_prison: dict[int | None, list[_Member]] = defaultdict(list)
    for member in members:
        by_prison[member.prison_id].append(member)
    trainer = logins[TRAINER][0]
    centre_trainers = [trainer] + [m.pk for m in members[first_centre:first_master]]
    return _Staff(
        members=members,
        by_prison=by_prison,
        masters=[m.pk for m in members[first_master : first_master + master_count]],
        centre_trainers=centre_trainers,
        cohorts=_cohorts(prisons, sizes, by_prison, centre_trainers, total),
        trainer=trainer,
    )


def _login_records(
    country: str, style: StaffStyle, numbers: _Numbers, prisons: list[Prison], workplace_id: int, rng: Random
) -> dict[str, tuple[int, str, int | None]]:
    """Completes the demo log-ins' records (those the training centre has not completed already:
    an account that existed before keeps its record)."""
    found: dict[str, tuple[int, str, int | None]] = {}
    language = LOGIN_LANGUAGE.get(country, "en")
    records = StaffMember.objects.filter(user__username__in=LOGINS).select_related("user")
    changed = []
    for record in records:
        username = record.user.username if record.user else ""
        if username not in LOGINS:
            continue
        post, at_workplace, sex, step = LOGINS[username]
        if record.service_number == "" and record.post == Post.OTHER:
            record.post = post
            record.prison_id = workplace_id if at_workplace else None
            record.sex = sex
            record.language = language
            if post != Post.OTHER:
                record.service_number = numbers.next()
                record.rank = "" if step is None else _rank(style, rng, post, language, sex == F, step)
            changed.append(record)
        found[username] = (record.pk, record.post, record.prison_id)
    StaffMember.objects.bulk_update(changed, ["post", "prison", "sex", "language", "service_number", "rank"])
    return found


def _cohorts(
    prisons: list[Prison],
    sizes: dict[int, int],
    by_prison: dict[int | None, list[_Member]],
    centre_trainers: list[int],
    total: int,
) -> tuple[list[int], list[int]]:
    """The future trainers: the centre's trainers and officers of the largest prisons in the first
    year, officers of the next prisons in the second (one per prison, its senior officer, security
    officer or case manager)."""
    first_count = max(2, min(8, round(total / 500)))
    second_count = max(1, min(12, round(total / 400)))
    picked: list[int] = []
    for prison in sorted(prisons, key=lambda p: (-sizes[p.pk], p.pk)):
        choice = next(
            (
                m.pk
                for post in (Post.SENIOR_OFFICER, Post.SECURITY, Post.CASE_MANAGER)
                for m in by_prison[prison.pk]
                if m.post == post and m.left_on is None and not m.user
            ),
            None,
        )
        if choice is not None:
            picked.append(choice)
        if len(picked) == first_count + second_count:
            break
    return centre_trainers + picked[:first_count], picked[first_count:]


# -- the past ---------------------------------------------------------------------------------------


def _monday(day: date) -> date:
    """`day` if it is a Monday, else the next Monday."""
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _week(day: date) -> date:
    """The Monday of `day`'s week: who is busy is counted by week."""
    return day - timedelta(days=day.weekday())


def _days_of(course: Course) -> int:
    return max(1, min(5, math.ceil(course.hours / HOURS_A_DAY)))


class _History:
    """The past, held in memory in the order of its days (who holds which certificate when, who is
    busy which week), then written in bulk."""

    def __init__(
        self,
        rng: Random,
        courses: dict[str, Course],
        staff: _Staff,
        today: date,
        style: StaffStyle,
        country: str,
        prisons: list[Prison],
    ) -> None:
        self.rng = rng
        self.courses = courses
        self.staff = staff
        self.today = today
        self.style = style
        self.start = rules.add_months(today, -HISTORY_MONTHS)
        self.prisons = {p.pk: p for p in prisons}
        profile = get_profile(country)
        self.target = profile.training.centre_passes_per_year
        self.centre = getattr(profile.training.centre, style.language)
        self.held: dict[tuple[int, int], list[tuple[date, date | None]]] = defaultdict(list)
        self.busy: set[tuple[int, date]] = set()
        self.sessions: list[_Session] = []
        self.founded: list[tuple[int, Course, date]] = []
        self.completions: list[tuple[int, date, int]] = []  # e-learning: staff, day, score
        self.members = {m.pk: m for m in staff.members}
        self.group = 6  # participants of a session of the centre
        # Who may deliver each course: the holders of a training of trainers that qualifies for it
        # (a training of trainers qualifies for itself).
        self.qualifying = {course.pk: [c.pk for c in course.trainer_courses.all()] for course in courses.values()}
        self.prerequisites = {course.pk: [c.pk for c in course.prerequisites.all()] for course in courses.values()}

    # what is known on a day

    def hold(self, pk: int, course: Course, issued: date) -> None:
        self.held[(pk, course.pk)].append((issued, rules.valid_until(issued, course.validity_months)))

    def valid(self, pk: int, course_pk: int, day: date) -> bool:
        return any(issued <= day and rules.is_valid_on(until, day) for issued, until in self.held[(pk, course_pk)])

    def may_deliver(self, pk: int, course: Course, day: date) -> bool:
        member = self.members[pk]
        in_service = member.left_on is None or day < member.left_on
        return in_service and any(self.valid(pk, q, day) for q in self.qualifying[course.pk])

    def may_attend(self, member: _Member, course: Course, day: date) -> bool:
        """In service, free that week, without a certificate still valid some months on, and
        holding the prerequisites."""
        return (
            (member.left_on is None or day < member.left_on)
            and (member.pk, _week(day)) not in self.busy
            and not self.valid(member.pk, course.pk, day + timedelta(days=120))
            and all(self.valid(member.pk, p, day) for p in self.prerequisites[course.pk])
        )

    # e-learning

    def elearning(self, prisons: list[Prison]) -> None:
        """Each prison's staff take the Mandela Rules course up at their own pace: a share of those
        in service (25 % to 70 %, prison by prison) hold a certificate issued in the last three
        years, more of them each year; some who took it in the pilot let it expire; the masters and
        the cohorts took it in the pilot and again lately (the demo trainer in the latest export)."""
        course = self.courses[MANDELA]
        rng = self.rng
        order = list(prisons)
        rng.shuffle(order)
        shares: dict[int | None, float] = {p.pk: 0.25 + 0.45 * i / max(1, len(order) - 1) for i, p in enumerate(order)}
        shares[None] = 0.85
        pilot = rules.add_months(self.today, -HISTORY_MONTHS - PILOT_MONTHS)
        valid_from = self.start + timedelta(days=1)
        span = (self.today - valid_from).days
        keen = set(self.staff.masters) | set(self.staff.cohorts[0]) | set(self.staff.cohorts[1])
        for prison_id, members in self.staff.by_prison.items():
            chosen = [m for m in members if m.pk not in keen and m.left_on is None]
            rng.shuffle(chosen)
            count = round(shares.get(prison_id, 0.5) * len(chosen))
            for member in chosen[:count]:
                # More completions each year: the day's weight grows with time (the square root of
                # a uniform draw), but for a quarter of them, spread evenly.
                draw = rng.random()
                day = valid_from + timedelta(days=int(span * (draw if rng.random() < 0.25 else math.sqrt(draw))))
                self._complete(member.pk, course, day)
                if day > self.today - timedelta(days=240) and rng.random() < 0.2:
                    self._complete(member.pk, course, pilot + timedelta(days=rng.randint(0, 110)))
            for member in chosen[count:]:
                if rng.random() < 0.08:
                    self._complete(member.pk, course, pilot + timedelta(days=rng.randint(0, 110)))
            for member in members:
                if member.left_on is not None and rng.random() < 0.5:
                    self._complete(member.pk, course, member.left_on - timedelta(days=rng.randint(60, 700)))
        for pk in sorted(keen):
            self._complete(pk, course, pilot + timedelta(days=rng.randint(0, 90)))
            latest = rng.randint(2, LAST_IMPORT_DAYS - 5) if pk == self.staff.trainer else rng.randint(2, 55)
            self._complete(pk, course, self.today - timedelta(days=latest))

    def _complete(self, pk: int, course: Course, day: date) -> None:
        self.hold(pk, course, day)
        self.completions.append((pk, day, min(100, max(course.pass_mark, round(self.rng.gauss(86, 7))))))

    # the masters (their certificates are recognised: services.certificate_recognise)

    def founding(self) -> None:
        """The master trainers' certificates from the international partner, before the history:
        the P/CVE modules and their trainings of trainers, and Custodia's when it came."""
        issued = self.start - timedelta(days=45)
        custodia = rules.add_months(self.today, -CUSTODIA_MONTHS)
        for pk in self.staff.masters:
            for code in PCVE:
                self._found(pk, code, issued - timedelta(days=14))
            self._found(pk, TOT_PCVE, issued)
            self._found(pk, TOT_MANDELA, issued)
            self._found(pk, CUSTODIA, custodia - timedelta(days=14))
            self._found(pk, TOT_CUSTODIA, custodia)

    def _found(self, pk: int, code: str, day: date) -> None:
        self.hold(pk, self.courses[code], day)
        self.founded.append((pk, self.courses[code], day))

    # the sessions

    def run(self, workplace_id: int, scale: float) -> None:
        """The sessions of the three years in the order of their days: the cohorts' and the
        trainings of trainers as planned, the centre's sessions to reach each year's pace, the
        cascade at the prisons once there are trainers for it."""
        c = self.courses
        first = _monday(self.start)
        second = _monday(rules.add_months(self.today, -22))
        custodia = _monday(rules.add_months(self.today, -CUSTODIA_MONTHS) + timedelta(days=14))
        cohort1, cohort2 = self.staff.cohorts
        centre = self.staff.centre_trainers
        fixed: list[_Slot] = []
        for n, code in enumerate(PCVE):
            fixed.append(_Slot(first + timedelta(weeks=n), 0, "masters", c[code], None, cohort1))
            fixed.append(_Slot(second + timedelta(weeks=n), 0, "centre", c[code], None, cohort2))
        workplace = [m.pk for m in self.staff.by_prison[workplace_id] if m.left_on is None]
        users_first = sorted(workplace, key=lambda pk: (not self.members[pk].user, pk))
        fixed += [
            _Slot(first + timedelta(weeks=7), 0, "masters", c[TOT_PCVE], None, cohort1),
            _Slot(first + timedelta(weeks=9), 0, "masters", c[TOT_MANDELA], None, cohort1),
            _Slot(second + timedelta(weeks=7), 0, "cascade", c[TOT_PCVE], None, cohort2),
            _Slot(custodia, 0, "masters", c[CUSTODIA], None, centre[:3]),
            _Slot(custodia + timedelta(weeks=2), 0, "masters", c[TOT_CUSTODIA], None, centre[:3]),
            _Slot(custodia + timedelta(weeks=5), 0, "trainer", c[CUSTODIA], workplace_id, users_first[:12]),
        ]
        slots = fixed + self._centre_slots(fixed, scale, first) + self._prison_slots(scale, first + timedelta(weeks=10))
        slots.sort(key=lambda slot: (slot.day, slot.order))
        for slot in slots:
            if slot.course is not None:
                trainers = self._trainers(slot.course, slot.day, slot.kind)
                if trainers:
                    self._hold_session(slot.course, slot.day, slot.prison, trainers, slot.people, sure=centre)
            elif slot.kind == "centre":
                self._centre_session(slot.day)
            elif slot.kind == "prison":
                self._prison_session(slot.day)
            elif slot.kind == "mandela":
                self._mandela_session(slot.day)

    def _window(self, year: int, begin: date) -> list[date]:
        """The Mondays of `year` a session may start on: from `begin`, not over the new year's
        holidays, and ending three weeks before today at the latest."""
        first = max(date(year, 1, 8), begin)
        last = min(date(year, 12, 12), self.today - timedelta(days=21))
        weeks = []
        day = _monday(first)
        while day <= last:
            weeks.append(day)
            day += timedelta(weeks=1)
        return weeks

    def _pace(self, year: int, shares: Sequence[float]) -> float:
        """The share of the year two years ago, last year or this year; earlier years less."""
        back = self.today.year - year
        return shares[2 - back] if 0 <= back <= 2 else shares[0] * 0.8

    def _centre_slots(self, fixed: list[_Slot], scale: float, begin: date) -> list[_Slot]:
        """The centre's sessions each year, enough to reach the year's pace of its target (scaled,
        and at least what the cohorts make in a year)."""
        made: dict[int, float] = defaultdict(float)
        for slot in fixed:
            if slot.prison is None:
                made[slot.day.year] += 0.9 * len(slot.people)
        charted = range(self.today.year - 2, self.today.year + 1)
        target = max(self.target * scale, *(made[y] / self._pace(y, CENTRE_PACE) for y in charted))
        self.group = max(6, min(20, round(target / 10)))
        slots = []
        for year in range(self.start.year, self.today.year + 1):
            weeks = self._window(year, begin)
            if not weeks:
                continue
            wanted = self._pace(year, CENTRE_PACE) * target * min(1.0, len(weeks) / 48) - made[year]
            count = max(0, math.ceil(wanted / (self.group * 0.85)))
            slots += [_Slot(day, 1, "centre") for day in self.rng.choices(weeks, k=count)]
        return slots

    def _prison_slots(self, scale: float, begin: date) -> list[_Slot]:
        """The cascade's sessions at the prisons, and facilitated Mandela Rules sessions, more each year."""
        slots = []
        for year in range(self.start.year, self.today.year + 1):
            weeks = self._window(year, begin)
            if not weeks:
                continue
            share = min(1.0, len(weeks) / 48)
            for kind, counts, floors in (
                ("prison", PRISON_SESSIONS, PRISON_FLOOR),
                ("mandela", MANDELA_SESSIONS, MANDELA_FLOOR),
            ):
                count = max(round(self._pace(year, floors)), round(self._pace(year, counts) * scale))
                slots += [_Slot(day, 2, kind) for day in self.rng.choices(weeks, k=max(1, round(count * share)))]
        return slots

    def _trainers(self, course: Course, day: date, who: str, pool: Iterable[int] = ()) -> list[int]:
        """A trainer free that week who may deliver the course on its first day (two for a training
        of trainers): the masters, a master and a trainer of the first cohort (the cascade), the
        demo trainer, the centre's trainers other than the masters, or those of `pool`."""
        week = _week(day)
        if who == "masters":
            candidates = list(self.staff.masters)
        elif who == "cascade":
            candidates = self.staff.masters[:1] + [pk for pk in self.staff.centre_trainers if pk != self.staff.trainer]
        elif who == "trainer":
            candidates = [self.staff.trainer]
        elif who == "centre":
            candidates = [pk for pk in self.staff.centre_trainers if pk not in self.staff.masters]
        else:
            candidates = list(pool)
        free = [pk for pk in candidates if (pk, week) not in self.busy and self.may_deliver(pk, course, day)]
        if not free:
            return []
        if who == "masters" and course.kind == CourseKind.TRAINING_OF_TRAINERS:
            return free[:2]
        if who == "cascade":
            return free[:1] + self.rng.sample(free[1:], min(1, len(free) - 1))
        weights = [2.0 if pk == self.staff.trainer else 1.0 for pk in free]
        return [self.rng.choices(free, weights=weights)[0]]

    def _hold_session(
        self,
        course: Course,
        day: date,
        prison: int | None,
        trainers: list[int],
        people: Iterable[int],
        sure: Collection[int] = (),
        place: str = "",
    ) -> _Session | None:
        week = _week(day)
        participants = [
            pk for pk in dict.fromkeys(people) if pk not in trainers and self.may_attend(self.members[pk], course, day)
        ]
        if not participants:
            return None
        days = [day + timedelta(days=n) for n in range(_days_of(course))]
        if not place:
            place = self.centre if prison is None else self.style.training_room.format(prison=self.prisons[prison].name)
        session = _Session(course, days[0], days[-1], place, prison, trainers)
        for pk in trainers:
            self.busy.add((pk, week))
        for pk in participants:
            self.busy.add((pk, week))
            session.rows.append(self._result(course, days, pk, pk in sure))
            if session.rows[-1].result == Result.PASSED:
                self.hold(pk, course, days[-1])
        self.sessions.append(session)
        return session

    def _result(self, course: Course, days: list[date], pk: int, sure: bool) -> _Row:
        rng = self.rng
        attended = list(days)
        if not sure:
            roll = rng.random()
            if roll < 0.05:
                attended = days[: len(days) // 2]  # fell ill, called back to duty
            elif roll < 0.12 and len(days) >= 5:
                attended.remove(rng.choice(days))
        mean = 84 if course.kind == CourseKind.TRAINING_OF_TRAINERS else 81
        score: int | None = max(35, min(100, round(rng.gauss(mean, 9))))
        if sure:
            score = rng.randint(max(course.pass_mark + 5, 78), 96)
        elif len(attended) * 100 < course.attendance_needed * len(days):
            score = None  # not assessed
        result = rules.result_of(
            days_attended=len(attended),
            days_held=len(days),
            score=score,
            pass_mark=course.pass_mark,
            attendance_needed=course.attendance_needed,
        )
        return _Row(pk, attended, score, result)

    def _course(self, weights: dict[str, float]) -> Course:
        codes = list(weights)
        return self.courses[self.rng.choices(codes, weights=[weights[c] for c in codes])[0]]

    def meant(self, member: _Member, course: Course) -> bool:
        return not course.audience or member.post in course.audience

    def _centre_session(self, day: date) -> None:
        course = self._course(CENTRE_COURSES)
        pool = self.staff.centre_trainers + self.staff.masters
        trainers = self._trainers(course, day, "pool", pool)
        if not trainers:
            return
        people = [
            m.pk
            for m in self.staff.members
            if m.post not in (Post.TRAINER, Post.OTHER) and self.meant(m, course) and self.may_attend(m, course, day)
        ]
        self._hold_session(course, day, None, trainers, self.rng.sample(people, min(self.group, len(people))))

    def _cascade_trainers(self, course: Course, day: date, prison: Prison) -> list[int]:
        """Trainers of the prison first, then of its region, then the centre's."""
        week = _week(day)
        ranked: list[tuple[int, int]] = []
        for pk in {*self.staff.cohorts[0], *self.staff.cohorts[1]}:
            member = self.members[pk]
            if (pk, week) in self.busy or not self.may_deliver(pk, course, day):
                continue
            if member.prison_id == prison.pk:
                ranked.append((0, pk))
            elif member.prison_id is not None and member.region_id == prison.region_id:
                ranked.append((1, pk))
            elif member.prison_id is None:
                ranked.append((2, pk))
        if not ranked:
            return []
        best = min(rank for rank, _pk in ranked)
        return [self.rng.choice(sorted(pk for rank, pk in ranked if rank == best))]

    def _prison(self, weight: dict[int, float]) -> Prison:
        pks = sorted(weight)
        return self.prisons[self.rng.choices(pks, weights=[weight[pk] for pk in pks])[0]]

    def _prison_session(self, day: date) -> None:
        prison = self._prison({pk: len(self.staff.by_prison[pk]) for pk in self.prisons})
        course = self._course(PRISON_COURSES)
        trainers = self._cascade_trainers(course, day, prison)
        people = [
            m.pk for m in self.staff.by_prison[prison.pk] if self.meant(m, course) and self.may_attend(m, course, day)
        ]
        if trainers and len(people) >= 3:
            size = max(4, min(18, round(len(self.staff.by_prison[prison.pk]) * 0.3)))
            self._hold_session(course, day, prison.pk, trainers, self.rng.sample(people, min(size, len(people))))

    def _mandela_session(self, day: date) -> None:
        """Officers without a computer take the Mandela Rules course in a facilitated session, at a
        prison where fewer than half will hold it today (a quarter of its staff at most)."""
        course = self.courses[MANDELA]
        shares = {
            pk: sum(self.valid(m.pk, course.pk, self.today) for m in members) / max(1, len(members))
            for pk, members in self.staff.by_prison.items()
            if pk is not None
        }
        low = {pk: 0.5 - share for pk, share in shares.items() if share < 0.5}
        if not low:
            return
        prison = self._prison(low)
        staff = self.staff.by_prison[prison.pk]
        trainers = self._cascade_trainers(course, day, prison)
        people = [
            m.pk for m in staff if self.may_attend(m, course, day) and not self.valid(m.pk, course.pk, self.today)
        ]
        size = min(12, round(len(staff) * 0.25), len(people))
        if trainers and size >= 3:
            place = self.style.computer_room.format(prison=prison.name)
            self._hold_session(course, day, prison.pk, trainers, self.rng.sample(people, size), place=place)

    # writing

    def write(self, user: User) -> None:
        """The sessions held, their trainers and participants, and every certificate of the past
        (the platform's latest export is left to the import)."""
        sessions = TrainingSession.objects.bulk_create(
            [
                TrainingSession(
                    course=s.course,
                    starts_on=s.starts_on,
                    ends_on=s.ends_on,
                    place=s.place,
                    prison_id=s.prison_id,
                    status=SessionStatus.HELD,
                    created_by=user,
                )
                for s in self.sessions
            ],
            batch_size=1000,
        )
        zone = timezone.get_current_timezone()
        for saved, s in zip(sessions, self.sessions, strict=True):
            saved.created_at = datetime.combine(s.starts_on - timedelta(days=30), time(9), tzinfo=zone)
        TrainingSession.objects.bulk_update(sessions, ["created_at"], batch_size=1000)
        through = TrainingSession.trainers.through
        through.objects.bulk_create(
            [
                through(trainingsession_id=saved.pk, staffmember_id=pk)
                for saved, s in zip(sessions, self.sessions, strict=True)
                for pk in s.trainers
            ],
            batch_size=2000,
        )
        rows = [(saved, s, row) for saved, s in zip(sessions, self.sessions, strict=True) for row in s.rows]
        participants = Participant.objects.bulk_create(
            [
                Participant(
                    session_id=saved.pk,
                    staff_id=row.staff,
                    days_attended=[d.isoformat() for d in row.attended],
                    score=row.score,
                    result=row.result,
                )
                for saved, _s, row in rows
            ],
            batch_size=2000,
        )
        last_import = self.today - timedelta(days=LAST_IMPORT_DAYS)
        past_completions = [(pk, day, score) for pk, day, score in self.completions if day <= last_import]
        codes = iter(_codes(len(participants) + len(self.founded) + len(past_completions)))
        certificates = [
            Certificate(
                staff_id=row.staff,
                course=s.course,
                issued_on=s.ends_on,
                valid_until=rules.valid_until(s.ends_on, s.course.validity_months),
                score=row.score,
                source=CertificateSource.SESSION,
                participant_id=participant.pk,
                code=next(codes),
            )
            for participant, (_saved, s, row) in zip(participants, rows, strict=True)
            if row.result == Result.PASSED
        ]
        certificates += [
            Certificate(
                staff_id=pk,
                course=course,
                issued_on=day,
                valid_until=rules.valid_until(day, course.validity_months),
                source=CertificateSource.RECOGNISED,
                issued_by=PARTNER[self.style.language],
                code=next(codes),
            )
            for pk, course, day in self.founded
        ]
        mandela = self.courses[MANDELA]
        certificates += [
            Certificate(
                staff_id=pk,
                course=mandela,
                issued_on=day,
                valid_until=rules.valid_until(day, mandela.validity_months),
                score=score,
                source=CertificateSource.ELEARNING,
                code=next(codes),
            )
            for pk, day, score in past_completions
        ]
        Certificate.objects.bulk_create(certificates, batch_size=2000)
        self._past_imports(user, past_completions)

    def _past_imports(self, user: User, completions: list[tuple[int, date, int]]) -> None:
        """The platform's quarterly exports, each imported a few days after its quarter."""
        by_quarter: dict[date, int] = defaultdict(int)
        for _pk, day, _score in completions:
            by_quarter[date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)] += 1
        zone = timezone.get_current_timezone()
        imports = []
        for quarter, count in sorted(by_quarter.items()):
            imported = min(
                rules.add_months(quarter, 3) + timedelta(days=6), self.today - timedelta(days=LAST_IMPORT_DAYS)
            )
            record = ElearningImport(
                file_name=f"mandela-rules-completions-{quarter:%Y-%m}.csv",
                lines=count,
                certificates=count,
                unmatched=[],
                imported_by=user,
            )
            imports.append((record, datetime.combine(imported, time(10), tzinfo=zone)))
        saved = ElearningImport.objects.bulk_create([record for record, _at in imports])
        for record, (_record, at) in zip(saved, imports, strict=True):
            record.imported_at = at
        ElearningImport.objects.bulk_update(saved, ["imported_at"])


def _codes(count: int) -> list[str]:
    """`count` verification codes, each once (random: a code must not be guessed from the demo)."""
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(rules.new_certificate_code())
    return list(codes)


# -- the present --------------------------------------------------------------------------------------


class _Present:
    """What the demo trainer does through the services."""

    def __init__(self, user: User, history: _History, workplace_id: int, prisons: list[Prison]) -> None:
        self.user = user
        self.history = history
        self.today = history.today
        self.staff = history.staff
        self.workplace = Prison.objects.get(pk=workplace_id)
        others = sorted((p for p in prisons if p.pk != workplace_id), key=lambda p: (-p.official_capacity, p.pk))
        self.second = others[0] if others else self.workplace
        self.others = others[1:]
        self.trainer = StaffMember.objects.get(pk=self.staff.trainer)

    def sessions(self) -> None:
        """The latest session's results recorded (a week or two ago, this year), a session whose
        last day has come with its results still to record, and sessions coming: at the centre, at
        the second prison, Custodia's at the largest. Each of the first course and prison in its
        list that has staff to take part (at the smallest scales the first may have none left)."""
        c = self.history.courses
        today = self.today
        officers = [c[DYNAMIC], c[PCVE[0]], c[PCVE[2]], c[PCVE[4]]]
        here = [self.workplace, self.second, *self.others]
        there = [self.second, self.workplace, *self.others]
        starts = _monday(today - timedelta(days=20))
        if starts.year == today.year and starts + timedelta(days=4) <= today:
            recorded = self._plan([*officers, c[CUSTODIA]], here, lambda _course: starts, users_first=True)
        else:  # the first days of January: a one-day session this year
            first = max(date(today.year, 1, 1), today - timedelta(days=3))
            recorded = self._plan([c[MANDELA]], here, lambda _course: first, users_first=True)
        if recorded is not None:
            self._results(recorded)
        ends = today - timedelta(days=1)
        while ends.weekday() not in (1, 2, 3, 4):
            ends -= timedelta(days=1)
        self._plan([c[PCVE[0]], *officers], there, lambda course: ends - timedelta(days=_days_of(course) - 1))
        self._plan([c[PCVE[2]], *officers], [None], lambda _course: _monday(today + timedelta(days=7)))
        self._plan(officers, there, lambda _course: _monday(today + timedelta(days=21)))
        wednesday = _monday(today + timedelta(days=28)) + timedelta(days=2)
        self._plan([c[CUSTODIA]], here, lambda _course: wednesday)

    def _plan(
        self,
        courses: list[Course],
        prisons: Sequence[Prison | None],
        first_day: Callable[[Course], date],
        *,
        users_first: bool = False,
    ) -> TrainingSession | None:
        history = self.history
        for course in courses:
            starts = first_day(course)
            if services.trainer_refusal(trainer=self.trainer, course=course, on=starts) is not None:
                continue
            for prison in prisons:
                members = history.staff.members if prison is None else history.staff.by_prison[prison.pk]
                people = [
                    m
                    for m in members
                    if m.left_on is None
                    and m.post not in (Post.TRAINER, Post.OTHER)
                    and history.meant(m, course)
                    and history.may_attend(m, course, starts)
                ]
                if len(people) < 3:
                    continue
                if users_first:
                    people.sort(key=lambda m: (not m.user, m.pk))
                else:
                    history.rng.shuffle(people)
                chosen = [m.pk for m in people[: history.group if prison is None else 10]]
                return self._planned(course, starts, prison, chosen)
        return None

    def _planned(self, course: Course, starts: date, prison: Prison | None, chosen: list[int]) -> TrainingSession:
        history = self.history
        if prison is None:
            place = history.centre
        elif course.code == MANDELA:
            place = history.style.computer_room.format(prison=prison.name)
        else:
            place = history.style.training_room.format(prison=prison.name)
        session = services.session_plan(
            actor=self.user,
            course=course,
            starts_on=starts,
            ends_on=starts + timedelta(days=_days_of(course) - 1),
            place=place,
            prison=prison,
            trainers=[self.trainer],
        )
        session = services.participants_set(
            actor=self.user,
            session=session,
            staff=list(StaffMember.objects.filter(pk__in=chosen)),
            version=session.version,
        )
        for pk in chosen:
            history.busy.add((pk, _week(starts)))
        return session

    def _results(self, session: TrainingSession) -> None:
        """Most passed; one failed the assessment and one missed a day, where there are enough."""
        days = rules.session_days(session.starts_on, session.ends_on)
        results: dict[int, tuple[list[date], int | None]] = {}
        participants = list(session.participants.order_by("pk"))
        for n, participant in enumerate(participants):
            if len(participants) >= 5 and n == len(participants) - 1:
                results[participant.pk] = (days[: len(days) // 2], None)
            elif len(participants) >= 5 and n == len(participants) - 2:
                results[participant.pk] = (days, session.course.pass_mark - 12)
            else:
                results[participant.pk] = (days, self.history.rng.randint(session.course.pass_mark + 2, 97))
        for certificate in services.results_record(
            actor=self.user, session=session, results=results, version=session.version
        ):
            self.history.hold(certificate.staff_id, session.course, certificate.issued_on)

    def elearning_import(self, country: str) -> int:
        """The platform's latest export: the last month's completions (the demo's log-ins by their
        user names, the others by service number) with lines that match no one."""
        history = self.history
        course = history.courses[MANDELA]
        since = self.today - timedelta(days=LAST_IMPORT_DAYS)
        latest = sorted((day, pk, score) for pk, day, score in history.completions if day > since)
        records = StaffMember.objects.in_bulk([pk for _day, pk, _score in latest])
        lines = []
        for day, pk, score in latest:
            record = records[pk]
            user = history.members[pk].user or record.service_number
            lines.append([user, course.titles["en"], day.isoformat(), str(score)])
        some = next((r for r in records.values() if r.service_number), None) or self.trainer
        numbers = _Numbers(country, history.rng, 20)
        yesterday = (self.today - timedelta(days=1)).isoformat()
        lines += [
            # A service number the training centre has not recorded (a new recruit).
            [numbers.unknown(), course.titles["en"], yesterday, "88"],
            # An e-mail of someone without an account.
            ["j.doe@example.org", course.titles["en"], yesterday, "91"],
            # Below the pass mark: the attempt does not count.
            [some.service_number, course.titles["en"], yesterday, str(course.pass_mark - 15)],
            # A course of the platform that is not in the catalogue.
            [some.service_number, "Fire safety awareness", yesterday, "95"],
        ]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["user", "course", "date", "score"])
        writer.writerows(lines)
        made = services.elearning_import(
            actor=self.user,
            file_name=f"mandela-rules-completions-{self.today:%Y-%m-%d}.csv",
            content=out.getvalue().encode("utf-8"),
        )
        return len(made.unmatched)
