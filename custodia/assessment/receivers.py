"""Events of the prisoner file that make assessments due again."""

from . import services


def record_trigger(sender, *, actor, prisoner, event, occurred_on, note="", **kwargs) -> None:
    services.reassessment_trigger_from_file(
        actor=actor, prisoner=prisoner, event=event, occurred_on=occurred_on, note=note
    )
