"""Web views of incident reports: thin, each parses input, calls one selector or service and
renders. The pages offer only what the services' `*_refusal` predicates allow, and a refused form
comes back with what was typed."""

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

from custodia.accounts.selectors import prison_chosen
from custodia.core import audit
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors, form_step, report_refusal
from custodia.core.rights import requires
from custodia.estate.models import Prison
from custodia.jobs.exports import export_answer
from custodia.register.models import Prisoner

from . import catalogue, forms, rules, selectors, services
from .choices import IncidentStatus
from .exports import incidents_selection
from .models import Incident, Involvement, MedicalExamination

VIEW, REPORT, REVIEW, EXAMINE = selectors.VIEW, selectors.REPORT, selectors.REVIEW, selectors.EXAMINE
PAGE_SIZE = 50


def _prisons(request: AuthenticatedRequest) -> tuple[list[Prison], Prison | None, bool]:
    """The prisons of the user's scope, the one chosen (`?prison=`; the only one when there is one)
    and whether there are several to choose from."""
    return prison_chosen(user=request.user, chosen=request.GET.get("prison"))


@requires(GET=VIEW)
def incident_list(request: AuthenticatedRequest) -> HttpResponse:
    # The list as CSV or XLSX, the same rows as the page (incidents.exports; custodia.jobs).
    if (export := export_answer(request, "incidents")) is not None:
        return export
    chosen = incidents_selection(request.user, request.GET)
    context = page_of(request, chosen.incidents, PAGE_SIZE)
    for incident in context["page"]:
        incident.type_label = chosen.labels.get((incident.catalogue_version, incident.type_code), incident.type_code)
    return render(
        request,
        "incidents/incident_list.html",
        {
            **context,
            "prisons": chosen.prisons,
            "prison": chosen.prison,
            "several": chosen.several,
            "show": chosen.show,
            "kinds": chosen.kinds,
            "type_code": chosen.type_code,
            "may_report": request.user.has_perm(REPORT),
        },
    )


@requires(GET=REPORT, POST=REPORT)
def incident_create(request: AuthenticatedRequest) -> HttpResponse:
    prisons, prison, several = _prisons(request)
    if prison is None:
        if not prisons:
            raise PermissionDenied(_("You are not assigned to a prison."))
        return render(request, "incidents/choose_prison.html", {"prisons": prisons})
    if refusal := services.report_refusal(request.user, prison):
        raise PermissionDenied(refusal)
    form = forms.IncidentForm(request.POST or None, prison=prison)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_draft(actor=request.user, prison=prison, data=form.data_for_service())
        except ValidationError as exc:
            add_service_errors(form, exc, _answer_aliases(form))
        else:
            messages.success(request, _("Report started. Add the people involved, then submit it for review."))
            return redirect("incidents:detail", incident_id=incident.pk)
    return render(
        request, "incidents/incident_form.html", {"form": form, "prison": prison, "heading": _("Report an incident")}
    )


def _answer_aliases(form: forms.IncidentForm) -> dict[str, str]:
    kind = form.cleaned_data.get("type_code", "")
    prefix = f"{forms.ANSWER}{kind}__"
    return {f"{forms.ANSWER}{name.removeprefix(prefix)}": name for name in form.fields if name.startswith(prefix)}


def _opened_or_404(request: AuthenticatedRequest, incident_id: int) -> selectors.IncidentOpened:
    try:
        return selectors.incident_open(user=request.user, incident_id=incident_id)
    except Incident.DoesNotExist as exc:
        raise Http404(_("No such incident report.")) from exc


@requires(GET=REPORT, POST=REPORT)
def incident_edit(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    incident = _opened_or_404(request, incident_id).incident
    if refusal := services.edit_refusal(request.user, incident) or (
        None
        if incident.status in rules.EDITABLE
        else _("This report has been submitted: only its reviewer can act on it now.")
    ):
        report_refusal(request, PermissionDenied(refusal))
        return redirect("incidents:detail", incident_id=incident.pk)
    form = forms.IncidentForm(
        request.POST or None,
        prison=incident.prison,
        catalogue_version=incident.catalogue_version,
        initial=forms.IncidentForm.initial_of(incident),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_edit(
                actor=request.user,
                incident=incident,
                data=form.data_for_service(),
                version=form.cleaned_data["version"],
            )
        except (PermissionDenied, ValidationError) as exc:
            if isinstance(exc, PermissionDenied):
                report_refusal(request, exc)
                return redirect("incidents:detail", incident_id=incident.pk)
            add_service_errors(form, exc, _answer_aliases(form))
        else:
            messages.success(request, _("Report changed."))
            return redirect("incidents:detail", incident_id=incident.pk)
    return render(
        request,
        "incidents/incident_form.html",
        {"form": form, "prison": incident.prison, "incident": incident, "heading": _("Change the report")},
    )


@requires(GET=VIEW)
def incident_detail(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    return _detail_page(request, _opened_or_404(request, incident_id))


def _detail_page(
    request: AuthenticatedRequest, opened: selectors.IncidentOpened, bound: dict[str, Form] | None = None
) -> HttpResponse:
    user, incident = request.user, opened.incident
    # A report names people in custody: each reading is in their file's log (Mandela Rule 9).
    audit.record_reads(
        actor=user,
        objs=selectors.people_named(opened),
        reason="incident report",
    )
    bound = bound or {}
    version = {"version": incident.version}
    may_edit = incident.status in rules.EDITABLE and services.edit_refusal(user, incident) is None
    may_review = incident.status == IncidentStatus.AWAITING_REVIEW and services.review_refusal(user, incident) is None
    context: dict[str, Any] = {
        "opened": opened,
        "incident": incident,
        "kind_label": str(opened.kind.label) if opened.kind else incident.type_code,
        "answers": selectors.answers_shown(incident, opened.kind),
        "may_edit": may_edit,
        "counted": incident.status in rules.COUNTED,
        "version": incident.version,
        "involve_form": (bound.get("involve") or forms.InvolvementForm(prefix="involve", initial=version))
        if may_edit
        else None,
        "review_form": (bound.get("review") or forms.ReviewForm(prefix="review", initial=version))
        if may_review
        else None,
        "may_examine": user.has_perm(EXAMINE),
    }
    shown = {id(form) for form in context.values() if isinstance(form, Form)}
    for form in bound.values():
        if id(form) not in shown:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
    return render(request, "incidents/incident_detail.html", context)


def _act(
    request: AuthenticatedRequest,
    incident_id: int,
    key: str,
    form_class: type[Form],
    call: Callable[[Incident, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """The forms of the report's page work alike: check, call one service, go back to the page."""
    opened = _opened_or_404(request, incident_id)
    return form_step(
        request,
        form_class(request.POST, prefix=key),
        lambda data: call(opened.incident, data),
        done=done,
        back=reverse("incidents:detail", args=[opened.incident.pk]),
        again=lambda form: _detail_page(request, opened, bound={key: form}),
        aliases={"prisoner_id": "prisoner_number", "status": "decision"},
    )


def _prisoner_id(incident: Incident, number: str) -> int | None:
    """The person of that number held at the incident's prison; the service says when there is none."""
    if not number.strip():
        return None
    found = Prisoner.objects.filter(number__iexact=number.strip(), current_prison_id=incident.prison_id)
    pk = found.values_list("pk", flat=True).first()
    if pk is None:
        raise ValidationError({"prisoner_id": _("Nobody with this number is held at this prison.")})
    return pk


@requires(POST=REPORT)
@require_POST
def involvement_add(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    return _act(
        request,
        incident_id,
        "involve",
        forms.InvolvementForm,
        lambda incident, d: services.involvement_add(
            actor=request.user,
            incident=incident,
            data=services.InvolvementData(
                role=d["role"],
                prisoner_id=_prisoner_id(incident, d["prisoner_number"]) if d["role"] != "staff" else None,
                staff_name=d["staff_name"],
                injuries=d["injuries"],
                force_technique=d["force_technique"],
                force_by=d["force_by"],
                force_reason=d["force_reason"],
            ),
            version=d["version"],
        ),
        _("Added to the report."),
    )


@requires(POST=REPORT)
@require_POST
def involvement_remove(request: AuthenticatedRequest, involvement_id: int) -> HttpResponse:
    try:
        involvement = Involvement.objects.select_related("incident").get(
            pk=involvement_id, incident__in=selectors.incidents_visible(user=request.user)
        )
    except Involvement.DoesNotExist as exc:
        raise Http404(_("No such person on a report.")) from exc
    return _act(
        request,
        involvement.incident_id,
        "remove",
        forms.Versioned,
        lambda _incident, d: services.involvement_remove(
            actor=request.user, involvement=involvement, version=d["version"]
        ),
        _("Taken off the report."),
    )


@requires(POST=REPORT)
@require_POST
def incident_submit(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    return _act(
        request,
        incident_id,
        "submit",
        forms.Versioned,
        lambda incident, d: services.incident_submit(actor=request.user, incident=incident, version=d["version"]),
        _("Report submitted for review."),
    )


def _review(actor: Any, incident: Incident, d: dict[str, Any]) -> Incident:
    decision, comment, version = d["decision"], d["comment"], d["version"]
    if decision == "close":
        return services.incident_close(actor=actor, incident=incident, comment=comment, version=version)
    if decision == "return":
        return services.incident_return(actor=actor, incident=incident, comment=comment, version=version)
    if decision == "duplicate" and not d["duplicate_of"]:
        raise ValidationError({"duplicate_of": _("Give the number of the report it repeats.")})
    return services.incident_set_aside(
        actor=actor,
        incident=incident,
        comment=comment,
        duplicate_of=d["duplicate_of"] if decision == "duplicate" else None,
        version=version,
    )


@requires(POST=REVIEW)
@require_POST
def incident_review(request: AuthenticatedRequest, incident_id: int) -> HttpResponse:
    return _act(
        request,
        incident_id,
        "review",
        forms.ReviewForm,
        lambda incident, d: _review(request.user, incident, d),
        _("Review recorded."),
    )


@requires(GET=EXAMINE)
def examination_list(request: AuthenticatedRequest) -> HttpResponse:
    """The health-care staff's list: the examinations owed after force or an injury, oldest first,
    then the ones made lately."""
    owed = list(selectors.examinations_owed(user=request.user).order_by("opened_at"))
    done = list(
        selectors.examinations_visible(user=request.user)
        .filter(examined_at__isnull=False)
        .order_by("-examined_at")[:20]
    )
    audit.record_reads(
        actor=request.user,
        objs={e.involvement.prisoner for e in owed + done if e.involvement.prisoner},
        reason="medical examinations",
    )
    return render(request, "incidents/examination_list.html", {"owed": owed, "done": done})


@requires(GET=EXAMINE, POST=EXAMINE)
def examination_record(request: AuthenticatedRequest, examination_id: int) -> HttpResponse:
    try:
        examination = selectors.examinations_visible(user=request.user).get(pk=examination_id)
    except MedicalExamination.DoesNotExist as exc:
        raise Http404(_("No such examination.")) from exc
    involvement = examination.involvement
    if involvement.prisoner is not None:  # an examination is owed to a person in custody only
        audit.record_read(actor=request.user, obj=involvement.prisoner, reason="medical examination")
    form = forms.ExaminationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.examination_record(actor=request.user, examination=examination, **form.cleaned_data)
        except PermissionDenied as exc:
            report_refusal(request, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Examination recorded."))
            return redirect("incidents:examinations")
    kind = catalogue.type_of(involvement.incident.catalogue_version, involvement.incident.type_code)
    return render(
        request,
        "incidents/examination_form.html",
        {
            "form": form if examination.examined_at is None else None,
            "examination": selectors.examination_open(user=request.user, examination_id=examination.pk),
            "involvement": involvement,
            "incident": involvement.incident,
            "kind_label": str(kind.label) if kind else involvement.incident.type_code,
        },
    )
