"""A network as the page shows it: the rows of its table and the data of its graph, both from
the same links, so that the graph never shows what the table does not say."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .rules import Link, LinkKind
from .selectors import Network, Person

# Where the record a link rests on can be opened; the others name it (a court case).
RECORD_PAGES = {LinkKind.INCIDENT: "incidents:detail", LinkKind.INTELLIGENCE: "intelligence:detail"}


@dataclass(frozen=True)
class LinkRow:
    a: Person
    b: Person
    link: Link
    kind_label: str
    record_url: str
    # The cells of `a` and `b`, then the link's period: written once a person and once a day
    # (_Cells), as a table of a thousand links names the same people and days again and again.
    cells: tuple[SafeString, SafeString]
    period: SafeString


class _Cells:
    """The cells of one page's table, in the reader's language."""

    def __init__(self, urls: dict[int, str]) -> None:
        self.urls = urls
        self.vep = format_html(' <span class="badge text-bg-danger">{}</span>', _("VEP"))
        self.now = pgettext("a link still in force", "now")
        self.person = cache(self._person)
        self.day = cache(self._day)

    def _person(self, person: Person) -> SafeString:
        prisoner = person.prisoner
        return format_html(
            '<td dir="auto"><a href="{}">{}</a> <span class="text-muted">{}</span>{}</td>',
            self.urls[prisoner.pk],
            prisoner.display_name,
            prisoner.number,
            self.vep if person.vep else "",
        )

    def _day(self, day: date) -> SafeString:
        return format_html('<time datetime="{}">{}</time>', day.isoformat(), date_format(day, "SHORT_DATE_FORMAT"))

    def period(self, item: Link) -> SafeString:
        """From the start (… unknown) to the end ("now" while in force); one day once."""
        start = self.day(item.start) if item.start else "…"
        if item.end == item.start:
            return format_html("{}", start)
        return format_html("{} – {}", start, self.day(item.end) if item.end else self.now)


def person_urls(network: Network) -> dict[int, str]:
    """Each person's network page by their id, reversed once a person: the table names each
    person on every link of theirs, and the graph once more."""
    return {person.prisoner.pk: reverse("networks:prisoner", args=[person.prisoner.pk]) for person in network.people}


def link_rows(network: Network, urls: dict[int, str]) -> list[LinkRow]:
    """The table's rows; `urls`: person_urls(network)."""
    labels = {source.kind: str(source.label) for source in network.kinds}
    people = {person.prisoner.pk: person for person in network.people}
    cells = _Cells(urls)
    rows = []
    for item in network.links:
        page = RECORD_PAGES.get(item.kind)
        url = reverse(page, args=[int(item.ref)]) if page else ""
        a, b = people[item.a], people[item.b]
        rows.append(LinkRow(a, b, item, labels[item.kind], url, (cells.person(a), cells.person(b)), cells.period(item)))
    rows.sort(key=lambda row: (min(row.a.depth, row.b.depth), row.kind_label, row.a.prisoner.display_name))
    return rows


def graph_data(network: Network, urls: dict[int, str]) -> dict[str, Any]:
    """Nodes and edges for the drawing (Cytoscape.js elements), passed to it through json_script;
    `urls`: person_urls(network)."""
    labels = {source.kind: str(source.label) for source in network.kinds}
    nodes = [
        {
            "data": {
                "id": str(person.prisoner.pk),
                "label": f"{person.prisoner.display_name} · {person.prisoner.number}",
                "depth": person.depth,
                "vep": person.vep,
                "url": urls[person.prisoner.pk],
            }
        }
        for person in network.people
    ]
    edges = [
        {
            "data": {
                "id": f"e{n}",
                "source": str(item.a),
                "target": str(item.b),
                "kind": item.kind,
                "label": labels[item.kind],
            }
        }
        for n, item in enumerate(network.links)
    ]
    return {"nodes": nodes, "edges": edges}
