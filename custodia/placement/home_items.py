"""What placement counts on the home page (core.home): for the director, the separation
exceptions in force and those past their end date with the person still in the unit, as the
separation oversight page lists them. PlacementConfig.ready() adds them."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.core.home import Count, Item, link

from . import selectors

OVERSIGHT = "placement:oversight"


def _exceptions(user: User) -> list[Count]:
    if not selectors.may_see_exceptions(user):
        return []
    return [
        Count(
            selectors.exception_list(user=user).count(),
            _("Separation exceptions in force"),
            link(OVERSIGHT) + "#exceptions-in-force",
        ),
        Count(
            selectors.exceptions_lapsed_in_place(user=user).count(),
            _("Separation exceptions past their end date, the person still in the unit"),
            link(OVERSIGHT) + "#exceptions-lapsed",
            urgent=True,
        ),
    ]


ITEMS = [Item("placement.exceptions", (roles.DIRECTOR,), 50, _exceptions)]
