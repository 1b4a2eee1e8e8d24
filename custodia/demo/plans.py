"""Individual sentence plans for the demo, made through the plans services.

After the assessments and classification decisions, the demo's case manager at the largest prison
draws up plans for a few people with a final assessment: each proposed objective accepted and
worded for the person, the person's view recorded in the language of the country's files, and the
plan agreed; one objective is under way with a progress note, and the last plan is left as a draft,
as in a service at work. The other assessed people keep a first plan due on the worklist.
"""

from collections import Counter

from django.contrib.auth import get_user_model

from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.models import Assessment
from custodia.plans import services
from custodia.plans.choices import Agreement, ObjectiveStatus, Responsible
from custodia.plans.models import SentencePlan
from custodia.register.models import Prisoner

from .texts import Text, agree

PLANNER = "casemanager"
# People given a plan at the workplace; the last one's stays a draft.
PLANNED = 4

TEXTS: dict[str, dict[str, Text]] = {
    "uganda": {
        "wording": "Work on this need with the support offered in the prison, step by step.",
        "actions": "Meet the case manager every month; join the activity that fits.",
        "goals": "Learn a trade and go home to my family.",
        "language": "Luganda",
        "note": "Attends regularly and speaks about the next step.",
    },
    "kazakhstan": {
        "wording": "Работать над этой потребностью с поддержкой, доступной в учреждении, шаг за шагом.",
        "actions": "Ежемесячные встречи с социальным работником; участие в подходящих занятиях.",
        "goals": "Получить профессию и вернуться к семье.",
        "language": "Русский",
        "note": "Посещает регулярно и говорит о следующем шаге.",
    },
    "tunisia": {
        "wording": "العمل على هذه الحاجة بالدعم المتاح في السجن، خطوة بخطوة.",
        "actions": "لقاء شهري مع المرشد الاجتماعي؛ المشاركة في النشاط المناسب.",
        "goals": "تعلّم حرفة والعودة إلى عائلتي.",
        "language": "العربية",
        "note": "يحضر بانتظام ويتحدث عن الخطوة التالية.",
    },
}


def make_plans(*, country: str, workplace_id: int) -> dict[str, int]:
    """The demo's sentence plans at the workplace; returns how many of each status (none when its
    case manager cannot plan there)."""
    planner = get_user_model().objects.filter(username=PLANNER).first()
    assessed = (
        Assessment.objects.filter(status=AssessmentStatus.FINAL, prisoner__current_prison_id=workplace_id)
        .exclude(need_areas=[])
        .values_list("prisoner_id", flat=True)
        .order_by("prisoner_id")
        .distinct()
    )
    people = list(Prisoner.objects.filter(pk__in=list(assessed[:PLANNED])).select_related("current_prison"))
    if planner is None or not people or services.planner_refusal(planner, people[0]):
        return {}
    texts = TEXTS.get(country, TEXTS["uganda"])
    for i, person in enumerate(people):
        plan = services.plan_start(actor=planner, prisoner=person)
        wording = services.Wording(
            wording=str(texts["wording"]), actions=str(texts["actions"]), responsible=Responsible.PERSON
        )
        for objective in plan.objectives.all():
            services.objective_word(actor=planner, objective=objective, wording=wording)
        services.plan_view_record(
            actor=planner,
            plan=plan,
            view=services.PersonsView(
                own_goals=agree(texts["goals"], person.sex),
                agreement=Agreement.AGREES if i % 2 == 0 else Agreement.PARTLY,
                comment="",
                explained_in=str(texts["language"]),
                explained_by=planner.get_full_name() or planner.get_username(),
            ),
        )
        if i == len(people) - 1 and len(people) > 1:
            continue  # left as a draft
        plan = services.plan_agree(actor=planner, plan=plan)
        first = plan.objectives.first()
        if first is not None:
            services.objective_status_change(actor=planner, objective=first, status=ObjectiveStatus.IN_PROGRESS)
            services.progress_note_add(actor=planner, objective=first, text=agree(texts["note"], person.sex))
    return dict(Counter(SentencePlan.objects.values_list("status", flat=True)))
