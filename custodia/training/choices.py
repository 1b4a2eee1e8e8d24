"""The vocabularies of staff training, shared by rules, models, forms and the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    ELEARNING = "elearning", _("E-learning")
    CLASSROOM = "classroom", _("Classroom")
    ON_THE_JOB = "on_the_job", _("On-the-job training")
    TRAINING_OF_TRAINERS = "training_of_trainers", _("Training of trainers")


class Post(models.TextChoices):
    """The posts a course is meant for and coverage is counted by: broad on purpose, so that every
    service's ranks and titles fall under one of them."""

    PRISON_OFFICER = "prison_officer", _("Prison officer")
    SENIOR_OFFICER = "senior_officer", _("Senior officer (supervisor)")
    CASE_MANAGER = "case_manager", _("Case manager (psychologist, social worker)")
    PROGRAMME_STAFF = "programme_staff", _("Programme staff (teacher, instructor, chaplain)")
    HEALTH_CARE = "health_care", _("Health-care staff")
    SECURITY = "security", _("Security and intelligence officer")
    MANAGEMENT = "management", _("Prison management (director, deputy)")
    HEADQUARTERS = "headquarters", _("Headquarters staff")
    TRAINER = "trainer", _("Trainer")
    OTHER = "other", _("Other post")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held, results recorded")
    CANCELLED = "cancelled", _("Cancelled")


class Result(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    # Attended too few days to be assessed; the score, if any, does not count.
    INCOMPLETE = "incomplete", _("Did not complete")


class CertificateSource(models.TextChoices):
    SESSION = "session", _("Training session")
    ELEARNING = "elearning", _("E-learning platform")
    # Earned elsewhere (an international partner's training of trainers, another country's
    # academy) and recognised by the training centre: how the first trainers are certified.
    RECOGNISED = "recognised", _("Recognised from another institution")
