"""Web views of intelligence reports: thin, each parses input, calls one selector or service and
renders. Two ways in: the readers' pages (view_intelligence_section: the reports their handling
code lets them read, graded, sanitised and shared) and the submitter's pages (submit_intelligence:
pass information on, and follow what one submitted, without its grading). A report the user may
not read answers 404, whoever submitted it."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custodia.accounts.selectors import prison_chosen, prison_scope
from custodia.core import audit
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors, form_step
from custodia.core.rights import requires
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.jobs.exports import export_answer
from custodia.register.models import Prisoner

from . import forms, rules, selectors, services
from .choices import AgencyKind, ReportStatus, SharingStatus, SubjectKind
from .exports import reports_selection
from .models import IntelligenceReport, Sharing

VIEW, SUBMIT, GRADE, SHARE, APPROVE = (
    selectors.VIEW,
    selectors.SUBMIT,
    selectors.GRADE,
    selectors.SHARE,
    selectors.APPROVE,
)
PAGE_SIZE = 50


def _prisons(request: AuthenticatedRequest) -> tuple[list[Prison], Prison | None, bool]:
    """The prisons of the user's scope, the one chosen (`?prison=`; the only one when there is one)
    and whether there are several to choose from."""
    return prison_chosen(user=request.user, chosen=request.GET.get("prison"))


@requires(GET=VIEW)
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    # The list as CSV or XLSX, the same rows as the page (intelligence.exports; custodia.jobs).
    if (export := export_answer(request, "intelligence")) is not None:
        return export
    chosen = reports_selection(request.user, request.GET)
    context = page_of(request, chosen.reports, PAGE_SIZE)
    return render(
        request,
        "intelligence/report_list.html",
        {
            **context,
            "prisons": chosen.prisons,
            "prison": chosen.prison,
            "several": chosen.several,
            "show": chosen.show,
            "may_submit": request.user.has_perm(SUBMIT),
        },
    )


@requires(GET=SUBMIT)
def submission_list(request: AuthenticatedRequest) -> HttpResponse:
    """What the user passed on, and whether each was graded: not the grading."""
    rows = selectors.reports_submitted(user=request.user).order_by("-submitted_at", "-id")
    return render(request, "intelligence/submission_list.html", page_of(request, rows, PAGE_SIZE))


def _prisoner_id(user: Any, number: str) -> int | None:
    """The person of that number held at a prison where the user works; the service says when
    there is none (one answer for unknown and held elsewhere)."""
    scope = prison_scope(user)
    found = Prisoner.objects.filter(number__iexact=number.strip(), current_prison__isnull=False)
    if scope is not None:
        found = found.filter(current_prison__in=scope)
    pk: int | None = found.values_list("pk", flat=True).first()
    return pk


@requires(GET=SUBMIT, POST=SUBMIT)
def report_create(request: AuthenticatedRequest) -> HttpResponse:
    prisons, prison, several = _prisons(request)
    if prison is None:
        if not prisons:
            raise PermissionDenied(_("You are not assigned to a prison."))
        return render(request, "intelligence/choose_prison.html", {"prisons": prisons})
    if refusal := services.submit_refusal(request.user, prison):
        raise PermissionDenied(refusal)
    form = forms.ReportForm(request.POST or None)
    subjects = forms.SubjectFormSet(request.POST or None, prefix="subject")
    # `&`, not `and`: both are checked, so that every field in error is shown at once.
    if request.method == "POST" and form.is_valid() & subjects.is_valid():
        rows = [(i, f) for i, f in enumerate(subjects) if not f.is_blank()]
        data = services.ReportData(
            observed_at=form.cleaned_data["observed_at"],
            content=form.cleaned_data["content"],
            submitter_assessment=form.cleaned_data["submitter_assessment"],
            subjects=[
                services.SubjectData(
                    kind=f.cleaned_data["kind"],
                    prisoner_id=_prisoner_id(request.user, f.cleaned_data["prisoner_number"])
                    if f.cleaned_data["kind"] == SubjectKind.IN_CUSTODY and f.cleaned_data["prisoner_number"].strip()
                    else None,
                    name=f.cleaned_data["name"],
                    role=f.cleaned_data["role"],
                )
                for _i, f in rows
            ],
        )
        try:
            report = services.report_submit(actor=request.user, prison=prison, data=data)
        except ValidationError as exc:
            _subject_errors(form, subjects, rows, exc)
        else:
            messages.success(request, _("Report submitted. The security officer grades it."))
            return redirect("intelligence:submission", report_id=report.pk)
    return render(request, "intelligence/report_form.html", {"form": form, "subjects": subjects, "prison": prison})


def _subject_errors(form: Form, subjects: Any, rows: list[tuple[int, Any]], exc: ValidationError) -> None:
    """A service's refusal of a subject (`subjects.<n>.<field>`) on the row it came from."""
    aliases = {"prisoner_id": "prisoner_number"}
    rest: dict[str, list[str]] = {}
    for key, errors in exc.message_dict.items():
        parts = key.split(".")
        if parts[0] == "subjects" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
            row = rows[int(parts[1])][1]
            row.add_error(aliases.get(parts[2], parts[2]), errors)
        elif key == "subjects":
            form.add_error(None, errors)
        else:
            rest[key] = errors
    if rest:
        add_service_errors(form, ValidationError(rest))


def _read_or_404(request: AuthenticatedRequest, report_id: int) -> selectors.ReportOpened:
    try:
        return selectors.report_open(user=request.user, report_id=report_id)
    except IntelligenceReport.DoesNotExist as exc:
        raise Http404(_("No such intelligence report.")) from exc


def _logged(request: AuthenticatedRequest, opened: selectors.ReportOpened) -> None:
    # Reading a report is reading the files of the people it is about (Mandela Rule 9), and a
    # reading of the report itself.
    audit.record_reads(
        actor=request.user, objs=[*selectors.people_named(opened), opened.report], reason="intelligence report"
    )


@requires(GET=SUBMIT)
def submission_detail(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    try:
        opened = selectors.submission_open(user=request.user, report_id=report_id)
    except IntelligenceReport.DoesNotExist as exc:
        raise Http404(_("No such intelligence report.")) from exc
    _logged(request, opened)
    return render(
        request,
        "intelligence/submission_detail.html",
        {
            "opened": opened,
            "report": opened.report,
            "may_read": request.user.has_perm(VIEW) and selectors.may_read(request.user, opened.report),
        },
    )


@requires(GET=VIEW)
def report_detail(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    opened = _read_or_404(request, report_id)
    _logged(request, opened)
    return _detail_page(request, opened)


def _detail_page(
    request: AuthenticatedRequest, opened: selectors.ReportOpened, bound: dict[str, Form] | None = None
) -> HttpResponse:
    user, report = request.user, opened.report
    bound = bound or {}
    system = rules.system(active_profile().intelligence.grading)
    may_grade = report.status == ReportStatus.SUBMITTED and services.grade_refusal(user, report) is None
    may_share = services.share_refusal(user, report) is None
    sanitised = opened.sanitised if isinstance(opened.sanitised, list) else []
    sharings = opened.sharings if isinstance(opened.sharings, list) else []
    rows = []
    for sharing in sharings:
        sharing.report = report  # the refusals read it; it is the report shown
        rows.append(
            {
                "sharing": sharing,
                "decide_form": (
                    bound.get(f"decide-{sharing.pk}")
                    or forms.DecideForm(prefix=f"decide-{sharing.pk}", initial={"version": sharing.version})
                )
                if sharing.status == SharingStatus.REQUESTED and services.decide_refusal(user, sharing) is None
                else None,
                "may_mark_shared": sharing.status == SharingStatus.APPROVED and may_share,
            }
        )
    context: dict[str, Any] = {
        "opened": opened,
        "report": report,
        "system": system,
        "grade_form": (
            bound.get("grade") or forms.GradeForm(prefix="grade", system=system, initial={"version": report.version})
        )
        if may_grade
        else None,
        "sanitise_form": (bound.get("sanitise") or forms.SanitiseForm(prefix="sanitise")) if may_share else None,
        "share_form": (bound.get("share") or forms.SharingForm(prefix="share", sanitised=sanitised))
        if may_share
        else None,
        "sharing_rows": rows,
        "graded_by_submitter": report.graded_by_id is not None and report.graded_by_id == report.submitted_by_id,
        "handling_rules": _handling_rules(opened),
    }
    shown = {id(form) for form in context.values() if isinstance(form, Form)}
    shown |= {id(row["decide_form"]) for row in rows if row["decide_form"] is not None}
    for form in bound.values():
        if id(form) not in shown:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
    return render(request, "intelligence/report_detail.html", context)


def _handling_rules(opened: selectors.ReportOpened) -> list[tuple[str, str]]:
    """What the report's handling code says of each kind of agency, for the sharing form."""
    report = opened.report
    if report.status != ReportStatus.GRADED:
        return []
    words = {
        rules.FREE: _("may be shared"),
        rules.APPROVAL: _("with approval"),
        rules.CONDITIONS: _("with approval and conditions"),
        rules.NONE: _("may not be shared"),
    }
    return [
        (str(label), words[rules.sharing_rule(report.grading_system, report.handling_code, kind)])
        for kind, label in AgencyKind.choices
    ]


def _act(
    request: AuthenticatedRequest,
    report_id: int,
    key: str,
    form: Form,
    call: Callable[[IntelligenceReport, dict[str, Any]], object],
    done: str,
    aliases: dict[str, str] | None = None,
) -> HttpResponse:
    """The forms of the report's page work alike: check, call one service, go back to the page."""
    opened = _read_or_404(request, report_id)
    return form_step(
        request,
        form,
        lambda data: call(opened.report, data),
        done=done,
        back=reverse("intelligence:detail", args=[opened.report.pk]),
        again=lambda bound: _detail_page(request, opened, bound={key: bound}),
        aliases=aliases,
    )


@requires(POST=GRADE)
@require_POST
def report_grade(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    system = rules.system(active_profile().intelligence.grading)
    return _act(
        request,
        report_id,
        "grade",
        forms.GradeForm(request.POST, prefix="grade", system=system),
        lambda report, d: services.report_grade(
            actor=request.user,
            report=report,
            source=d["source_grade"],
            information=d["information_grade"],
            handling=d["handling_code"],
            assessment=d["assessment"],
            version=d["version"],
        ),
        _("Report graded."),
        {"source": "source_grade", "information": "information_grade", "handling": "handling_code"},
    )


@requires(POST=SHARE)
@require_POST
def report_sanitise(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    return _act(
        request,
        report_id,
        "sanitise",
        forms.SanitiseForm(request.POST, prefix="sanitise"),
        lambda report, d: services.sanitised_make(actor=request.user, report=report, text=d["text"]),
        _("Sanitised version saved."),
    )


@requires(POST=SHARE)
@require_POST
def sharing_request(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    opened = _read_or_404(request, report_id)
    sanitised = opened.sanitised if isinstance(opened.sanitised, list) else []
    return _act(
        request,
        report_id,
        "share",
        forms.SharingForm(request.POST, prefix="share", sanitised=sanitised),
        lambda report, d: services.sharing_request(
            actor=request.user,
            report=report,
            data=services.SharingData(
                agency_name=d["agency_name"],
                agency_kind=d["agency_kind"],
                purpose=d["purpose"],
                sanitised_id=d["sanitised_id"],
                conditions=d["conditions"],
            ),
        ),
        _("Sharing recorded."),
    )


def _sharing_or_404(request: AuthenticatedRequest, sharing_id: int) -> Sharing:
    try:
        return selectors.sharings_visible(user=request.user).select_related("report").get(pk=sharing_id)
    except Sharing.DoesNotExist as exc:
        raise Http404(_("No such sharing.")) from exc


@requires(POST=APPROVE)
@require_POST
def sharing_decide(request: AuthenticatedRequest, sharing_id: int) -> HttpResponse:
    sharing = _sharing_or_404(request, sharing_id)
    key = f"decide-{sharing.pk}"

    def decide(_report: IntelligenceReport, d: dict[str, Any]) -> object:
        return services.sharing_decide(
            actor=request.user,
            sharing=sharing,
            approve=d["decision"] == "approve",
            note=d["note"],
            conditions=d["conditions"],
            version=d["version"],
        )

    return _act(
        request,
        sharing.report_id,
        key,
        forms.DecideForm(request.POST, prefix=key),
        decide,
        _("Decision recorded."),
        {"status": "decision"},
    )


@requires(POST=SHARE)
@require_POST
def sharing_shared(request: AuthenticatedRequest, sharing_id: int) -> HttpResponse:
    sharing = _sharing_or_404(request, sharing_id)
    return _act(
        request,
        sharing.report_id,
        "shared",
        forms.SharedForm(request.POST, prefix="shared"),
        lambda _report, d: services.sharing_mark_shared(actor=request.user, sharing=sharing, version=d["version"]),
        _("Recorded as shared."),
    )
