"""The form that records the information given. It checks types and lengths; the service checks
who may record it, the language and the day."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput

from .services import GivenData


class GivenForm(BootstrapMixin, forms.Form):
    given_on = forms.DateField(label=_("Given on"), widget=DateInput)
    language = forms.ChoiceField(label=_("Language of the sheet"))
    interpreter = forms.BooleanField(label=_("An interpreter helped"), required=False)
    read_aloud = forms.BooleanField(
        label=_("Read aloud to the person"),
        required=False,
        help_text=_("For a person who cannot read it (Mandela Rule 55(2))."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The interpreter's name, questions the person asked..."),
    )

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = languages

    def data_for_service(self) -> GivenData:
        return GivenData(**self.cleaned_data)
