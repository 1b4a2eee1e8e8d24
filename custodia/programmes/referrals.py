"""What a referral starts from: the accepted, open objectives of the person's sentence plan in
force, as the plans selectors let the case manager see them."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from custodia.plans.choices import PlanStatus
from custodia.plans.models import Objective
from custodia.plans.selectors import prisoner_plans
from custodia.register.models import Prisoner

from .services import REFERABLE_OBJECTIVES


def objectives_to_refer(*, user: User, prisoner: Prisoner) -> QuerySet[Objective]:
    ids = [
        objective.pk
        for plan in prisoner_plans(user=user, prisoner=prisoner, detail=False)
        if plan.status != PlanStatus.SUPERSEDED
        for objective in plan.objectives.all()
        if objective.status in REFERABLE_OBJECTIVES
    ]
    return Objective.objects.filter(pk__in=ids).order_by("id")
