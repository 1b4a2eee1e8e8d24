"""Reads of security audits, always through the acting user.

Who reads: holders of view_security_audits, at the prisons where they work (the auditor, who
works nationwide, everywhere). An audit still in progress is the auditor's working copy: only
those who conduct audits see it; the prison sees an audit once it is final."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from custodia.accounts.selectors import prison_scope

from . import checklist, rules
from .choices import ActionStatus, AuditStatus, Rating
from .models import RecommendedAction, SecurityAudit

VIEW = "accounts.view_security_audits"
CONDUCT = "accounts.conduct_security_audits"
FOLLOW_UP = "accounts.follow_up_audit_actions"


def audits_visible(*, user: User) -> QuerySet[SecurityAudit]:
    if not user.has_perm(VIEW):
        return SecurityAudit.objects.none()
    audits = SecurityAudit.objects.select_related("prison", "auditor")
    scope = prison_scope(user)
    if scope is not None:
        audits = audits.filter(prison_id__in=scope)
    if not user.has_perm(CONDUCT):
        audits = audits.filter(status=AuditStatus.FINAL)
    return audits


def audit_list(*, user: User, prison_id: int | None = None) -> QuerySet[SecurityAudit]:
    audits = audits_visible(user=user)
    if prison_id is not None:
        audits = audits.filter(prison_id=prison_id)
    return audits.order_by("-audited_on", "-id").annotate(
        open_actions=Count("actions", filter=Q(actions__status=ActionStatus.OPEN)),
        overdue_actions=Count(
            "actions", filter=Q(actions__status=ActionStatus.OPEN, actions__due_on__lt=timezone.localdate())
        ),
    )


def audit_get(*, user: User, audit_id: int) -> SecurityAudit:
    """The audit, or SecurityAudit.DoesNotExist for one the user may not read."""
    return audits_visible(user=user).get(pk=audit_id)


@dataclass(frozen=True)
class ItemRow:
    code: str
    label: str
    rating: str
    rating_label: str
    evidence: str


@dataclass(frozen=True)
class AreaRow:
    code: str
    label: str
    score: float | None
    before: float | None  # the same area at the prison's previous final audit
    items: list[ItemRow]

    @property
    def change(self) -> float | None:
        return rules.change(self.score, self.before)


def rated(audit: SecurityAudit) -> list[rules.Rated]:
    return [rules.Rated(r.area_code, r.item_code, r.rating, r.evidence) for r in audit.ratings.all()]


def previous_final(audit: SecurityAudit) -> SecurityAudit | None:
    """The prison's final audit before this one, to compare with."""
    return (
        SecurityAudit.objects.filter(prison_id=audit.prison_id, status=AuditStatus.FINAL)
        .filter(Q(audited_on__lt=audit.audited_on) | Q(audited_on=audit.audited_on, pk__lt=audit.pk))
        .order_by("-audited_on", "-id")
        .first()
    )


def areas_of(audit: SecurityAudit, earlier: SecurityAudit | None) -> list[AreaRow]:
    """The checklist the audit was made with, area by area, each item with its rating and the
    area's score now and at `earlier`, the prison's previous final audit (previous_final)."""
    found = {r.item: r for r in rated(audit)}
    areas = checklist.of_version(audit.checklist_version).areas
    scores = rules.scores_by_area([a.code for a in areas], found.values())
    before = earlier.area_scores if earlier is not None else {}
    return [
        AreaRow(
            area.code,
            str(area.label),
            scores[area.code],
            before.get(area.code),
            [
                ItemRow(
                    item.code,
                    str(item.label),
                    found[item.code].rating if item.code in found else "",
                    str(Rating(found[item.code].rating).label) if item.code in found else "",
                    found[item.code].evidence if item.code in found else "",
                )
                for item in area.items
            ],
        )
        for area in areas
    ]


def history_of(*, user: User, prison_id: int) -> list[SecurityAudit]:
    """The prison's final audits, oldest first, for the chart of its scores over the years."""
    return list(
        audits_visible(user=user).filter(prison_id=prison_id, status=AuditStatus.FINAL).order_by("audited_on", "id")
    )


def latest_by_prison(*, user: User) -> list[SecurityAudit]:
    """Each prison's latest final audit, in the user's scope, best score first: the comparison
    across prisons."""
    finals = audits_visible(user=user).filter(status=AuditStatus.FINAL).order_by("prison_id", "-audited_on", "-id")
    latest: dict[int, SecurityAudit] = {}
    for audit in finals:
        latest.setdefault(audit.prison_id, audit)
    return sorted(latest.values(), key=lambda a: (-(a.overall_score or 0), a.prison.name))


def actions_visible(*, user: User) -> QuerySet[RecommendedAction]:
    """The recommended actions of the final audits the user may read (an in-progress audit's
    actions are still the auditor's draft, shown on the audit)."""
    return RecommendedAction.objects.filter(
        audit__in=audits_visible(user=user).filter(status=AuditStatus.FINAL)
    ).select_related("audit__prison", "done_by")


def open_actions_by_prison(*, user: User, today: date) -> dict[int, tuple[int, int]]:
    """For each prison with open actions: how many are open, and how many of those overdue; one query."""
    rows: Any = (
        actions_visible(user=user)
        .filter(status=ActionStatus.OPEN)
        .values("audit__prison_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    )
    return {row["audit__prison_id"]: (row["open"], row["overdue"]) for row in rows}


def in_progress(*, user: User) -> QuerySet[SecurityAudit]:
    if not user.has_perm(CONDUCT):
        return SecurityAudit.objects.none()
    return audits_visible(user=user).filter(status=AuditStatus.IN_PROGRESS)
