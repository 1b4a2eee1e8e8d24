"""Forms of the assessment app."""

import io
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput
from custodia.core.levels import RiskLevel

from . import validation
from .choices import BY_HAND, TriggerEvent
from .instruments import Domain, Instrument, Item
from .rules import Rating

# Local validation of an instrument (validation_views.instrument_validation) ---------------------

MAX_VALIDATION_UPLOAD = 5 * 1024 * 1024


class InstrumentValidationForm(BootstrapMixin, forms.Form):
    """The columns of an uploaded CSV export to validate an instrument on. The file is read for
    this request only and never stored."""

    csv_file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per assessment: the score, the outcome recorded afterwards and, if wanted, group columns. "
            "UTF-8, comma or semicolon separated, at most 5 MB. The file is not kept: choose it again for another run."
        ),
    )
    score_column = forms.CharField(label=_("Score column"), max_length=200)
    outcome_column = forms.CharField(
        label=_("Outcome column"),
        max_length=200,
        help_text=_("1 or 0 (or yes/no, true/false): did the outcome (serious incident, reconviction) happen?"),
    )
    group_columns = forms.CharField(
        label=_("Group columns"),
        max_length=1000,
        required=False,
        help_text=_("Comma-separated, for example: sex, age_group. Error rates are shown for each group."),
    )
    threshold = forms.DecimalField(
        label=_("Threshold"),
        required=False,
        help_text=_("A score at or above it predicts the outcome. Leave empty to use the median score."),
    )

    def clean_csv_file(self) -> "UploadedFile[bytes]":
        upload: UploadedFile[bytes] = self.cleaned_data["csv_file"]
        size = upload.size or 0  # an upload always has a size: None is only the type's
        if size > MAX_VALIDATION_UPLOAD:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Export fewer columns or split it by period."),
                code="too_large",
                params={"size": filesizeformat(size), "limit": filesizeformat(MAX_VALIDATION_UPLOAD)},
            )
        return upload

    def clean_group_columns(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["group_columns"].split(",") if name.strip()]

    def clean(self) -> dict[str, Any]:
        """Reads the file and computes the report (cleaned_data["report"]). A column that is not
        in the file is reported on the field naming it, any other problem on the file field."""
        data = super().clean()
        assert data is not None  # Form.clean returns the cleaned data
        if self.errors:
            return data
        upload = data["csv_file"]
        upload.seek(0)
        # utf-8-sig drops the byte order mark Excel puts before "CSV UTF-8" files.
        stream = io.TextIOWrapper(upload.file, encoding="utf-8-sig", newline="")
        try:
            dataset = validation.read_csv(
                stream, score=data["score_column"], outcome=data["outcome_column"], groups=data["group_columns"]
            )
            threshold = data["threshold"]
            data["report"] = validation.validate(dataset, threshold=None if threshold is None else float(threshold))
        except validation.ValidationInputError as exc:
            self.add_error(self._field_for(exc), str(exc))
        finally:
            # Detached, the wrapper leaves the upload open for Django to close and clean up.
            stream.detach()
        return data

    def _field_for(self, error: validation.ValidationInputError) -> str:
        if isinstance(error, validation.MissingColumnError):
            if error.column == self.cleaned_data["score_column"]:
                return "score_column"
            if error.column == self.cleaned_data["outcome_column"]:
                return "outcome_column"
            return "group_columns"
        return "csv_file"


# Rating an assessment and recording a reassessment trigger (views) ----------------------------------


class RatingForm(BootstrapMixin, forms.Form):
    """One field per item of the instrument (its scale as choices) and one for its evidence; for
    structured professional judgement, the rationale and the final judgement chosen by the rater.
    Items left blank stay unrated: a draft can be saved at any point. The fields are made after
    BootstrapMixin has styled the form's own, so they carry their classes themselves."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for _domain, item in instrument.items():
            self.fields[item.code] = forms.TypedChoiceField(
                label=str(item.prompt),
                choices=[(level.value, f"{level.value} · {level.label}") for level in item.scale],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.fields[f"{item.code}_evidence"] = forms.CharField(
                label=_("Evidence") + ("" if item.evidence_required else " " + str(_("(optional)"))),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        if instrument.kind == "spj":
            self.fields["rationale"] = forms.CharField(
                label=_("Rationale for the final judgement"),
                required=False,
                max_length=8000,
                widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
                help_text=_("Read the item profile as a whole: which factors weigh most, and why."),
            )
            self.fields["final_judgement"] = forms.ChoiceField(
                label=_("Final judgement"),
                choices=[("", "—"), *RiskLevel.choices],
                widget=forms.Select(attrs={"class": "form-select"}),
                required=False,
                help_text=_("Your professional judgement: the system never decides it."),
            )

    def sections(self) -> list[tuple[Domain, list[tuple[Item, forms.BoundField, forms.BoundField]]]]:
        """The fields grouped by domain, each item with its definition, rating and evidence."""
        grouped: dict[str, tuple[Domain, list[tuple[Item, forms.BoundField, forms.BoundField]]]] = {}
        for domain, item in self.instrument.items():
            grouped.setdefault(domain.code, (domain, []))[1].append(
                (item, self[item.code], self[f"{item.code}_evidence"])
            )
        return list(grouped.values())

    def ratings(self) -> dict[str, Rating]:
        data = self.cleaned_data
        return {
            item.code: Rating(data[item.code], data[f"{item.code}_evidence"].strip())
            for _domain, item in self.instrument.items()
            if data.get(item.code) is not None
        }

    def judgement(self) -> dict[str, str | None]:
        if self.instrument.kind != "spj":
            return {"rationale": None, "final_judgement": None}
        return {"rationale": self.cleaned_data["rationale"], "final_judgement": self.cleaned_data["final_judgement"]}


class ReturnForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("What must be corrected"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TriggerForm(BootstrapMixin, forms.Form):
    # Only the events recorded by hand are offered; the others (FROM_RECORDS) still pass the field so
    # that the service's refusal, which says where they come from, is the one shown.
    event = forms.ChoiceField(label=_("Event"), choices=TriggerEvent.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.Select, self.fields["event"].widget).choices = BY_HAND


class StartForm(BootstrapMixin, forms.Form):
    """The instrument to start an assessment with, chosen on the page that confirms the start."""

    instrument = forms.ChoiceField(label=_("Instrument"))

    def __init__(self, *args: Any, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["instrument"])
        field.choices = [(instrument.id, f"{instrument.title} v{instrument.version}") for instrument in instruments]


class DiscardForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Why is the draft discarded?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: started by mistake, or with the wrong instrument."),
    )
