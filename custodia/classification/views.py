"""Web views of classification: thin, each parses input, calls one selector or service and
renders. The services refuse what a user may not do; the pages only offer what they allow."""

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custodia.accounts.selectors import prison_scope, prisons_in_scope
from custodia.core import audit
from custodia.core.http import AuthenticatedRequest
from custodia.core.profiles import ClassificationFramework
from custodia.core.refusals import add_service_errors, report_refusal
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from . import forms, presenters, rules, selectors, services
from .models import ClassificationDecision, DecisionStatus

if TYPE_CHECKING:
    from .selectors import DecisionWithVep

PAGE_SIZE = 100


def _decision_or_404(request: AuthenticatedRequest, decision_id: int) -> "DecisionWithVep":
    try:
        return selectors.decision_get(user=request.user, decision_id=decision_id)
    except ClassificationDecision.DoesNotExist as exc:
        raise Http404(_("No such classification decision.")) from exc


def _programme_in_reach(framework: ClassificationFramework, current_level: str | None) -> str:
    """The programme label of a less restrictive level than the one in force, if any asks for one."""
    if current_level is None:
        return ""
    current = framework.rank(current_level)
    return next(
        (
            str(p.completed_programme)
            for p in framework.prerequisites
            if p.completed_programme is not None and framework.rank(p.to_level) < current
        ),
        "",
    )


def propose(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    try:
        person = selectors.proposal_for(user=request.user, prisoner_id=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc
    if request.method == "GET":
        audit.record_read(actor=request.user, obj=person.prisoner, reason="classification proposal")  # Rule 9
    if person.open is not None and person.open.status == DecisionStatus.PROPOSED:
        messages.info(request, _("A proposal for this person is already awaiting a decision."))
        return redirect("classification:detail", decision_id=person.open.pk)
    framework = active_profile().classification
    returned = person.open
    initial = {"proposed_level": person.proposal.level, "version": returned.version if returned else None}
    if returned is not None:
        initial.update(
            rationale=returned.rationale,
            override_reason=returned.override_reason,
            vep_placement=returned.vep_placement,
            vep_placement_reason=returned.vep_placement_reason,
        )
    form = forms.ProposalForm(
        request.POST or None,
        initial=initial,
        framework=framework,
        is_vep=person.is_vep,
        programme=_programme_in_reach(framework, person.facts.current_level),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.classification_propose(
                actor=request.user,
                prisoner=person.prisoner,
                proposed_level=data["proposed_level"],
                rationale=data["rationale"],
                override_reason=data["override_reason"],
                vep_placement=data.get("vep_placement", ""),
                vep_placement_reason=data.get("vep_placement_reason", ""),
                programme_confirmed=data.get("programme_confirmed", False),
                version=data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("register:prisoner_detail", prisoner_id=person.prisoner.pk)
        else:
            messages.success(request, _("Proposed: the classification awaits a decision."))
            return redirect("classification:detail", decision_id=decision.pk)
    return render(
        request,
        "classification/propose.html",
        {"person": person, "prisoner": person.prisoner, "form": form, "returned": returned},
    )


def decision_detail(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    decision = _decision_or_404(request, decision_id)
    # A decision is part of the file: each opening is logged like the file's (Mandela Rule 9).
    audit.record_read(actor=request.user, obj=decision)
    user, prisoner = request.user, decision.prisoner
    framework = active_profile().classification
    approver = services.approval_refusal(user, prisoner, is_vep=decision.is_vep) is None
    review = (
        selectors.decision_review(user=user, decision=decision) if decision.status == DecisionStatus.APPROVED else None
    )
    today = timezone.localdate()
    return render(
        request,
        "classification/decision_detail.html",
        {
            "decision": decision,
            "prisoner": prisoner,
            "reasons": presenters.shown_reasons(decision.computed_reasons, user=user),
            "review": review,
            "may_decide": approver
            and decision.status == DecisionStatus.PROPOSED
            and user.pk != decision.proposed_by_id,
            "may_change_review": approver and decision.status == DecisionStatus.APPROVED,
            "may_record": decision.status in rules.DECIDED and services.record_refusal(user, decision) is None,
            "may_propose_again": decision.status == DecisionStatus.RETURNED
            and services.proposal_refusal(user, prisoner) is None,
            "approve_form": forms.ApproveForm(
                initial={"level": decision.proposed_level, "version": decision.version}, framework=framework
            ),
            "return_form": forms.ReturnForm(initial={"version": decision.version}),
            "information_form": forms.InformationForm(
                initial={"version": decision.version, "informed_on": decision.informed_on or today}
            ),
            "appeal_form": forms.AppealForm(
                initial={
                    "version": decision.version,
                    "lodged_on": decision.appeal_lodged_on,
                    "outcome": decision.appeal_outcome or "pending",
                    "decided_on": decision.appeal_decided_on,
                    "note": decision.appeal_note,
                }
            ),
        },
    )


def _post(
    request: AuthenticatedRequest,
    decision_id: int,
    form_class: type[Form],
    call: Callable[[ClassificationDecision, dict[str, Any]], object],
    done: str,
    **form_kwargs: Any,
) -> HttpResponse:
    """Every small form on the decision page works alike: check it, call one service, go back to
    the page with what happened said on top."""
    decision = _decision_or_404(request, decision_id)
    form = form_class(request.POST, **form_kwargs)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect("classification:detail", decision_id=decision.pk)
    try:
        call(decision, form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, done)
    return redirect("classification:detail", decision_id=decision.pk)


@require_POST
def decision_approve(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    return _post(
        request,
        decision_id,
        forms.ApproveForm,
        lambda decision, data: services.classification_approve(
            actor=request.user, decision=decision, level=data["level"], reason=data["reason"], version=data["version"]
        ),
        _("Decided: the classification is in force."),
        framework=active_profile().classification,
    )


@require_POST
def decision_return(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    return _post(
        request,
        decision_id,
        forms.ReturnForm,
        lambda decision, data: services.classification_return(
            actor=request.user, decision=decision, comment=data["comment"], version=data["version"]
        ),
        _("Returned to the case manager with your comments."),
    )


@require_POST
def decision_information(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    return _post(
        request,
        decision_id,
        forms.InformationForm,
        lambda decision, data: services.classification_record_information(
            actor=request.user, decision=decision, informed_on=data["informed_on"], version=data["version"]
        ),
        _("Recorded: the person was informed."),
    )


@require_POST
def decision_appeal(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    return _post(
        request,
        decision_id,
        forms.AppealForm,
        lambda decision, data: services.classification_record_appeal(
            actor=request.user,
            decision=decision,
            lodged_on=data["lodged_on"],
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            note=data["note"],
            version=data["version"],
        ),
        _("Appeal recorded."),
    )


def review_date(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    decision = _decision_or_404(request, decision_id)
    if request.method == "GET":
        audit.record_read(actor=request.user, obj=decision)  # the page shows the decision (Rule 9)
    form = forms.ReviewDateForm(
        request.POST or None, initial={"version": decision.version, "new_date": decision.next_review_on}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_date_change(
                actor=request.user,
                decision=decision,
                new_date=data["new_date"],
                reason=data["reason"],
                version=data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("classification:detail", decision_id=decision.pk)
        else:
            messages.success(request, _("Review date changed; the change is kept with its reason."))
            return redirect("classification:detail", decision_id=decision.pk)
    return render(
        request,
        "classification/review_date_form.html",
        {"prisoner": decision.prisoner, "decision": decision, "form": form, "heading": _("Change the review date")},
    )


def reviews(request: AuthenticatedRequest) -> HttpResponse:
    """Reviews of the decisions in force, at one prison or at all the user's prisons (nationally
    for headquarters), overdue first."""
    prisons = list(prisons_in_scope(user=request.user).order_by("name"))
    several = prison_scope(request.user) is None or len(prisons) > 1
    chosen = request.GET.get("prison", "")
    prison = next((p for p in prisons if str(p.pk) == chosen), None)
    if prison is None and not several:
        prison = prisons[0] if prisons else None
    prison_id = prison.pk if prison else None
    items = selectors.reviews_due(user=request.user, prison_id=prison_id) if prisons else []
    counts = {level: sum(1 for item in items if item.urgency == level) for level in ("overdue", "due_soon")}
    by_prison: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        held_at = item.decision.prisoner.current_prison
        assert held_at is not None  # reviews_due lists people on the roll only
        row = by_prison[held_at.name]
        row[0] += item.urgency == "overdue"
        row[1] += 1
    urgency = request.GET.get("urgency", "")
    if urgency in ("overdue", "due_soon", "scheduled"):
        items = [item for item in items if item.urgency == urgency]
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "classification/reviews.html",
        {
            "prisons": prisons,
            "prison": prison,
            "several": several,
            "page": page,
            "urgency": urgency,
            "counts": counts,
            "by_prison": sorted(((name, o, n) for name, (o, n) in by_prison.items()), key=lambda r: (-r[1], r[0]))
            if prison is None
            else [],
            "unclassified": selectors.unclassified_count(user=request.user, prison_id=prison_id) if prisons else 0,
            "query": query.urlencode(),
        },
    )
