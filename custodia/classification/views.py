"""Web views of classification: thin, each parses input, calls one selector or service and
renders. The services refuse what a user may not do; the pages only offer what they allow."""

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custodia.core import audit
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.profiles import ClassificationFramework
from custodia.core.refusals import add_service_errors, report_refusal
from custodia.core.rights import requires, right
from custodia.core.workflow import urgency_counts
from custodia.estate.selectors import active_profile
from custodia.jobs.exports import export_answer
from custodia.register.models import Prisoner

from . import forms, presenters, proposal_filters, rules, selectors, services
from .choices import DecisionStatus
from .exports import reviews_selection
from .models import ClassificationDecision

if TYPE_CHECKING:
    from .selectors import DecisionWithVep

PAGE_SIZE = 100
# The services decide further who may act on which person (the director where the person is held,
# or the headquarters VEP unit alone for a VEP; the case manager there).
VIEW = right("view_classification")
PROPOSE = right("propose_classification")
APPROVE = right("approve_classification")


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


@requires(GET=PROPOSE, POST=PROPOSE)
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
        # The confirmation is the fallback when no completed programme is recorded.
        programme=""
        if person.facts.completed_programme
        else _programme_in_reach(framework, person.facts.current_level),
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


@requires(GET=VIEW)
def decision_detail(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    decision = _decision_or_404(request, decision_id)
    # A decision is part of the file: each opening is logged like the file's (Mandela Rule 9).
    audit.record_read(actor=request.user, obj=decision)
    user, prisoner = request.user, decision.prisoner
    framework = active_profile().classification
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
            "may_decide": decision.status == DecisionStatus.PROPOSED
            and services.approve_refusal(user, decision, is_vep=decision.is_vep) is None,
            "may_change_review": decision.status == DecisionStatus.APPROVED
            and services.approval_refusal(user, prisoner, is_vep=decision.is_vep) is None,
            "may_record": decision.status in rules.DECIDED and services.record_refusal(user, decision) is None,
            "may_propose_again": decision.status == DecisionStatus.RETURNED
            and services.proposal_refusal(user, prisoner) is None,
            "approve_form": forms.ApproveForm(
                initial={"level": decision.proposed_level, "version": decision.version}, framework=framework
            ),
            # The page holds four forms: each but the first names its fields' ids apart, so that no
            # id (the version each one carries) is given twice.
            "return_form": forms.ReturnForm(initial={"version": decision.version}, auto_id="return_%s"),
            "information_form": forms.InformationForm(
                initial={"version": decision.version, "informed_on": decision.informed_on or today},
                auto_id="information_%s",
            ),
            "appeal_form": forms.AppealForm(
                initial={
                    "version": decision.version,
                    "lodged_on": decision.appeal_lodged_on,
                    "outcome": decision.appeal_outcome or "pending",
                    "decided_on": decision.appeal_decided_on,
                    "note": decision.appeal_note,
                },
                auto_id="appeal_%s",
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


@requires(POST=APPROVE)
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


@requires(POST=APPROVE)
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


# The person's information and appeal are recorded by the case manager or the approver.
@requires(POST=VIEW)
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


@requires(POST=VIEW)
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


@requires(GET=APPROVE, POST=APPROVE)
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


@requires(GET=VIEW)
def proposals(request: AuthenticatedRequest) -> HttpResponse:
    """Proposals awaiting a decision and those returned to the case manager, where the user works;
    filtered to one status, to those the user may decide, or to those returned to them."""
    status = request.GET.get("status", "")
    status = status if status in rules.OPEN else ""
    mine = proposal_filters.chosen(request.GET)
    decisions = proposal_filters.kept(request.user, selectors.open_decisions(user=request.user), mine, status)
    return render(
        request,
        "classification/proposals.html",
        {"status": status, "mine": mine, "statuses": DecisionStatus, **page_of(request, decisions, PAGE_SIZE)},
    )


@requires(GET=VIEW)
def reviews(request: AuthenticatedRequest) -> HttpResponse:
    """Reviews of the decisions in force, at one prison or at all the user's prisons (nationally
    for headquarters), overdue first."""
    # The list as CSV or XLSX, the same rows as the page (classification.exports; custodia.jobs).
    if (export := export_answer(request, "classification-reviews")) is not None:
        return export
    chosen = reviews_selection(request.user, request.GET)
    prisons, prison, items = chosen.prisons, chosen.prison, chosen.items
    prison_id = prison.pk if prison else None
    by_prison: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        held_at = item.decision.prisoner.current_prison
        assert held_at is not None  # reviews_due lists people on the roll only
        row = by_prison[held_at.name]
        row[0] += item.urgency == "overdue"
        row[1] += 1
    return render(
        request,
        "classification/reviews.html",
        {
            "prisons": prisons,
            "prison": prison,
            "several": chosen.several,
            "urgency": chosen.urgency,
            "counts": urgency_counts(items),
            **page_of(request, chosen.shown, PAGE_SIZE),
            "by_prison": sorted(((name, o, n) for name, (o, n) in by_prison.items()), key=lambda r: (-r[1], r[0]))
            if prison is None
            else [],
            "unclassified": selectors.unclassified_count(user=request.user, prison_id=prison_id) if prisons else 0,
        },
    )
