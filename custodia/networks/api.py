"""Networks over HTTP: a person's network, as the page draws it, for tools that analyse networks
elsewhere. The same selector as the page: only people held where the user works, only links from
records the user may read, and the reading recorded in the file of each person in the answer."""

from datetime import date
from typing import Annotated

from ninja import Field, Query, Router, Schema

from custodia.core.api import NOT_FOUND_RESPONSES, Id
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires

from . import rules, selectors

router = Router(tags=["networks"])


class NetworkIn(Schema):
    depth: Annotated[int, Field(ge=rules.MIN_DEPTH, le=rules.MAX_DEPTH)] = rules.DEFAULT_DEPTH
    kinds: list[rules.LinkKind] = Field(default_factory=list, description="Kinds of link; every kind when empty.")
    since: date | None = None
    until: date | None = None


class PersonOut(Schema):
    id: int
    number: str
    name: str
    depth: int = Field(description="Steps from the person the network was asked for (0 for that person).")
    vep: bool = Field(description="Linked to violent extremism (an offence so flagged).")


class LinkOut(Schema):
    a: int
    b: int
    kind: rules.LinkKind
    start: date | None
    end: date | None
    ref: str = Field(
        description="What the link rests on: a court case, or the number of the incident, report or non-association."
    )


class NetworkOut(Schema):
    people: list[PersonOut]
    links: list[LinkOut]
    truncated: bool = Field(description=f"More than {rules.MAX_PEOPLE} people: the network was cut short.")


@router.get(
    "/prisoners/{int:prisoner_id}",
    response={200: NetworkOut, **NOT_FOUND_RESPONSES},
    summary="A person's network of links",
    description=(
        "The people linked to the person (co-defendants, cell-mates, people in an incident or named in an "
        "intelligence report together, non-associations) to `depth` steps (1-3), filtered by `kinds` and by "
        "the period `since`-`until`. Only people held where the user works, and links from records the user may "
        "read; 404 for a person the user may not see. The reading is recorded in each person's file."
    ),
)
@requires(GET=selectors.VIEW)
def prisoner_network(request: AuthenticatedRequest, prisoner_id: Id, filters: Query[NetworkIn]) -> NetworkOut:
    choice = selectors.Choice(
        depth=filters.depth,
        kinds=frozenset(filters.kinds) or selectors.ALL_KINDS,
        since=filters.since,
        until=filters.until,
    )
    network = selectors.network_open(user=request.user, prisoner_id=prisoner_id, choice=choice)
    return NetworkOut(
        people=[
            PersonOut(
                id=p.prisoner.pk, number=p.prisoner.number, name=p.prisoner.display_name, depth=p.depth, vep=p.vep
            )
            for p in network.people
        ],
        links=[LinkOut(a=i.a, b=i.b, kind=i.kind, start=i.start, end=i.end, ref=i.ref) for i in network.links],
        truncated=network.truncated,
    )
