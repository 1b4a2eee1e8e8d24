"""Web views of programmes and activities: thin, each parses input, calls one selector or service
and renders. The services refuse what a user may not do; the pages only offer what they allow."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from custodia.accounts.selectors import prisons_in_scope
from custodia.core import audit
from custodia.core.forms import int_or_none
from custodia.core.http import AuthenticatedRequest
from custodia.core.refusals import add_service_errors, report_refusal
from custodia.core.rights import requires, right
from custodia.estate.models import Prison, Unit
from custodia.plans.selectors import staff_at
from custodia.register.models import Prisoner
from custodia.register.selectors import held_where_user_works

from . import forms, referrals, selectors, services, suitability
from .models import Participation, Programme, Session

VIEW = right("view_programmes")
MANAGE = right("manage_programmes")
REFER = right("refer_to_programme")
ATTEND = right("record_attendance")


def _programme_or_404(request: AuthenticatedRequest, programme_id: int) -> Programme:
    try:
        return selectors.programme_get(user=request.user, programme_id=programme_id)
    except Programme.DoesNotExist as exc:
        raise Http404(_("No such programme.")) from exc


def _participation_or_404(request: AuthenticatedRequest, participation_id: int) -> Participation:
    try:
        return selectors.participation_get(user=request.user, participation_id=participation_id)
    except Participation.DoesNotExist as exc:
        raise Http404(_("No such participation.")) from exc


@requires(GET=VIEW)
def catalogue(request: AuthenticatedRequest) -> HttpResponse:
    prisons = list(prisons_in_scope(user=request.user).order_by("name"))
    chosen = request.GET.get("prison", "")
    prison = next((p for p in prisons if str(p.pk) == chosen), prisons[0] if prisons else None)
    programmes = list(selectors.programme_list(user=request.user, prison_id=prison.pk)) if prison else []
    return render(
        request,
        "programmes/catalogue.html",
        {
            "prisons": prisons,
            "prison": prison,
            "programmes": programmes,
            "may_add": prison is not None and services.coordinator_refusal(request.user, prison) is None,
        },
    )


def _programme_form(request: AuthenticatedRequest, prison: Prison, initial: dict) -> forms.ProgrammeForm:
    return forms.ProgrammeForm(
        request.POST or None,
        initial=initial,
        units=Unit.objects.filter(prison=prison).order_by("name"),
        staff=staff_at(prison.pk),
    )


def _programme_page(request: AuthenticatedRequest, form: forms.ProgrammeForm, prison: Prison, heading: str):
    return render(request, "programmes/programme_form.html", {"form": form, "prison": prison, "heading": heading})


@requires(GET=MANAGE, POST=MANAGE)
def programme_add(request: AuthenticatedRequest, prison_id: int) -> HttpResponse:
    prison = prisons_in_scope(user=request.user).filter(pk=prison_id).first()
    if prison is None:
        raise Http404(_("No such prison."))
    form = _programme_form(request, prison, {"capacity": 12, "mixes_people": True, "is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, prison=prison, data=form.data_for_service())
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("programmes:catalogue")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The programme is in the catalogue."))
            return redirect("programmes:detail", programme_id=programme.pk)
    return _programme_page(request, form, prison, _("Add a programme"))


@requires(GET=MANAGE, POST=MANAGE)
def programme_edit(request: AuthenticatedRequest, programme_id: int) -> HttpResponse:
    programme = _programme_or_404(request, programme_id)
    initial = {
        "version": programme.version,
        "name": programme.name,
        "kind": programme.kind,
        "description": programme.description,
        "need_areas": programme.need_areas,
        "capacity": programme.capacity,
        "venue": programme.venue_id,
        "facilitators": [u.pk for u in programme.facilitators.all()],
        "eligible_sexes": programme.eligible_sexes,
        "eligible_levels": programme.eligible_levels,
        "eligible_legal_statuses": programme.eligible_legal_statuses,
        "accredited": programme.accredited,
        "mixes_people": programme.mixes_people,
        "is_active": programme.is_active,
    }
    form = _programme_form(request, programme.prison, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(
                actor=request.user,
                programme=programme,
                data=form.data_for_service(),
                version=form.cleaned_data["version"],
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _programme_page(request, form, programme.prison, programme.name)
        return redirect("programmes:detail", programme_id=programme.pk)
    return _programme_page(request, form, programme.prison, programme.name)


@requires(GET=VIEW)
def programme_detail(request: AuthenticatedRequest, programme_id: int) -> HttpResponse:
    programme = _programme_or_404(request, programme_id)
    may_manage = services.coordinator_refusal(request.user, programme.prison) is None
    group = selectors.group(programme=programme)
    waiting = selectors.waiting_list(user=request.user, programme=programme)
    if waiting:
        # The waiting list shows the objectives people were referred from: file content (Rule 9).
        audit.record_reads(actor=request.user, objs=[entry.participation.prisoner for entry in waiting])
    verdicts: list[tuple[selectors.WaitingEntry, list[str] | None]] = []
    if may_manage and waiting:
        members = services.members_of(programme)
        for entry in waiting:
            verdicts.append(
                (
                    entry,
                    suitability.refusals(
                        programme=programme,
                        prisoner=entry.participation.prisoner,
                        members=members,
                        allocated=len(members),
                    ),
                )
            )
    else:
        verdicts = [(entry, None) for entry in waiting]
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "group": group,
            "waiting": verdicts,
            "sessions": selectors.sessions_of(programme=programme),
            "may_manage": may_manage,
            "may_mark": services.attendance_refusal(request.user, programme) is None,
            "facilitator_only": selectors.facilitator_only(request.user),
        },
    )


@requires(GET=MANAGE, POST=MANAGE)
def sessions_schedule(request: AuthenticatedRequest, programme_id: int) -> HttpResponse:
    programme = _programme_or_404(request, programme_id)
    form = forms.ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            created = services.sessions_schedule(
                actor=request.user,
                programme=programme,
                first_day=d["first_day"],
                weekdays=tuple(d["weekdays"]),
                at=d["at"],
                weeks=d["weeks"],
                minutes=d["minutes"],
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("programmes:detail", programme_id=programme.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(count)s sessions scheduled.") % {"count": len(created)})
            return redirect("programmes:detail", programme_id=programme.pk)
    return render(
        request,
        "programmes/schedule_form.html",
        {"form": form, "programme": programme, "heading": _("Schedule sessions")},
    )


@requires(POST=MANAGE)
@require_POST
def allocate(request: AuthenticatedRequest, participation_id: int) -> HttpResponse:
    participation = _participation_or_404(request, participation_id)
    try:
        services.participation_allocate(
            actor=request.user, participation=participation, version=int_or_none(request.POST.get("version"))
        )
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("Place allocated."))
    return redirect("programmes:detail", programme_id=participation.programme_id)


@requires(POST=VIEW)
@require_POST
def decline(request: AuthenticatedRequest, participation_id: int) -> HttpResponse:
    """The person declines: recorded by their case manager or the coordinator (the service says who)."""
    participation = _participation_or_404(request, participation_id)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Record the person's reason, in their words."))
    else:
        try:
            services.participation_decline(
                actor=request.user,
                participation=participation,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("Recorded as the person's choice. Declining is never a sanction."))
    return redirect("programmes:detail", programme_id=participation.programme_id)


@requires(GET=MANAGE, POST=MANAGE)
def end(request: AuthenticatedRequest, participation_id: int) -> HttpResponse:
    participation = _participation_or_404(request, participation_id)
    audit.record_read(actor=request.user, obj=participation)
    form = forms.EndForm(request.POST or None, initial={"version": participation.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_end(
                actor=request.user,
                participation=participation,
                ending=form.ending(),
                version=form.cleaned_data["version"],
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _end_page(request, form, participation)
        else:
            messages.success(request, _("The participation has ended."))
        return redirect("programmes:detail", programme_id=participation.programme_id)
    return _end_page(request, form, participation)


def _end_page(request: AuthenticatedRequest, form: forms.EndForm, participation: Participation) -> HttpResponse:
    return render(
        request,
        "programmes/end_form.html",
        {"form": form, "participation": participation, "programme": participation.programme},
    )


@requires(GET=ATTEND, POST=ATTEND)
def attendance(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    """The whole group's attendance at one session, in one form that works on a phone."""
    try:
        session = selectors.session_get(user=request.user, session_id=session_id)
    except Session.DoesNotExist as exc:
        raise Http404(_("No such session.")) from exc
    programme = session.programme
    if refusal := services.attendance_refusal(request.user, programme):
        report_refusal(request, PermissionDenied(refusal))
        return redirect("programmes:detail", programme_id=programme.pk)
    group = selectors.group(programme=programme)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        marks = forms.marks_from(request.POST, [p.participation_id for p in group])
        try:
            services.attendance_record(
                actor=request.user,
                session=session,
                marks=marks,
                notes=request.POST.get("notes", "")[:8000],
                version=int_or_none(request.POST.get("version")),
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("programmes:detail", programme_id=programme.pk)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("programmes:detail", programme_id=programme.pk)
        given = {m.participation_id: m for m in marks}
    else:
        given = {pid: services.Mark(pid, a.mark, a.reason) for pid, a in selectors.marks_of(session).items()}
    rows = [(p, given.get(p.participation_id), errors.get(f"mark_{p.participation_id}", [])) for p in group]
    return render(
        request,
        "programmes/attendance_form.html",
        {
            "session": session,
            "programme": programme,
            "rows": rows,
            "marks": forms.MARKS,
            "errors": {k: v for k, v in errors.items() if not k.startswith("mark_")},
            "notes": request.POST.get("notes", session.notes) if request.method == "POST" else session.notes,
        },
    )


@requires(GET=REFER, POST=REFER)
def refer(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    try:
        prisoner = held_where_user_works(user=request.user).select_related("current_prison").get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc
    if refusal := services.referrer_refusal(request.user, prisoner):
        report_refusal(request, PermissionDenied(refusal))
        return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
    audit.record_read(actor=request.user, obj=prisoner, reason="programme referral")  # the plan's objectives (Rule 9)
    form = forms.ReferralForm(
        request.POST or None,
        initial={"objective": int_or_none(request.GET.get("objective"))},
        objectives=referrals.objectives_to_refer(user=request.user, prisoner=prisoner),
        programmes=selectors.open_programmes_for(prisoner=prisoner),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.participation_refer(
                actor=request.user, objective=d["objective"], programme=d["programme"], note=d["note"]
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _refer_page(request, form, prisoner)
        else:
            messages.success(request, _("Referred: the person is on the programme's waiting list."))
        return redirect("register:prisoner_detail", prisoner_id=prisoner.pk)
    return _refer_page(request, form, prisoner)


def _refer_page(request: AuthenticatedRequest, form: forms.ReferralForm, prisoner: Prisoner) -> HttpResponse:
    return render(
        request,
        "programmes/refer_form.html",
        {"form": form, "prisoner": prisoner, "heading": _("Refer to a programme")},
    )
