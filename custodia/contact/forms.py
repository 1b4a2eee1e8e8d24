"""Forms of the contact pages. They check types and lengths; the services check the rest (who may
act, what a restriction may be) and the pages show their refusals here."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput

from .choices import ContactKind, RestrictionReason
from .services import ContactData, RestrictionData


def _text(label: Any, *, rows: int = 3, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=8000, required=required)


class Versioned(forms.Form):
    """The version of the record the page showed (core.versions): a change made meanwhile refuses."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ContactForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    relationship = forms.CharField(
        label=_("Relationship or capacity"), max_length=120, required=False, help_text=_("Mother, lawyer, imam...")
    )
    identity_document = forms.CharField(label=_("Identity document (kind and number)"), max_length=120, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    telephone = forms.CharField(label=_("Telephone"), max_length=60, required=False)

    def data_for_service(self) -> ContactData:
        return ContactData(**self.cleaned_data)


class ApprovalForm(BootstrapMixin, Versioned):
    may_visit = forms.BooleanField(label=_("Approved for visits"), required=False)
    may_call = forms.BooleanField(label=_("Approved for telephone calls"), required=False)
    may_video = forms.BooleanField(label=_("Approved for video calls"), required=False)


class RestrictionForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RestrictionReason.choices)
    explanation = _text(_("What happened"))
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())

    def data_for_service(self) -> RestrictionData:
        return RestrictionData(**self.cleaned_data)


# The reason and the note are checked by the service, which says what is missing.
class LiftForm(BootstrapMixin, Versioned):
    reason = _text(_("Why it is lifted"), rows=2, required=False)


class ReviewForm(BootstrapMixin, Versioned):
    note = _text(_("Why the restriction is still needed"), rows=2, required=False)
