"""Reads of classification decisions, always through the acting user.

A decision is seen by those who hold `view_classification` and may open the person's file; a
former prison sees the decisions it made. The computed proposal is shown where the person is held.
Reasons drawn from an assessment are shown only to those who may read that assessment (the VEP
module needs its section right), and a review brought forward by intelligence says so only to
those who may read intelligence: need-to-know (Mandela Rule 9).

What these read unscoped is in classification.queries; how they are told, in presenters.
"""

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, cast

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from custodia.accounts.selectors import prison_scope
from custodia.assessment.selectors import shown_reason
from custodia.core import workflow
from custodia.core.rights import right
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner, PrisonerQuerySet
from custodia.register.selectors import file_visible, held_where_user_works, terrorism_linked

from . import queries, rules
from .choices import DecisionStatus
from .models import ClassificationDecision, ReviewDateChange
from .presenters import PersonClassification, PersonProposal, review_reason_label, shown_reasons

VIEW = right("view_classification")


if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    class VepAnnotation(TypedDict):
        is_vep: bool  # linked to violent extremism (register.selectors.terrorism_linked)

    # What decision_get returns: a decision annotated with `is_vep`.
    DecisionWithVep = WithAnnotations[ClassificationDecision, VepAnnotation]


# --- decisions of a person ------------------------------------------------------------------------


def _visible_decisions(*, user: User) -> QuerySet[ClassificationDecision]:
    if not user.has_perm(VIEW):
        return ClassificationDecision.objects.none()
    qs = ClassificationDecision.objects.filter(file_visible(user=user))
    scope = prison_scope(user)
    if scope is not None:
        # Held here now: every decision; held elsewhere or released: those this prison made.
        qs = qs.filter(Q(prisoner__current_prison__in=scope) | Q(prison__in=scope))
    return qs.select_related("prison", "proposed_by", "decided_by")


def decision_list(*, user: User, prisoner_id: int) -> list[ClassificationDecision]:
    """A person's decisions, newest first, with their review date changes (two queries)."""
    changes = ReviewDateChange.objects.select_related("changed_by")
    return list(
        _visible_decisions(user=user)
        .filter(prisoner_id=prisoner_id)
        .prefetch_related(Prefetch("review_changes", queryset=changes))
    )


def decision_get(*, user: User, decision_id: int) -> "DecisionWithVep":
    """One decision, annotated `is_vep`; ClassificationDecision.DoesNotExist when the user may not see it."""
    changes = ReviewDateChange.objects.select_related("changed_by")
    return (
        _visible_decisions(user=user)
        .select_related("prisoner__current_prison")
        .prefetch_related(Prefetch("review_changes", queryset=changes))
        .annotate(is_vep=terrorism_linked("prisoner_id"))
        .get(pk=decision_id)
    )


def prisoner_classification(*, user: User, prisoner: Prisoner, today: date | None = None) -> PersonClassification:
    """Decisions, the review date of the one in force and (where the person is held by the
    user's prison) the proposal computed now: six queries."""
    result = PersonClassification()
    if not user.has_perm(VIEW):
        return result
    today = today or timezone.localdate()
    result.decisions = decision_list(user=user, prisoner_id=prisoner.pk)
    result.in_force = next((d for d in result.decisions if d.status == DecisionStatus.APPROVED), None)
    result.open = next((d for d in result.decisions if d.status in rules.OPEN), None)
    scope = prison_scope(user)
    held_here = prisoner.current_prison_id is not None and (scope is None or prisoner.current_prison_id in scope)
    if not held_here:
        return result
    inputs = queries.inputs_of(prisoner.pk)
    # Held here: every decision of the person is visible, the one in force among them.
    current = result.in_force.approved_level if result.in_force else None
    result.facts = queries.facts_of(prisoner, inputs, current_level=current, today=today)
    result.proposal = rules.propose(active_profile().classification, result.facts)
    result.reasons = shown_reasons((r.as_dict() for r in result.proposal.reasons), user=user)
    if result.in_force is not None:
        result.review = queries.review_of(result.in_force, inputs, today)
        result.review_urgency = workflow.urgency(result.review.on, today)
    return result


def proposal_for(*, user: User, prisoner_id: int, today: date | None = None) -> PersonProposal:
    """The proposal computed now for a person held where the user works (Prisoner.DoesNotExist
    otherwise), with every reason as the user may read it."""
    if not user.has_perm(VIEW):
        raise Prisoner.DoesNotExist
    prisoner = (
        held_where_user_works(user=user)
        .select_related("current_prison")
        .annotate(is_vep=terrorism_linked())
        .get(pk=prisoner_id, current_prison__isnull=False)
    )
    proposal, facts = queries.compute_proposal(prisoner, today=today)
    decisions = ClassificationDecision.objects.filter(
        prisoner=prisoner, status__in=[DecisionStatus.APPROVED, *rules.OPEN]
    )
    in_force = next((d for d in decisions if d.status == DecisionStatus.APPROVED), None)
    open_one = next((d for d in decisions if d.status in rules.OPEN), None)
    reasons = shown_reasons((r.as_dict() for r in proposal.reasons), user=user)
    return PersonProposal(prisoner, proposal, reasons, facts, prisoner.is_vep, in_force, open_one)


# --- open proposals -------------------------------------------------------------------------------


def open_decisions(*, user: User) -> list["DecisionWithVep"]:
    """Proposals awaiting a decision and proposals returned to the case manager, of the people held
    where the user works (everywhere for headquarters), oldest first, each annotated `is_vep`. A
    list of work, like the reviews: who, the level proposed and where the proposal stands."""
    if not user.has_perm(VIEW):
        return []
    decisions = ClassificationDecision.objects.filter(
        prisoner__in=_on_roll_where_user_works(user=user), status__in=rules.OPEN
    )
    return list(
        decisions.select_related("prisoner__current_prison", "prison", "proposed_by")
        .annotate(is_vep=terrorism_linked("prisoner_id"))
        .order_by("proposed_at", "pk")
    )


# --- reviews --------------------------------------------------------------------------------------


def _on_roll_where_user_works(*, user: User) -> PrisonerQuerySet:
    """The people on the roll where the user works: for a nationwide role register's selector
    gives everyone, the released too, who have no review due."""
    # A PrisonerQuerySet, which register's selector annotates as a plain QuerySet.
    return cast(PrisonerQuerySet, held_where_user_works(user=user)).on_roll()


def reviews_due(*, user: User, prison_id: int | None = None, today: date | None = None) -> list[queries.ReviewItem]:
    """The decisions in force for people held where the user works (at one prison, or at all of
    them: nationally for headquarters), each with its review date and why; overdue first. A person
    released has no review due."""
    if not user.has_perm(VIEW):
        return []
    people = _on_roll_where_user_works(user=user)
    if prison_id is not None:
        people = people.filter(current_prison_id=prison_id)
    decisions = ClassificationDecision.objects.filter(prisoner__in=people)
    return _as_told(queries.review_items(decisions, today or timezone.localdate()), user=user)


def decision_review(
    *, user: User, decision: ClassificationDecision, today: date | None = None
) -> queries.ReviewItem | None:
    """The review of one decision in force (found through decision_get), or None."""
    decisions = ClassificationDecision.objects.filter(pk=decision.pk)
    return next(iter(_as_told(queries.review_items(decisions, today or timezone.localdate()), user=user)), None)


def _as_told(items: list[queries.ReviewItem], *, user: User) -> list[queries.ReviewItem]:
    """Each review's reason, code and label, as the reader may be told it."""
    for item in items:
        item.due = replace(item.due, reason=shown_reason(item.due.reason, user=user))
        item.reason_label = review_reason_label(item.due.reason)
    return items


def unclassified_count(*, user: User, prison_id: int | None = None) -> int:
    """People held where the user works with no approved classification yet (one query)."""
    people = _on_roll_where_user_works(user=user)
    if prison_id is not None:
        people = people.filter(current_prison_id=prison_id)
    return people.exclude(classification_decisions__status=DecisionStatus.APPROVED).count()
