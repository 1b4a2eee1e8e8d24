"""What sentence plans count on the home page (core.home): for a case manager, at each prison
where they work, the plans overdue and due soon, each count the length of the worklist it links
to, read from the dates kept (selectors.due_counts). PlansConfig.ready() adds them."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prisons_in_scope
from custodia.core.home import Count, Item, link

from . import selectors

WORKLIST = "plans:worklist"


def _counts(user: User) -> list[Count]:
    if not user.has_perm(selectors.VIEW):
        return []
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    counts = []
    for prison in prisons:
        due = selectors.due_counts(user=user, prison_id=prison.pk)
        where = prison.name if len(prisons) > 1 else ""
        counts += [
            Count(
                due["overdue"],
                _("Sentence plans overdue"),
                link(WORKLIST, prison=prison.pk, urgency="overdue"),
                where,
                urgent=True,
            ),
            Count(
                due["due_soon"],
                _("Sentence plans due within 14 days"),
                link(WORKLIST, prison=prison.pk, urgency="due_soon"),
                where,
            ),
        ]
    return counts


ITEMS = [Item("plans.worklist", (roles.CASE_MANAGER,), 14, _counts)]
