"""A person's contacts with the outside world (Mandela Rules 58-63): family, friends, legal
advisers and consular officers, each approved or not for visits, calls and video calls, and the
restrictions on them with their reason, period and who decided. A contact is never deleted; a
restriction is lifted, never erased."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from custodia.register.models import FamilyMember, Prisoner

from .choices import ContactKind, RestrictionReason

USER = settings.AUTH_USER_MODEL


class Contact(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    kind = models.CharField(_("kind of contact"), max_length=20, choices=ContactKind.choices)
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship or capacity"), max_length=120, blank=True)
    identity_document = models.CharField(_("identity document (kind and number)"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    telephone = models.CharField(_("telephone"), max_length=60, blank=True)
    # Recorded from the family section of the file, when it was.
    family_member = models.OneToOneField(
        FamilyMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("family member")
    )
    may_visit = models.BooleanField(_("approved for visits"), default=False)
    may_call = models.BooleanField(_("approved for telephone calls"), default=False)
    may_video = models.BooleanField(_("approved for video calls"), default=False)
    approved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("contact")
        ordering = ["kind", "name", "id"]
        indexes = [models.Index(fields=["prisoner", "kind"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    @property
    def confidential(self) -> bool:
        """A legal adviser's or consular officer's contact is confidential: never listened to (Rule 61)."""
        return self.kind in (ContactKind.LEGAL_ADVISER, ContactKind.CONSULAR)


class Restriction(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="restrictions")
    reason = models.CharField(_("reason"), max_length=20, choices=RestrictionReason.choices)
    explanation = models.TextField(_("what happened"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    review_on = models.DateField(_("review by"), null=True, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lifted by")
    )
    lift_reason = models.TextField(_("why it was lifted"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("restriction of a contact")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="restriction_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | ~Q(lift_reason=""), name="restriction_lifted_with_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.reason} {self.starts_on}..{self.ends_on}"
