"""Web views of sentence plans: thin, each parses input, calls one selector or service and
renders. The services refuse what a user may not do; the pages only offer what they allow."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custodia.accounts.selectors import prisons_in_scope
from custodia.core import audit
from custodia.core.forms import int_or_none
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors, report_refusal
from custodia.core.rights import requires, right
from custodia.core.workflow import urgency_counts
from custodia.jobs.exports import export_answer
from custodia.register.models import Prisoner
from custodia.register.selectors import held_where_user_works

from . import forms, rules, selectors, services
from .choices import ObjectiveStatus, PlanStatus
from .exports import worklist_selection
from .models import Objective, SentencePlan
from .objective_work import work_by_objective

VIEW = right("view_sentence_plans")
MANAGE = right("manage_sentence_plans")
PAGE_SIZE = 100


def _plan_or_404(request: AuthenticatedRequest, plan_id: int) -> SentencePlan:
    try:
        return selectors.plan_get(user=request.user, plan_id=plan_id)
    except SentencePlan.DoesNotExist as exc:
        raise Http404(_("No such sentence plan.")) from exc


def _objective_or_404(request: AuthenticatedRequest, objective_id: int) -> Objective:
    try:
        return selectors.objective_get(user=request.user, objective_id=objective_id)
    except Objective.DoesNotExist as exc:
        raise Http404(_("No such objective.")) from exc


@requires(GET=VIEW)
def worklist(request: AuthenticatedRequest) -> HttpResponse:
    prisons = list(prisons_in_scope(user=request.user).order_by("name"))
    chosen = request.GET.get("prison", "")
    prison = next((p for p in prisons if str(p.pk) == chosen), prisons[0] if prisons else None)
    context = {"prisons": prisons, "prison": prison}
    if request.GET.get("people") == "offered":
        people = selectors.offered(user=request.user, prison_id=prison.pk) if prison else []
        return render(request, "plans/offered.html", {**context, **page_of(request, people, PAGE_SIZE)})
    # The list as CSV or XLSX, the same rows as the page (plans.exports; custodia.jobs).
    if (export := export_answer(request, "plans-worklist")) is not None:
        return export
    shown = worklist_selection(request.user, request.GET)
    return render(
        request,
        "plans/worklist.html",
        {
            **context,
            "urgency": shown.urgency,
            "counts": urgency_counts(shown.items),
            **page_of(request, shown.shown, PAGE_SIZE),
        },
    )


@requires(GET=MANAGE, POST=MANAGE)
def plan_start(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    """A start is confirmed first, so that a stray click leaves nothing behind."""
    try:
        prisoner = held_where_user_works(user=request.user).select_related("current_prison").get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc
    if request.method == "POST":
        try:
            plan = services.plan_start(actor=request.user, prisoner=prisoner)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
            return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
        return redirect("plans:detail", plan_id=plan.pk)
    if refusal := services.planner_refusal(request.user, prisoner):
        report_refusal(request, PermissionDenied(refusal))
        return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
    due = selectors.prisoner_due(user=request.user, prisoner=prisoner)
    return render(
        request,
        "plans/start_confirm.html",
        {"prisoner": prisoner, "offered_only": due is None, "heading": _("Start a sentence plan")},
    )


@requires(GET=VIEW)
def plan_detail(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    # A plan is part of the file: each opening is logged like the file's (Mandela Rule 9).
    audit.record_read(actor=request.user, obj=plan)
    may_change = services.planner_refusal(request.user, plan.prisoner) is None
    objectives = list(plan.objectives.all())
    work = work_by_objective(request.user, plan.prisoner)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "prisoner": plan.prisoner,
            # Each objective with the follow-up statuses it may move to, whether the person may decline it,
            # and the work done towards it in other modules (programmes).
            "objectives": [
                (
                    o,
                    [(s, ObjectiveStatus(s).label) for s in rules.next_statuses(o.status) if s in rules.FOLLOW_UP],
                    ObjectiveStatus.DECLINED in rules.next_statuses(o.status),
                    work.get(o.pk, []),
                )
                for o in objectives
            ],
            "may_edit": may_change and plan.status == PlanStatus.DRAFT,
            "may_follow_up": may_change and plan.status != PlanStatus.SUPERSEDED,
            "may_review": may_change and plan.status == PlanStatus.AGREED,
            "agree_problems": services.agree_problems(plan) if plan.status == PlanStatus.DRAFT else {},
        },
    )


@requires(GET=MANAGE, POST=MANAGE)
def plan_view(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The person's own view of the plan (Mandela Rules 54-55)."""
    plan = _plan_or_404(request, plan_id)
    audit.record_read(actor=request.user, obj=plan)  # the form shows the person's view (Rule 9)
    initial = {
        "version": plan.version,
        "own_goals": plan.own_goals,
        "agreement": plan.agreement,
        "comment": plan.person_comment,
        "explained_in": plan.explained_in,
        "explained_by": plan.explained_by,
    }
    form = forms.PersonsViewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_view_record(
                actor=request.user, plan=plan, view=form.view(), version=form.cleaned_data["version"]
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("plans:detail", plan_id=plan.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The person's view is recorded."))
            return redirect("plans:detail", plan_id=plan.pk)
    return render(
        request,
        "plans/form.html",
        {"prisoner": plan.prisoner, "plan": plan, "form": form, "heading": _("The person's view of the plan")},
    )


@requires(POST=MANAGE)
@require_POST
def plan_agree(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    try:
        services.plan_agree(actor=request.user, plan=plan, version=int_or_none(request.POST.get("version")))
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("The plan is agreed and in force."))
    return redirect("plans:detail", plan_id=plan.pk)


@requires(POST=MANAGE)
@require_POST
def plan_review(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    try:
        new = services.plan_review(actor=request.user, plan=plan, version=int_or_none(request.POST.get("version")))
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
        return redirect("plans:detail", plan_id=plan.pk)
    messages.success(request, _("A new version is open for review; the agreed plan stays in force until it is agreed."))
    return redirect("plans:detail", plan_id=new.pk)


def _objective_form(request: AuthenticatedRequest, plan: SentencePlan, *, with_need: bool, initial: dict):
    staff = selectors.staff_at(plan.prison_id)
    return forms.ObjectiveForm(request.POST or None, initial=initial, staff=staff, with_need=with_need)


def _saved(
    request: AuthenticatedRequest, form: forms.ObjectiveForm, plan: SentencePlan, save: Callable[[], object]
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
    return redirect("plans:detail", plan_id=plan.pk)


def _objective_page(
    request: AuthenticatedRequest, plan: SentencePlan, form: forms.ObjectiveForm, heading: str
) -> HttpResponse:
    return render(
        request, "plans/form.html", {"prisoner": plan.prisoner, "plan": plan, "form": form, "heading": heading}
    )


@requires(GET=MANAGE, POST=MANAGE)
def objective_add(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = _plan_or_404(request, plan_id)
    audit.record_read(actor=request.user, obj=plan)  # the page shows the plan's heading and person
    form = _objective_form(request, plan, with_need=True, initial={})
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            plan,
            lambda: services.objective_add(
                actor=request.user, plan=plan, need_area=form.cleaned_data["need_area"], wording=form.wording_data()
            ),
        )
        if done:
            return done
    return _objective_page(request, plan, form, _("Add an objective"))


@requires(GET=MANAGE, POST=MANAGE)
def objective_edit(request: AuthenticatedRequest, objective_id: int) -> HttpResponse:
    """Accept a proposed objective worded for the person, or reword one of the draft."""
    objective = _objective_or_404(request, objective_id)
    plan = objective.plan
    audit.record_read(actor=request.user, obj=plan)  # the form shows the objective's wording
    initial = {
        "version": objective.version,
        "wording": objective.wording,
        "actions": objective.actions,
        "responsible": objective.responsible,
        "responsible_staff": objective.responsible_staff_id,
        "responsible_agency": objective.responsible_agency,
        "target_on": objective.target_on,
    }
    form = _objective_form(request, plan, with_need=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            plan,
            lambda: services.objective_word(
                actor=request.user,
                objective=objective,
                wording=form.wording_data(),
                version=form.cleaned_data["version"],
            ),
        )
        if done:
            return done
    heading = (
        _("Accept the proposed objective: %(need)s")
        if objective.status == ObjectiveStatus.PROPOSED
        else _("Reword: %(need)s")
    ) % {"need": objective.get_need_area_display()}
    return _objective_page(request, plan, form, heading)


def _act(request: AuthenticatedRequest, objective_id: int, form_class, step, done: str) -> HttpResponse:
    """The small steps of the plan page: a reason, a status or a note, posted from there."""
    objective = _objective_or_404(request, objective_id)
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            step(objective, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, done)
    return redirect(reverse("plans:detail", args=[objective.plan_id]) + f"#objective-{objective.pk}")


def _with_reason(
    request: AuthenticatedRequest, objective_id: int, service: Callable[..., object], done: str
) -> HttpResponse:
    """A step that needs only a reason: setting a proposal aside, or the person declining."""
    return _act(
        request,
        objective_id,
        forms.ReasonForm,
        lambda o, data: service(actor=request.user, objective=o, reason=data["reason"], version=data["version"]),
        done,
    )


@requires(POST=MANAGE)
@require_POST
def objective_set_aside(request: AuthenticatedRequest, objective_id: int) -> HttpResponse:
    return _with_reason(request, objective_id, services.objective_set_aside, _("Proposal set aside, with its reason."))


@requires(POST=MANAGE)
@require_POST
def objective_decline(request: AuthenticatedRequest, objective_id: int) -> HttpResponse:
    return _with_reason(
        request,
        objective_id,
        services.objective_decline,
        _("Recorded as the person's choice. Declining is never a sanction."),
    )


@requires(POST=MANAGE)
@require_POST
def objective_status(request: AuthenticatedRequest, objective_id: int) -> HttpResponse:
    def change(objective: Objective, data: dict) -> object:
        return services.objective_status_change(
            actor=request.user,
            objective=objective,
            status=data["status"],
            reason=data["reason"],
            version=data["version"],
        )

    return _act(request, objective_id, forms.StatusForm, change, _("Status changed."))


@requires(POST=MANAGE)
@require_POST
def objective_note(request: AuthenticatedRequest, objective_id: int) -> HttpResponse:
    def add(objective: Objective, data: dict) -> object:
        return services.progress_note_add(actor=request.user, objective=objective, text=data["text"])

    return _act(request, objective_id, forms.NoteForm, add, _("Progress note added."))
