"""What training counts on the home page (core.home): for the trainer, the sessions they deliver
that are coming, those whose last day has come with no results recorded, and their own
certificates expiring within the profile's days."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.core.home import Count, Item, link

from . import selectors


def _trainer(user: User) -> list[Count]:
    if not user.has_perm(selectors.MANAGE):
        return []
    home = selectors.trainer_home(user=user)
    staff = home["staff"]
    if staff is None:
        return []
    mine = link("training:sessions", trainer=staff.pk)
    return [
        Count(len(home["coming"]), _("Your training sessions coming"), mine),
        Count(
            len(home["results_due"]), _("Your sessions with results to record"), mine, urgent=bool(home["results_due"])
        ),
        Count(
            len(home["expiring"]),
            _("Your certificates expiring soon"),
            link("training:staff_detail", staff.pk),
            urgent=bool(home["expiring"]),
        ),
    ]


ITEMS = [
    Item("training.trainer", (roles.TRAINER,), 10, _trainer),
]
