"""The intelligence section of the prisoner file page (register/prisoner_detail.html includes
intelligence/file_section.html with this context). To a reader without view_intelligence_section
the section is "withheld"; to one with it, it lists only the reports about the person whose
handling code lets them read (intelligence.selectors): a report they may not read is not there,
and nothing says it exists."""

from custodia.register.selectors import PrisonerFile

from . import selectors


def context_for(*, user, file: PrisonerFile) -> dict:
    if not user.has_perm(selectors.VIEW):
        return {}
    reports = selectors.prisoner_reports(user=user, prisoner=file.prisoner)
    rows = []
    for report in reports:
        grading = selectors.grading_of(report)
        rows.append({"report": report, "grading": grading})
    return {"intelligence_rows": rows}
