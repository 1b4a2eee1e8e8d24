"""Web views of staff training: thin, each parses input, calls one selector or service and renders.
The staff records, courses, sessions with their participants and results, the imports of staff and
of e-learning completions, the certificates as PDF, and the public page that verifies a certificate
by its code. Who sees which staff is the selectors' (a director: their prison's), who may change
anything the services' (the trainer)."""

import base64
import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.accounts.selectors import prisons_in_scope
from custodia.core.forms import int_or_none
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.refusals import add_service_errors, form_step, report_refusal
from custodia.core.rights import PUBLIC, requires
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.jobs.exports import export_answer
from custodia.register.choices import Sex

from . import certificate_pdf, forms, rules, selectors, services
from .choices import Post, SessionStatus
from .exports import staff_selection
from .models import Certificate, Course, ElearningImport, Participant, StaffMember, TrainingSession

VIEW, MANAGE = selectors.VIEW, selectors.MANAGE
PER_PAGE = 50
# Look-ups of a certificate from one address in a minute, beyond which the public page answers 429.
VERIFY_PER_MINUTE = 30
# Where an uploaded staff file waits in the session between its preview and its import.
IMPORT_KEY = "training-staff-import"


# --- staff records ----------------------------------------------------------------------------------


@requires(GET=VIEW)
def staff_list(request: AuthenticatedRequest) -> HttpResponse:
    """The staff records the user may see, by prison, post and name or service number, a page at a time."""
    # The list as CSV or XLSX, the same rows as the page (training.exports; custodia.jobs).
    if (export := export_answer(request, "training-staff")) is not None:
        return export
    chosen = staff_selection(request.user, request.GET)
    return render(
        request,
        "training/staff_list.html",
        {
            **page_of(request, chosen.staff, PER_PAGE),
            "form": chosen.form,
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


def _staff_or_404(request: AuthenticatedRequest, staff_id: int) -> StaffMember:
    try:
        return selectors.staff_get(user=request.user, staff_id=staff_id)
    except StaffMember.DoesNotExist as exc:
        raise Http404(_("No such staff record.")) from exc


def certificate_status(certificate: Certificate, today: date, within_days: int) -> str:
    """ "valid", "expiring" (valid, ending within the profile's days) or "expired"."""
    if not rules.is_valid_on(certificate.valid_until, today):
        return "expired"
    return "expiring" if rules.is_expiring(certificate.valid_until, today, within_days) else "valid"


@requires(GET=VIEW)
def staff_detail(request: AuthenticatedRequest, staff_id: int) -> HttpResponse:
    staff = _staff_or_404(request, staff_id)
    today = timezone.localdate()
    within = active_profile().training.expiring_within_days
    certificates = [
        (certificate, certificate_status(certificate, today, within))
        for certificate in selectors.certificates_of(user=request.user, staff_id=staff.pk).select_related("course")
    ]
    participations = list(
        Participant.objects.filter(staff=staff)
        .select_related("session__course", "session__prison")
        .order_by("-session__starts_on", "-session_id")
    )
    delivered = list(
        selectors.session_list(user=request.user, trainer=staff).select_related("course", "prison")[:PER_PAGE]
    )
    return render(
        request,
        "training/staff_detail.html",
        {
            "staff": staff,
            "certificates": certificates,
            "participations": participations,
            "delivered": delivered,
            "within": within,
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


def _staff_form_page(request: AuthenticatedRequest, staff: StaffMember | None) -> HttpResponse:
    prisons = prisons_in_scope(user=request.user).order_by("name")
    if request.method == "POST":
        form = forms.StaffForm(request.POST, prisons=prisons)
        if form.is_valid():
            try:
                saved = services.staff_record_save(
                    actor=request.user, staff=staff, data=form.data_for_service(), version=form.cleaned_data["version"]
                )
            except PermissionDenied as exc:
                report_refusal(request, exc)
                return redirect("training:staff")
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The staff record is saved."))
                return redirect("training:staff_detail", staff_id=saved.pk)
    else:
        form = forms.StaffForm(initial=forms.StaffForm.initial_of(staff) if staff else None, prisons=prisons)
    return render(request, "training/staff_form.html", {"form": form, "staff": staff})


@requires(GET=MANAGE, POST=MANAGE)
def staff_add(request: AuthenticatedRequest) -> HttpResponse:
    return _staff_form_page(request, None)


@requires(GET=MANAGE, POST=MANAGE)
def staff_edit(request: AuthenticatedRequest, staff_id: int) -> HttpResponse:
    return _staff_form_page(request, _staff_or_404(request, staff_id))


@requires(GET=MANAGE, POST=MANAGE)
def certificate_recognise(request: AuthenticatedRequest, staff_id: int) -> HttpResponse:
    """Record a certificate the member of staff earned elsewhere: how the first trainers, certified
    by an international partner's training of trainers, come to deliver courses."""
    staff = _staff_or_404(request, staff_id)
    form = forms.RecogniseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_recognise(actor=request.user, staff=staff, **form.cleaned_data)
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("training:staff_detail", staff_id=staff.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The certificate is recorded."))
            return redirect("training:staff_detail", staff_id=staff.pk)
    return render(request, "training/recognise.html", {"form": form, "staff": staff})


STAFF_FILE_HELP = _(
    "The first line names the columns: service_number, family_name, given_name, rank, post, prison, sex, language. "
    "A service number already recorded updates that record. CSV in UTF-8 (comma or semicolon) or XLSX, at most 5 MB."
)


@requires(GET=MANAGE, POST=MANAGE)
def staff_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a file of staff, see what it would create and change and every problem line by line,
    then import it: all of it, or nothing while a line is wrong. The upload waits in the session
    between the preview and the import, so that nothing is chosen twice."""
    if request.method == "POST" and "confirm" in request.POST:
        return _staff_import_confirm(request)
    form = forms.UploadForm(
        request.POST if request.method == "POST" else None, request.FILES or None, help_text=STAFF_FILE_HELP
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name, content = upload.name or "staff.csv", upload.read()
        try:
            preview = services.staff_import_preview(actor=request.user, file_name=name, content=content)
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("training:staff")
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_KEY] = {
                "token": token,
                "name": name,
                "content": base64.b64encode(content).decode("ascii"),
            }
            return _import_preview(request, preview, name, token, forms.UploadForm(help_text=STAFF_FILE_HELP))
    return render(request, "training/staff_import.html", {"form": form, "preview": None})


def _import_preview(
    request: AuthenticatedRequest, preview: Any, name: str, token: str, form: forms.UploadForm
) -> HttpResponse:
    prisons = dict(Prison.objects.values_list("pk", "name"))
    posts, sexes, languages = dict(Post.choices), dict(Sex.choices), dict(settings.LANGUAGES)

    def shown(rows: list[rules.StaffRow]) -> list[dict[str, Any]]:
        return [
            {
                "line": row.line,
                "service_number": row.service_number,
                "family_name": row.family_name,
                "given_name": row.given_name,
                "rank": row.rank,
                "post": posts.get(row.post, row.post),
                "prison": prisons.get(row.prison_id) if row.prison_id else "",
                "sex": sexes.get(row.sex, row.sex),
                "language": languages.get(row.language, row.language),
            }
            for row in rows
        ]

    to_create, to_update = shown(preview.to_create), shown(preview.to_update)
    return render(
        request,
        "training/staff_import.html",
        {
            "form": form,
            "preview": preview,
            "file_name": name,
            "token": token,
            "problems": preview.problems,
            "to_create": to_create,
            "to_update": to_update,
            "total": len(to_create) + len(to_update),
            "tables": [
                (_("Staff records to add"), to_create, "to-create"),
                (_("Staff records to update"), to_update, "to-update"),
            ],
        },
    )


def _staff_import_confirm(request: AuthenticatedRequest) -> HttpResponse:
    kept = request.session.get(IMPORT_KEY) or {}
    if not kept or kept.get("token") != request.POST.get("token"):
        messages.error(
            request, _("The file to import is no longer here (another upload or a new sign-in): choose it again.")
        )
        return redirect("training:staff_import")
    content = base64.b64decode(kept["content"])
    try:
        done = services.staff_import(actor=request.user, file_name=kept["name"], content=content)
    except PermissionDenied as exc:
        report_refusal(request, exc)
        return redirect("training:staff")
    except ValidationError:
        # The records changed since the preview (another import, a record edited): the preview again.
        preview = services.staff_import_preview(actor=request.user, file_name=kept["name"], content=content)
        messages.error(request, _("Nothing was imported: the file has problems. Correct them and upload it again."))
        return _import_preview(
            request, preview, kept["name"], kept["token"], forms.UploadForm(help_text=STAFF_FILE_HELP)
        )
    del request.session[IMPORT_KEY]
    messages.success(
        request,
        _("Imported: %(created)s staff records added, %(updated)s updated.")
        % {"created": len(done.to_create), "updated": len(done.to_update)},
    )
    return redirect("training:staff")


# --- courses ----------------------------------------------------------------------------------------


@requires(GET=VIEW)
def course_list(request: AuthenticatedRequest) -> HttpResponse:
    courses = list(selectors.course_list().annotate(module_count=Count("modules")))
    return render(request, "training/course_list.html", {"courses": courses})


@requires(GET=VIEW)
def course_detail(request: AuthenticatedRequest, course_code: str) -> HttpResponse:
    try:
        # A code is a slug of at most 60 characters: anything else is no course (and no query; PostgreSQL
        # refuses the NUL character).
        if len(course_code) > 60 or "\x00" in course_code:
            raise Course.DoesNotExist
        course = selectors.course_get(course_code)
    except Course.DoesNotExist as exc:
        raise Http404(_("No such course.")) from exc
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "modules": list(course.modules.all()),
            "prerequisites": list(course.prerequisites.all()),
            "delivered_after": list(course.trainer_courses.all()),
            "qualifies_for": list(course.qualifies_for.all()),
            # Meant for every post is stored as every post: said as all staff.
            "audience": []
            if set(Post.values) <= set(course.audience or [])
            else [post.label for post in Post if post.value in (course.audience or [])],
            "trainers": list(
                selectors.course_trainers(user=request.user, course=course, on=timezone.localdate()).order_by(
                    "family_name", "given_name", "id"
                )[:PER_PAGE]
            ),
        },
    )


# --- sessions ---------------------------------------------------------------------------------------


@requires(GET=VIEW)
def session_list(request: AuthenticatedRequest) -> HttpResponse:
    year = int_or_none(request.GET.get("year"))
    year = year if year is not None and 1900 <= year <= 2200 else None
    courses = list(selectors.course_list())
    course_id = int_or_none(request.GET.get("course"))
    course = next((c for c in courses if c.pk == course_id), None)
    trainer_id = int_or_none(request.GET.get("trainer"))
    trainer = selectors.staff_scope(request.user).filter(pk=trainer_id).first() if trainer_id else None
    found = (
        selectors.session_list(user=request.user, year=year, course_id=course.pk if course else None, trainer=trainer)
        .select_related("course", "prison")
        .prefetch_related("trainers")
        .annotate(participant_count=Count("participants", distinct=True))
    )
    this_year = timezone.localdate().year
    return render(
        request,
        "training/session_list.html",
        {
            **page_of(request, found, PER_PAGE),
            "year": year,
            "years": list(range(this_year + 1, this_year - 5, -1)),
            "courses": courses,
            "course": course,
            "trainer": trainer,
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


def _trainers_offered(request: AuthenticatedRequest) -> QuerySet[StaffMember]:
    """Staff holding a certificate of a course that qualifies to deliver another (a training of
    trainers), valid or not: the service says why one is refused."""
    return (
        selectors.staff_list(user=request.user)
        .filter(certificates__course__qualifies_for__isnull=False)
        .distinct()
        .order_by("family_name", "given_name", "id")
    )


@requires(GET=MANAGE, POST=MANAGE)
def session_plan(request: AuthenticatedRequest) -> HttpResponse:
    form = forms.SessionPlanForm(
        request.POST or None,
        courses=selectors.course_list().filter(is_active=True),
        prisons=prisons_in_scope(user=request.user).order_by("name"),
        trainers=_trainers_offered(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_plan(
                actor=request.user,
                course=data["course"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                place=data["place"],
                prison=data["prison"],
                trainers=list(data["trainers"]),
                note=data["note"],
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("training:sessions")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The session is planned. Add its participants."))
            return redirect("training:participants", training_session_id=session.pk)
    return render(request, "training/session_plan.html", {"form": form})


def _session_or_404(request: AuthenticatedRequest, session_id: int) -> TrainingSession:
    try:
        return selectors.session_get(user=request.user, session_id=session_id)
    except TrainingSession.DoesNotExist as exc:
        raise Http404(_("No such training session.")) from exc


@requires(GET=VIEW)
def session_detail(request: AuthenticatedRequest, training_session_id: int) -> HttpResponse:
    session = _session_or_404(request, training_session_id)
    # A director sees their own staff among the participants (a session at the centre gathers several prisons').
    participants = selectors.session_participants(user=request.user, session=session)
    rows = [
        {"participant": p, "days": len(p.days_attended or []), "certificate": getattr(p, "certificate", None)}
        for p in participants
    ]
    today = timezone.localdate()
    may_manage = request.user.has_perm(MANAGE)
    planned = session.status == SessionStatus.PLANNED
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "trainers": list(session.trainers.all()),
            "rows": rows,
            "days": rules.session_days(session.starts_on, session.ends_on),
            "may_edit_participants": may_manage and planned,
            "may_record": may_manage and planned and session.ends_on <= today and bool(participants),
            "results_from": session.ends_on if planned and session.ends_on > today else None,
            "cancel_form": forms.CancelForm(initial={"version": session.version}) if may_manage and planned else None,
        },
    )


@requires(GET=MANAGE, POST=MANAGE)
def participants(request: AuthenticatedRequest, training_session_id: int) -> HttpResponse:
    """The participants of a planned session: those on it, and staff found by name, service
    number, prison or post to add. Each participant's prerequisites are checked when it is saved."""
    session = _session_or_404(request, training_session_id)
    back = reverse("training:session", args=[session.pk])
    if session.status != SessionStatus.PLANNED:
        messages.error(request, _("The participants of a session held or cancelled do not change."))
        return redirect(back)
    scoped = selectors.staff_list(user=request.user)
    current = list(StaffMember.objects.filter(participations__session=session).select_related("prison"))
    prisons = list(prisons_in_scope(user=request.user).order_by("name"))
    search = forms.StaffFilterForm(request.GET or None, prisons=prisons)
    filters = search.filters()
    found: list[StaffMember] = []
    if any(filters.values()):
        chosen = {s.pk for s in current}
        found = [
            s
            for s in selectors.staff_list(user=request.user, **filters).select_related("prison")[
                : PER_PAGE + len(chosen)
            ]
            if s.pk not in chosen
        ][:PER_PAGE]
    form = forms.ParticipantsForm(
        request.POST or None, staff=scoped, initial={"version": session.version, "staff": [s.pk for s in current]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participants_set(
                actor=request.user,
                session=session,
                staff=list(form.cleaned_data["staff"]),
                version=form.cleaned_data["version"],
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect(back)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The participants are saved."))
            return redirect(back)
    ticked = {str(v) for v in (form["staff"].value() or [])}
    posted_extra: list[StaffMember] = []
    if request.method == "POST":
        known = {s.pk for s in current} | {s.pk for s in found}
        wanted = [int(v) for v in ticked if v.isdigit() and int(v) not in known and int(v) <= 2**63 - 1]
        posted_extra = list(scoped.filter(pk__in=wanted).select_related("prison")) if wanted else []
    return render(
        request,
        "training/participants.html",
        {
            "session": session,
            "form": form,
            "search": search,
            "searched": any(filters.values()),
            "current": current + posted_extra,
            "found": found,
            "ticked": ticked,
        },
    )


@requires(GET=MANAGE, POST=MANAGE)
def results(request: AuthenticatedRequest, training_session_id: int) -> HttpResponse:
    """Each participant's days attended (a checkbox per day) and score; the result and the
    certificates follow from the course's attendance needed and pass mark."""
    session = _session_or_404(request, training_session_id)
    back = reverse("training:session", args=[session.pk])
    if session.status != SessionStatus.PLANNED:
        messages.error(request, _("The results of this session are already recorded, or it was cancelled."))
        return redirect(back)
    members = list(session.participants.select_related("staff").order_by("staff__family_name", "staff__given_name"))
    days = rules.session_days(session.starts_on, session.ends_on)
    form = forms.ResultsForm(
        request.POST or None, participants=members, days=days, initial={"version": session.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.results_record(
                actor=request.user, session=session, results=form.results(), version=form.cleaned_data["version"]
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect(back)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The results are recorded. Certificates issued: %(count)s.") % {"count": len(issued)}
            )
            return redirect(back)
    return render(request, "training/results.html", {"session": session, "form": form, "course": session.course})


@requires(POST=MANAGE)
def session_cancel(request: AuthenticatedRequest, training_session_id: int) -> HttpResponse:
    session = _session_or_404(request, training_session_id)
    form = forms.CancelForm(request.POST)
    return form_step(
        request,
        form,
        lambda data: services.session_cancel(
            actor=request.user, session=session, reason=data["reason"], version=data["version"]
        ),
        done=_("The session is cancelled."),
        back=reverse("training:session", args=[session.pk]),
        again=lambda bound: _cancel_again(request, session, bound),
    )


def _cancel_again(request: AuthenticatedRequest, session: TrainingSession, form: Any) -> HttpResponse:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("training:session", training_session_id=session.pk)


# --- e-learning -------------------------------------------------------------------------------------

ELEARNING_FILE_HELP = _(
    "The learning platform's export: columns user (service number, user name or e-mail), course (code or "
    "English title), date (yyyy-mm-dd or dd/mm/yyyy) and score. CSV in UTF-8 or XLSX, at most 5 MB."
)


@requires(GET=MANAGE, POST=MANAGE)
def elearning(request: AuthenticatedRequest) -> HttpResponse:
    """Upload the learning platform's completions; the imports made before, newest first."""
    form = forms.UploadForm(
        request.POST if request.method == "POST" else None, request.FILES or None, help_text=ELEARNING_FILE_HELP
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            done = services.elearning_import(
                actor=request.user, file_name=upload.name or "completions.csv", content=upload.read()
            )
        except PermissionDenied as exc:
            report_refusal(request, exc)
            return redirect("training:elearning")
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("The completions are imported."))
            return redirect("training:elearning_report", elearning_import_id=done.pk)
    imports = ElearningImport.objects.select_related("imported_by").order_by("-imported_at", "-id")
    return render(request, "training/elearning.html", {"form": form, **page_of(request, imports, PER_PAGE)})


@requires(GET=MANAGE)
def elearning_report(request: AuthenticatedRequest, elearning_import_id: int) -> HttpResponse:
    found = ElearningImport.objects.select_related("imported_by").filter(pk=elearning_import_id).first()
    if found is None:
        raise Http404(_("No such import."))
    return render(request, "training/elearning_report.html", {"report": found, "unmatched": found.unmatched or []})


# --- certificates -----------------------------------------------------------------------------------


@requires(GET=VIEW)
def certificate_download(request: AuthenticatedRequest, certificate_id: int) -> HttpResponse:
    """The certificate as a PDF in its holder's language, with its code and where to verify it."""
    try:
        certificate = selectors.certificate_get(user=request.user, certificate_id=certificate_id)
    except Certificate.DoesNotExist as exc:
        raise Http404(_("No such certificate.")) from exc
    verify_url = request.build_absolute_uri(f"/verify/{certificate.code}/")
    response = HttpResponse(certificate_pdf.render_pdf(certificate, verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


# --- the public check of a certificate ----------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The address the look-ups are counted by: behind the reverse proxy, the one it appended."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded
    return str(request.META.get("REMOTE_ADDR", ""))


def _over_the_limit(request: HttpRequest) -> bool:
    """One more look-up from this address: whether it is beyond VERIFY_PER_MINUTE in the minute."""
    key = f"custodia:verify:{client_address(request)}"
    if cache.add(key, 1, timeout=60):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=60)
        return False
    return count > VERIFY_PER_MINUTE


@requires(GET=PUBLIC)
@login_not_required
def verify(request: HttpRequest) -> HttpResponse:
    """The public page where anyone types a certificate's code; the answer is at /verify/<code>/."""
    form = forms.VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        code = rules.normalise_code(form.cleaned_data["code"].replace("\x00", ""))
        if code:
            return redirect("verify_code", certificate_code=code)
        form.add_error("code", _("A code has twelve letters and digits, as printed on the certificate."))
    return render(request, "training/verify.html", {"form": form, "checked": None})


@requires(GET=PUBLIC)
@login_not_required
def verify_code(request: HttpRequest, certificate_code: str) -> HttpResponse:
    """Whether a certificate with this code exists and is valid today: the holder's name, the
    course, when it was issued and until when it is valid, nothing else. Unknown: 404."""
    if _over_the_limit(request):
        response = render(request, "training/verify_limit.html", status=429)
        response["Retry-After"] = "60"
        return response
    code = rules.normalise_code(certificate_code) if len(certificate_code) <= 40 else None
    checked = selectors.certificate_verify(code) if code else None
    form = forms.VerifyForm(initial={"code": code or ""})
    if checked is None:
        return render(request, "training/verify.html", {"form": form, "checked": None, "unknown": True}, status=404)
    return render(request, "training/verify.html", {"form": form, "checked": checked, "code": code})
