"""Bangkok Rule 3: the number and details of a woman's children, where they are and who looks after
them, recorded on admission. The admission form refuses a child without "where they are" today;
files recorded before it, imported or edited elsewhere may still lack it."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.register.choices import Relationship, Sex
from custodia.register.models import FamilyMember, Prisoner

from ..base import Tally
from ..held import held, listed, tally_people


def _child_unaccounted() -> Exists:
    # Same test as rules.child_whereabouts_missing, in SQL so that it counts in the database.
    return Exists(
        FamilyMember.objects.filter(
            prisoner=OuterRef("pk"), relationship=Relationship.CHILD, whereabouts__regex=r"^\s*$"
        )
    )


class ChildrenOfWomen:
    key: str = "bangkok-3-children"
    rule: Promise = _("Bangkok Rule 3")
    title: Promise = _("Children of women held accounted for")
    definition: Promise = _(
        "Women held with a child on their file for whom it is not recorded where the child is and "
        "who looks after them (Bangkok Rule 3). Custodia cannot see children never recorded: a "
        "woman with no child on file counts as meeting the rule."
    )
    unit: Promise = _("women held")
    not_recorded: Promise | None = None

    def _women(self, prisons: Sequence[Prison]) -> QuerySet[Prisoner]:
        return held(prisons).filter(sex=Sex.FEMALE)

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        return tally_people(self._women(prisons), _child_unaccounted(), prisons)

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        return listed(self._women([prison]).filter(_child_unaccounted()), user=user)


CHILDREN_OF_WOMEN = ChildrenOfWomen()
