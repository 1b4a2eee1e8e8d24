"""Events of the prisoner file that end participation: a transfer out of the prison."""

from . import services


def end_on_transfer(sender, *, actor, prisoner, event, **kwargs) -> None:
    if event == "transfer":
        services.participations_end_on_transfer(actor=actor, prisoner=prisoner)
