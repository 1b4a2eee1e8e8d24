"""The sentence plan section of the prisoner file page (register/prisoner_detail.html includes
plans/file_section.html with this context). The due date is worked out from what the file has
read already (legal status, admissions, sentences) and the section's own list of versions."""

from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core import workflow
from custodia.core.withheld import Withheld
from custodia.register.selectors import PrisonerFile, TimelineEntry

from . import selectors, services
from .choices import PlanStatus
from .models import SentencePlan


def context_for(*, user, file: PrisonerFile) -> dict:
    if not user.has_perm(selectors.VIEW):
        return {}
    prisoner = file.prisoner
    plans = selectors.prisoner_plans(user=user, prisoner=prisoner, detail=False)
    current = next((p for p in plans if p.status != PlanStatus.SUPERSEDED), None)
    due = None
    if not file.held_elsewhere and not isinstance(file.legal_status, Withheld):
        sentences = [] if isinstance(file.sentences, Withheld) else file.sentences
        releases = [s.earliest_release_on for s in sentences if s.earliest_release_on]
        due = selectors.file_due(
            prisoner=prisoner,
            legal_status=file.legal_status,
            admitted_at=file.admissions[0].admitted_at if file.admissions else None,
            release_on=max(releases, default=None),
            plans=plans,
        )
    return {
        "sentence_plans": plans,
        "sentence_plan_current": current,
        "sentence_plan_due": due,
        "sentence_plan_urgency": workflow.urgency(due.on, timezone.localdate()) if due else "",
        "timeline": _timeline(plans),
        "may_start_plan": current is None
        and not file.held_elsewhere
        and services.planner_refusal(user, prisoner) is None,
    }


def _timeline(plans: list[SentencePlan]) -> list[TimelineEntry]:
    """Each version started and agreed, for the file's timeline, from the versions already read."""
    entries = []
    for plan in plans:
        entries.append(
            TimelineEntry(
                plan.created_at, "plan", _("Sentence plan version %(number)s started") % {"number": plan.number}, ""
            )
        )
        if plan.agreed_at:
            entries.append(
                TimelineEntry(
                    plan.agreed_at,
                    "plan",
                    _("Sentence plan version %(number)s agreed") % {"number": plan.number},
                    plan.get_agreement_display(),
                )
            )
    return entries
