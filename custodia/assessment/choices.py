"""The assessment's vocabularies, one enum each: instrument definitions (YAML, validated by
pydantic), the database, forms and the API all use these."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStatus(models.TextChoices):
    """A draft is submitted, then countersigned by a second assessor (final) or returned; a draft
    its author no longer wants is discarded (kept, never deleted)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for countersignature")
    RETURNED = "returned", _("Returned with comments")
    FINAL = "final", _("Final (countersigned)")
    DISCARDED = "discarded", _("Discarded draft")


class NeedArea(models.TextChoices):
    """The need areas instruments inform: sentence plans build on them."""

    EDUCATION = "education", _("Education")
    EMPLOYMENT = "employment", _("Employment")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    FAMILY = "family", _("Family and relationships")
    ACCOMMODATION = "accommodation", _("Accommodation")
    FINANCES_ID = "finances_id", _("Finances and identity documents")
    PEERS = "peers", _("Peers and associates")
    ATTITUDES = "attitudes", _("Attitudes")
    VIOLENCE_SUFFERED = "violence_suffered", _("Violence suffered")
    CAREGIVING = "caregiving", _("Caregiving")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")


class TriggerEvent(models.TextChoices):
    """Events after which the instruments that list them are due again."""

    SERIOUS_INCIDENT = "serious_incident", _("Serious incident")
    RELIABLE_INTELLIGENCE = "reliable_intelligence", _("New intelligence graded reliable")
    SENTENCE_CHANGE = "sentence_change", _("Change of sentence or legal status")
    TRANSFER = "transfer", _("Transfer")
    RELEASE_PLANNING = "release_planning", _("Release planning")
    PROGRAMME_COMPLETED = "programme_completed", _("Programme completed")


# Events that only their own records write, never a hand: a serious incident when the director
# closes its incident report (incidents), reliable intelligence when the security officer grades
# the report (intelligence). Each with what to do instead, for the form and the API.
FROM_RECORDS = {
    TriggerEvent.SERIOUS_INCIDENT: _(
        "A serious incident is not entered by hand: it is recorded for each perpetrator when the incident "
        "report is closed. Write an incident report under Incidents."
    ),
    TriggerEvent.RELIABLE_INTELLIGENCE: _(
        "Intelligence graded reliable is not entered by hand: it is recorded for each person in custody named "
        "in the report when the security officer grades it reliable. Pass the information on as an intelligence "
        "report."
    ),
}
# The events an assessor may record by hand.
BY_HAND = [(value, label) for value, label in TriggerEvent.choices if value not in FROM_RECORDS]
