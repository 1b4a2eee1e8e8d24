"""Forms of the complaint pages. They check types and lengths; the services check the rest (who
may act, which answer fits, when) and the pages show their refusals here."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput

from .choices import Addressee, Category, Kind, MadeBy, Outcome


def _text(label: Any, *, rows: int = 3, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=8000, required=required)


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ComplaintForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Request or complaint"), choices=Kind.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    made_by = forms.ChoiceField(label=_("Made by"), choices=MadeBy.choices)
    addressee = forms.ChoiceField(label=_("Addressed to"), choices=Addressee.choices)
    allegation = forms.BooleanField(
        label=_("Allegation of torture or ill-treatment"),
        required=False,
        help_text=_(
            "It is referred to an independent authority and closed only by headquarters or the inspection body."
        ),
    )
    text = _text(_("What the person asks or complains of"), rows=5)
    made_on = forms.DateField(label=_("Made on"), widget=DateInput())

    def __init__(self, *args: Any, confidential: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Staff address the director or headquarters; the inspection body records what is made to it.
        field = self.fields["addressee"]
        assert isinstance(field, forms.ChoiceField)
        if confidential:
            field.choices = [(Addressee.INSPECTION.value, Addressee.INSPECTION.label)]
        else:
            field.choices = [c for c in Addressee.choices if c[0] != Addressee.INSPECTION]


class AnswerForm(BootstrapMixin, Versioned):
    outcome = forms.ChoiceField(label=_("Answer"), choices=[("", "—"), *Outcome.choices], required=False)
    answer = _text(_("Reasons of the answer"))


class AppealForm(BootstrapMixin, Versioned):
    grounds = _text(_("Grounds of the appeal"))


class ReferralForm(BootstrapMixin, Versioned):
    referred_to = forms.CharField(label=_("Independent authority"), max_length=200, required=False)
    referred_on = forms.DateField(label=_("Referred on"), widget=DateInput())
    reference = forms.CharField(label=_("Reference"), max_length=120, required=False)


class CloseForm(BootstrapMixin, Versioned):
    note = _text(_("Why it is closed"), rows=2)
