"""A network as the page shows it: the rows of its table and the data of its graph, both from
the same links, so that the graph never shows what the table does not say."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

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

    @property
    def people(self) -> tuple[Person, Person]:
        return self.a, self.b


def link_rows(network: Network) -> list[LinkRow]:
    labels = {source.kind: str(source.label) for source in network.kinds}
    people = {person.prisoner.pk: person for person in network.people}
    rows = []
    for item in network.links:
        page = RECORD_PAGES.get(item.kind)
        url = reverse(page, args=[int(item.ref)]) if page else ""
        rows.append(LinkRow(people[item.a], people[item.b], item, labels[item.kind], url))
    rows.sort(key=lambda row: (min(row.a.depth, row.b.depth), row.kind_label, row.a.prisoner.display_name))
    return rows


def graph_data(network: Network) -> dict[str, Any]:
    """Nodes and edges for the drawing (Cytoscape.js elements), passed to it through json_script."""
    labels = {source.kind: str(source.label) for source in network.kinds}
    nodes = [
        {
            "data": {
                "id": str(person.prisoner.pk),
                "label": f"{person.prisoner.display_name} · {person.prisoner.number}",
                "depth": person.depth,
                "vep": person.vep,
                "url": reverse("networks:prisoner", args=[person.prisoner.pk]),
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
