"""Restrictive measures at the largest prison, made through the measures services (Mandela Rules
36-46), then dated back where the services stamp today:

- segregation with some meaningful contact each day (20 hours without it: not solitary
  confinement), in its sixth day, reviewed once by the deputy director; the health-care staff
  missed a visit two days ago, which the director's home page shows, and have not visited today;
- solitary confinement (23 hours), in its fifteenth day, the limit: the director's request to
  extend it by a day is refused by the service (the demo's output says so, and the page refuses
  it again to whoever tries);
- disciplinary cell confinement for three days, ended three weeks ago; the person's appeal was
  heard and dismissed by the deputy director.

The director imposes; the deputy director (`deputy`) reviews and decides appeals, as Rule 37's
review must be by someone other than who imposed; `health` visits; `wing` records that the person
was told the reason and their appeal. Men only: solitary confinement is never for a woman or a
child, and the services would refuse it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from custodia.measures import services
from custodia.measures.models import Appeal, Measure, Review
from custodia.register.choices import Sex
from custodia.register.rules import age_on

from .held import on_roll_at
from .texts import Gendered, Text, agree

DIRECTOR, DEPUTY, HEALTH, WING = "director", "deputy", "health", "wing"


@dataclass(frozen=True)
class MeasureTexts:
    segregation_basis: str
    confinement_basis: str
    threats: Text
    fight: Text
    phone: Text
    review: str
    visit: str
    appeal: Text
    dismissed: str
    extension: str


TEXTS = {
    "uganda": MeasureTexts(
        segregation_basis="Prisons Act 2006, section 80 (segregation for good order)",
        confinement_basis="Prisons Act 2006, section 82 (prison offence: cellular confinement)",
        threats="Threatened officers on the wing and urged others to refuse lock-up.",
        fight="Attacked another prisoner with a sharpened spoon; the other is in hospital.",
        phone="Found with a mobile phone during a cell search; prison offence proved at the hearing.",
        review="Still hostile to staff; eats with two officers present; continue to the planned end.",
        visit="Seen in the cell; eating and sleeping; no sign of harm.",
        appeal=Gendered("Says the phone belonged to his cell-mate.", "Says the phone belonged to her cell-mate."),
        dismissed="The phone was in the person's own bedding; the hearing was fair. Dismissed.",
        extension="Still refuses to give up the weapon's hiding place.",
    ),
    "kazakhstan": MeasureTexts(
        segregation_basis="УИК РК, ст. 96 (перевод в безопасное место)",
        confinement_basis="УИК РК, ст. 131 (водворение в штрафной изолятор)",
        threats=Gendered(
            "Угрожал сотрудникам отряда и призывал других осуждённых не подчиняться.",
            "Угрожала сотрудникам отряда и призывала других осуждённых не подчиняться.",
        ),
        fight=Gendered(
            "Напал на другого осуждённого с заточенной ложкой; потерпевший в больнице.",
            "Напала на другую осуждённую с заточенной ложкой; потерпевшая в больнице.",
        ),
        phone="Мобильный телефон обнаружен при обыске камеры; нарушение подтверждено на дисциплинарной комиссии.",
        review=(
            "Сохраняется враждебность к персоналу; питание в присутствии двух сотрудников; "
            "продолжить до планового окончания."
        ),
        visit="Осмотрен в камере; питается и спит; признаков вреда здоровью нет.",
        appeal=Gendered(
            "Заявляет, что телефон принадлежал сокамернику.",
            "Заявляет, что телефон принадлежал сокамернице.",
        ),
        dismissed="Телефон найден в постели самого осуждённого; разбирательство было справедливым. Жалоба отклонена.",
        extension="По-прежнему отказывается указать, где спрятано оружие.",
    ),
    "tunisia": MeasureTexts(
        segregation_basis="القانون عدد 52 لسنة 2001 المتعلق بنظام السجون، الفصل 22 (العزل لحفظ النظام)",
        confinement_basis="القانون عدد 52 لسنة 2001 المتعلق بنظام السجون، الفصل 22 (الإيداع بغرفة انفرادية تأديبيًا)",
        threats=Gendered(
            "هدّد أعوان الجناح وحرّض غيره على رفض الإغلاق.",
            "هدّدت أعوان الجناح وحرّضت غيرها على رفض الإغلاق.",
        ),
        fight=Gendered(
            "اعتدى على سجين آخر بملعقة مشحوذة؛ والمعتدى عليه في المستشفى.",
            "اعتدت على سجينة أخرى بملعقة مشحوذة؛ والمعتدى عليها في المستشفى.",
        ),
        phone="ضُبط هاتف جوال أثناء تفتيش الغرفة؛ وثبتت المخالفة أمام مجلس التأديب.",
        review="ما زال عدائيًا تجاه الأعوان؛ يتناول الطعام بحضور عونين؛ يستمر التدبير إلى نهايته المقررة.",
        visit="عوين في غرفته؛ يأكل وينام؛ لا أثر لضرر.",
        appeal=Gendered("يقول إن الهاتف لرفيقه في الغرفة.", "تقول إن الهاتف لرفيقتها في الغرفة."),
        dismissed="وُجد الهاتف في فراش المعني بالأمر نفسه؛ وكان الإجراء التأديبي عادلًا. رُفض التظلم.",
        extension="ما زال يرفض الكشف عن مكان إخفاء السلاح.",
    ),
}


@dataclass(frozen=True)
class MeasuresMade:
    in_force: int
    ended: int
    refused_at_day: int | None  # the day the extension of solitary confinement was refused


def make_measures(*, country: str, workplace_id: int, today: date) -> MeasuresMade | None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=(DIRECTOR, DEPUTY, HEALTH, WING))}
    if len(users) < 4:
        return None  # accounts that existed before the demo: nothing to record with
    texts = TEXTS.get(country, TEXTS["uganda"])
    men = [
        p
        for p in on_roll_at(workplace_id)
        if p.sex == Sex.MALE
        and p.admitted_at is not None
        and p.admitted_at.date() <= today - timedelta(days=30)
        and (age_on(today, date_of_birth=p.date_of_birth, birth_year_estimated=p.birth_year_estimated) or 0) >= 21
    ]
    if len(men) < 3:
        return None
    # The last on roll: people the demo's case work and today's work chose first are the first.
    segregated, solitary, confined = men[-1], men[-2], men[-3]
    director, deputy, health, wing = users[DIRECTOR], users[DEPUTY], users[HEALTH], users[WING]

    def impose(person, *, basis, reason, hours, first, last, kind="segregation"):
        data = services.MeasureData(
            kind=kind,
            legal_basis=basis,
            reason=agree(reason, person.sex),
            hours_without_contact=hours,
            starts_on=today - timedelta(days=first),
            ends_on=today - timedelta(days=first) + timedelta(days=last),
            health_view=texts.visit if hours >= 22 else "",
        )
        measure = services.measure_impose(actor=director, prisoner=person, data=data)
        services.told_record(actor=wing, measure=measure, told_on=data.starts_on)
        return measure

    def visits(measure, *, days_ago, missed=()):
        for n in days_ago:
            if n not in missed:
                services.health_visit_record(
                    actor=health,
                    measure=measure,
                    visited_on=today - timedelta(days=n),
                    adverse_effects=False,
                    note=texts.visit,
                )

    first = impose(segregated, basis=texts.segregation_basis, reason=texts.threats, hours=20, first=5, last=13)
    visits(first, days_ago=range(5, 0, -1), missed=(2,))
    review = services.measure_review(actor=deputy, measure=first, outcome="continue", note=texts.review)
    Review.objects.filter(pk=review.pk).update(reviewed_on=today - timedelta(days=1))

    second = impose(solitary, basis=texts.segregation_basis, reason=texts.fight, hours=23, first=14, last=14)
    visits(second, days_ago=range(14, -1, -1))
    review = services.measure_review(actor=deputy, measure=second, outcome="continue", note=texts.review)
    Review.objects.filter(pk=review.pk).update(reviewed_on=today - timedelta(days=7))
    refused_at = None
    try:
        services.measure_extend(
            actor=director, measure=second, ends_on=second.ends_on + timedelta(days=1), reason=texts.extension
        )
    except ValidationError:
        refused_at = 16  # the sixteenth consecutive day: prohibited (Rules 43-44)

    third = impose(
        confined,
        basis=texts.confinement_basis,
        reason=texts.phone,
        hours=22,
        first=23,
        last=2,
        kind="disciplinary_confinement",
    )
    visits(third, days_ago=(23, 22, 21))
    appeal = services.appeal_lodge(
        actor=wing, measure=third, lodged_on=today - timedelta(days=22), grounds=agree(texts.appeal, confined.sex)
    )
    services.appeal_decide(actor=deputy, appeal=appeal, outcome="dismissed", note=texts.dismissed)
    Appeal.objects.filter(pk=appeal.pk).update(decided_on=today - timedelta(days=18))
    services.measure_end(actor=director, measure=third, reason=texts.dismissed, version=None)
    Measure.objects.filter(pk=third.pk).update(ended_on=today - timedelta(days=21))
    return MeasuresMade(in_force=2, ended=1, refused_at_day=refused_at)
