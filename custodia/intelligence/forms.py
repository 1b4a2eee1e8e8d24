"""Forms of the intelligence pages. The grading form offers the scales of the country profile's
system (intelligence.rules), each value with its label; the services check the rest."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from custodia.core.formats import local_date
from custodia.core.forms import BootstrapMixin, DateTimeInput

from . import rules
from .choices import AgencyKind, SubjectKind


def _text(label: Any, *, rows: int = 3, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=8000,
        required=required,
        help_text=help_text,
    )


class Versioned(forms.Form):
    """The version of the record the page showed (core.versions): a change made meanwhile refuses."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportForm(BootstrapMixin, forms.Form):
    observed_at = forms.DateTimeField(label=_("When the information was seen or heard"), widget=DateTimeInput())
    content = _text(
        _("The information"),
        rows=6,
        help_text=_("What you saw, heard or were told, as facts; say how you came to know it."),
    )
    submitter_assessment = _text(
        _("Your assessment"),
        rows=2,
        required=False,
        help_text=_("How far you trust it, and why; what you think it means."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"observed_at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)


class SubjectForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("subject of intelligence", "About"),
        choices=[("", "—"), *SubjectKind.choices],
        required=False,
    )
    prisoner_number = forms.CharField(
        label=_("Prisoner number"),
        max_length=40,
        required=False,
        help_text=_("For a person in custody at a prison where you work."),
    )
    name = forms.CharField(
        label=_("Name, place or group"),
        max_length=200,
        required=False,
        help_text=_("For a person outside, a place or a group."),
    )
    role = forms.CharField(
        label=pgettext_lazy("subject of intelligence", "Role"),
        max_length=200,
        required=False,
        help_text=_("E.g. suspected recruiter, meeting place."),
    )

    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return not (d.get("kind") or d.get("prisoner_number") or d.get("name") or d.get("role"))


SubjectFormSet = forms.formset_factory(SubjectForm, extra=3, max_num=20, absolute_max=20)


class GradeForm(BootstrapMixin, Versioned):
    source_grade = forms.ChoiceField(
        label=pgettext_lazy("intelligence", "Source"), widget=forms.RadioSelect, choices=()
    )
    information_grade = forms.ChoiceField(
        label=pgettext_lazy("intelligence", "Information"), widget=forms.RadioSelect, choices=()
    )
    handling_code = forms.ChoiceField(label=_("Handling code"), widget=forms.RadioSelect, choices=())
    assessment = _text(
        _("Your assessment"), rows=3, help_text=_("What the information means, and what should be done.")
    )

    def __init__(self, *args: Any, system: rules.System, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, grades in (
            ("source_grade", system.sources),
            ("information_grade", system.information),
            ("handling_code", system.handling),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(g.code, str(g.label)) for g in grades]
            field.widget.attrs["class"] = "form-check-input"


class SanitiseForm(BootstrapMixin, forms.Form):
    text = _text(
        _("Sanitised text"),
        rows=4,
        help_text=_("For wider sharing: leave out whatever would reveal the source or the way it was obtained."),
    )


class SharingForm(BootstrapMixin, forms.Form):
    agency_name = forms.CharField(label=_("Agency"), max_length=200)
    agency_kind = forms.ChoiceField(label=_("Kind of agency"), choices=[("", "—"), *AgencyKind.choices])
    purpose = _text(_("Purpose"), rows=2)
    sanitised_id = forms.TypedChoiceField(
        label=_("What is shared"), coerce=int, required=False, empty_value=None, choices=()
    )
    conditions = _text(_("Conditions proposed"), rows=2, required=False)

    def __init__(self, *args: Any, sanitised: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sanitised_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("The original report")),
            *(
                (s.pk, _("Sanitised version of %(date)s") % {"date": local_date(timezone.localdate(s.made_at))})
                for s in sanitised
            ),
        ]


class DecideForm(BootstrapMixin, Versioned):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", "—"), ("approve", _("Approve the sharing")), ("refuse", _("Refuse it"))],
    )
    conditions = _text(
        _("Conditions"), rows=2, required=False, help_text=_("Required where the handling code sets conditions.")
    )
    note = _text(_("Reason"), rows=2, required=False, help_text=_("Required to refuse."))


class SharedForm(Versioned):
    pass
