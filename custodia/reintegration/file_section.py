"""The "Release and reintegration" section of the prisoner file page (register/prisoner_detail.html
includes reintegration/file_section.html with this context): need-to-know, only for holders of
`view_release_plans` at the person's prison, the prison that opened the plan, or nationwide."""

from custodia.register.selectors import PrisonerFile

from . import selectors, services


def context_for(*, user, file: PrisonerFile) -> dict:
    if not user.has_perm(selectors.VIEW):
        return {}
    prisoner = file.prisoner
    plan = selectors.prisoner_plan(user=user, prisoner=prisoner)
    return {
        "release_plan": plan,
        "release_plan_referrals": len(plan.referrals.all()) if plan else 0,
        # Once the person has left, the day they did, not the day they were expected to.
        "release_plan_released_at": selectors.released_at(plan) if plan else None,
        "may_open_release_plan": plan is None
        and not file.held_elsewhere
        and services.opener_refusal(user, prisoner) is None,
    }
