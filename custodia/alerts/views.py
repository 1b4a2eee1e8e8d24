"""Web views of alerts on the file: thin, each parses input, calls one selector or service and
renders. The selectors leave out the codes a reader may not see; the services refuse what a user
may not do, and a refused form comes back with what was typed."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custodia.accounts.selectors import prison_chosen
from custodia.core import audit
from custodia.core.forms import int_or_none
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors, report_refusal
from custodia.core.rights import requires
from custodia.jobs.exports import export_answer
from custodia.register.models import Prisoner

from . import forms, selectors, services
from .exports import alerts_selection
from .models import Alert

VIEW = selectors.VIEW
MANAGE = selectors.MANAGE
PAGE_SIZE = 50


def _prisons(request: AuthenticatedRequest) -> tuple[list[Any], Any, bool]:
    prisons, prison, several = prison_chosen(user=request.user, chosen=request.GET.get("prison"))
    return prisons, prison, several


@requires(GET=VIEW)
def alert_list(request: AuthenticatedRequest) -> HttpResponse:
    """The alerts in force at one prison or all the user's prisons, of one code or all, as the
    user may see them. An alert is part of the file: the people on the page have the read in their
    file's log (Mandela Rule 9)."""
    # The list as CSV or XLSX, the same rows as the page (alerts.exports; custodia.jobs).
    if (export := export_answer(request, "alerts")) is not None:
        return export
    chosen = alerts_selection(request.user, request.GET)
    context = page_of(request, chosen.alerts, PAGE_SIZE)
    rows = list(context["page"])
    for alert in rows:
        alert.label = chosen.labels.get(alert.code, alert.code)
    audit.record_reads(actor=request.user, objs={a.prisoner_id: a.prisoner for a in rows}.values(), reason="alerts")
    return render(
        request,
        "alerts/alert_list.html",
        {
            **context,
            "codes": chosen.codes,
            "code": chosen.code,
            "prisons": chosen.prisons,
            "prison": chosen.prison,
            "several": chosen.several,
            "may_set": bool(selectors.settable_codes(request.user)),
        },
    )


@requires(GET=MANAGE)
def proposal_list(request: AuthenticatedRequest) -> HttpResponse:
    """The proposed alerts the user may decide, at their prisons: each names the person and the
    assessment rating it comes from, whose reading is logged against the person."""
    prisons, prison, _several = _prisons(request)
    found = selectors.proposals(user=request.user, prison_id=prison.pk if prison else None)
    audit.record_reads(actor=request.user, objs={p.prisoner.pk: p.prisoner for p in found}.values(), reason="alerts")
    return render(request, "alerts/proposal_list.html", {"proposals": found, "prisons": prisons, "prison": prison})


def _person(request: AuthenticatedRequest, prisoner_id: int) -> Prisoner:
    try:
        return selectors.people_for_alerts(user=request.user).select_related("current_prison").get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc


def _to_file(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    if not request.user.has_perm("accounts.view_prisoner_file"):
        return redirect("alerts:list")
    response = redirect("register:prisoner_detail", prisoner_id=prisoner_id)
    response["Location"] += "#alerts"
    return response


@requires(GET=MANAGE, POST=MANAGE)
def alert_set(request: AuthenticatedRequest, prisoner_id: int | None = None) -> HttpResponse:
    """Set an alert: from the file (the person known), from a proposal (the reason written from the
    assessment, the referral to record), or from the list by the person's number (health-care
    staff, who open no file)."""
    prisoner = _person(request, prisoner_id) if prisoner_id is not None else None
    if prisoner is not None and (refusal := services.set_refusal(request.user, prisoner)):
        report_refusal(request, PermissionDenied(refusal))
        return _to_file(request, prisoner.pk)
    codes = selectors.settable_codes(request.user)
    source = request.POST if request.method == "POST" else request.GET
    proposal = None
    if prisoner is not None and (assessment_id := int_or_none(source.get("assessment"))) is not None:
        item = source.get("item", "")
        proposal = selectors.proposal_get(user=request.user, assessment_id=assessment_id, item_code=item)
        if proposal is None or proposal.prisoner.pk != prisoner.pk:
            messages.error(request, _("This proposal no longer stands: the alert was set or the proposal dismissed."))
            return _to_file(request, prisoner.pk)
    initial: dict[str, Any] = {}
    if proposal is not None:
        initial = {
            "code": proposal.code,
            "reason": proposal.reason(),
            "assessment": proposal.assessment.pk,
            "item": proposal.item_code,
            "referral_made": True,
        }
    form = forms.SetForm(
        request.POST or None,
        initial=initial,
        codes=codes,
        with_number=prisoner is None,
        proposal=proposal is not None,
    )
    if request.method == "POST" and form.is_valid():
        person = prisoner
        if person is None:
            person = (
                selectors.people_for_alerts(user=request.user)
                .filter(number=form.cleaned_data["number"].strip())
                .first()
            )
        if person is None:
            form.add_error("number", _("No person held at your prison has this number."))
        else:
            try:
                alert = services.alert_set(actor=request.user, prisoner=person, data=form.data_for_service())
            except PermissionDenied as exc:
                report_refusal(request, exc)
                return _to_file(request, person.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The alert is set: it shows at the top of the file and beside the name."))
                if proposal is not None and alert.referred_on is None:
                    messages.warning(request, proposal.referral)
                return _to_file(request, person.pk)
    return render(
        request,
        "alerts/set_form.html",
        {"prisoner": prisoner, "form": form, "proposal": proposal, "heading": _("Set an alert")},
    )


def _alert_or_404(request: AuthenticatedRequest, alert_id: int) -> Alert:
    try:
        return selectors.alert_get(user=request.user, alert_id=alert_id)
    except Alert.DoesNotExist as exc:
        raise Http404(_("No such alert.")) from exc


@requires(GET=VIEW)
def alert_detail(request: AuthenticatedRequest, alert_id: int) -> HttpResponse:
    return _detail_page(request, _alert_or_404(request, alert_id))


def _detail_page(request: AuthenticatedRequest, alert: Alert, bound: dict[str, Form] | None = None) -> HttpResponse:
    # An alert is part of the file: each opening is logged like the file's (Mandela Rule 9).
    audit.record_read(actor=request.user, obj=alert.prisoner, reason="alert")
    bound = bound or {}
    in_force = selectors.is_in_force(alert)
    may_change = in_force and services.end_refusal(request.user, alert) is None
    version = {"version": alert.version}
    context = {
        "alert": alert,
        "label": selectors.label_of(alert.code),
        "prisoner": alert.prisoner,
        "in_force": in_force,
        "end_form": (bound.get("end") or forms.EndForm(prefix="end", initial=version)) if may_change else None,
        "planned_end_form": (
            bound.get("planned_end")
            or forms.PlannedEndForm(prefix="planned_end", initial={**version, "active_to": alert.active_to})
        )
        if may_change
        else None,
    }
    shown = {id(form) for form in context.values() if isinstance(form, Form)}
    for form in bound.values():
        if id(form) not in shown:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
    return render(request, "alerts/alert_detail.html", context)


def _act(
    request: AuthenticatedRequest, alert_id: int, key: str, form_class: type[Form], call, done: str
) -> HttpResponse:
    alert = _alert_or_404(request, alert_id)
    form = form_class(request.POST, prefix=key)
    if form.is_valid():
        try:
            call(alert, form.cleaned_data)
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("alerts:detail", alert_id=alert.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
            if "version" in exc.message_dict:
                alert = _alert_or_404(request, alert_id)
                data = request.POST.copy()
                data[form.add_prefix("version")] = str(alert.version)
                form.data = data
        else:
            messages.success(request, done)
            return redirect("alerts:detail", alert_id=alert.pk)
    return _detail_page(request, alert, bound={key: form})


@requires(POST=MANAGE)
@require_POST
def alert_end(request: AuthenticatedRequest, alert_id: int) -> HttpResponse:
    return _act(
        request,
        alert_id,
        "end",
        forms.EndForm,
        lambda alert, d: services.alert_end(actor=request.user, alert=alert, reason=d["reason"], version=d["version"]),
        _("The alert has ended."),
    )


@requires(POST=MANAGE)
@require_POST
def alert_planned_end(request: AuthenticatedRequest, alert_id: int) -> HttpResponse:
    return _act(
        request,
        alert_id,
        "planned_end",
        forms.PlannedEndForm,
        lambda alert, d: services.alert_change_planned_end(
            actor=request.user, alert=alert, active_to=d["active_to"], reason=d["reason"], version=d["version"]
        ),
        _("The planned end is changed."),
    )


@requires(POST=MANAGE)
@require_POST
def proposal_dismiss(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.DismissForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    if not form.is_valid():
        messages.error(request, _("Say why no alert is set: the proposal and the reason stay on record."))
    else:
        d = form.cleaned_data
        try:
            services.proposal_dismiss(
                actor=request.user, assessment_id=d["assessment"], item_code=d["item"], reason=d["reason"]
            )
        except (PermissionDenied, ValidationError) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("The proposal is dismissed; the reason is on record."))
    return redirect(back or "alerts:proposals")
