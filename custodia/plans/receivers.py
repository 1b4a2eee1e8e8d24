"""Events of the prisoner file that bring the review of a sentence plan forward."""

from . import services


def bring_review_forward(sender, *, actor, prisoner, event, occurred_on, **kwargs) -> None:
    services.plan_event_from_file(actor=actor, prisoner=prisoner, event=event, occurred_on=occurred_on)
