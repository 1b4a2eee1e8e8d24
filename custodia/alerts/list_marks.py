"""The alerts in force beside each person in the index of people (register.list_marks): one query
for the page, the codes the reader may not see left out. AlertsConfig.ready() adds it."""

from django.utils.translation import gettext as _

from custodia.core.formats import local_date
from custodia.register.list_marks import Mark

from . import selectors


def marks(*, user, prisoner_ids: list[int]) -> dict[int, list[Mark]]:
    if not user.has_perm(selectors.VIEW):
        return {}
    labels = {entry.code: str(entry.label) for entry in selectors.codes()}
    return {
        person_id: [
            Mark(
                label=labels.get(alert.code, alert.code),
                title=_("Alert in force since %(date)s") % {"date": local_date(alert.active_from)},
                key=alert.code,
            )
            for alert in alerts
        ]
        for person_id, alerts in selectors.marks_for(user=user, prisoner_ids=prisoner_ids).items()
    }
