"""Separation of categories of prisoners (Nelson Mandela Rule 11): pure rules, no database.

Rule 11 keeps apart, in separate institutions or parts of institutions:
(a) men and women; (b) untried and convicted prisoners; (c) civil prisoners (imprisoned for debt
or by other non-criminal process) and those held for a criminal offence; (d) young prisoners and
adults. Here the "part of an institution" is the unit: everyone in one unit must be of the same
categories, unless a documented exception allows it. A women's prison holds only women and a
juvenile prison only juveniles, whatever the unit.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from custodia.register import rules as register_rules


class SeparationRule(models.TextChoices):
    MEN_WOMEN = "11a", _("Rule 11(a): men and women")
    UNTRIED_CONVICTED = "11b", _("Rule 11(b): untried and convicted")
    CIVIL_CRIMINAL = "11c", _("Rule 11(c): civil and criminal")
    YOUNG_ADULT = "11d", _("Rule 11(d): young and adult")


def rule_text(rule: str) -> str:
    """The rule cited in a refusal, in the user's language."""
    texts = {
        SeparationRule.MEN_WOMEN: gettext("Nelson Mandela Rule 11(a): men and women are held separately"),
        SeparationRule.UNTRIED_CONVICTED: gettext(
            "Nelson Mandela Rule 11(b): untried prisoners are kept separate from convicted prisoners"
        ),
        SeparationRule.CIVIL_CRIMINAL: gettext(
            "Nelson Mandela Rule 11(c): civil prisoners are kept separate from those held for a criminal offence"
        ),
        SeparationRule.YOUNG_ADULT: gettext("Nelson Mandela Rule 11(d): young prisoners are kept separate from adults"),
    }
    return texts[SeparationRule(rule)]


UNTRIED, CONVICTED, CIVIL = "untried", "convicted", "civil"

# Legal statuses by the side of Rule 11(b) and (c) they fall on. A conviction under appeal is a
# conviction; a person under probation supervision who is held again is held as convicted.
LEGAL_CATEGORY = {
    "pre_trial": UNTRIED,
    "convicted": CONVICTED,
    "under_appeal": CONVICTED,
    "probation": CONVICTED,
    "civil": CIVIL,
}

# Prison types that hold one category only, whatever the unit, and the rule a person of another
# category placed there would breach.
WOMEN_PRISON, JUVENILE_PRISON = "women", "juvenile"


@dataclass(frozen=True)
class Categories:
    """What Rule 11 separates by. `sex` is compared as recorded: a person whose sex is not
    recorded is of neither category until a director decides, with an exception."""

    sex: str
    juvenile: bool
    legal: str


def categories(
    *,
    sex: str,
    date_of_birth: date | None,
    birth_year_estimated: int | None,
    legal_status: str,
    on: date,
    juvenile_age: int,
) -> Categories:
    age = register_rules.age_on(on, date_of_birth=date_of_birth, birth_year_estimated=birth_year_estimated)
    return Categories(
        sex=sex,
        juvenile=register_rules.is_juvenile(age, juvenile_age),
        legal=LEGAL_CATEGORY[legal_status],
    )


def rules_between(a: Categories, b: Categories) -> list[str]:
    """The parts of Rule 11 that two people held in one unit would breach, in the rule's order."""
    breached: list[str] = []
    if a.sex != b.sex:
        breached.append(SeparationRule.MEN_WOMEN)
    legal = {a.legal, b.legal}
    if legal == {UNTRIED, CONVICTED}:
        breached.append(SeparationRule.UNTRIED_CONVICTED)
    if len(legal) == 2 and CIVIL in legal:
        breached.append(SeparationRule.CIVIL_CRIMINAL)
    if a.juvenile != b.juvenile:
        breached.append(SeparationRule.YOUNG_ADULT)
    return breached


# Whatever the caller names an occupant by: a prisoner number, a row of its own.
Key = TypeVar("Key")


@dataclass(frozen=True)
class Breach(Generic[Key]):
    rule: str
    # The occupant it is with (the caller's key), or None for a breach of the prison's type.
    other: Key


def separation_breaches(person: Categories, occupants: Iterable[tuple[Key, Categories]]) -> list[Breach[Key]]:
    """Every breach of Rule 11 by placing `person` in a unit with `occupants` ((key, categories)
    pairs), ordered by rule, then as the occupants were given."""
    found = [Breach(rule, key) for key, other in occupants for rule in rules_between(person, other)]
    order = list(SeparationRule.values)
    return sorted(found, key=lambda breach: order.index(breach.rule))


def may_except_before_arrival(person: Categories, prison_type: str, rule: str) -> bool:
    """An exception for a person not yet held in the prison: only for a part of Rule 11 that keeps
    them out of the prison altogether (its type), so that a transfer there can be decided at all.
    Any other part concerns people held together, and is decided once the person is there."""
    return any(breach.rule == rule for breach in prison_type_breaches(person, prison_type))


def prison_type_breaches(person: Categories, prison_type: str) -> list[Breach[None]]:
    """A women's prison holds only women, a juvenile prison only juveniles (Rule 11(a) and (d))."""
    breaches: list[Breach[None]] = []
    if prison_type == WOMEN_PRISON and person.sex != "female":
        breaches.append(Breach(SeparationRule.MEN_WOMEN, None))
    if prison_type == JUVENILE_PRISON and not person.juvenile:
        breaches.append(Breach(SeparationRule.YOUNG_ADULT, None))
    return breaches


# --- moves into a cell over its capacity ------------------------------------------------------------


def over_capacity_problems(*, occupants: int, capacity: int, reason: str, confirmed: bool) -> dict[str, str]:
    """What a cell move must give when the cell would hold `occupants` (the person moved included)
    beyond its `capacity`: an overcrowded service cannot refuse a place, but such a move is made on
    purpose, with a reason and the officer's confirmation, and listed for the director. By field;
    empty when nothing is missing (or the cell is not over its capacity)."""
    if occupants <= capacity:
        return {}
    problems = {}
    if not reason.strip():
        problems["reason"] = gettext("Give the reason for moving the person into a cell over its capacity.")
    if not confirmed:
        problems["over_capacity_confirmed"] = gettext(
            "Confirm the move: the cell would hold %(occupants)s people for a capacity of %(capacity)s."
        ) % {"occupants": occupants, "capacity": capacity}
    return problems
