"""Events of the prisoner file that make assessments due again."""

from . import services
from .choices import TriggerEvent


def record_trigger(sender, *, actor, prisoner, event, occurred_on, note="", **kwargs) -> None:
    if event not in TriggerEvent.values:  # e.g. leaving custody: nothing to reassess
        return
    services.reassessment_trigger_from_file(
        actor=actor, prisoner=prisoner, event=event, occurred_on=occurred_on, note=note
    )
