"""Requests and complaints at the largest prison over the past month, made through the
complaints services, then dated back where the services stamp the present:

- the allegations of ill-treatment that admissions recorded and no one has acted on yet
  (complaints.services.allegations_from_admissions: the demo writes files in batches, without
  the admission service that opens them);
- an allegation of ill-treatment by staff made twelve days ago, never referred (overdue: the
  director's, headquarters' and the inspection body's home pages show it);
- an allegation referred to the public prosecutor on time, answered and closed by headquarters;
- complaints to the director answered upheld and not upheld, one of them appealed to headquarters
  and awaiting its answer; a request granted; one complaint overdue; one just made;
- a request to headquarters, not yet answered;
- a complaint made in confidence to the inspection body, recorded by the inspector, which no one
  at the prison or at headquarters sees.

Men and women from the first on roll."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from custodia.complaints import services
from custodia.complaints.models import Complaint
from custodia.complaints.selectors import overdue_q
from custodia.register.models import Prisoner

from .held import on_roll_at

WING, DIRECTOR, COMPLAINTS, INSPECTOR = "wing", "director", "complaints", "inspector"


@dataclass(frozen=True)
class ComplaintTexts:
    beaten: str
    slapped: str
    food: str
    visits: str
    lawyer: str
    work: str
    property: str
    transfer: str
    confidential: str
    upheld: str
    not_upheld: str
    granted: str
    appeal: str
    prosecutor: str
    closed: str


TEXTS = {
    "uganda": ComplaintTexts(
        beaten="Says two officers beat him with a baton in the segregation unit on Sunday night.",
        slapped="Says an officer slapped him during the search after visits.",
        food="The evening meal has been served cold for a week.",
        visits="His wife was turned away at the gate on Saturday, though his list of approved visitors names his wife.",
        lawyer="Asks for a private room to meet his lawyer before the hearing.",
        work="Asks to join the carpentry workshop.",
        property="His radio was not returned after the search of his cell.",
        transfer="Asks to be transferred nearer his family in Gulu.",
        confidential="Says officers on night duty take food from the parcels of his family.",
        upheld="The kitchen trolley was repaired; meals are now served hot.",
        not_upheld="The search record shows the radio was handed to property; it is in his stored property.",
        granted="A room is booked on Tuesday mornings for legal visits.",
        appeal="He says the radio was taken from his cell, not from the property store.",
        prosecutor="Office of the Director of Public Prosecutions",
        closed="Referred and investigated by the prosecutor; disciplinary proceedings against the officer.",
    ),
    "kazakhstan": ComplaintTexts(
        beaten="Заявляет, что двое сотрудников избили его дубинкой в ПКТ в ночь на воскресенье.",
        slapped="Заявляет, что сотрудник ударил его по лицу во время досмотра после свидания.",
        food="Ужин неделю подают холодным.",
        visits="Жену не пропустили на свидание в субботу, хотя жена есть в списке разрешённых посетителей.",
        lawyer="Просит отдельное помещение для встречи с адвокатом перед заседанием.",
        work="Просит направить его в столярную мастерскую.",
        property="После обыска камеры не вернули радиоприёмник.",
        transfer="Просит перевести его ближе к семье в Шымкент.",
        confidential="Заявляет, что сотрудники ночной смены забирают продукты из передач семьи.",
        upheld="Тележку для пищи отремонтировали; пищу подают горячей.",
        not_upheld="По акту досмотра приёмник сдан на склад; он среди хранящихся вещей.",
        granted="По вторникам утром выделено помещение для встреч с адвокатами.",
        appeal="Утверждает, что приёмник забрали из камеры, а не со склада.",
        prosecutor="Прокуратура области",
        closed="Проверено прокуратурой; в отношении сотрудника начато дисциплинарное производство.",
    ),
    "tunisia": ComplaintTexts(
        beaten="Déclare que deux agents l'ont frappé à la matraque au quartier d'isolement dimanche soir.",
        slapped="Déclare qu'un agent l'a giflé pendant la fouille après le parloir.",
        food="Le repas du soir est servi froid depuis une semaine.",
        visits="Son épouse a été refoulée samedi alors qu'elle figurait sur la liste.",
        lawyer="Demande un local pour rencontrer son avocat avant l'audience.",
        work="Demande à rejoindre l'atelier de menuiserie.",
        property="Sa radio n'a pas été rendue après la fouille de sa cellule.",
        transfer="Demande un transfèrement plus près de sa famille à Sfax.",
        confidential="Déclare que les agents de nuit prennent de la nourriture dans les colis de sa famille.",
        upheld="Le chariot de la cuisine a été réparé ; les repas sont servis chauds.",
        not_upheld="Le procès-verbal de fouille montre que la radio a été déposée au vestiaire.",
        granted="Un local est réservé le mardi matin pour les visites d'avocats.",
        appeal="Il affirme que la radio a été prise dans sa cellule, pas au vestiaire.",
        prosecutor="Parquet du tribunal de première instance",
        closed="Renvoyé au parquet et instruit ; procédure disciplinaire contre l'agent.",
    ),
}


@dataclass(frozen=True)
class ComplaintsMade:
    complaints: int
    from_admissions: int
    overdue: int
    confidential: int


def _data(kind: str, category: str, made_by: str, addressee: str, text: str, made_on: date, allegation: bool = False):
    return services.ComplaintData(kind, category, made_by, addressee, text, made_on, allegation=allegation)


def _date(complaint: Complaint, **fields: date) -> None:
    """Dates a step back to when it happened in the story (the services stamp today)."""
    Complaint.objects.filter(pk=complaint.pk).update(**fields)
    complaint.refresh_from_db()


def make_complaints(*, country: str, workplace_id: int, today: date) -> ComplaintsMade | None:
    names = (WING, DIRECTOR, COMPLAINTS, INSPECTOR)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    if len(users) < len(names):
        return None  # accounts that existed before the demo: nothing to record with
    wing, director, hq, inspector = (users[n] for n in names)
    texts = TEXTS.get(country, TEXTS["uganda"])
    from_admissions = services.allegations_from_admissions()
    people = [Prisoner.objects.get(pk=p.pk) for p in on_roll_at(workplace_id)[:10]]
    if len(people) < 10:
        return None

    def add(person: int, *args, actor=wing) -> Complaint:
        return services.complaint_add(actor=actor, prisoner=people[person], data=_data(*args))

    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    # An allegation never referred, twelve days on.
    add(0, "complaint", "staff", "person", "director", texts.beaten, ago(12), True)
    # An allegation referred on time, answered and closed by headquarters.
    referred = add(1, "complaint", "staff", "legal_adviser", "headquarters", texts.slapped, ago(25), True)
    referred = services.complaint_refer(
        actor=hq, complaint=referred, data=services.ReferralData(texts.prosecutor, ago(24), "DPP/2026/114")
    )
    referred = services.complaint_answer(actor=hq, complaint=referred, outcome="upheld", answer=texts.closed)
    _date(referred, answered_on=ago(10))
    referred = services.complaint_close(actor=hq, complaint=referred, note=texts.closed)
    _date(referred, closed_on=ago(9))
    # Answered by the director: upheld, and not upheld then appealed to headquarters.
    food = add(2, "complaint", "food", "person", "director", texts.food, ago(20))
    food = services.complaint_answer(actor=director, complaint=food, outcome="upheld", answer=texts.upheld)
    _date(food, answered_on=ago(15))
    radio = add(3, "complaint", "property", "family", "director", texts.property, ago(28))
    radio = services.complaint_answer(actor=director, complaint=radio, outcome="not_upheld", answer=texts.not_upheld)
    _date(radio, answered_on=ago(18))
    radio = services.complaint_appeal(actor=wing, complaint=radio, grounds=texts.appeal)
    _date(radio, appealed_on=ago(16), appeal_due_on=ago(16) + timedelta(days=21))
    # A request granted; a complaint overdue; one just made; a request to headquarters.
    lawyer = add(4, "request", "legal", "person", "director", texts.lawyer, ago(9))
    lawyer = services.complaint_answer(actor=director, complaint=lawyer, outcome="granted", answer=texts.granted)
    _date(lawyer, answered_on=ago(6))
    add(5, "complaint", "contact", "family", "director", texts.visits, ago(19))
    add(6, "request", "work", "person", "director", texts.work, ago(1))
    add(7, "request", "accommodation", "person", "headquarters", texts.transfer, ago(5))
    # Made in confidence to the inspection body, recorded by the inspector on a visit.
    add(8, "complaint", "staff", "person", "inspection", texts.confidential, ago(7), actor=inspector)
    return ComplaintsMade(
        complaints=Complaint.objects.count(),
        from_admissions=from_admissions,
        overdue=Complaint.objects.filter(overdue_q(today)).count(),
        confidential=Complaint.objects.filter(addressee="inspection").count(),
    )
