"""Forms of release planning: each field named like the service's argument, so that a service's
refusal lands on its field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput

from . import services
from .choices import AgencyKind, Answer, Pathway, PathwayStatus, ShareSection, SummaryLanguage

YES_NO_UNKNOWN = [("", _("Unknown")), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class PathwayStatusForm(forms.Form):
    pathway = forms.ChoiceField(choices=Pathway.choices)
    status = forms.ChoiceField(choices=PathwayStatus.choices)
    note = forms.CharField(required=False, max_length=2000)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ActionForm(forms.Form):
    pathway = forms.ChoiceField(choices=Pathway.choices)
    text = forms.CharField(max_length=2000)
    responsible = forms.CharField(max_length=200)
    target_on = forms.DateField(required=False)


class ActionDoneForm(forms.Form):
    action = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class ReferralForm(BootstrapMixin, forms.Form):
    agency_name = forms.CharField(label=_("Agency"), max_length=200)
    agency_kind = forms.ChoiceField(label=_("Kind of agency"), choices=[("", "—"), *AgencyKind.choices])
    pathway = forms.ChoiceField(label=_("Pathway"), choices=[("", "—"), *Pathway.choices], required=False)
    purpose = forms.CharField(
        label=_("What is asked of the agency"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def data_for_service(self) -> services.ReferralData:
        return services.ReferralData(
            **{name: self.cleaned_data[name] for name in ("agency_name", "agency_kind", "pathway", "purpose")}
        )


class ConsentForm(BootstrapMixin, forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("The person agrees to share"),
        choices=ShareSection.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Who the person is, the release date and its legal basis are always shared: the law requires it. "
            "Nothing else is shared without the person's agreement. Leave every box empty to share nothing more."
        ),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput, initial=timezone.localdate)
    explained_in = forms.CharField(label=_("Explained in (language)"), max_length=100)
    explained_by = forms.CharField(
        label=_("Explained by (staff member or interpreter)"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sections"].widget.attrs["class"] = "form-check-input"

    def data_for_service(self) -> services.ConsentData:
        return services.ConsentData(
            **{name: self.cleaned_data[name] for name in ("sections", "given_on", "explained_in", "explained_by")}
        )


class AnswerForm(BootstrapMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=[(code, label) for code, label in Answer.choices if code != Answer.AWAITING]
    )
    answered_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FollowUpForm(BootstrapMixin, forms.Form):
    contact_made = forms.TypedChoiceField(
        label=_("Contact made"), choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda v: v == "yes"
    )
    housed = forms.TypedChoiceField(
        label=_("Housed"), choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None, required=False
    )
    in_work_or_education = forms.TypedChoiceField(
        label=_("In work or education"), choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None, required=False
    )
    family_contact = forms.TypedChoiceField(
        label=_("In contact with family"), choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None, required=False
    )
    new_offence = forms.TypedChoiceField(
        label=_("New offence"), choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None, required=False
    )
    recalled = forms.TypedChoiceField(
        label=_("Recalled to prison"), choices=YES_NO_UNKNOWN, coerce=_yes_no, empty_value=None, required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def data_for_service(self) -> services.FollowUpData:
        return services.FollowUpData(**self.cleaned_data)


class SummaryForm(forms.Form):
    language = forms.ChoiceField(choices=SummaryLanguage.choices)
