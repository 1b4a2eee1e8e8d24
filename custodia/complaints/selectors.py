"""Reads of requests and complaints, always through the acting user.

Staff with view_complaints see the complaints that concern the prisons where they work (nationwide
users: every prison), never one made through the confidential route: to them, and to
headquarters, it does not exist (not in lists, counts, the file, the API or the history). The
inspection body (handle_confidential_complaints) sees the confidential route and every allegation
of torture or ill-treatment, which it may refer and close (Rules 57(3), 71)."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from custodia.accounts.selectors import prison_scope
from custodia.core.rights import right
from custodia.register.models import Prisoner
from custodia.register.selectors import held_where_user_works

from . import rules
from .choices import Addressee, Status
from .models import Complaint

VIEW = right("view_complaints")
RECORD = right("record_complaints")
ANSWER = right("answer_complaints")
CONFIDENTIAL = right("handle_confidential_complaints")
REFER = right("refer_ill_treatment_allegations")
FIGURES = right("view_complaint_figures")


def _in_scope(user: Any) -> Q:
    scope = prison_scope(user)
    return Q() if scope is None else Q(prison_id__in=scope)


def visibility(user: Any) -> Q | None:
    """The complaints `user` may see, as a filter; None for none at all."""
    parts = []
    if user.has_perm(VIEW):
        parts.append(~Q(addressee=Addressee.INSPECTION))
    if user.has_perm(CONFIDENTIAL):
        parts.append(Q(addressee=Addressee.INSPECTION) | Q(allegation=True))
    if not parts:
        return None
    either = parts[0]
    for part in parts[1:]:
        either |= part
    return either & _in_scope(user)


def complaints_visible(*, user: Any) -> QuerySet[Complaint]:
    seen = visibility(user)
    if seen is None:
        return Complaint.objects.none()
    return Complaint.objects.filter(seen).select_related("prisoner", "prison")


def complaint_get(*, user: Any, complaint_id: int) -> Complaint:
    """The complaint, or Complaint.DoesNotExist for one the user may not see."""
    return (
        complaints_visible(user=user)
        .select_related("answered_by", "appeal_answered_by", "referred_by")
        .get(pk=complaint_id)
    )


def people_for_complaints(*, user: Any) -> QuerySet[Prisoner]:
    """The people for whom `user` may record a complaint: staff those held where they work; the
    inspection body anyone in custody in its scope."""
    if user.has_perm(CONFIDENTIAL):
        scope = prison_scope(user)
        people = Prisoner.objects.filter(current_prison__isnull=False)
        return people if scope is None else people.filter(current_prison_id__in=scope)
    if user.has_perm(RECORD):
        return held_where_user_works(user=user)
    return Prisoner.objects.none()


def actor_of(user: Any, complaint: Complaint) -> rules.Actor:
    scope = prison_scope(user)
    return rules.Actor(
        answers=user.has_perm(ANSWER),
        confidential=user.has_perm(CONFIDENTIAL),
        refers=user.has_perm(REFER),
        records=user.has_perm(RECORD),
        nationwide=scope is None,
        at_prison=scope is None or complaint.prison_id in scope,
    )


def facts_of(complaint: Complaint) -> rules.Facts:
    return rules.Facts(complaint.addressee, complaint.status, complaint.allegation, complaint.referred_on is not None)


@dataclass(frozen=True)
class Filters:
    open: bool = False  # awaiting an answer or an answer on appeal
    overdue: bool = False
    allegations: bool = False
    prisoner: int | None = None


def overdue_q(today: date) -> Q:
    return Q(status=Status.OPEN, due_on__lt=today) | Q(status=Status.APPEALED, appeal_due_on__lt=today)


def complaint_list(*, user: Any, filters: Filters = Filters()) -> QuerySet[Complaint]:
    found = complaints_visible(user=user)
    if filters.open:
        found = found.filter(status__in=(Status.OPEN, Status.APPEALED))
    if filters.overdue:
        found = found.filter(overdue_q(timezone.localdate()))
    if filters.allegations:
        found = found.filter(allegation=True)
    if filters.prisoner is not None:
        found = found.filter(prisoner_id=filters.prisoner)
    return found.order_by("due_on", "id")


def overdue_for(*, user: Any) -> QuerySet[Complaint]:
    """What `user` should answer and has not in time: for the director the complaints addressed to
    them at their prison; for headquarters those addressed to it and the appeals; for the
    inspection body the confidential route; for those who refer, allegations not yet referred in
    time."""
    today = timezone.localdate()
    found = complaints_visible(user=user)
    scope = prison_scope(user)
    mine = Q(pk__in=[])
    if user.has_perm(ANSWER):
        if scope is None:
            mine |= Q(status=Status.OPEN, due_on__lt=today, addressee=Addressee.HEADQUARTERS)
            mine |= Q(status=Status.APPEALED, appeal_due_on__lt=today)
        else:
            mine |= Q(status=Status.OPEN, due_on__lt=today, addressee=Addressee.DIRECTOR)
    if user.has_perm(CONFIDENTIAL):
        mine |= Q(addressee=Addressee.INSPECTION) & overdue_q(today)
    return found.filter(mine)


def referral_missing_q(today: date, referral_days: int) -> Q:
    """Allegations not referred although the time to refer them is past (rules.referral_state
    MISSING), not closed: as a filter, for referrals_missing and the compliance monitor."""
    last_day = today - timedelta(days=referral_days)
    return Q(allegation=True, referred_on__isnull=True, made_on__lt=last_day) & ~Q(status=Status.CLOSED)


def referrals_missing(*, user: Any, referral_days: int) -> QuerySet[Complaint]:
    """Allegations not referred although the time to refer them is past."""
    if not (user.has_perm(REFER) or user.has_perm(CONFIDENTIAL)):
        return Complaint.objects.none()
    return complaints_visible(user=user).filter(referral_missing_q(timezone.localdate(), referral_days))
