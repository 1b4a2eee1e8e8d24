"""The alerts section of the prisoner file page (register/prisoner_detail.html includes
alerts/file_section.html with this context): the person's alerts in force and past, who set each
and why, the buttons to set and end them for those the code names, and the proposed alerts from
urgent assessment ratings; and, in the file's summary at the top, each alert in force as a badge
(alerts/file_glance.html).

Every list here comes from the selectors, which leave out the codes the reader may not see: a
restricted alert is not withheld, it is absent. Reading them is part of opening the file, whose
read is logged."""

from django.utils import timezone

from custodia.register.selectors import PrisonerFile

from . import selectors, services


def context_for(*, user, file: PrisonerFile) -> dict:
    if not user.has_perm(selectors.VIEW):
        return {}
    prisoner, today = file.prisoner, timezone.localdate()
    alerts = selectors.prisoner_alerts(user=user, prisoner=prisoner)
    may_manage = not file.held_elsewhere and services.set_refusal(user, prisoner) is None
    settable = {entry.code for entry in selectors.settable_codes(user)} if may_manage else set()
    rows = [
        {
            "alert": alert,
            "label": selectors.label_of(alert.code),
            "in_force": selectors.is_in_force(alert, today),
            "may_end": alert.code in settable and selectors.is_in_force(alert, today),
        }
        for alert in alerts
    ]
    return {
        "alert_rows": rows,
        # For the file's summary at the top of the page.
        "alerts_in_force": [row for row in rows if row["in_force"]],
        "may_set_alert": bool(settable),
        "alert_proposals": selectors.proposals(user=user, prisoner_id=prisoner.pk) if settable else [],
    }
