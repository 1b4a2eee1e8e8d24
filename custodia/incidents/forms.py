"""Forms of the incident pages. The report form carries the questions of the kind of incident
chosen (incident_types/), each as a field named `answer_<code>`; the services check the rest."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from custodia.core.forms import BootstrapMixin, DateTimeInput
from custodia.estate.models import Prison, Unit

from . import catalogue, services
from .choices import ForceTechnique, InvolvementRole


def _text(label: Any, *, rows: int = 3, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=8000,
        required=required,
        help_text=help_text,
    )


class Versioned(forms.Form):
    """The version of the report the page showed (core.versions): a change made meanwhile refuses."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


ANSWER = "answer_"


class IncidentForm(BootstrapMixin, Versioned):
    type_code = forms.ChoiceField(label=_("Kind of incident"), choices=())
    occurred_at = forms.DateTimeField(label=_("When it happened"), widget=DateTimeInput())
    unit_id = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False, empty_value=None)
    place = forms.CharField(label=_("Where exactly"), max_length=200, help_text=_("E.g. the yard of block B, cell 12."))
    summary = _text(
        _("What happened"),
        rows=6,
        help_text=_("The facts, in order, as you saw or learnt them; say who told you what you did not see."),
    )

    def __init__(self, *args: Any, prison: Prison, catalogue_version: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"occurred_at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)
        chosen = catalogue.catalogues()[catalogue_version] if catalogue_version else catalogue.current()
        self.catalogue = chosen
        type_field = self.fields["type_code"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = [("", "—"), *((kind.code, str(kind.label)) for kind in chosen.types)]
        units = Unit.objects.filter(prison=prison).order_by("name").values_list("pk", "name")
        unit_field = self.fields["unit_id"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [("", "—"), *units]
        # Every kind's questions are on the form; the page shows those of the kind chosen.
        for kind in chosen.types:
            for question in kind.questions:
                name = f"{ANSWER}{kind.code}__{question.code}"
                field: forms.Field
                if question.kind == "yes_no":
                    field = forms.TypedChoiceField(
                        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], required=False
                    )
                elif question.kind == "number":
                    field = forms.IntegerField(min_value=0, required=False)
                elif question.kind == "choice":
                    field = forms.ChoiceField(
                        choices=[("", "—"), *((o.code, str(o.label)) for o in question.options)], required=False
                    )
                else:
                    field = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False)
                field.label = str(question.prompt)
                field.widget.attrs["data-kind"] = kind.code
                # Added after BootstrapMixin styled the declared fields.
                field.widget.attrs["class"] = (
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                )
                self.fields[name] = field

    def kind_groups(self) -> list[dict[str, Any]]:
        """The questions of each kind, for the page to show those of the kind chosen."""
        groups: dict[str, dict[str, Any]] = {}
        for kind in self.catalogue.types:
            prefix = f"{ANSWER}{kind.code}__"
            fields = [self[name] for name in self.fields if name.startswith(prefix)]
            if fields:
                groups[kind.code] = {"code": kind.code, "label": str(kind.label), "fields": fields}
        return list(groups.values())

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(ANSWER)]

    def data_for_service(self) -> services.IncidentData:
        d = self.cleaned_data
        prefix = f"{ANSWER}{d['type_code']}__"
        answers = {name.removeprefix(prefix): value for name, value in d.items() if name.startswith(prefix)}
        return services.IncidentData(
            type_code=d["type_code"],
            occurred_at=d["occurred_at"],
            place=d["place"],
            summary=d["summary"],
            unit_id=d["unit_id"],
            answers=answers,
        )

    @classmethod
    def initial_of(cls, incident: Any) -> dict[str, Any]:
        initial = {
            "type_code": incident.type_code,
            "occurred_at": timezone.localtime(incident.occurred_at),
            "unit_id": incident.unit_id,
            "place": incident.place,
            "summary": incident.summary,
            "version": incident.version,
        }
        for code, value in incident.answers.items():
            if isinstance(value, bool):
                value = "yes" if value else "no"
            initial[f"{ANSWER}{incident.type_code}__{code}"] = value
        return initial


class InvolvementForm(BootstrapMixin, Versioned):
    role = forms.ChoiceField(
        label=pgettext_lazy("role in an incident", "Part in the incident"),
        choices=[("", "—"), *InvolvementRole.choices],
    )
    prisoner_number = forms.CharField(
        label=_("Prisoner number"),
        max_length=40,
        required=False,
        help_text=_("Of the person in custody. Leave empty for a member of staff."),
    )
    staff_name = forms.CharField(label=_("Member of staff (name and post)"), max_length=120, required=False)
    injuries = _text(_("Injuries seen"), rows=2, required=False, help_text=_("Opens a medical examination."))
    force_technique = forms.ChoiceField(
        label=_("Force used on the person"), choices=ForceTechnique.choices, required=False
    )
    force_by = forms.CharField(label=_("Force used by"), max_length=200, required=False)
    force_reason = _text(
        _("Why force was needed"),
        rows=2,
        required=False,
        help_text=_("Only as a last resort, the least force needed (Mandela Rule 82). Opens a medical examination."),
    )


class ReviewForm(BootstrapMixin, Versioned):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("", "—"),
            ("close", _("Close the report")),
            ("return", _("Return it for more information")),
            ("duplicate", _("Set it aside: it repeats another report")),
            ("not_reportable", _("Set it aside: not reportable")),
        ],
    )
    duplicate_of = forms.IntegerField(label=_("Number of the report it repeats"), required=False, min_value=1)
    comment = _text(_("Comment"), rows=2, required=False, help_text=_("Required to return or set aside a report."))


class ExaminationForm(BootstrapMixin, forms.Form):
    examined_at = forms.DateTimeField(label=_("Examined on"), widget=DateTimeInput())
    findings = _text(_("Findings"), rows=4)
    signs_of_ill_treatment = forms.BooleanField(
        label=_("Signs of torture or other ill-treatment"),
        required=False,
        help_text=_("Documented and reported to the competent authority (Mandela Rule 34)."),
    )
    reported_to = _text(_("Reported to, and when"), rows=2, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"examined_at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)
