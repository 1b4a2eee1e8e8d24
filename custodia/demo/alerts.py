"""Alerts at the largest prison, made through the alerts services:

- escape risk on the first person linked to violent extremism, set by security a month ago, with a
  planned end in three months;
- recruiter risk (restricted: only security officers and directors see it) on the next such person;
- a medical alert by health-care staff: what staff must do, never the diagnosis;
- violence towards staff set by the director, ended after a review;
- self-harm risk set by the case manager from the proposal of an urgent screening rating (the
  referral recorded), where the demo's assessments made one; a second proposal dismissed with a
  reason. The others stay proposed, on the case manager's and health-care staff's home pages.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from custodia.alerts import selectors, services

from .held import on_roll_at

SECURITY, DIRECTOR, HEALTH, CASE_MANAGER = "security", "director", "health", "casemanager"

TEXTS = {
    "kazakhstan": {
        "escape": "При обыске камеры обнаружены распиленные прутья решётки; побег из СИЗО в прошлом.",
        "recruiter": "По оперативным сведениям склоняет сокамерников к насильственному экстремизму.",
        "medical": "Перед любым применением силы обратиться в медицинскую службу.",
        "violent": "Нападение на сотрудника во время обыска.",
        "ended": "После беседы и пересмотра угроз в адрес персонала не поступало.",
        "dismissed": "Балл относится к уязвимости к эксплуатации, а не к самоповреждению; осмотрен(а) сегодня.",
    },
}
DEFAULT = {
    "escape": "Cut bars found in the cell window during a search; escaped from police custody before.",
    "recruiter": "Intelligence graded reliable: draws cell-mates towards violent extremism.",
    "medical": "See health care before any use of force.",
    "violent": "Assaulted an officer during a cell search.",
    "ended": "No threat towards staff since the review and the mediation.",
    "dismissed": "The rating concerns vulnerability to exploitation, not self-harm; seen by the nurse today.",
}


@dataclass(frozen=True)
class AlertsMade:
    in_force: int
    ended: int
    proposed: int  # proposals left for people to decide


def make_alerts(*, country: str, workplace_id: int, today: date) -> AlertsMade | None:
    names = (SECURITY, DIRECTOR, HEALTH, CASE_MANAGER)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    if len(users) < len(names):
        return None  # accounts that existed before the demo: nothing to record with
    texts = TEXTS.get(country, DEFAULT)
    people = on_roll_at(workplace_id)
    # People linked to violent extremism first: the escape and recruiter risks go to them when the
    # prison holds any (at a small scale it may hold one or none).
    chosen = [p for p in people if p.is_vep] + [p for p in people if not p.is_vep]
    if len(chosen) < 4:
        return None
    escape, recruiter, medical, violent_one = chosen[0], chosen[1], chosen[-1], chosen[-2]

    def put(actor_name, person, code, reason, *, days_ago=0, **kwargs):
        return services.alert_set(
            actor=users[actor_name],
            prisoner=person,
            data=services.AlertData(code=code, reason=reason, active_from=today - timedelta(days=days_ago), **kwargs),
        )

    put(SECURITY, escape, "escape_risk", texts["escape"], days_ago=30, active_to=today + timedelta(days=90))
    put(SECURITY, recruiter, "recruiter_risk", texts["recruiter"], days_ago=12)
    put(HEALTH, medical, "medical", texts["medical"], days_ago=60)
    violent = put(DIRECTOR, violent_one, "violent_to_staff", texts["violent"], days_ago=40)
    services.alert_end(actor=users[DIRECTOR], alert=violent, reason=texts["ended"])
    proposals = selectors.proposals(user=users[CASE_MANAGER], prison_id=workplace_id)
    if proposals:
        first = proposals[0]
        put(
            CASE_MANAGER,
            first.prisoner,
            first.code,
            first.reason(),
            assessment_id=first.assessment.pk,
            assessment_item=first.item_code,
            referral_made=True,
        )
    if len(proposals) > 1:
        second = proposals[1]
        services.proposal_dismiss(
            actor=users[HEALTH],
            assessment_id=second.assessment.pk,
            item_code=second.item_code,
            reason=texts["dismissed"],
        )
    left = len(selectors.proposals(user=users[CASE_MANAGER], prison_id=workplace_id))
    in_force = selectors.in_force_count(user=users[DIRECTOR], prison_id=workplace_id)
    return AlertsMade(in_force=in_force, ended=1, proposed=left)
