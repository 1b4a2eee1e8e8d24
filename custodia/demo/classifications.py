"""Classification decisions for the demo, made through the classification services.

After the assessments (demo/assessments.py), the demo's staff at the largest prison classify a few
people through the real workflow, so that the file's classification section, the reviews list and
the oversight page have something to show, and every step is in the audit trail as the services
write it:

- `casemanager` proposes for the people with a final assessment there (then for others, by id),
  at the level the system computes; for one of them, one level less restrictive, with a reason;
- `director` approves each, and for a person linked to violent extremism `hq` (the headquarters
  VEP unit) does, the placement option chosen with a reason;
- the last proposal is left awaiting a decision.

The services stamp each step with the present time; the demo then moves the stamps back to a day
or two after the person's latest final assessment (a preparation of demo data, not a user action:
the audit events keep the time they were written), and the next review with them, so that some
reviews are due soon or overdue, as in a service at work.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from custodia.accounts.selectors import works_at
from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.models import Assessment
from custodia.classification import queries, rules, services
from custodia.classification.models import ClassificationDecision
from custodia.core.rights import right
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile

from .held import on_roll_at
from .texts import Gendered, Text, agree

PROPOSER, DIRECTOR, HQ = "casemanager", "director", "hq"
# People classified at the workplace; the last one's proposal awaits a decision.
CLASSIFIED = 7

# What the staff write, in the language the country's files are written in (demo/texts.py), agreeing
# with the person it is about.
TEXTS: dict[str, dict[str, Text]] = {
    "uganda": {
        "rationale": "Read with the file, the latest assessment and the wing reports: the level answers the risks "
        "they show, and no more.",
        "override": "The indicators behind the rule date from before a year of settled conduct on the wing.",
        "placement": "Takes part in education and talks openly with staff; no sign of influencing others.",
    },
    "kazakhstan": {
        "rationale": "Рассмотрено вместе с личным делом, последней оценкой и характеристиками отряда: уровень "
        "соответствует выявленным рискам, и не более того.",
        "override": "Признаки, на которых основано правило, относятся ко времени до года примерного "
        "поведения в отряде.",
        "placement": "Участвует в обучении и открыто общается с сотрудниками; признаков влияния на других нет.",
    },
    "tunisia": {
        "rationale": "قُرئ مع الملف وآخر تقييم وتقارير الجناح: المستوى يستجيب للمخاطر التي تظهرها، لا أكثر.",
        "override": "المؤشرات التي تستند إليها القاعدة سابقة لسنة من السلوك المستقر في الجناح.",
        "placement": Gendered(
            "يشارك في التعليم ويتحدث بانفتاح مع الأعوان؛ لا مؤشر على تأثيره في غيره.",
            "تشارك في التعليم وتتحدث بانفتاح مع الأعوان؛ لا مؤشر على تأثيرها في غيرها.",
        ),
    },
}


def make_classifications(*, country: str, workplace_id: int, today: date) -> dict[str, int]:
    """The demo's classification decisions at the workplace; returns how many of each status (none
    when its staff cannot classify there, for example accounts that existed before the demo)."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=(PROPOSER, DIRECTOR, HQ))}
    prison = Prison.objects.get(pk=workplace_id)
    if len(users) < 3:
        return {}
    proposer, director, hq = users[PROPOSER], users[DIRECTOR], users[HQ]
    if not (
        proposer.has_perm(right("propose_classification"))
        and works_at(proposer, prison)
        and director.has_perm(right("approve_classification"))
        and works_at(director, prison)
    ):
        return {}
    texts = TEXTS.get(country, TEXTS["uganda"])
    framework = active_profile().classification
    latest = dict(
        Assessment.objects.filter(status=AssessmentStatus.FINAL, prison_id=workplace_id)
        .values("prisoner_id")
        .annotate(last=Max("countersigned_at"))
        .values_list("prisoner_id", "last")
        .order_by()
    )
    people = on_roll_at(workplace_id)
    # Those assessed first (their proposal has reasons to show), then others by id.
    people.sort(key=lambda p: (p.pk not in latest, p.pk))
    chosen = people[:CLASSIFIED]
    # The last one not linked to violent extremism awaits the director's decision (a VEP's is
    # headquarters' to make, and the demo shows one approved by it).
    waiting = next((p.pk for p in reversed(chosen) if not p.is_vep), None) if len(chosen) > 1 else None
    overridden = False
    for i, person in enumerate(chosen):
        computed = queries.compute_proposal(person, today=today)[0].level
        level, override = computed, ""
        if not overridden and framework.rank(computed) > 0:
            # One case manager's judgement below the computed level, with the reason.
            level, overridden = framework.levels[framework.rank(computed) - 1].code, True
            override = agree(texts["override"], person.sex)
        decision = services.classification_propose(
            actor=proposer,
            prisoner=person,
            proposed_level=level,
            rationale=agree(texts["rationale"], person.sex),
            override_reason=override,
            vep_placement="integration_dispersal" if person.is_vep else "",
            vep_placement_reason=agree(texts["placement"], person.sex) if person.is_vep else "",
        )
        # Two days after the latest final assessment, or a few days ago; after the admission.
        assessed_at = latest.get(person.pk)
        decided_on = (
            timezone.localdate(assessed_at) + timedelta(days=2) if assessed_at else today - timedelta(days=3 + i)
        )
        if person.admitted_at is not None:
            decided_on = max(decided_on, timezone.localdate(person.admitted_at) + timedelta(days=2))
        decided_on = min(decided_on, today)
        if person.pk == waiting:
            _stamp(decision, proposed_on=decided_on, decided_on=None)  # awaits a decision
            continue
        decision = services.classification_approve(
            actor=hq if person.is_vep else director, decision=decision, level=decision.proposed_level
        )
        _stamp(decision, proposed_on=decided_on - timedelta(days=1), decided_on=decided_on)
    return dict(Counter(ClassificationDecision.objects.values_list("status", flat=True)))


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def _stamp(decision: ClassificationDecision, *, proposed_on: date, decided_on: date | None) -> None:
    """Move the services' stamps back to plausible days, never into the future."""
    now = timezone.now()
    fields: dict[str, date] = {"proposed_at": min(_at(proposed_on, 10), now)}
    if decided_on is not None:
        review_days = active_profile().classification.level(decision.approved_level).review_days
        fields["decided_at"] = min(_at(decided_on, 15), now)
        fields["next_review_on"] = rules.next_review_on(decided_on, review_days)
    ClassificationDecision.objects.filter(pk=decision.pk).update(**fields)
