"""Reads of networks, need-to-know first.

A network holds only people held where the reader works (everyone, for nationwide readers): a
link to anyone else is left out with them, so that the network never tells that a person held
elsewhere exists or is linked. Each kind of link comes from records the reader may read
(sources.py). Every view of a network is logged as a read of each person it shows, the reason
naming the network (Mandela Rule 9): the file's list of readers shows who looked at whom."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Count, Exists, OuterRef, QuerySet

from custodia.core import audit
from custodia.core.rights import right
from custodia.estate.models import Prison
from custodia.register.models import Prisoner
from custodia.register.selectors import held_where_user_works, terrorism_linked

from . import rules, sources
from .rules import Link, LinkKind

VIEW = right("view_networks")
ALL_KINDS = frozenset(LinkKind)


@dataclass(frozen=True)
class Choice:
    """What the reader asked to see."""

    depth: int = rules.DEFAULT_DEPTH
    kinds: frozenset[LinkKind] = ALL_KINDS
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Person:
    prisoner: Prisoner
    depth: int
    vep: bool


@dataclass(frozen=True)
class Network:
    people: list[Person]
    links: list[Link]
    truncated: bool
    kinds: list[sources.Source]

    def person(self, pk: int) -> Person:
        return next(person for person in self.people if person.prisoner.pk == pk)


def _people_in_scope(user: User) -> QuerySet[Prisoner]:
    if not user.has_perm(VIEW):
        return Prisoner.objects.none()
    return held_where_user_works(user=user)


def _grow(*, user: User, centres: list[int], depth: int, choice: Choice, reason: str) -> Network:
    chosen = sources.sources_for(user, choice.kinds)
    scope = _people_in_scope(user)

    def neighbours(people: frozenset[int]) -> list[Link]:
        found = [item for source in chosen for item in source.links(user, people)]
        return [item for item in found if rules.in_period(item, choice.since, choice.until)]

    def visible(people: frozenset[int]) -> frozenset[int]:
        return frozenset(scope.filter(pk__in=people).values_list("pk", flat=True)) if people else frozenset()

    grown = rules.expand(centres, depth=depth, neighbours=neighbours, visible=visible)
    rows = scope.filter(pk__in=grown.depth_of).annotate(vep=terrorism_linked()).order_by("display_name", "pk")
    people = [Person(row, grown.depth_of[row.pk], bool(row.vep)) for row in rows]
    people.sort(key=lambda person: person.depth)
    audit.record_reads(actor=user, objs=[person.prisoner for person in people], reason=reason)
    return Network(people=people, links=grown.links, truncated=grown.truncated, kinds=chosen)


def network_open(*, user: User, prisoner_id: int, choice: Choice) -> Network:
    """A person's network to the chosen depth. Prisoner.DoesNotExist for a person out of scope."""
    centre = _people_in_scope(user).get(pk=prisoner_id)
    reason = f"network of {centre.number}, depth {choice.depth}"
    return _grow(user=user, centres=[centre.pk], depth=choice.depth, choice=choice, reason=reason)


def prisons_in_scope(*, user: User) -> QuerySet[Prison]:
    """The prisons whose networks the user may see."""
    if not user.has_perm(VIEW):
        return Prison.objects.none()
    held = held_where_user_works(user=user)
    # EXISTS per prison (an index probe each) rather than IN over everyone held: SQLite would
    # list the whole country's population to look up one prison.
    return Prison.objects.filter(Exists(held.filter(current_prison=OuterRef("pk")))).order_by("name")


def vep_counts(*, user: User) -> dict[int, int]:
    held = _people_in_scope(user).filter(terrorism_linked()).order_by()
    return dict(held.values_list("current_prison").annotate(n=Count("pk")).values_list("current_prison", "n"))


def prison_network_open(*, user: User, prison_id: int, choice: Choice) -> tuple[Prison, Network]:
    """The people linked to violent extremism held at a prison and everyone directly linked to
    them. Prison.DoesNotExist for a prison out of scope."""
    prison = prisons_in_scope(user=user).get(pk=prison_id)
    veps = _people_in_scope(user).filter(current_prison=prison).filter(terrorism_linked())
    reason = f"network of the people linked to violent extremism at prison {prison.pk}"
    network = _grow(user=user, centres=list(veps.values_list("pk", flat=True)), depth=1, choice=choice, reason=reason)
    return prison, network
