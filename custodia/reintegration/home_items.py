"""What release planning counts on the home page (core.home): for a case manager, at each prison
where they work, the release plans to open and the follow-ups after release that are overdue,
each count linked to the worklist. ReintegrationConfig.ready() adds them."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prisons_in_scope
from custodia.core.home import Count, Item, link

from . import selectors

WORKLIST = "reintegration:worklist"


def _counts(user: User) -> list[Count]:
    if not user.has_perm(selectors.VIEW):
        return []
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    counts = []
    for prison in prisons:
        work = selectors.worklist(user=user, prison_id=prison.pk)
        where = prison.name if len(prisons) > 1 else ""
        url = link(WORKLIST, prison=prison.pk)
        counts += [
            Count(len(work.openings), _("Release plans to open"), url, where),
            Count(
                sum(1 for item in work.follow_ups if item.urgency == "overdue"),
                _("Follow-ups after release overdue"),
                url,
                where,
                urgent=True,
            ),
        ]
    return counts


ITEMS = [Item("reintegration.worklist", (roles.CASE_MANAGER,), 16, _counts)]
