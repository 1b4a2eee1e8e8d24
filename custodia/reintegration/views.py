"""Web views of release planning and after-care: thin, each parses input, calls one selector or
service and renders. The services refuse what a user may not do; the pages only offer what they
allow. Each opening of a plan and each summary exported is logged (Mandela Rule 9)."""

import csv
import io
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custodia.core import audit
from custodia.core.http import AuthenticatedRequest
from custodia.core.refusals import add_service_errors, report_refusal
from custodia.core.rights import requires, right
from custodia.core.workflow import urgency_counts
from custodia.jobs.exports import export_answer
from custodia.register.models import Prisoner
from custodia.register.selectors import visible_prisoners

from . import forms, rules, selectors, services, summary
from .choices import PathwayStatus, ShareSection
from .exports import worklist_selection
from .models import PathwayAction, Referral, ReleasePlan

VIEW = right("view_release_plans")
MANAGE = right("manage_release_plans")
VALIDATE = right("validate_instruments")


def _plan_or_404(request: AuthenticatedRequest, plan_id: int) -> ReleasePlan:
    try:
        return selectors.plan_get(user=request.user, plan_id=plan_id)
    except ReleasePlan.DoesNotExist as exc:
        raise Http404(_("No such release plan.")) from exc


def _referral_or_404(request: AuthenticatedRequest, referral_id: int) -> Referral:
    try:
        return selectors.referral_get(user=request.user, referral_id=referral_id)
    except Referral.DoesNotExist as exc:
        raise Http404(_("No such referral.")) from exc


@requires(GET=VIEW)
def worklist(request: AuthenticatedRequest) -> HttpResponse:
    # The list as CSV or XLSX, the same rows as the page (reintegration.exports; custodia.jobs).
    if (export := export_answer(request, "release-planning")) is not None:
        return export
    chosen = worklist_selection(request.user, request.GET)
    work = chosen.work
    return render(
        request,
        "reintegration/worklist.html",
        {
            "prisons": chosen.prisons,
            "prison": chosen.prison,
            "query": request.GET.urlencode(),
            "work": work,
            "opening_counts": urgency_counts(work.openings),
            "follow_up_counts": urgency_counts(work.follow_ups),
        },
    )


@requires(GET=VIEW, POST=MANAGE)
def prisoner_plan(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    """The person's release plan. A case manager who comes here when planning is due finds it
    opened (it would have been by the scheduled command tonight); a plan not due is opened on
    request, confirmed by a POST so that a stray click leaves nothing behind."""
    try:
        prisoner = visible_prisoners(user=request.user).select_related("current_prison").get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc
    plan = selectors.prisoner_plan(user=request.user, prisoner=prisoner)
    admission = prisoner.admissions.order_by("-admitted_at").first()
    current = plan is not None and admission is not None and plan.admission_id == admission.pk
    may_open = not current and services.opener_refusal(request.user, prisoner) is None
    if may_open and (request.method == "POST" or selectors.planning_due_now(prisoner)):
        try:
            plan = services.release_plan_open(actor=request.user, prisoner=prisoner)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
            return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
        return redirect("reintegration:detail", release_plan_id=plan.pk)
    if request.method == "POST":
        report_refusal(
            request,
            PermissionDenied(
                services.opener_refusal(request.user, prisoner) or _("Release planning for this stay is already open.")
            ),
        )
    if plan is not None:
        return redirect("reintegration:detail", release_plan_id=plan.pk)
    return render(
        request,
        "reintegration/open_confirm.html",
        {"prisoner": prisoner, "may_open": may_open, "heading": _("Open release planning")},
    )


@requires(GET=VIEW)
def plan_detail(request: AuthenticatedRequest, release_plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, release_plan_id)
    audit.record_read(actor=request.user, obj=plan)  # part of the file (Rule 9)
    released_on, follow_ups = selectors.plan_follow_ups(plan)
    may_change = services.planner_refusal(request.user, plan) is None
    today = timezone.localdate()
    return render(
        request,
        "reintegration/plan_detail.html",
        {
            "plan": plan,
            "prisoner": plan.prisoner,
            "pathways": [
                (p, [(s, PathwayStatus(s).label) for s in rules.next_statuses(p.status)]) for p in plan.pathways.all()
            ],
            "referrals": [(r, selectors.consent_in_force(r)) for r in plan.referrals.all()],
            "section_labels": dict(ShareSection.choices),
            "released_on": released_on,
            "follow_ups": [(due, done, due.on <= today) for due, done in follow_ups],
            "may_change": may_change,
            "summary_form": forms.SummaryForm(initial={"language": request.LANGUAGE_CODE}),
        },
    )


def _step(
    request: AuthenticatedRequest, plan: ReleasePlan, form, step: Callable[[dict], object], done: str, anchor: str
) -> HttpResponse:
    """The small steps of the plan page, posted from there; back to the plan with the outcome."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            step(form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, done)
    return redirect(f"{plan_url(plan)}#{anchor}")


def plan_url(plan: ReleasePlan) -> str:
    return reverse("reintegration:detail", args=[plan.pk])


@requires(POST=MANAGE)
@require_POST
def pathway_status(request: AuthenticatedRequest, release_plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, release_plan_id)
    form = forms.PathwayStatusForm(request.POST)

    def change(data: dict) -> object:
        pathway = plan.pathways.get(pathway=data["pathway"])
        return services.pathway_status_change(
            actor=request.user, pathway=pathway, status=data["status"], note=data["note"], version=data["version"]
        )

    return _step(
        request, plan, form, change, _("Pathway status changed."), f"pathway-{request.POST.get('pathway', '')}"
    )


@requires(POST=MANAGE)
@require_POST
def action_add(request: AuthenticatedRequest, release_plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, release_plan_id)
    form = forms.ActionForm(request.POST)

    def add(data: dict) -> object:
        pathway = plan.pathways.get(pathway=data["pathway"])
        return services.action_add(
            actor=request.user,
            pathway=pathway,
            text=data["text"],
            responsible=data["responsible"],
            target_on=data["target_on"],
        )

    return _step(request, plan, form, add, _("Action added."), f"pathway-{request.POST.get('pathway', '')}")


@requires(POST=MANAGE)
@require_POST
def action_done(request: AuthenticatedRequest, release_plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, release_plan_id)
    form = forms.ActionDoneForm(request.POST)

    def done(data: dict) -> object:
        try:
            action = PathwayAction.objects.get(pk=data["action"], pathway__plan=plan)
        except PathwayAction.DoesNotExist as exc:
            raise ValidationError({"action": _("No such action in this plan.")}) from exc
        return services.action_done(actor=request.user, action=action)

    return _step(request, plan, form, done, _("Action marked done."), "pathways")


def _form_page(request: AuthenticatedRequest, plan: ReleasePlan, form, heading: str) -> HttpResponse:
    return render(
        request, "reintegration/form.html", {"prisoner": plan.prisoner, "plan": plan, "form": form, "heading": heading}
    )


def _saved(
    request: AuthenticatedRequest, form, plan: ReleasePlan, save: Callable[[], object], done: str
) -> HttpResponse | None:
    """Back to the plan once `save` has written; None, with the service's errors on the form, when
    it refused the input; a refused right goes back to the plan with its reason."""
    try:
        save()
    except PermissionDenied as exc:
        report_refusal(request, exc)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    else:
        messages.success(request, done)
    return redirect(plan_url(plan))


@requires(GET=MANAGE, POST=MANAGE)
def referral_add(request: AuthenticatedRequest, release_plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, release_plan_id)
    form = forms.ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            plan,
            lambda: services.referral_make(actor=request.user, plan=plan, data=form.data_for_service()),
            _("Referral made. Record the person's consent before anything is shared."),
        )
        if done:
            return done
    return _form_page(request, plan, form, _("Refer to an outside agency"))


@requires(GET=MANAGE, POST=MANAGE)
def referral_consent(request: AuthenticatedRequest, referral_id: int) -> HttpResponse:
    referral = _referral_or_404(request, referral_id)
    audit.record_read(actor=request.user, obj=referral)  # the form shows what the person agreed to
    consent = selectors.consent_in_force(referral)
    initial = (
        {"sections": consent.sections, "explained_in": consent.explained_in, "explained_by": consent.explained_by}
        if consent
        else {}
    )
    form = forms.ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            referral.plan,
            lambda: services.consent_record(actor=request.user, referral=referral, data=form.data_for_service()),
            _("The person's consent is recorded."),
        )
        if done:
            return done
    heading = _("What the person agrees to share with %(agency)s") % {"agency": referral.agency_name}
    return _form_page(request, referral.plan, form, heading)


@requires(GET=MANAGE, POST=MANAGE)
def referral_answer(request: AuthenticatedRequest, referral_id: int) -> HttpResponse:
    referral = _referral_or_404(request, referral_id)
    form = forms.AnswerForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _saved(
            request,
            form,
            referral.plan,
            lambda: services.referral_answer(
                actor=request.user,
                referral=referral,
                answer=data["answer"],
                answered_on=data["answered_on"],
                note=data["note"],
                version=data["version"],
            ),
            _("The agency's answer is recorded."),
        )
        if done:
            return done
    return _form_page(request, referral.plan, form, _("Answer of %(agency)s") % {"agency": referral.agency_name})


@requires(GET=MANAGE)
def referral_summary(request: AuthenticatedRequest, referral_id: int) -> HttpResponse:
    """The release summary for the agency, as a PDF: only what the law requires and what the
    person agreed to share with it. Each export is a read of the file, logged."""
    referral = _referral_or_404(request, referral_id)
    if services.planner_refusal(request.user, referral.plan):
        raise Http404(_("No such referral."))
    form = forms.SummaryForm(request.GET)
    language = form.cleaned_data["language"] if form.is_valid() else request.LANGUAGE_CODE
    content = summary.render_pdf(summary.summary_of(referral, language=language))
    audit.record_read(actor=request.user, obj=referral, reason=f"release summary ({language})")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="release-summary-{referral.plan.prisoner.number}-{language}.pdf"'
    )
    return response


@requires(GET=MANAGE, POST=MANAGE)
def follow_up(request: AuthenticatedRequest, release_plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, release_plan_id)
    months = request.GET.get("months", "")
    if not months.isdigit() or len(months) > 3:
        raise Http404(_("No such follow-up."))
    form = forms.FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            plan,
            lambda: services.follow_up_record(
                actor=request.user, plan=plan, months=int(months), data=form.data_for_service()
            ),
            _("The follow-up is recorded."),
        )
        if done:
            return done
    heading = _("Follow-up %(months)s months after release") % {"months": months}
    return _form_page(request, plan, form, heading)


@requires(GET=VALIDATE)
def validation_csv(request: AuthenticatedRequest) -> HttpResponse:
    """For the headquarters' validation page: per released person and instrument, the latest
    final score before release and whether a new offence or recall followed within the window
    (1, 0, or empty while unknown). The columns are named on the validation page's link."""
    rows = selectors.validation_rows(user=request.user, instrument=request.GET.get("instrument", "")[:100])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row.instrument, row.score, "" if row.outcome is None else int(row.outcome)])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reoffending-after-release.csv"'
    return response


# The columns of the validation export: enter "score" and "reoffended_or_recalled" on the
# validation page, "instrument" as a group column.
CSV_COLUMNS = ("instrument", "score", "reoffended_or_recalled")
