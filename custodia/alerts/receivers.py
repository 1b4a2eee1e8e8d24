"""Events of the prisoner file that end alerts: a release or a death (left custody). A transfer
does not: the alerts follow the person to the receiving prison."""

from . import services


def end_on_leaving(sender, *, actor, prisoner, event, occurred_on, **kwargs) -> None:
    if event == "left_custody":
        services.alerts_end_on_leaving(actor=actor, prisoner=prisoner, occurred_on=occurred_on)
