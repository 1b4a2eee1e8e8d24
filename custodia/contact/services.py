"""Writes of contacts, each in one transaction with its audit event.

Reception and the case manager of the prison that holds the person record contacts and approve
them for visits, calls and video calls. The security officer or the director restricts a contact
for a reason that concerns the contact (security, safety, a court order), for a set period; a
family member only by the director, who reviews it; never as a sanction on family, a legal adviser
or a consular officer (rules.NEVER_AS_SANCTION)."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.selectors import works_at
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.refusals import ensure_allowed
from custodia.core.versions import bump_version, check_version
from custodia.core.workflow import locked
from custodia.register.models import FamilyMember, Prisoner

from . import rules, selectors
from .choices import ContactKind, RestrictionReason
from .models import Contact, Restriction

PROBLEMS = {
    "never_as_sanction": gettext_lazy(
        "Contact with family, a legal adviser or a consular officer is never restricted as a disciplinary "
        "sanction (Mandela Rules 43(3) and 61)."
    ),
    "ends_before_start": gettext_lazy("The end cannot be before the start."),
    "too_long": gettext_lazy("A restriction lasts at most %(days)s days; renew it if it is still needed."),
}


def _at_prison(actor: User, prisoner: Prisoner) -> bool:
    prison = prisoner.current_prison
    return prison is not None and works_at(actor, prison)


def manage_refusal(actor: User, prisoner: Prisoner) -> str | None:
    if actor.has_perm(selectors.MANAGE) and _at_prison(actor, prisoner):
        return None
    return _("Only reception or the case manager of the prison that holds the person can record contacts.")


def restrict_refusal(actor: User, contact: Contact) -> str | None:
    if not (actor.has_perm(selectors.RESTRICT) and _at_prison(actor, contact.prisoner)):
        return _(
            "Only the security officer or the director of the prison that holds the person can restrict a contact."
        )
    if contact.kind in rules.DIRECTOR_ONLY and not actor.has_perm(selectors.RESTRICT_FAMILY):
        return _("Only the director restricts contact with a family member.")
    return None


@dataclass(frozen=True)
class ContactData:
    kind: str
    name: str
    relationship: str = ""
    identity_document: str = ""
    address: str = ""
    telephone: str = ""


def _checked(data: ContactData) -> None:
    problems = {}
    if data.kind not in ContactKind.values:
        problems["kind"] = _("Choose the kind of contact.")
    if not data.name.strip():
        problems["name"] = _("Give the contact's name.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def contact_add(
    *, actor: User, prisoner: Prisoner, data: ContactData, family_member: FamilyMember | None = None
) -> Contact:
    ensure_allowed(manage_refusal(actor, prisoner))
    _checked(data)
    if family_member is not None and family_member.prisoner_id != prisoner.pk:
        raise ValidationError({"family_member": _("This family member is not on this person's file.")})
    contact = Contact.objects.create(
        prisoner=prisoner,
        kind=data.kind,
        name=data.name.strip(),
        relationship=data.relationship.strip(),
        identity_document=data.identity_document.strip(),
        address=data.address.strip(),
        telephone=data.telephone.strip(),
        family_member=family_member,
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CONTACT_ADD,
        obj=contact.prisoner,
        changes=audit.changes_of(contact=(None, contact.pk), kind=(None, contact.kind)),
    )
    return contact


def contact_from_family(*, actor: User, family_member: FamilyMember) -> Contact:
    """A family member of the file's family section, recorded as a contact (not yet approved)."""
    if Contact.objects.filter(family_member=family_member).exists():
        raise ValidationError({"family_member": _("This family member is already a contact.")})
    data = ContactData(
        ContactKind.FAMILY,
        family_member.name,
        relationship=str(family_member.get_relationship_display()),
        telephone=family_member.contact,
    )
    return contact_add(actor=actor, prisoner=family_member.prisoner, data=data, family_member=family_member)


@transaction.atomic
def contact_approve(
    *, actor: User, contact: Contact, may_visit: bool, may_call: bool, may_video: bool, version: int | None = None
) -> Contact:
    contact = locked(contact, "prisoner__current_prison")
    check_version(contact, version)
    ensure_allowed(manage_refusal(actor, contact.prisoner))
    before = (contact.may_visit, contact.may_call, contact.may_video)
    contact.may_visit, contact.may_call, contact.may_video = may_visit, may_call, may_video
    contact.approved_by, contact.approved_on = actor, timezone.localdate()
    bump_version(contact, ["may_visit", "may_call", "may_video", "approved_by", "approved_on"])
    audit.record(
        actor=actor,
        action=AuditAction.CONTACT_APPROVE,
        obj=contact.prisoner,
        changes=audit.changes_of(
            contact=(None, contact.pk),
            may_visit=(before[0], may_visit),
            may_call=(before[1], may_call),
            may_video=(before[2], may_video),
        ),
    )
    return contact


@dataclass(frozen=True)
class RestrictionData:
    reason: str
    explanation: str
    starts_on: date
    ends_on: date


@transaction.atomic
def restriction_impose(*, actor: User, contact: Contact, data: RestrictionData) -> Restriction:
    contact = locked(contact, "prisoner__current_prison")
    ensure_allowed(restrict_refusal(actor, contact))
    problems: dict[str, str] = {}
    if data.reason not in RestrictionReason.values:
        problems["reason"] = _("Choose the reason.")
    if not data.explanation.strip():
        problems["explanation"] = _("Say what happened.")
    for field, problem in rules.restriction_problems(contact.kind, data.reason, data.starts_on, data.ends_on).items():
        problems.setdefault(field, str(PROBLEMS[problem] % {"days": rules.LONGEST_DAYS}))
    if problems:
        raise ValidationError(problems)
    restriction = Restriction.objects.create(
        contact=contact,
        reason=data.reason,
        explanation=data.explanation.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        review_on=rules.first_review(contact.kind, data.starts_on),
        decided_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CONTACT_RESTRICT,
        obj=contact.prisoner,
        changes=audit.changes_of(contact=(None, contact.pk), reason=(None, data.reason), until=(None, data.ends_on)),
    )
    return restriction


@transaction.atomic
def restriction_lift(*, actor: User, restriction: Restriction, reason: str, version: int | None = None) -> Restriction:
    restriction = locked(restriction, "contact__prisoner__current_prison")
    check_version(restriction, version)
    ensure_allowed(restrict_refusal(actor, restriction.contact))
    if restriction.lifted_on is not None:
        raise ValidationError({"status": _("This restriction is already lifted.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is lifted.")})
    restriction.lifted_on, restriction.lifted_by, restriction.lift_reason = timezone.localdate(), actor, reason.strip()
    bump_version(restriction, ["lifted_on", "lifted_by", "lift_reason"])
    audit.record(
        actor=actor,
        action=AuditAction.CONTACT_RESTRICTION_LIFT,
        obj=restriction.contact.prisoner,
        changes=audit.changes_of(contact=(None, restriction.contact_id), lifted_on=(None, restriction.lifted_on)),
    )
    return restriction


@transaction.atomic
def restriction_review(*, actor: User, restriction: Restriction, note: str, version: int | None = None) -> Restriction:
    """The director keeps a restriction of family contact after reviewing it: the next review falls
    REVIEW_DAYS later (lifting it is restriction_lift)."""
    restriction = locked(restriction, "contact__prisoner__current_prison")
    check_version(restriction, version)
    ensure_allowed(restrict_refusal(actor, restriction.contact))
    if restriction.review_on is None or restriction.lifted_on is not None:
        raise ValidationError({"status": _("This restriction is not one that is reviewed.")})
    if not note.strip():
        raise ValidationError({"note": _("Say why the restriction is still needed.")})
    before = restriction.review_on
    restriction.review_on = rules.first_review(restriction.contact.kind, timezone.localdate())
    bump_version(restriction, ["review_on"])
    audit.record(
        actor=actor,
        action=AuditAction.CONTACT_RESTRICTION_REVIEW,
        obj=restriction.contact.prisoner,
        changes=audit.changes_of(contact=(None, restriction.contact_id), review_on=(before, restriction.review_on)),
        reason=note.strip(),
    )
    return restriction
