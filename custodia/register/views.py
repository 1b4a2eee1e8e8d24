"""Web views of the prisoner file: thin, each parses input, calls one selector or service and renders.

What a user may see of a file, and the logging of each read, is the selectors' (selectors.py):
the pages render what they are given, withheld sections included."""

from base64 import b64decode, b64encode
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from formtools.wizard.storage import BaseStorage, get_storage
from formtools.wizard.views import SessionWizardView, normalize_name

from custodia.accounts.selectors import prisons_in_scope
from custodia.core.forms import country_name
from custodia.core.http import leaving_the_session_alone, staff_user, swaps_into
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors
from custodia.core.rights import requires, right
from custodia.core.withheld import Withheld
from custodia.estate.models import Cell
from custodia.estate.selectors import active_profile, prison_choices, prison_list, unit_choices
from custodia.jobs.exports import export_answer

from . import forms, glance, iccs, photographs, placing, planned_moves, rules, selectors, services
from .file_sections import FILE_SECTIONS
from .list_marks import LIST_MARKS
from .models import Admission, Photograph, PlannedMove, Prisoner
from .planned_move_exports import planned_moves_selection
from .selectors import PrisonerFile

PAGE_SIZE = 50
OPEN_FILES = right("view_prisoner_file")
ADMIT = right("admit_prisoner")
RECORD_MOVEMENT = right("record_movement")
CHANGE_LEGAL_STATUS = right("change_legal_status")
ACT_ON_ILL_TREATMENT = right("act_on_ill_treatment_complaint")


def _file_or_404(request: HttpRequest, prisoner_id: int) -> PrisonerFile:
    try:
        return selectors.prisoner_file_open(user=staff_user(request), prisoner_id=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc


def _for_change_or_404(request: HttpRequest, prisoner_id: int) -> Prisoner:
    try:
        return selectors.prisoner_for_change(user=staff_user(request), prisoner_id=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc


def prisoner_filter_form(data: QueryDict | None, *, user: User) -> forms.PrisonerFilterForm:
    """The filters of the index of people, offering the prisons and units `user` works in."""
    return forms.PrisonerFilterForm(
        data,
        profile=active_profile(),
        prisons=prison_choices(user=user),
        units=unit_choices(prisons=prisons_in_scope(user=user)),
    )


def list_filters(form: forms.PrisonerFilterForm) -> selectors.PrisonerFilters:
    """The filters the form asks for; none (everyone on the roll) while it is invalid."""
    if not form.is_valid():
        return selectors.PrisonerFilters()
    data = form.cleaned_data
    return selectors.PrisonerFilters(
        q=data["q"],
        prison=data["prison"],
        legal_status=data["legal_status"],
        sex=data["sex"],
        custody_status=data["custody_status"],
        vep=data["vep"],
        on_roll=not data["include_former"],
        unit=data["unit"],
        without_cell=data["without_cell"],
        hearing=data["hearing"],
        release=data["release"],
    )


@requires(GET=OPEN_FILES)
def prisoner_list(request: HttpRequest) -> HttpResponse:
    # The list as CSV or XLSX, the same people as the page (register.exports; custodia.jobs).
    if (export := export_answer(request, "prisoners")) is not None:
        return export
    user = staff_user(request)
    form = prisoner_filter_form(request.GET or None, user=user)
    # A search of names comes ranked, closest first, each person with why they were found.
    people = selectors.prisoner_search(user=user, filters=list_filters(form))
    # The filters ask htmx for the results alone (prisoner_list.html); the form stays as typed.
    template = (
        "register/prisoner_results.html" if swaps_into(request, "prisoner-results") else "register/prisoner_list.html"
    )
    may_admit = services.admission_refusal(user) is None
    paged = page_of(request, people, PAGE_SIZE)
    # The marks other apps add beside each person (the alerts in force): one query per app for the page.
    LIST_MARKS.attach(user=user, people=paged["page"])
    response = render(request, template, {"form": form, "may_admit": may_admit, **paged})
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@requires(GET=OPEN_FILES)
def prisoner_detail(request: HttpRequest, prisoner_id: int) -> HttpResponse:
    try:
        file = _file_or_404(request, prisoner_id)
    except Http404:
        # A file merged into another (duplicate_merge) leads to the file kept.
        kept = selectors.merged_into_visible(user=staff_user(request), prisoner_id=prisoner_id)
        if kept is None:
            raise
        messages.info(
            request, _("This file was merged into %(number)s: the person's file is here.") % {"number": kept.number}
        )
        return redirect("register:prisoner_detail", kept.pk)
    user, prisoner = staff_user(request), file.prisoner
    merged = selectors.files_merged_into(prisoner)
    today = timezone.localdate()
    age = rules.age_on(today, date_of_birth=prisoner.date_of_birth, birth_year_estimated=prisoner.birth_year_estimated)
    sections = FILE_SECTIONS.context(user=user, file=file)
    return render(
        request,
        "register/prisoner_detail.html",
        {
            "file": file,
            "prisoner": prisoner,  # who the person is; the other apps' sections read it too
            "trail": selectors.prisoner_file_trail(user=user, file=file, merged=merged),
            "former_numbers": [number for _pk, number in merged],
            "age": age,
            "juvenile": rules.is_juvenile(age, active_profile().juvenile_age),
            "nationality": country_name(prisoner.nationality),
            # With the ICCS label of each; none where the legal situation is withheld.
            "offences": []
            if isinstance(file.offences, Withheld)
            else [(o, iccs.label(o.iccs_code)) for o in file.offences],
            "timeline": selectors.prisoner_timeline(file, more=sections.pop("section_timeline")),
            "open_flags": [a for a in file.admissions if a.ill_treatment_flag_open],
            "movements_allowed": bool(rules.movements_allowed_from(prisoner.custody_status)),
            "may_record_movement": services.movement_refusal(user, prisoner) is None,
            "may_change_legal_status": services.legal_status_refusal(user, prisoner) is None,
            "may_act_on_ill_treatment": services.ill_treatment_refusal(user, prisoner) is None,
            "may_record_photograph": services.photograph_refusal(user, prisoner) is None,
            # The dates an officer needs first, from what the file already holds.
            "glance": glance.of_file(file, today),
            **sections,
        },
    )


@requires(GET=RECORD_MOVEMENT, POST=RECORD_MOVEMENT)
def movement_create(request: HttpRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _for_change_or_404(request, prisoner_id)
    # Cells are offered in the present prison only: a person arriving from elsewhere is
    # allocated a cell by a cell move once there.
    cells = Cell.objects.filter(unit__prison=prisoner.current_prison).select_related("unit")
    # A planned move opens the form filled in with its kind and destination (planned_moves.record_url).
    planned = {name: request.GET[name] for name in ("kind", "to_prison", "to_cell") if name in request.GET}
    form = forms.MovementForm(
        request.POST or None,
        initial={"version": prisoner.version, **planned},
        allowed_kinds=rules.movements_allowed_from(prisoner.custody_status),
        prisons=prison_list(user=staff_user(request)),
        cells=cells if prisoner.current_prison else Cell.objects.none(),
    )
    return _file_form(
        request,
        prisoner,
        form,
        save=lambda data: services.movement_record(
            actor=staff_user(request), prisoner=prisoner, data=services.MovementData(**data)
        ),
        done=_("Movement recorded."),
        template="register/movement_form.html",
        heading=_("Record a movement"),
    )


@requires(GET=RECORD_MOVEMENT, POST=RECORD_MOVEMENT)
def planned_move_create(request: HttpRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _for_change_or_404(request, prisoner_id)
    user = staff_user(request)
    if refusal := services.planned_move_request_refusal(user, prisoner):
        raise PermissionDenied(refusal)
    held_in = prisoner.current_prison
    assert held_in is not None  # a file the user may change is held where they work
    form = forms.PlannedMoveForm(
        request.POST or None,
        prisons=prison_list(user=user).exclude(pk=held_in.pk),
        cells=Cell.objects.filter(unit__prison=held_in).select_related("unit"),
    )

    def request_move(data: dict[str, Any]) -> None:
        requested = services.planned_move_request(actor=user, prisoner=prisoner, data=services.PlannedMoveData(**data))
        for warning in requested.warnings:
            messages.warning(
                request,
                _("Were the move made today, the placement check would refuse it: %(refusal)s") % {"refusal": warning},
            )

    return _file_form(
        request,
        prisoner,
        form,
        save=request_move,
        done=_("Move requested."),
        template="register/planned_move_form.html",
        heading=_("Request a move"),
    )


@requires(GET=RECORD_MOVEMENT, POST=RECORD_MOVEMENT)
def planned_move_cancel(request: HttpRequest, planned_move_id: int) -> HttpResponse:
    user = staff_user(request)
    try:
        move = selectors.planned_move_open(user=user, move_id=planned_move_id)
    except PlannedMove.DoesNotExist as exc:
        raise Http404(_("No such planned move.")) from exc
    if refusal := services.planned_move_cancel_refusal(user, move):
        raise PermissionDenied(refusal)
    return _file_form(
        request,
        move.prisoner,
        forms.PlannedMoveCancelForm(request.POST or None),
        save=lambda data: services.planned_move_cancel(actor=user, move=move, reason=data["reason"]),
        done=_("The requested move is cancelled."),
        template="register/planned_move_cancel.html",
        heading=_("Cancel a requested move"),
        move=move,
    )


@requires(GET=OPEN_FILES)
def planned_move_list(request: HttpRequest) -> HttpResponse:
    """The moves requested from and to the prisons where the user works, filtered by direction and
    date; the people on the page have the read in their file's log (Rule 9)."""
    user = staff_user(request)
    # The list as CSV or XLSX, the same rows as the page (register.planned_move_exports; custodia.jobs).
    if (export := export_answer(request, "planned-moves")) is not None:
        return export
    chosen = planned_moves_selection(user, request.GET)
    context = page_of(request, chosen.moves, PAGE_SIZE)
    moves = list(context["page"])
    selectors.planned_moves_read(user=user, moves=moves)
    rows = planned_moves.shown_moves(user, moves)
    return render(request, "register/planned_move_list.html", {**context, "form": chosen.form, "rows": rows})


@requires(GET=CHANGE_LEGAL_STATUS, POST=CHANGE_LEGAL_STATUS)
def legal_status_create(request: HttpRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _for_change_or_404(request, prisoner_id)
    return _file_form(
        request,
        prisoner,
        forms.LegalStatusForm(request.POST or None, initial={"version": prisoner.version}, profile=active_profile()),
        save=lambda data: services.legal_status_change(actor=staff_user(request), prisoner=prisoner, **data),
        done=_("Legal status changed."),
        template="register/legal_status_form.html",
        heading=_("Change legal status"),
    )


@requires(GET=ACT_ON_ILL_TREATMENT, POST=ACT_ON_ILL_TREATMENT)
def ill_treatment_action(request: HttpRequest, prisoner_id: int, admission_id: int) -> HttpResponse:
    try:
        admission = selectors.ill_treatment_complaint_open(
            user=staff_user(request), prisoner_id=prisoner_id, admission_id=admission_id
        )
    except Admission.DoesNotExist as exc:
        raise Http404(_("No such admission.")) from exc
    return _file_form(
        request,
        admission.prisoner,
        forms.IllTreatmentActionForm(request.POST or None),
        save=lambda data: services.ill_treatment_action_record(
            actor=staff_user(request), admission=admission, action=data["action"]
        ),
        done=_("Action recorded; the flag is closed."),
        template="register/ill_treatment_form.html",
        heading=_("Action on a complaint of ill-treatment"),
        admission=admission,
    )


@requires(GET=RECORD_MOVEMENT, POST=RECORD_MOVEMENT)
def photograph_create(request: HttpRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _for_change_or_404(request, prisoner_id)
    return _file_form(
        request,
        prisoner,
        forms.PhotographForm(request.POST or None, request.FILES or None),
        save=lambda data: services.photograph_record(actor=staff_user(request), prisoner=prisoner, **data),
        done=_("Photograph recorded."),
        template="register/photograph_form.html",
        heading=_("Record a photograph"),
        # Who the person looks like now, beside the form that replaces it.
        photograph=prisoner.photographs.defer("image", "thumbnail").first(),
    )


@requires(GET=OPEN_FILES)
def photograph_image(
    request: HttpRequest, prisoner_id: int, photograph_id: int | None = None, thumbnail: bool = False
) -> HttpResponse:
    """A photograph (the one shown now, without an id), to whoever may open the file, and only to them."""
    try:
        image = selectors.photograph_image(
            user=staff_user(request), prisoner_id=prisoner_id, photograph_id=photograph_id, thumbnail=thumbnail
        )
    except Photograph.DoesNotExist as exc:
        raise Http404(_("No such photograph.")) from exc
    response = HttpResponse(image, content_type=photographs.CONTENT_TYPE)
    # A face is personal data: no cache, shared or the browser's own, keeps a copy (the security
    # headers middleware says so of every answer; said here too for this one's sake).
    response["Cache-Control"] = "private, no-store"
    # Asked for by the page that shows it, which has saved the session already.
    return leaving_the_session_alone(response)


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
# services.prisoner_admit (or prisoner_readmit, for a person already on file) saves everything in
# one transaction. The draft lives in the session until then: leaving and coming back resumes it.
ADMISSION_STEPS = [
    ("identity", forms.IdentityForm, gettext_lazy("Identity")),
    ("duplicates", forms.PossibleDuplicateForm, gettext_lazy("Already on file?")),
    ("names", forms.NameFormSet, gettext_lazy("Other names")),
    ("commitment", forms.CommitmentForm, gettext_lazy("Commitment and arrest")),
    ("legal", forms.CaseAndSentenceForm, gettext_lazy("Court case and sentence")),
    ("offences", forms.OffenceFormSet, gettext_lazy("Offences")),
    ("health", forms.HealthOnAdmissionForm, gettext_lazy("Condition on arrival")),
    ("property", forms.PropertyFormSet, gettext_lazy("Property")),
    ("family", forms.FamilyFormSet, gettext_lazy("Family and contacts")),
    ("placement", forms.PlacementForm, gettext_lazy("Placement")),
    ("confirm", forms.ConfirmForm, gettext_lazy("Check and confirm")),
]
STEP_TITLES = {name: title for name, _form, title in ADMISSION_STEPS}
# A service's name for what the wizard holds under another name.
SERVICE_FIELDS = {"prisoner": "match"}
# Where the draft keeps the photograph chosen on the identity step (the storage's extra data).
KEPT_PHOTOGRAPH = "photograph"


class _Refused(Exception):
    """The service refused the admission at Confirm: raised out of done() so that formtools keeps
    the draft (it resets the wizard once done() returns)."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(error)
        self.error = error


def _has_matches(wizard: "AdmissionWizard") -> bool:
    return bool(wizard.matches())


@requires(GET=ADMIT, POST=ADMIT)
class AdmissionWizard(SessionWizardView):
    form_list = [(name, form) for name, form, _title in ADMISSION_STEPS]
    # The files that may be of the same person are shown when there are any.
    condition_dict = {"duplicates": _has_matches}
    template_name = "register/admission_wizard.html"
    # No upload is kept on disk: the photograph, the only file, is kept in the draft (_keep_photograph).
    file_storage = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # What this request read of the database, by what it was read for.
        self._matches: dict[tuple, list[Prisoner]] = {}
        self._verdicts: dict[tuple, list[placing.CellVerdict]] = {}

    @classmethod
    def draft(cls, request: HttpRequest) -> BaseStorage:
        """The admission under way in the session (formtools' storage of this wizard)."""
        return get_storage(cls.storage_name, normalize_name(cls.__name__), request)

    def get(self, request, *args, **kwargs):
        """The admission under way in this session is resumed at the step it was left on; the
        officer may start again (admission_cancel). Formtools would start afresh."""
        if not self.storage.data[self.storage.step_data_key]:
            return super().get(request, *args, **kwargs)
        if self.steps.current not in self.get_form_list():  # a step no longer shown: the files matched changed
            self.storage.current_step = self.steps.first
        step = self.steps.current
        form = self.get_form(data=self.storage.get_step_data(step), files=self.storage.get_step_files(step))
        return self.render(form, resumed=True)

    def post(self, *args, **kwargs):
        if "admission_cancel" in self.request.POST:
            self._keep_current_step()
            return redirect("register:admit_cancel")
        if "photograph_remove" in self.request.POST:
            self._keep_current_step()
            self.storage.extra_data.pop(KEPT_PHOTOGRAPH, None)
            return super().render_goto_step(self.steps.current)
        return super().post(*args, **kwargs)

    # The photograph chosen on the identity step is kept apart from the steps' data, as the JPEG
    # photographs.prepare made of it, with the rest of the draft in the session: a browser never
    # sends a file again (Back, Next, a refusal), and formtools would want a file storage on disk.

    def get_form(self, step=None, data=None, files=None):
        form = super().get_form(step, data, files)
        if (step or self.steps.current) == "identity" and files:
            self._keep_photograph(form)
        return form

    def process_step_files(self, form):
        return {}  # the only file, the photograph, is kept by _keep_photograph

    def _keep_photograph(self, form: forms.IdentityForm) -> None:
        """A photograph just chosen, once it passes the rule, even when another field of the step is refused."""
        form.is_valid()
        prepared = form.cleaned_data.get("photograph")
        if prepared is not None and prepared is not form.kept_photograph:
            self.storage.extra_data[KEPT_PHOTOGRAPH] = {
                "image": b64encode(prepared.image).decode("ascii"),
                "thumbnail": b64encode(prepared.thumbnail).decode("ascii"),
                "width": prepared.width,
                "height": prepared.height,
            }

    def _kept_photograph(self) -> photographs.Prepared | None:
        kept = self.storage.extra_data.get(KEPT_PHOTOGRAPH)
        if not kept:
            return None
        return photographs.Prepared(
            image=b64decode(kept["image"]),
            thumbnail=b64decode(kept["thumbnail"]),
            width=kept["width"],
            height=kept["height"],
        )

    def render_goto_step(self, goto_step, **kwargs):
        self._keep_current_step()
        return super().render_goto_step(goto_step, **kwargs)

    def _keep_current_step(self) -> None:
        """What was typed on the step being left (Back, a step's name, Cancel) is kept, checked or
        not: the wizard checks every step again before the admission is confirmed."""
        if self.request.POST.get(f"{self.prefix}-current_step") != self.steps.current:
            return  # a page of another step, left open in the browser: nothing of this step on it
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        self.storage.set_step_data(self.steps.current, self.process_step(form))
        # What formtools read of the stored steps may have changed: read it again.
        for name in [name for name in self.__dict__ if name.startswith("_cleaned_data_cache_")]:
            delattr(self, name)
        self.__dict__.pop("_resolved_form_list", None)

    def get_form_kwargs(self, step=None):
        profile = active_profile()
        if step == "identity":
            return {"profile": profile, "kept_photograph": self._kept_photograph()}
        if step == "duplicates":
            return {"matches": self.matches()}
        if step == "commitment":
            identity = self.get_cleaned_data_for_step("identity")
            born = forms.Birth(identity["date_of_birth"], identity["birth_year_estimated"]) if identity else None
            return {"profile": profile, "prisons": prisons_in_scope(user=self.request.user), "born": born}
        if step == "legal":
            commitment = self.get_cleaned_data_for_step("commitment") or {}
            return {"profile": profile, "legal_status": commitment.get("legal_status")}
        if step == "family":
            return {"form_kwargs": {"profile": profile}}
        if step == "placement":
            return {"verdicts": self._cell_verdicts()}
        return {}

    def matches(self) -> list[Prisoner]:
        """Files that may be of the person given on the identity step (selectors.admission_matches)."""
        identity = self.get_cleaned_data_for_step("identity")
        if not identity:
            return []
        name = f"{identity['given_names']} {identity['family_name']}"
        key = (
            name,
            identity["sex"],
            identity["date_of_birth"],
            identity["birth_year_estimated"],
            identity["nationality"],
        )
        if key not in self._matches:
            self._matches[key] = selectors.admission_matches(
                user=staff_user(self.request),
                name=name,
                sex=identity["sex"],
                date_of_birth=identity["date_of_birth"],
                birth_year_estimated=identity["birth_year_estimated"],
                nationality=identity["nationality"],
            )
        return self._matches[key]

    def _readmitted(self) -> Prisoner | None:
        """The person on file this admission is a readmission of, once the officer said so."""
        if "duplicates" not in self.get_form_list():
            return None
        return (self.get_cleaned_data_for_step("duplicates") or {}).get("readmitted")

    def _cell_verdicts(self) -> list[placing.CellVerdict]:
        """The cells of the chosen prison, each with the placement check's verdict for what the
        earlier steps say of the person (sex, age, legal status; the file, for a readmission)."""
        identity = self.get_cleaned_data_for_step("identity")
        commitment = self.get_cleaned_data_for_step("commitment")
        if not identity or not commitment:
            return []
        person = self._readmitted() or Prisoner(
            sex=identity["sex"],
            date_of_birth=identity["date_of_birth"],
            birth_year_estimated=identity["birth_year_estimated"],
        )
        person.legal_status = commitment["legal_status"]
        prison = commitment["prison"]
        key = (person.pk, person.sex, person.date_of_birth, person.birth_year_estimated, person.legal_status, prison.pk)
        if key not in self._verdicts:
            cells = list(Cell.objects.filter(unit__prison=prison).select_related("unit"))
            self._verdicts[key] = placing.cell_verdicts(person, prison, cells)
        return self._verdicts[key]

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        current, stored = self.steps.current, self.storage.data[self.storage.step_data_key]
        # A step already filled in (or left part-way) can be opened again by its name.
        context["step_links"] = [(name, STEP_TITLES[name], name in stored) for name in self.get_form_list()]
        context["step_title"] = STEP_TITLES[current]
        context["is_formset"] = hasattr(form, "management_form")
        if kept := self.storage.extra_data.get(KEPT_PHOTOGRAPH):
            # The Content Security Policy allows images from data: URIs (settings.CONTENT_SECURITY_POLICY).
            context["kept_photograph"] = f"data:{photographs.CONTENT_TYPE};base64,{kept['thumbnail']}"
        if current == "confirm":
            context["summary"], context["readmitted"] = self._summary(), self._readmitted()
        return context

    def _summary(self) -> list[dict]:
        """Every step as it will be recorded, for the check before confirming; a step that is not
        complete says so, with its name to open it."""
        sections = []
        for step in self.get_form_list():
            if step == "confirm":
                continue
            form = self.get_form(step, data=self.storage.get_step_data(step), files=self.storage.get_step_files(step))
            section: dict = {"step": step, "title": STEP_TITLES[step], "complete": form.is_valid()}
            if section["complete"] and hasattr(form, "management_form"):
                section["headers"], section["rows"] = forms.rows_summary(form)
            elif section["complete"]:
                section["fields"] = forms.step_summary(form)
            sections.append(section)
        return sections

    def render_done(self, form, **kwargs):
        try:
            return super().render_done(form, **kwargs)
        except _Refused as refused:
            return self._back_to_step_with(refused.error)

    def done(self, form_list, form_dict, **kwargs):
        actor, data = staff_user(self.request), self._admission_data(form_dict)
        duplicates = form_dict["duplicates"].cleaned_data if "duplicates" in form_dict else None
        readmitted = duplicates["readmitted"] if duplicates else None
        try:
            if readmitted is not None:
                prisoner = services.prisoner_readmit(actor=actor, prisoner=readmitted, data=data)
            else:
                not_same_as = None
                if duplicates:
                    numbers = [person.number for person in self.matches()]
                    not_same_as = services.NotSameAs(numbers, duplicates["not_same_reason"])
                prisoner = services.prisoner_admit(actor=actor, data=data, not_same_as=not_same_as)
        except ValidationError as exc:
            raise _Refused(exc) from exc
        except PermissionDenied as exc:
            # Who may admit into which prison: said on the prison chosen.
            raise _Refused(ValidationError({"prison": str(exc)})) from exc
        values = {"name": prisoner.display_name, "number": prisoner.number}
        if readmitted is not None:
            messages.success(self.request, _("%(name)s readmitted on file %(number)s.") % values)
        else:
            messages.success(self.request, _("%(name)s admitted with number %(number)s.") % values)
        return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)

    def _back_to_step_with(self, exc: ValidationError):
        """A rule the services enforce failed at Confirm: show the earliest step holding a refused
        field, with each of that step's messages on its field (on its row, for a formset); what
        belongs to no step is said on the last one."""
        steps = list(self.get_form_list())
        refused = [(_step_of(SERVICE_FIELDS.get(field, field), steps), errors) for field, errors in _by_field(exc)]
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
            photograph=identity["photograph"].image if identity.get("photograph") else None,
        )


def _by_field(exc: ValidationError) -> list[tuple[str, list[str]]]:
    """A service's refusal by the field it names; a message naming no field, as the form's own."""
    if hasattr(exc, "error_dict"):
        return list(exc.message_dict.items())
    return [(NON_FIELD_ERRORS, exc.messages)]


def _step_of(field: str, steps: list[str]) -> tuple[int, str, int | None, str]:
    """Where the wizard holds a field a service refused, among the `steps` it shows: the step's
    position and name, the row of a formset (a service names a row "names.<i>.given_names" or
    "family.<i>.name") and the field. A field of no step is the last step's (Confirm)."""
    head, _dot, rest = field.partition(".")
    index, _dot, name = rest.partition(".")
    if head in ("names", "family") and index.isdigit() and name:
        # The primary name is on the identity step: the names step holds the others.
        return steps.index(head), head, int(index) - (head == "names"), name
    for step, form_class, _title in ADMISSION_STEPS:
        # A form class has base_fields; a formset class, its form's.
        fields = getattr(form_class, "base_fields", None) or getattr(
            getattr(form_class, "form", None), "base_fields", {}
        )
        if step in steps and field in fields:
            return steps.index(step), step, None, field
    return len(steps) - 1, steps[-1], None, field


def _filled(formset) -> list[dict]:
    """The rows of a formset that were filled in (empty extra rows have no cleaned data)."""
    return [form.cleaned_data for form in formset if form.cleaned_data]


admit = AdmissionWizard.as_view()


@requires(GET=ADMIT, POST=ADMIT)
def admission_cancel(request: HttpRequest) -> HttpResponse:
    """Cancelling the admission under way, or starting it again, discards what was typed in it:
    asked first, on a page of its own (no script needed)."""
    if request.method == "POST":
        AdmissionWizard.draft(request).reset()
        if request.POST.get("then") == "restart":
            return redirect("register:admit")
        messages.info(request, _("The admission was cancelled: nothing was recorded."))
        return redirect("register:prisoner_list")
    return render(request, "register/admission_cancel.html")


@requires(GET=ACT_ON_ILL_TREATMENT)
def admission_flags(request: HttpRequest) -> HttpResponse:
    """Open complaints of prior ill-treatment, for the director (they stay until acted upon)."""
    return render(
        request, "register/flags.html", {"flags": selectors.open_ill_treatment_flags(user=staff_user(request))}
    )
