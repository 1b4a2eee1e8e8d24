"""Forms of the prisoner file. They check types and required fields; the domain rules
(dates in order, cell in prison, statuses the profile uses) are checked once, in services,
and their messages come back to the field they name."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput, DateTimeInput, FastSelect, country_choices
from custodia.core.profiles import Profile
from custodia.estate.models import Cell, Prison

from . import iccs, rules
from .choices import (
    CustodyStatus,
    MovementKind,
    NameKind,
    OffenceStatus,
    Relationship,
    ReleaseReason,
    Script,
    Sex,
)


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


class IdentityForm(BootstrapMixin, forms.Form):
    given_names = forms.CharField(label=_("Given names"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    script = forms.ChoiceField(label=_("Script of the name"), choices=Script.choices, initial=Script.LATIN)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices])
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

    def __init__(self, *args: Any, profile: Profile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "nationality").choices = [("", "—"), *country_choices()]
        self.bounds = _date_bounds(profile)
        if profile is not None:
            self.fields["nationality"].initial = profile.default_nationality

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("date_of_birth") and not data.get("birth_year_estimated"):
            self.add_error(
                "date_of_birth", _("Enter the date of birth or, if it is not known, an estimated year of birth.")
            )
        elif self.bounds is not None:
            # The admission is not dated yet: the minimum age is reckoned today, and on the day of
            # admission by the service.
            problems = rules.birth_problems(
                self.bounds,
                date_of_birth=data.get("date_of_birth"),
                birth_year_estimated=data.get("birth_year_estimated"),
            )
            for name, problem in problems.items():
                self.add_error(name, problem)
        return data


class NameForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in NameKind.choices if c[0] != NameKind.PRIMARY], initial=NameKind.ALIAS
    )
    given_names = forms.CharField(label=_("Given names"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    # Initial values equal to what the browser submits for an untouched row, so that empty
    # extra rows count as unchanged and are skipped rather than reported as incomplete.
    script = forms.ChoiceField(label=_("Script"), choices=Script.choices, initial=Script.LATIN)


NameFormSet = formset_factory(NameForm, extra=2)


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

    def __init__(self, *args: Any, profile: Profile, prisons: QuerySet[Prison], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice_field(self, "prison").queryset = prisons
        _choice_field(self, "legal_status").choices = legal_status_choices(profile)
        self.fields["admitted_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.bounds = rules.DateBounds.of(profile, timezone.localdate())

    def clean(self) -> dict[str, Any]:
        super().clean()
        _moment_problem(self, "admitted_at", self.bounds, gettext("The admission cannot be in the future."))
        _moment_problem(self, "arrested_at", self.bounds, gettext("The date cannot be in the future."))
        _day_problem(self, "order_date", self.bounds)
        return self.cleaned_data


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

    def __init__(self, *args: Any, profile: Profile | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
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
    status = forms.ChoiceField(label=_("Status"), choices=OffenceStatus.choices, initial=OffenceStatus.CHARGED)
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
    relationship = forms.ChoiceField(label=_("Relationship"), choices=[("", "—"), *Relationship.choices])
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, required=False)
    whereabouts = forms.CharField(label=_("Where they are"), max_length=200, required=False)
    custodian = forms.CharField(label=_("Who has custody (for a child)"), max_length=200, required=False)
    contact = forms.CharField(label=_("Telephone or address"), max_length=200, required=False)
    is_next_of_kin = forms.BooleanField(label=_("Next of kin"), required=False)
    is_emergency_contact = forms.BooleanField(label=_("Emergency contact"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("relationship") == Relationship.CHILD and not data.get("whereabouts"):
            self.add_error("whereabouts", _("Say where the child is and who looks after them (Bangkok Rule 3)."))
        return data


FamilyFormSet = formset_factory(FamilyForm, extra=3)


class PlacementForm(BootstrapMixin, forms.Form):
    cell = forms.ModelChoiceField(label=_("Cell"), queryset=Cell.objects.none(), required=False, widget=FastSelect)

    def __init__(self, *args: Any, cells: QuerySet[Cell], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cell = _model_choice_field(self, "cell")
        cell.queryset = cells
        cell.empty_label = _("To be allocated later")


class PrisonerFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Number or name"), required=False, max_length=rules.SEARCH_MAX_LENGTH)
    prison = forms.TypedChoiceField(label=_("Prison"), coerce=int, required=False, empty_value=None, widget=FastSelect)
    legal_status = forms.ChoiceField(label=_("Legal status"), required=False, widget=FastSelect)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("All")), *Sex.choices], widget=FastSelect)
    custody_status = forms.ChoiceField(
        label=_("Custody status"), required=False, choices=[("", _("All")), *CustodyStatus.choices], widget=FastSelect
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

    def __init__(self, *args: Any, profile: Profile, prisons: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "prison").choices = [("", _("All")), *prisons]
        _choice_field(self, "legal_status").choices = [("", _("All")), *legal_status_choices(profile)]

    def clean_q(self) -> str:
        # The same limit as the API filter's (rules.search_problem); the length is checked above.
        q: str = self.cleaned_data["q"]
        if problem := rules.search_problem(q):
            raise forms.ValidationError(problem)
        return q


class FileVersionMixin(forms.Form):
    """The version of the file the officer is looking at; services refuse a stale one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MovementForm(BootstrapMixin, FileVersionMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Movement"))
    occurred_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    to_prison = forms.ModelChoiceField(
        label=_("Prison"), queryset=Prison.objects.none(), required=False, widget=FastSelect
    )
    to_cell = forms.ModelChoiceField(label=_("Cell"), queryset=Cell.objects.none(), required=False, widget=FastSelect)
    reason = forms.CharField(label=_("Reason or destination"), max_length=300, required=False)
    release_reason = forms.ChoiceField(
        label=_("Reason for release"), required=False, choices=[("", "—"), *ReleaseReason.choices]
    )
    death_circumstances = forms.CharField(
        label=_("Circumstances of death"), required=False, widget=forms.Textarea(attrs={"rows": 3})
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
        _choice_field(self, "kind").choices = [(k, MovementKind(k).label) for k in allowed_kinds]
        _model_choice_field(self, "to_prison").queryset = prisons
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
