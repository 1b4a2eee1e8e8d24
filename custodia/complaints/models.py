"""Requests and complaints (Mandela Rules 56-57): made by the person, their legal adviser or a
family member, to the director, to headquarters, or confidentially to the inspection body; each
answered within the profile's deadline, appealed to headquarters, and closed. An allegation of
torture or ill-treatment (Rules 57(3), 71) is referred to an independent authority before it can
be closed, and never by the prison it concerns. Nothing is deleted: a complaint is closed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.register.models import Admission, Prisoner

from .choices import Addressee, Category, Kind, MadeBy, Outcome, Status

USER = settings.AUTH_USER_MODEL


class Complaint(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    # The prison that held the person when it was made: the one it concerns, whose staff see it.
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    made_by = models.CharField(_("made by"), max_length=20, choices=MadeBy.choices)
    addressee = models.CharField(_("addressed to"), max_length=20, choices=Addressee.choices)
    allegation = models.BooleanField(_("allegation of torture or ill-treatment"), default=False)
    # Empty for an allegation opened from an admission: its words are in the admission's health
    # section, read by those who may read it (register).
    text = models.TextField(_("what the person asks or complains of"), blank=True)
    made_on = models.DateField(_("made on"))
    due_on = models.DateField(_("answer due by"))
    # Opened from an admission's complaint of prior ill-treatment (register), when it was.
    admission = models.OneToOneField(
        Admission, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("admission")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("answer"), max_length=20, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("reasons of the answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    appealed_on = models.DateField(_("appealed on"), null=True, blank=True)
    appeal_grounds = models.TextField(_("grounds of the appeal"), blank=True)
    appeal_due_on = models.DateField(_("appeal answer due by"), null=True, blank=True)
    appeal_outcome = models.CharField(_("answer on appeal"), max_length=20, choices=Outcome.choices, blank=True)
    appeal_answer = models.TextField(_("reasons of the answer on appeal"), blank=True)
    appeal_answered_on = models.DateField(_("appeal answered on"), null=True, blank=True)
    appeal_answered_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("appeal answered by")
    )
    referred_to = models.CharField(_("independent authority referred to"), max_length=200, blank=True)
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    referral_reference = models.CharField(_("reference of the referral"), max_length=120, blank=True)
    referred_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("referred by")
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    close_note = models.TextField(_("why it is closed"), blank=True)
    # None: opened by the system (from an admission written in a batch, the demo).
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("request or complaint")
        ordering = ["-made_on", "-id"]
        indexes = [
            models.Index(fields=["prisoner", "addressee"]),
            models.Index(fields=["prison", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__gte=models.F("made_on")), name="complaint_due_after_made"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(close_note=""), name="complaint_closed_with_note"
            ),
            models.CheckConstraint(
                condition=Q(referred_on__isnull=True) | ~Q(referred_to=""), name="complaint_referred_to_someone"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.made_on}"

    @property
    def confidential(self) -> bool:
        return self.addressee == Addressee.INSPECTION
