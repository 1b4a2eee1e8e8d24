"""Visits and video calls (Mandela Rules 58-61, Bangkok Rules 26-28): the rooms of a prison, the
sessions held in them, the bookings of a person with their visitors (approved contacts) and what
happened on the day, and the refused attempts with every reason. A booking is never deleted: it
is cancelled or refused with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from custodia.contact.models import Contact
from custodia.estate.models import Prison
from custodia.register.models import Prisoner

from .choices import BookingStatus, RoomKind, SearchOutcome

USER = settings.AUTH_USER_MODEL


class VisitRoom(models.Model):
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind of room"), max_length=20, choices=RoomKind.choices)
    capacity = models.PositiveSmallIntegerField(_("places"), help_text=_("How many visits at once."))
    child_friendly = models.BooleanField(_("child-friendly setting"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("visit room")
        ordering = ["prison_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["prison", "name"], name="visit_room_name_unique"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="visit_room_has_places"),
        ]

    def __str__(self) -> str:
        return self.name


class VisitSession(models.Model):
    room = models.ForeignKey(VisitRoom, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("room"))
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit session")
        ordering = ["day", "starts_at", "room_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["room", "day", "starts_at"], name="visit_session_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="visit_session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.room} {self.day} {self.starts_at:%H:%M}"


class Booking(models.Model):
    session = models.ForeignKey(VisitSession, on_delete=models.PROTECT, related_name="bookings")
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    visitors = models.ManyToManyField(Contact, related_name="+", verbose_name=_("visitors"))
    kind = models.CharField(_("kind"), max_length=20, choices=RoomKind.choices)
    confidential = models.BooleanField(_("confidential (legal adviser or consular officer)"), default=False)
    with_children = models.BooleanField(_("with children"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    booked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("booked by"))
    booked_at = models.DateTimeField(_("booked"), auto_now_add=True)
    # On the day
    arrived_at = models.TimeField(_("arrived"), null=True, blank=True)
    search = models.CharField(_("search"), max_length=20, choices=SearchOutcome.choices, blank=True)
    started_at = models.TimeField(_("started"), null=True, blank=True)
    ended_at = models.TimeField(_("ended"), null=True, blank=True)
    connection_failed = models.BooleanField(_("the connection failed"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("booking of a visit")
        ordering = ["session__day", "session__starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["booked", "completed"]) | ~Q(reason=""), name="booking_ended_with_reason"
            ),
        ]
        indexes = [models.Index(fields=["prisoner", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.prisoner_id} {self.session_id}"

    @property
    def duration_minutes(self) -> int | None:
        if self.started_at is None or self.ended_at is None:
            return None
        return (self.ended_at.hour * 60 + self.ended_at.minute) - (self.started_at.hour * 60 + self.started_at.minute)


class RefusedBooking(models.Model):
    """An attempt to book that was refused, with every reason (codes of services.REASONS), kept
    for the figures: who tried, when, for whom and which session."""

    session = models.ForeignKey(VisitSession, on_delete=models.PROTECT, related_name="refusals")
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    visitor_ids = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    attempted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("attempted by"))
    attempted_at = models.DateTimeField(_("attempted"), auto_now_add=True)

    class Meta:
        verbose_name = _("refused booking")
        ordering = ["-attempted_at", "-id"]
