"""Web views of risk and needs assessment: thin, each parses input, calls one selector or service
and renders. The services refuse what a user may not do; the pages only offer what they allow."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
from .choices import AssessmentStatus
from .exports import worklist_selection
from .instruments import Domain, Item, ScaleLevel
from .models import Assessment, ItemRating

# A domain with, for each of its items, the rating given (if any) and its level on the item's scale.
RatedDomain = tuple[Domain, list[tuple[Item, ItemRating | None, ScaleLevel | None]]]

PAGE_SIZE = 100
ASSESS = right("assess_risk_and_needs")


def _assessment_or_404(request: AuthenticatedRequest, assessment_id: int) -> Assessment:
    try:
        return selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    except Assessment.DoesNotExist as exc:
        raise Http404(_("No such assessment.")) from exc


def _held_prisoner_or_404(request: AuthenticatedRequest, prisoner_id: int) -> Prisoner:
    try:
        return held_where_user_works(user=request.user).select_related("current_prison").get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc


@requires(GET=right("view_assessment_worklist"))
def worklist(request: AuthenticatedRequest) -> HttpResponse:
    # The list as CSV or XLSX, the same rows as the page (assessment.exports; custodia.jobs).
    if (export := export_answer(request, "assessment-worklist")) is not None:
        return export
    chosen = worklist_selection(request.user, request.GET)
    return render(
        request,
        "assessment/worklist.html",
        {
            "prisons": chosen.prisons,
            "prison": chosen.prison,
            "urgency": chosen.urgency,
            "mine": chosen.mine,
            "counts": urgency_counts(chosen.items),
            **page_of(request, chosen.shown, PAGE_SIZE),
        },
    )


@requires(GET=ASSESS, POST=ASSESS)
def assessment_start(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    """A start is confirmed first: the file's "Start" opens this page, and only its button opens
    the draft, so that a stray click leaves nothing behind."""
    prisoner = _held_prisoner_or_404(request, prisoner_id)
    if request.method == "POST":
        try:
            assessment = services.assessment_start(
                actor=request.user, prisoner=prisoner, instrument_id=request.POST.get("instrument", "")
            )
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
            return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
        return redirect("assessment:edit", assessment_id=assessment.pk)
    if refusal := services.assessor_refusal(request.user, prisoner):
        report_refusal(request, PermissionDenied(refusal))
        return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
    instruments = selectors.startable_instruments(user=request.user, prisoner=prisoner)
    form = forms.StartForm(initial={"instrument": request.GET.get("instrument")}, instruments=instruments)
    return render(request, "assessment/start_confirm.html", {"prisoner": prisoner, "form": form})


@requires(GET=right("view_assessments"))
def assessment_detail(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment_or_404(request, assessment_id)
    # An assessment is part of the file: each opening is logged like the file's (Mandela Rule 9).
    audit.record_read(actor=request.user, obj=assessment)
    user = request.user
    return render(
        request,
        "assessment/assessment_detail.html",
        {
            "assessment": assessment,
            "instrument": assessment.instrument.instrument,
            "rated": _rated_sections(assessment),
            "profile": _profile_rows(assessment),
            "may_edit": assessment.status in rules.EDITABLE
            and services.assessor_refusal(user, assessment.prisoner) is None,
            "may_review": assessment.status == AssessmentStatus.SUBMITTED
            and services.review_refusal(user, assessment) is None,
            "may_discard": _may_discard(request, assessment),
            "return_form": forms.ReturnForm(initial={"version": assessment.version}),
        },
    )


def _rated_sections(assessment: Assessment) -> list[RatedDomain]:
    ratings = {r.item_code: r for r in assessment.ratings.all()}
    grouped: dict[str, RatedDomain] = {}
    for domain, item in assessment.instrument.instrument.items():
        rating = ratings.get(item.code)
        level = next((lvl for lvl in item.scale if rating and lvl.value == rating.value), None)
        grouped.setdefault(domain.code, (domain, []))[1].append((item, rating, level))
    return list(grouped.values())


def _profile_rows(assessment: Assessment) -> list[tuple[Domain, int, int, str]]:
    """The item profile per domain (the rater reads it before choosing the final judgement)."""
    instrument = assessment.instrument.instrument
    values = {r.item_code: r.value for r in assessment.ratings.all()}
    profile = rules.domain_profile(instrument, values)
    return [
        (domain, profile[domain.code]["score"], profile[domain.code]["max"], domain.items[0].direction)
        for domain in instrument.domains
    ]


@requires(GET=ASSESS, POST=ASSESS)
def assessment_edit(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment_or_404(request, assessment_id)
    instrument = assessment.instrument.instrument
    if request.method == "POST":
        form = forms.RatingForm(request.POST, instrument=instrument)
        saved = False
        if form.is_valid():
            try:
                assessment = services.assessment_rate(
                    actor=request.user,
                    assessment=assessment,
                    ratings=form.ratings(),
                    version=form.cleaned_data["version"],
                    **form.judgement(),
                )
                saved = True
                if request.POST.get("action") == "submit":
                    services.assessment_submit(actor=request.user, assessment=assessment)
            except ValidationError as exc:
                # The ratings are saved as a draft even when the submission is refused: nothing is lost.
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                report_refusal(request, exc)
                return redirect("assessment:detail", assessment_id=assessment.pk)
            else:
                submitted = request.POST.get("action") == "submit"
                messages.success(request, _("Submitted for countersignature.") if submitted else _("Draft saved."))
                return redirect("assessment:detail" if submitted else "assessment:edit", assessment_id=assessment.pk)
        if saved:
            # The draft was saved and only the submission refused: go on from the saved version. A
            # stale copy keeps its old version, so that it is refused until the user reloads it.
            data = request.POST.copy()
            data["version"] = str(assessment.version)
            form.data = data
    else:
        # The form shows every rating and its evidence: opening it is a read of the file (Rule 9).
        audit.record_read(actor=request.user, obj=assessment)
        initial = {"version": assessment.version, "rationale": assessment.rationale}
        initial["final_judgement"] = assessment.final_judgement if instrument.kind == "spj" else ""
        for rating in assessment.ratings.all():
            initial[rating.item_code] = rating.value
            initial[f"{rating.item_code}_evidence"] = rating.evidence
        form = forms.RatingForm(initial=initial, instrument=instrument)
    return render(
        request,
        "assessment/assessment_form.html",
        {
            "assessment": assessment,
            "instrument": instrument,
            "form": form,
            "profile": _profile_rows(assessment),
            "may_discard": _may_discard(request, assessment),
        },
    )


@requires(GET=ASSESS, POST=ASSESS)
def assessment_discard(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    """The author discards a draft after confirming it on this page; it is kept, marked discarded."""
    assessment = _assessment_or_404(request, assessment_id)
    form = forms.DiscardForm(request.POST or None, initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_discard(
                actor=request.user,
                assessment=assessment,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("Draft discarded: it stays in the file's history."))
            return redirect("register:prisoner_detail", prisoner_id=assessment.prisoner_id)
        return redirect("assessment:detail", assessment_id=assessment.pk)
    if not _may_discard(request, assessment):
        messages.error(request, _("Only its author can discard a draft, while it is a draft."))
        return redirect("assessment:detail", assessment_id=assessment.pk)
    return render(
        request,
        "assessment/discard_confirm.html",
        {"assessment": assessment, "instrument": assessment.instrument.instrument, "form": form},
    )


def _may_discard(request: AuthenticatedRequest, assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.DRAFT and services.discard_refusal(request.user, assessment) is None


@requires(POST=ASSESS)
@require_POST
def assessment_countersign(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment_or_404(request, assessment_id)
    try:
        services.assessment_countersign(
            actor=request.user, assessment=assessment, version=int_or_none(request.POST.get("version"))
        )
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("Countersigned: the assessment is final."))
    return redirect("assessment:detail", assessment_id=assessment.pk)


@requires(POST=ASSESS)
@require_POST
def assessment_return(request: AuthenticatedRequest, assessment_id: int) -> HttpResponse:
    assessment = _assessment_or_404(request, assessment_id)
    form = forms.ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what must be corrected."))
        return redirect("assessment:detail", assessment_id=assessment.pk)
    try:
        services.assessment_return(
            actor=request.user,
            assessment=assessment,
            comment=form.cleaned_data["comment"],
            version=form.cleaned_data["version"],
        )
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("Returned to the assessor with your comments."))
    return redirect("assessment:detail", assessment_id=assessment.pk)


@requires(GET=ASSESS, POST=ASSESS)
def trigger_create(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _held_prisoner_or_404(request, prisoner_id)
    form = forms.TriggerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reassessment_trigger_record(actor=request.user, prisoner=prisoner, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Event recorded: the instruments that list it are due again."))
            return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
    return render(
        request,
        "assessment/trigger_form.html",
        {"prisoner": prisoner, "form": form, "heading": _("Record an event that calls for reassessment")},
    )
