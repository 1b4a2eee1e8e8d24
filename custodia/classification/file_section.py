"""The classification section of the prisoner file page (register/prisoner_detail.html includes
classification/file_section.html with this context)."""

from custodia.assessment.selectors import shown_reason
from custodia.core.rights import right
from custodia.register.selectors import PrisonerFile

from . import selectors, services
from .presenters import review_reason_label


def context_for(*, user, file: PrisonerFile) -> dict:
    if not user.has_perm(right("view_classification")):
        return {}
    prisoner = file.prisoner
    classification = selectors.prisoner_classification(user=user, prisoner=prisoner)
    review_reason = ""
    if classification.review is not None:
        review_reason = review_reason_label(shown_reason(classification.review.reason, user=user))
    may_propose = (
        classification.proposal is not None
        and (classification.open is None or classification.open.status == "returned")
        and services.proposal_refusal(user, prisoner) is None
    )
    return {"classification": classification, "classification_review_reason": review_reason, "may_propose": may_propose}
