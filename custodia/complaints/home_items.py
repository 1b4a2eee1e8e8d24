"""What complaints count on the home page (core.home): overdue answers for the director and
headquarters, the confidential route's for the inspection body, allegations of ill-treatment not
referred in time for those who refer them, and for reception, who records the complaints of
ill-treatment made on admission, the allegations still open at their prison."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.core.home import Count, Item, link
from custodia.estate.selectors import active_profile

from . import selectors


def _overdue(user: Any) -> list[Count]:
    if selectors.visibility(user) is None or not (
        user.has_perm(selectors.ANSWER) or user.has_perm(selectors.CONFIDENTIAL)
    ):
        return []
    number = selectors.overdue_for(user=user).count()
    return [Count(number, _("Requests and complaints overdue"), link("complaints:list", overdue=1), urgent=True)]


def _referrals(user: Any) -> list[Count]:
    if selectors.visibility(user) is None or not (
        user.has_perm(selectors.REFER) or user.has_perm(selectors.CONFIDENTIAL)
    ):
        return []
    days = active_profile().complaints.referral_days
    number = selectors.referrals_missing(user=user, referral_days=days).count()
    return [
        Count(
            number,
            _("Allegations of ill-treatment not referred in time"),
            link("complaints:list", allegations=1),
            urgent=True,
        )
    ]


def _open_allegations(user: Any) -> list[Count]:
    if selectors.visibility(user) is None:
        return []
    number = selectors.complaint_list(user=user, filters=selectors.Filters(open=True, allegations=True)).count()
    return [Count(number, _("Allegations of ill-treatment still open"), link("complaints:list", open=1, allegations=1))]


PARTS = (roles.DIRECTOR, roles.COMPLAINTS_HQ, roles.INSPECTOR)
ITEMS = [
    Item("complaints.overdue", PARTS, 58, _overdue),
    Item("complaints.referrals", PARTS, 59, _referrals),
    Item("complaints.open_allegations", (roles.RECEPTION,), 59, _open_allegations),
]
