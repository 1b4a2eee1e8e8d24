"""Web views of restrictive measures (Mandela Rules 36-46): thin, each parses input, calls one
selector or service and renders. The services refuse what a user may not do; the pages offer only
what their `*_refusal` predicates allow, and a refused form comes back with what was typed."""

from collections.abc import Callable
from typing import Any

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
from custodia.core.refusals import add_service_errors, report_refusal
from custodia.core.rights import requires
from custodia.core.workflow import urgency
from custodia.jobs.exports import export_answer
from custodia.register.models import Prisoner
from custodia.register.selectors import held_where_user_works

from . import forms, selectors, services
from .choices import AppealOutcome, MeasureStatus
from .exports import measures_selection
from .models import Appeal, Measure
from .rules import PROLONGED_DAYS

VIEW = selectors.VIEW
IMPOSE = selectors.IMPOSE
REVIEW = selectors.REVIEW
NOTICE = selectors.NOTICE
VISIT = selectors.VISIT
PAGE_SIZE = 50
# Where the page draws the bar of a solitary run in red: the oversight's "near the limit".
NEAR_LIMIT_DAYS = 12


@requires(GET=VIEW)
def measure_list(request: AuthenticatedRequest) -> HttpResponse:
    """The measures in force at one prison or all the user's prisons: the health-care staff's daily
    round and the director's overview. A measure is part of the file: the people on the page have
    the read in their file's log (Mandela Rule 9)."""
    # The list as CSV or XLSX, the same rows as the page (measures.exports; custodia.jobs).
    if (export := export_answer(request, "measures")) is not None:
        return export
    chosen = measures_selection(request.user, request.GET)
    context = page_of(request, chosen.rows, PAGE_SIZE)
    people = {row.measure.prisoner_id: row.measure.prisoner for row in context["page"]}
    audit.record_reads(actor=request.user, objs=people.values(), reason="restrictive measures")
    may_visit = request.user.has_perm(VISIT)
    return render(
        request,
        "measures/measure_list.html",
        {
            **context,
            "prisons": chosen.prisons,
            "prison": chosen.prison,
            "several": chosen.several,
            "show": chosen.show,
            "today": timezone.localdate(),
            "may_visit": may_visit,
        },
    )


@requires(GET=IMPOSE, POST=IMPOSE)
def measure_impose(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    try:
        prisoner = held_where_user_works(user=request.user).select_related("current_prison").get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc
    if refusal := services.impose_refusal(request.user, prisoner):
        report_refusal(request, PermissionDenied(refusal))
        return _to_file(prisoner.pk)
    form = forms.ImposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_impose(actor=request.user, prisoner=prisoner, data=form.data_for_service())
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return _to_file(prisoner.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The measure is in force. Tell the person the reason and how to appeal."))
            return redirect("measures:detail", measure_id=measure.pk)
    return render(
        request,
        "measures/impose_form.html",
        {"prisoner": prisoner, "form": form, "heading": _("Impose a restrictive measure")},
    )


def _to_file(prisoner_id: int) -> HttpResponse:
    response = redirect("register:prisoner_detail", prisoner_id=prisoner_id)
    response["Location"] += "#measures"
    return response


def _opened_or_404(request: AuthenticatedRequest, measure_id: int) -> selectors.MeasureOpened:
    try:
        return selectors.measure_open(user=request.user, measure_id=measure_id)
    except Measure.DoesNotExist as exc:
        raise Http404(_("No such measure.")) from exc


@requires(GET=VIEW)
def measure_detail(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    return _detail_page(request, _opened_or_404(request, measure_id))


def _detail_page(
    request: AuthenticatedRequest, opened: selectors.MeasureOpened, bound: dict[str, Form] | None = None
) -> HttpResponse:
    """The measure with the forms its reader may send; `bound` holds a form sent and refused, shown
    again with its errors and what was typed."""
    user, measure = request.user, opened.measure
    # A measure is part of the file: each opening is logged like the file's (Mandela Rule 9).
    audit.record_read(actor=user, obj=measure.prisoner, reason="restrictive measure")
    today = timezone.localdate()
    bound = bound or {}
    running = measure.status == MeasureStatus.IN_FORCE
    version = {"version": measure.version}

    def offered(key: str, allowed: bool, make: Callable[[], Form]) -> Form | None:
        return (bound.get(key) or make()) if allowed else None

    may_change = running and services.change_refusal(user, measure) is None
    may_review = services.review_refusal(user, measure) is None
    may_notice = services.notice_refusal(user, measure) is None
    appeals: list[tuple[Appeal, Form | None]] = []
    for appeal in opened.appeals:
        key = f"decide-{appeal.pk}"
        pending = may_review and appeal.outcome == AppealOutcome.PENDING
        appeals.append((appeal, (bound.get(key) or forms.DecideForm(prefix=key)) if pending else None))
    context: dict[str, Any] = {
        "opened": opened,
        "measure": measure,
        "prisoner": measure.prisoner,
        "today": today,
        "limit": PROLONGED_DAYS,
        "near_limit": opened.solitary_so_far >= NEAR_LIMIT_DAYS,
        "review_urgency": urgency(opened.review_due_on, today) if opened.review_due_on else "",
        "appeals": appeals,
        "extend_form": offered(
            "extend",
            may_change,
            lambda: forms.ExtendForm(prefix="extend", initial={**version, "ends_on": measure.ends_on}),
        ),
        "end_form": offered("end", may_change, lambda: forms.EndForm(prefix="end", initial=version)),
        "review_form": offered(
            "review", running and may_review, lambda: forms.ReviewForm(prefix="review", initial=version)
        ),
        "told_form": offered(
            "told",
            may_notice,
            lambda: forms.ToldForm(prefix="told", initial={**version, "told_on": measure.told_on or today}),
        ),
        "appeal_form": offered(
            "appeal", may_notice, lambda: forms.AppealForm(prefix="appeal", initial={"lodged_on": today})
        ),
        "visit_form": offered(
            "visit",
            selectors.visit_due(measure) and services.visit_refusal(user, measure) is None,
            lambda: forms.VisitForm(prefix="visit", initial={"visited_on": min(today, measure.last_day)}),
        ),
    }
    # A form refused because the measure changed meanwhile (ended, the appeal decided) may no longer
    # be offered: what refused it is said on top of the page instead.
    shown = {id(form) for form in context.values() if isinstance(form, Form)}
    shown |= {id(form) for _appeal, form in appeals if form is not None}
    for form in bound.values():
        if id(form) not in shown:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
    return render(request, "measures/measure_detail.html", context)


def _act(
    request: AuthenticatedRequest,
    measure_id: int,
    key: str,
    form_class: type[Form],
    call: Callable[[Measure, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Every form of the measure's page works alike: check it, call one service, go back to the
    page with what happened said on top; a refusal on the form's fields, with what was typed."""
    opened = _opened_or_404(request, measure_id)
    form = form_class(request.POST, prefix=key)
    if form.is_valid():
        try:
            call(opened.measure, form.cleaned_data)
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("measures:detail", measure_id=opened.measure.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
            if "version" in exc.message_dict:
                # Changed meanwhile: the page shows the measure as it is now, and what was typed
                # may be sent again on it once read.
                opened = _opened_or_404(request, measure_id)
                data = request.POST.copy()
                data[form.add_prefix("version")] = str(opened.measure.version)
                form.data = data
        else:
            messages.success(request, done)
            return redirect("measures:detail", measure_id=opened.measure.pk)
    return _detail_page(request, opened, bound={key: form})


@requires(POST=IMPOSE)
@require_POST
def measure_extend(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    return _act(
        request,
        measure_id,
        "extend",
        forms.ExtendForm,
        lambda measure, d: services.measure_extend(
            actor=request.user, measure=measure, ends_on=d["ends_on"], reason=d["reason"], version=d["version"]
        ),
        _("The measure is extended."),
    )


@requires(POST=IMPOSE)
@require_POST
def measure_end(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    return _act(
        request,
        measure_id,
        "end",
        forms.EndForm,
        lambda measure, d: services.measure_end(
            actor=request.user, measure=measure, reason=d["reason"], version=d["version"]
        ),
        _("The measure has ended."),
    )


@requires(POST=REVIEW)
@require_POST
def measure_review(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    return _act(
        request,
        measure_id,
        "review",
        forms.ReviewForm,
        lambda measure, d: services.measure_review(
            actor=request.user, measure=measure, outcome=d["outcome"], note=d["note"], version=d["version"]
        ),
        _("Review recorded."),
    )


@requires(POST=NOTICE)
@require_POST
def measure_told(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    return _act(
        request,
        measure_id,
        "told",
        forms.ToldForm,
        lambda measure, d: services.told_record(
            actor=request.user, measure=measure, told_on=d["told_on"], version=d["version"]
        ),
        _("Recorded: the person was told the reason."),
    )


@requires(POST=NOTICE)
@require_POST
def appeal_lodge(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    return _act(
        request,
        measure_id,
        "appeal",
        forms.AppealForm,
        lambda measure, d: services.appeal_lodge(
            actor=request.user, measure=measure, lodged_on=d["lodged_on"], grounds=d["grounds"]
        ),
        _("Appeal recorded: it awaits a decision."),
    )


@requires(POST=VISIT)
@require_POST
def health_visit(request: AuthenticatedRequest, measure_id: int) -> HttpResponse:
    return _act(
        request,
        measure_id,
        "visit",
        forms.VisitForm,
        lambda measure, d: services.health_visit_record(
            actor=request.user,
            measure=measure,
            visited_on=d["visited_on"],
            adverse_effects=d["adverse_effects"],
            note=d["note"],
        ),
        _("Health-care visit recorded."),
    )


@requires(POST=REVIEW)
@require_POST
def appeal_decide(request: AuthenticatedRequest, appeal_id: int) -> HttpResponse:
    try:
        appeal = selectors.appeal_get(user=request.user, appeal_id=appeal_id)
    except Appeal.DoesNotExist as exc:
        raise Http404(_("No such appeal.")) from exc
    return _act(
        request,
        appeal.measure_id,
        f"decide-{appeal.pk}",
        forms.DecideForm,
        lambda _measure, d: services.appeal_decide(
            actor=request.user, appeal=appeal, outcome=d["outcome"], note=d["decision_note"]
        ),
        _("Appeal decided."),
    )
