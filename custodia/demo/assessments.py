"""Risk and needs assessments for the demo, made through the assessment services.

After the population is built, the demo's case managers at the largest prison (`casemanager`
starts and submits, `psychologist` countersigns) carry a handful of assessments through the real
workflow, so that the worklist, the file's assessment section and its chart have something to
show, and every step is in the audit trail as the services write it:

- final general screenings for a few people, two of them with an earlier final one too (the
  file's chart has two points per domain);
- for the first VEP held there, a final VEP structured professional judgement;
- for the first woman at the largest women's prison, which the case managers also cover, a final
  women's needs assessment;
- one draft under way and one submitted and waiting for `psychologist` to countersign;
- one that `psychologist` returned to `casemanager` with comments.

Everyone else stays as the worklist shows them: most people are overdue for their first
assessment, which is what a service that has just adopted the instruments looks like.

People are taken in the order of their ids and ratings worked out from the ids, so the same demo
always gets the same assessments. The services stamp each step with the present time; the demo
then moves those stamps back to plausible days (a preparation of demo data, not a user action:
the audit events keep the time they were written).
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts.selectors import works_at
from custodia.assessment import services
from custodia.assessment.instruments import Instrument, latest_instruments
from custodia.assessment.models import Assessment
from custodia.assessment.rules import Rating
from custodia.core.rights import right
from custodia.estate.models import Prison
from custodia.register.models import Prisoner

from .held import on_roll_at

AUTHOR, SECOND = "casemanager", "psychologist"
# People with a final general screening; the first HISTORY of them have an earlier one too.
SCREENED, HISTORY = 6, 2
# Days before today on which each screened person's latest screening was countersigned: the
# reassessment (every 180 days in the profiles) is then scheduled, due soon or, for the last, overdue.
LATEST_DAYS_AGO = (9, 41, 96, 150, 171, 197)
# Preferred: people admitted at least this long ago, whose first assessment was due.
SETTLED_DAYS = 60

# What an assessor writes, in the language the country's files are written in (demo/texts.py).
EVIDENCE = {
    "uganda": (
        "Seen in the case notes and confirmed at the interview.",
        "Reported by the wing officer; discussed with the person at the interview.",
        "From the admission record and the court documents.",
        "Consistent with the file and with what the person said.",
    ),
    "kazakhstan": (
        "Отражено в материалах дела и подтверждено на собеседовании.",
        "Со слов сотрудника отряда; обсуждено на собеседовании.",
        "По документам о поступлении и материалам суда.",
        "Соответствует личному делу и сказанному на собеседовании.",
    ),
    "tunisia": (
        "وارد في ملف القضية وتأكّد خلال المقابلة.",
        "حسب إفادة عون الجناح، ونوقش خلال المقابلة.",
        "من وثائق الإيداع ووثائق المحكمة.",
        "يتّفق مع ما في الملف ومع ما قيل خلال المقابلة.",
    ),
}
RATIONALE = {
    "uganda": (
        "The item profile was read as a whole with the case file and two interviews. The risk factors "
        "present are weighed against the protective factors seen in education and contact with the family."
    ),
    "kazakhstan": (
        "Профиль пунктов рассмотрен в целом вместе с личным делом и двумя собеседованиями. Присутствующие "
        "факторы риска сопоставлены с защитными факторами: обучением и связью с семьёй."
    ),
    "tunisia": (
        "قُرئ ملمح البنود في مجمله مع الملف ومقابلتين. ووُزنت عوامل الخطر القائمة مقابل العوامل الوقائية "
        "الملاحظة في التعليم والتواصل مع الأسرة."
    ),
}

# What the second assessor asks for when returning an assessment.
RETURN_COMMENT = {
    "uganda": "The evidence for the family and peer items is missing; add what the interview showed.",
    "kazakhstan": "Нет обоснования по пунктам о семье и окружении; добавьте то, что показало собеседование.",
    "tunisia": "تنقص الأدلّة على بندَي الأسرة والأقران؛ أضِف ما أظهرته المقابلة.",
}


@dataclass(frozen=True)
class _Held:
    prisoner: Prisoner
    is_vep: bool
    admitted_at: datetime  # the latest admission, from which the first assessment is due


def make_assessments(*, country: str, workplace_id: int, women_prison_id: int | None, today: date) -> dict[str, int]:
    """The demo's assessments at the workplace (and a women's needs assessment at the women's
    prison the case managers also cover); returns how many were made of each status (none when
    its case managers cannot assess there, for example accounts that existed before the demo)."""
    users = {user.username: user for user in get_user_model().objects.filter(username__in=(AUTHOR, SECOND))}
    prison = Prison.objects.get(pk=workplace_id)
    assess = right("assess_risk_and_needs")
    if len(users) < 2 or not all(u.has_perm(assess) and works_at(u, prison) for u in users.values()):
        return {}
    maker = _Maker(country=country, author=users[AUTHOR], second=users[SECOND])
    held = _held_at(workplace_id, today)
    chosen: set[int] = set()

    def pick(count: int, wanted: Callable[[_Held], bool] = lambda h: True) -> list[_Held]:
        found = [h for h in held if h.prisoner.pk not in chosen and wanted(h)][:count]
        chosen.update(h.prisoner.pk for h in found)
        return found

    # VEPs and women are few: they keep the instruments made for them, and the general screening
    # goes to others so that more files show an assessment.
    for person in pick(1, lambda h: h.is_vep):
        maker.final(person, "vep_spj", on=today - timedelta(days=23))
    women = _held_at(women_prison_id, today) if women_prison_id else held
    for person in [h for h in women if h.prisoner.sex == "female"][:1]:
        maker.final(person, "women_needs", on=today - timedelta(days=64))
    with_history = 0
    for person, days_ago in zip(pick(SCREENED), LATEST_DAYS_AGO, strict=False):
        pk = person.prisoner.pk
        latest = today - timedelta(days=days_ago)
        # About six months before, or on time after the admission if that was later.
        earlier = max(
            latest - timedelta(days=180 + pk % 20),
            timezone.localdate(person.admitted_at) + timedelta(days=10 + pk % 15),
        )
        if with_history < HISTORY and earlier <= latest - timedelta(days=30):
            with_history += 1
            maker.final(person, "general_screening", on=earlier, later=False)
        maker.final(person, "general_screening", on=latest)
    for person in pick(1):
        maker.draft(person, "general_screening", on=today - timedelta(days=2))
    for person in pick(1):
        maker.submitted(person, "general_screening", on=today - timedelta(days=1))
    for person in pick(1):
        maker.returned(person, "general_screening", on=today - timedelta(days=1))
    return dict(Counter(Assessment.objects.values_list("status", flat=True)))


def _held_at(prison_id: int, today: date) -> list[_Held]:
    """Everyone on roll at the prison, those admitted long enough ago first, each group by id."""
    held = [_Held(p, p.is_vep, p.admitted_at) for p in on_roll_at(prison_id) if p.admitted_at is not None]
    settled_before = today - timedelta(days=SETTLED_DAYS)
    return sorted(held, key=lambda h: (timezone.localdate(h.admitted_at) > settled_before, h.prisoner.pk))


def ratings_for(
    instrument: Instrument, pk: int, evidence: tuple[str, ...], *, later: bool, upto: int | None = None
) -> dict[str, Rating]:
    """Ratings worked out from the person's id: mostly low, some moderate, a few high. A later
    assessment shows some progress: some risks one level lower, protective factors higher. The
    evidence (one of `evidence`) where the item asks for it or is rated at its top; only the first
    `upto` items, for a draft rated half-way. The history's past assessments use them too
    (demo/casework.py)."""
    result = {}
    for i, (_domain, item) in enumerate(instrument.items()):
        if upto is not None and i >= upto:
            break
        top = item.top_value
        value = min(top, ((pk * 5 + i * 3) % 7) * (top + 1) // 7)
        if later and (pk + i) % 2:
            value = min(top, value + 1) if item.direction == "protective" else max(0, value - 1)
        text = ""
        if item.evidence_required or value == top:
            text = evidence[(pk + i) % len(evidence)]
        result[item.code] = Rating(value, text)
    return result


class _Maker:
    def __init__(self, *, country: str, author: User, second: User) -> None:
        self.author, self.second = author, second
        self.evidence = EVIDENCE.get(country, EVIDENCE["uganda"])
        self.rationale = RATIONALE.get(country, RATIONALE["uganda"])
        self.return_comment = RETURN_COMMENT.get(country, RETURN_COMMENT["uganda"])
        self.instruments = latest_instruments()

    def _rated(self, person: _Held, instrument_id: str, *, later: bool = True, upto: int | None = None) -> Assessment:
        instrument = self.instruments[instrument_id]
        ratings = ratings_for(instrument, person.prisoner.pk, self.evidence, later=later, upto=upto)
        judged = instrument.kind == "spj" and upto is None
        assessment = services.assessment_start(actor=self.author, prisoner=person.prisoner, instrument_id=instrument_id)
        return services.assessment_rate(
            actor=self.author,
            assessment=assessment,
            ratings=ratings,
            rationale=self.rationale if judged else None,
            final_judgement=_judgement(instrument, ratings) if judged else None,
        )

    def final(self, person: _Held, instrument_id: str, *, on: date, later: bool = True) -> None:
        assessment = self._rated(person, instrument_id, later=later)
        services.assessment_submit(actor=self.author, assessment=assessment)
        services.assessment_countersign(actor=self.second, assessment=assessment)
        started, submitted, countersigned = _stamps(person, on, steps=3)
        Assessment.objects.filter(pk=assessment.pk).update(
            created_at=started, submitted_at=submitted, countersigned_at=countersigned
        )

    def submitted(self, person: _Held, instrument_id: str, *, on: date) -> None:
        assessment = self._rated(person, instrument_id)
        services.assessment_submit(actor=self.author, assessment=assessment)
        started, submitted = _stamps(person, on, steps=2)
        Assessment.objects.filter(pk=assessment.pk).update(created_at=started, submitted_at=submitted)

    def returned(self, person: _Held, instrument_id: str, *, on: date) -> None:
        assessment = self._rated(person, instrument_id)
        services.assessment_submit(actor=self.author, assessment=assessment)
        services.assessment_return(actor=self.second, assessment=assessment, comment=self.return_comment)
        started, submitted = _stamps(person, on, steps=2)
        Assessment.objects.filter(pk=assessment.pk).update(created_at=started, submitted_at=submitted)

    def draft(self, person: _Held, instrument_id: str, *, on: date) -> None:
        # Half the items rated so far.
        upto = sum(1 for _ in self.instruments[instrument_id].items()) // 2
        assessment = self._rated(person, instrument_id, upto=upto)
        (started,) = _stamps(person, on, steps=1)
        Assessment.objects.filter(pk=assessment.pk).update(created_at=started)


def _stamps(person: _Held, last_on: date, *, steps: int) -> list[datetime]:
    """Times of the steps (started, submitted, countersigned), a day apart and ending on `last_on`;
    never before the admission, nor after now."""
    last = datetime.combine(last_on, time(14, 30), tzinfo=timezone.get_current_timezone())
    stamps = [last - timedelta(days=steps - 1 - i, hours=2 * (steps - 1 - i)) for i in range(steps)]
    floor = person.admitted_at + timedelta(hours=2)
    stamps = [max(stamp, floor + timedelta(hours=i)) for i, stamp in enumerate(stamps)]
    now = timezone.now()
    return [min(stamp, now) for stamp in stamps]


def _judgement(instrument: Instrument, ratings: dict[str, Rating]) -> str:
    """What the demo's rater concludes from the risk items (a person decides; here, the demo)."""
    score = top = 0
    for _domain, item in instrument.items():
        if item.direction == "risk":
            score += ratings[item.code].value
            top += item.top_value
    share = score / top if top else 0
    return "low" if share < 0.3 else "moderate" if share < 0.55 else "high"
