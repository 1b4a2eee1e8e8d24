"""Forms of the sentence plan pages."""

from typing import cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.assessment.choices import NeedArea
from custodia.core.forms import BootstrapMixin, DateInput

from . import rules, services
from .choices import Agreement, ObjectiveStatus, Responsible


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ObjectiveForm(BootstrapMixin, Versioned):
    """Accept or reword an objective, or add one (with its need area)."""

    need_area = forms.ChoiceField(label=_("Need addressed"), choices=NeedArea.choices)
    wording = forms.CharField(
        label=_("Objective, in words the person understands"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    actions = forms.CharField(
        label=_("Actions"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    responsible = forms.ChoiceField(label=_("Responsible"), choices=Responsible.choices)
    responsible_staff = forms.ModelChoiceField(
        label=_("Member of staff responsible"), queryset=User.objects.none(), required=False
    )
    responsible_agency = forms.CharField(label=_("Outside agency responsible"), max_length=200, required=False)
    target_on = forms.DateField(label=_("Target date"), required=False, widget=DateInput())

    def __init__(self, *args, staff, with_need: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["responsible_staff"]).queryset = staff
        if not with_need:
            del self.fields["need_area"]

    def wording_data(self) -> services.Wording:
        data = self.cleaned_data
        return services.Wording(
            wording=data["wording"],
            actions=data["actions"],
            responsible=data["responsible"],
            responsible_staff=data["responsible_staff"],
            responsible_agency=data["responsible_agency"],
            target_on=data["target_on"],
        )


class PersonsViewForm(BootstrapMixin, Versioned):
    own_goals = forms.CharField(
        label=_("Their goals, in their own words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    agreement = forms.ChoiceField(
        label=_("Their view of the plan"), choices=[("", "—"), *Agreement.choices], required=False
    )
    comment = forms.CharField(
        label=_("Their comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )
    explained_in = forms.CharField(
        label=_("Language the plan was explained in"),
        max_length=100,
        required=False,
        help_text=_("A language the person understands (Mandela Rule 55), with an interpreter where needed."),
    )
    explained_by = forms.CharField(
        label=_("Explained by (staff member or interpreter)"), max_length=200, required=False
    )

    def view(self) -> services.PersonsView:
        return services.PersonsView(**{k: v for k, v in self.cleaned_data.items() if k != "version"})


class ReasonForm(Versioned):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class StatusForm(Versioned):
    status = forms.ChoiceField(label=_("New status"), choices=[(s, ObjectiveStatus(s).label) for s in rules.FOLLOW_UP])
    reason = forms.CharField(label=_("Note"), max_length=2000, required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
