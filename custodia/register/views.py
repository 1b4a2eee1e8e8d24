"""Web views of the prisoner file: thin, each parses input, calls one selector or service and renders.

What a user may see of a file, and the logging of each read, is the selectors' (selectors.py):
the pages render what they are given, withheld sections included."""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from formtools.wizard.views import SessionWizardView

from custodia.accounts.selectors import prisons_in_scope
from custodia.core.forms import country_name
from custodia.core.refusals import add_service_errors
from custodia.core.withheld import Withheld
from custodia.estate.models import Cell
from custodia.estate.selectors import active_profile, prison_choices, prison_list

from . import forms, iccs, rules, selectors, services
from .file_sections import FILE_SECTIONS
from .models import Admission, Prisoner
from .selectors import PrisonerFile

PAGE_SIZE = 50


def _staff(request: HttpRequest) -> User:
    """Who reads: RouteAccessMiddleware lets only signed-in staff reach these pages."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _file_or_404(request: HttpRequest, prisoner_id: int) -> PrisonerFile:
    try:
        return selectors.prisoner_file_open(user=_staff(request), prisoner_id=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc


def _for_change_or_404(request: HttpRequest, prisoner_id: int) -> Prisoner:
    try:
        return selectors.prisoner_for_change(user=_staff(request), prisoner_id=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc


def prisoner_list(request: HttpRequest) -> HttpResponse:
    profile = active_profile()
    user = _staff(request)
    form = forms.PrisonerFilterForm(request.GET or None, profile=profile, prisons=prison_choices(user=user))
    filters = selectors.PrisonerFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.PrisonerFilters(
            q=data["q"],
            prison=data["prison"],
            legal_status=data["legal_status"],
            sex=data["sex"],
            custody_status=data["custody_status"],
            vep=data["vep"],
            on_roll=not data["include_former"],
        )
    page = Paginator(selectors.prisoner_list(user=user, filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "register/prisoner_list.html", {"form": form, "page": page, "query": query.urlencode()})


def prisoner_detail(request: HttpRequest, prisoner_id: int) -> HttpResponse:
    file = _file_or_404(request, prisoner_id)
    user, prisoner = _staff(request), file.prisoner
    age = rules.age_on(
        timezone.localdate(), date_of_birth=prisoner.date_of_birth, birth_year_estimated=prisoner.birth_year_estimated
    )
    return render(
        request,
        "register/prisoner_detail.html",
        {
            "file": file,
            "prisoner": prisoner,  # who the person is; the other apps' sections read it too
            "trail": selectors.prisoner_file_trail(user=user, file=file),
            "age": age,
            "juvenile": rules.is_juvenile(age, active_profile().juvenile_age),
            "nationality": country_name(prisoner.nationality),
            # With the ICCS label of each; none where the legal situation is withheld.
            "offences": []
            if isinstance(file.offences, Withheld)
            else [(o, iccs.label(o.iccs_code)) for o in file.offences],
            "timeline": selectors.prisoner_timeline(file),
            "open_flags": [a for a in file.admissions if a.ill_treatment_flag_open],
            "movements_allowed": bool(rules.movements_allowed_from(prisoner.custody_status)),
            **FILE_SECTIONS.context(user=user, prisoner=prisoner),
        },
    )


def movement_create(request: HttpRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _for_change_or_404(request, prisoner_id)
    # Cells are offered in the present prison only: a person arriving from elsewhere is
    # allocated a cell by a cell move once there.
    cells = Cell.objects.filter(unit__prison=prisoner.current_prison).select_related("unit")
    form = forms.MovementForm(
        request.POST or None,
        initial={"version": prisoner.version},
        allowed_kinds=rules.movements_allowed_from(prisoner.custody_status),
        prisons=prison_list(user=_staff(request)),
        cells=cells if prisoner.current_prison else Cell.objects.none(),
    )
    return _file_form(
        request,
        prisoner,
        form,
        save=lambda data: services.movement_record(
            actor=_staff(request), prisoner=prisoner, data=services.MovementData(**data)
        ),
        done=_("Movement recorded."),
        template="register/movement_form.html",
        heading=_("Record a movement"),
    )


def legal_status_create(request: HttpRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _for_change_or_404(request, prisoner_id)
    return _file_form(
        request,
        prisoner,
        forms.LegalStatusForm(request.POST or None, initial={"version": prisoner.version}, profile=active_profile()),
        save=lambda data: services.legal_status_change(actor=_staff(request), prisoner=prisoner, **data),
        done=_("Legal status changed."),
        template="register/legal_status_form.html",
        heading=_("Change legal status"),
    )


def ill_treatment_action(request: HttpRequest, prisoner_id: int, admission_id: int) -> HttpResponse:
    try:
        admission = selectors.ill_treatment_complaint_open(
            user=_staff(request), prisoner_id=prisoner_id, admission_id=admission_id
        )
    except Admission.DoesNotExist as exc:
        raise Http404(_("No such admission.")) from exc
    return _file_form(
        request,
        admission.prisoner,
        forms.IllTreatmentActionForm(request.POST or None),
        save=lambda data: services.ill_treatment_action_record(
            actor=_staff(request), admission=admission, action=data["action"]
        ),
        done=_("Action recorded; the flag is closed."),
        template="register/ill_treatment_form.html",
        heading=_("Action on a complaint of ill-treatment"),
        admission=admission,
    )


def _file_form(
    request: HttpRequest,
    prisoner: Prisoner,
    form: django_forms.Form,
    *,
    save: Callable[[dict[str, Any]], object],
    done: str,
    template: str,
    heading: str,
    **context: Any,
) -> HttpResponse:
    """Every small form on a file works alike: check it, call one service, go back to the file;
    a rule the service refuses comes back on the field it names."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
    return render(request, template, {"prisoner": prisoner, "form": form, "heading": heading, **context})


# The admission, step by step. Nothing is written until the last step is confirmed; then
# services.prisoner_admit saves everything in one transaction.
ADMISSION_STEPS = [
    ("identity", forms.IdentityForm, gettext_lazy("Identity")),
    ("names", forms.NameFormSet, gettext_lazy("Other names")),
    ("commitment", forms.CommitmentForm, gettext_lazy("Commitment and arrest")),
    ("legal", forms.CaseAndSentenceForm, gettext_lazy("Court case and sentence")),
    ("offences", forms.OffenceFormSet, gettext_lazy("Offences")),
    ("health", forms.HealthOnAdmissionForm, gettext_lazy("Condition on arrival")),
    ("property", forms.PropertyFormSet, gettext_lazy("Property")),
    ("family", forms.FamilyFormSet, gettext_lazy("Family and contacts")),
    ("placement", forms.PlacementForm, gettext_lazy("Placement and confirmation")),
]


class AdmissionWizard(SessionWizardView):
    form_list = [(name, form) for name, form, _title in ADMISSION_STEPS]
    template_name = "register/admission_wizard.html"

    def get_form_kwargs(self, step=None):
        profile = active_profile()
        if step in ("identity", "legal"):
            return {"profile": profile}
        if step == "commitment":
            return {"profile": profile, "prisons": prisons_in_scope(user=self.request.user)}
        if step == "placement":
            commitment = self.get_cleaned_data_for_step("commitment") or {}
            prison = commitment.get("prison")
            cells = Cell.objects.filter(unit__prison=prison).select_related("unit") if prison else Cell.objects.none()
            return {"cells": cells}
        return {}

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        context["step_titles"] = [(name, title) for name, _form, title in ADMISSION_STEPS]
        context["step_title"] = dict(context["step_titles"])[self.steps.current]
        context["is_formset"] = hasattr(form, "management_form")
        if self.steps.current == "placement":
            context["summary"] = self._summary()
        return context

    def _summary(self) -> dict:
        identity = self.get_cleaned_data_for_step("identity") or {}
        commitment = self.get_cleaned_data_for_step("commitment") or {}
        return {
            "identity": identity,
            "commitment": commitment,
            "legal_status": active_profile().legal_status_label(commitment.get("legal_status", "")),
        }

    def done(self, form_list, form_dict, **kwargs):
        try:
            prisoner = services.prisoner_admit(actor=self.request.user, data=self._admission_data(form_dict))
        except ValidationError as exc:
            return self._back_to_step_with(exc)
        messages.success(
            self.request,
            _("%(name)s admitted with number %(number)s.") % {"name": prisoner.display_name, "number": prisoner.number},
        )
        return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)

    def _back_to_step_with(self, exc: ValidationError):
        """A rule the services enforce failed: show the earliest step holding a refused field, with
        each of that step's messages on its field (on its row, for a formset)."""
        refused = [(_step_of(field), errors) for field, errors in exc.message_dict.items()]
        step = min(refused, key=lambda item: item[0][0])[0][1]
        self.storage.current_step = step
        form = self.get_form(step=step, data=self.storage.get_step_data(step), files=self.storage.get_step_files(step))
        form.is_valid()
        for (_index, name, row, field), errors in refused:
            if name != step:
                continue
            if not hasattr(form, "management_form"):
                form.add_error(field if field in form.fields else None, errors)
                continue
            # The service counts the rows it was given: the filled ones (see _filled).
            rows = [row_form for row_form in form if row_form.cleaned_data]
            if row is not None and 0 <= row < len(rows) and field in rows[row].fields:
                rows[row].add_error(field, errors)
            else:
                form._non_form_errors = form.error_class([*form.non_form_errors(), *errors])
        return self.render(form)

    @staticmethod
    def _admission_data(steps) -> services.AdmissionData:
        identity = steps["identity"].cleaned_data
        commitment = steps["commitment"].cleaned_data
        legal = steps["legal"].cleaned_data
        health = steps["health"].cleaned_data
        names = [services.NameData(identity["given_names"], identity["family_name"], identity["script"])]
        names += [
            services.NameData(f["given_names"], f["family_name"], f["script"], f["kind"])
            for f in _filled(steps["names"])
        ]
        case = None
        if legal.get("court"):
            case = services.CaseData(
                court=legal["court"],
                case_number=legal["case_number"],
                legal_representative=legal["legal_representative"],
                representative_contact=legal["representative_contact"],
                next_hearing=legal["next_hearing"],
            )
        sentence = None
        if legal.get("sentence_starts_on"):
            sentence = services.SentenceData(
                imposed_on=legal["sentence_imposed_on"],
                starts_on=legal["sentence_starts_on"],
                years=legal["years"] or 0,
                months=legal["months"] or 0,
                days=legal["days"] or 0,
                remand_credit_days=legal["remand_credit_days"] or 0,
                life=legal["life"],
            )
        return services.AdmissionData(
            identity=services.IdentityData(
                names=names,
                sex=identity["sex"],
                nationality=identity["nationality"],
                date_of_birth=identity["date_of_birth"],
                birth_year_estimated=identity["birth_year_estimated"],
                gender_identity=identity["gender_identity"],
                languages=identity["languages"],
                interpreter_needed=identity["interpreter_needed"],
                returnee=identity["returnee"],
            ),
            commitment=services.CommitmentData(
                prison=commitment["prison"],
                admitted_at=commitment["admitted_at"],
                authority=commitment["authority"],
                reference=commitment["reference"],
                order_date=commitment["order_date"],
                reasons=commitment["reasons"],
                legal_status=commitment["legal_status"],
                arrested_at=commitment["arrested_at"],
                arrest_place=commitment["arrest_place"],
                cell=steps["placement"].cleaned_data.get("cell"),
                visible_injuries=health["visible_injuries"],
                ill_treatment_complaint=health["ill_treatment_complaint"],
            ),
            case=case,
            offences=[services.OffenceData(**f) for f in _filled(steps["offences"])],
            sentence=sentence,
            property_items=[services.PropertyData(**f) for f in _filled(steps["property"])],
            family=[services.FamilyData(**f) for f in _filled(steps["family"])],
        )


def _step_of(field: str) -> tuple[int, str, int | None, str]:
    """Where the wizard holds a field a service refused: the step's position and name, the row of a
    formset (a service names a row "names.<i>.given_names" or "family.<i>.name") and the field."""
    steps = [name for name, _form, _title in ADMISSION_STEPS]
    head, _dot, rest = field.partition(".")
    index, _dot, name = rest.partition(".")
    if head in ("names", "family") and index.isdigit() and name:
        # The primary name is on the identity step: the names step holds the others.
        return steps.index(head), head, int(index) - (head == "names"), name
    for position, (step, form_class, _title) in enumerate(ADMISSION_STEPS):
        # A form class has base_fields; a formset class, its form's.
        fields = getattr(form_class, "base_fields", None) or getattr(
            getattr(form_class, "form", None), "base_fields", {}
        )
        if field in fields:
            return position, step, None, field
    return 0, "identity", None, field


def _filled(formset) -> list[dict]:
    """The rows of a formset that were filled in (empty extra rows have no cleaned data)."""
    return [form.cleaned_data for form in formset if form.cleaned_data]


admit = AdmissionWizard.as_view()


def admission_flags(request: HttpRequest) -> HttpResponse:
    """Open complaints of prior ill-treatment, for the director (they stay until acted upon)."""
    return render(request, "register/flags.html", {"flags": selectors.open_ill_treatment_flags(user=_staff(request))})
