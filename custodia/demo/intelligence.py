"""Intelligence reports at the largest prison, about people linked to violent extremism, made
through the intelligence services and graded with the country profile's system (5x5x5 in Uganda,
3x5x2 in Kazakhstan and Tunisia), then dated back where the services stamp the present:

- information a wing officer passed on this morning, awaiting the security officer's grading (his
  home page counts it);
- a wing officer's report graded reliable by the security officer: the man's reassessment falls
  due and his classification review is brought forward;
- a report the security officer sanitised and shared with the police, the director approving
  (with conditions where the handling code sets them);
- the security officer's own report, graded with the most restrictive handling code: the
  director does not read it, headquarters do.

The texts are in the country's language of work (English, Russian, French)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.intelligence import services
from custodia.intelligence.models import IntelligenceReport, SanitisedVersion, Sharing
from custodia.intelligence.rules import GRADING_5X5X5

from .held import on_roll_at

DIRECTOR, SECURITY, WING = "director", "security", "wing"


@dataclass(frozen=True)
class IntelligenceTexts:
    ungraded: str
    reliable: str
    reliable_assessment: str
    shared: str
    shared_assessment: str
    sanitised: str
    police: str
    purpose: str
    conditions: str
    restricted: str
    restricted_assessment: str
    group: str
    place: str
    recruiter: str


TEXTS = {
    "uganda": IntelligenceTexts(
        ungraded="He asked a kitchen worker to pass a sealed letter to a visitor on Sunday.",
        reliable="He told two young men in the yard that they must join the fighters when released.",
        reliable_assessment="Heard directly by the officer and confirmed by a second officer on the wing.",
        shared="A visitor is said to bring money for the families of men who joined an armed group.",
        shared_assessment="Consistent with the visits log; the source has not been tested before.",
        sanitised="Information suggests that money for members of an armed group may be passed during visits.",
        police="Central Police Station, Counter-Terrorism Unit",
        purpose="Investigation of financing of an armed group",
        conditions="Not to be disclosed in court without the prison service's agreement.",
        restricted="A man in the block is said to keep a list of officers' home addresses.",
        restricted_assessment="Sensitive source inside the block; protect the source.",
        group="Study circle, block C",
        place="Visits hall",
        recruiter="suspected recruiter",
    ),
    "kazakhstan": IntelligenceTexts(
        ungraded="Просил работника кухни передать запечатанное письмо посетителю в воскресенье.",
        reliable="Говорил двум молодым осуждённым во дворе, что после освобождения они должны примкнуть к боевикам.",
        reliable_assessment="Слышал лично сотрудник; подтверждено вторым сотрудником отряда.",
        shared="Посетитель, по имеющимся сведениям, передаёт деньги семьям лиц, вступивших в вооружённую группу.",
        shared_assessment="Согласуется с журналом свиданий; источник ранее не проверялся.",
        sanitised="Имеются сведения о возможной передаче денег членам вооружённой группы во время свиданий.",
        police="Департамент полиции, отдел по противодействию экстремизму",
        purpose="Проверка финансирования вооружённой группы",
        conditions="Не раскрывать в суде без согласия учреждения.",
        restricted="Осуждённый в блоке, по имеющимся сведениям, хранит список домашних адресов сотрудников.",
        restricted_assessment="Чувствительный источник внутри блока; обеспечить защиту источника.",
        group="Кружок по изучению, блок В",
        place="Комната свиданий",
        recruiter="предполагаемый вербовщик",
    ),
    "tunisia": IntelligenceTexts(
        ungraded="Il a demandé à un travailleur de la cuisine de remettre une lettre cachetée à un visiteur dimanche.",
        reliable=(
            "Il a dit à deux jeunes détenus dans la cour qu'ils devraient rejoindre les combattants à leur sortie."
        ),
        reliable_assessment="Entendu directement par l'agent et confirmé par un second agent du quartier.",
        shared="Un visiteur apporterait de l'argent aux familles d'hommes ayant rejoint un groupe armé.",
        shared_assessment="Cohérent avec le registre des visites ; la source n'a pas encore été éprouvée.",
        sanitised=(
            "Des informations suggèrent que de l'argent destiné à un groupe armé pourrait transiter par les visites."
        ),
        police="Direction de la police judiciaire, brigade antiterroriste",
        purpose="Enquête sur le financement d'un groupe armé",
        conditions="Ne pas produire en justice sans l'accord de l'administration pénitentiaire.",
        restricted="Un détenu du bloc tiendrait une liste des adresses personnelles des agents.",
        restricted_assessment="Source sensible à l'intérieur du bloc ; protéger la source.",
        group="Cercle d'étude, bloc C",
        place="Parloir",
        recruiter="recruteur présumé",
    ),
}

# (source, information, handling) of each graded report, in each system: reliable, shared with the
# police after approval, the most restrictive code.
GRADES = {
    GRADING_5X5X5: {"reliable": ("B", "2", "2"), "shared": ("C", "3", "3"), "restricted": ("B", "3", "5")},
    "3x5x2": {"reliable": ("1", "A", "P"), "shared": ("2", "B", "C"), "restricted": ("2", "C", "C")},
}


@dataclass(frozen=True)
class IntelligenceMade:
    reports: int
    to_grade: int
    shared: int
    grading: str


def _at(today: date, days_ago: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(hour, 30)))


def make_intelligence(*, country: str, workplace_id: int, today: date) -> IntelligenceMade | None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=(DIRECTOR, SECURITY, WING))}
    if len(users) < 3:
        return None  # accounts that existed before the demo: nothing to record with
    veps = [p for p in on_roll_at(workplace_id) if p.is_vep]
    if not veps:
        return None
    texts = TEXTS.get(country, TEXTS["uganda"])
    director, security, wing = users[DIRECTOR], users[SECURITY], users[WING]
    prison = Prison.objects.get(pk=workplace_id)
    grading = active_profile().intelligence.grading
    grades = GRADES[grading]

    def vep(i: int):  # noqa: ANN202 - a HeldPrisoner
        return veps[i % len(veps)]

    def person(i: int, role: str = "") -> services.SubjectData:
        return services.SubjectData(kind="in_custody", prisoner_id=vep(i).pk, role=role)

    def submit(actor, when: datetime, content: str, *subjects: services.SubjectData) -> IntelligenceReport:
        return services.report_submit(
            actor=actor, prison=prison, data=services.ReportData(observed_at=when, content=content, subjects=subjects)
        )

    def grade(report: IntelligenceReport, kind: str, assessment: str) -> IntelligenceReport:
        source, information, handling = grades[kind]
        return services.report_grade(
            actor=security,
            report=report,
            source=source,
            information=information,
            handling=handling,
            assessment=assessment,
        ).report

    now = timezone.localtime()
    submit(wing, min(now - timedelta(hours=1), _at(today, 0, 7)), texts.ungraded, person(0))

    reliable = submit(
        wing,
        _at(today, 5, 15),
        texts.reliable,
        person(1, texts.recruiter),
        services.SubjectData(kind="group", name=texts.group),
    )
    grade(reliable, "reliable", texts.reliable_assessment)

    shared = submit(
        wing,
        _at(today, 12, 11),
        texts.shared,
        person(2),
        services.SubjectData(kind="place", name=texts.place),
    )
    shared = grade(shared, "shared", texts.shared_assessment)
    sanitised = services.sanitised_make(actor=security, report=shared, text=texts.sanitised)
    sharing = services.sharing_request(
        actor=security,
        report=shared,
        data=services.SharingData(
            agency_name=texts.police, agency_kind="law_enforcement", purpose=texts.purpose, sanitised_id=sanitised.pk
        ),
    )
    if sharing.status == "requested":
        sharing = services.sharing_decide(actor=director, sharing=sharing, approve=True, conditions=texts.conditions)
    services.sharing_mark_shared(actor=security, sharing=sharing)

    restricted = submit(security, _at(today, 2, 9), texts.restricted, person(3))
    grade(restricted, "restricted", texts.restricted_assessment)

    # Written and graded when they happened, not when the demo was built.
    for report, graded_after in ((reliable, 20), (shared, 26), (restricted, 4)):
        IntelligenceReport.objects.filter(pk=report.pk).update(
            submitted_at=report.observed_at + timedelta(hours=2),
            graded_at=report.observed_at + timedelta(hours=graded_after),
        )
    SanitisedVersion.objects.filter(pk=sanitised.pk).update(made_at=shared.observed_at + timedelta(days=2))
    Sharing.objects.filter(pk=sharing.pk).update(
        requested_at=shared.observed_at + timedelta(days=2),
        decided_at=shared.observed_at + timedelta(days=3) if sharing.decided_by_id else None,
        shared_at=shared.observed_at + timedelta(days=4),
    )
    return IntelligenceMade(reports=4, to_grade=1, shared=1, grading=grading)
