"""What the assessment counts on the home page (core.home): for a case manager, at each prison
where they work, the worklist's overdue and soon-due assessments and their own work in it, each
count the length of the worklist it links to: the overdue and soon-due from the dates kept
(selectors.due_counts), the user's own from the assessments under way. AssessmentConfig.ready()
adds them."""

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prisons_in_scope
from custodia.core.home import Count, Item, link
from custodia.core.rights import right

from . import selectors, worklist_filters

WORKLIST = "assessment:worklist"


def _worklists(user: User) -> list[Count]:
    if not user.has_perm(right("view_assessment_worklist")):
        return []
    prisons = list(prisons_in_scope(user=user).order_by("name"))
    counts = []
    for prison in prisons:
        due = selectors.due_counts(user=user, prison_id=prison.pk)
        under_way = selectors.under_way(user=user, prison_id=prison.pk)
        where = prison.name if len(prisons) > 1 else ""
        counts += [
            Count(
                due["overdue"],
                _("Assessments overdue"),
                link(WORKLIST, prison=prison.pk, urgency="overdue"),
                where,
                urgent=True,
            ),
            Count(
                due["due_soon"],
                _("Assessments due within 14 days"),
                link(WORKLIST, prison=prison.pk, urgency="due_soon"),
                where,
            ),
        ]
        counts += [
            Count(
                len(worklist_filters.of_mine(user, under_way, [name])),
                label,
                link(WORKLIST, prison=prison.pk, **{name: 1}),
                where,
            )
            for name, label in MINE
        ]
    return counts


MINE = [
    ("awaiting_my_countersignature", _("Assessments awaiting my countersignature")),
    ("returned_to_me", _("Assessments returned to me")),
]

ITEMS = [Item("assessment.worklists", (roles.CASE_MANAGER,), 12, _worklists)]
