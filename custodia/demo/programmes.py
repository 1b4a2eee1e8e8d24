"""Programmes and activities for the demo, made through the programmes services.

At the largest prison the demo's programme coordinator keeps a catalogue in the language of the
country's files and schedules weekly sessions from some weeks ago; the demo's facilitator runs
some of them. The case manager refers people from the objectives of their sentence plans (the
demo's plans, and a few more drawn up with people who asked for a place); the coordinator
allocates the places the suitability check allows and leaves the others on the waiting list. The
weeks already past have their attendance (history, written in bulk); a few people have completed
their programme (so that they meet a classification prerequisite), a few dropped out, and one
declined the referral, recorded as their choice.

Built after release planning: a release does not end a place, so the people released there are
never given one.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone

from custodia.accounts.selectors import works_at
from custodia.assessment.choices import AssessmentStatus, NeedArea
from custodia.assessment.models import Assessment
from custodia.estate.models import Prison
from custodia.plans import services as plan_services
from custodia.plans.choices import Agreement, PlanStatus, Responsible
from custodia.plans.models import Objective, SentencePlan
from custodia.programmes import rules, services
from custodia.programmes.choices import Achievement, AttendanceMark, ParticipationStatus, ProgrammeKind
from custodia.programmes.models import Attendance, Participation, Programme, Session
from custodia.register.choices import LegalStatus
from custodia.register.models import Prisoner
from custodia.register.selectors import terrorism_linked

from .plans import TEXTS as PLAN_TEXTS
from .texts import Text, agree

COORDINATOR, FACILITATOR, REFERRER = "coordinator", "facilitator", "casemanager"
WEEKS_PAST, WEEKS_AHEAD = 6, 4
# People given a plan here so that the programmes have groups: a few are linked to violent
# extremism, for the disengagement intervention.
MORE_PEOPLE, MORE_VEPS = 14, 2
# The needs of the objectives added to their plans, in turn.
NEEDS = (
    NeedArea.EDUCATION,
    NeedArea.EMPLOYMENT,
    NeedArea.MENTAL_HEALTH,
    NeedArea.PHYSICAL_HEALTH,
    NeedArea.EMPLOYMENT,
    NeedArea.SUBSTANCE_USE,
    NeedArea.EDUCATION,
)
WAITING = 2  # referrals left on each programme's waiting list when it has more than this many


@dataclass(frozen=True)
class Offer:
    kind: str
    capacity: int
    needs: tuple[str, ...]
    weekday: int  # 0 Monday
    hour: int
    facilitated: bool = False  # run by the demo's facilitator
    group: bool = True


# The catalogue, in the order of NAMES below.
OFFERS = (
    Offer(ProgrammeKind.EDUCATION, 12, (NeedArea.EDUCATION,), 0, 9, facilitated=True),
    Offer(ProgrammeKind.VOCATIONAL, 8, (NeedArea.EMPLOYMENT,), 1, 9),
    Offer(ProgrammeKind.VOCATIONAL, 8, (NeedArea.EMPLOYMENT,), 2, 9, facilitated=True),
    Offer(ProgrammeKind.SPORT, 22, (NeedArea.PHYSICAL_HEALTH, NeedArea.PEERS), 5, 14),
    Offer(ProgrammeKind.ART_THERAPY, 8, (NeedArea.MENTAL_HEALTH, NeedArea.VIOLENCE_SUFFERED), 3, 10, facilitated=True),
    Offer(ProgrammeKind.DISENGAGEMENT, 6, (NeedArea.ATTITUDES, NeedArea.PEERS), 4, 10),
    Offer(ProgrammeKind.PSYCHOLOGICAL, 10, (NeedArea.MENTAL_HEALTH, NeedArea.SUBSTANCE_USE), 3, 14, group=False),
)
NAMES = {
    "uganda": (
        "Adult literacy",
        "Carpentry",
        "Tailoring",
        "Football",
        "Art therapy",
        "Disengagement programme",
        "Psychological counselling",
    ),
    "kazakhstan": (
        "Курсы грамотности",
        "Столярная мастерская",
        "Швейный цех",
        "Футбол",
        "Арт-терапия",
        "Программа дерадикализации",
        "Психологическое консультирование",
    ),
    "tunisia": (
        "محو الأمية",
        "ورشة النجارة",
        "ورشة الخياطة",
        "كرة القدم",
        "العلاج بالفن",
        "برنامج فك الارتباط",
        "الإرشاد النفسي",
    ),
}
# What staff write: of the group, or without a verb that would name the person's sex.
TEXTS: dict[str, dict[str, Text]] = {
    "uganda": {
        "referral": "Referred from the sentence plan objective.",
        "session": "The group worked well; the next session continues the same topic.",
        "absent": "Medical appointment",
        "excused": "Family visit",
        "report": "All sessions attended; the objective is met.",
        "dropped_out": "Stopped attending after the third week.",
        "declined": "I prefer to keep my job in the kitchen.",
        "objective": "Take part in the programme that fits this need.",
    },
    "kazakhstan": {
        "referral": "Направление по цели индивидуального плана.",
        "session": "Группа работала хорошо; следующее занятие продолжает ту же тему.",
        "absent": "Приём у врача",
        "excused": "Свидание с родственниками",
        "report": "Все занятия посещены; цель достигнута.",
        "dropped_out": "Прекращение посещения после третьей недели.",
        "declined": "Предпочитаю остаться на работе в столовой.",
        "objective": "Участие в программе, подходящей для этой потребности.",
    },
    "tunisia": {
        "referral": "توجيه بناءً على هدف الخطة الفردية.",
        "session": "عمل جيد للمجموعة؛ الحصة القادمة تواصل نفس الموضوع.",
        "absent": "موعد طبي",
        "excused": "زيارة عائلية",
        "report": "حضور جميع الحصص؛ تحقق الهدف.",
        "dropped_out": "انقطاع عن الحضور بعد الأسبوع الثالث.",
        "declined": "أفضّل مواصلة العمل في المطبخ.",
        "objective": "المشاركة في البرنامج المناسب لهذه الحاجة.",
    },
}


def make_programmes(*, country: str, workplace_id: int, today: date) -> dict[str, int]:
    """The demo's programmes at the workplace; returns how many of each were made (nothing when
    its coordinator or case manager cannot act there, for example accounts that existed before)."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=(COORDINATOR, FACILITATOR, REFERRER))}
    prison = Prison.objects.get(pk=workplace_id)
    coordinator, referrer = users.get(COORDINATOR), users.get(REFERRER)
    if coordinator is None or referrer is None or services.coordinator_refusal(coordinator, prison):
        return {}
    if not referrer.has_perm(services.REFER) or not works_at(referrer, prison):
        return {}
    texts = TEXTS.get(country, TEXTS["uganda"])
    facilitator = users.get(FACILITATOR)
    programmes = _catalogue(coordinator, facilitator, prison, country, today)
    _plan_more_people(referrer, workplace_id, country)
    referrals = _refer(referrer, programmes, workplace_id, texts)
    allocated = _allocate(coordinator, programmes, referrals)
    _backdate(referrals, allocated, today)
    _end_some(coordinator, allocated, texts)
    _attendance(programmes, texts)
    _decline_one(referrer, referrals, texts)
    return {
        "programmes": len(programmes),
        "sessions": Session.objects.filter(programme__in=programmes).count(),
        "attendance marks": Attendance.objects.filter(session__programme__in=programmes).count(),
        **Counter(Participation.objects.filter(programme__in=programmes).values_list("status", flat=True)),
    }


def _catalogue(
    coordinator: User, facilitator: User | None, prison: Prison, country: str, today: date
) -> list[Programme]:
    programmes = []
    for offer, name in zip(OFFERS, NAMES.get(country, NAMES["uganda"]), strict=True):
        programme = services.programme_create(
            actor=coordinator,
            prison=prison,
            data=services.ProgrammeData(
                name=name,
                kind=offer.kind,
                capacity=offer.capacity,
                need_areas=offer.needs,
                facilitators=(facilitator,) if offer.facilitated and facilitator else (),
                accredited=offer.kind in rules.COUNTS_FOR_CLASSIFICATION,
                mixes_people=offer.group,
            ),
        )
        services.sessions_schedule(
            actor=coordinator,
            programme=programme,
            first_day=today - timedelta(weeks=WEEKS_PAST),
            weekdays=(offer.weekday,),
            at=time(offer.hour),
            weeks=WEEKS_PAST + WEEKS_AHEAD,
        )
        programmes.append(programme)
    return programmes


def _plan_more_people(planner: User, workplace_id: int, country: str) -> None:
    """Plans agreed with a few more convicted people held there, with no assessment yet (so no
    proposals to decide): the objectives are the ones they and the case manager add."""
    texts = PLAN_TEXTS.get(country, PLAN_TEXTS["uganda"])
    ours = TEXTS.get(country, TEXTS["uganda"])
    candidates = (
        Prisoner.objects.on_roll()
        .filter(current_prison_id=workplace_id, current_cell__isnull=False, legal_status=LegalStatus.CONVICTED)
        .exclude(Exists(SentencePlan.objects.filter(prisoner=OuterRef("pk"))))
        .exclude(Exists(Assessment.objects.filter(prisoner=OuterRef("pk"), status=AssessmentStatus.FINAL)))
        .annotate(vep=terrorism_linked())
        .order_by("-pk")
    )
    veps = list(candidates.filter(vep=True)[:MORE_VEPS])
    others = list(candidates.filter(vep=False)[: MORE_PEOPLE - len(veps)])
    wording = plan_services.Wording(
        wording=str(ours["objective"]), actions=str(texts["actions"]), responsible=Responsible.PERSON
    )
    for i, person in enumerate(veps + others):
        plan = plan_services.plan_start(actor=planner, prisoner=person)
        needs: tuple[str, ...] = (NeedArea.ATTITUDES, NeedArea.EDUCATION) if i < len(veps) else (NEEDS[i % len(NEEDS)],)
        if i % 3 == 0 and i >= len(veps):
            needs += (NeedArea.PHYSICAL_HEALTH,)
        for need in needs:
            plan_services.objective_add(actor=planner, plan=plan, need_area=need, wording=wording)
        plan_services.plan_view_record(
            actor=planner,
            plan=plan,
            view=plan_services.PersonsView(
                own_goals=agree(texts["goals"], person.sex),
                agreement=Agreement.AGREES,
                comment="",
                explained_in=str(texts["language"]),
                explained_by=planner.get_full_name() or planner.get_username(),
            ),
        )
        plan_services.plan_agree(actor=planner, plan=plan)


def _refer(
    referrer: User, programmes: list[Programme], workplace_id: int, texts: dict[str, Text]
) -> list[Participation]:
    """Each open objective of a plan in force of someone held there, to a programme for its need
    (the people in turn over the programmes that fit)."""
    objectives = (
        Objective.objects.filter(
            plan__prisoner__current_prison_id=workplace_id,
            plan__status__in=[PlanStatus.AGREED, PlanStatus.DRAFT],
            status__in=services.REFERABLE_OBJECTIVES,
        )
        .select_related("plan__prisoner")
        .order_by("plan__prisoner_id", "id")
    )
    referrals = []
    taken: set[tuple[int, int]] = set()
    for i, objective in enumerate(objectives):
        fitting = [p for p in programmes if objective.need_area in p.need_areas]
        turn = i % len(fitting) if fitting else 0
        prisoner_id = objective.plan.prisoner_id
        for programme in fitting[turn:] + fitting[:turn]:
            if (programme.pk, prisoner_id) in taken:
                continue
            taken.add((programme.pk, prisoner_id))
            referrals.append(
                services.participation_refer(
                    actor=referrer, objective=objective, programme=programme, note=str(texts["referral"])
                )
            )
            break
    return referrals


def _allocate(coordinator: User, programmes: list[Programme], referrals: list[Participation]) -> list[Participation]:
    """Places for all but the last referrals of each programme, where the suitability check allows."""
    allocated = []
    for programme in programmes:
        queue = [r for r in referrals if r.programme_id == programme.pk]
        chosen = queue[:-WAITING] if len(queue) > WAITING else queue[:1]
        for referral in chosen:
            try:
                allocated.append(services.participation_allocate(actor=coordinator, participation=referral))
            except ValidationError:
                continue  # unsuitable (Rule 11, non-associations): it stays on the waiting list
    return allocated


def _backdate(referrals: list[Participation], allocated: list[Participation], today: date) -> None:
    """The demo's history: referrals from some weeks ago, places from the first session."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(today - timedelta(weeks=WEEKS_PAST), time(8), tzinfo=zone)
    placed = {p.pk for p in allocated}
    for i, referral in enumerate(referrals):
        if referral.pk in placed:
            referral.referred_at = start - timedelta(days=10 + i % 7)
            referral.allocated_at = start - timedelta(days=2)
        else:
            referral.referred_at = timezone.now() - timedelta(days=3 + 5 * (i % 8))
    Participation.objects.bulk_update(referrals, ["referred_at", "allocated_at"])


def _end_some(coordinator: User, allocated: list[Participation], texts: dict[str, Text]) -> None:
    """Of the places, every third completed (in a kind that counts for classification) and one in
    five dropped out; the dropping out dated in the fourth week."""
    for i, place in enumerate(allocated):
        place.refresh_from_db()
        if i % 3 == 0 and place.programme.kind in rules.COUNTS_FOR_CLASSIFICATION:
            ending = services.Ending(
                status=ParticipationStatus.COMPLETED,
                achievement=Achievement.ACHIEVED if i % 2 == 0 else Achievement.PARTLY,
                report=str(texts["report"]),
            )
        elif i % 5 == 1:
            ending = services.Ending(status=ParticipationStatus.DROPPED_OUT, reason=str(texts["dropped_out"]))
        else:
            continue
        services.participation_end(actor=coordinator, participation=place, ending=ending)
        if ending.status == ParticipationStatus.DROPPED_OUT and place.allocated_at is not None:
            Participation.objects.filter(pk=place.pk).update(ended_at=place.allocated_at + timedelta(weeks=3, days=3))


def _attendance(programmes: list[Programme], texts: dict[str, Text]) -> None:
    """Each past session marked for the people who held a place then, by the facilitator who runs
    the programme (or the coordinator), with notes about the group: history, written in bulk."""
    now = timezone.now()
    places = list(
        Participation.objects.filter(programme__in=programmes, allocated_at__isnull=False).values_list(
            "pk", "programme_id", "ended_at", "status"
        )
    )
    runners = {p.pk: p.facilitators.first() or p.created_by for p in programmes}
    sessions = list(Session.objects.filter(programme__in=programmes, starts_at__lt=now).order_by("starts_at"))
    marks, marked = [], []
    for s, session in enumerate(sessions):
        group = [
            pk
            for pk, programme_id, ended_at, status in places
            if programme_id == session.programme_id
            and (status == ParticipationStatus.COMPLETED or ended_at is None or ended_at > session.starts_at)
        ]
        if not group:
            continue
        marks += [_mark(session, pk, s, texts) for pk in group]
        session.notes = str(texts["session"])
        session.attendance_by = runners[session.programme_id]
        session.attendance_at = session.starts_at + timedelta(minutes=session.minutes)
        marked.append(session)
    Attendance.objects.bulk_create(marks, batch_size=1000)
    Session.objects.bulk_update(marked, ["notes", "attendance_by", "attendance_at"])


def _mark(session: Session, participation_id: int, index: int, texts: dict[str, Text]) -> Attendance:
    """Mostly present; now and then absent or excused, with the reason."""
    mark, reason = {
        4: (AttendanceMark.ABSENT, str(texts["absent"])),
        7: (AttendanceMark.EXCUSED, str(texts["excused"])),
    }.get((index + participation_id) % 10, (AttendanceMark.PRESENT, ""))
    return Attendance(session=session, participation_id=participation_id, mark=mark, reason=reason)


def _decline_one(referrer: User, referrals: list[Participation], texts: dict[str, Text]) -> None:
    """The first person still on a waiting list declines the referral: their choice, in their words."""
    waiting = Participation.objects.filter(
        pk__in=[r.pk for r in referrals], status=ParticipationStatus.REFERRED
    ).order_by("pk")
    first = waiting.first()
    if first is not None and waiting.count() > 1:  # the waiting list keeps someone
        services.participation_decline(actor=referrer, participation=first, reason=str(texts["declined"]))
