"""The risk and needs section of the prisoner file page (register/prisoner_detail.html includes
assessment/file_section.html with this context)."""

from custodia.core.formats import local_date
from custodia.core.rights import right
from custodia.register.selectors import PrisonerFile

from . import selectors, services

PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"]


def context_for(*, user, file: PrisonerFile) -> dict:
    if not user.has_perm(right("view_assessments")):
        return {}
    prisoner = file.prisoner
    assessments = selectors.prisoner_assessments(user=user, prisoner=prisoner)
    charts = {
        f"assessment-chart-{number}": {
            "type": "line",
            "labels": [local_date(on) for on in chart["dates"]],
            "datasets": [
                {"label": domain["label"], "data": domain["values"], "borderColor": PALETTE[i % len(PALETTE)]}
                for i, domain in enumerate(chart["domains"])
            ],
        }
        for number, chart in enumerate(assessments.history, start=1)
    }
    return {
        "assessments": assessments,
        "assessment_charts": charts,
        "assessment_due": [] if file.held_elsewhere else selectors.prisoner_due(user=user, prisoner=prisoner),
        "may_assess": services.assessor_refusal(user, prisoner) is None,
    }
