from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REQUEST = "request", _("Request")
    COMPLAINT = "complaint", _("Complaint")


class Category(models.TextChoices):
    STAFF = "staff", _("Treatment by staff")
    HEALTH = "health", _("Health care")
    FOOD = "food", _("Food")
    CONTACT = "contact", _("Contact and visits")
    LEGAL = "legal", _("Legal matters and access to a lawyer")
    PROPERTY = "property", _("Property")
    ACCOMMODATION = "accommodation", _("Accommodation")
    DISCIPLINE = "discipline", _("Discipline and measures")
    WORK = "work", _("Work and education")
    RELIGION = "religion", _("Religion")
    OTHER = "other", _("Other")


class MadeBy(models.TextChoices):
    PERSON = "person", _("The person")
    LEGAL_ADVISER = "legal_adviser", _("Their legal adviser")
    FAMILY = "family", _("A member of their family")


class Addressee(models.TextChoices):
    DIRECTOR = "director", _("The prison director")
    HEADQUARTERS = "headquarters", _("Headquarters")
    INSPECTION = "inspection", _("The inspection body (confidential)")


class Status(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered")
    APPEALED = "appealed", _("Appealed to headquarters")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    GRANTED = "granted", _("Granted")
    NOT_GRANTED = "not_granted", _("Not granted")
