"""Web views of contacts: thin, each parses input, calls one selector or service and renders. A
person's contacts are part of their file: each page that shows them is a read of the file."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.http import AuthenticatedRequest
from custodia.core.refusals import add_service_errors, form_step, report_refusal
from custodia.core.rights import requires
from custodia.jobs.exports import export_answer
from custodia.register.models import FamilyMember, Prisoner

from . import forms, rules, selectors, services
from .exports import reviews_selection
from .models import Contact, Restriction

VIEW, MANAGE, RESTRICT = selectors.VIEW, selectors.MANAGE, selectors.RESTRICT


def _person(request: AuthenticatedRequest, prisoner_id: int) -> Prisoner:
    try:
        return selectors.people_with_contacts(user=request.user).select_related("current_prison").get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc


@requires(GET=VIEW)
def contact_list(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _person(request, prisoner_id)
    audit.record_read(actor=request.user, obj=prisoner, reason="contacts")
    return render(
        request,
        "contact/contact_list.html",
        {
            "prisoner": prisoner,
            "rows": selectors.contacts_of(user=request.user, prisoner_id=prisoner.pk),
            "family": selectors.family_not_yet_contacts(user=request.user, prisoner=prisoner),
            "may_add": services.manage_refusal(request.user, prisoner) is None,
        },
    )


@requires(GET=MANAGE, POST=MANAGE)
def contact_add(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _person(request, prisoner_id)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_add(actor=request.user, prisoner=prisoner, data=form.data_for_service())
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("contact:list", prisoner_id=prisoner.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact is recorded: approve it for visits or calls once checked."))
            return redirect("contact:detail", contact_id=contact.pk)
    return render(
        request, "contact/contact_form.html", {"prisoner": prisoner, "form": form, "heading": _("Record a contact")}
    )


@requires(POST=MANAGE)
def contact_from_family(request: AuthenticatedRequest, family_member_id: int) -> HttpResponse:
    try:
        member = FamilyMember.objects.select_related("prisoner").get(
            pk=family_member_id, prisoner__in=selectors.people_with_contacts(user=request.user)
        )
    except FamilyMember.DoesNotExist as exc:
        raise Http404(_("No such family member.")) from exc
    if not request.user.has_perm("accounts.view_family_section"):
        raise Http404(_("No such family member."))
    try:
        contact = services.contact_from_family(actor=request.user, family_member=member)
    except (PermissionDenied, ValidationError) as exc:
        report_refusal(request, exc)
        return redirect("contact:list", prisoner_id=member.prisoner_id)
    messages.success(request, _("The contact is recorded: approve it for visits or calls once checked."))
    return redirect("contact:detail", contact_id=contact.pk)


def _contact_or_404(request: AuthenticatedRequest, contact_id: int) -> Contact:
    try:
        return selectors.contact_get(user=request.user, contact_id=contact_id)
    except Contact.DoesNotExist as exc:
        raise Http404(_("No such contact.")) from exc


def _detail_page(request: AuthenticatedRequest, contact: Contact, bound: dict[str, Form] | None = None) -> HttpResponse:
    bound = bound or {}
    audit.record_read(actor=request.user, obj=contact.prisoner, reason="contact")
    restrictions = list(contact.restrictions.select_related("decided_by", "lifted_by"))
    row = selectors.row_of(contact, restrictions, timezone.localdate())
    may_manage = services.manage_refusal(request.user, contact.prisoner) is None
    may_restrict = services.restrict_refusal(request.user, contact) is None
    approval = {"may_visit": contact.may_visit, "may_call": contact.may_call, "may_video": contact.may_video}
    return render(
        request,
        "contact/contact_detail.html",
        {
            "contact": contact,
            "details": selectors.details_of(user=request.user, contact=contact),
            "prisoner": contact.prisoner,
            "row": row,
            "restrictions": restrictions,
            "may_restrict": may_restrict,
            "approval_form": (
                bound.get("approval")
                or forms.ApprovalForm(prefix="approval", initial={**approval, "version": contact.version})
            )
            if may_manage
            else None,
            "restriction_form": (bound.get("restrict") or forms.RestrictionForm(prefix="restrict"))
            if may_restrict
            else None,
        },
    )


@requires(GET=VIEW)
def contact_detail(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    return _detail_page(request, _contact_or_404(request, contact_id))


def _act(request: AuthenticatedRequest, contact: Contact, key: str, form: Form, act: Any, done: str) -> HttpResponse:
    return form_step(
        request,
        form,
        act,
        done=done,
        back=reverse("contact:detail", args=[contact.pk]),
        again=lambda bound: _detail_page(request, contact, {key: bound}),
    )


@requires(POST=MANAGE)
def contact_approve(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    contact = _contact_or_404(request, contact_id)
    form = forms.ApprovalForm(request.POST, prefix="approval")
    return _act(
        request,
        contact,
        "approval",
        form,
        lambda data: services.contact_approve(actor=request.user, contact=contact, **data),
        _("The approval is recorded."),
    )


@requires(POST=RESTRICT)
def restriction_impose(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    contact = _contact_or_404(request, contact_id)
    form = forms.RestrictionForm(request.POST, prefix="restrict")
    return _act(
        request,
        contact,
        "restrict",
        form,
        lambda _data: services.restriction_impose(actor=request.user, contact=contact, data=form.data_for_service()),
        _("The restriction is recorded."),
    )


def _restriction_or_404(request: AuthenticatedRequest, restriction_id: int) -> Restriction:
    try:
        return selectors.restriction_get(user=request.user, restriction_id=restriction_id)
    except Restriction.DoesNotExist as exc:
        raise Http404(_("No such restriction.")) from exc


def _restriction_step(
    request: AuthenticatedRequest, restriction_id: int, form_class: type[Form], act: Any, done: str
) -> HttpResponse:
    """A step on a restriction from the buttons of the contact's page: back to it, with what was
    done or why it was refused on top."""
    restriction = _restriction_or_404(request, restriction_id)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors.values()))
        act(restriction, form.cleaned_data)
    except (PermissionDenied, ValidationError) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, done)
    return redirect("contact:detail", contact_id=restriction.contact_id)


@requires(POST=RESTRICT)
def restriction_lift(request: AuthenticatedRequest, restriction_id: int) -> HttpResponse:
    return _restriction_step(
        request,
        restriction_id,
        forms.LiftForm,
        lambda r, data: services.restriction_lift(
            actor=request.user, restriction=r, reason=data["reason"], version=data["version"]
        ),
        _("The restriction is lifted."),
    )


@requires(POST=RESTRICT)
def restriction_review(request: AuthenticatedRequest, restriction_id: int) -> HttpResponse:
    return _restriction_step(
        request,
        restriction_id,
        forms.ReviewForm,
        lambda r, data: services.restriction_review(
            actor=request.user, restriction=r, note=data["note"], version=data["version"]
        ),
        _("The restriction is kept; its next review is in %(days)s days.") % {"days": rules.REVIEW_DAYS},
    )


@requires(GET=selectors.RESTRICT_FAMILY)
def review_list(request: AuthenticatedRequest) -> HttpResponse:
    """The director's list of restrictions of family contact whose review is due."""
    # The list as CSV or XLSX, the same rows as the page (contact.exports; custodia.jobs).
    if (export := export_answer(request, "contact-reviews")) is not None:
        return export
    due = reviews_selection(request.user, request.GET)
    audit.record_reads(
        actor=request.user, objs={r.contact.prisoner_id: r.contact.prisoner for r in due}.values(), reason="contacts"
    )
    return render(request, "contact/review_list.html", {"restrictions": due})
