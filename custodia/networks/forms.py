from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import DateInput

from . import rules
from .selectors import Choice
from .sources import LINK_SOURCES


class ChoiceForm(forms.Form):
    """What to draw: how far from the person, which links, over which period."""

    depth = forms.TypedChoiceField(
        label=_("Depth"),
        coerce=int,
        choices=[(depth, depth) for depth in range(rules.MIN_DEPTH, rules.MAX_DEPTH + 1)],
        initial=rules.DEFAULT_DEPTH,
        help_text=_("1: the people linked to this person; 2: and the people linked to them; 3: one step further."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Links"),
        choices=[(kind.value, source.label) for kind, source in LINK_SOURCES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput(attrs={"class": "form-control"}))
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput(attrs={"class": "form-control"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise ValidationError({"until": _("The end of the period comes before its start.")})
        return data

    def choice(self) -> Choice:
        """The reader's choice once the form is valid; all links when none is ticked."""
        data = self.cleaned_data
        kinds = frozenset(rules.LinkKind(kind) for kind in data["kinds"]) or frozenset(rules.LinkKind)
        return Choice(
            depth=data.get("depth") or rules.DEFAULT_DEPTH, kinds=kinds, since=data["since"], until=data["until"]
        )


def choice_of(params: QueryDict) -> tuple[ChoiceForm, Choice]:
    """The form bound to the query string, and the choice it makes (the defaults while it is not
    valid, the errors shown beside the fields)."""
    form = ChoiceForm(params or None, initial={"depth": rules.DEFAULT_DEPTH})
    return form, form.choice() if form.is_bound and form.is_valid() else Choice()
