"""What security counts on the home page (core.home): the open non-associations of the people
held where the user works, as their list shows them. SecurityConfig.ready() adds it."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.core.home import Count, Item, link

from . import selectors


def _open_non_associations(user: User) -> list[Count]:
    if not user.has_perm(selectors.VIEW):
        return []
    count = selectors.open_non_associations(user=user).count()
    return [Count(count, _("Open non-associations"), link("security:non_association_list"))]


ITEMS = [Item("security.non_associations", (roles.SECURITY, roles.WING, roles.DIRECTOR), 60, _open_non_associations)]
