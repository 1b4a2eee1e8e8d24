"""Forms of the security audit pages. They check types and lengths; the services check the rest
(who may act, the dates, what a final audit needs) and the pages show their refusals here."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput
from custodia.estate.models import Prison

from .checklist import Checklist
from .choices import Rating
from .services import ActionData, RatingData


def _text(label: Any, *, rows: int = 3, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=8000, required=required)


class Versioned(forms.Form):
    """The version of the record the page showed (core.versions): a change made meanwhile refuses."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StartForm(BootstrapMixin, forms.Form):
    prison = forms.ModelChoiceField(label=_("Prison"), queryset=Prison.objects.none())
    audited_on = forms.DateField(label=_("Day of the visit"), widget=DateInput())

    def __init__(self, *args: Any, prisons: "QuerySet[Prison]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prison"].queryset = prisons.order_by("name")  # type: ignore[attr-defined]


class RatingsForm(BootstrapMixin, Versioned):
    """A rating and the evidence seen for each item of the checklist, area by area. An item left
    unrated stays unrated; the audit is not final until each is."""

    def __init__(self, *args: Any, checklist: Checklist, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        for area in checklist.areas:
            for item in area.items:
                # Added after BootstrapMixin styled the declared fields: styled here.
                self.fields[f"rating_{item.code}"] = forms.ChoiceField(
                    label=str(item.label),
                    choices=[("", "—"), *Rating.choices],
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
                evidence = _text(_("Evidence seen"), rows=2, required=False)
                evidence.widget.attrs["class"] = "form-control"
                self.fields[f"evidence_{item.code}"] = evidence

    def areas(self) -> list[tuple[Any, list[tuple[forms.BoundField, forms.BoundField]]]]:
        """The bound fields grouped as the checklist groups its items, for the template."""
        return [
            (area, [(self[f"rating_{item.code}"], self[f"evidence_{item.code}"]) for item in area.items])
            for area in self.checklist.areas
        ]

    def data_for_service(self) -> list[RatingData]:
        data = self.cleaned_data
        return [
            RatingData(item.code, data[f"rating_{item.code}"], data[f"evidence_{item.code}"])
            for area in self.checklist.areas
            for item in area.items
            if data[f"rating_{item.code}"]
        ]


class ActionForm(BootstrapMixin, forms.Form):
    item_code = forms.ChoiceField(label=_("Item it answers"), required=False)
    description = _text(_("What is to be done"))
    owner = forms.CharField(
        label=_("Owner"), max_length=120, help_text=_("The post responsible, e.g. head of security.")
    )
    due_on = forms.DateField(label=_("Due by"), widget=DateInput())

    def __init__(self, *args: Any, checklist: Checklist, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_code"].choices = [  # type: ignore[attr-defined]
            ("", _("The prison as a whole")),
            *((str(area.label), [(item.code, str(item.label)) for item in area.items]) for area in checklist.areas),
        ]

    def data_for_service(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(data["description"], data["owner"], data["due_on"], data["item_code"])


class FinaliseForm(BootstrapMixin, Versioned):
    summary = _text(_("Auditor's summary"), rows=4)


class DoneForm(BootstrapMixin, Versioned):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    note = _text(_("What was done"))
