"""The vocabularies of programmes and activities, one enum each: rules, models, forms and the API use these."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeKind(models.TextChoices):
    DISENGAGEMENT = "disengagement", _("Disengagement intervention")
    EDUCATION = "education", _("Education")
    VOCATIONAL = "vocational", _("Vocational training")
    WORK = "work", pgettext_lazy("programme kind", "Work")
    SPORT = "sport", _("Sport")
    ART_THERAPY = "art_therapy", _("Art therapy")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    RELIGIOUS = "religious", _("Religious or spiritual counselling")
    FAMILY = "family", _("Family")


class ParticipationStatus(models.TextChoices):
    """A referral waits on the programme's waiting list until the coordinator allocates a place;
    the person may decline a referral or a place at any time, as their own choice. A place ends
    completed, dropped out, removed (with a reason), or by a transfer out of the prison, a release or
    a death."""

    REFERRED = "referred", _("On the waiting list")
    ALLOCATED = "allocated", _("Allocated a place")
    DECLINED = "declined", _("Declined by the person")
    COMPLETED = "completed", pgettext_lazy("participation status", "Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    REMOVED = "removed", pgettext_lazy("participation status", "Removed")
    TRANSFERRED = "transferred", _("Ended by a transfer")
    LEFT_CUSTODY = "left_custody", _("Ended by release or death")


class AttendanceMark(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")
    REFUSED = "refused", pgettext_lazy("attendance", "Refused")
    EXCUSED = "excused", pgettext_lazy("attendance", "Excused")


class Achievement(models.TextChoices):
    """The end-of-programme report's verdict on the objective the referral came from."""

    ACHIEVED = "achieved", pgettext_lazy("achievement", "Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", pgettext_lazy("achievement", "Not achieved")
