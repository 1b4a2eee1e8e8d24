"""Every link a page shows a role is one that role may open (issue 11).

For each role of accounts.roles, working at a prison or nationwide as the demo's users do, the main
pages are opened in a small world made through the services; every same-site link (<a href>) and
every form sent with GET is followed once (by path and names of the query's parameters), and the
links of the pages reached are followed in turn, up to three steps from the main pages. None may answer
403, 404 or 500, lead to the sign-in page or come back with an error message. A form sent with
POST is not sent: the right its route declares (core.rights, read by accounts.access.rule_for)
must be one the role holds.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.accounts.access import rule_for
from custodia.assessment import services as assessment_services
from custodia.assessment.tests.factories import Team, completed
from custodia.classification import queries as classification_queries
from custodia.classification import services as classification_services
from custodia.core.rights import PUBLIC, SIGNED_IN
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory, UnitFactory
from custodia.measures import services as measures_services
from custodia.measures.tests.factories import imposed
from custodia.placement import services as placement_services
from custodia.register.choices import LegalStatus, OffenceStatus, Sex
from custodia.register.models import Prisoner
from custodia.register.services import OffenceData, SentenceData
from custodia.register.tests.factories import admit
from custodia.security.tests.factories import threatened_by_someone_elsewhere

from .test_access import NATIONWIDE  # prison staff work at one prison, headquarters and the auditors nationwide

pytestmark = pytest.mark.django_db

# How many steps of links are followed from the main pages (each link once).
STEPS = 3
# Not followed: signing out ends the session, the language switch is a POST, files are static.
SKIPPED_PREFIXES = ("/static/", "/media/")
SKIPPED_ROUTES = {"logout", "set_language"}
DEAD = {403, 404, 500}


@dataclass
class World:
    prison_staff: dict[str, User]
    people: list[Prisoner]  # held at the prison: remanded, convicted, a woman linked to violent extremism


@pytest.fixture
def world(make_staff) -> World:
    """One prison holding four people, with assessments final, under way and in draft, classification
    decisions approved and awaiting a decision, a non-association, a separation exception and a move
    into a cell over its capacity: each page then shows the links it can show."""
    PrisonServiceFactory()
    block_a = UnitFactory(name="Block A")
    prison = block_a.prison
    block_b = UnitFactory(prison=prison, name="Block B")
    remanded = admit(
        cell=CellFactory(unit=block_a, label="A1"),
        sex=Sex.MALE,
        given_names="Remanded",
        commitment={"ill_treatment_complaint": "Beaten at the police station"},
        offences=[OffenceData("0401", "Robbery", status=OffenceStatus.CHARGED)],
    )
    convicted, cellmate = (  # each alone in a cell for one
        admit(
            cell=CellFactory(unit=block_b, label=label, capacity=1),
            sex=Sex.MALE,
            given_names=name,
            legal_status=LegalStatus.CONVICTED,
            admitted_at=timezone.now() - timedelta(days=400),
            sentence=SentenceData(
                imposed_on=timezone.localdate() - timedelta(days=400),
                starts_on=timezone.localdate() - timedelta(days=400),
                years=3,
            ),
        )
        for name, label in (("Convicted", "B1"), ("Cellmate", "B2"))
    )
    woman = admit(
        cell=CellFactory(unit=UnitFactory(prison=prison, name="Women's wing"), label="W1"),
        given_names="Linked",
        offences=[OffenceData("09061", "Terrorist act", status=OffenceStatus.CHARGED, terrorism_link=True)],
    )
    staff = {
        role: make_staff(f"demo-{role}", role, prisons=[prison]) for role in roles.LABELS if role not in NATIONWIDE
    }
    case_manager, director = staff[roles.CASE_MANAGER], staff[roles.DIRECTOR]
    psychologist = make_staff("demo-psychologist", roles.CASE_MANAGER, prisons=[prison])
    completed(Team(convicted, case_manager, psychologist), "general_screening", value=1)
    assessment_services.assessment_start(actor=case_manager, prisoner=remanded, instrument_id="general_screening")
    assessment_services.assessment_start(actor=psychologist, prisoner=woman, instrument_id="general_screening")
    decisions = [
        classification_services.classification_propose(
            actor=case_manager,
            prisoner=person,
            proposed_level=classification_queries.compute_proposal(person)[0].level,
            rationale="Read with the file.",
        )
        for person in Prisoner.objects.select_related("current_prison").filter(pk__in=[convicted.pk, remanded.pk])
    ]
    approved = next(d for d in decisions if d.prisoner_id == convicted.pk)
    classification_services.classification_approve(actor=director, decision=approved, level=approved.proposed_level)
    threatened_by_someone_elsewhere(staff[roles.SECURITY], convicted)
    placement_services.separation_exception_grant(
        actor=director, prisoner=remanded, rule="11b", unit=block_b, reason="Awaiting a place in the remand block"
    )
    placement_services.cell_move(
        actor=staff[roles.WING],
        prisoner=Prisoner.objects.get(pk=convicted.pk),
        cell=cellmate.current_cell,
        reason="Block B under repair",
        over_capacity_confirmed=True,
    )
    # Solitary confinement for the convicted man, visited once, a day missed, an appeal awaiting a decision.
    measure = imposed(director, convicted, first=3, last=5)
    today = timezone.localdate()
    measures_services.health_visit_record(
        actor=staff[roles.HEALTH], measure=measure, visited_on=today, adverse_effects=False, note="Fit"
    )
    measures_services.appeal_lodge(actor=staff[roles.WING], measure=measure, lodged_on=today, grounds="Too long")
    return World(staff, [remanded, convicted, woman])


def staff_member(make_staff, world: World, role: str) -> User:
    if role in NATIONWIDE:
        return make_staff(f"demo-{role}", role, nationwide=True)
    return world.prison_staff[role]


def may(role: str, rule: str | None) -> bool:
    """Whether a member of staff with `role` passes a route's rule (see tests/test_access.py)."""
    if rule is None:
        return False
    return rule in (PUBLIC, SIGNED_IN) or rule.removeprefix("accounts.") in roles.rights_of(role)


def rule_of(path: str, method: str) -> str | None:
    return rule_for(resolve(path).func, method)


def main_pages(world: World) -> Iterator[str]:
    """The pages a role starts from: its home, the lists and oversight pages, each person's file and placement."""
    for name in (
        "home",
        "register:prisoner_list",
        "register:flags",
        "assessment:worklist",
        "assessment:validation",
        "classification:reviews",
        "classification:proposals",
        "placement:oversight",
        "security:non_association_list",
        "measures:list",
        "oversight:measures",
        "incidents:list",
        "oversight:incidents",
        "oversight:statistics",
        "oversight:uncts",
        "oversight:classification",
        "estate:prison_list",
        "user_list",
        "api_tokens",
    ):
        yield reverse(name)
    for person in world.people:
        yield reverse("register:prisoner_detail", args=[person.pk])
        yield reverse("placement:prisoner_placement", args=[person.pk])


class PageLinks(HTMLParser):
    """The links of a page: <a href>, and the forms by method; and the ids of its elements, which
    a page must not give twice (a link to #id, a label's for and a screen reader find the first)."""

    def __init__(self) -> None:
        super().__init__()
        self.followed: list[str] = []  # links and GET forms
        self.posted: list[str] = []  # POST forms
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids[found["id"] or ""] += 1
        if tag == "a" and found.get("href"):
            self.followed.append(found["href"] or "")
        elif tag == "form":
            method = (found.get("method") or "get").lower()
            (self.posted if method == "post" else self.followed).append(found.get("action") or "")


def same_site(page: str, link: str) -> str | None:
    """The link as a path with its query, when it is one of Custodia's pages to follow; else None."""
    url = urlsplit(urljoin(f"http://testserver{page}", link))
    if url.scheme not in ("http", "https") or url.netloc != "testserver" or url.path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        route = resolve(url.path).url_name
    except Resolver404:
        return url.path + (f"?{url.query}" if url.query else "")  # followed: a 404 is a dead link
    if route in SKIPPED_ROUTES:
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def shape(target: str) -> tuple[str, tuple[str, ...]]:
    """A link followed once: its path and the names of its query's parameters."""
    url = urlsplit(target)
    return url.path, tuple(sorted(parse_qs(url.query, keep_blank_values=True)))


@dataclass
class Crawl:
    client: Client
    role: str
    seen: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    dead: list[str] = field(default_factory=list)

    def open(self, target: str, *, found_on: str) -> str | None:
        """The page's HTML once opened, or None (recorded as dead, or not a page to read links from)."""
        response = self.client.get(target, follow=True)
        where = f"{target} (linked from {found_on})"
        if response.status_code in DEAD:
            self.dead.append(f"{where}: {response.status_code}")
            return None
        final = response.redirect_chain[-1][0] if response.redirect_chain else target
        if "/accounts/login/" in final:
            self.dead.append(f"{where}: sent to the sign-in page")
            return None
        if not response.get("Content-Type", "").startswith("text/html"):
            return None
        html = response.content.decode()
        if 'class="alert alert-danger" role="status"' in html:
            message = html.split('class="alert alert-danger" role="status">')[1].split("<")[0]
            self.dead.append(f"{where}: came back with the error “{message}”")
        return html

    def links_of(self, page: str, html: str) -> list[str]:
        links = PageLinks()
        links.feed(html)
        if twice := sorted(name for name, count in links.ids.items() if count > 1):
            self.dead.append(f"{page}: ids given more than once: {twice}")
        for action in links.posted:
            target = same_site(page, action)
            if target is None:
                continue
            path = urlsplit(target).path
            try:
                rule = rule_of(path, "POST")
            except Resolver404:
                self.dead.append(f"POST form on {page} to {target}: no such route")
                continue
            if not may(self.role, rule):
                self.dead.append(f"POST form on {page} to {target}: needs {rule}, which the role lacks")
        return [target for link in links.followed if (target := same_site(page, link)) is not None]

    def run(self, pages: list[str]) -> None:
        frontier = [(page, "the main pages") for page in pages]
        for step in range(STEPS + 1):
            following = []
            for target, found_on in frontier:
                if shape(target) in self.seen:
                    continue
                self.seen.add(shape(target))
                html = self.open(target, found_on=found_on)
                if html is not None:
                    links = self.links_of(target, html)
                    following += [(link, target) for link in links] if step < STEPS else []
            frontier = following


@pytest.mark.parametrize("role", list(roles.LABELS))
def test_every_link_a_page_shows_is_one_the_role_may_open(client, make_staff, sign_in, world, role):
    sign_in(client, staff_member(make_staff, world, role))
    pages = [page for page in main_pages(world) if may(role, rule_of(page, "GET"))]
    crawl = Crawl(client, role)
    crawl.run(pages)
    assert len(crawl.seen) > len(pages)  # the pages had links to follow
    assert not crawl.dead, f"{role}: links the role cannot use:\n" + "\n".join(crawl.dead)
