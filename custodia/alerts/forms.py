"""Forms of the alerts pages. They check types and lengths; the services check the rest (who may
set which code, one in force per code, the dates) and the pages show their refusals on these
fields."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput
from custodia.core.profiles import AlertCode

from . import services


def _text(label: Any, *, rows: int = 3, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=8000,
        required=required,
        help_text=help_text,
    )


class Versioned(forms.Form):
    """The version of the alert the page showed (core.versions): a change made meanwhile refuses."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SetForm(BootstrapMixin, forms.Form):
    number = forms.CharField(
        label=_("Prisoner number"), max_length=40, help_text=_("The number of a person held at your prison.")
    )
    code = forms.ChoiceField(label=_("Alert"))
    reason = _text(_("Why"), help_text=_("What staff must know and do. A medical alert never names the diagnosis."))
    active_from = forms.DateField(label=_("From"), widget=DateInput())
    active_to = forms.DateField(
        label=_("Planned end"), widget=DateInput(), required=False, help_text=_("Leave empty until it is ended.")
    )
    # From a proposal: the assessment and the item rated urgent.
    assessment = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    item = forms.CharField(widget=forms.HiddenInput, required=False, max_length=60)
    referral_made = forms.BooleanField(label=_("The referral was made today"), required=False)

    def __init__(self, *args: Any, codes: list[AlertCode], with_number: bool, proposal: bool = False, **kwargs: Any):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("active_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        assert isinstance(code, forms.ChoiceField)
        code.choices = [("", "—"), *((entry.code, str(entry.label)) for entry in codes)]
        guidance = [f"{entry.label}: {entry.guidance}" for entry in codes if entry.guidance]
        if guidance:
            self.fields["code"].help_text = " ".join(guidance)
        if not with_number:
            del self.fields["number"]
        if not proposal:
            del self.fields["referral_made"]

    def data_for_service(self) -> services.AlertData:
        d = self.cleaned_data
        return services.AlertData(
            code=d["code"],
            reason=d["reason"],
            active_from=d["active_from"],
            active_to=d["active_to"],
            assessment_id=d["assessment"],
            assessment_item=d["item"] or "",
            referral_made=bool(d.get("referral_made")),
        )


class EndForm(BootstrapMixin, Versioned):
    reason = _text(_("Why the alert ends"), rows=2)


class PlannedEndForm(BootstrapMixin, Versioned):
    active_to = forms.DateField(
        label=_("New planned end"), widget=DateInput(), required=False, help_text=_("Empty: until it is ended.")
    )
    reason = _text(_("Why the planned end changes"), rows=2)


class DismissForm(forms.Form):
    assessment = forms.IntegerField(min_value=1)
    item = forms.CharField(max_length=60)
    reason = forms.CharField(max_length=2000, required=False)
