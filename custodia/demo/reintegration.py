"""Release planning and after-care for the demo, made through the reintegration services.

After the sentence plans: a few sentenced people at the largest prison are released (some months
ago, through the register's movement service), their plans opened before release, and followed up
at each interval due, a few with a new offence or a recall. Then every release plan that is due
opens (as the nightly command would), and the demo's case manager works on a few of them —
pathways under way with actions, a referral to the probation service with the person's consent to
share some sections, an answer — so that the worklist, the plan pages and the oversight figures
show real numbers.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from custodia.register import services as register_services
from custodia.register.choices import LegalStatus, MovementKind, ReleaseReason
from custodia.register.models import Prisoner
from custodia.register.selectors import terrorism_linked
from custodia.reintegration import services
from custodia.reintegration.choices import AgencyKind, Answer, Pathway, PathwayStatus
from custodia.reintegration.models import ReleasePlan

PLANNER = "casemanager"
WORKED_ON = 3  # plans near release worked on by the case manager
# People released and followed up, by months ago; two reoffend, one is recalled. A small demo
# releases fewer: one for every PEOPLE_PER_RELEASE on roll. The builder writes that many more
# sentenced files (demo/builder.py), so that the scenario's figures stay exact.
RELEASED_MONTHS_AGO = (2, 4, 7, 13, 13, 14)
PEOPLE_PER_RELEASE = 40


def released_by_the_case_work(population: int) -> tuple[int, ...]:
    return RELEASED_MONTHS_AGO[: population // PEOPLE_PER_RELEASE]


MONTH_DAYS = 30.44
PROBATION = {"uganda": "Probation and Social Welfare Office", "kazakhstan": "Служба пробации"}
LANGUAGE = {"uganda": "Luganda", "kazakhstan": "Русский", "tunisia": "العربية"}


def make_reintegration(*, country: str, workplace_id: int, population: int) -> dict[str, int]:
    """Returns how many plans were opened, worked on and followed up."""
    planner = get_user_model().objects.filter(username=PLANNER).first()
    # The releases first: they choose among everyone sentenced at the workplace.
    releases = released_by_the_case_work(population)
    followed = _released_and_followed_up(planner, workplace_id, releases) if planner else 0
    opened = services.release_plans_open_due()
    if planner is None:
        return {"opened": len(opened)}
    worked = [plan for plan in opened if plan.prison_id == workplace_id][:WORKED_ON]
    for i, plan in enumerate(worked):
        _work_on(plan, planner, country, accepted=i % 2 == 0)
    return {"opened": len(opened), "worked_on": len(worked), "followed_up": followed}


def _work_on(plan: ReleasePlan, planner, country: str, *, accepted: bool) -> None:
    pathways = {p.pathway: p for p in plan.pathways.all()}
    for code in (Pathway.ACCOMMODATION, Pathway.IDENTITY, Pathway.EDUCATION_WORK):
        services.pathway_status_change(actor=planner, pathway=pathways[code], status=PathwayStatus.IN_PROGRESS)
    services.pathway_status_change(actor=planner, pathway=pathways[Pathway.FINANCE], status=PathwayStatus.NOT_NEEDED)
    today = timezone.localdate()
    services.action_add(
        actor=planner,
        pathway=pathways[Pathway.IDENTITY],
        text="National identity card renewed",
        responsible="Case manager",
        target_on=today + timedelta(days=30),
    )
    services.action_add(
        actor=planner, pathway=pathways[Pathway.ACCOMMODATION], text="Place at a hostel", responsible="Probation"
    )
    referral = services.referral_make(
        actor=planner,
        plan=plan,
        data=services.ReferralData(
            agency_name=PROBATION.get(country, "Probation service"),
            agency_kind=AgencyKind.PROBATION,
            pathway=Pathway.ACCOMMODATION,
        ),
    )
    services.consent_record(
        actor=planner,
        referral=referral,
        data=services.ConsentData(
            sections=["accommodation", "identity", "education_work"],
            given_on=today,
            explained_in=LANGUAGE.get(country, "Français"),
        ),
    )
    if accepted:
        services.referral_answer(actor=planner, referral=referral, answer=Answer.ACCEPTED, answered_on=today)


def _released_and_followed_up(planner, workplace_id: int, releases: tuple[int, ...]) -> int:
    """Sentenced people at the workplace, released some months ago: their plans, opened before
    release, followed up at each interval due. The longest-ago releases go to the people held
    longest; a release falls after the person's last movement (else the register refuses it), a
    little sooner than planned where the stay is shorter. Passed over: anyone the figures count
    apart (linked to terrorism, a returnee), whose release would change them, and the people the
    demo's case managers have assessed or classified, whom the worklists show."""
    candidates = list(
        Prisoner.objects.filter(
            current_prison_id=workplace_id,
            legal_status=LegalStatus.CONVICTED,
            returnee=False,
            release_plans__isnull=True,
            assessments__isnull=True,
            classification_decisions__isnull=True,
        )
        .exclude(terrorism_linked())
        .annotate(last_moved=Max("movements__occurred_at"))
        .order_by("last_moved", "pk")
    )
    now = timezone.now()
    followed = 0
    slots = sorted(enumerate(releases), key=lambda slot: -slot[1])
    for (index, months), person in zip(slots, candidates, strict=False):
        last_moved: datetime = person.last_moved
        held_months = int((now - last_moved).days / MONTH_DAYS)
        months = min(months, held_months - 1)
        if months < 1:
            break
        released_at = now - timedelta(days=round(months * MONTH_DAYS))
        if _release(person, planner, released_at, last_moved):
            _follow_up(person.release_plans.get(), planner, months_ago=months, index=index, released_at=released_at)
            followed += 1
    return followed


def _release(person: Prisoner, planner, released_at: datetime, last_moved: datetime) -> bool:
    with transaction.atomic():
        plan = services.release_plan_open(actor=planner, prisoner=person)
        try:
            register_services.movement_record(
                actor=None,
                prisoner=person,
                data=register_services.MovementData(
                    kind=MovementKind.RELEASE, occurred_at=released_at, release_reason=ReleaseReason.END_OF_SENTENCE
                ),
            )
        except ValidationError:
            transaction.set_rollback(True)
            return False
    # The demo's history: planning opened five months before this release, or on arrival.
    opened_at = max(released_at - timedelta(days=152), last_moved + timedelta(days=1))
    ReleasePlan.objects.filter(pk=plan.pk).update(opened_at=opened_at)
    return True


def _follow_up(plan: ReleasePlan, planner, *, months_ago: int, index: int, released_at: datetime) -> None:
    for months in (1, 3, 6, 12):
        if months > months_ago:
            break
        contact = not (index == 1 and months == 3)  # one person could not be reached once
        reoffends = index == 3 and months >= 6
        recalled = index == 4 and months >= 3
        data = (
            services.FollowUpData(
                contact_made=True,
                housed=index != 2,
                in_work_or_education=index % 2 == 0,
                family_contact=True,
                new_offence=reoffends,
                recalled=recalled,
            )
            if contact
            else services.FollowUpData(contact_made=False)
        )
        services.follow_up_record(actor=planner, plan=plan, months=months, data=data)
