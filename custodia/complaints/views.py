"""Web views of requests and complaints: thin, each parses input, calls one selector or service
and renders. To a user who reads no complaint (and to staff, for one made through the
confidential route) the pages answer 404: for them it does not exist."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.exports import figure_download
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors, form_step, report_refusal
from custodia.core.rights import SIGNED_IN, requires
from custodia.estate.selectors import active_profile
from custodia.jobs.exports import export_answer

from . import figures as complaint_figures
from . import forms, rules, selectors, services
from .exports import complaints_selection
from .models import Complaint


def _no_such() -> Http404:
    return Http404(_("No such request or complaint."))


@requires(GET=SIGNED_IN)
def complaint_list(request: AuthenticatedRequest) -> HttpResponse:
    if selectors.visibility(request.user) is None:
        raise _no_such()
    # The list as CSV or XLSX, the same rows as the page (complaints.exports; custodia.jobs).
    if (export := export_answer(request, "complaints")) is not None:
        return export
    chosen = complaints_selection(request.user, request.GET)
    filters = chosen.filters
    paged = page_of(request, chosen.complaints, 50)
    shown = list(paged["page"].object_list)
    # Each person shown, as a read of their file; a confidential complaint on the complaint itself.
    people = {c.prisoner_id: c.prisoner for c in shown if not c.confidential}
    audit.record_reads(
        actor=request.user, objs=[*people.values(), *(c for c in shown if c.confidential)], reason="complaints"
    )
    return render(
        request,
        "complaints/complaint_list.html",
        {**paged, "filters": filters, "today": timezone.localdate(), "complaints": shown},
    )


@requires(GET=SIGNED_IN, POST=SIGNED_IN)
def complaint_add(request: AuthenticatedRequest) -> HttpResponse:
    """A new request or complaint for a person (from the file: ?prisoner=<id>); the inspection body
    records those made to it in confidence."""
    people = selectors.people_for_complaints(user=request.user)
    confidential = request.user.has_perm(selectors.CONFIDENTIAL)
    if not (confidential or request.user.has_perm(selectors.RECORD)):
        raise Http404(_("No such prisoner."))
    wanted = request.POST.get("prisoner") or request.GET.get("prisoner") or ""
    prisoner = people.select_related("current_prison").filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if prisoner is None:
        raise Http404(_("No such prisoner."))
    form = forms.ComplaintForm(
        request.POST or None, confidential=confidential, initial={"made_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_add(
                actor=request.user, prisoner=prisoner, data=services.ComplaintData(**form.cleaned_data)
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("complaints:detail", complaint_id=complaint.pk)
    return render(request, "complaints/complaint_form.html", {"prisoner": prisoner, "form": form})


def _complaint_or_404(request: AuthenticatedRequest, complaint_id: int) -> Complaint:
    try:
        return selectors.complaint_get(user=request.user, complaint_id=complaint_id)
    except Complaint.DoesNotExist as exc:
        raise _no_such() from exc


STEPS: dict[str, tuple[type[Form], str]] = {
    "answer": (forms.AnswerForm, "complaints:answer"),
    "appeal": (forms.AppealForm, "complaints:appeal"),
    "appeal_answer": (forms.AnswerForm, "complaints:appeal_answer"),
    "refer": (forms.ReferralForm, "complaints:refer"),
    "close": (forms.CloseForm, "complaints:close"),
}


def _detail_page(
    request: AuthenticatedRequest, complaint: Complaint, bound: dict[str, Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    # A confidential complaint's read is logged on the complaint, never among the file's readers.
    audit.record_read(
        actor=request.user, obj=complaint if complaint.confidential else complaint.prisoner, reason="complaint"
    )
    refusals = services.step_refusals(request.user, complaint)
    steps = []
    for key, (form_class, url_name) in STEPS.items():
        if refusals[key] is None:
            form = bound.get(key) or form_class(prefix=key, initial={"version": complaint.version})
            steps.append({"key": key, "form": form, "action": reverse(url_name, args=[complaint.pk])})
    days = active_profile().complaints.referral_days
    return render(
        request,
        "complaints/complaint_detail.html",
        {
            "complaint": complaint,
            "prisoner": complaint.prisoner,
            "steps": steps,
            "overdue": rules.is_overdue(
                complaint.status, complaint.due_on, complaint.appeal_due_on, timezone.localdate()
            ),
            "referral_due": rules.referral_due(complaint.made_on, days) if complaint.allegation else None,
            "referral_state": rules.referral_state(complaint.made_on, complaint.referred_on, days, timezone.localdate())
            if complaint.allegation
            else None,
        },
    )


@requires(GET=SIGNED_IN)
def complaint_detail(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _detail_page(request, _complaint_or_404(request, complaint_id))


def _step(
    request: AuthenticatedRequest, complaint_id: int, key: str, act: Callable[[Complaint, Form], Any], done: str
) -> HttpResponse:
    complaint = _complaint_or_404(request, complaint_id)
    form = STEPS[key][0](request.POST, prefix=key)
    return form_step(
        request,
        form,
        lambda data: act(complaint, form),
        done=done,
        back=reverse("complaints:detail", args=[complaint.pk]),
        again=lambda bound: _detail_page(request, complaint, {key: bound}),
    )


@requires(POST=SIGNED_IN)
def complaint_answer(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _step(
        request,
        complaint_id,
        "answer",
        lambda c, f: services.complaint_answer(actor=request.user, complaint=c, **f.cleaned_data),
        _("The answer is recorded."),
    )


@requires(POST=SIGNED_IN)
def complaint_appeal(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _step(
        request,
        complaint_id,
        "appeal",
        lambda c, f: services.complaint_appeal(actor=request.user, complaint=c, **f.cleaned_data),
        _("The appeal to headquarters is recorded."),
    )


@requires(POST=SIGNED_IN)
def complaint_appeal_answer(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _step(
        request,
        complaint_id,
        "appeal_answer",
        lambda c, f: services.complaint_appeal_answer(actor=request.user, complaint=c, **f.cleaned_data),
        _("The answer on appeal is recorded."),
    )


@requires(POST=SIGNED_IN)
def complaint_refer(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    def act(c: Complaint, f: Form) -> Complaint:
        data = f.cleaned_data
        referral = services.ReferralData(data["referred_to"], data["referred_on"], data["reference"])
        return services.complaint_refer(actor=request.user, complaint=c, data=referral, version=data["version"])

    return _step(request, complaint_id, "refer", act, _("The referral is recorded."))


@requires(POST=SIGNED_IN)
def complaint_close(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _step(
        request,
        complaint_id,
        "close",
        lambda c, f: services.complaint_close(actor=request.user, complaint=c, **f.cleaned_data),
        _("It is closed."),
    )


@requires(GET=selectors.FIGURES)
def figures(request: AuthenticatedRequest) -> HttpResponse:
    shown = complaint_figures.figures_for(user=request.user, today=timezone.localdate())
    if (file := figure_download(request, shown.tables)) is not None:
        return file
    return render(request, "complaints/figures.html", {"figures": shown, "charts": shown.charts})
