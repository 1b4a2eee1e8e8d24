"""What contacts count on the home page (core.home): for the director, the restrictions of family
contact whose review is due (Mandela Rule 43(3): family contact is restricted only as long as needed)."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.core.home import Count, Item, link

from . import selectors


def _reviews(user: User) -> list[Count]:
    if not user.has_perm(selectors.RESTRICT_FAMILY):
        return []
    number = selectors.restrictions_to_review(user=user).count()
    return [Count(number, _("Restrictions of family contact to review"), link("contact:reviews"), urgent=True)]


ITEMS = [Item("contact.reviews", (roles.DIRECTOR,), 57, _reviews)]
