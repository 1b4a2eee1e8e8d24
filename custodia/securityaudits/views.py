"""Web views of prison security audits: thin, each parses input, calls one selector or service
and renders. An audit in progress is the auditor's working page (ratings, actions, making it
final); a final audit reads the same for the prison, with its comparison over the years."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prison_scope, prisons_in_scope
from custodia.core.forms import int_or_none
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors, form_step, report_refusal
from custodia.core.rights import requires

from . import checklist, forms, presenters, selectors, services
from .choices import ActionStatus, AuditStatus
from .models import RecommendedAction, SecurityAudit

VIEW, CONDUCT, FOLLOW_UP = selectors.VIEW, selectors.CONDUCT, selectors.FOLLOW_UP
PAGE_SIZE = 50


def _chosen_prison(request: AuthenticatedRequest) -> tuple[list[Any], Any]:
    prisons = list(prisons_in_scope(user=request.user).order_by("name"))
    chosen = int_or_none(request.GET.get("prison"))
    return prisons, next((p for p in prisons if p.pk == chosen), None)


@requires(GET=VIEW)
def audit_list(request: AuthenticatedRequest) -> HttpResponse:
    """The audits of the user's prisons, newest first, and each prison's latest score compared."""
    prisons, prison = _chosen_prison(request)
    audits = selectors.audit_list(user=request.user, prison_id=prison.pk if prison else None)
    latest = selectors.latest_by_prison(user=request.user)
    context = page_of(request, audits, PAGE_SIZE)
    return render(
        request,
        "securityaudits/audit_list.html",
        {
            **context,
            "prisons": prisons,
            "prison": prison,
            "several": prison_scope(request.user) is None or len(prisons) > 1,
            "latest": latest,
            "charts": {"chart-prisons": presenters.prisons_chart(latest)} if len(latest) > 1 else {},
            "may_start": request.user.has_perm(CONDUCT),
        },
    )


@requires(GET=CONDUCT, POST=CONDUCT)
def audit_start(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.StartForm(
        request.POST or None,
        prisons=prisons_in_scope(user=request.user),
        initial={"audited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_start(
                actor=request.user, prison=form.cleaned_data["prison"], audited_on=form.cleaned_data["audited_on"]
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("securityaudits:list")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The audit is started: rate each item with the evidence seen."))
            return redirect("securityaudits:detail", audit_id=audit.pk)
    return render(request, "securityaudits/start_form.html", {"form": form, "heading": _("Start a security audit")})


def _audit_or_404(request: AuthenticatedRequest, audit_id: int) -> SecurityAudit:
    try:
        return selectors.audit_get(user=request.user, audit_id=audit_id)
    except SecurityAudit.DoesNotExist as exc:
        raise Http404(_("No such audit.")) from exc


def _detail_page(
    request: AuthenticatedRequest, audit: SecurityAudit, bound: dict[str, Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    used = checklist.of_version(audit.checklist_version)
    working = audit.status == AuditStatus.IN_PROGRESS and services.conduct_refusal(request.user, audit.prison) is None
    version = {"version": audit.version}
    ratings_form = None
    if working:
        initial: dict[str, Any] = {**version}
        for r in audit.ratings.all():
            initial[f"rating_{r.item_code}"], initial[f"evidence_{r.item_code}"] = r.rating, r.evidence
        ratings_form = bound.get("ratings") or forms.RatingsForm(checklist=used, initial=initial, prefix="r")
    history = selectors.history_of(user=request.user, prison_id=audit.prison_id)
    previous = selectors.previous_final(audit)
    areas = selectors.areas_of(audit, previous)
    return render(
        request,
        "securityaudits/audit_detail.html",
        {
            "audit": audit,
            "areas": areas,
            "previous": previous,
            "actions": presenters.action_rows(
                list(audit.actions.select_related("done_by")), timezone.localdate(), used
            ),
            "may_follow_up": audit.status == AuditStatus.FINAL and request.user.has_perm(FOLLOW_UP),
            "ratings_form": ratings_form,
            "action_form": (bound.get("action") or forms.ActionForm(checklist=used, prefix="a")) if working else None,
            "finalise_form": (bound.get("finalise") or forms.FinaliseForm(prefix="f", initial=version))
            if working
            else None,
            # Each final audit of the prison, its scores in the order of this audit's areas, overall last.
            "history": [
                (earlier, [*(earlier.area_scores.get(area.code) for area in areas), earlier.overall_score])
                for earlier in history
            ],
            "charts": {"chart-history": presenters.history_chart(history)} if len(history) > 1 else {},
        },
    )


@requires(GET=VIEW)
def audit_detail(request: AuthenticatedRequest, audit_id: int) -> HttpResponse:
    return _detail_page(request, _audit_or_404(request, audit_id))


def _act(
    request: AuthenticatedRequest, audit: SecurityAudit, key: str, form: Form, act: Any, done: str
) -> HttpResponse:
    return form_step(
        request,
        form,
        act,
        done=done,
        back=reverse("securityaudits:detail", args=[audit.pk]),
        again=lambda bound: _detail_page(request, audit, {key: bound}),
    )


@requires(POST=CONDUCT)
def ratings_record(request: AuthenticatedRequest, audit_id: int) -> HttpResponse:
    audit = _audit_or_404(request, audit_id)
    form = forms.RatingsForm(request.POST, checklist=checklist.of_version(audit.checklist_version), prefix="r")
    return _act(
        request,
        audit,
        "ratings",
        form,
        lambda data: services.ratings_record(
            actor=request.user, audit=audit, ratings=form.data_for_service(), version=data["version"]
        ),
        _("The findings are saved."),
    )


@requires(POST=CONDUCT)
def action_recommend(request: AuthenticatedRequest, audit_id: int) -> HttpResponse:
    audit = _audit_or_404(request, audit_id)
    form = forms.ActionForm(request.POST, checklist=checklist.of_version(audit.checklist_version), prefix="a")
    return _act(
        request,
        audit,
        "action",
        form,
        lambda _data: services.action_recommend(actor=request.user, audit=audit, data=form.data_for_service()),
        _("The action is recommended."),
    )


@requires(POST=CONDUCT)
def audit_finalise(request: AuthenticatedRequest, audit_id: int) -> HttpResponse:
    audit = _audit_or_404(request, audit_id)
    form = forms.FinaliseForm(request.POST, prefix="f")
    return _act(
        request,
        audit,
        "finalise",
        form,
        lambda data: services.audit_finalise(
            actor=request.user, audit=audit, summary=data["summary"], version=data["version"]
        ),
        _("The audit is final: the prison sees it and follows up its actions."),
    )


SHOW_OVERDUE = "overdue"


@requires(GET=VIEW)
def action_list(request: AuthenticatedRequest) -> HttpResponse:
    """The open recommended actions of the user's prisons, soonest due first; overdue only on
    request (the home page's count links here)."""
    prisons, prison = _chosen_prison(request)
    actions = selectors.actions_visible(user=request.user).filter(status=ActionStatus.OPEN)
    if prison is not None:
        actions = actions.filter(audit__prison=prison)
    overdue = request.GET.get("show") == SHOW_OVERDUE
    today = timezone.localdate()
    if overdue:
        actions = actions.filter(due_on__lt=today)
    context = page_of(request, actions.order_by("due_on", "id"), PAGE_SIZE)
    context["rows"] = presenters.action_rows(list(context["page"]), today)
    return render(
        request,
        "securityaudits/action_list.html",
        {
            **context,
            "prisons": prisons,
            "prison": prison,
            "overdue": overdue,
            "may_follow_up": request.user.has_perm(FOLLOW_UP),
        },
    )


@requires(GET=FOLLOW_UP, POST=FOLLOW_UP)
def action_done(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    try:
        action = selectors.actions_visible(user=request.user).get(pk=action_id)
    except RecommendedAction.DoesNotExist as exc:
        raise Http404(_("No such action.")) from exc
    if (refusal := services.follow_up_refusal(request.user, action)) or action.status != ActionStatus.OPEN:
        report_refusal(request, PermissionDenied(refusal or _("This action is already recorded as done.")))
        return redirect("securityaudits:detail", audit_id=action.audit_id)
    form = forms.DoneForm(request.POST or None, initial={"done_on": timezone.localdate(), "version": action.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_done(
                actor=request.user,
                action=action,
                done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("securityaudits:detail", audit_id=action.audit_id)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The action is recorded as done."))
            return redirect("securityaudits:detail", audit_id=action.audit_id)
    return render(
        request,
        "securityaudits/done_form.html",
        {"form": form, "action": action, "heading": _("Record an action as done")},
    )
