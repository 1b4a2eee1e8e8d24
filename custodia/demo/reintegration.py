"""Release planning and after-care for the demo, made through the reintegration services.

After the sentence plans: every release plan that is due opens (as the nightly command would), and
the demo's case manager at the largest prison works on a few of them — pathways under way with
actions, a referral to the probation service with the person's consent to share some sections,
an answer. A few other sentenced people there are then released (some months ago, through the
register's movement service) and followed up at each interval due, a few with a new offence or a
recall, so that the worklist, the plan pages and the oversight figures show real numbers.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from custodia.register import services as register_services
from custodia.register.choices import LegalStatus, MovementKind, ReleaseReason
from custodia.register.models import Movement, Prisoner
from custodia.reintegration import services
from custodia.reintegration.choices import AgencyKind, Answer, Pathway, PathwayStatus
from custodia.reintegration.models import ReleasePlan

PLANNER = "casemanager"
WORKED_ON = 3  # plans near release worked on by the case manager
RELEASED_MONTHS_AGO = (2, 4, 7, 13, 13, 14)  # people released and followed up; two reoffend, one is recalled
PROBATION = {"uganda": "Probation and Social Welfare Office", "kazakhstan": "Служба пробации"}
LANGUAGE = {"uganda": "Luganda", "kazakhstan": "Русский", "tunisia": "العربية"}


def make_reintegration(*, country: str, workplace_id: int) -> dict[str, int]:
    """Returns how many plans were opened, worked on and followed up."""
    opened = services.release_plans_open_due()
    planner = get_user_model().objects.filter(username=PLANNER).first()
    if planner is None:
        return {"opened": len(opened)}
    worked = [plan for plan in opened if plan.prison_id == workplace_id][:WORKED_ON]
    for i, plan in enumerate(worked):
        _work_on(plan, planner, country, accepted=i % 2 == 0)
    followed = _released_and_followed_up(planner, country, workplace_id)
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


def _released_and_followed_up(planner, country: str, workplace_id: int) -> int:
    """Sentenced people at the workplace, released some months ago: their plans, opened before
    release, followed up at each interval due. Someone whose file has a movement after the chosen
    day is passed over, as the register would refuse the release."""
    candidates = Prisoner.objects.filter(
        current_prison_id=workplace_id, legal_status=LegalStatus.CONVICTED, release_plans__isnull=True
    ).order_by("pk")
    followed = 0
    for person in candidates[:40]:
        if followed == len(RELEASED_MONTHS_AGO):
            break
        months = RELEASED_MONTHS_AGO[followed]
        released_at = timezone.now() - timedelta(days=round(months * 30.44))
        if Movement.objects.filter(prisoner=person, occurred_at__gte=released_at - timedelta(days=200)).exists():
            continue
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
            continue
        # The demo's history: planning opened five months before this release.
        ReleasePlan.objects.filter(pk=plan.pk).update(opened_at=released_at - timedelta(days=152))
        _follow_up(plan, planner, months_ago=months, index=followed, released_at=released_at)
        followed += 1
    return followed


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
