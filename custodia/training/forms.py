"""Forms of the training pages. They check types and lengths; the services check the rest (who may
act, the trainers' qualification, the participants' prerequisites, the lines of an imported file)
and the pages show their refusals here."""

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from custodia.core.forms import BootstrapMixin, DateInput, FastSelect
from custodia.estate.models import Prison
from custodia.register.choices import Sex

from .choices import Post
from .models import Course, Participant, StaffMember

# An export of the whole service's staff, or a year of the learning platform's completions, is far
# smaller: a larger file is a mistake, refused before it is read.
MAX_UPLOAD = 5 * 1024 * 1024
UPLOAD_TYPES = (".csv", ".xlsx")


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)


class StaffFilterForm(forms.Form):
    """The filters of the staff list (GET): a prison among those the user may see, a post, a search
    on names and service numbers. A value that is not one of the choices is ignored."""

    prison = forms.ChoiceField(label=_("Prison"), required=False, widget=FastSelect)
    post = forms.ChoiceField(label=_("Post"), required=False, choices=[("", _("All posts")), *Post.choices])
    q = forms.CharField(label=_("Name or service number"), required=False, max_length=100)

    def __init__(self, *args: Any, prisons: list[Prison], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["prison"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All prisons")), *((str(p.pk), p.name) for p in prisons)]
        for name, each in self.fields.items():
            each.widget.attrs["class"] = "form-select form-select-sm" if name != "q" else "form-control form-control-sm"

    def filters(self) -> dict[str, Any]:
        """The filters for selectors.staff_list: those that are valid, the others left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data  # the fields that are valid
        return {
            "prison_id": int(data["prison"]) if data.get("prison") else None,
            "post": data.get("post") or None,
            "q": (data.get("q") or "").replace("\x00", "").strip(),
        }


class RecogniseForm(BootstrapMixin, forms.Form):
    """A certificate earned elsewhere, recognised by the training centre (the first trainers)."""

    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.filter(is_active=True))
    issued_by = forms.CharField(
        label=_("Issued by"),
        max_length=200,
        help_text=_("The institution that issued it and its own number, as written on the certificate."),
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Valid until"), widget=DateInput(), required=False, help_text=_("Empty: it does not expire.")
    )


class StaffForm(BootstrapMixin, Versioned):
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    given_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    service_number = forms.CharField(label=_("Service number"), max_length=40, required=False)
    rank = forms.CharField(label=_("Rank"), max_length=80, required=False)
    post = forms.ChoiceField(label=_("Post"), choices=Post.choices)
    prison = forms.ModelChoiceField(
        label=_("Prison"),
        queryset=Prison.objects.none(),
        required=False,
        empty_label=_("Headquarters or the training centre"),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    language = forms.ChoiceField(
        label=_("Language of the certificates"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    is_active = forms.BooleanField(label=_("In service"), required=False, initial=True)

    def __init__(self, *args: Any, prisons: QuerySet[Prison], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["prison"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = prisons

    @staticmethod
    def initial_of(staff: StaffMember) -> dict[str, Any]:
        return {
            "family_name": staff.family_name,
            "given_name": staff.given_name,
            "service_number": staff.service_number,
            "rank": staff.rank,
            "post": staff.post,
            "prison": staff.prison_id,
            "sex": staff.sex,
            "language": staff.language,
            "is_active": staff.is_active,
            "version": staff.version,
        }

    def data_for_service(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class UploadForm(BootstrapMixin, forms.Form):
    """A CSV or XLSX file, read for this request (and kept in the session until it is imported)."""

    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args: Any, help_text: Any = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = help_text
        self.fields["file"].widget.attrs["accept"] = ",".join(UPLOAD_TYPES)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(UPLOAD_TYPES):
            raise forms.ValidationError(_("Choose a CSV or an XLSX file."), code="file_type")
        size = upload.size or 0
        if size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD)},
            )
        return upload


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        number = f" ({obj.service_number})" if obj.service_number else ""
        return f"{obj.family_name}, {obj.given_name}{number}"


class SessionPlanForm(BootstrapMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    prison = forms.ModelChoiceField(
        label=_("For the staff of"),
        queryset=Prison.objects.none(),
        required=False,
        empty_label=_("The national training centre (all prisons)"),
    )
    trainers = StaffChoiceField(
        label=_("Trainers"),
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Staff who hold a training-of-trainers certificate. Each trainer must hold one valid on the first day "
            "for a course that qualifies them to deliver this course: otherwise the session is refused, with why."
        ),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)

    def __init__(
        self,
        *args: Any,
        courses: QuerySet[Course],
        prisons: QuerySet[Prison],
        trainers: QuerySet[StaffMember],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("course", courses), ("prison", prisons), ("trainers", trainers)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        self.fields["trainers"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The last day cannot come before the first."))
        return data


class ParticipantsForm(Versioned):
    """The participants of a planned session: those already on it (each can be unticked) and those
    found by the search, to tick. The staff are any the user may see; the service checks each
    one's prerequisites."""

    staff = StaffChoiceField(queryset=StaffMember.objects.none(), required=False)

    def __init__(self, *args: Any, staff: QuerySet[StaffMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff


class CancelForm(BootstrapMixin, Versioned):
    reason = forms.CharField(label=_("Why it is cancelled"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ResultsForm(Versioned):
    """Per participant, the days attended (a checkbox per day of the session) and the assessment's
    score. Rendered as a table by training/results.html: a row per participant, a column per day."""

    def __init__(self, *args: Any, participants: list[Participant], days: list[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = participants
        self.days = days
        choices = [(day.isoformat(), formats.date_format(day, "SHORT_DATE_FORMAT")) for day in days]
        for participant in participants:
            self.fields[f"days_{participant.pk}"] = forms.MultipleChoiceField(
                label=str(participant.staff), choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )
            self.fields[f"score_{participant.pk}"] = forms.IntegerField(
                label=_("Score (%)"), min_value=0, max_value=100, required=False
            )
            if not self.is_bound:
                self.initial[f"days_{participant.pk}"] = participant.days_attended or [d for d, _label in choices]
                self.initial[f"score_{participant.pk}"] = participant.score

    def rows(self) -> list[dict[str, Any]]:
        """What the table shows for each participant: the staff member, a checkbox per day (checked
        or not) and the score's field."""
        rows = []
        for participant in self.participants:
            days = self[f"days_{participant.pk}"]
            chosen = {str(value) for value in (days.value() or [])}
            score = self[f"score_{participant.pk}"]
            rows.append(
                {
                    "participant": participant,
                    "name": days.html_name,
                    "days_id": days.auto_id,
                    "days": [(day.isoformat(), day, day.isoformat() in chosen) for day in self.days],
                    "days_errors": days.errors,
                    "score": score,
                }
            )
        return rows

    def results(self) -> dict[int, tuple[list[date], int | None]]:
        """The results for services.results_record: per participant id, the days and the score."""
        return {
            participant.pk: (
                [date.fromisoformat(day) for day in self.cleaned_data[f"days_{participant.pk}"]],
                self.cleaned_data[f"score_{participant.pk}"],
            )
            for participant in self.participants
        }


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("As printed on the certificate, for example ABCD-EFGH-JKLM."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"class": "form-control", "autocomplete": "off", "spellcheck": "false"})
