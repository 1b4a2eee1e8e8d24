"""Incident reports at the largest prison, made through the incidents services, then dated back
where the services stamp the present:

- a fight in the dining hall four days ago, written by the wing officer and closed by the
  security officer; one man was injured, and health-care staff examined him the same day;
- an assault on staff this morning, with force used to bring the man under control: submitted
  and awaiting the security officer's review, its medical examination still owed (the director's
  and the health-care staff's home pages show it);
- a second report of the same fight by the director, set aside as a duplicate: kept, and left out
  of the statistics;
- the find of a mobile phone in a cell search, closed;
- behaviour linked to violent extremism (propaganda calling for violence), written by the security
  officer and closed by the director: a serious incident, so the man's reassessment falls due.

Men only, the last on roll (those the other parts of the demo chose first are the first)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from custodia.estate.models import Prison
from custodia.incidents import services
from custodia.incidents.models import Incident, MedicalExamination
from custodia.register.choices import Sex

from .held import on_roll_at

DIRECTOR, SECURITY, HEALTH, WING = "director", "security", "health", "wing"


@dataclass(frozen=True)
class IncidentTexts:
    fight: str
    fight_place: str
    injury: str
    assault: str
    assault_place: str
    force_by: str
    force_reason: str
    phone: str
    phone_place: str
    propaganda: str
    propaganda_facts: str
    examined: str
    closed: str
    duplicate: str


TEXTS = {
    "uganda": IncidentTexts(
        fight="Two men fought over a place in the food queue; officers separated them within a minute.",
        fight_place="Dining hall",
        injury="Swollen left eye",
        assault="He punched an officer who asked him to return to his cell at lock-up.",
        assault_place="Landing 2",
        force_by="Two wing officers",
        force_reason="He kept striking the officer; brought to the floor and held until he calmed down.",
        phone="A mobile phone and a charger were found inside the mattress during a cell search.",
        phone_place="Cell search, block C",
        propaganda="He handed out written sheets calling for attacks on the authorities.",
        propaganda_facts="Four handwritten sheets calling for violence; seized and sent to the security office.",
        examined="Swelling around the left eye; no fracture suspected; cold compress. Consistent with the account.",
        closed="Facts established; disciplinary hearing opened.",
        duplicate="Same fight as the wing officer's report.",
    ),
    "kazakhstan": IncidentTexts(
        fight="Двое осуждённых подрались из-за места в очереди за питанием; сотрудники разняли их в течение минуты.",
        fight_place="Столовая",
        injury="Отёк левого глаза",
        assault="Ударил сотрудника, который потребовал вернуться в камеру при отбое.",
        assault_place="Коридор 2-го этажа",
        force_by="Два сотрудника отряда",
        force_reason="Продолжал наносить удары; уложен на пол и удерживался до успокоения.",
        phone="При обыске камеры в матрасе обнаружены мобильный телефон и зарядное устройство.",
        phone_place="Обыск камеры, блок В",
        propaganda="Раздавал листовки с призывами к нападениям на представителей власти.",
        propaganda_facts="Четыре рукописные листовки с призывами к насилию; изъяты и переданы в оперативный отдел.",
        examined="Отёк в области левого глаза; признаков перелома нет; холодный компресс. Соответствует объяснениям.",
        closed="Обстоятельства установлены; начато дисциплинарное производство.",
        duplicate="Та же драка, что и в рапорте сотрудника отряда.",
    ),
    "tunisia": IncidentTexts(
        fight=(
            "Deux hommes se sont battus pour une place dans la file du repas ; "
            "les agents les ont séparés en une minute."
        ),
        fight_place="Réfectoire",
        injury="Œil gauche tuméfié",
        assault="Il a frappé un agent qui lui demandait de regagner sa cellule à la fermeture.",
        assault_place="Coursive du 2e étage",
        force_by="Deux agents du quartier",
        force_reason="Il continuait à frapper ; amené au sol et maintenu jusqu'à ce qu'il se calme.",
        phone="Un téléphone portable et un chargeur trouvés dans le matelas lors d'une fouille de cellule.",
        phone_place="Fouille de cellule, bloc C",
        propaganda="Il distribuait des feuillets appelant à des attaques contre les autorités.",
        propaganda_facts="Quatre feuillets manuscrits appelant à la violence ; saisis et remis au bureau de sécurité.",
        examined=(
            "Tuméfaction de l'œil gauche ; pas de fracture suspectée ; compresse froide. Compatible avec les faits."
        ),
        closed="Faits établis ; procédure disciplinaire engagée.",
        duplicate="Même rixe que le rapport de l'agent du quartier.",
    ),
}


@dataclass(frozen=True)
class IncidentsMade:
    reports: int
    awaiting_review: int
    examinations_owed: int


def _at(today: date, days_ago: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(hour, 15)))


def make_incidents(*, country: str, workplace_id: int, today: date) -> IncidentsMade | None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=(DIRECTOR, SECURITY, HEALTH, WING))}
    if len(users) < 4:
        return None  # accounts that existed before the demo: nothing to record with
    texts = TEXTS.get(country, TEXTS["uganda"])
    roll = [p for p in on_roll_at(workplace_id) if p.sex == Sex.MALE]
    men = [p for p in roll if not p.is_vep]
    veps = [p for p in roll if p.is_vep]
    if len(men) < 8 or not veps:
        return None
    director, security, health, wing = users[DIRECTOR], users[SECURITY], users[HEALTH], users[WING]
    prison = Prison.objects.get(pk=workplace_id)
    # Past the people the restrictive measures chose (the last three men on roll).
    first, second, striker, searched = men[-4], men[-5], men[-6], men[-7]

    def report(actor, kind, when, place, summary, answers, people):
        incident = services.incident_draft(
            actor=actor,
            prison=prison,
            data=services.IncidentData(type_code=kind, occurred_at=when, place=place, summary=summary, answers=answers),
        )
        for person, role, extra in people:
            services.involvement_add(
                actor=actor,
                incident=incident,
                data=services.InvolvementData(role=role, prisoner_id=person.pk, **extra),
            )
        return services.incident_submit(actor=actor, incident=incident)

    fight_at = _at(today, 4, 12)
    fight = report(
        wing,
        "fight",
        fight_at,
        texts.fight_place,
        texts.fight,
        {"people_count": 2},
        [(first, "involved", {"injuries": texts.injury}), (second, "involved", {})],
    )
    services.incident_close(actor=security, incident=fight, comment=texts.closed)
    examination = MedicalExamination.objects.get(involvement__incident=fight)
    services.examination_record(
        actor=health, examination=examination, examined_at=fight_at + timedelta(hours=1), findings=texts.examined
    )
    repeated = report(
        director, "fight", fight_at, texts.fight_place, texts.fight, {"people_count": 2}, [(second, "involved", {})]
    )
    services.incident_set_aside(actor=security, incident=repeated, comment=texts.duplicate, duplicate_of=fight.pk)

    phone = report(
        wing,
        "find_phone",
        _at(today, 9, 10),
        texts.phone_place,
        texts.phone,
        {"count": 1},
        [(searched, "involved", {})],
    )
    services.incident_close(actor=security, incident=phone, comment=texts.closed)

    propaganda = report(
        security,
        "radicalisation_behaviour",
        _at(today, 6, 16),
        texts.fight_place,
        texts.propaganda,
        {"behaviour": "propaganda", "facts": texts.propaganda_facts},
        [(veps[-1], "perpetrator", {})],
    )
    services.incident_close(actor=director, incident=propaganda, comment=texts.closed)

    now = timezone.localtime()
    assault_at = min(now - timedelta(hours=1), timezone.make_aware(datetime.combine(today, time(7, 40))))
    report(
        wing,
        "assault_on_staff",
        assault_at,
        texts.assault_place,
        texts.assault,
        {"weapon_used": False, "staff_off_duty": 0},
        [
            (
                striker,
                "perpetrator",
                {"force_technique": "holds", "force_by": texts.force_by, "force_reason": texts.force_reason},
            )
        ],
    )
    # Written when they happened, not when the demo was built.
    for incident in (fight, repeated, phone, propaganda):
        Incident.objects.filter(pk=incident.pk).update(
            submitted_at=incident.occurred_at + timedelta(hours=2),
            reviewed_at=incident.occurred_at + timedelta(hours=20),
        )
    MedicalExamination.objects.filter(involvement__incident=fight).update(opened_at=fight_at + timedelta(minutes=30))
    return IncidentsMade(reports=5, awaiting_review=1, examinations_owed=1)
