"""What the information given on admission counts on the home page (core.home): for reception and
the case manager, the people not yet given the sheet since their latest admission."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.core.home import Count, Item, link

from . import selectors


def _awaiting(user: User) -> list[Count]:
    if not user.has_perm(selectors.RECORD):
        return []
    number = selectors.awaiting_information(user=user).count()
    return [Count(number, _("People awaiting the information sheet"), link("induction:awaiting"))]


ITEMS = [Item("induction.awaiting", (roles.RECEPTION, roles.CASE_MANAGER), 22, _awaiting)]
