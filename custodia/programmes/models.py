"""Programmes and activities (Mandela Rules 4 and 87-108): a catalogue per prison kept by the
programme coordinator, referrals from sentence plan objectives, waiting lists, allocations within
capacity, sessions with their attendance and the end of each participation.

Nothing is lost: a participation is never deleted; it ends with a status, a reason and, once
completed, the end-of-programme report. Declining is the person's choice, recorded as such.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison, Unit
from custodia.plans.models import Objective
from custodia.register.models import Prisoner

from .choices import Achievement, AttendanceMark, ParticipationStatus, ProgrammeKind

USER = settings.AUTH_USER_MODEL


class Programme(models.Model):
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ProgrammeKind.choices)
    description = models.TextField(_("description"), blank=True)
    # assessment.choices.NeedArea codes: the needs (of sentence plan objectives) it addresses.
    need_areas = models.JSONField(_("needs addressed"), default=list, blank=True)
    # Eligibility; an empty list is no restriction. Sexes (register.choices.Sex), classification
    # levels (the profile's framework) and legal statuses (the profile's) by code.
    eligible_sexes = models.JSONField(_("open to (sex)"), default=list, blank=True)
    eligible_levels = models.JSONField(_("open to (classification levels)"), default=list, blank=True)
    eligible_legal_statuses = models.JSONField(_("open to (legal statuses)"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    venue = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("venue (unit)")
    )
    facilitators: "models.ManyToManyField[User, Any]" = models.ManyToManyField(
        USER, blank=True, related_name="+", verbose_name=_("facilitators")
    )
    accredited = models.BooleanField(_("accredited"), default=False)
    # A group activity: allocation checks separation (Rule 11) and non-associations with the group.
    mixes_people = models.BooleanField(_("people take part together"), default=True)
    is_active = models.BooleanField(_("offered"), default=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # core.versions

    class Meta:
        verbose_name = _("programme")
        ordering = ["prison", "name"]
        constraints = [
            models.UniqueConstraint(fields=["prison", "name"], name="programme_name_unique_per_prison"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="programme_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveIntegerField(_("duration (minutes)"), default=90)
    notes = models.TextField(_("session notes"), blank=True)
    attendance_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    attendance_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("session")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.programme} · {self.starts_at:%Y-%m-%d %H:%M}"


class Participation(models.Model):
    """A referral, then a place, then its end: one row through the whole way."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="participations")
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+")
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("objective")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ParticipationStatus.choices, default=ParticipationStatus.REFERRED
    )
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(_("referred"))
    referral_note = models.TextField(_("why this programme"), blank=True)
    allocated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    allocated_at = models.DateTimeField(_("allocated"), null=True, blank=True)
    ended_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # Why it was removed or dropped out; for a decline, the person's own reason.
    end_reason = models.TextField(_("reason"), blank=True)
    achievement = models.CharField(_("achievement"), max_length=20, choices=Achievement.choices, blank=True)
    report = models.TextField(_("end-of-programme report"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("participation")
        ordering = ["referred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "prisoner"],
                condition=Q(status__in=["referred", "allocated"]),
                name="one_open_participation_per_programme",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["declined", "removed"]) | ~Q(end_reason=""),
                name="participation_declined_or_removed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prisoner} · {self.programme}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    participation = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="attendances")
    mark = models.CharField(_("attendance"), max_length=20, choices=AttendanceMark.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "participation"], name="one_mark_per_session_and_person"),
        ]
