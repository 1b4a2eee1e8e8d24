"""Forms of the visit pages. They check types and lengths; the services check the rest (who may
act, every reason a booking is refused) and the pages show their refusals here."""

from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from custodia.contact.models import Contact
from custodia.core.forms import BootstrapMixin, DateInput

from .choices import BookingStatus, RoomKind, SearchOutcome
from .models import VisitRoom, VisitSession
from .services import DayRecord, RoomData, SessionsData


class TimeInput(forms.TimeInput):
    input_type = "time"


class RoomForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind of room"), choices=RoomKind.choices)
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, max_value=200, help_text=_("How many visits at once.")
    )
    child_friendly = forms.BooleanField(label=_("Child-friendly setting"), required=False)

    def data_for_service(self) -> RoomData:
        return RoomData(**self.cleaned_data)


class SessionsForm(BootstrapMixin, forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=VisitRoom.objects.none())
    first = forms.DateField(label=_("First day"), widget=DateInput())
    last = forms.DateField(label=_("Last day"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starts"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ends"), widget=TimeInput())

    def __init__(self, *args: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms  # type: ignore[attr-defined]

    def data_for_service(self) -> SessionsData:
        data = self.cleaned_data
        return SessionsData(data["first"], data["last"], data["starts_at"], data["ends_at"])


def session_label(session: VisitSession) -> str:
    free = session.capacity - getattr(session, "taken", 0)
    room = session.room
    child = f" · {_('child-friendly')}" if room.child_friendly else ""
    return (
        f"{formats.date_format(session.day, 'SHORT_DATE_FORMAT')} {session.starts_at:%H:%M}-{session.ends_at:%H:%M}"
        f" · {room.name} ({room.get_kind_display()}{child}) · {_('free places')}: {free}"
    )


class BookingForm(BootstrapMixin, forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=VisitSession.objects.none())
    visitors = forms.ModelMultipleChoiceField(
        label=_("Visitors"),
        queryset=Contact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The person's contacts approved for visits or video calls."),
    )

    def __init__(self, *args: Any, sessions: list[VisitSession], visitors: list[Contact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        field.queryset = VisitSession.objects.filter(pk__in=[s.pk for s in sessions])  # type: ignore[attr-defined]
        field.choices = [("", "---------")] + [(s.pk, session_label(s)) for s in sessions]  # type: ignore[attr-defined]
        people = self.fields["visitors"]
        people.queryset = Contact.objects.filter(pk__in=[c.pk for c in visitors])  # type: ignore[attr-defined]
        people.choices = [(c.pk, f"{c.name} ({c.get_kind_display()})") for c in visitors]  # type: ignore[attr-defined]
        people.widget.attrs["class"] = "form-check-input"


class DayForm(BootstrapMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(
        label=_("What happened"),
        choices=[(s.value, s.label) for s in BookingStatus if s != BookingStatus.BOOKED],
    )
    arrived_at = forms.TimeField(label=_("Arrived"), widget=TimeInput(), required=False)
    search = forms.ChoiceField(label=_("Search"), choices=[("", "---------"), *SearchOutcome.choices], required=False)
    started_at = forms.TimeField(label=_("Started"), widget=TimeInput(), required=False)
    ended_at = forms.TimeField(label=_("Ended"), widget=TimeInput(), required=False)
    connection_failed = forms.BooleanField(label=_("The connection failed (video call)"), required=False)
    reason = forms.CharField(
        label=_("Reason (cancelled or refused)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def data_for_service(self) -> DayRecord:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        return DayRecord(**data)


class CancelForm(BootstrapMixin, forms.Form):
    """For staff who book visits but do not record the day: a booked visit cancelled, with why."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Why it is cancelled"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
