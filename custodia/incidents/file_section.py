"""The incidents section of the prisoner file page (register/prisoner_detail.html includes
incidents/file_section.html with this context): the person's part in each submitted report the
reader may see, newest first."""

from django.utils.translation import gettext as _

from custodia.register.selectors import PrisonerFile

from . import catalogue, selectors


def context_for(*, user, file: PrisonerFile) -> dict:
    if not user.has_perm(selectors.VIEW):
        return {}
    involvements = selectors.prisoner_involvements(user=user, prisoner=file.prisoner)
    rows = []
    for involvement in involvements:
        incident = involvement.incident
        kind = catalogue.type_of(incident.catalogue_version, incident.type_code)
        rows.append({"i": involvement, "kind_label": str(kind.label) if kind else incident.type_code})
    return {
        "incident_rows": rows,
        # For the file's summary at the top of the page: serious incidents as perpetrator.
        "serious_as_perpetrator": sum(
            1 for i in involvements if i.incident.serious and i.role == "perpetrator" and i.incident.status == "closed"
        ),
        "incident_glance_label": _("Serious incidents (perpetrator)"),
    }
