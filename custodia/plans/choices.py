"""The sentence plan's vocabularies, one enum each: rules, models, forms and the API use these."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanStatus(models.TextChoices):
    """A draft is agreed with the person; a review makes a new draft version, and when that is
    agreed the earlier one is superseded (kept, never changed again)."""

    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    SUPERSEDED = "superseded", _("Superseded by a later version")


class Agreement(models.TextChoices):
    """The person's own view of the plan (Mandela Rules 54-55: explained in a language they understand)."""

    AGREES = "agrees", _("Agrees")
    PARTLY = "partly", _("Agrees in part")
    DISAGREES = "disagrees", _("Disagrees")


class Origin(models.TextChoices):
    PROPOSED = "proposed", _("Proposed from an assessment's needs")
    ADDED = "added", _("Added by the case manager")


class Responsible(models.TextChoices):
    PERSON = "person", _("The person")
    STAFF = "staff", _("A member of staff")
    AGENCY = "agency", _("An outside agency")


class ObjectiveStatus(models.TextChoices):
    """A proposal is accepted (not started) or set aside with a reason; the person may decline an
    objective at any time, as their own choice, and take it up again later."""

    PROPOSED = "proposed", _("Proposed, awaiting the case manager")
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    WITHDRAWN = "withdrawn", pgettext_lazy("objective status", "Withdrawn")
    SET_ASIDE = "set_aside", pgettext_lazy("objective status", "Set aside")
    DECLINED = "declined", _("Declined by the person")


class ReviewEvent(models.TextChoices):
    """Events after which an agreed plan is reviewed sooner than its schedule."""

    FINAL_ASSESSMENT = "final_assessment", _("New final assessment")
    CLASSIFICATION = "classification", _("Classification decision")
    TRANSFER = "transfer", _("Transfer")
    SENTENCE_CHANGE = "sentence_change", _("Change of sentence or legal status")
    RELEASE = "release", _("Approaching release")


class DueReason(models.TextChoices):
    """Why a plan is due when it is: the first plan, the schedule or an event (ReviewEvent)."""

    FIRST = "first", _("First plan after admission")
    SCHEDULE = "schedule", _("Scheduled review")
