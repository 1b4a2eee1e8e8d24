"""Prison security audits by the headquarters auditor, made through the securityaudits services,
then dated back where the services stamp the present:

- the largest prison audited a year ago: dynamic security and the handling of intelligence weak,
  five actions recommended, all since done but the disengagement programme, now past its date;
- the same prison audited again six weeks ago: better in both, worse at the gate; three actions,
  the gate's past its date (the security officer's and the director's home pages show both);
- the second-largest prison audited a month ago, so that the prisons compare.

The comparison over the years and across prisons reads these."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from custodia.estate.models import Prison
from custodia.securityaudits import checklist, services
from custodia.securityaudits.models import RecommendedAction, SecurityAudit

AUDITOR, SECURITY = "auditor", "security"


@dataclass(frozen=True)
class AuditTexts:
    summary_then: str
    summary_now: str
    summary_other: str
    seen: dict[str, str]  # item code: what the auditor saw where it fell short
    actions: dict[str, str]  # item code: the action recommended
    owner: str
    done: str


TEXTS = {
    "uganda": AuditTexts(
        summary_then="Walls and locks sound; staff rarely on the landings and intelligence reports graded late.",
        summary_now="Clear progress on dynamic security and intelligence; the gate log is kept carelessly.",
        summary_other="A well-run prison; the emergency plans need exercising.",
        seen={
            "staff_presence": "Officers stay in the control room; landings unsupervised for long periods.",
            "knowing_people": "Wing officers could not name half the men on their landing.",
            "reports_flow": "Reports waited nine days on average before grading.",
            "acted_on": "Two reliable reports led to no search or review.",
            "disengagement": "No disengagement programme running this year.",
            "gate_control": "Visitors' entries not recorded on two of the five days checked.",
            "emergency_plans": "No exercise held this year.",
        },
        actions={
            "staff_presence": "Post an officer on each landing during unlock periods.",
            "knowing_people": "Give each wing officer a named group of men to know and record on.",
            "reports_flow": "Grade every intelligence report within two working days.",
            "acted_on": "Review every reliable report at the weekly security meeting.",
            "disengagement": "Start the disengagement programme with the first group of ten.",
            "gate_control": "Check the gate log daily and sign it off.",
            "emergency_plans": "Hold a disturbance exercise with the local police.",
        },
        owner="Head of security",
        done="Done and checked on a visit by the director.",
    ),
    "kazakhstan": AuditTexts(
        summary_then=(
            "Инженерно-технические средства исправны; сотрудники редко бывают в отрядах, "
            "донесения оцениваются с опозданием."
        ),
        summary_now=(
            "Заметный прогресс в динамической безопасности и работе с донесениями; журнал КПП ведётся небрежно."
        ),
        summary_other="Учреждение работает хорошо; планы действий в ЧС требуют отработки.",
        seen={
            "staff_presence": "Сотрудники находятся в дежурной части; отряды подолгу без надзора.",
            "knowing_people": "Сотрудники отрядов не смогли назвать половину осуждённых своего отряда.",
            "reports_flow": "Донесения ждали оценки в среднем девять дней.",
            "acted_on": "По двум достоверным донесениям не проведено ни обыска, ни пересмотра.",
            "disengagement": "В этом году программа дерадикализации не проводилась.",
            "gate_control": "В двух из пяти проверенных дней вход посетителей не зарегистрирован.",
            "emergency_plans": "В этом году учения не проводились.",
        },
        actions={
            "staff_presence": "Выставлять сотрудника в каждом отряде в часы открытия камер.",
            "knowing_people": "Закрепить за каждым сотрудником отряда группу осуждённых.",
            "reports_flow": "Оценивать каждое донесение в течение двух рабочих дней.",
            "acted_on": "Рассматривать каждое достоверное донесение на еженедельном совещании.",
            "disengagement": "Начать программу дерадикализации с первой группы из десяти человек.",
            "gate_control": "Ежедневно проверять и подписывать журнал КПП.",
            "emergency_plans": "Провести учения по массовым беспорядкам совместно с полицией.",
        },
        owner="Начальник оперативного отдела",
        done="Выполнено и проверено начальником учреждения.",
    ),
    "tunisia": AuditTexts(
        summary_then="Murs et serrures en bon état ; personnel rarement en détention, rapports cotés avec retard.",
        summary_now="Nets progrès en sécurité dynamique et en renseignement ; le registre de la porte est mal tenu.",
        summary_other="Établissement bien tenu ; les plans d'urgence doivent être exercés.",
        seen={
            "staff_presence": "Les agents restent au poste de contrôle ; coursives longtemps sans surveillance.",
            "knowing_people": "Les surveillants ne savaient nommer que la moitié des hommes de leur étage.",
            "reports_flow": "Les rapports attendaient neuf jours en moyenne avant d'être cotés.",
            "acted_on": "Deux rapports fiables n'ont donné lieu à aucune fouille ni réexamen.",
            "disengagement": "Aucun programme de désengagement cette année.",
            "gate_control": "Entrées de visiteurs non consignées deux jours sur les cinq vérifiés.",
            "emergency_plans": "Aucun exercice cette année.",
        },
        actions={
            "staff_presence": "Placer un agent sur chaque coursive pendant les mouvements.",
            "knowing_people": "Confier à chaque surveillant un groupe nominatif de personnes détenues.",
            "reports_flow": "Coter chaque rapport de renseignement sous deux jours ouvrables.",
            "acted_on": "Examiner chaque rapport fiable à la réunion de sécurité hebdomadaire.",
            "disengagement": "Lancer le programme de désengagement avec un premier groupe de dix.",
            "gate_control": "Vérifier et viser chaque jour le registre de la porte.",
            "emergency_plans": "Organiser un exercice de mouvement collectif avec la police.",
        },
        owner="Chef de la sécurité",
        done="Fait et vérifié lors d'une visite du directeur.",
    ),
}


@dataclass(frozen=True)
class AuditsMade:
    audits: int
    open_actions: int
    overdue: int


def _audit(
    auditor,
    prison: Prison,
    texts: AuditTexts,
    *,
    on: date,
    summary: str,
    shortfalls: dict[str, str],
    due_days: dict[str, int],
) -> SecurityAudit:
    """An audit: every item met but `shortfalls` (item: rating), each with what was seen, an action
    for each of `due_days` (item: days after the visit it is due); final, dated to the visit."""
    audit = services.audit_start(actor=auditor, prison=prison, audited_on=on)
    ratings = [
        services.RatingData(code, shortfalls.get(code, "met"), texts.seen.get(code, "") if code in shortfalls else "")
        for code in checklist.current().area_of()
    ]
    services.ratings_record(actor=auditor, audit=audit, ratings=ratings)
    for code, days in due_days.items():
        services.action_recommend(
            actor=auditor,
            audit=audit,
            data=services.ActionData(texts.actions[code], texts.owner, on + timedelta(days=days), code),
        )
    services.audit_finalise(actor=auditor, audit=audit, summary=summary)
    SecurityAudit.objects.filter(pk=audit.pk).update(
        finalised_at=timezone.make_aware(datetime.combine(on + timedelta(days=3), time(16, 0)))
    )
    return audit


def make_security_audits(*, country: str, workplace_id: int, today: date) -> AuditsMade | None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=(AUDITOR, SECURITY))}
    if len(users) < 2:
        return None  # accounts that existed before the demo: nothing to record with
    texts = TEXTS.get(country, TEXTS["uganda"])
    auditor, security = users[AUDITOR], users[SECURITY]
    workplace = Prison.objects.get(pk=workplace_id)
    then = _audit(
        auditor,
        workplace,
        texts,
        on=today - timedelta(days=407),
        summary=texts.summary_then,
        shortfalls={
            "staff_presence": "not_met",
            "knowing_people": "partly_met",
            "reports_flow": "not_met",
            "acted_on": "partly_met",
            "disengagement": "not_met",
        },
        due_days={"staff_presence": 60, "knowing_people": 90, "reports_flow": 30, "acted_on": 60, "disengagement": 180},
    )
    for action in then.actions.exclude(item_code="disengagement"):
        services.action_done(actor=security, action=action, done_on=action.due_on - timedelta(days=5), note=texts.done)
    _audit(
        auditor,
        workplace,
        texts,
        on=today - timedelta(days=42),
        summary=texts.summary_now,
        shortfalls={"gate_control": "not_met", "knowing_people": "partly_met", "disengagement": "partly_met"},
        due_days={"gate_control": 14, "knowing_people": 90, "disengagement": 120},
    )
    # The next largest prison by official capacity.
    others = list(Prison.objects.filter(is_active=True).exclude(pk=workplace_id))
    other = max(others, key=lambda prison: (prison.official_capacity, -prison.pk)) if others else None
    if other is not None:
        _audit(
            auditor,
            other,
            texts,
            on=today - timedelta(days=30),
            summary=texts.summary_other,
            shortfalls={"emergency_plans": "not_met"},
            due_days={"emergency_plans": 90},
        )
    still_open = RecommendedAction.objects.filter(status="open")
    return AuditsMade(
        audits=SecurityAudit.objects.count(),
        open_actions=still_open.count(),
        overdue=still_open.filter(due_on__lt=today).count(),
    )
