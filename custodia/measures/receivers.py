"""Events of the prisoner file that end restrictive measures: a transfer out of the prison, a
release or a death."""

from . import services


def end_on_leaving(sender, *, actor, prisoner, event, occurred_on, **kwargs) -> None:
    if event in ("transfer", "left_custody"):
        services.measures_end_on_leaving(actor=actor, prisoner=prisoner, occurred_on=occurred_on)
