"""Events of the prisoner file that end participation: a transfer out of the prison, a release
or a death."""

from . import services


def end_on_leaving(sender, *, actor, prisoner, event, **kwargs) -> None:
    if event in ("transfer", "left_custody"):
        services.participations_end_on_leaving(actor=actor, prisoner=prisoner, event=event)
