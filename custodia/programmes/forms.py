"""Forms of the programme pages."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from custodia.assessment.choices import NeedArea
from custodia.core.forms import BootstrapMixin, DateInput
from custodia.estate.models import Unit
from custodia.estate.selectors import active_profile
from custodia.plans.models import Objective
from custodia.register.choices import Sex

from . import services
from .choices import Achievement, AttendanceMark, ProgrammeKind
from .models import Programme

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _checkboxes(label: Any, choices: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


class ProgrammeForm(BootstrapMixin, Versioned):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    need_areas = _checkboxes(_("Needs addressed"), NeedArea.choices)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)
    venue = forms.ModelChoiceField(label=_("Venue (unit)"), queryset=Unit.objects.none(), required=False)
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    eligible_sexes = _checkboxes(_("Open to (sex)"), Sex.choices, _("None ticked: open to all."))
    eligible_levels = _checkboxes(_("Open to (classification levels)"), [], _("None ticked: open to all."))
    eligible_legal_statuses = _checkboxes(_("Open to (legal statuses)"), [], _("None ticked: open to all."))
    accredited = forms.BooleanField(label=_("Accredited"), required=False)
    mixes_people = forms.BooleanField(
        label=_("People take part together (a group)"),
        required=False,
        help_text=_("Allocation then checks separation of categories and non-associations with the group."),
    )
    is_active = forms.BooleanField(label=_("Offered"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        profile = active_profile()
        self.fields["venue"].queryset = units  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = staff  # type: ignore[attr-defined]
        self.fields["eligible_levels"].choices = [  # type: ignore[attr-defined]
            (level.code, str(level.label)) for level in profile.classification.levels
        ]
        self.fields["eligible_legal_statuses"].choices = [  # type: ignore[attr-defined]
            (entry.code, str(entry.label)) for entry in profile.legal_statuses
        ]

    def data_for_service(self) -> services.ProgrammeData:
        d = self.cleaned_data
        return services.ProgrammeData(
            name=d["name"],
            kind=d["kind"],
            capacity=d["capacity"],
            description=d["description"],
            need_areas=tuple(d["need_areas"]),
            eligible_sexes=tuple(d["eligible_sexes"]),
            eligible_levels=tuple(d["eligible_levels"]),
            eligible_legal_statuses=tuple(d["eligible_legal_statuses"]),
            venue=d["venue"],
            facilitators=tuple(d["facilitators"]),
            accredited=d["accredited"],
            mixes_people=d["mixes_people"],
            is_active=d["is_active"],
        )


class ScheduleForm(BootstrapMixin, forms.Form):
    first_day = forms.DateField(label=_("From"), widget=DateInput())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    at = forms.TimeField(label=_("At"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=_("Duration (minutes)"), initial=90, min_value=15, max_value=480)
    weeks = forms.IntegerField(label=_("For (weeks)"), initial=1, min_value=1, max_value=52)


class ReferralForm(BootstrapMixin, forms.Form):
    objective: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Sentence plan objective"), queryset=Objective.objects.none()
    )
    programme: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    note = forms.CharField(
        label=_("Why this programme"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args: Any, objectives: QuerySet, programmes: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class ReasonForm(Versioned):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class EndForm(BootstrapMixin, Versioned):
    status = forms.ChoiceField(
        label=_("How it ends"),
        choices=[
            ("completed", _("Completed")),
            ("dropped_out", _("Dropped out")),
            ("removed", _("Removed")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    achievement = forms.ChoiceField(
        label=_("Objective achieved"), choices=[("", "—"), *Achievement.choices], required=False
    )
    report = forms.CharField(
        label=_("End-of-programme report"), widget=forms.Textarea(attrs={"rows": 4}), max_length=8000, required=False
    )

    def ending(self) -> services.Ending:
        d = self.cleaned_data
        return services.Ending(status=d["status"], reason=d["reason"], achievement=d["achievement"], report=d["report"])


def marks_from(post: Any, participation_ids: list[int]) -> list[services.Mark]:
    """The attendance form's rows (`mark-<id>`, `reason-<id>`), one per person of the group; the
    service refuses a missing or wrong mark on that person's row."""
    return [
        services.Mark(pid, post.get(f"mark-{pid}", ""), post.get(f"reason-{pid}", "")[:300])
        for pid in participation_ids
    ]


MARKS = AttendanceMark.choices
