"""Forms of the restrictive measures pages. They check types and lengths; the services check the
rest (Mandela Rules 36-46) and the pages show their refusals on these fields."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from custodia.core.forms import BootstrapMixin, DateInput

from . import services
from .choices import AppealOutcome, MeasureKind, ReviewOutcome
from .rules import PROLONGED_DAYS, SOLITARY_HOURS


def _text(label: Any, *, rows: int = 3, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=8000,
        required=required,
        help_text=help_text,
    )


class Versioned(forms.Form):
    """The version of the measure the page showed (core.versions): a change made meanwhile refuses."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImposeForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("restrictive measure", "Measure"), choices=MeasureKind.choices)
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=300,
        help_text=_("The law, regulation or decision that allows it (Mandela Rule 37)."),
    )
    reason = _text(_("Reason"), help_text=_("As the person will be told it, in a language they understand."))
    hours_without_contact = forms.IntegerField(
        label=_("Hours a day without meaningful human contact"),
        min_value=0,
        max_value=24,
        help_text=_(
            "%(hours)s hours or more a day without meaningful human contact is solitary confinement (Mandela Rule "
            "44): never for a woman, a child or a person whose disability it would worsen (Rule 45), never for more "
            "than %(days)s consecutive days (Rule 43), and only after the health service's view."
        )
        % {"hours": SOLITARY_HOURS, "days": PROLONGED_DAYS},
    )
    starts_on = forms.DateField(label=_("Start"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Planned end"),
        widget=DateInput(),
        help_text=_("Every measure has a planned end, as soon as it can be."),
    )
    health_view = _text(
        _("The health service's view"),
        required=False,
        help_text=_("Required before solitary confinement (Rule 45): whether the person is fit for it."),
    )
    worsened = forms.BooleanField(
        label=_("The health service finds it would worsen a mental or physical disability"),
        required=False,
        help_text=_("Solitary confinement is then refused (Rule 45)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"starts_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def data_for_service(self) -> services.MeasureData:
        d = self.cleaned_data
        return services.MeasureData(
            kind=d["kind"],
            legal_basis=d["legal_basis"],
            reason=d["reason"],
            hours_without_contact=d["hours_without_contact"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            health_view=d["health_view"],
            worsened=d["worsened"],
        )


class ExtendForm(BootstrapMixin, Versioned):
    ends_on = forms.DateField(label=_("New planned end"), widget=DateInput())
    reason = _text(_("Reason for the extension"), rows=2)


class EndForm(BootstrapMixin, Versioned):
    reason = _text(_("Why the measure ends"), rows=2)


class ReviewForm(BootstrapMixin, Versioned):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("review of a measure", "Outcome"), choices=[("", "—"), *ReviewOutcome.choices]
    )
    note = _text(_("Reasons"), help_text=_("Why the measure is still needed, or not."))


class ToldForm(BootstrapMixin, Versioned):
    told_on = forms.DateField(
        label=_("The person was told the reason on"),
        widget=DateInput(),
        help_text=_("In a language they understand, with how to appeal."),
    )


class AppealForm(BootstrapMixin, forms.Form):
    lodged_on = forms.DateField(label=_("Appeal lodged on"), widget=DateInput())
    grounds = _text(_("Grounds, in the person's words"), rows=2)


class DecideForm(BootstrapMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", "—"), *((o.value, o.label) for o in (AppealOutcome.UPHELD, AppealOutcome.DISMISSED))],
    )
    decision_note = _text(_("Reasons for the decision"), rows=2, help_text=_("As the person will be told them."))


class VisitForm(BootstrapMixin, forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    adverse_effects = forms.BooleanField(
        label=_("Adverse effects on the person's health"),
        required=False,
        help_text=_("Reported to the director, who considers ending or changing the measure (Rule 46)."),
    )
    note = _text(_("Note"), rows=2, required=False, help_text=_("Describe any adverse effect."))
