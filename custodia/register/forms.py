"""Forms of the prisoner file. They check types and required fields; the domain rules (dates in
order, cell in prison, statuses the profile uses) are the pure rules of rules.py, which the
services apply when saving. The admission's steps apply them too, on the step that holds the data,
with what earlier steps gave; a service's refusal comes back to the field it names."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, ClassVar, NamedTuple, cast

from django import forms
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput, DateTimeInput, FastSelect, country_choices
from custodia.core.profiles import Profile
from custodia.estate.models import Cell, Prison

from . import choices, iccs, photographs, rules
from .models import Prisoner
from .placing import CellVerdict


def legal_status_choices(profile: Profile) -> list[tuple[str, str]]:
    """The legal statuses this service uses, in its own national wording."""
    return [(entry.code, str(entry.label)) for entry in profile.legal_statuses]


def _date_bounds(profile: Profile | None) -> rules.DateBounds | None:
    # The wizard checks the plausible dates on the step that holds them, with the rules the
    # service applies again when the admission is saved.
    return rules.DateBounds.of(profile, timezone.localdate()) if profile is not None else None


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A choice field of the form, to give it the choices known once the form is made."""
    return cast(forms.ChoiceField, form.fields[name])


def _model_choice_field(form: forms.BaseForm, name: str) -> "forms.ModelChoiceField[Any]":
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def _moment_problem(form: forms.Form, name: str, bounds: rules.DateBounds, future: str) -> None:
    """A date and time of the file, from the start of the records to now."""
    value = form.cleaned_data.get(name)
    if value is None:
        return
    if value > timezone.now():
        form.add_error(name, future)
    elif problem := rules.record_day_problem(rules.day_of(value, timezone.get_current_timezone()), bounds):
        form.add_error(name, problem)


def _day_problem(form: forms.Form, name: str, bounds: rules.DateBounds, *, ahead: bool = False) -> None:
    value = form.cleaned_data.get(name)
    if value is not None and (problem := rules.record_day_problem(value, bounds, ahead=ahead)):
        form.add_error(name, problem)


def _person_text_problems(form: forms.Form, *names: str) -> None:
    """Text that identifies a person (a name, a relative, a lawyer) checked on the step that holds
    it, as the service checks it when the admission is saved (rules.clean_person_text)."""
    for name in names:
        value = form.cleaned_data.get(name)
        if not value:
            continue
        try:
            rules.clean_person_text(value)
        except rules.TextRefused as exc:
            form.add_error(name, str(exc))


# The script of a name is detected from its letters unless the officer chooses it: a chosen
# script that is not the name's is refused (rules.name_script_problems).
SCRIPT_CHOICES = [("", _("Detect from the name")), *choices.Script.choices]


def _name_script(form: forms.Form) -> None:
    """The script of the name on the form checked against its letters, as the service checks it,
    and filled in where it was left to be detected."""
    data = form.cleaned_data
    if "given_names" not in data or "family_name" not in data:
        return  # refused already: nothing to read the script from
    name = {"given_names": data["given_names"], "family_name": data["family_name"], "script": data.get("script", "")}
    problems = rules.name_script_problems(**name)
    for field, problem in problems.items():
        form.add_error(field, problem)
    if not problems:
        data["script"] = rules.name_script(**name)


class PhotographInput(forms.FileInput):
    """A photograph chosen on the computer or, on a telephone or tablet, taken with its camera: the
    camera at the back ("environment"), since the officer photographs the person in front of them."""

    def __init__(self) -> None:
        super().__init__(attrs={"accept": "image/*", "capture": "environment"})


PHOTOGRAPH_HELP = _("Face and shoulders, against a plain background: a JPEG, PNG or WebP image.")


def _photograph_read(upload: Any) -> bytes:
    """The bytes of an uploaded photograph, once its size is known to be one a photograph may have."""
    if problem := photographs.size_problem(upload.size):
        raise forms.ValidationError(problem)
    return cast(bytes, upload.read())


class PhotographForm(BootstrapMixin, forms.Form):
    """A new photograph of the person for the file (services.photograph_record)."""

    image = forms.FileField(label=_("Photograph"), widget=PhotographInput(), help_text=PHOTOGRAPH_HELP)
    taken_on = forms.DateField(label=_("Date taken"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].initial = timezone.localdate()

    def clean_image(self) -> bytes:
        # The service checks the image itself (photographs.prepare), once, as it keeps it.
        return _photograph_read(self.cleaned_data["image"])


class IdentityForm(BootstrapMixin, forms.Form):
    given_names = forms.CharField(label=_("Given names"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    script = forms.ChoiceField(label=_("Script of the name"), choices=SCRIPT_CHOICES, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *choices.Sex.choices])
    gender_identity = forms.CharField(
        label=_("Self-perceived gender"), max_length=100, required=False, help_text=_("As the person states it.")
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    birth_year_estimated = forms.IntegerField(
        label=_("Estimated year of birth"),
        required=False,
        min_value=1900,
        help_text=_("Only when the date of birth is unknown."),
    )
    nationality = forms.ChoiceField(label=_("Nationality"), widget=FastSelect)
    languages = forms.CharField(label=_("Languages spoken"), max_length=100, required=False)
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    returnee = forms.BooleanField(label=_("Returnee"), required=False, help_text=_("Repatriated from a conflict zone."))
    photograph = forms.FileField(
        label=_("Photograph"), required=False, widget=PhotographInput(), help_text=PHOTOGRAPH_HELP
    )

    def __init__(
        self,
        *args: Any,
        profile: Profile | None = None,
        kept_photograph: photographs.Prepared | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "nationality").choices = [("", "—"), *country_choices()]
        self.bounds = _date_bounds(profile)
        if profile is not None:
            self.fields["nationality"].initial = profile.default_nationality
        # A browser cannot send a file again by itself: the photograph chosen earlier in the
        # admission is kept by the wizard and stands until another is chosen.
        self.kept_photograph = kept_photograph
        if kept_photograph is not None:
            self.fields["photograph"].help_text = _(
                "The photograph shown above will be recorded; choose another file to replace it."
            )

    def clean_photograph(self) -> photographs.Prepared | None:
        upload = self.cleaned_data.get("photograph")
        if not upload:
            return self.kept_photograph
        try:
            return photographs.prepare(_photograph_read(upload))
        except photographs.PhotographRefused as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("date_of_birth") and not data.get("birth_year_estimated"):
            self.add_error(
                "date_of_birth", _("Enter the date of birth or, if it is not known, an estimated year of birth.")
            )
        elif self.bounds is not None:
            # The admission is not dated yet: the minimum age is reckoned today, and on the day of
            # admission by the commitment step (and the service).
            problems = rules.birth_problems(
                self.bounds,
                date_of_birth=data.get("date_of_birth"),
                birth_year_estimated=data.get("birth_year_estimated"),
            )
            for name, problem in problems.items():
                self.add_error(name, problem)
        _person_text_problems(self, "given_names", "family_name")
        _name_script(self)
        return data


class NameForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in choices.NameKind.choices if c[0] != choices.NameKind.PRIMARY],
        initial=choices.NameKind.ALIAS,
    )
    given_names = forms.CharField(label=_("Given names"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    # Initial values equal to what the browser submits for an untouched row, so that empty
    # extra rows count as unchanged and are skipped rather than reported as incomplete.
    script = forms.ChoiceField(label=_("Script"), choices=SCRIPT_CHOICES, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        _person_text_problems(self, "given_names", "family_name")
        _name_script(self)
        return self.cleaned_data


NameFormSet = formset_factory(NameForm, extra=2)


class Birth(NamedTuple):
    """The birth given on the identity step, for the checks of later steps."""

    date_of_birth: date | None
    birth_year_estimated: int | None


BIRTH_FIELDS = frozenset(Birth._fields)


class CommitmentForm(BootstrapMixin, forms.Form):
    prison = forms.ModelChoiceField(label=_("Prison"), queryset=Prison.objects.none(), widget=FastSelect)
    admitted_at = forms.DateTimeField(label=_("Date and time of admission"), widget=DateTimeInput())
    legal_status = forms.ChoiceField(label=_("Legal status"))
    authority = forms.CharField(label=_("Committing authority"), max_length=200)
    reference = forms.CharField(label=_("Commitment order reference"), max_length=100)
    order_date = forms.DateField(label=_("Date of the commitment order"), widget=DateInput())
    reasons = forms.CharField(label=_("Reasons for commitment"), widget=forms.Textarea(attrs={"rows": 2}))
    arrested_at = forms.DateTimeField(label=_("Date and time of arrest"), required=False, widget=DateTimeInput())
    arrest_place = forms.CharField(label=_("Place of arrest"), max_length=200, required=False)

    def __init__(
        self, *args: Any, profile: Profile, prisons: QuerySet[Prison], born: Birth | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "prison").queryset = prisons
        _choice_field(self, "legal_status").choices = legal_status_choices(profile)
        self.fields["admitted_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.bounds = rules.DateBounds.of(profile, timezone.localdate())
        self.born = born

    def clean(self) -> dict[str, Any]:
        super().clean()
        _moment_problem(self, "admitted_at", self.bounds, gettext("The admission cannot be in the future."))
        _moment_problem(self, "arrested_at", self.bounds, gettext("The date cannot be in the future."))
        _day_problem(self, "order_date", self.bounds)
        self._dates_in_order()
        return self.cleaned_data

    def _dates_in_order(self) -> None:
        """The checks the service makes across the dates (rules.admission_date_problems): the arrest
        and the commitment order before the admission and, with the birth given on the identity
        step, the person old enough on the day of admission (said on the admission's date)."""
        data = self.cleaned_data
        if data.get("admitted_at") is None or data.get("order_date") is None:
            return
        born = self.born or Birth(None, None)
        problems = rules.admission_date_problems(
            self.bounds,
            now=timezone.now(),
            tz=timezone.get_current_timezone(),
            admitted_at=data["admitted_at"],
            arrested_at=data.get("arrested_at"),
            order_date=data["order_date"],
            next_hearing=None,
            date_of_birth=born.date_of_birth,
            birth_year_estimated=born.birth_year_estimated,
        )
        for name, problem in problems.items():
            if name in BIRTH_FIELDS:
                if self.born is None:
                    continue  # no birth given yet: the identity step asks for it
                name = "admitted_at"
            if name not in self.errors:
                self.add_error(name, problem)


class CaseAndSentenceForm(BootstrapMixin, forms.Form):
    court = forms.CharField(label=_("Court"), max_length=200, required=False)
    case_number = forms.CharField(label=_("Case number"), max_length=100, required=False)
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=200, required=False)
    representative_contact = forms.CharField(label=_("Representative's contact"), max_length=200, required=False)
    next_hearing = forms.DateField(label=_("Next hearing"), required=False, widget=DateInput())
    sentence_imposed_on = forms.DateField(label=_("Sentence imposed on"), required=False, widget=DateInput())
    sentence_starts_on = forms.DateField(label=_("Sentence starts on"), required=False, widget=DateInput())
    years = forms.IntegerField(label=_("Years"), min_value=0, max_value=99, required=False)
    months = forms.IntegerField(label=_("Months"), min_value=0, max_value=11, required=False)
    days = forms.IntegerField(label=_("Days"), min_value=0, max_value=365, required=False)
    # The API's bound (schemas.SentenceIn): more is a slip, and past it the dates cannot be computed.
    remand_credit_days = forms.IntegerField(
        label=_("Days credited for pre-trial detention"), min_value=0, max_value=100_000, required=False
    )
    life = forms.BooleanField(label=_("Life imprisonment"), required=False)

    def __init__(
        self, *args: Any, profile: Profile | None = None, legal_status: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.legal_status = legal_status  # chosen on the commitment step, when known

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _person_text_problems(self, "legal_representative")
        if bool(data.get("court")) != bool(data.get("case_number")):
            missing = "case_number" if data.get("court") else "court"
            self.add_error(missing, _("Give both the court and the case number, or neither."))
        has_sentence = (
            data.get("sentence_imposed_on")
            or data.get("sentence_starts_on")
            or data.get("life")
            or any(data.get(k) for k in ("years", "months", "days"))
        )
        if has_sentence:
            for name in ("sentence_imposed_on", "sentence_starts_on"):
                if not data.get(name):
                    self.add_error(name, _("Required when a sentence is recorded."))
        if self.profile is None:
            return data
        if has_sentence and self.legal_status is not None:
            # Said here rather than on the legal status: this is the step that records a sentence.
            problems = rules.charge_problems(
                legal_status=self.legal_status,
                statuses_used={entry.code for entry in self.profile.legal_statuses},
                iccs_codes=[],
                sentenced=True,
            )
            for problem in problems.values():
                self.add_error(None, problem)
        bounds = rules.DateBounds.of(self.profile, timezone.localdate())
        _day_problem(self, "next_hearing", bounds, ahead=True)
        sentence_fields = ("sentence_imposed_on", "sentence_starts_on", "years", "months", "days", "remand_credit_days")
        if has_sentence and not any(name in self.errors for name in sentence_fields):
            problems = rules.sentence_problems(
                bounds,
                imposed_on=data["sentence_imposed_on"],
                starts_on=data["sentence_starts_on"],
                years=data.get("years") or 0,
                months=data.get("months") or 0,
                days=data.get("days") or 0,
                remand_credit_days=data.get("remand_credit_days") or 0,
                life=bool(data.get("life")),
                earliest_fraction=self.profile.release.earliest_release_fraction,
            )
            for name, problem in problems.items():
                self.add_error(name, problem)
        return data


class OffenceForm(BootstrapMixin, forms.Form):
    iccs_code = forms.ChoiceField(label=_("Offence (ICCS)"), choices=[("", "—")])
    national_wording = forms.CharField(label=_("Offence as worded in national law"), max_length=300)
    status = forms.ChoiceField(
        label=_("Status"), choices=choices.OffenceStatus.choices, initial=choices.OffenceStatus.CHARGED
    )
    terrorism_link = forms.BooleanField(label=_("Linked to terrorism or violent extremism"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "iccs_code").choices = [("", "—"), *iccs.choices()]


OffenceFormSet = formset_factory(OffenceForm, extra=2)


class HealthOnAdmissionForm(BootstrapMixin, forms.Form):
    visible_injuries = forms.CharField(
        label=_("Visible injuries"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe any injury seen on arrival, where it is and how the person says it happened."),
    )
    ill_treatment_complaint = forms.CharField(
        label=_("Complaint of ill-treatment before admission"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A complaint raises a flag for the prison director until the action taken is recorded."),
    )


class PropertyForm(BootstrapMixin, forms.Form):
    description = forms.CharField(label=_("Item"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    condition = forms.CharField(label=_("Condition or remarks"), max_length=200, required=False)


PropertyFormSet = formset_factory(PropertyForm, extra=3)


class FamilyForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=[("", "—"), *choices.Relationship.choices])
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, required=False)
    whereabouts = forms.CharField(label=_("Where they are"), max_length=200, required=False)
    custodian = forms.CharField(label=_("Who has custody (for a child)"), max_length=200, required=False)
    contact = forms.CharField(label=_("Telephone or address"), max_length=200, required=False)
    is_next_of_kin = forms.BooleanField(label=_("Next of kin"), required=False)
    is_emergency_contact = forms.BooleanField(label=_("Emergency contact"), required=False)

    def __init__(self, *args: Any, profile: Profile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bounds = _date_bounds(profile)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("relationship") == choices.Relationship.CHILD and not data.get("whereabouts"):
            self.add_error("whereabouts", _("Say where the child is and who looks after them (Bangkok Rule 3)."))
        _person_text_problems(self, "name", "custodian")
        year = data.get("birth_year")
        if (
            year is not None
            and self.bounds is not None
            and (problem := rules.relative_birth_year_problem(year, self.bounds))
        ):
            self.add_error("birth_year", problem)
        return data


FamilyFormSet = formset_factory(FamilyForm, extra=3)


# The duplicates step's answer for "none of these files is this person".
NOT_THE_SAME = "none"


class PossibleDuplicateForm(BootstrapMixin, forms.Form):
    """The files on record that may be of the person being admitted (selectors.admission_matches):
    a readmission of one of them, or a new person, with the reason. A readmission needs a released
    person (rules.readmission_problem): the others are shown with the reason they cannot be chosen.
    cleaned_data["readmitted"] is the person readmitted, or None."""

    match = forms.ChoiceField(label=_("Is this one of these people?"), widget=forms.RadioSelect)
    not_same_reason = forms.CharField(
        label=_("Why this is not the same person"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: other parents, another place of birth, the photograph on file."),
    )

    def __init__(self, *args: Any, matches: Sequence[Prisoner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = [(person, rules.readmission_problem(person.custody_status)) for person in matches]
        _choice_field(self, "match").choices = [
            *(
                (
                    str(person.pk),
                    gettext("This is a readmission of %(number)s %(name)s")
                    % {"number": person.number, "name": person.display_name},
                )
                for person in matches
            ),
            (NOT_THE_SAME, gettext("Not the same person as any of these")),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        match = data.get("match")
        chosen = next(((person, problem) for person, problem in self.candidates if str(person.pk) == match), None)
        data["readmitted"] = chosen[0] if chosen else None
        if match == NOT_THE_SAME and not data.get("not_same_reason"):
            self.add_error("not_same_reason", _("Say why this is not the same person."))
        elif chosen and chosen[1]:
            self.add_error("match", chosen[1])
        return data


class PlacementForm(BootstrapMixin, forms.Form):
    """The cell, among those of the chosen prison, each with the placement check's verdict for what
    is known of the person (sex, age, legal status): a refused cell cannot be chosen."""

    cell = forms.ChoiceField(label=_("Cell"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args: Any, verdicts: Sequence[CellVerdict], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.verdicts = verdicts
        _choice_field(self, "cell").choices = [
            ("", gettext("To be allocated later")),
            *((str(v.cell.pk), f"{v.cell.unit.name} / {v.cell.label}") for v in verdicts),
        ]

    def clean_cell(self) -> Cell | None:
        chosen = next((v for v in self.verdicts if str(v.cell.pk) == self.cleaned_data["cell"]), None)
        if chosen is None:
            return None
        if chosen.refusals:
            raise forms.ValidationError(chosen.refusals)
        return chosen.cell


class ConfirmForm(forms.Form):
    """The last step: everything the admission will record, shown for a check (views: the summary)."""


def _shown(field: forms.Field, value: Any) -> str:
    """A value of a step as the check before confirming shows it, in the user's language."""
    if isinstance(field, forms.FileField):
        return gettext("Attached") if value else "—"
    if isinstance(field, forms.ModelChoiceField):
        return "—" if value is None else str(value)
    if isinstance(field, forms.ChoiceField):
        key = "" if value is None else str(getattr(value, "pk", value))
        # The wizard's choices are (value, label) pairs, never groups or a callable.
        return str(dict(field.choices).get(key, value)) or "—"  # type: ignore[arg-type]
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return formats.localize(timezone.localtime(value))
    return str(formats.localize(value))


def step_summary(form: forms.Form) -> list[tuple[str, str]]:
    """What a valid step records: each field's label and value."""
    return [
        (str(field.label), _shown(field, form.cleaned_data.get(name)))
        for name, field in form.fields.items()
        if not field.widget.is_hidden
    ]


def rows_summary(formset: forms.BaseFormSet) -> tuple[list[str], list[list[str]]]:
    """What a valid formset records: the labels, and the values of each filled row."""
    fields = formset.empty_form.fields
    rows = [
        [_shown(field, form.cleaned_data.get(name)) for name, field in fields.items()]
        for form in formset
        if form.cleaned_data
    ]
    return [str(field.label) for field in fields.values()], rows


# The windows of the list's filters by date (rules.date_window).
DATE_WINDOWS = [("", _("All")), (rules.TODAY, _("Today")), (rules.WEEK, _("Within 7 days"))]


class PrisonerFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Number or name"), required=False, max_length=rules.SEARCH_MAX_LENGTH)
    prison = forms.TypedChoiceField(label=_("Prison"), coerce=int, required=False, empty_value=None, widget=FastSelect)
    legal_status = forms.ChoiceField(label=_("Legal status"), required=False, widget=FastSelect)
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("All")), *choices.Sex.choices], widget=FastSelect
    )
    custody_status = forms.ChoiceField(
        label=_("Custody status"),
        required=False,
        choices=[("", _("All")), *choices.CustodyStatus.choices],
        widget=FastSelect,
    )
    vep = forms.TypedChoiceField(
        label=_("Terrorism-linked offence"),
        required=False,
        choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))],
        coerce=lambda value: value == "true",
        empty_value=None,
        widget=FastSelect,
    )
    include_former = forms.BooleanField(label=_("Include released and former prisoners"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False, empty_value=None, widget=FastSelect)
    without_cell = forms.BooleanField(label=_("Not yet in a cell"), required=False)
    hearing = forms.ChoiceField(label=_("Court hearing"), required=False, choices=DATE_WINDOWS, widget=FastSelect)
    release = forms.ChoiceField(label=_("Full-term release"), required=False, choices=DATE_WINDOWS, widget=FastSelect)

    def __init__(
        self,
        *args: Any,
        profile: Profile,
        prisons: Sequence[tuple[int, str]],
        units: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "prison").choices = [("", _("All")), *prisons]
        _choice_field(self, "legal_status").choices = [("", _("All")), *legal_status_choices(profile)]
        _choice_field(self, "unit").choices = [("", _("All")), *units]

    def clean_q(self) -> str:
        # The same limit as the API filter's (rules.search_problem); the length is checked above.
        q: str = self.cleaned_data["q"]
        if problem := rules.search_problem(q):
            raise forms.ValidationError(problem)
        return q


class FileVersionMixin(forms.Form):
    """The version of the file the officer is looking at; services refuse a stale one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# The movements each field of the movement form is used by (the others serve every movement).
_M = choices.MovementKind
MOVEMENT_FIELD_KINDS: dict[str, frozenset[str]] = {
    "to_prison": rules.NEEDS_PRISON,
    "to_cell": rules.NEEDS_CELL,
    "reason": frozenset(_M.values) - {_M.DEATH},
    "release_reason": frozenset({_M.RELEASE}),
    "death_circumstances": frozenset({_M.DEATH}),
    "confirmed": rules.NEEDS_CONFIRMATION,
}


class FieldsOfTheKind(forms.Form):
    """A form of a movement, with the fields of the movement chosen in its `kind` only. Every field
    is on the page, each saying when it is needed, and custodia.js (data-movement-form) hides those
    the chosen movement does not use; what such a field holds is dropped here. A field that no
    movement offered uses is left out altogether."""

    # {field: the movements that use it}; the other fields serve every movement.
    FIELD_KINDS: ClassVar[dict[str, frozenset[str]]] = {}

    def offer_kinds(self, kinds: Sequence[str]) -> None:
        _choice_field(self, "kind").choices = [(k, choices.MovementKind(k).label) for k in kinds]
        self.kinds_of = {name: used & set(kinds) for name, used in self.FIELD_KINDS.items()}
        for name, used in self.kinds_of.items():
            if not used:
                del self.fields[name]

    @property
    def shown_fields(self) -> list[tuple[forms.BoundField, str]]:
        """Each field with the movements that use it, space-separated ("" for every movement)."""
        return [(field, " ".join(sorted(self.kinds_of.get(field.name, ())))) for field in self]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind is None:
            return data
        for name, kinds in self.kinds_of.items():
            if name in self.fields and kind not in kinds:
                # Filled in for another movement, before the kind was changed (or without JavaScript).
                self.errors.pop(name, None)
                data[name] = self.fields[name].to_python("")
        return data


class MovementForm(BootstrapMixin, FileVersionMixin, FieldsOfTheKind):
    """A movement, with the fields of the chosen kind only (FieldsOfTheKind). A release, an escape
    or a death in custody is recorded only once the officer confirms it
    (register.rules.movement_problems refuses it unconfirmed, with any other problem)."""

    FIELD_KINDS = MOVEMENT_FIELD_KINDS

    kind = forms.ChoiceField(label=_("Movement"))
    occurred_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    to_prison = forms.ModelChoiceField(
        label=_("Prison"),
        queryset=Prison.objects.none(),
        required=False,
        widget=FastSelect,
        help_text=_("For a transfer or a return after escape."),
    )
    to_cell = forms.ModelChoiceField(
        label=_("Cell"),
        queryset=Cell.objects.none(),
        required=False,
        widget=FastSelect,
        help_text=_("For a cell move."),
    )
    reason = forms.CharField(label=_("Reason or destination"), max_length=300, required=False)
    release_reason = forms.ChoiceField(
        label=_("Reason for release"), required=False, choices=[("", "—"), *choices.ReleaseReason.choices]
    )
    death_circumstances = forms.CharField(
        label=_("Circumstances of death"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirmed = forms.BooleanField(
        label=_("I confirm this movement: a release, an escape or a death in custody ends the custody here."),
        required=False,
        help_text=_("Your name is recorded as the officer who confirmed it."),
    )

    def __init__(
        self,
        *args: Any,
        allowed_kinds: Sequence[str],
        prisons: QuerySet[Prison],
        cells: QuerySet[Cell],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.offer_kinds(allowed_kinds)
        if "to_prison" in self.fields:
            _model_choice_field(self, "to_prison").queryset = prisons
        if "to_cell" in self.fields:
            _model_choice_field(self, "to_cell").queryset = cells
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class LegalStatusForm(BootstrapMixin, FileVersionMixin, forms.Form):
    status = forms.ChoiceField(label=_("New legal status"))
    effective_on = forms.DateField(label=_("Effective date"), widget=DateInput())
    note = forms.CharField(label=_("Note (court, decision)"), max_length=300, required=False)

    def __init__(self, *args: Any, profile: Profile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "status").choices = legal_status_choices(profile)
        self.fields["effective_on"].initial = timezone.localdate()


class IllTreatmentActionForm(BootstrapMixin, forms.Form):
    action = forms.CharField(
        label=_("Action taken on the complaint"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: examined by the doctor, reported to the prosecutor or the inspection body."),
    )


class PlannedMoveForm(BootstrapMixin, FieldsOfTheKind):
    """A cell move or a transfer requested ahead (services.planned_move_request)."""

    FIELD_KINDS = {
        "to_prison": frozenset({choices.MovementKind.TRANSFER}),
        "to_cell": frozenset({choices.MovementKind.CELL_MOVE}),
    }

    kind = forms.ChoiceField(label=_("Movement"))
    planned_on = forms.DateField(label=_("Planned date"), widget=DateInput())
    to_prison = forms.ModelChoiceField(
        label=_("Prison"),
        queryset=Prison.objects.none(),
        required=False,
        widget=FastSelect,
        help_text=_("For a transfer."),
    )
    to_cell = forms.ModelChoiceField(
        label=_("Cell"),
        queryset=Cell.objects.none(),
        required=False,
        widget=FastSelect,
        help_text=_("For a cell move, if the cell is known already; it can be chosen when the move is made."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, prisons: QuerySet[Prison], cells: QuerySet[Cell], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_kinds(choices.PLANNED_MOVE_KINDS)
        _model_choice_field(self, "to_prison").queryset = prisons
        _model_choice_field(self, "to_cell").queryset = cells
        self.fields["planned_on"].initial = timezone.localdate()


class PlannedMoveCancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class PlannedMoveFilterForm(BootstrapMixin, forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[("", _("All")), *choices.MoveDirection.choices],
        widget=FastSelect,
    )
    date = forms.ChoiceField(label=_("Planned date"), required=False, choices=DATE_WINDOWS, widget=FastSelect)
