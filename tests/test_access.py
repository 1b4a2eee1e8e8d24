"""Role by route: every route of the web interface and the API, for every role and for a
signed-out visitor, answers as the rights its view declares (core.rights.requires) and
accounts.roles.RIGHTS say.

The routes and their views are read from the URL configuration, so a new route whose view
declares no right fails here, named."""

import io
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import timezone
from pypdf import PdfReader

from custodia.accounts import roles, tokens
from custodia.accounts.models import StaffAssignment
from custodia.alerts.tests.factories import alert as alert_set
from custodia.assessment import services as assessment_services
from custodia.classification import queries as classification_queries
from custodia.classification import services as classification_services
from custodia.complaints.models import Complaint
from custodia.contact.tests.factories import shared_world as contact_world
from custodia.core.models import AuditEvent
from custodia.core.rights import PUBLIC, SIGNED_IN, declared, requires
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.incidents.tests.factories import submitted
from custodia.intelligence import services as intelligence_services
from custodia.intelligence.tests.factories import graded as intelligence_graded
from custodia.measures import services as measures_services
from custodia.measures.tests.factories import imposed
from custodia.placement import services as placement_services
from custodia.plans import services as plans_services
from custodia.programmes import services as programmes_services
from custodia.register import file_pdf, selectors
from custodia.register import services as register_services
from custodia.register.choices import MovementKind
from custodia.register.tests.factories import admit, proposed_pair
from custodia.register.tests.pictures import picture
from custodia.reintegration import services as reintegration_services
from custodia.security.tests.factories import threatened_by_someone_elsewhere
from custodia.securityaudits.tests.factories import World as AuditWorld
from custodia.securityaudits.tests.factories import final_audit
from custodia.training.tests.world import shared_world as training_world
from custodia.visits.tests.factories import shared_world as visits_world

pytestmark = pytest.mark.django_db


def named_views(patterns=None, namespace=None) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Each named route of the URL configuration, with the view it resolves to."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or None
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from named_views(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def declared_routes() -> dict[str, Mapping[str, str | None]]:
    """Each named route with the right each of its methods needs, as its view declares them."""
    return {name: declared(view) or {} for name, view in named_views()}


def test_every_route_declares_its_rights():
    missing = sorted(name for name, rights in declared_routes().items() if not rights or None in rights.values())
    assert not missing, f"routes whose view declares no right for a method it serves (core.rights.requires): {missing}"


def test_rules_name_only_existing_rights():
    rights = set(roles.RIGHTS)
    for methods in declared_routes().values():
        for rule in methods.values():
            assert rule in (PUBLIC, SIGNED_IN) or rule.removeprefix("accounts.") in rights, rule


@pytest.fixture
def world(db, make_staff):
    cell = CellFactory()
    prison = cell.unit.prison
    prisoner = admit(cell=cell, commitment={"ill_treatment_complaint": "Beaten at the police station"})
    assessor = make_staff("world-assessor", roles.CASE_MANAGER, prisons=[prison])
    assessment = assessment_services.assessment_start(
        actor=assessor, prisoner=prisoner, instrument_id="general_screening"
    )
    # A non-association with a person held elsewhere (the world prison holds one person only) and
    # a separation exception, for the routes that take their ids.
    security_officer = make_staff("world-security", roles.SECURITY, prisons=[prison])
    non_association = threatened_by_someone_elsewhere(security_officer, prisoner)
    director = make_staff("world-director", roles.DIRECTOR, prisons=[prison])
    exception = placement_services.separation_exception_grant(
        actor=director, prisoner=prisoner, rule="11b", unit=cell.unit, reason="Awaiting a place"
    )
    decision = classification_services.classification_propose(
        actor=assessor,
        prisoner=prisoner,
        proposed_level=classification_queries.compute_proposal(prisoner)[0].level,
        rationale="No risk raises the level.",
    )
    planned_move = register_services.planned_move_request(
        actor=make_staff("world-wing", roles.WING, prisons=[prison]),
        prisoner=prisoner,
        data=register_services.PlannedMoveData(
            MovementKind.TRANSFER, timezone.localdate(), "Nearer the family", to_prison=PrisonFactory()
        ),
    ).move
    photograph = register_services.photograph_record(
        actor=None, prisoner=prisoner, image=picture(), taken_on=timezone.localdate()
    )
    plan = plans_services.plan_start(actor=assessor, prisoner=prisoner)
    objective = plans_services.objective_add(
        actor=assessor,
        plan=plan,
        need_area="education",
        wording=plans_services.Wording("Learn to read", "Literacy class", "person"),
    )
    release_plan = reintegration_services.release_plan_open(actor=assessor, prisoner=prisoner)
    referral = reintegration_services.referral_make(
        actor=assessor, plan=release_plan, data=reintegration_services.ReferralData("Probation office", "probation")
    )
    programme = programmes_services.programme_create(
        actor=make_staff("world-coordinator", roles.PROGRAMME_COORDINATOR, prisons=[prison]),
        prison=prison,
        data=programmes_services.ProgrammeData(name="Literacy", kind="education", capacity=10),
    )
    session = programme.sessions.create(starts_at=timezone.now())
    participation = programmes_services.participation_refer(actor=assessor, objective=objective, programme=programme)
    # A restrictive measure with an appeal awaiting a decision, for the routes that take their ids.
    measure = imposed(director, prisoner, first=0, last=5, hours=12)
    appeal = measures_services.appeal_lodge(
        actor=director, measure=measure, lodged_on=timezone.localdate(), grounds="Not told why"
    )
    # An alert in force, for the routes that take its id.
    alert = alert_set(security_officer, prisoner)
    # An incident report with force used on the person, submitted (its examination owed), for the
    # routes that take their ids.
    incident = submitted(make_staff("world-wing-reporter", roles.WING, prisons=[prison]), prisoner)
    involvement = incident.involvements.get()
    # An intelligence report about the person, graded, with a sharing awaiting approval, for the
    # routes that take their ids.
    report = intelligence_graded(
        make_staff("world-wing-informant", roles.WING, prisons=[prison]), security_officer, prisoner, handling="2"
    )
    sharing = intelligence_services.sharing_request(
        actor=security_officer,
        report=report,
        data=intelligence_services.SharingData("Probation office", "other_public_body", "Supervision"),
    )
    # A final security audit of the prison with an action still open, for the routes that take their ids.
    security_audit = final_audit(
        AuditWorld(
            prison, make_staff("world-auditor", roles.AUDITOR, nationwide=True), security_officer, security_officer
        ),
        not_met=("counts",),
    )
    # A family member recorded as a contact, restricted by the director a month ago (its review
    # due), for the routes that take their ids.
    contacts = contact_world(
        prisoner, make_staff("world-contact-reception", roles.RECEPTION, prisons=[prison]), director
    )
    visits = visits_world(prisoner, director)  # a session today with a visit booked
    # A member of staff of the prison with a certificate, a course, a training session and an e-learning import.
    training = training_world(prison, director)
    return {
        **contacts,
        **visits,
        **training,
        "security_audit": security_audit,
        "audit_action": security_audit.actions.get(),
        "report": report,
        "sharing": sharing,
        "incident": incident,
        "involvement": involvement,
        "examination": involvement.examination,
        "measure": measure,
        "appeal": appeal,
        "alert": alert,
        "prison": prison,
        "prisoner": prisoner,
        "plan": plan,
        "objective": objective,
        "release_plan": release_plan,
        "referral": referral,
        "programme": programme,
        "session": session,
        "participation": participation,
        "photograph": photograph,
        "planned_move": planned_move,
        "admission": prisoner.admissions.get(),
        "assessment": assessment,
        "non_association": non_association,
        "exception": exception,
        "decision": decision,
        "account": assessor,
        # The allegation of ill-treatment the admission opened (complaints), for the routes that take its id.
        "complaint": Complaint.objects.get(prisoner=prisoner),
        # A pair of files proposed as possibly one person (the other file held elsewhere).
        "duplicate_pair": proposed_pair(prisoner, admit(prison=PrisonFactory())),
    }


def url_of(name: str, world) -> str:
    kwargs = {}
    route = {p.name: p for p in []}  # noqa: F841 - arguments are found by trying the reverse below
    for candidate in (
        {},
        {"prison_id": world["prison"].pk},
        {"prisoner_id": world["prisoner"].pk},
        {"prisoner_id": world["prisoner"].pk, "admission_id": world["admission"].pk},
        {"prisoner_id": world["prisoner"].pk, "photograph_id": world["photograph"].pk},
        {"assessment_id": world["assessment"].pk},
        {"non_association_id": world["non_association"].pk},
        {"exception_id": world["exception"].pk},
        {"decision_id": world["decision"].pk},
        {"user_id": world["account"].pk},
        {"planned_move_id": world["planned_move"].pk},
        {"plan_id": world["plan"].pk},
        {"objective_id": world["objective"].pk},
        {"release_plan_id": world["release_plan"].pk},
        {"referral_id": world["referral"].pk},
        {"programme_id": world["programme"].pk},
        {"session_id": world["session"].pk},
        {"participation_id": world["participation"].pk},
        {"measure_id": world["measure"].pk},
        {"appeal_id": world["appeal"].pk},
        {"alert_id": world["alert"].pk},
        {"incident_id": world["incident"].pk},
        {"involvement_id": world["involvement"].pk},
        {"examination_id": world["examination"].pk},
        {"report_id": world["report"].pk},
        {"sharing_id": world["sharing"].pk},
        {"audit_id": world["security_audit"].pk},
        {"contact_id": world["contact"].pk},
        {"visit_session_id": world["visit_session"].pk},
        {"booking_id": world["booking"].pk},
        {"restriction_id": world["restriction"].pk},
        {"family_member_id": world["family_member"].pk},
        {"action_id": world["audit_action"].pk},
        {"complaint_id": world["complaint"].pk},
        {"pair_id": world["duplicate_pair"].pk},
        {"staff_id": world["staff"].pk},
        {"course_code": world["course_code"]},
        {"training_session_id": world["training_session"].pk},
        {"certificate_id": world["certificate"].pk},
        {"elearning_import_id": world["elearning_import"].pk},
        {"certificate_code": world["certificate_code"]},
        {"job_id": 1},  # custodia.jobs: a job of someone else's, or none, is not found
        # The people falling short of a check of the compliance monitor at the world's prison.
        {"key": "rule-7-admission", "prison_id": world["prison"].pk},
        {"instrument_id": "general_screening", "version": 1},
        {"language": "en"},
    ):
        try:
            return reverse(name, kwargs=candidate or None)
        except Exception:  # noqa: BLE001 - NoReverseMatch until the right arguments are given
            kwargs = candidate
    raise AssertionError(f"cannot build a URL for {name} ({kwargs})")


# Signed in, but an account that is not set up yet: no role at all, or a role without a staff
# assignment (where the person works). Like a signed-out visitor, it opens only the public routes.
NO_ROLE = "signed-in-without-role"
# The roles that work nationwide; the others work at the world's prison.
NATIONWIDE = {roles.HQ_VEP, roles.HQ_STATISTICS, roles.TRAINER, roles.AUDITOR, roles.ADMINISTRATOR}
UNASSIGNED = "signed-in-without-assignment"


def expected_allowed(rule: str, role: str | None) -> bool:
    if rule == PUBLIC:
        return True
    if role in (None, NO_ROLE, UNASSIGNED):
        return False
    return rule == SIGNED_IN or rule.removeprefix("accounts.") in roles.rights_of(role)


def answer(client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.generic(method, url, data="{}", content_type="application/json")
    return client.post(url, data={})


# Routes whose answer says nothing of the role's rights: signing out ends the session, the choice of
# language is open to all, and the API's shared paths are checked under their first name.
NOT_CHECKED = {"logout", "set_language", "api:prisoner_admit", "api:movement_record"}


def access_problem(method: str, url: str, name: str, rule: str | None, role: str | None, response) -> str | None:
    """What is wrong with the answer to a role calling a route: refused where its rights let it
    in, let in where they refuse, or a server error. None when the answer is as the rights say."""
    if response.status_code >= 500:
        return f"{method} {url} ({name}): server error {response.status_code}"
    if name in NOT_CHECKED:
        return None
    allowed = expected_allowed(rule, role)
    refused = response.status_code in (401, 403) or (
        response.status_code == 302 and "/accounts/login/" in response.get("Location", "") and name != "login"
    )
    if allowed == refused:
        return f"{method} {url} ({name}): {response.status_code}, expected {'allowed' if allowed else 'refused'}"
    return None


@pytest.mark.parametrize("role", [None, NO_ROLE, UNASSIGNED])
def test_role_by_route(client, make_staff, sign_in, world, role):
    """A visitor and the accounts not set up yet, on every route. Every role is checked on every
    route by the crawl of tests/test_need_to_know.py, which checks each of its answers both against
    the role's rights (access_problem) and against what is withheld from it: one request for both."""
    if role == NO_ROLE:
        sign_in(client, make_staff("user-without-role", prisons=[world["prison"]]))
    elif role == UNASSIGNED:
        user = make_staff("user-without-assignment", roles.RECEPTION, prisons=[world["prison"]])
        StaffAssignment.objects.filter(user=user).delete()
        sign_in(client, user)
    wrong = []
    for name, methods in declared_routes().items():
        if name in NOT_CHECKED:
            continue
        url = url_of(name, world)
        for method, rule in methods.items():
            if problem := access_problem(method, url, name, rule, role, answer(client, method, url)):
                wrong.append(problem)
    assert not wrong, "\n".join(wrong)


def test_an_account_without_a_role_opens_nothing_but_sign_out(client, make_staff, world):
    newcomer = make_staff("newcomer", prisons=[world["prison"]])
    client.force_login(newcomer)

    response = client.get(reverse("home"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your account has no role yet" in html and "system administrator" in html
    api = client.get(reverse("api:assessment_instrument_list"))
    assert api.status_code == 403 and "no role yet" in api.json()["detail"]
    _token, secret = tokens.token_create(actor=newcomer, name="Old script", scopes=["read"], days=30)
    by_token = Client().get(reverse("api:assessment_instrument_list"), headers={"Authorization": f"Bearer {secret}"})
    assert by_token.status_code == 403 and "no role yet" in by_token.json()["detail"]
    assert AuditEvent.objects.filter(action="access.denied", actor=newcomer).count() == 3

    assert client.get(reverse("ping")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_account_without_a_staff_assignment_opens_nothing_but_sign_out(client, make_staff, world):
    trainer = make_staff("trainer-unassigned", roles.TRAINER, nationwide=True)
    StaffAssignment.objects.filter(user=trainer).delete()
    client.force_login(trainer)

    response = client.get(reverse("home"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "not assigned to a prison" in html and "system administrator" in html
    assert client.get(reverse("api_tokens")).status_code == 403
    assert client.post(reverse("logout")).status_code == 302


def _undeclared(request):
    return HttpResponse("opened")


# The project's routes, and two more: one whose view declares no right, one that declares GET only.
urlpatterns = [
    *get_resolver("config.urls").url_patterns,
    path("undeclared/", _undeclared, name="undeclared"),
    path("read-only/", requires(GET=SIGNED_IN)(lambda request: HttpResponse("opened")), name="read_only"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_method_the_view_declares_no_right_for_is_refused_to_everyone(client, make_staff, sign_in, world):
    sign_in(client, make_staff("everything", *roles.LABELS, prisons=[world["prison"]], nationwide=True))
    assert client.get("/read-only/").status_code == 200
    assert client.post("/read-only/").status_code == 403
    assert client.get("/undeclared/").status_code == 403
    assert client.post("/undeclared/").status_code == 403
    assert AuditEvent.objects.filter(action="access.denied").count() == 3


def test_denied_attempt_is_recorded(client, make_staff, world):
    wing = make_staff("wing-officer", roles.WING, prisons=[world["prison"]])
    client.force_login(wing)
    assert client.get(reverse("oversight:statistics")).status_code == 403
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == wing and event.changes["path"][1] == reverse("oversight:statistics")


def test_prison_staff_see_only_their_prison(client, make_staff, world):
    other_prison = PrisonFactory()
    elsewhere = admit(prison=other_prison, given_names="Elsewhere")
    officer = make_staff("reception-a", roles.RECEPTION, prisons=[world["prison"]])
    visible = set(selectors.prisoner_list(user=officer).values_list("pk", flat=True))
    assert visible == {world["prisoner"].pk}
    client.force_login(officer)
    assert client.get(reverse("register:prisoner_detail", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("api:prisoner_detail", args=[elsewhere.pk])).status_code == 404
    # Writes are refused too: no movement for someone held elsewhere, no admission into another prison.
    response = client.post(reverse("register:movement_create", args=[elsewhere.pk]), {"kind": "hospital"})
    assert response.status_code == 404
    hq = make_staff("hq-user", roles.HQ_VEP, nationwide=True)
    assert {world["prisoner"].pk, elsewhere.pk} <= set(selectors.prisoner_list(user=hq).values_list("pk", flat=True))


def test_no_assignment_sees_nobody(make_staff, world):
    unassigned = make_staff("new-officer", roles.RECEPTION)
    assert not selectors.prisoner_list(user=unassigned).exists()


def test_admission_only_into_ones_own_prison(make_staff, world):
    from django.core.exceptions import ValidationError

    officer = make_staff("reception-b", roles.RECEPTION, prisons=[world["prison"]])
    with pytest.raises(ValidationError) as exc:
        admit(actor=officer, prison=PrisonFactory())
    assert "prison" in exc.value.message_dict


def test_sensitive_sections_are_withheld_not_empty(client, make_staff, world):
    wing = make_staff("wing-b", roles.WING, prisons=[world["prison"]])
    client.force_login(wing)
    html = client.get(reverse("register:prisoner_detail", args=[world["prisoner"].pk])).content.decode()
    # Family, condition on arrival, risk and needs assessments, the sentence plan, the release plan,
    # intelligence, and who opened the file.
    assert html.count('class="text-muted fst-italic mb-0 withheld"') == 8
    assert "Beaten at the police station" not in html
    # The file printed holds the same eight sections withheld, and nothing of them (register/file_pdf.py).
    printed = file_pdf.print_file(user=wing, prisoner_id=world["prisoner"].pk, copy="staff", reader_language="en")
    assert printed.html.count('class="text-muted fst-italic mb-0 withheld"') == 8
    pdf = client.get(reverse("register:file_pdf", args=[world["prisoner"].pk]))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert text.count("This section needs its own right") == 8 and "Beaten at the police station" not in text
    detail = client.get(reverse("api:prisoner_detail", args=[world["prisoner"].pk])).json()
    assert detail["family"] is None and set(detail["withheld"]) == {"family", "health"}
    assert detail["admissions"][0]["ill_treatment_complaint"] is None
    director = make_staff("director-b", roles.DIRECTOR, prisons=[world["prison"]])
    client.force_login(director)
    html = client.get(reverse("register:prisoner_detail", args=[world["prisoner"].pk])).content.decode()
    assert "Beaten at the police station" in html and "withheld" not in html
    assert "director-b" in html.split('id="readers"')[1]  # the director sees who opened the file


def test_roles_document_matches_the_rights():
    """docs/roles.md is what people read: it must say exactly what roles.py grants."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "roles.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `") and "`:" in line]
    documented = {}
    for line in rows:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        right = cells[0].split("`")[1]
        documented[right] = {role for role, mark in zip(roles.LABELS, cells[1:], strict=True) if mark == "✓"}
    assert documented == roles.RIGHTS


def test_former_prison_keeps_reading_only_what_it_wrote(client, make_staff, world):
    """After a transfer the sending prison reads its own admission, custody period and the
    movements it recorded; the new placement, legal situation, family and history are shown as
    held elsewhere, and it can no longer change the file."""
    from django.utils import timezone

    from custodia.register import services
    from custodia.register.choices import MovementKind

    prisoner, other_prison = world["prisoner"], PrisonFactory(name="Receiving prison")
    sender = make_staff("reception-sender", roles.RECEPTION, prisons=[world["prison"]])
    services.movement_record(
        actor=sender,
        prisoner=prisoner,
        data=services.MovementData(kind=MovementKind.TRANSFER, occurred_at=timezone.now(), to_prison=other_prison),
    )
    receiver = make_staff("reception-receiver", roles.RECEPTION, prisons=[other_prison])
    services.legal_status_change(
        actor=receiver, prisoner=prisoner, status="convicted", effective_on=timezone.localdate(), note="Judgment"
    )
    director = make_staff("director-sender", roles.DIRECTOR, prisons=[world["prison"]])

    assert not selectors.prisoner_list(user=director).exists()  # not on this prison's roll any more
    former = selectors.prisoner_list(user=director, filters=selectors.PrisonerFilters(on_roll=False)).get()
    assert former.pk == prisoner.pk and former.held_elsewhere

    file = selectors.prisoner_file_open(user=director, prisoner_id=prisoner.pk)
    assert file.held_elsewhere and not file.is_vep
    assert [a.prison_id for a in file.admissions] == [world["prison"].pk]
    assert [p.prison_id for p in file.custody_periods] == [world["prison"].pk]
    assert {m.kind for m in file.movements} == {MovementKind.ADMISSION, MovementKind.TRANSFER}
    assert not file.legal_status_history and not file.family

    client.force_login(director)
    html = client.get(reverse("register:prisoner_detail", args=[prisoner.pk])).content.decode()
    # placement, legal, family, history, readers
    assert html.count('class="text-muted fst-italic mb-0 held-elsewhere"') == 5
    assert "Receiving prison" not in html.split('id="timeline"')[0] and "Judgment" not in html
    detail = client.get(reverse("api:prisoner_detail", args=[prisoner.pk])).json()
    assert detail["prison"] is None and detail["legal_status"] is None and detail["offences"] is None
    assert set(detail["held_elsewhere"]) == {"placement", "legal", "family", "history"}
    assert len(detail["admissions"]) == 1

    client.force_login(sender)
    response = client.post(reverse("register:movement_create", args=[prisoner.pk]), {"kind": "hospital"})
    assert response.status_code == 404
    # The receiving prison sees the whole file.
    client.force_login(receiver)
    assert 'held-elsewhere"' not in client.get(reverse("register:prisoner_detail", args=[prisoner.pk])).content.decode()


def test_services_refuse_changes_from_a_prison_that_does_not_hold_the_person(make_staff, world):
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from custodia.register import services

    outsider = make_staff("director-elsewhere", roles.DIRECTOR, prisons=[PrisonFactory()])
    with pytest.raises(PermissionDenied):
        services.legal_status_change(
            actor=outsider, prisoner=world["prisoner"], status="convicted", effective_on=timezone.localdate()
        )
    world["prisoner"].refresh_from_db()
    assert world["prisoner"].legal_status != "convicted"
