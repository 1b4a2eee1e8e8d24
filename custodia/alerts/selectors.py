"""Reads of alerts, scoped to the reader twice over: the prisons (staff with `view_alerts` at the
prison that holds the person or set the alert; headquarters everywhere), and the codes (a
restricted code is read only by the roles its profile entry names: to everyone else, an alert
with it does not exist, in a list, a count, a mark or a page).

Reading alerts is part of reading the file: the file's section is read with the file, whose
opening is logged; the lists and the API log their reads themselves."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from custodia.accounts import roles as role_codes
from custodia.accounts.access import roles_held
from custodia.accounts.selectors import prison_scope
from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.instruments import Instrument, Urgent, load_instruments
from custodia.assessment.models import Assessment, ItemRating
from custodia.core.profiles import AlertCode
from custodia.core.rights import right
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from . import rules
from .models import Alert, ProposalDismissal

VIEW = right("view_alerts")
MANAGE = right("manage_alerts")
# The assessments a proposal may come from: submitted for countersignature or final.
RATED = (AssessmentStatus.SUBMITTED, AssessmentStatus.FINAL)

AnyUser = User | AnonymousUser


def roles_of(user: AnyUser) -> frozenset[str]:
    """The roles the codes are read against: a superuser holds every right, so every role."""
    if user.is_authenticated and user.is_superuser:
        return frozenset(role_codes.LABELS)
    return roles_held(user)


def codes() -> list[AlertCode]:
    return active_profile().alerts.codes


def code_entry(code: str) -> AlertCode | None:
    return active_profile().alerts.get(code)


def label_of(code: str) -> str:
    entry = code_entry(code)
    return str(entry.label) if entry is not None else code


def visible_codes(user: AnyUser) -> list[AlertCode]:
    """The profile's codes the user may know of, in the profile's order."""
    held = roles_of(user)
    return [entry for entry in codes() if rules.may_see(entry, held)]


def settable_codes(user: AnyUser) -> list[AlertCode]:
    """The codes the user may set and end (and the right to manage alerts)."""
    if not user.has_perm(MANAGE):
        return []
    held = roles_of(user)
    return [entry for entry in codes() if rules.may_set(entry, held)]


def hidden_codes(user: AnyUser) -> list[str]:
    held = roles_of(user)
    return [entry.code for entry in codes() if not rules.may_see(entry, held)]


def in_force_q(today: date, prefix: str = "") -> Q:
    """Alerts in force today: not ended, and not past their planned end (rules.in_force)."""
    return Q(**{f"{prefix}ended_on__isnull": True}) & (
        Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gte": today})
    )


def alerts_visible(*, user: AnyUser) -> QuerySet[Alert]:
    """Every alert the user may read: the right, the prisons, the codes."""
    if not user.is_authenticated or not user.has_perm(VIEW):
        return Alert.objects.none()
    qs = Alert.objects.exclude(code__in=hidden_codes(user))
    scope = prison_scope(user)
    if scope is not None:
        qs = qs.filter(Q(prison__in=scope) | Q(prisoner__current_prison__in=scope))
    return qs.select_related("prisoner__current_cell__unit", "prison", "set_by", "ended_by")


@dataclass(frozen=True)
class AlertFilters:
    prison: int | None = None
    prisoner: int | None = None
    code: str = ""
    active: bool | None = None  # in force today, or no longer (ended or past the planned end)


def alert_list(*, user: AnyUser, filters: AlertFilters = AlertFilters(), today: date | None = None) -> QuerySet[Alert]:
    today = today or timezone.localdate()
    qs = alerts_visible(user=user)
    if filters.prison is not None:
        qs = qs.filter(Q(prisoner__current_prison_id=filters.prison) | Q(prison_id=filters.prison))
    if filters.prisoner is not None:
        qs = qs.filter(prisoner_id=filters.prisoner)
    if filters.code:
        qs = qs.filter(code=filters.code)
    if filters.active is True:
        qs = qs.filter(in_force_q(today))
    elif filters.active is False:
        qs = qs.exclude(in_force_q(today))
    return qs.order_by("-active_from", "-id")


def alert_get(*, user: AnyUser, alert_id: int) -> Alert:
    """One alert the user may read; Alert.DoesNotExist otherwise (a restricted one included)."""
    return alerts_visible(user=user).get(pk=alert_id)


def prisoner_alerts(*, user: AnyUser, prisoner: Prisoner) -> list[Alert]:
    """The person's alerts the user may read, in force and past, newest first."""
    return list(alerts_visible(user=user).filter(prisoner=prisoner).order_by("-active_from", "-id"))


def is_in_force(alert: Alert, today: date | None = None) -> bool:
    return rules.in_force(ended_on=alert.ended_on, active_to=alert.active_to, today=today or timezone.localdate())


def marks_for(*, user: AnyUser, prisoner_ids: Iterable[int], today: date | None = None) -> dict[int, list[Alert]]:
    """The alerts in force of each of these people that the user may read, in one query (for the
    marks beside each person in a list)."""
    ids = list(prisoner_ids)
    found: dict[int, list[Alert]] = defaultdict(list)
    if not ids:
        return found
    today = today or timezone.localdate()
    rows = (
        alerts_visible(user=user)
        .filter(in_force_q(today), prisoner_id__in=ids)
        .select_related(None)
        .only("pk", "prisoner_id", "code", "active_from", "active_to")
        .order_by("prisoner_id", "active_from", "pk")
    )
    for alert in rows:
        found[alert.prisoner_id].append(alert)
    return found


# -- proposals from assessments ---------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """An assessment rating the instrument marks as urgent, and the alert it proposes: shown to
    those who may set the alert, at the prison that holds the person, until the alert is set from
    it or the proposal is dismissed, or an alert with that code is in force anyway."""

    assessment: Assessment
    item_code: str
    value: int
    code: str
    instrument: Instrument
    urgent: Urgent

    @property
    def prisoner(self) -> Prisoner:
        return self.assessment.prisoner

    @property
    def label(self) -> str:
        return label_of(self.code)

    @property
    def referral(self) -> str:
        return str(self.urgent.referral)

    @property
    def item_prompt(self) -> str:
        return str(self.instrument.item(self.item_code).prompt)

    @property
    def assessed_on(self) -> date:
        at = self.assessment.submitted_at or self.assessment.created_at
        return timezone.localdate(at)

    def reason(self) -> str:
        scale = next(level for level in self.instrument.item(self.item_code).scale if level.value == self.value)
        return rules.proposal_reason(
            instrument=str(self.instrument.title),
            item=self.item_prompt,
            value=self.value,
            scale_label=str(scale.label),
            assessed_on=self.assessed_on,
            referral=self.referral,
        )


def _urgent_items(user: AnyUser) -> list[tuple[Instrument, str, Urgent]]:
    """Every (instrument version, item, marker) whose alert the user may set."""
    settable = {entry.code for entry in settable_codes(user)}
    return [
        (instrument, item_code, urgent)
        for instrument in load_instruments().values()
        for item_code, urgent in instrument.urgent_items().items()
        if urgent.alert in settable
    ]


def proposals(
    *,
    user: AnyUser,
    prisoner_id: int | None = None,
    prison_id: int | None = None,
    assessment_id: int | None = None,
    item_code: str = "",
    today: date | None = None,
) -> list[Proposal]:
    """The proposed alerts the user may act on, in one query: the latest submitted or final
    assessment of each instrument of each person held where the user works, whose rating of an
    item reached the value its instrument marks as urgent, while no alert with the code is in
    force, none was set from this rating and nobody dismissed it."""
    urgent = _urgent_items(user)
    if not urgent:
        return []
    today = today or timezone.localdate()
    which = Q()
    for instrument, code, marker in urgent:
        which |= Q(
            assessment__instrument__code=instrument.id,
            assessment__instrument__version=instrument.version,
            item_code=code,
            value__gte=marker.from_value,
        ) & ~Q(
            Exists(
                Alert.objects.filter(in_force_q(today), prisoner=OuterRef("assessment__prisoner"), code=marker.alert)
            )
        )
    newer = Assessment.objects.filter(
        prisoner=OuterRef("assessment__prisoner"),
        instrument_code=OuterRef("assessment__instrument_code"),
        status__in=RATED,
        submitted_at__gt=OuterRef("assessment__submitted_at"),
    )
    ratings = ItemRating.objects.filter(which, assessment__status__in=RATED)
    scope = prison_scope(user)
    ratings = ratings.filter(assessment__prisoner__current_prison__isnull=False)
    if scope is not None:
        ratings = ratings.filter(assessment__prisoner__current_prison__in=scope)
    if prison_id is not None:
        ratings = ratings.filter(assessment__prisoner__current_prison_id=prison_id)
    if prisoner_id is not None:
        ratings = ratings.filter(assessment__prisoner_id=prisoner_id)
    if assessment_id is not None:
        ratings = ratings.filter(assessment_id=assessment_id, item_code=item_code)
    ratings = (
        ratings.exclude(Exists(newer))
        .exclude(
            Exists(ProposalDismissal.objects.filter(assessment=OuterRef("assessment"), item_code=OuterRef("item_code")))
        )
        .exclude(Exists(Alert.objects.filter(assessment=OuterRef("assessment"), assessment_item=OuterRef("item_code"))))
        .select_related("assessment__prisoner__current_cell__unit", "assessment__instrument")
        .order_by("assessment__submitted_at", "pk")
    )
    markers = {(instrument.id, instrument.version, code): (instrument, marker) for instrument, code, marker in urgent}
    found = []
    for rating in ratings:
        version = rating.assessment.instrument
        instrument, marker = markers[(version.code, version.version, rating.item_code)]
        found.append(
            Proposal(
                assessment=rating.assessment,
                item_code=rating.item_code,
                value=rating.value,
                code=marker.alert,
                instrument=instrument,
                urgent=marker,
            )
        )
    return found


def proposal_get(*, user: AnyUser, assessment_id: int, item_code: str) -> Proposal | None:
    """The proposal from this rating, if it stands and the user may act on it."""
    found = proposals(user=user, assessment_id=assessment_id, item_code=item_code)
    return found[0] if found else None


# -- counts for the home page -----------------------------------------------------------------------


def in_force_count(*, user: AnyUser, prison_id: int | None = None, code: str = "") -> int:
    return alert_list(user=user, filters=AlertFilters(prison=prison_id, code=code, active=True)).count()


def people_for_alerts(*, user: AnyUser) -> QuerySet[Prisoner]:
    """The people on whom the user may set alerts: held where they work (health-care staff too,
    who open no file), for those with the right to manage alerts; nobody otherwise."""
    if not user.is_authenticated or not user.has_perm(MANAGE):
        return Prisoner.objects.none()
    scope = prison_scope(user)
    people = Prisoner.objects.filter(current_prison__isnull=False)
    return people if scope is None else people.filter(current_prison__in=scope)
