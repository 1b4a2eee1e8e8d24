"""The vocabularies of release planning and after-care, one enum each: rules, models, forms and
the API use these."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OpenedHow(models.TextChoices):
    """Planning opens on its own a number of months before the computed release date (the
    profile's `reintegration.planning_months`); for a person on remand, who has no release date,
    it opens on request."""

    SCHEDULE = "schedule", _("Release approaching")
    REQUEST = "request", _("On request")


class Pathway(models.TextChoices):
    """The resettlement pathways (after the HMPPS resettlement passport)."""

    ACCOMMODATION = "accommodation", _("Accommodation")
    IDENTITY = "identity", _("Identity documents")
    FAMILY = "family", _("Family and children")
    EDUCATION_WORK = "education_work", _("Education and work")
    FINANCE = "finance", _("Finance and debts")
    HEALTH = "health", _("Health, drugs and alcohol")
    ATTITUDES = "attitudes", _("Attitudes and thinking")


class PathwayStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("pathway status", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("pathway status", "In progress")
    RESOLVED = "resolved", pgettext_lazy("pathway status", "Resolved")
    NOT_NEEDED = "not_needed", pgettext_lazy("pathway status", "Not needed")


class AgencyKind(models.TextChoices):
    PROBATION = "probation", _("Probation or community service")
    NGO = "ngo", _("Non-governmental organisation")
    MENTOR = "mentor", _("Mentor")
    RELIGIOUS = "religious", _("Religious counsellor")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", pgettext_lazy("agency kind", "Other")


class Answer(models.TextChoices):
    """The agency's answer to a referral; awaiting until one is recorded."""

    AWAITING = "awaiting", _("Awaiting an answer")
    ACCEPTED = "accepted", pgettext_lazy("referral answer", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral answer", "Declined")
    NO_ANSWER = "no_answer", _("No answer")


class ShareSection(models.TextChoices):
    """What the person may agree to share with an agency, section by section: each pathway's
    status and actions, and their sentence plan's objectives. Who they are, when they are
    released and on what legal basis are shared whatever they choose (the law requires it), and
    nothing else is ever shared."""

    ACCOMMODATION = "accommodation", _("Accommodation")
    IDENTITY = "identity", _("Identity documents")
    FAMILY = "family", _("Family and children")
    EDUCATION_WORK = "education_work", _("Education and work")
    FINANCE = "finance", _("Finance and debts")
    HEALTH = "health", _("Health, drugs and alcohol")
    ATTITUDES = "attitudes", _("Attitudes and thinking")
    SENTENCE_PLAN = "sentence_plan", _("Sentence plan objectives")


class SummaryLanguage(models.TextChoices):
    """The languages a release summary is written in."""

    EN = "en", "English"
    FR = "fr", "Français"
    AR = "ar", "العربية"
    RU = "ru", "Русский"
    KK = "kk", "Қазақша"
