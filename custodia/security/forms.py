from django import forms
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin

from .models import Level, Reason, Role


class NonAssociationOpenForm(BootstrapMixin, forms.Form):
    other_number = forms.CharField(
        label=_("Number of the other person"),
        max_length=40,
        help_text=_("The other person may be held in another prison."),
    )
    level = forms.ChoiceField(label=_("Keep them apart"), choices=Level.choices)
    reason = forms.ChoiceField(label=_("Reason"), choices=Reason.choices)
    role = forms.ChoiceField(label=_("Role of this person"), choices=Role.choices)
    other_role = forms.ChoiceField(label=_("Role of the other person"), choices=Role.choices)
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The danger and where the information comes from."),
    )


class NonAssociationCloseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), widget=forms.Textarea(attrs={"rows": 3}))
