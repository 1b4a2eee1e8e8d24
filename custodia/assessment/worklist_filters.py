"""The worklist's filters of one's own work, for the worklist page and the home page alike:
the assessments the user may countersign now (services.review_refusal decides, as it does for the
button), and those returned to the one who made or submitted them."""

from collections.abc import Callable, Mapping

from django.contrib.auth.models import User

from . import services
from .choices import AssessmentStatus
from .selectors import WorkItem


def awaiting_countersignature_by(user: User, item: WorkItem) -> bool:
    assessment = item.open_assessment
    return (
        assessment is not None
        and assessment.status == AssessmentStatus.SUBMITTED
        and services.review_refusal(user, assessment) is None
    )


def returned_to(user: User, item: WorkItem) -> bool:
    assessment = item.open_assessment
    return (
        assessment is not None
        and assessment.status == AssessmentStatus.RETURNED
        and user.pk in (assessment.created_by_id, assessment.submitted_by_id)
    )


# {query parameter: the filter it asks for with "1"}
FILTERS: dict[str, Callable[[User, WorkItem], bool]] = {
    "awaiting_my_countersignature": awaiting_countersignature_by,
    "returned_to_me": returned_to,
}


def chosen(query: Mapping[str, str]) -> list[str]:
    """The filters a query asks for."""
    return [name for name in FILTERS if query.get(name) == "1"]


def of_mine(user: User, items: list[WorkItem], names: list[str]) -> list[WorkItem]:
    """The items every filter named keeps; all of them when none is named."""
    return [item for item in items if all(FILTERS[name](user, item) for name in names)]
