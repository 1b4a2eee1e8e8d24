"""One person followed the whole way: the demo's story of one sentenced person at the largest prison,
from admission to the follow-ups after release, for a visitor to open and read stage by stage.

Every step goes through the services, by the demo's staff, as the rest of the demo does; the
services stamp each step with the present time, and the demo then moves the stamps back to the
days of the story (a preparation of demo data, not a user action: the audit events keep the time
they were written). The story, oldest first:

1. admitted (the file the builder wrote), and classified on arrival (after the sentence, for one
   tried on bail) by the interim rule, proposed by `casemanager` and approved by `director`. Where
   the interim rule would not place the person above the level they later move down to (Tunisia's
   interim level is its lowest), or placed them otherwise on arrival than it does today (a long
   sentence then, less of it left now), a first general screening three weeks after arrival, with
   clear indicators of violence in custody, places them higher, and the first decision follows it;
2. a final general screening, low (`casemanager` rates, `psychologist` countersigns), with two
   needs, education and employment;
3. a sentence plan from it, each objective worded, the person's view heard, agreed;
4. a referral from an objective to a programme of the catalogue of a kind that counts for
   classification (adult literacy, else another that serves a need of the plan), a place, eight
   weekly sessions (one excused), completed with the end-of-programme report;
5. a classification decision moving the person down, at the level the system computes: in
   Uganda to the open class, whose prerequisites ask for a completed programme, which the
   computed reasons cite ("programme_completed"); in Kazakhstan and Tunisia, whose frameworks ask
   for no programme, the move down they offer (to the minimum security institution, to the low
   security regime: a share of the sentence served and no serious incident);
6. release planning, opened five months before the release: two pathways under way, a place at
   a hostel, a referral to the probation service with the person's consent to share;
7. the release (the register's movement service, by `reception`) on the earliest release date
   of the sentence (remission, conditional release): between thirteen and seven months ago if
   anyone's allows (every follow-up to six months is then due), else between seven and two months
   ago; thirteen months ago when it came earlier; a pardon seven months ago when no one's has come;
8. the follow-up at each interval already due (1, 3, 6 and 12 months).

Who: someone the case work has not touched, as the releases of demo/reintegration.py are chosen
(sentenced, held at the largest prison, not linked to violent extremism, not a returnee, with no
assessment, classification, sentence plan or release plan), the longest held first, whose stay
holds the story: every step after their arrival, the release after their last movement, and the
rules moving them down on the day of the decision as on the day the services compute it (the share
of the sentence served, the time left). The builder writes one more sentenced file for them
(`followed_the_whole_way`), so that the scenario's figures stay exact once they are released.

The first part (1, 2 and the opening of release planning) is made before the demo's other
releases and release plans, the rest once the programmes are there (demo/builder.py): a final
assessment keeps the person out of the plans the programmes add, and no plan of theirs is there
to be referred meanwhile.
"""

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation

from custodia.assessment import services as assessment_services
from custodia.assessment.instruments import Instrument, latest_instruments
from custodia.assessment.models import Assessment
from custodia.assessment.rules import Rating
from custodia.classification import queries as classification_queries
from custodia.classification import rules as classification_rules
from custodia.classification import services as classification_services
from custodia.classification.models import ClassificationDecision
from custodia.core.profiles import ClassificationFramework
from custodia.estate.selectors import active_profile
from custodia.plans import rules as plan_rules
from custodia.plans import services as plan_services
from custodia.plans.choices import Agreement, ObjectiveStatus, Responsible
from custodia.plans.models import Objective, ProgressNote, SentencePlan
from custodia.programmes import rules as programme_rules
from custodia.programmes import services as programme_services
from custodia.programmes import suitability
from custodia.programmes.choices import Achievement, AttendanceMark, ParticipationStatus
from custodia.programmes.models import Attendance, Participation, Programme, Session
from custodia.register import services as register_services
from custodia.register.choices import LegalStatus, MovementKind, ReleaseReason
from custodia.register.models import Prisoner
from custodia.register.rules import add_months
from custodia.register.selectors import terrorism_linked
from custodia.reintegration import services as reintegration_services
from custodia.reintegration.choices import AgencyKind, Answer, Pathway, PathwayStatus
from custodia.reintegration.models import Consent, FollowUp, PathwayAction, Referral, ReleasePlan

from .assessments import EVIDENCE
from .classifications import TEXTS as CLASSIFICATION_TEXTS
from .plans import TEXTS as PLAN_TEXTS
from .programmes import TEXTS as PROGRAMME_TEXTS
from .texts import Gendered, Text, agree

AUTHOR, SECOND, DIRECTOR = "casemanager", "psychologist", "director"
COORDINATOR, RECEPTION = "coordinator", "reception"
# The movements by which a person comes to be held at a prison: the story starts from the last one.
ARRIVALS = (MovementKind.ADMISSION, MovementKind.TRANSFER)
# Below this many on roll the largest prison may hold no one whose stay fits the story: a demo that
# small has no one followed the whole way (the builder's extra file follows the same rule).
JOURNEY_FROM = 200
SCREENING = "general_screening"
# The final general screening, low (3 of 24): two needs, education and employment. Items not named
# are rated 0.
FINAL_RATINGS = {"education": 2, "employment": 1}
# A first screening, where the interim rule does not place the person above the level moved down to:
# clear indicators of violence in custody (a rule raises the level), needs higher than later.
EARLIER_RATINGS = {"violence_in_custody": 2, "education": 2, "employment": 2, "peers": 1, "attitudes": 1}
SESSIONS = 8  # weekly, at the programme's day and hour
EXCUSED_SESSION = 5  # the one missed, excused (a family visit)
# Days between the steps (see _lay_out); months for the release.
PLANNING_DAYS = 152  # release planning opened before the release (as demo/reintegration.py)
RELEASED_AT_MOST_MONTHS_AGO, RELEASED_AT_LEAST_MONTHS_AGO = 13, 2
FIRST_ASSESSMENT_AFTER_ARRIVAL = 21  # days, for the first screening where there is one
SETTLED_DAYS = 120  # at least this between the first decision and the final screening (one with a history)

# What the staff write, in the language of the country's files (demo/texts.py), agreeing with the
# person. The sentence plan's words are demo/plans.py's, a programme's notes demo/programmes.py's,
# the evidence of a rating demo/assessments.py's.
TEXTS: dict[str, dict[str, Text]] = {
    "uganda": {
        "interim": "Classified on arrival under the interim rule, pending the first assessment.",
        "move_down": "Low risk at the latest screening, the programme completed and settled conduct on the "
        "wing: the less restrictive level is due.",
        "progress": "Attends each session and takes an active part.",
        "report": "Seven sessions of eight attended (one excused); the objective the referral came from is met.",
        "accommodation": "A hostel place through the probation office until the family home is ready.",
        "education_work": "Evening classes arranged near the hostel.",
        "action": "Place at a hostel",
        "responsible": "Probation office",
        "agency": "Probation and Social Welfare Office",
        "purpose": "Supervision and accommodation on release.",
        ReleaseReason.CONDITIONAL: "Remission of one third for good conduct (Prisons Act 2006, s. 84).",
        ReleaseReason.PARDON: "Presidential pardon.",
        "follow_up": "Lives at the hostel; attends evening classes.",
        "language": "Luganda",
    },
    "kazakhstan": {
        "interim": "Классификация при поступлении по временному правилу до первой оценки.",
        "move_down": "Низкий риск по последнему скринингу, программа завершена, поведение в отряде "
        "стабильное: положен менее строгий уровень.",
        "progress": "Посещает каждое занятие и активно участвует в работе.",
        "report": "Посещено семь занятий из восьми (одно по уважительной причине); цель, по которой было "
        "направление, достигнута.",
        "accommodation": "Место в общежитии через службу пробации до возвращения в семью.",
        "education_work": "Вечерние курсы рядом с общежитием.",
        "action": "Место в общежитии",
        "responsible": "Служба пробации",
        "agency": "Служба пробации",
        "purpose": "Надзор и жильё после освобождения.",
        ReleaseReason.CONDITIONAL: Gendered("Освобождён условно-досрочно.", "Освобождена условно-досрочно."),
        ReleaseReason.PARDON: "Помилование указом Президента.",
        "follow_up": "Проживает в общежитии; посещает вечерние курсы.",
        "language": "Русский",
    },
    "tunisia": {
        "interim": "تصنيف عند الإيداع وفق القاعدة المؤقتة، في انتظار التقييم الأول.",
        "move_down": Gendered(
            "خطر منخفض في آخر فحص، والبرنامج مكتمل، وسلوك مستقر في الجناح: يستحق مستوى أقل تشددًا.",
            "خطر منخفض في آخر فحص، والبرنامج مكتمل، وسلوك مستقر في الجناح: تستحق مستوى أقل تشددًا.",
        ),
        "progress": Gendered("يحضر كل الحصص ويشارك بنشاط.", "تحضر كل الحصص وتشارك بنشاط."),
        "report": "حضور سبع حصص من ثماني (غياب واحد بعذر)؛ تحقق الهدف الذي كان التوجيه من أجله.",
        "accommodation": "مكان في مأوى عبر مكتب المرافقة إلى حين العودة إلى بيت العائلة.",
        "education_work": "دروس مسائية قرب المأوى.",
        "action": "مكان في مأوى",
        "responsible": "مكتب المرافقة",
        "agency": "مكتب المرافقة",
        "purpose": "المتابعة والسكن عند الإفراج.",
        ReleaseReason.CONDITIONAL: "سراح شرطي.",
        ReleaseReason.PARDON: "عفو رئاسي.",
        "follow_up": Gendered("يقيم في المأوى ويتابع دروسًا مسائية.", "تقيم في المأوى وتتابع دروسًا مسائية."),
        "language": "العربية",
    },
}


def followed_the_whole_way(population: int) -> int:
    """How many people a demo of `population` on roll follows the whole way (one, or none when it
    is too small): the builder writes that many more sentenced files."""
    return 1 if population >= JOURNEY_FROM else 0


# --- the story's days ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dates:
    """The days of the story, oldest first; each step on its day, at a fixed hour."""

    arrived: date  # the latest admission or transfer in
    earlier_screening: date | None  # a first screening, where the interim rule does not do (see above)
    first_decided: date  # the decision in force before the move down (proposed the day before)
    assessed: date  # the final screening countersigned (started two days before, submitted one)
    plan_started: date
    plan_agreed: date
    referred: date
    allocated: date  # the sessions follow from within a week
    completed: date
    decided: date  # the move down approved (proposed two days before)
    planning_opened: date
    released: date
    follow_ups: tuple[int, ...]  # the months after release at which a follow-up was due by today

    def follow_up_on(self, months: int) -> date:
        """The day a follow-up was recorded: three days after it fell due."""
        return add_months(self.released, months) + timedelta(days=3)


def _lay_out(*, arrived: date, sentenced: date, released: date, history: bool, today: date) -> Dates | None:
    """The story's days back from the release, or None when the stay does not hold them."""
    planning_opened = released - timedelta(days=PLANNING_DAYS)
    decided = planning_opened - timedelta(days=12)
    completed = decided - timedelta(days=10)
    allocated = completed - timedelta(weeks=SESSIONS, days=9)
    referred = allocated - timedelta(days=9)
    plan_agreed = referred - timedelta(days=4)
    plan_started = plan_agreed - timedelta(days=8)
    assessed = plan_started - timedelta(days=5)
    settled = max(arrived, sentenced)
    earlier = settled + timedelta(days=FIRST_ASSESSMENT_AFTER_ARRIVAL) if history else None
    first_decided = (earlier or settled) + timedelta(days=3)
    if first_decided > assessed - timedelta(days=SETTLED_DAYS if history else 20):
        return None
    months = tuple(
        m
        for m in active_profile().reintegration.follow_up_months
        if add_months(released, m) + timedelta(days=3) < today
    )
    if not months:
        return None
    return Dates(
        arrived=arrived,
        earlier_screening=earlier,
        first_decided=first_decided,
        assessed=assessed,
        plan_started=plan_started,
        plan_agreed=plan_agreed,
        referred=referred,
        allocated=allocated,
        completed=completed,
        decided=decided,
        planning_opened=planning_opened,
        released=released,
        follow_ups=months,
    )


def _release_day(release_on: date | None, today: date) -> tuple[date, str, int]:
    """The day of the release, its reason, and how well it fits the story (0 best): on the earliest
    release date of the sentence (remission, conditional release) when it lies between thirteen and
    seven months ago (every follow-up to six months is due), or between seven and two months ago;
    thirteen months ago when it came earlier; a pardon seven months ago when it is still to come."""
    if release_on is None or release_on > add_months(today, -RELEASED_AT_LEAST_MONTHS_AGO):
        return add_months(today, -7), ReleaseReason.PARDON, 3
    if release_on < (earliest := add_months(today, -RELEASED_AT_MOST_MONTHS_AGO)):
        return earliest, ReleaseReason.CONDITIONAL, 2
    return release_on, ReleaseReason.CONDITIONAL, 0 if release_on <= add_months(today, -7) else 1


# --- choosing the person ------------------------------------------------------------------------


@dataclass(frozen=True)
class Journey:
    """The person chosen, the days of their story and the levels the rules give them."""

    person: Prisoner
    dates: Dates
    release_reason: str
    first_level: str  # the decision in force before the move down
    level: str  # the level moved down to
    fit: int  # how well the release fits the sentence, 0 best (_release_day)


def _ratings(instrument: Instrument, values: Mapping[str, int], country: str) -> dict[str, Rating]:
    """Every item rated (0 where not named), with evidence where the item asks for it or is at its
    top, in the language of the files."""
    evidence = EVIDENCE.get(country, EVIDENCE["uganda"])
    ratings = {}
    for i, (_domain, item) in enumerate(instrument.items()):
        value = values.get(item.code, 0)
        text = evidence[i % len(evidence)] if item.evidence_required or value == item.top_value else ""
        ratings[item.code] = Rating(value, text)
    return ratings


def _judgement(instrument: Instrument, values: Mapping[str, int], on: date) -> classification_rules.Judgement:
    """What the classification rules will read of a final screening rated `values`."""
    rated = {item.code: values.get(item.code, 0) for _domain, item in instrument.items()}
    band = instrument.band_for(instrument.total(rated))
    return classification_rules.Judgement(level=band.level if band else "", on=on, items=rated)


def _candidates(workplace_id: int) -> Iterator[tuple[Prisoner, datetime, datetime]]:
    """As demo/reintegration.py chooses whom to release: sentenced people held at the workplace
    whom the figures do not count apart and the case work has not touched, the longest held first;
    each with their arrival there and their last movement."""
    people = (
        Prisoner.objects.on_roll()
        .filter(
            current_prison_id=workplace_id,
            legal_status=LegalStatus.CONVICTED,
            returnee=False,
            release_plans__isnull=True,
            assessments__isnull=True,
            classification_decisions__isnull=True,
            sentence_plans__isnull=True,
        )
        .exclude(terrorism_linked())
        .select_related("current_prison")
        .annotate(
            last_moved=Max("movements__occurred_at"),
            arrived=Max("movements__occurred_at", filter=Q(movements__kind__in=ARRIVALS)),
        )
        .order_by("last_moved", "pk")
    )
    for person in people.iterator():
        if person.last_moved is not None:
            yield person, person.arrived or person.last_moved, person.last_moved


def _fitting(
    person: Prisoner,
    stay: tuple[datetime, datetime],
    framework: ClassificationFramework,
    instrument: Instrument,
    today: date,
) -> Journey | None:
    """The person's journey if their stay holds it and the rules move them down in it, on the day
    of the decision as on the day the services compute the proposal (today); else None."""
    inputs = classification_queries.inputs_of(person.pk)
    sentence = classification_rules.sentence_facts(inputs.sentences, today)
    if sentence.life or sentence.served_fraction is None:
        return None
    sentenced = max(inputs.sentences, key=lambda row: (row[1] or date.min, row[0]))[0]
    released, reason, fit = _release_day(sentence.release_on, today)
    arrived, last_moved = stay
    if _at(released, 10) <= last_moved:
        return None  # the register refuses a release before the last movement

    def proposed(
        on: date, current: str | None, judgement: classification_rules.Judgement | None, completed: date | None = None
    ) -> str:
        """The level the rules give on `on`, with this one final screening and completed programme."""
        facts = classification_queries.facts_of(person, inputs, current_level=current, today=on)
        facts = replace(
            facts,
            assessments={SCREENING: judgement} if judgement else {},
            completed_programme=classification_rules.CompletedProgramme("", completed) if completed else None,
        )
        return classification_rules.propose(framework, facts).level

    # Classified on arrival by the interim rule, else after a first screening that places them higher.
    for history in (False, True):
        dates = _lay_out(
            arrived=timezone.localdate(arrived), sentenced=sentenced, released=released, history=history, today=today
        )
        if dates is None:
            continue
        earlier = _judgement(instrument, EARLIER_RATINGS, dates.earlier_screening) if dates.earlier_screening else None
        first = {proposed(on, None, earlier) for on in (dates.first_decided, today)}
        if len(first) != 1:
            continue
        first_level = first.pop()
        final = _judgement(instrument, FINAL_RATINGS, dates.assessed)
        moved = {proposed(on, first_level, final, dates.completed) for on in (dates.decided, today)}
        if len(moved) == 1 and framework.rank(level := moved.pop()) < framework.rank(first_level):
            return Journey(person, dates, reason, first_level, level, fit)
    return None


def _choose(workplace_id: int, today: date) -> Journey | None:
    """The first person, the longest held first, whose stay holds the story, released on the
    earliest release date of the sentence if anyone's allows (else the best fit found)."""
    framework = active_profile().classification
    instrument = latest_instruments()[SCREENING]
    found: dict[int, Journey] = {}
    for person, arrived, last_moved in _candidates(workplace_id):
        journey = _fitting(person, (arrived, last_moved), framework, instrument, today)
        if journey is not None:
            if journey.fit == 0:
                return journey
            found.setdefault(journey.fit, journey)
    return found[min(found)] if found else None


# --- the first part: classified on arrival, assessed, release planning opened ------------------


def _users(*names: str) -> dict[str, User] | None:
    found = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    return found if len(found) == len(names) else None


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A time of the story, never after now."""
    at = datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())
    return min(at, timezone.now())


def begin_journey(*, country: str, workplace_id: int, today: date) -> Journey | None:
    """Choose the person followed the whole way and make the first part of the story: the decision
    in force before the move down (after a first screening where the interim rule does not do), the
    final screening, and release planning opened. None when no one at the workplace fits, or the
    demo's staff are not there to act."""
    users = _users(AUTHOR, SECOND, DIRECTOR)
    # The services check their dates against the clock: the story is never later than it.
    journey = _choose(workplace_id, min(today, timezone.localdate()))
    if users is None or journey is None:
        return None
    person, dates, texts = journey.person, journey.dates, TEXTS.get(country, TEXTS["uganda"])
    if dates.earlier_screening is not None:
        _assess(users, person, EARLIER_RATINGS, dates.earlier_screening, country)
        rationale = agree(CLASSIFICATION_TEXTS.get(country, CLASSIFICATION_TEXTS["uganda"])["rationale"], person.sex)
    else:
        rationale = agree(texts["interim"], person.sex)
    _classify(users, person, journey.first_level, rationale, decided_on=dates.first_decided, days_before=1)
    _assess(users, person, FINAL_RATINGS, dates.assessed, country)
    plan = reintegration_services.release_plan_open(actor=users[AUTHOR], prisoner=person)
    ReleasePlan.objects.filter(pk=plan.pk).update(opened_at=_at(dates.planning_opened, 9, 30))
    return journey


def _assess(users: dict[str, User], person: Prisoner, values: Mapping[str, int], on: date, country: str) -> None:
    """A general screening started, rated and submitted by the case manager, countersigned by the
    second one: final on `on`, started two days before."""
    instrument = latest_instruments()[SCREENING]
    author = users[AUTHOR]
    assessment = assessment_services.assessment_start(actor=author, prisoner=person, instrument_id=SCREENING)
    assessment = assessment_services.assessment_rate(
        actor=author, assessment=assessment, ratings=_ratings(instrument, values, country)
    )
    assessment_services.assessment_submit(actor=author, assessment=assessment)
    assessment_services.assessment_countersign(actor=users[SECOND], assessment=assessment)
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=_at(on - timedelta(days=2), 10),
        submitted_at=_at(on - timedelta(days=1), 12),
        countersigned_at=_at(on, 14, 30),
    )


def _classify(
    users: dict[str, User], person: Prisoner, level: str, rationale: str, *, decided_on: date, days_before: int
) -> ClassificationDecision:
    """Proposed by the case manager at the level the system computes (checked: the story rests on
    it), approved by the director; proposed `days_before` the decision."""
    decision = classification_services.classification_propose(
        actor=users[AUTHOR], prisoner=person, proposed_level=level, rationale=rationale
    )
    if decision.computed_level != level:
        raise RuntimeError(f"{person.number}: the story expects {level}, the system computed {decision.computed_level}")
    decision = classification_services.classification_approve(actor=users[DIRECTOR], decision=decision)
    review_days = active_profile().classification.level(level).review_days
    ClassificationDecision.objects.filter(pk=decision.pk).update(
        proposed_at=_at(decided_on - timedelta(days=days_before), 10),
        decided_at=_at(decided_on, 15),
        next_review_on=classification_rules.next_review_on(decided_on, review_days),
    )
    return decision


# --- the rest: plan, programme, the move down, release planning, release, follow-ups ------------


@dataclass(frozen=True)
class Followed:
    """The person followed the whole way, as the demo command names them."""

    prisoner_id: int
    number: str
    name: str
    file: str  # the address of their file
    programme: str
    first_level: str
    level: str
    dates: Dates


def finish_journey(journey: Journey, *, country: str) -> Followed | None:
    """The rest of the story, once the programmes are there; None when the demo's staff cannot act
    or no programme of the catalogue can take the person."""
    users = _users(AUTHOR, DIRECTOR, COORDINATOR, RECEPTION)
    if users is None:
        return None
    person = Prisoner.objects.select_related("current_prison").get(pk=journey.person.pk)
    dates, texts = journey.dates, TEXTS.get(country, TEXTS["uganda"])
    plan = _plan(users[AUTHOR], person, dates, country)
    found = _programme_for(person, plan)
    if found is None:
        return None
    objective, programme = found
    _take_part(users, person, objective, programme, dates, country)
    _classify(
        users,
        person,
        journey.level,
        agree(texts["move_down"], person.sex),
        decided_on=dates.decided,
        days_before=2,
    )
    release_plan = ReleasePlan.objects.get(prisoner=person)
    _prepare_release(users[AUTHOR], person, release_plan, dates, texts)
    register_services.movement_record(
        actor=users[RECEPTION],
        prisoner=person,
        data=register_services.MovementData(
            kind=MovementKind.RELEASE,
            occurred_at=_at(dates.released, 10),
            release_reason=journey.release_reason,
            reason=agree(texts[journey.release_reason], person.sex),
            confirmed=True,
        ),
    )
    _follow_up(users[AUTHOR], person, release_plan, dates, texts)
    with translation.override("en"):
        file = reverse("register:prisoner_detail", args=[person.pk])
    return Followed(
        person.pk, person.number, person.display_name, file, programme.name, journey.first_level, journey.level, dates
    )


def _plan(planner: User, person: Prisoner, dates: Dates, country: str) -> SentencePlan:
    """From the final screening: each proposed objective worded for the person, their view heard,
    agreed."""
    texts = PLAN_TEXTS.get(country, PLAN_TEXTS["uganda"])
    plan = plan_services.plan_start(actor=planner, prisoner=person)
    wording = plan_services.Wording(
        wording=str(texts["wording"]), actions=str(texts["actions"]), responsible=Responsible.PERSON
    )
    for objective in plan.objectives.all():
        plan_services.objective_word(actor=planner, objective=objective, wording=wording)
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
    plan = plan_services.plan_agree(actor=planner, plan=plan)
    rule = active_profile().sentence_plan
    release_on = person.sentences.aggregate(on=Max("earliest_release_on"))["on"]
    SentencePlan.objects.filter(pk=plan.pk).update(
        created_at=_at(dates.plan_started, 10),
        agreed_at=_at(dates.plan_agreed, 11),
        next_review_on=plan_rules.review_due(
            agreed_on=dates.plan_agreed,
            review_months=rule.review_months,
            event_review_days=rule.event_review_days,
            release_on=release_on,
            pre_release_months=rule.pre_release_months,
        ).on,
    )
    return plan


def _programme_for(person: Prisoner, plan: SentencePlan) -> tuple[Objective, Programme] | None:
    """The first objective of the plan (education first) with a programme of the catalogue for its
    need, of a kind that counts for classification, that can take the person now."""
    if person.current_prison is None:
        return None
    programmes = list(
        Programme.objects.filter(
            prison=person.current_prison, is_active=True, kind__in=programme_rules.COUNTS_FOR_CLASSIFICATION
        )
        .select_related("prison", "venue")
        .order_by("pk")
    )
    for objective in plan.objectives.filter(status__in=programme_services.REFERABLE_OBJECTIVES).order_by("pk"):
        for programme in programmes:
            if objective.need_area not in programme.need_areas:
                continue
            members = programme_services.members_of(programme)
            if not suitability.refusals(programme=programme, prisoner=person, members=members, allocated=len(members)):
                return objective, programme
    return None


def _take_part(
    users: dict[str, User], person: Prisoner, objective: Objective, programme: Programme, dates: Dates, country: str
) -> None:
    """Referred from the objective, a place, eight weekly sessions at the programme's day and hour,
    completed with the end-of-programme report. The attendance is history, written in bulk as
    demo/programmes.py writes it: the service marks the group of today, not the one of then."""
    texts, ours = PROGRAMME_TEXTS.get(country, PROGRAMME_TEXTS["uganda"]), TEXTS.get(country, TEXTS["uganda"])
    referrer, coordinator = users[AUTHOR], users[COORDINATOR]
    place = programme_services.participation_refer(
        actor=referrer, objective=objective, programme=programme, note=str(texts["referral"])
    )
    place = programme_services.participation_allocate(actor=coordinator, participation=place)
    plan_services.objective_status_change(actor=referrer, objective=objective, status=ObjectiveStatus.IN_PROGRESS)
    sessions = _sessions(coordinator, programme, dates)
    runner = programme.facilitators.first() or programme.created_by
    marks = []
    for i, session in enumerate(sessions):
        excused = i == EXCUSED_SESSION
        marks.append(
            Attendance(
                session=session,
                participation=place,
                mark=AttendanceMark.EXCUSED if excused else AttendanceMark.PRESENT,
                reason=str(texts["excused"]) if excused else "",
            )
        )
        session.notes = str(texts["session"])
        session.attendance_by = runner
        session.attendance_at = session.starts_at + timedelta(minutes=session.minutes)
    Attendance.objects.bulk_create(marks)
    Session.objects.bulk_update(sessions, ["notes", "attendance_by", "attendance_at"])
    note = plan_services.progress_note_add(
        actor=referrer, objective=objective, text=agree(ours["progress"], person.sex)
    )
    middle = sessions[len(sessions) // 2].starts_at
    ProgressNote.objects.filter(pk=note.pk).update(at=middle + timedelta(hours=4))
    programme_services.participation_end(
        actor=coordinator,
        participation=place,
        ending=programme_services.Ending(
            status=ParticipationStatus.COMPLETED, achievement=Achievement.ACHIEVED, report=str(ours["report"])
        ),
    )
    plan_services.objective_status_change(actor=referrer, objective=objective, status=ObjectiveStatus.ACHIEVED)
    # Before the move down is proposed: the completion it cites is dated from here.
    Participation.objects.filter(pk=place.pk).update(
        referred_at=_at(dates.referred, 10), allocated_at=_at(dates.allocated, 11), ended_at=_at(dates.completed, 12)
    )


def _sessions(coordinator: User, programme: Programme, dates: Dates) -> list[Session]:
    """SESSIONS weekly sessions from the day after the place was given, on the day, at the hour
    and for the length of the programme's own sessions."""
    model = programme.sessions.order_by("starts_at").first()
    if model is None:
        weekday, at, minutes = dates.allocated.weekday(), time(10), 90
    else:
        local = timezone.localtime(model.starts_at)
        weekday, at, minutes = local.weekday(), local.time(), model.minutes
    first_day = dates.allocated + timedelta(days=1)
    programme_services.sessions_schedule(
        actor=coordinator,
        programme=programme,
        first_day=first_day,
        weekdays=(weekday,),
        at=at,
        weeks=SESSIONS,
        minutes=minutes,
    )
    until = first_day + timedelta(weeks=SESSIONS)
    return list(
        programme.sessions.filter(starts_at__date__gte=first_day, starts_at__date__lt=until).order_by("starts_at")
    )


def _prepare_release(planner: User, person: Prisoner, plan: ReleasePlan, dates: Dates, texts: dict[str, Text]) -> None:
    """Two pathways under way, a place at a hostel (done a week before the release), a referral to
    the probation service with the person's consent to share, accepted."""
    opened = dates.planning_opened
    pathways = {p.pathway: p for p in plan.pathways.all()}
    for code in (Pathway.ACCOMMODATION, Pathway.EDUCATION_WORK):
        reintegration_services.pathway_status_change(
            actor=planner, pathway=pathways[code], status=PathwayStatus.IN_PROGRESS, note=agree(texts[code], person.sex)
        )
    action = reintegration_services.action_add(
        actor=planner,
        pathway=pathways[Pathway.ACCOMMODATION],
        text=agree(texts["action"], person.sex),
        responsible=agree(texts["responsible"], person.sex),
    )
    reintegration_services.action_done(actor=planner, action=action, done_on=dates.released - timedelta(days=7))
    referral = reintegration_services.referral_make(
        actor=planner,
        plan=plan,
        data=reintegration_services.ReferralData(
            agency_name=agree(texts["agency"], person.sex),
            agency_kind=AgencyKind.PROBATION,
            pathway=Pathway.ACCOMMODATION,
            purpose=agree(texts["purpose"], person.sex),
        ),
    )
    consent = reintegration_services.consent_record(
        actor=planner,
        referral=referral,
        data=reintegration_services.ConsentData(
            sections=[Pathway.ACCOMMODATION, Pathway.EDUCATION_WORK, "sentence_plan"],
            given_on=opened + timedelta(days=14),
            explained_in=agree(texts["language"], person.sex),
            explained_by=planner.get_full_name() or planner.get_username(),
        ),
    )
    reintegration_services.referral_answer(
        actor=planner, referral=referral, answer=Answer.ACCEPTED, answered_on=opened + timedelta(days=30)
    )
    PathwayAction.objects.filter(pk=action.pk).update(added_at=_at(opened + timedelta(days=5), 10))
    Referral.objects.filter(pk=referral.pk).update(made_at=_at(opened + timedelta(days=10), 10))
    Consent.objects.filter(pk=consent.pk).update(recorded_at=_at(opened + timedelta(days=14), 11))


def _follow_up(planner: User, person: Prisoner, plan: ReleasePlan, dates: Dates, texts: dict[str, Text]) -> None:
    """Each follow-up due, recorded three days after it fell due: housed, in evening classes, in
    touch with the family, no new offence, no recall."""
    for months in dates.follow_ups:
        follow_up = reintegration_services.follow_up_record(
            actor=planner,
            plan=plan,
            months=months,
            data=reintegration_services.FollowUpData(
                contact_made=True,
                housed=True,
                in_work_or_education=True,
                family_contact=True,
                new_offence=False,
                recalled=False,
                note=agree(texts["follow_up"], person.sex),
            ),
        )
        FollowUp.objects.filter(pk=follow_up.pk).update(recorded_at=_at(dates.follow_up_on(months), 11))


def assessment_counts() -> dict[str, int]:
    """The demo's assessments by status, the journey's with them (the command prints these)."""
    return dict(Counter(Assessment.objects.values_list("status", flat=True)))
