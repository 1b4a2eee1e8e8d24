"""Release planning and after-care (Mandela Rules 87-90, 106-108).

A release plan prepares one stay in custody (an admission) for its end: the resettlement pathways
with their actions, referrals to outside agencies with what the person agreed to share with each,
and, once the person is released, the follow-ups at the profile's intervals. Nothing is deleted:
a consent is changed by recording a new one (the latest is in force), an answer or a status by
its service, each step in the audit trail.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.register.models import Admission, Prisoner

from .choices import AgencyKind, Answer, OpenedHow, Pathway, PathwayStatus

USER = settings.AUTH_USER_MODEL


class ReleasePlan(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="release_plans")
    # The stay it prepares the end of: one plan per admission.
    admission = models.OneToOneField(Admission, on_delete=models.PROTECT, related_name="release_plan")
    # Where it was opened: the prison that held the person then; it follows the person up after release.
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    opened_how = models.CharField(_("opened"), max_length=20, choices=OpenedHow.choices)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    opened_at = models.DateTimeField(_("opened on"), auto_now_add=True)
    # The computed release date when planning opened (none on remand).
    release_on = models.DateField(_("expected release"), null=True, blank=True)

    class Meta:
        verbose_name = _("release plan")
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prisoner} · {self.opened_at:%Y-%m-%d}"


class PathwayRecord(models.Model):
    plan = models.ForeignKey(ReleasePlan, on_delete=models.PROTECT, related_name="pathways")
    pathway = models.CharField(_("pathway"), max_length=20, choices=Pathway.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=PathwayStatus.choices, default=PathwayStatus.NOT_STARTED
    )
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # core.versions

    class Meta:
        verbose_name = _("resettlement pathway")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "pathway"], name="one_record_per_pathway")]

    def __str__(self) -> str:
        return self.get_pathway_display()


class PathwayAction(models.Model):
    pathway = models.ForeignKey(PathwayRecord, on_delete=models.PROTECT, related_name="actions")
    text = models.TextField(_("action"))
    responsible = models.CharField(_("responsible"), max_length=200)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resettlement action")
        ordering = ["id"]


class Referral(models.Model):
    plan = models.ForeignKey(ReleasePlan, on_delete=models.PROTECT, related_name="referrals")
    agency_name = models.CharField(_("agency"), max_length=200)
    agency_kind = models.CharField(_("kind of agency"), max_length=20, choices=AgencyKind.choices)
    pathway = models.CharField(_("pathway"), max_length=20, choices=Pathway.choices, blank=True)
    purpose = models.TextField(_("what is asked of the agency"), blank=True)
    made_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(_("referred on"), auto_now_add=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, default=Answer.AWAITING)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_note = models.TextField(_("note on the answer"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("referral")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="awaiting") | Q(answered_on__isnull=False), name="referral_answer_has_date"
            )
        ]

    def __str__(self) -> str:
        return self.agency_name


class Consent(models.Model):
    """What the person agreed to share with the agency of a referral (ShareSection codes), when,
    and how it was explained to them. The latest is in force; withdrawing is a new consent that
    shares nothing."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="consents")
    sections = models.JSONField(_("sections the person agreed to share"), default=list)
    given_on = models.DateField(_("given on"))
    explained_in = models.CharField(_("explained in (language)"), max_length=100)
    explained_by = models.CharField(_("explained by (staff member or interpreter)"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent to share")
        ordering = ["-recorded_at", "-id"]


class FollowUp(models.Model):
    """One follow-up after release, `months` after it. Each outcome is yes, no or unknown (None):
    without contact nothing is known."""

    plan = models.ForeignKey(ReleasePlan, on_delete=models.PROTECT, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after release"))
    contact_made = models.BooleanField(_("contact made"))
    housed = models.BooleanField(_("housed"), null=True, blank=True)
    in_work_or_education = models.BooleanField(_("in work or education"), null=True, blank=True)
    family_contact = models.BooleanField(_("in contact with family"), null=True, blank=True)
    new_offence = models.BooleanField(_("new offence"), null=True, blank=True)
    recalled = models.BooleanField(_("recalled to prison"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up after release")
        ordering = ["months"]
        constraints = [models.UniqueConstraint(fields=["plan", "months"], name="one_follow_up_per_interval")]
