"""Staff training over HTTP, for the training centre's own tools and a learning platform: staff
records with their certificates, the course catalogue, sessions with their trainers and
participants, and the check of a certificate's code, through the same selectors as the pages (a
director reads their prison's staff and the sessions held for them or attended by them)."""

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, Id, Pagination
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires

from . import rules, selectors
from .models import Course, StaffMember, TrainingSession
from .schemas import (
    TrainingCertificateOut,
    TrainingCourseOut,
    TrainingSessionDetailOut,
    TrainingSessionListIn,
    TrainingSessionOut,
    TrainingStaffDetailOut,
    TrainingStaffListIn,
    TrainingStaffOut,
    TrainingVerifiedOut,
)

router = Router(tags=["training"])
VIEW = selectors.VIEW
PAGING = 'Paginated with `limit` (1-200, default 50) and `offset`; the answer is `{"items": [...], "count": total}`.'


class StaffPagination(Pagination):
    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> dict[str, Any]:
        page: dict[str, Any] = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = [TrainingStaffOut.of(s) for s in page["items"]]
        return page


class SessionPagination(Pagination):
    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> dict[str, Any]:
        page: dict[str, Any] = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = [TrainingSessionOut.of(s) for s in page["items"]]
        return page


@router.get(
    "/staff",
    url_name="training_staff_list",
    response={200: list[TrainingStaffOut], **ERROR_RESPONSES},
    summary="Staff records",
    description=(
        "The staff in service the caller may see (everyone for headquarters and the training centre, the "
        "staff of their prisons for a director), by family and given name; by prison, post or a part of a "
        f"name or service number. {PAGING}"
    ),
)
@requires(GET=VIEW)
@paginate(StaffPagination)
def staff_list(request: AuthenticatedRequest, filters: Query[TrainingStaffListIn]) -> QuerySet[StaffMember]:
    return selectors.staff_list(
        user=request.user, prison_id=filters.prison, post=filters.post, q=filters.q.strip()
    ).select_related("prison")


@router.get(
    "/staff/{int:staff_id}",
    url_name="training_staff_detail",
    response={200: TrainingStaffDetailOut, **NOT_FOUND_RESPONSES},
    summary="One staff record with its certificates",
    description="404 for a record the caller may not see (a director: a member of staff of another prison).",
)
@requires(GET=VIEW)
def staff_detail(request: AuthenticatedRequest, staff_id: Id) -> TrainingStaffDetailOut:
    try:
        staff = selectors.staff_get(user=request.user, staff_id=staff_id)
    except StaffMember.DoesNotExist as exc:
        raise Http404(_("No such staff record.")) from exc
    certificates = selectors.certificates_of(user=request.user, staff_id=staff.pk).select_related("course")
    return TrainingStaffDetailOut(
        **TrainingStaffOut.fields_of(staff), certificates=[TrainingCertificateOut.of(c) for c in certificates]
    )


@router.get(
    "/courses",
    url_name="training_course_list",
    response={200: list[TrainingCourseOut], **ERROR_RESPONSES},
    summary="The course catalogue",
    description=(
        "Every course with its modules, hours, pass mark, attendance needed, validity, prerequisites, the "
        "courses a training of trainers qualifies to deliver and the posts it is meant for."
    ),
)
@requires(GET=VIEW)
def course_list(request: AuthenticatedRequest) -> list[TrainingCourseOut]:
    courses = selectors.course_list().prefetch_related("modules", "prerequisites", "qualifies_for", "trainer_courses")
    return [TrainingCourseOut.of(c) for c in courses]


@router.get(
    "/sessions",
    url_name="training_session_list",
    response={200: list[TrainingSessionOut], **ERROR_RESPONSES},
    summary="Training sessions",
    description=(
        "The sessions the caller may see (a director: those held for their prisons or attended by their "
        f"staff), newest first; by year, course (its code) or status. {PAGING}"
    ),
)
@requires(GET=VIEW)
@paginate(SessionPagination)
def session_list(request: AuthenticatedRequest, filters: Query[TrainingSessionListIn]) -> QuerySet[TrainingSession]:
    course_id = None
    if filters.course:
        course = Course.objects.filter(code=filters.course).only("pk").first()
        if course is None:
            return TrainingSession.objects.none()
        course_id = course.pk
    return (
        selectors.session_list(user=request.user, year=filters.year, course_id=course_id, status=filters.status)
        .select_related("course", "prison")
        .prefetch_related("trainers")
        .annotate(participant_count=Count("participants", distinct=True))
        .order_by("-starts_on", "-id")
    )


@router.get(
    "/sessions/{int:session_id}",
    url_name="training_session_detail",
    response={200: TrainingSessionDetailOut, **NOT_FOUND_RESPONSES},
    summary="One training session with its participants and results",
    description="Each participant's days attended, score, result and the code of the certificate a pass earned.",
)
@requires(GET=VIEW)
def session_detail(request: AuthenticatedRequest, session_id: Id) -> TrainingSessionDetailOut:
    try:
        session = selectors.session_get(user=request.user, session_id=session_id)
    except TrainingSession.DoesNotExist as exc:
        raise Http404(_("No such training session.")) from exc
    return TrainingSessionDetailOut.of_with(session, selectors.session_participants(user=request.user, session=session))


@router.get(
    "/certificates/{certificate_code}/verify",
    url_name="training_certificate_verify",
    response={200: TrainingVerifiedOut, **NOT_FOUND_RESPONSES},
    summary="Check a certificate's code",
    description=(
        "What the public page /verify/<code>/ shows: the holder's name, the course, the day it was issued, "
        "until when it is valid and whether it is valid today; 404 for a code no certificate has. The code "
        "may be typed in any case, with or without its dashes."
    ),
)
@requires(GET=VIEW)
def certificate_verify(request: AuthenticatedRequest, certificate_code: str) -> TrainingVerifiedOut:
    normal = rules.normalise_code(certificate_code) if len(certificate_code) <= 40 else None
    found = selectors.certificate_verify(normal) if normal else None
    if found is None:
        raise Http404(_("No certificate has this code."))
    return TrainingVerifiedOut(
        name=found.name,
        course=str(found.course),
        issued_on=found.issued_on,
        valid_until=found.valid_until,
        valid_now=found.valid_now,
    )
