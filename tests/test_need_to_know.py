"""Need-to-know, tested as an intruder would.

Withheld sections: a unique marker is written into every field of every
withheld section of one person's file (health, family, intelligence, the VEP assessment), and
into the event that intelligence brings; then every web route and every API route (read from the
URL configuration, as the role-by-route test does) is called as every role, reads and writes,
and no answer a role may not see may carry a marker: pages, htmx fragments, chart data, CSV,
JSON and error messages alike. For the prisoner file this holds because its selector
(register.selectors.prisoner_file_open) withholds: nothing of a withheld section is even loaded,
whatever page, schema or export renders the file.

A later module with a sensitive section adds its markers to SECTIONS and seeds them in `marked`.

Reads of a file (Mandela Rule 9): every page and API answer that shows what a file holds, list or
detail, writes a read event for each person shown; every other route says why it shows none. A
new route fails here until it is put in one of the two tables.
"""

import io
from datetime import timedelta

import pytest
from django.db.models import Model
from django.utils import timezone

from custodia.accounts import roles
from custodia.alerts.tests.factories import alert as alert_set
from custodia.alerts.tests.factories import urgent_assessment
from custodia.assessment import services as assessment_services
from custodia.assessment.instruments import latest_instruments
from custodia.assessment.rules import Rating
from custodia.classification.tests.factories import approved, world
from custodia.complaints.tests.factories import shared_world as complaints_world
from custodia.contact.tests.factories import shared_world as contact_world
from custodia.core.models import AuditEvent
from custodia.core.withheld import Withheld
from custodia.estate.tests.factories import PrisonFactory
from custodia.incidents import services as incidents_services
from custodia.incidents.tests.factories import submitted as incident_submitted
from custodia.intelligence import services as intelligence_services
from custodia.intelligence.tests.factories import about as intelligence_about
from custodia.intelligence.tests.factories import data as intelligence_data
from custodia.measures import services as measures_services
from custodia.measures.tests.factories import imposed
from custodia.placement import services as placement_services
from custodia.plans import services as plans_services
from custodia.programmes import services as programmes_services
from custodia.register import selectors as register_selectors
from custodia.register import services as register_services
from custodia.register.choices import MovementKind, Relationship
from custodia.register.tests.factories import admit, proposed_pair
from custodia.register.tests.factories import released as released_file
from custodia.register.tests.pictures import picture
from custodia.reintegration import services as reintegration_services
from custodia.security.tests.factories import threatened_by_someone_elsewhere
from custodia.securityaudits.tests.factories import World as AuditWorld
from custodia.securityaudits.tests.factories import final_audit
from custodia.training.tests.world import shared_world as training_world
from custodia.visits.tests.factories import shared_world as visits_world
from tests.test_access import NATIONWIDE, access_problem, answer, declared_routes, url_of

pytestmark = pytest.mark.django_db

# Each withheld section: the right that opens it and the markers seeded into it.
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    # Who the person is, and the reasons given for decisions about them: for those who may open files.
    "person": ("view_prisoner_file", ("ZQPERSONNAME", "ZQEXCEPTIONREASON")),
    "health": (
        "view_health_section",
        ("ZQHEALTHINJURY", "ZQHEALTHCOMPLAINT", "ZQHEALTHACTION", "ZQHEALTHNEEDSEVIDENCE"),
    ),
    "family": (
        "view_family_section",
        ("ZQFAMILYNAME", "ZQFAMILYWHERE", "ZQFAMILYCUSTODIAN", "ZQFAMILYCONTACT"),
    ),
    "intelligence": (
        "view_intelligence_section",
        # The note of the event, and its code and label: that intelligence exists is itself withheld.
        ("ZQINTELNOTE", "reliable_intelligence", "New intelligence graded reliable"),
    ),
    "vep_assessment": ("view_vep_assessment_section", ("ZQVEPEVIDENCE", "ZQVEPRATIONALE")),
    # The person's own goals and view of their plan, an objective and their reason for declining one.
    "sentence_plan": ("view_sentence_plans", ("ZQPLANGOALS", "ZQPLANCOMMENT", "ZQPLANOBJECTIVE", "ZQPLANDECLINE")),
    # What is being prepared for release: an action of a pathway and the purpose of a referral.
    "release_plan": ("view_release_plans", ("ZQRELEASEACTION", "ZQRELEASEPURPOSE")),
    # What the health service found about a person under a restrictive measure (medical
    # confidentiality): for health-care staff or readers of the health section (either right).
    "measure_health": ("view_health_section|record_health_visit", ("ZQMEASUREHEALTHVIEW", "ZQMEASUREVISITNOTE")),
    # What a medical examination after force or an injury found: for the health-care staff who
    # make it and readers of the health section.
    "examination": ("view_health_section|record_medical_examination", ("ZQEXAMFINDINGS",)),
    # What a person asks or complains of: for those who read complaints. A complaint made in
    # confidence to the inspection body (its text and answer), for the inspection body alone: to
    # prison staff and headquarters it does not exist (complaints.selectors).
    "complaint": ("view_complaints|handle_confidential_complaints", ("ZQCOMPLAINTTEXT",)),
    "confidential_complaint": ("handle_confidential_complaints", ("ZQCOMPLAINTCONFIDENTIAL",)),
}

# Routes that describe the service, not a person: the API's own description and the instruments
# name the kinds of event an assessment reacts to, intelligence among them, and the form for
# recording such an event offers it to the case manager who records it.
ABOUT_THE_SERVICE = {
    "api:openapi-json",
    "api:openapi-view",
    "api:assessment_instrument_list",
    "api:assessment_instrument_detail",
    "assessment:trigger_create",
}


def _rate_and_finalise(w, instrument_id: str, evidence: str, *, rationale: str = "", judgement: str = "") -> None:
    instrument = latest_instruments()[instrument_id]
    spj = instrument.kind == "spj"
    assessment = assessment_services.assessment_start(
        actor=w.case_manager, prisoner=w.prisoner, instrument_id=instrument_id
    )
    assessment_services.assessment_rate(
        actor=w.case_manager,
        assessment=assessment,
        ratings={item.code: Rating(item.scale[0].value, f"{evidence} {item.code}") for _d, item in instrument.items()},
        rationale=rationale if spj else None,
        final_judgement=judgement if spj else None,
    )
    assessment_services.assessment_submit(actor=w.case_manager, assessment=assessment)
    assessment_services.assessment_countersign(actor=w.second, assessment=assessment)


def _marked_plan(w):
    """A sentence plan whose own-words fields and a decline reason carry the plan's markers."""
    plan = plans_services.plan_start(actor=w.case_manager, prisoner=w.prisoner)
    objective = plans_services.objective_add(
        actor=w.case_manager,
        plan=plan,
        need_area="education",
        wording=plans_services.Wording("ZQPLANOBJECTIVE learn to read", "", "person"),
    )
    plans_services.plan_view_record(
        actor=w.case_manager,
        plan=plan,
        view=plans_services.PersonsView("ZQPLANGOALS", "partly", "ZQPLANCOMMENT", "Luganda", "an interpreter"),
    )
    plans_services.objective_decline(actor=w.case_manager, objective=objective, reason="ZQPLANDECLINE not now")
    return plan, objective


@pytest.fixture
def marked(make_staff):
    """A woman linked to violent extremism with a marker in every withheld field, a decision in
    force whose review intelligence brought forward, and the records every route needs."""
    family = [
        register_services.FamilyData(
            name="ZQFAMILYNAME Okello",
            relationship=Relationship.CHILD,
            birth_year=2019,
            whereabouts="ZQFAMILYWHERE",
            custodian="ZQFAMILYCUSTODIAN",
            contact="ZQFAMILYCONTACT",
        )
    ]
    w = world(
        make_staff,
        vep=True,
        sex="female",
        given_names="ZQPERSONNAME",
        family=family,
        commitment={"visible_injuries": "ZQHEALTHINJURY", "ill_treatment_complaint": "ZQHEALTHCOMPLAINT"},
    )
    register_services.ill_treatment_action_record(
        actor=w.director, admission=w.prisoner.admissions.get(), action="ZQHEALTHACTION referred to the doctor"
    )
    _rate_and_finalise(w, "vep_spj", "ZQVEPEVIDENCE", rationale="ZQVEPRATIONALE", judgement="moderate")
    _rate_and_finalise(w, "women_needs", "ZQHEALTHNEEDSEVIDENCE")
    decision = approved(w)
    # The trigger a graded intelligence report writes (through the function its service calls).
    assessment_services.reassessment_trigger_from_file(
        actor=w.case_manager,
        prisoner=w.prisoner,
        event="reliable_intelligence",
        occurred_on=timezone.localdate() - timedelta(days=1),
        note="ZQINTELNOTE source reports recruitment in the yard",
    )
    security = make_staff("marked-security", roles.SECURITY, prisons=[w.prison])
    non_association = threatened_by_someone_elsewhere(security, w.prisoner)
    cell = w.prisoner.current_cell
    exception = placement_services.separation_exception_grant(
        actor=w.director, prisoner=w.prisoner, rule="11b", unit=cell.unit, reason="ZQEXCEPTIONREASON awaiting a place"
    )
    # A screening whose self-harm rating proposes an alert (alerts: proposals), countersigned so
    # that a new screening may be started below.
    assessment_services.assessment_countersign(actor=w.second, assessment=urgent_assessment(w.case_manager, w.prisoner))
    draft = assessment_services.assessment_start(
        actor=w.case_manager, prisoner=w.prisoner, instrument_id="general_screening"
    )
    # Alerts: one every reader of alerts sees, and one whose code only security officers and
    # directors may know of (alerts: need-to-know by code).
    alert = alert_set(security, w.prisoner, code="escape_risk", reason="Seen testing the fence")
    restricted_alert = alert_set(security, w.prisoner, code="recruiter_risk", reason="ZQALERTRESTRICTED in the yard")
    planned_move = register_services.planned_move_request(
        actor=make_staff("marked-wing", roles.WING, prisons=[w.prison]),
        prisoner=w.prisoner,
        data=register_services.PlannedMoveData(
            MovementKind.TRANSFER, timezone.localdate(), "Nearer her children", to_prison=PrisonFactory()
        ),
    ).move
    photograph = register_services.photograph_record(
        actor=None, prisoner=w.prisoner, image=picture(), taken_on=timezone.localdate()
    )
    plan, objective = _marked_plan(w)
    programme = programmes_services.programme_create(
        actor=make_staff("marked-coordinator", roles.PROGRAMME_COORDINATOR, prisons=[w.prison]),
        prison=w.prison,
        data=programmes_services.ProgrammeData(name="Literacy", kind="education", capacity=10),
    )
    participation = programmes_services.participation_refer(
        actor=w.case_manager,
        objective=plans_services.objective_add(
            actor=w.case_manager,
            plan=plan,
            need_area="education",
            wording=plans_services.Wording("Read", "", "person"),
        ),
        programme=programme,
    )
    # A restrictive measure (not solitary confinement: she is a woman), with the health service's
    # view, a visit that found adverse effects, and an appeal awaiting a decision.
    measure = imposed(w.director, w.prisoner, first=0, last=5, hours=12, health_view="ZQMEASUREHEALTHVIEW fit")
    measures_services.health_visit_record(
        actor=make_staff("marked-nurse", roles.HEALTH, prisons=[w.prison]),
        measure=measure,
        visited_on=timezone.localdate(),
        adverse_effects=True,
        note="ZQMEASUREVISITNOTE low mood",
    )
    appeal = measures_services.appeal_lodge(
        actor=w.director, measure=measure, lodged_on=timezone.localdate(), grounds="Not told why"
    )
    release_plan = reintegration_services.release_plan_open(actor=w.case_manager, prisoner=w.prisoner)
    reintegration_services.action_add(
        actor=w.case_manager,
        pathway=release_plan.pathways.get(pathway="accommodation"),
        text="ZQRELEASEACTION a room at her sister's",
        responsible="Social worker",
    )
    referral = reintegration_services.referral_make(
        actor=w.case_manager,
        plan=release_plan,
        data=reintegration_services.ReferralData("Probation office", "probation", purpose="ZQRELEASEPURPOSE housing"),
    )
    # An intelligence report about her (intelligence: only holders of the right read it, graded 2),
    # with a sanitised version and a sharing awaiting approval, each carrying the marker.
    report = intelligence_services.report_submit(
        actor=make_staff("marked-informant", roles.WING, prisons=[w.prison]),
        prison=w.prison,
        data=intelligence_data(intelligence_about(w.prisoner), content="ZQINTELNOTE she recruits at Friday visits"),
    )
    report = intelligence_services.report_grade(
        actor=security, report=report, source="C", information="3", handling="2", assessment="ZQINTELNOTE likely"
    ).report
    intelligence_services.sanitised_make(actor=security, report=report, text="ZQINTELNOTE recruitment reported")
    sharing = intelligence_services.sharing_request(
        actor=security,
        report=report,
        data=intelligence_services.SharingData("Probation office", "other_public_body", "ZQINTELNOTE supervision"),
    )
    # Two incident reports naming her: a fight after which health-care staff examined her (the
    # findings carry the marker), and force used on her whose examination is still owed.
    wing = make_staff("marked-wing-reporter", roles.WING, prisons=[w.prison])
    incident = incident_submitted(wing, w.prisoner, type_code="fight", role="involved", answers={})
    examination = incident.involvements.get().examination
    incidents_services.examination_record(
        actor=make_staff("marked-doctor", roles.HEALTH, prisons=[w.prison]),
        examination=examination,
        examined_at=timezone.now(),
        findings="ZQEXAMFINDINGS bruised forearm",
    )
    incident_submitted(wing, w.prisoner)
    # A final security audit of her prison (about the prison, no person), for the routes that take its ids.
    security_audit = final_audit(
        AuditWorld(w.prison, make_staff("marked-auditor", roles.AUDITOR, nationwide=True), security, security),
        not_met=("counts",),
    )
    contacts = contact_world(
        w.prisoner, make_staff("marked-contact-reception", roles.RECEPTION, prisons=[w.prison]), w.director
    )
    complaints = complaints_world(
        w.prisoner,
        make_staff("marked-complaint-wing", roles.WING, prisons=[w.prison]),
        make_staff("marked-inspector", roles.INSPECTOR, nationwide=True),
    )
    return {
        **contacts,
        **complaints,
        **visits_world(w.prisoner, w.director),
        **training_world(w.prison, w.director),
        "security_audit": security_audit,
        "audit_action": security_audit.actions.get(),
        "incident": incident,
        "involvement": examination.involvement,
        "examination": examination,
        "report": report,
        "sharing": sharing,
        "measure": measure,
        "appeal": appeal,
        "alert": alert,
        "restricted_alert": restricted_alert,
        "release_plan": release_plan,
        "referral": referral,
        "programme": programme,
        "session": programme.sessions.create(starts_at=timezone.now()),
        "participation": participation,
        "w": w,
        "plan": plan,
        "objective": objective,
        "prison": w.prison,
        "prisoner": w.prisoner,
        "photograph": photograph,
        "planned_move": planned_move,
        "admission": w.prisoner.admissions.get(),
        "assessment": draft,
        "non_association": non_association,
        "exception": exception,
        "decision": decision,
        "account": w.case_manager,
        # A pair of files proposed as possibly one person: the other file released from this prison.
        "duplicate_pair": proposed_pair(w.prisoner, released_file(w.prisoner.current_cell, given_names="Amina")),
    }


# Pages of a programme name the people referred to it or taking part (their name and number, as
# on the index of people, nothing else of the file): those who run programmes need that much to
# allocate places, end them and take attendance, without opening files.
NAMES_FOR_PROGRAMMES = {"programmes:detail", "programmes:end", "programmes:attendance"}
# Pages and answers of restrictive measures name the person under a measure (name and number, and the
# cell): health-care staff, who open no file, visit them every day (Mandela Rule 46). The forms of a
# measure's page, refused, show the page again.
NAMES_FOR_MEASURES = {
    "measures:list",
    "measures:detail",
    "measures:extend",
    "measures:end",
    "measures:review",
    "measures:told",
    "measures:appeal_lodge",
    "measures:appeal_decide",
    "measures:health_visit",
    "api:measure_list",
    "api:measure_impose",  # the same path as the list: its GET is the list
    "api:measure_detail",
}


# Pages and answers of visits name the person (name and number) and what the visit needs: the
# visits officer, who opens no file, books them and records the day.
NAMES_FOR_VISITS = {
    "visits:session",
    "visits:booking",
    "visits:record",
    "visits:cancel",
    "visits:person",
    "visits:book",
    "visits:no_contact",
    "visits:figures",
    "api:booking_list",
    "api:booking_create",
    "api:booking_detail",
    "api:booking_day",
}

# Pages of requests and complaints name the person (name and number): the headquarters complaints
# officer and the inspection body, who open no file, answer them, and the inspector records one
# made in confidence for a person it meets.
NAMES_FOR_COMPLAINTS = {
    "complaints:list",
    "complaints:add",
    "complaints:detail",
    "complaints:answer",
    "complaints:appeal",
    "complaints:appeal_answer",
    "complaints:refer",
    "complaints:close",
}

# Pages and answers of alerts name the person (name and number): health-care staff, who open no
# file, set and read the self-harm and medical alerts.
NAMES_FOR_ALERTS = {
    "alerts:list",
    "alerts:detail",
    "alerts:end",
    "alerts:planned_end",
    "alerts:set",
    "alerts:set_for",
    "alerts:proposals",
    "api:alert_list",
    "api:alert_set",  # the same path as the list: its GET is the list
    "api:alert_detail",
    "api:alert_end",
}


# The medical examinations after force or an injury name the person examined: health-care staff,
# who open no file, examine them.
NAMES_FOR_EXAMINATIONS = {
    "incidents:examinations",
    "incidents:examination",
    "api:examination_list",
    "api:examination_record",
}


def text_of(response) -> str:
    """What an answer shows: its text, or the text of every page of a PDF (a compressed PDF holds
    its words where no search of the bytes finds them)."""
    if response.get("Content-Type") == "application/pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return response.content.decode(errors="replace")


def _leaks(content: str, role: str, name: str) -> list[str]:
    rights = roles.rights_of(role)
    names_shown = (
        (name in NAMES_FOR_PROGRAMMES and "view_programmes" in rights)
        or (name in NAMES_FOR_MEASURES and "view_measures" in rights)
        or (name in NAMES_FOR_ALERTS and "view_alerts" in rights)
        or (name in NAMES_FOR_EXAMINATIONS and "record_medical_examination" in rights)
        or (name in NAMES_FOR_VISITS and "view_visits" in rights)
        or (name in NAMES_FOR_COMPLAINTS and bool({"view_complaints", "handle_confidential_complaints"} & rights))
    )
    found = []
    for section, (needed, markers) in SECTIONS.items():
        if set(needed.split("|")) & rights:
            continue
        for marker in markers:
            if names_shown and marker == "ZQPERSONNAME":
                continue
            if section == "intelligence" and not marker.startswith("ZQ") and name in ABOUT_THE_SERVICE:
                continue
            if marker in content:
                found.append(f"{section}: {marker!r}")
    return found


@pytest.mark.parametrize("role", sorted(roles.LABELS))
def test_no_route_shows_a_role_what_is_withheld_from_it(client, make_staff, sign_in, marked, role):
    """Each answer is also checked against the role's rights (tests/test_access.py, access_problem):
    this crawl is the role-by-route test of every role, one request for both checks."""
    user = make_staff(f"reader-{role}", role, prisons=[marked["prison"]], nationwide=role in NATIONWIDE)
    sign_in(client, user)
    calls = [
        (method, name, rule)
        for name, methods in declared_routes().items()
        if name not in ("logout", "login")
        for method, rule in methods.items()
    ]
    # Reads first, so that a write refused or accepted cannot hide what a read would show.
    calls.sort(key=lambda call: call[0] != "GET")
    leaks, wrong = [], []
    for method, name, rule in calls:
        url = url_of(name, marked)
        # The person and the prison in the query too: routes that filter by them read it, the others ignore it.
        response = answer(client, method, url + f"?prisoner={marked['prisoner'].pk}&prison={marked['prison'].pk}")
        if problem := access_problem(method, url, name, rule, role, response):
            wrong.append(problem)
        content = text_of(response)
        leaks += [f"{method} {url} ({name}, {response.status_code}): {leak}" for leak in _leaks(content, role, name)]
    # A change sent on an old copy of the file: the refusal names the last change, never an
    # event of a section the sender may not see.
    stale = client.post(
        f"/api/v1/prisoners/{marked['prisoner'].pk}/movements",
        data={"kind": "hospital", "occurred_at": timezone.now().isoformat(), "version": 0},
        content_type="application/json",
    )
    leaks += [f"stale movement ({stale.status_code}): {leak}" for leak in _leaks(stale.content.decode(), role, "")]
    assert not leaks, "\n".join(leaks)
    assert not wrong, "\n".join(wrong)


def _loaded(value: object, seen: set[int]) -> list[str]:
    """The text of everything `value` holds, following the records it loaded: their fields, the
    records fetched with them and their prefetched relations (no query is made)."""
    if isinstance(value, Withheld) or id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, Model):
        loaded = [item for key, item in vars(value).items() if key not in ("_state", "_prefetched_objects_cache")]
        loaded += value._state.fields_cache.values()
        loaded += [list(rows) for rows in getattr(value, "_prefetched_objects_cache", {}).values()]
        return [text for item in loaded for text in _loaded(item, seen)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _loaded(item, seen)]
    return [str(value)]


@pytest.mark.parametrize("role", sorted(roles.FILE_READERS))
def test_the_file_selector_loads_nothing_of_what_is_withheld(make_staff, marked, role):
    """What the routes above show of a file comes from its selector: a role's file holds nothing of
    a section withheld from it, in its sections or in the records they were read from."""
    nationwide = role == roles.HQ_VEP
    user = make_staff(f"selector-{role}", role, prisons=[marked["prison"]], nationwide=nationwide)
    file = register_selectors.prisoner_file_open(user=user, prisoner_id=marked["prisoner"].pk)
    sections = [getattr(file, field) for field in file.__dataclass_fields__]
    assert not _leaks("\n".join(_loaded(sections, set())), role, "")


def test_markers_are_seen_by_those_with_the_right(client, sign_in, marked):
    """The test above could pass by showing nothing: the director, who holds every section but
    none, sees the markers where the file shows them."""
    w = marked["w"]
    sign_in(client, w.director)
    page = client.get(f"/en/prisoners/{w.prisoner.pk}/").content.decode()
    for marker in ("ZQHEALTHINJURY", "ZQHEALTHCOMPLAINT", "ZQHEALTHACTION", "ZQFAMILYNAME"):
        assert marker in page
    detail = client.get(f"/api/v1/prisoners/{w.prisoner.pk}").content.decode()
    assert "ZQHEALTHACTION" in detail and "ZQFAMILYCONTACT" in detail
    assert "ZQINTELNOTE" in page  # the director may read intelligence: the event is in the history
    reviews = client.get("/api/v1/classification/reviews").json()["items"]
    assert [item["reason"] for item in reviews] == ["reliable_intelligence"]
    assessments = client.get(f"/api/v1/assessments/?prisoner={w.prisoner.pk}").content.decode()
    assert "vep_spj" in assessments
    plan = client.get(f"/en/sentence-plans/{marked['plan'].pk}/").content.decode()
    plans = client.get(f"/api/v1/sentence-plans?prisoner={w.prisoner.pk}").content.decode()
    for marker in SECTIONS["sentence_plan"][1]:
        assert marker in plan and marker in plans
    measure = client.get(f"/en/measures/{marked['measure'].pk}/").content.decode()
    measure_api = client.get(f"/api/v1/measures/{marked['measure'].pk}").content.decode()
    for marker in SECTIONS["measure_health"][1]:
        assert marker in measure and marker in measure_api


def test_health_care_staff_read_what_they_found_and_a_wing_officer_that_a_visit_took_place(
    client, make_staff, sign_in, marked
):
    """Medical confidentiality within a measure: the health service's view and the visits' notes
    for health-care staff, withheld (never empty) from the wing officer, who sees the visit's day."""
    url = f"/en/measures/{marked['measure'].pk}/"
    sign_in(client, make_staff("ntk-nurse", roles.HEALTH, prisons=[marked["prison"]]))
    page = client.get(url).content.decode()
    assert "ZQMEASUREHEALTHVIEW" in page and "ZQMEASUREVISITNOTE" in page
    sign_in(client, make_staff("ntk-wing", roles.WING, prisons=[marked["prison"]]))
    page = client.get(url).content.decode()
    assert "ZQMEASURE" not in page and page.count('class="text-muted fst-italic mb-0 withheld"') == 2
    assert "marked-nurse" in page  # who visited, and when
    detail = client.get(f"/api/v1/measures/{marked['measure'].pk}").json()
    assert detail["health_view"] is None and detail["withheld"] == ["health"]
    assert detail["health_visits"][0]["note"] is None and detail["health_visits"][0]["adverse_effects"] is None


def test_an_event_of_a_withheld_section_is_left_out_of_the_history_and_the_reviews(client, make_staff, sign_in, marked):
    w = marked["w"]
    sign_in(client, make_staff("history-wing", roles.WING, prisons=[w.prison]))
    page = client.get(f"/en/prisoners/{w.prisoner.pk}/").content.decode()
    assert "assessment.trigger.reliable_intelligence" not in page
    assert "prisoner.admit" in page  # the rest of the history is still there
    reviews = client.get("/api/v1/classification/reviews").json()["items"]
    assert [(item["reason"], item["reason_label"]) for item in reviews] == [
        ("security_event", "An event recorded by security")
    ]


# Routes that show what a file holds: each read is logged against the person (or the record itself).
READS_LOGGED = {
    "register:prisoner_detail",
    "register:flags",
    "register:ill_treatment_action",
    "register:planned_move_list",
    "register:planned_move_cancel",
    "placement:prisoner_placement",
    "placement:oversight",
    "security:non_association_close",
    "security:non_association_list",
    "assessment:detail",
    "assessment:edit",
    "classification:propose",
    "classification:detail",
    "classification:review_date",
    "api:prisoner_detail",
    "api:movement_list",
    "api:planned_move_list",
    "api:placement_cells",
    "api:separation_exception_list",
    "api:non_association_list",
    "api:assessment_list",
    "api:assessment_detail",
    "api:classification_proposal",
    "api:classification_decision_list",
    "api:classification_decision_detail",
    "plans:detail",
    "plans:view",
    "plans:objective_add",
    "plans:objective_edit",
    "api:sentence_plan_list",
    "api:sentence_plan_detail",
    "programmes:detail",  # the waiting list: the objectives people were referred from
    "programmes:end",
    "programmes:refer",
    "api:participation_list",
    "reintegration:detail",
    "reintegration:consent",  # what the person agreed to share
    "reintegration:summary",  # the release summary for the agency
    # The file printed: as its reader sees it, and the person's own copy (register/file_pdf.py).
    "register:file_pdf",
    "register:own_copy_pdf",
    "api:release_plan_detail",
    "api:follow_up_list",
    # A measure is part of the file: the list of those in force and one measure, page and API.
    "measures:list",
    "measures:detail",
    "api:measure_list",
    "api:measure_detail",
    # An alert is part of the file: the list of those in force, one alert, the proposals (the
    # assessment rating each comes from), page and API.
    "alerts:list",
    "alerts:detail",
    "alerts:proposals",
    "api:alert_list",
    "api:alert_detail",
    # An intelligence report names the people in custody it is about: read in full, or as its
    # submitter reads it; the read is logged against each and against the report.
    "intelligence:detail",
    "intelligence:submission",
    "api:intelligence_detail",
    "api:intelligence_submission",
    "incidents:detail",
    "incidents:examinations",
    "incidents:examination",
    "api:incident_detail",
    "api:examination_list",
    # A network names people and the records that link them: a read of each person shown.
    "networks:prisoner",
    "networks:prison",
    "api:prisoner_network",
    # A person's contacts are part of the file: the list, one contact, the restrictions to review.
    "contact:list",
    "contact:detail",
    "contact:reviews",
    "api:contact_list",
    "api:contact_detail",
    # What a person was told on admission, in which language, with or without an interpreter.
    "induction:person",
    "api:given_list",
    # Visits name the people booked: a person's visits, a session's and a booking's page, the
    # booking form and the prompt of people without contact; the API's bookings.
    "visits:person",
    "visits:book",
    "visits:session",
    "visits:booking",
    "api:booking_list",
    "api:booking_detail",
    # Requests and complaints: the list (each person shown), one complaint, the API's.
    "complaints:list",
    "complaints:detail",
    "api:complaint_list",
    "api:complaint_detail",
    # A pair of possible duplicates: the evidence of the two files side by side, a read of each.
    "register:duplicate_detail",
}
# Routes that show no file content: signing in, forms that show only who the person is, the
# index of people (names, numbers, where held), work lists of what is due, aggregates, and the
# description of the service.
NO_FILE_CONTENT = {
    "networks:prisons",  # the prisons and how many people linked to violent extremism each holds
    # The incidents list names no one (kind, time, place, how many people); the report form is
    # its writer's, the people are on the report's own page; the oversight page counts.
    "incidents:list",
    "incidents:create",
    "incidents:edit",
    "api:incident_list",
    "oversight:incidents",
    "login",
    "two_factor_setup",
    "two_factor_verify",
    "ping",
    "home",
    "estate:prison_list",
    "estate:prison_detail",
    "register:prisoner_list",
    # The pairs of possible duplicates: names, numbers and dates of birth, like the index of people.
    "register:duplicate_list",
    "register:admit",
    "register:movement_create",
    "register:legal_status_create",
    # Who the person looks like (Rule 7): like the names of the list, for every reader of the file;
    # the opening of the file that shows it is logged.
    "register:photograph_create",
    "register:photograph_current",
    "register:photograph_image",
    "register:photograph_thumbnail",
    "register:planned_move_create",  # who the person is, the prisons and the cells: the reason is typed there
    "placement:exception_grant",
    "security:non_association_open",
    "oversight:statistics",
    "oversight:classification",
    "assessment:worklist",
    "plans:worklist",
    "plans:start",  # who the person is: the start is confirmed there
    "assessment:trigger_create",
    "assessment:validation",
    "classification:reviews",
    "classification:proposals",
    "api:api-root",
    "api:openapi-json",
    "api:openapi-view",
    "api:prison_list",
    "api:prison_detail",
    "api:prisoner_list",
    "api:assessment_instrument_list",
    "api:assessment_instrument_detail",
    "api:assessment_worklist",
    "api:classification_reviews",
    "api_tokens",
    "register:admit_cancel",  # asks before discarding the draft admission: nothing of a file
    "assessment:start",  # who the person is and the instruments that apply: the start is confirmed there
    "assessment:discard",  # the instrument and the day the draft was started: its discarding is confirmed there
    # Background jobs: an export's progress and its file, to who asked for it (the export itself is
    # recorded as one EXPORT event: custodia.jobs.tests), and the administrator's list of jobs.
    "jobs:list",
    "jobs:detail",
    "jobs:download",
    # Staff accounts, not prisoners' files.
    "password_change",
    "user_list",
    "user_detail",
    "user_create",
    "api:user_list",
    "api:user_detail",
    # The catalogue, its sessions and the form that schedules them: no person.
    "programmes:catalogue",
    "programmes:add",
    "programmes:edit",
    "programmes:schedule",
    "api:programme_list",
    "api:programme_detail",
    # The group's names and numbers, as on the index of people: what taking attendance needs.
    "programmes:attendance",
    # Release planning: what is due, the confirmation that opens a plan and the forms that add to
    # it (who the person is); scores and outcomes without a name or number, for validation.
    "reintegration:worklist",
    "reintegration:prisoner",
    "reintegration:referral_add",
    "reintegration:answer",
    "reintegration:follow_up",
    "reintegration:validation_csv",
    "oversight:rehabilitation",
    # UN-CTS: persons held on a reference date and the trends by month, aggregates only.
    "oversight:uncts",
    # The compliance monitor: scores by rule and prison, counts only. The people falling short of a
    # check at a prison: numbers, names and units as on the index of people, to those who may open
    # their files (the check lists them through register.selectors), each shown recorded as read.
    "oversight:compliance",
    "oversight:compliance_people",
    # The form that imposes a measure: who the person is; figures of measures, no names.
    "measures:impose",
    "oversight:measures",
    # The form that sets an alert: who the person is (a proposal's reason is the user's to read there).
    "alerts:set",
    "alerts:set_for",
    # Intelligence: the lists name no one (a report's subjects are read one report at a time); the
    # form to pass information on.
    "intelligence:list",
    "intelligence:submissions",
    "intelligence:create",
    "api:intelligence_list",
    "api:intelligence_submissions",
    # Security audits are about a prison, never a person: the checklist's ratings, evidence and actions.
    "securityaudits:list",
    "securityaudits:start",
    "securityaudits:detail",
    "securityaudits:actions",
    "securityaudits:done",
    "api:security_audit_list",
    "api:security_audit_detail",
    "contact:add",  # who the person is: the contact is typed there
    # The information sheet (the same for everyone) and who still awaits it (names, as on the index of people).
    "induction:sheet",
    "induction:sheet_pdf",
    "induction:awaiting",
    "api:sheet_languages",
    "api:sheet_in",
    # Visits: the sessions (rooms, times, places), the rooms and the figures (counts; names of
    # people only to those who may see visits, as on the visit pages).
    "visits:sessions",
    "visits:rooms",
    "visits:figures",
    "api:visit_session_list",
    "visits:no_contact",  # a work list of who is due a welfare check: names and numbers, as on the index
    # The form that records a complaint (who the person is); figures of complaints, no names.
    "complaints:add",
    "complaints:figures",
    # Staff training is about the service's staff, never a person in custody: staff records and their
    # certificates, courses, sessions, imports, the coverage figures, and the public check of a code.
    "training:staff",
    "training:staff_add",
    "training:staff_import",
    "training:staff_detail",
    "training:staff_edit",
    "training:recognise",
    "training:courses",
    "training:course",
    "training:sessions",
    "training:session_plan",
    "training:session",
    "training:participants",
    "training:results",
    "training:elearning",
    "training:elearning_report",
    "training:certificate_pdf",
    "training_coverage",
    "verify",
    "verify_code",
    "api:training_staff_list",
    "api:training_staff_detail",
    "api:training_course_list",
    "api:training_session_list",
    "api:training_session_detail",
    "api:training_certificate_verify",
}
# django-ninja gives one URL pattern per path, named after its first operation: the GET of these
# is the route named beside them.
SAME_PATH = {
    "api:prisoner_admit": "api:prisoner_list",
    "api:movement_record": "api:movement_list",
    "api:separation_exception_grant": "api:separation_exception_list",
    "api:non_association_open": "api:non_association_list",
    "api:assessment_start": "api:assessment_list",
    "api:classification_propose": "api:classification_decision_list",
    "api:measure_impose": "api:measure_list",
    "api:alert_set": "api:alert_list",
    "api:intelligence_submit": "api:intelligence_list",
    "api:incident_create": "api:incident_list",
    "api:security_audit_start": "api:security_audit_list",
    "api:contact_add": "api:contact_list",
    "api:given_record": "api:given_list",
    "api:booking_create": "api:booking_list",
    "api:complaint_add": "api:complaint_list",
}


def test_every_route_that_reads_is_classified():
    reads = {name for name, methods in declared_routes().items() if "GET" in methods and name not in SAME_PATH}
    assert not READS_LOGGED & NO_FILE_CONTENT
    assert reads == READS_LOGGED | NO_FILE_CONTENT, (
        f"unclassified: {sorted(reads - READS_LOGGED - NO_FILE_CONTENT)}; "
        f"gone: {sorted((READS_LOGGED | NO_FILE_CONTENT) - reads)}"
    )


# Pages of one record of a file log the read against that record.
RECORD_SHOWN = {
    "assessment:detail": "assessment",
    "assessment:edit": "assessment",
    "api:assessment_detail": "assessment",
    "classification:detail": "decision",
    "classification:review_date": "decision",
    "api:classification_decision_detail": "decision",
    "plans:detail": "plan",
    "plans:view": "plan",
    "plans:objective_add": "plan",
    "plans:objective_edit": "plan",
    "api:sentence_plan_detail": "plan",
    "programmes:end": "participation",
    "reintegration:detail": "release_plan",
    "reintegration:consent": "referral",
    "reintegration:summary": "referral",
    "api:release_plan_detail": "release_plan",
    "api:follow_up_list": "release_plan",
}


@pytest.mark.parametrize("name", sorted(READS_LOGGED))
def test_each_read_of_file_content_is_logged(client, make_staff, sign_in, marked, name):
    """As a member of staff with every role at the person's prison: the read is logged against the
    person, or against the record shown (an assessment, a decision), which belongs to them."""
    user = make_staff("reads-everything", *roles.LABELS, prisons=[marked["prison"]])
    sign_in(client, user)
    prisoner = marked["prisoner"]
    if name in ("register:ill_treatment_action", "register:flags"):
        # The world's complaint was acted on; a new admission's open one is what these pages show.
        admission = admit(cell=marked["w"].prisoner.current_cell, commitment={"ill_treatment_complaint": "Beaten"})
        prisoner, marked = admission, {**marked, "prisoner": admission, "admission": admission.admissions.get()}
    if name in ("intelligence:submission", "api:intelligence_submission"):
        # The submitter's own view: of a report this user passed on.
        mine = intelligence_services.report_submit(
            actor=user, prison=marked["prison"], data=intelligence_data(intelligence_about(prisoner))
        )
        marked = {**marked, "report": mine}
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    url = url_of(name, marked)
    response = client.get(url + f"?prisoner={prisoner.pk}")
    assert response.status_code == 200, (url, response.status_code)
    reads = AuditEvent.objects.filter(id__gt=before, action="read", actor=user)
    record = RECORD_SHOWN.get(name)
    record = marked[record] if record else None
    about = {(event.object_type, event.object_id) for event in reads}
    assert ("register.prisoner", str(prisoner.pk)) in about or (
        record is not None and (record._meta.label_lower, str(record.pk)) in about
    ), f"{url}: no read event for the person ({about})"


# --- the findings of the penetration test that concern who may act on or read which person -------


def _move(prisoner, kind: str, **data) -> None:
    register_services.movement_record(
        actor=None,
        prisoner=prisoner,
        data=register_services.MovementData(kind=kind, occurred_at=timezone.now(), **data),
    )


def test_a_statistics_analyst_sees_units_not_people(client, make_staff, sign_in, marked):
    """Separation exceptions name a person, their category and a free-text reason: the analyst's
    oversight is the units that mix categories, the records themselves are withheld."""
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    sign_in(client, analyst)
    assert client.get("/api/v1/placement/exceptions").status_code == 403
    page = client.get("/en/prisoners/separation/").content.decode()
    assert marked["prisoner"].number not in page and "ZQEXCEPTIONREASON" not in page
    assert page.count("withheld") >= 2  # exceptions in force and lapsed
    director = marked["w"].director
    sign_in(client, director)
    assert client.get("/api/v1/placement/exceptions").json()["count"] == 1


def test_a_director_grants_exceptions_for_people_held_here_and_only_what_a_transfer_needs_elsewhere(
    client, make_staff, sign_in, marked
):
    """A number that finds nobody in custody gets one answer, whether unknown or released: it reveals
    no custody status. A person held elsewhere gets an exception only for a part of Rule 11 that
    keeps them out of the prison altogether (a man before a transfer into a women's prison)."""
    from custodia.estate.models import PrisonType
    from custodia.estate.tests.factories import UnitFactory
    from custodia.placement.models import SeparationException

    elsewhere = admit(prison=PrisonFactory(), given_names="Elsewhere", sex="male")
    released = admit(cell=marked["w"].prisoner.current_cell, given_names="Released")
    _move(released, "release", release_reason="end_of_sentence")
    sign_in(client, marked["w"].director)
    unit = marked["w"].prisoner.current_cell.unit

    def grant(number: str, rule: str = "11b", unit_id: int = unit.pk):
        return client.post(
            "/api/v1/placement/exceptions",
            {"prisoner_number": number, "rule": rule, "unit_id": unit_id, "reason": "R"},
            content_type="application/json",
        )

    answers = set()
    for number in (released.number, "NO-SUCH-NUMBER"):
        response = grant(number)
        assert response.status_code == 422, number
        answers.add(tuple(response.json()["errors"]["prisoner_number"]))
    assert answers == {("No person in custody has this number.",)}
    refused = grant(elsewhere.number)
    assert refused.status_code == 422 and "prisoner_number" in refused.json()["errors"]
    assert not SeparationException.objects.filter(prisoner=elsewhere).exists()

    womens_unit = UnitFactory(prison=PrisonFactory(prison_type=PrisonType.WOMEN))
    director = make_staff("womens-director", roles.DIRECTOR, prisons=[womens_unit.prison])
    sign_in(client, director)
    assert grant(elsewhere.number, rule="11b", unit_id=womens_unit.pk).status_code == 422
    assert grant(elsewhere.number, rule="11a", unit_id=womens_unit.pk).status_code == 201


def test_a_non_association_is_recorded_from_a_file_held_here_with_one_answer_for_unknown_numbers(
    client, make_staff, sign_in, marked
):

    security = make_staff("na-security", roles.SECURITY, prisons=[marked["prison"]])
    sign_in(client, security)
    held_here = marked["prisoner"]
    released = admit(prison=PrisonFactory(), given_names="Released")
    _move(released, "release", release_reason="end_of_sentence")
    body = {"level": "cell", "reason": "threats", "role": "victim", "other_role": "aggressor", "comment": "c"}
    answers = set()
    for number in (released.number, "NO-SUCH-NUMBER"):
        response = client.post(
            "/api/v1/non-associations/",
            {**body, "prisoner_id": held_here.pk, "other_number": number},
            content_type="application/json",
        )
        assert response.status_code == 422
        answers.add(tuple(response.json()["errors"]["other_number"]))
    assert len(answers) == 1
    # A person this prison once held, now held elsewhere, is not a file it records from.
    transferred = admit(cell=held_here.current_cell, given_names="Transferred")
    _move(transferred, "transfer", to_prison=PrisonFactory())
    response = client.post(
        "/api/v1/non-associations/",
        {**body, "prisoner_id": transferred.pk, "other_number": held_here.number},
        content_type="application/json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize("service", ["information", "appeal", "review_date"])
def test_the_right_is_checked_before_the_version(make_staff, marked, service):
    """Someone who may not act is refused as such, not told who changed the decision last."""
    from django.core.exceptions import PermissionDenied

    from custodia.classification import services as classification_services

    decision = marked["decision"]
    outsider = make_staff("outsider", roles.CASE_MANAGER, prisons=[PrisonFactory()])
    calls = {
        "information": lambda: classification_services.classification_record_information(
            actor=outsider, decision=decision, informed_on=timezone.localdate(), version=decision.version - 1
        ),
        "appeal": lambda: classification_services.classification_record_appeal(
            actor=outsider, decision=decision, lodged_on=timezone.localdate(), version=decision.version - 1
        ),
        "review_date": lambda: classification_services.review_date_change(
            actor=outsider,
            decision=decision,
            new_date=timezone.localdate() + timedelta(days=30),
            reason="r",
            version=decision.version - 1,
        ),
    }
    with pytest.raises(PermissionDenied):
        calls[service]()


def test_a_former_prison_does_not_see_the_later_custody_status(client, make_staff, sign_in, marked):

    prisoner, receiving = marked["prisoner"], PrisonFactory()
    _move(prisoner, "transfer", to_prison=receiving)
    _move(prisoner, "escape")
    sign_in(client, marked["w"].director)
    detail = client.get(f"/api/v1/prisoners/{prisoner.pk}").json()
    assert detail["custody_status"] is None and detail["version"] is None
    listed = client.get("/api/v1/prisoners/?on_roll=false").json()["items"]
    assert [item["custody_status"] for item in listed if item["id"] == prisoner.pk] == [None]
    page = client.get(f"/en/prisoners/{prisoner.pk}/").content.decode()
    assert "Escaped" not in page and "No longer held here" in page
