from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput, FastSelect
from custodia.estate.models import Unit

from .rules import SeparationRule


class CellMoveForm(BootstrapMixin, forms.Form):
    """The cell chosen on the placement page; the move is recorded by the register's service, so
    the same check refuses a breach whichever page or client asks."""

    cell = forms.TypedChoiceField(label=_("Cell"), coerce=int)
    reason = forms.CharField(label=_("Reason for the move"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Asked only for a cell over its capacity (a confirmation step on the page, without JavaScript).
    over_capacity_confirmed = forms.BooleanField(
        label=_("I confirm the move into this cell over its capacity; the reason is recorded for the director."),
        required=False,
    )

    def __init__(self, *args: Any, cells: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["cell"]).choices = cells


class UnitChoiceField(forms.ModelChoiceField):
    """A unit named with its prison: units of different prisons often share a name."""

    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.prison.name} / {obj.name}"


class ExceptionGrantForm(BootstrapMixin, forms.Form):
    prisoner_number = forms.CharField(
        label=_("Prisoner number"),
        max_length=40,
        help_text=_(
            "A person held in the prison of the unit; a person held elsewhere only for a part of Rule 11 that "
            "keeps them out of this prison altogether, before a transfer."
        ),
    )
    rule = forms.ChoiceField(label=_("Part of Rule 11"), choices=SeparationRule.choices)
    unit = UnitChoiceField(label=_("Unit"), queryset=None, widget=FastSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a mother held with her infant in the mother and baby unit."),
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UnitChoiceField, self.fields["unit"]).queryset = units


class CloseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), widget=forms.Textarea(attrs={"rows": 2}))
