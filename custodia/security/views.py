"""Web views of non-associations: thin, each parses input, calls one selector or service and renders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors
from custodia.core.rights import requires, right
from custodia.jobs.exports import export_answer
from custodia.register.models import Prisoner
from custodia.register.selectors import NOT_IN_CUSTODY, held_where_user_works

from . import forms, selectors, services
from .exports import non_associations_selection
from .models import NonAssociation

# The service further checks the prison: staff of a prison holding one of the pair.
MANAGE = right("manage_non_associations")
VIEW = right("view_non_associations")
PAGE_SIZE = 50


def _to_file(prisoner_id: int):
    response = redirect("register:prisoner_detail", prisoner_id=prisoner_id)
    response["Location"] += "#non-associations"
    return response


@requires(GET=VIEW)
def non_association_list(request):
    """The open non-associations of the people held where the user works. Each record is part of
    both people's files: the people on the page have the read in their file's log (Rule 9)."""
    user = request.user
    # The list as CSV or XLSX, the same rows as the page (security.exports; custodia.jobs).
    if (export := export_answer(request, "non-associations")) is not None:
        return export
    context = page_of(request, non_associations_selection(user, request.GET), PAGE_SIZE)
    rows = [
        {
            "record": record,
            "people": [
                (person, selectors.works_where_held(user, person)) for person in (record.prisoner_a, record.prisoner_b)
            ],
            "may_close": services.non_association_refusal(user, record.prisoner_a, record.prisoner_b) is None,
        }
        for record in context["page"]
    ]
    people = {person for row in rows for person, _held_here in row["people"]}
    audit.record_reads(actor=user, objs=sorted(people, key=lambda p: p.pk), reason="non-association")
    return render(request, "security/non_association_list.html", {**context, "rows": rows})


@requires(GET=MANAGE, POST=MANAGE)
def non_association_open(request, prisoner_id: int):
    try:
        prisoner = held_where_user_works(user=request.user).get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc
    form = forms.NonAssociationOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        other = selectors.other_person_by_number(user=request.user, number=data["other_number"])
        if other is None:
            form.add_error("other_number", NOT_IN_CUSTODY)
        else:
            try:
                opened = services.non_association_open(
                    actor=request.user,
                    prisoner=prisoner,
                    other=other,
                    level=data["level"],
                    reason=data["reason"],
                    role=data["role"],
                    other_role=data["other_role"],
                    comment=data["comment"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"other": "other_number"})
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Non-association recorded."))
                for warning in opened.warnings:
                    messages.warning(request, warning)
                return _to_file(prisoner.pk)
    return render(
        request,
        "security/non_association_form.html",
        {"prisoner": prisoner, "form": form, "heading": _("Record a non-association")},
    )


@requires(GET=MANAGE, POST=MANAGE)
def non_association_close(request, non_association_id: int):
    try:
        record = selectors.non_association_get(user=request.user, non_association_id=non_association_id)
    except NonAssociation.DoesNotExist as exc:
        raise Http404(_("No such non-association.")) from exc
    # Back to the file it was closed from: one of the pair held where the user works (the selector
    # found the record through such a person).
    held_here = [p for p in (record.prisoner_a, record.prisoner_b) if selectors.works_where_held(request.user, p)]
    chosen = request.GET.get("from", "")
    prisoner = next((p for p in held_here if str(p.pk) == chosen), held_here[0])
    form = forms.NonAssociationCloseForm(request.POST or None)
    if request.method == "GET":
        # The page shows the record, which is part of both files (Mandela Rule 9).
        audit.record_reads(actor=request.user, objs=[record.prisoner_a, record.prisoner_b], reason="non-association")
    if request.method == "POST" and form.is_valid():
        try:
            services.non_association_close(
                actor=request.user, non_association=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {})
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Non-association closed."))
            return _to_file(prisoner.pk)
    return render(
        request,
        "security/non_association_form.html",
        {"prisoner": prisoner, "form": form, "heading": _("Close a non-association"), "record": record},
    )
