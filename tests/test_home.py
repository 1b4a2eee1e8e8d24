"""The home page of each role: its counts are right, scoped to where the user works, and each one
opens, for that role, the list it counts (no 403, no 404), in a fixed number of queries.

One prison holds a small, known day's work; another prison holds the same kinds of things, which
no count of the first prison's staff may include."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment import services as assessment_services
from custodia.assessment.rules import Rating
from custodia.classification import queries as classification_queries
from custodia.classification import services as classification_services
from custodia.classification.models import ClassificationDecision
from custodia.core.tests.browser import sign_in_through_form
from custodia.core.tests.home_page import counts_on
from custodia.estate.tests.factories import CellFactory, UnitFactory
from custodia.incidents import services as incidents_services
from custodia.incidents.tests.factories import data as incident_data
from custodia.incidents.tests.factories import submitted as incident_submitted
from custodia.measures import services as measures_services
from custodia.measures.models import Measure
from custodia.measures.tests.factories import imposed
from custodia.placement import services as placement_services
from custodia.register import services as register_services
from custodia.register.models import Prisoner
from custodia.register.selectors import is_vep
from custodia.register.tests.factories import admit
from custodia.security import services as security_services

pytestmark = pytest.mark.django_db


def _day_of_work(prison_cells, *, actor=None) -> dict[str, Prisoner]:
    """At a prison: a hearing today (with a complaint of ill-treatment), a person at court and a
    person linked to violent extremism, on remand in the first cell, over its capacity; two people
    convicted, due for release this week (one today), in the second; a person not yet in a cell."""
    crowded, roomy = prison_cells
    today = timezone.localdate()
    court = register_services.CaseData(court="High Court", case_number="HC-1", next_hearing=today)
    people = {
        "heard today": admit(
            actor=actor,
            cell=crowded,
            given_names="Heard",
            case=court,
            commitment={"ill_treatment_complaint": "Beaten at the police station"},
        ),
        "at court": admit(actor=actor, cell=crowded, given_names="Atcourt"),
        "released today": _convicted(actor, roomy, "Today", days=10),
        "released this week": _convicted(actor, roomy, "Week", days=14),
        "without a cell": admit(actor=actor, prison=roomy.unit.prison, given_names="Nocell"),
        "vep": admit(
            actor=actor,
            cell=crowded,
            given_names="Linked",
            offences=[register_services.OffenceData("0101", "Terrorism", terrorism_link=True)],
        ),
    }
    register_services.movement_record(
        actor=actor,
        prisoner=people["at court"],
        data=register_services.MovementData(kind="court_production", occurred_at=timezone.now(), reason="High Court"),
    )
    return people


def _convicted(actor, cell, name: str, *, days: int) -> Prisoner:
    """Sentenced today to `days`, ten of them already served on remand: released in days - 10."""
    today = timezone.localdate()
    sentence = register_services.SentenceData(imposed_on=today, starts_on=today, days=days, remand_credit_days=10)
    return admit(actor=actor, cell=cell, given_names=name, legal_status="convicted", sentence=sentence)


@pytest.fixture
def world(make_staff):
    here = UnitFactory()
    prison = here.prison
    cells = (CellFactory(unit=here, capacity=1), CellFactory(unit=UnitFactory(prison=prison), capacity=4))
    elsewhere = UnitFactory().prison
    staff = {
        role: make_staff(f"home-{role}", role, prisons=[prison])
        for role in (roles.RECEPTION, roles.WING, roles.SECURITY, roles.DIRECTOR)
    }
    staff["assessor"] = make_staff("home-assessor", roles.CASE_MANAGER, prisons=[prison])
    staff["second"] = make_staff("home-second", roles.CASE_MANAGER, prisons=[prison])
    staff[roles.HQ_VEP] = make_staff("home-hq", roles.HQ_VEP, nationwide=True)
    staff[roles.HEALTH] = make_staff("home-health", roles.HEALTH, prisons=[prison])
    people = _day_of_work(cells)
    # The same day's work elsewhere: no count of this prison's staff includes any of it.
    away = _day_of_work((CellFactory(unit=UnitFactory(prison=elsewhere), capacity=1), CellFactory(capacity=4)))
    _records(staff, people, cells)
    _planned_moves(staff, people, away, prison)
    _measures(staff, people, make_staff("home-away-director", roles.DIRECTOR, prisons=[elsewhere]), away)
    _intelligence(staff, people, make_staff("home-away-security", roles.SECURITY, prisons=[elsewhere]), away)
    # An incident report of the wing officer, submitted, force used on the man heard today: one
    # report awaiting review, one medical examination owed; and a draft of the wing officer's.
    incident_submitted(staff[roles.WING], people["heard today"])
    incidents_services.incident_draft(actor=staff[roles.WING], prison=prison, data=incident_data())
    return {"prison": prison, "staff": staff, "people": people, "away": away}


def _intelligence(staff, people, away_security: User, away) -> None:
    """Here: a report awaiting grading, and a graded one whose sharing awaits approval; the same
    elsewhere, which only headquarters count."""
    from custodia.intelligence import services as intelligence_services
    from custodia.intelligence.tests.factories import about
    from custodia.intelligence.tests.factories import data as intelligence_data

    def report(officer, grader, person, graded: bool) -> None:
        made = intelligence_services.report_submit(
            actor=officer, prison=person.current_prison, data=intelligence_data(about(person))
        )
        if graded:
            made = intelligence_services.report_grade(
                actor=grader, report=made, source="C", information="3", handling="2", assessment="Plausible"
            ).report
            intelligence_services.sharing_request(
                actor=grader,
                report=made,
                data=intelligence_services.SharingData("Probation office", "other_public_body", "Supervision"),
            )

    report(staff[roles.WING], staff[roles.SECURITY], people["vep"], graded=False)
    report(staff[roles.WING], staff[roles.SECURITY], people["heard today"], graded=True)
    report(away_security, away_security, away["vep"], graded=False)
    report(away_security, away_security, away["heard today"], graded=True)


def _planned_moves(staff, people, away, prison) -> None:
    """Two transfers from elsewhere, expected today and tomorrow (asked by the prison that sends
    them); the wing here asks for a cell move and a transfer out."""
    today = timezone.localdate()

    def plan(actor, person, kind: str, days: int = 0, **where) -> None:
        data = register_services.PlannedMoveData(kind, today + timedelta(days=days), "As agreed", **where)
        register_services.planned_move_request(actor=actor, prisoner=person, data=data)

    plan(None, away["heard today"], "transfer", to_prison=prison)
    plan(None, away["vep"], "transfer", days=1, to_prison=prison)
    plan(staff[roles.WING], people["released this week"], "cell_move")
    plan(staff[roles.WING], people["vep"], "transfer", days=3, to_prison=away["heard today"].current_prison)


def _records(staff, people, cells) -> None:
    """What the other roles record about the people: non-associations, an exception, assessments
    and classification proposals."""
    security_services.non_association_open(
        actor=staff[roles.SECURITY],
        prisoner=people["heard today"],
        other=people["released today"],
        level="unit",
        reason="threats",
        role="aggressor",
        other_role="victim",
        comment="Threats in the yard",
    )
    placement_services.separation_exception_grant(
        actor=staff[roles.DIRECTOR], prisoner=people["at court"], rule="11b", unit=cells[0].unit, reason="No bed"
    )
    assessor, second = staff["assessor"], staff["second"]
    _submitted(assessor, people["released today"])  # awaits the second's countersignature
    returned = _submitted(second, people["released this week"])
    assessment_services.assessment_return(actor=assessor, assessment=returned, comment="Add the evidence")
    _propose(assessor, people["heard today"])  # awaits the director
    _propose(assessor, people["vep"])  # awaits headquarters
    proposal = _propose(assessor, people["without a cell"])
    classification_services.classification_return(actor=staff[roles.DIRECTOR], decision=proposal, comment="More")
    approved = classification_services.classification_approve(
        actor=staff[roles.DIRECTOR], decision=_propose(assessor, people["released this week"]), level=None
    )
    ClassificationDecision.objects.filter(pk=approved.pk).update(
        next_review_on=timezone.localdate() - timedelta(days=1)
    )


def _measures(staff, people, away_director: User, away) -> None:
    """Two restrictive measures here: one eight days old, its review overdue and every day without a
    health-care visit; one from today, visited, with an appeal awaiting a decision. One elsewhere."""
    today = timezone.localdate()
    old = imposed(staff[roles.DIRECTOR], people["heard today"], hours=12)
    Measure.objects.filter(pk=old.pk).update(starts_on=today - timedelta(days=8))
    new = imposed(staff[roles.DIRECTOR], people["at court"], hours=12)
    measures_services.health_visit_record(
        actor=staff[roles.HEALTH], measure=new, visited_on=today, adverse_effects=False, note=""
    )
    measures_services.appeal_lodge(actor=staff[roles.WING], measure=new, lodged_on=today, grounds="Unfair")
    imposed(away_director, away["heard today"], hours=12)


def _submitted(assessor: User, prisoner: Prisoner):
    assessment = assessment_services.assessment_start(
        actor=assessor, prisoner=prisoner, instrument_id="general_screening"
    )
    ratings = {item.code: Rating(0, "Seen") for _domain, item in assessment.instrument.instrument.items()}
    assessment = assessment_services.assessment_rate(actor=assessor, assessment=assessment, ratings=ratings)
    return assessment_services.assessment_submit(actor=assessor, assessment=assessment)


def _propose(assessor: User, prisoner: Prisoner) -> ClassificationDecision:
    prisoner = Prisoner.objects.select_related("current_prison").get(pk=prisoner.pk)
    vep = {"vep_placement": "integration_dispersal", "vep_placement_reason": "Settled"} if is_vep(prisoner.pk) else {}
    return classification_services.classification_propose(
        actor=assessor,
        prisoner=prisoner,
        proposed_level=classification_queries.compute_proposal(prisoner)[0].level,
        rationale="As computed.",
        **vep,
    )


def home_of(client: Client, user: User, sign_in) -> dict[str, tuple[int, str]]:
    sign_in(client, user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return counts_on(response.content.decode())


def numbers(found: dict[str, tuple[int, str]]) -> dict[str, int]:
    return {label: number for label, (number, _url) in found.items()}


def assert_every_link_opens(client: Client, found: dict[str, tuple[int, str]]) -> None:
    opened = {label: client.get(url).status_code for label, (_number, url) in found.items()}
    assert set(opened.values()) == {200}, opened


def test_reception(client, sign_in, world):
    found = home_of(client, world["staff"][roles.RECEPTION], sign_in)
    assert numbers(found) == {
        "Court hearings today": 1,
        "At court, not yet back": 1,
        "In an outside hospital": 0,
        "On temporary release": 0,
        "Full-term releases due today": 1,
        "Full-term releases due within 7 days": 2,
        "Expected arrivals today": 1,
        "My incident reports: drafts and returned": 0,
        # No one of the day's work was given the information sheet yet (induction).
        "People awaiting the information sheet": 6,
        # Heard's complaint of ill-treatment on admission opened an allegation.
        "Allegations of ill-treatment still open": 1,
    }
    assert_every_link_opens(client, found)
    # The list behind a count shows the people counted.
    releases = client.get(found["Full-term releases due within 7 days"][1]).content.decode()
    assert "Today" in releases and "Week" in releases and "Heard" not in releases


def test_wing(client, sign_in, world):
    people = world["people"]
    crowded, roomy = (people["heard today"].current_cell.unit, people["released today"].current_cell.unit)
    found = home_of(client, world["staff"][roles.WING], sign_in)
    assert numbers(found) == {
        f"People in {crowded.name}": 3,
        f"People in {roomy.name}": 2,
        "Not yet in a cell": 1,
        "Cell moves requested": 1,
        "Transfers out requested": 1,
        "Open non-associations": 1,
        "Cells over capacity": 1,
        "My incident reports: drafts and returned": 1,
    }
    assert_every_link_opens(client, found)
    cells = client.get(found["Cells over capacity"][1]).content.decode()
    assert (
        people["heard today"].current_cell.label in cells and people["released today"].current_cell.label not in cells
    )


@pytest.mark.parametrize(
    "role, label",
    [
        (roles.RECEPTION, "Expected arrivals today"),
        (roles.WING, "Cell moves requested"),
        (roles.WING, "Transfers out requested"),
    ],
)
def test_a_count_of_moves_is_the_length_of_the_list_it_opens(client, sign_in, world, role, label):
    number, url = home_of(client, world["staff"][role], sign_in)[label]
    listed = client.get(url).content.decode()
    assert number and listed.count("data-planned-move=") == number


def test_case_managers(client, sign_in, world):
    assessor, second = world["staff"]["assessor"], world["staff"]["second"]
    mine = home_of(client, assessor, sign_in)
    assert numbers(mine)["Assessments awaiting my countersignature"] == 0
    assert numbers(mine)["Assessments returned to me"] == 0
    assert numbers(mine)["Classification proposals returned to me"] == 1
    assert_every_link_opens(client, mine)
    # The worklist's figures and the home page's agree.
    for label, urgency in (("Assessments overdue", "overdue"), ("Assessments due within 14 days", "due_soon")):
        number, url = mine[label]
        listed = client.get(url).content.decode()
        assert listed.count(f'<tr class="urgency-{urgency}">') == number

    theirs = home_of(client, second, sign_in)
    assert numbers(theirs)["Assessments awaiting my countersignature"] == 1
    assert numbers(theirs)["Assessments returned to me"] == 1
    assert numbers(theirs)["Classification proposals returned to me"] == 0
    assert_every_link_opens(client, theirs)
    waiting = client.get(theirs["Assessments awaiting my countersignature"][1]).content.decode()
    assert waiting.count('<tr class="urgency-') == 1 and "Today" in waiting


def test_security(client, sign_in, world):
    found = home_of(client, world["staff"][roles.SECURITY], sign_in)
    assert numbers(found) == {
        "Open non-associations": 1,
        "Intelligence reports to grade": 1,
        "Incident reports awaiting review": 1,
        "My incident reports: drafts and returned": 0,
        "Alerts in force": 0,
        "Audit actions overdue": 0,
        "Audit actions still open": 0,
    }
    assert_every_link_opens(client, found)
    listed = client.get(found["Open non-associations"][1]).content.decode()
    assert listed.count("data-non-association=") == 1


def test_director(client, sign_in, world):
    found = home_of(client, world["staff"][roles.DIRECTOR], sign_in)
    prison = world["prison"]
    assert numbers(found) == {
        "Classification proposals awaiting my decision": 1,  # not the VEP's: headquarters decides
        "Ill-treatment complaints awaiting action": 1,
        "Classification reviews overdue": 1,
        "Separation exceptions in force": 1,
        "Separation exceptions past their end date, the person still in the unit": 0,
        "Open non-associations": 1,
        f"People held for 100 places (6.0 %) @ {prison.name}": 6,
        "Cells over capacity": 1,
        "Restrictive measures in force": 2,
        "Reviews of measures due today or overdue": 1,
        "Measures with an appeal awaiting a decision": 1,
        "Measures with a health-care visit missed": 1,
        "People held apart not yet visited today": 1,
        "Sharing requests awaiting approval": 1,
        "Incident reports awaiting review": 1,
        "Medical examinations owed after force or an injury": 1,
        "Restrictions of family contact to review": 0,
        "Occupancy of this week's visit sessions (%)": 0,
        # Heard's complaint of ill-treatment on admission opened an allegation today: not yet late.
        "Requests and complaints overdue": 0,
        "Allegations of ill-treatment not referred in time": 0,
        "My incident reports: drafts and returned": 0,
        "Alerts in force": 0,
        "Audit actions overdue": 0,
        "Audit actions still open": 0,
    }
    assert_every_link_opens(client, found)
    awaiting = client.get(found["Classification proposals awaiting my decision"][1]).content.decode()
    assert "Heard" in awaiting and "Linked" not in awaiting
    for label in (
        "Restrictive measures in force",
        "Reviews of measures due today or overdue",
        "Measures with an appeal awaiting a decision",
        "Measures with a health-care visit missed",
        "People held apart not yet visited today",
    ):
        number, url = found[label]
        assert client.get(url).content.decode().count("data-measure=") == number, label


def test_health_care_staff(client, sign_in, world):
    """Their daily round: the people held apart not yet visited today, and the days missed."""
    found = home_of(client, world["staff"][roles.HEALTH], sign_in)
    assert numbers(found) == {
        "People to visit today (held apart)": 1,
        "Measures with a health-care visit missed": 1,
        "Medical examinations owed after force or an injury": 1,
        "Proposed alerts to decide": 0,
    }
    assert_every_link_opens(client, found)
    to_visit = client.get(found["People to visit today (held apart)"][1]).content.decode()
    assert to_visit.count("data-measure=") == 1 and "Heard" in to_visit and "Atcourt" not in to_visit


def test_headquarters(client, sign_in, world, make_staff):
    found = home_of(client, world["staff"][roles.HQ_VEP], sign_in)
    assert numbers(found) == {
        "Classification proposals awaiting my decision": 1,  # the VEP's, alone
        "People held for 300 places (4.0 %)": 12,  # every prison
        "People held linked to terrorism or violent extremism": 2,
        "Possible duplicates to decide": 0,  # no pair found yet: find_duplicates has not run
        "Sharing requests awaiting approval": 2,  # every prison
    }
    assert_every_link_opens(client, found)
    analyst = home_of(client, make_staff("home-analyst", roles.HQ_STATISTICS, nationwide=True), sign_in)
    assert numbers(analyst)["Classification proposals awaiting a decision"] == 2
    assert_every_link_opens(client, analyst)


def test_system_administrator(client, sign_in, world, make_staff):
    from axes.models import AccessAttempt
    from django.conf import settings

    locked = make_staff("home-locked", roles.WING, prisons=[world["prison"]])
    AccessAttempt.objects.create(
        username=locked.username, ip_address="10.0.0.1", failures_since_start=settings.AXES_FAILURE_LIMIT
    )
    make_staff("home-unassigned", roles.WING)  # an assignment to no prison
    administrator = make_staff("home-sysadmin", roles.ADMINISTRATOR, nationwide=True)
    found = home_of(client, administrator, sign_in)
    assert numbers(found) == {
        "Active user accounts": User.objects.filter(is_active=True).count(),
        "Accounts locked after failed sign-ins": 1,
        "Accounts without a staff assignment": 1,
    }
    assert_every_link_opens(client, found)
    assert "home-locked" in client.get(found["Accounts locked after failed sign-ins"][1]).content.decode()


def test_a_superuser_sees_the_administrators_part_not_every_prisons_work(
    client, sign_in, world, django_assert_max_num_queries
):
    """A superuser holds every right nationwide; their home page shows user administration, not
    the worklists of every prison, which would be counted at each visit."""
    sign_in(client, User.objects.create_superuser("home-root", password="unused-password-2026"))
    with django_assert_max_num_queries(20):
        found = counts_on(client.get(reverse("home")).content.decode())
    assert set(numbers(found)) == {
        "Active user accounts",
        "Accounts locked after failed sign-ins",
        "Accounts without a staff assignment",
    }


def test_the_trainer_sees_their_training_work(client, sign_in, make_staff):
    sign_in(client, make_staff("home-trainer", roles.TRAINER, nationwide=True))
    page = client.get(reverse("home")).content.decode()
    found = counts_on(page)
    assert numbers(found) == {
        "Your training sessions coming": 0,
        "Your sessions with results to record": 0,
        "Your certificates expiring soon": 0,
    }
    assert_every_link_opens(client, found)
    note = page.split('id="trainer-note"', 1)[1].split("</div>", 1)[0]
    assert "not kept in Custodia yet" not in note
    links = re.findall(r'href="([^"]+)"', note)
    assert reverse("training:sessions") in links
    assert links and {client.get(html.unescape(url)).status_code for url in links} == {200}


def test_several_roles_see_the_part_of_each_and_a_shared_count_once(client, sign_in, world, make_staff):
    both = make_staff("home-two-roles", roles.WING, roles.SECURITY, prisons=[world["prison"]])
    sign_in(client, both)
    page = client.get(reverse("home")).content.decode()
    assert str(roles.LABELS[roles.WING]) in page and str(roles.LABELS[roles.SECURITY]) in page
    assert page.count("Open non-associations") == 1  # in the wing officer's part, which comes first
    assert "Cells over capacity" in page


def test_a_group_made_for_a_post_lands_on_the_first_page_it_opens(client, sign_in, world, make_staff):
    from django.contrib.auth.models import Group, Permission

    post = Group.objects.create(name="Records clerk")
    post.permissions.add(Permission.objects.get(codename="view_prisoner_file"))
    clerk = make_staff("home-clerk", prisons=[world["prison"]])
    clerk.groups.add(post)
    sign_in(client, clerk)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("register:prisoner_list")


@pytest.mark.parametrize(
    "role, bound",
    [
        (roles.RECEPTION, 21),  # 20, the allegations still open
        (roles.WING, 22),
        (roles.SECURITY, 21),
        # 43, two counts of requests and complaints (overdue, not referred), visits' occupancy, and the
        # Mandela Rules checks falling short at the last compliance snapshot
        (roles.DIRECTOR, 47),
        ("assessor", 30),  # 28, and the people with no visit or video call (the profile, the count)
        (roles.HQ_VEP, 29),
        (roles.HEALTH, 17),
    ],
)
def test_each_home_page_in_a_fixed_number_of_queries(
    client, sign_in, world, django_assert_max_num_queries, role, bound
):
    """However many people, cells and records the prison holds: one more day of work changes nothing.
    Counted at the second visit: the first works out the due dates kept for the counts
    (register.kept_dues), a few queries more for every 500 people."""
    _day_of_work((CellFactory(unit__prison=world["prison"], capacity=1), CellFactory(unit__prison=world["prison"])))
    sign_in(client, world["staff"][role])
    client.get(reverse("home"))
    with django_assert_max_num_queries(bound):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_roles_follow_a_count_to_the_list_behind_it(new_page, world):
    """Reception and a case manager sign in, land on their own work, and a count opens its list."""
    reception = new_page()
    sign_in_through_form(reception, world["staff"][roles.RECEPTION].username)
    reception.get_by_role("link", name=re.compile("Full-term releases due today")).click()
    reception.wait_for_url("**/en/prisoners/?release=today")
    rows = reception.locator("#prisoner-results tbody tr")
    assert rows.count() == 1 and "Today" in rows.first.inner_text()
    assert reception.locator("#id_release").input_value() == "today"  # the list says how it is filtered

    second = new_page()
    sign_in_through_form(second, world["staff"]["second"].username, "fr")
    second.locator(f'a[href*="awaiting_my_countersignature=1"][href*="prison={world["prison"].pk}"]').click()
    second.wait_for_url("**/fr/assessments/worklist/?*awaiting_my_countersignature=1*")
    rows = second.locator("#worklist tbody tr")
    assert rows.count() == 1 and "Today" in rows.first.inner_text()
    assert second.locator("#awaiting_my_countersignature").is_checked()
