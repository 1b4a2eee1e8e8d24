"""Forms of the classification app. They check what the request alone shows; the services
check the rest (who may act, the reasons a choice needs, the workflow, stale versions)."""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput
from custodia.core.profiles import ClassificationFramework

from .choices import AppealOutcome, VepPlacement

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def level_choices(framework: ClassificationFramework) -> list[tuple[str, str]]:
    return [(level.code, str(level.label)) for level in framework.levels]


def _text(
    label: "StrOrPromise", *, rows: int = 3, required: bool = False, help_text: "StrOrPromise" = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ProposalForm(BootstrapMixin, forms.Form):
    """The case manager's proposal: the level (the computed one first), the rationale, a reason for
    another level and, for a person linked to violent extremism, the placement option with its
    reason. The programme confirmation is offered where a level in reach asks for one."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    proposed_level = forms.ChoiceField(label=_("Proposed level"))
    rationale = _text(
        _("Rationale"),
        rows=4,
        required=True,
        help_text=_("The risks and needs this level answers, and why a less restrictive one would not do."),
    )
    override_reason = _text(
        _("Reason for proposing another level than the computed one"),
        help_text=_("Needed only when the level differs from the one the system computed."),
    )

    def __init__(
        self, *args: Any, framework: ClassificationFramework, is_vep: bool, programme: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["proposed_level"]).choices = level_choices(framework)
        if is_vep:
            options = [(code, VepPlacement(code).label) for code in framework.vep_placement_options]
            self.fields["vep_placement"] = forms.ChoiceField(
                label=_("Placement (person linked to violent extremism)"),
                choices=[("", "—"), *options],
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
                help_text=_("Chosen for this person from their assessment and conduct, never by the label alone."),
            )
            self.fields["vep_placement_reason"] = forms.CharField(
                label=_("Reason for this placement"),
                required=False,
                max_length=8000,
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            )
        if programme:
            self.fields["programme_confirmed"] = forms.BooleanField(
                label=_("Completed: %(programme)s") % {"programme": programme},
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                help_text=_("Needed to propose a level that requires it while no completed programme is recorded."),
            )


class ApproveForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    level = forms.ChoiceField(label=_("Level decided"))
    reason = _text(_("Reason for deciding another level"), help_text=_("Needed only when you change the level."))

    def __init__(self, *args: Any, framework: ClassificationFramework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["level"]).choices = level_choices(framework)


class ReturnForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = _text(_("What the case manager should reconsider"), required=True)


class InformationForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    informed_on = forms.DateField(
        label=_("Person informed of the decision and of how to contest it on"), widget=DateInput()
    )


class AppealForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    lodged_on = forms.DateField(label=_("Appeal lodged on"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AppealOutcome.choices, initial=AppealOutcome.PENDING)
    decided_on = forms.DateField(label=_("Appeal decided on"), widget=DateInput(), required=False)
    note = _text(_("Note"), rows=2)


class ReviewDateForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_date = forms.DateField(label=_("New review date"), widget=DateInput())
    reason = _text(_("Reason for the change"), required=True)
