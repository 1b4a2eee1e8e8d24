"""Where links come from: one source per kind of link, each asked for the links of a set of
people at once and answering only from records the reader may read.

A new kind of link gets a kind of its own in rules.LinkKind and a source here, reading the
records of a lower app (a higher one would add it to LINK_SOURCES from its AppConfig.ready())."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import OuterRef, Q, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.accounts.selectors import prison_scope
from custodia.contact.models import Contact
from custodia.core.rights import right
from custodia.incidents.choices import IncidentStatus
from custodia.incidents.models import Involvement
from custodia.incidents.selectors import incidents_visible
from custodia.intelligence.models import Subject
from custodia.intelligence.selectors import reports_readable
from custodia.register.models import CourtCase, Movement
from custodia.security.models import NonAssociation

from . import rules
from .rules import Link, LinkKind

People = frozenset[int]


@dataclass(frozen=True)
class Source:
    kind: LinkKind
    label: Promise
    # The right without which the source answers nothing.
    needs: str
    links: Callable[[User, People], list[Link]]


def _co_defendants(user: User, people: People) -> list[Link]:
    """People tried in the same court case: the same court and case number on both files."""
    theirs = list(CourtCase.objects.filter(prisoner_id__in=people).values_list("prisoner_id", "court", "case_number"))
    numbers = {number for _person, _court, number in theirs}
    same = CourtCase.objects.filter(case_number__in=numbers).values_list("prisoner_id", "court", "case_number")
    by_case: dict[tuple[str, str], set[int]] = {}
    for person, court, number in same:
        by_case.setdefault((court, number), set()).add(person)
    return [
        rules.link(person, other, LinkKind.CO_DEFENDANT, ref=f"{court} {number}")
        for person, court, number in theirs
        for other in by_case.get((court, number), set()) - {person}
    ]


def _cell_mates(user: User, people: People) -> list[Link]:
    """People who shared a cell for some time, from the movements into and out of cells."""
    own = rules.stays(
        Movement.objects.filter(prisoner_id__in=people).values_list("prisoner_id", "to_cell_id", "occurred_at")
    )
    if not own:
        return []
    # Everyone's stays in those cells that could overlap one of the people's: begun before the
    # last of theirs ended, ended (at the person's next movement, wherever it led) after the first
    # began. One query, whatever the cells' past: no one's other movements are read.
    first = min(stay.start for stay in own)
    last = None if any(stay.end is None for stay in own) else max(stay.end for stay in own if stay.end)
    entries = Movement.objects.filter(to_cell_id__in={stay.cell for stay in own})
    # Only the stays of people held where the reader works: a link to anyone else is left out of
    # the network anyway (rules.expand), and most of a cell's past occupants have long left (two
    # thirds of the rows for the VEPs of the largest prison, with three years of history).
    if (scope := prison_scope(user)) is not None:
        entries = entries.filter(prisoner__current_prison__in=scope)
    if last is not None:
        entries = entries.filter(occurred_at__lt=last)
    following = Movement.objects.filter(prisoner_id=OuterRef("prisoner_id"), occurred_at__gt=OuterRef("occurred_at"))
    rows = (
        entries.annotate(ends=Subquery(following.order_by("occurred_at").values("occurred_at")[:1]))
        # A stay begun since the first of theirs passes without looking up its end (the costly part).
        .filter(Q(occurred_at__gte=first) | Q(ends__isnull=True) | Q(ends__gt=first))
        .order_by()
        .values_list("prisoner_id", "to_cell_id", "occurred_at", "ends")
    )
    return rules.cell_mates(own, [rules.Stay(person, cell, start, end) for person, cell, start, end in rows])


# An incident links the people in it once its report is submitted: a draft may still name the
# wrong people, and a report set aside as a duplicate or not reportable says nothing more.
INCIDENT_LINKS = (IncidentStatus.AWAITING_REVIEW, IncidentStatus.RETURNED, IncidentStatus.CLOSED)


def _incidents(user: User, people: People) -> list[Link]:
    incidents = incidents_visible(user=user).filter(status__in=INCIDENT_LINKS)
    involved = Involvement.objects.filter(incident__in=incidents, prisoner__isnull=False)
    theirs = involved.filter(prisoner_id__in=people).values("incident_id")
    rows = involved.filter(incident_id__in=theirs).values_list("incident_id", "prisoner_id", "incident__occurred_at")
    return _together(rows, LinkKind.INCIDENT, people)


def _intelligence(user: User, people: People) -> list[Link]:
    """People named together in an intelligence report the reader may read in full: of any other
    report the network shows nothing, not even that it links anyone."""
    subjects = Subject.objects.filter(report__in=reports_readable(user=user), prisoner__isnull=False)
    theirs = subjects.filter(prisoner_id__in=people).values("report_id")
    rows = subjects.filter(report_id__in=theirs).values_list("report_id", "prisoner_id", "report__observed_at")
    return _together(rows, LinkKind.INTELLIGENCE, people)


def _together(rows: Iterable[tuple[int, int, datetime]], kind: LinkKind, people: People) -> list[Link]:
    """A link between each person of `people` and each other person of the same record."""
    by_record: dict[int, tuple[set[int], datetime]] = {}
    for record, person, at in rows:
        by_record.setdefault(record, (set(), at))[0].add(person)
    found = set()
    for record, (named, at) in by_record.items():
        day = at.date()
        for person in named & people:
            for other in named - {person}:
                found.add(rules.link(person, other, kind, day, day, ref=str(record)))
    return sorted(found)


def _non_associations(user: User, people: People) -> list[Link]:
    rows = NonAssociation.objects.filter(Q(prisoner_a_id__in=people) | Q(prisoner_b_id__in=people))
    return [
        rules.link(
            a,
            b,
            LinkKind.NON_ASSOCIATION,
            opened.date(),
            closed.date() if closed else None,
            ref=str(pk),
        )
        for pk, a, b, opened, closed in rows.values_list(
            "pk", "prisoner_a_id", "prisoner_b_id", "opened_at", "closed_at"
        )
    ]


def _shared_contacts(user: User, people: People) -> list[Link]:
    """People who share a contact: the same identity document on a contact of each (the same
    visitor or caller, whatever name each file gives them). The document itself is family data and
    is never shown: the link names the contact as the person's own file does."""
    theirs = Contact.objects.filter(prisoner_id__in=people).exclude(identity_document="")
    rows = Contact.objects.filter(identity_document__in=theirs.values("identity_document")).values_list(
        "identity_document", "prisoner_id", "name", "recorded_at"
    )
    by_document: dict[str, dict[int, tuple[str, datetime]]] = {}
    for document, person, name, recorded in rows:
        by_document.setdefault(document, {})[person] = (name, recorded)
    found = set()
    for holders in by_document.values():
        for person in holders.keys() & people:
            for other in holders.keys() - {person}:
                # Named as on the file of the first of the two (by id), so that the link found from
                # either side is one link.
                first, second = sorted((person, other))
                since = max(holders[first][1], holders[second][1]).date()
                found.add(rules.link(first, second, LinkKind.SHARED_CONTACT, since, ref=holders[first][0]))
    return sorted(found)


LINK_SOURCES: dict[LinkKind, Source] = {
    source.kind: source
    for source in (
        Source(LinkKind.CO_DEFENDANT, _("Co-defendants"), right("view_prisoner_file"), _co_defendants),
        Source(LinkKind.CELL_MATE, _("Cell-mates"), right("view_prisoner_file"), _cell_mates),
        Source(LinkKind.INCIDENT, _("In an incident together"), right("view_incidents"), _incidents),
        Source(
            LinkKind.INTELLIGENCE,
            _("Named in an intelligence report"),
            right("view_intelligence_section"),
            _intelligence,
        ),
        Source(LinkKind.NON_ASSOCIATION, _("Non-association"), right("view_non_associations"), _non_associations),
        Source(
            LinkKind.SHARED_CONTACT, _("The same contact (visitor or caller)"), right("view_contacts"), _shared_contacts
        ),
    )
}


def sources_for(user: User, kinds: frozenset[LinkKind]) -> list[Source]:
    """The sources of the kinds asked for that the user holds the right to read."""
    return [source for kind, source in LINK_SOURCES.items() if kind in kinds and user.has_perm(source.needs)]
