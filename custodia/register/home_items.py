"""What the register counts on the home page (core.home), each count the length of the list it
links to: the prisoner list with its filters, the moves requested, the complaints awaiting action,
the prisons' cells.
RegisterConfig.ready() adds them."""

from collections import Counter
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from custodia.accounts import roles
from custodia.accounts.selectors import prisons_in_scope
from custodia.core.home import Count, Item, link
from custodia.core.rights import right
from custodia.estate.selectors import cells_over_capacity, occupancy_by_prison, units_of

from . import rules, selectors
from .choices import CustodyStatus, MoveDirection
from .duplicate_selectors import duplicate_pair_list
from .population import population_by

LIST = "register:prisoner_list"
MOVES = "register:planned_move_list"
DUPLICATES = "register:duplicate_list"


def _listed(user: User, label: Any, *, urgent: bool = False, **filters: Any) -> Count:
    """How many people the prisoner list shows with these filters, and the list."""
    shown = selectors.prisoner_list(user=user, filters=selectors.PrisonerFilters(**filters))
    return Count(shown.count(), label, link(LIST, **filters), urgent=urgent)


def _reception(user: User) -> list[Count]:
    """Who goes to court, who is out and expected back, who is due for release."""
    if not user.has_perm(right("view_prisoner_file")):
        return []
    return [
        _listed(user, _("Court hearings today"), hearing=rules.TODAY),
        _listed(user, _("At court, not yet back"), custody_status=CustodyStatus.AT_COURT),
        _listed(user, _("In an outside hospital"), custody_status=CustodyStatus.IN_HOSPITAL),
        _listed(user, _("On temporary release"), custody_status=CustodyStatus.TEMPORARY_RELEASE),
        _listed(user, _("Full-term releases due today"), urgent=True, release=rules.TODAY),
        _listed(user, _("Full-term releases due within 7 days"), release=rules.WEEK),
    ]


def _planned(user: User, label: Any, *, direction: str, date: str = "") -> Count:
    """How many moves the list of moves requested shows with these filters, and the list."""
    filters = selectors.PlannedMoveFilters(direction=direction, window=date)
    query = {"direction": direction, **({"date": date} if date else {})}
    return Count(selectors.planned_move_list(user=user, filters=filters).count(), label, link(MOVES, **query))


def _arrivals(user: User) -> list[Count]:
    """Transfers planned to arrive today: people at court or on temporary release, who are on the
    prison's roll already, are counted above, not here."""
    if not user.has_perm(right("view_prisoner_file")):
        return []
    return [_planned(user, _("Expected arrivals today"), direction=MoveDirection.ARRIVING, date=rules.TODAY)]


def _moves_requested(user: User) -> list[Count]:
    """The cell moves and the transfers out that the wing is asked to make."""
    if not user.has_perm(right("view_prisoner_file")):
        return []
    return [
        _planned(user, _("Cell moves requested"), direction=MoveDirection.WITHIN),
        _planned(user, _("Transfers out requested"), direction=MoveDirection.LEAVING),
    ]


def _where(user: User) -> dict[int, str]:
    """{prison id: name} where the user works, to name each count's prison when there are several."""
    return dict(prisons_in_scope(user=user).order_by("name").values_list("pk", "name"))


def _wings(user: User) -> list[Count]:
    """The people held in each unit, and those still to be put in a cell."""
    if not user.has_perm(right("view_prisoner_file")):
        return []
    prisons = _where(user)
    people = population_by("current_cell__unit", current_prison__in=list(prisons))
    units = units_of(prisons=list(prisons))
    several = len(prisons) > 1
    counts = [
        Count(
            people.get(unit.pk, 0),
            _("People in %(unit)s") % {"unit": unit.name},
            link(LIST, unit=unit.pk),
            where=prisons[unit.prison_id] if several else "",
        )
        for unit in units
    ]
    return [*counts, _listed(user, _("Not yet in a cell"), without_cell="1")]


def _overcrowded_cells(user: User) -> list[Count]:
    """Cells holding more people than their capacity, per prison where the user works."""
    if not user.has_perm(right("view_estate")):
        return []
    prisons = _where(user)
    over = Counter(cell.unit.prison_id for cell, _occupancy in cells_over_capacity(prison_ids=list(prisons)))
    several = len(prisons) > 1
    return [
        Count(
            over[pk],
            _("Cells over capacity"),
            link("estate:prison_detail", pk, overcrowded=1),
            where=name if several else "",
            urgent=True,
        )
        for pk, name in prisons.items()
    ]


def _occupancy(user: User) -> list[Count]:
    """How many people each prison where the user works holds, against its official capacity."""
    if not user.has_perm(right("view_estate")):
        return []
    prisons = _where(user)
    return [
        Count(
            occupancy.population,
            occupancy.held_for(),
            link("estate:prison_detail", prison.pk),
            where=prison.name,
            urgent=occupancy.over_capacity,
        )
        for prison, occupancy in occupancy_by_prison(user=user, prison_ids=list(prisons))
    ]


def _complaints(user: User) -> list[Count]:
    """Complaints of ill-treatment on admission that no one has acted on yet: for those who act on
    them (even that a complaint is open belongs to the health section)."""
    if not user.has_perm(right("act_on_ill_treatment_complaint")):
        return []
    count = selectors.open_ill_treatment_flag_count(user=user)
    return [Count(count, _("Ill-treatment complaints awaiting action"), link("register:flags"), urgent=True)]


def _duplicates(user: User) -> list[Count]:
    """The pairs of files that may be of one person, awaiting headquarters' decision."""
    if not user.has_perm(right("view_duplicates")):
        return []
    return [Count(duplicate_pair_list(user=user).count(), _("Possible duplicates to decide"), link(DUPLICATES))]


ITEMS = [
    Item("register.reception", (roles.RECEPTION,), 20, _reception),
    Item("register.arrivals", (roles.RECEPTION,), 21, _arrivals),
    Item("register.wings", (roles.WING,), 22, _wings),
    Item("register.moves_requested", (roles.WING,), 23, _moves_requested),
    Item("register.complaints", (roles.DIRECTOR,), 30, _complaints),
    Item("register.duplicates", (roles.HQ_VEP,), 40, _duplicates),
    Item("register.occupancy", (roles.DIRECTOR,), 70, _occupancy),
    Item("register.overcrowded_cells", (roles.WING, roles.DIRECTOR), 72, _overcrowded_cells),
]
