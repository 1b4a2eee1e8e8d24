"""Planned moves against the real database: requested and cancelled through the services, each with
its audit event in the same transaction; carried out by the movement that makes them; listed to the
prisons that send and receive, in a fixed number of queries; and read over the API."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.models import PrisonType
from custodia.estate.tests.factories import CellFactory, PrisonFactory, UnitFactory
from custodia.register import selectors, services
from custodia.register.choices import MoveDirection, MovementKind, PlannedMoveStatus
from custodia.register.models import PlannedMove

from .factories import admit

pytestmark = pytest.mark.django_db


@pytest.fixture
def here(db):
    """A men's unit of two cells in one prison."""
    unit = UnitFactory(name="Block A")
    return {"prison": unit.prison, "cell": CellFactory(unit=unit, label="A1"), "other_cell": CellFactory(unit=unit)}


@pytest.fixture
def person(here):
    return admit(cell=here["cell"], sex="male", given_names="Moses")


@pytest.fixture
def wing(make_staff, here):
    return make_staff("wing-here", roles.WING, prisons=[here["prison"]])


def transfer(to_prison, *, days: int = 0, reason: str = "Nearer the family") -> services.PlannedMoveData:
    today = timezone.localdate()
    return services.PlannedMoveData(MovementKind.TRANSFER, today + timedelta(days=days), reason, to_prison=to_prison)


def cell_move(cell=None, *, reason: str = "Quarrel in the cell") -> services.PlannedMoveData:
    return services.PlannedMoveData(MovementKind.CELL_MOVE, timezone.localdate(), reason, to_cell=cell)


def record(actor, prisoner, kind: str, **data):
    return services.movement_record(
        actor=actor,
        prisoner=prisoner,
        data=services.MovementData(kind=kind, occurred_at=timezone.now(), **data),
    )


class TestRequest:
    def test_writes_the_plan_and_its_audit_event(self, wing, person, here):
        elsewhere = PrisonFactory(name="Receiving")
        requested = services.planned_move_request(actor=wing, prisoner=person, data=transfer(elsewhere))
        move = PlannedMove.objects.get()
        assert requested.move == move and requested.warnings == []
        assert (move.kind, move.status, move.from_prison, move.to_prison) == (
            MovementKind.TRANSFER,
            PlannedMoveStatus.REQUESTED,
            here["prison"],
            elsewhere,
        )
        assert move.requested_by == wing and move.reason == "Nearer the family"
        event = AuditEvent.objects.get(action="planned_move.request")
        assert (event.object_type, event.object_id, event.actor) == ("register.plannedmove", str(move.pk), wing)
        assert event.changes["to_prison"] == [None, elsewhere.pk] and event.reason == "Nearer the family"

    def test_the_audit_event_is_written_in_the_same_transaction(self, wing, person, monkeypatch):
        def failing(**kwargs):
            raise RuntimeError("the audit trail is unavailable")

        monkeypatch.setattr(services.audit, "record", failing)
        with pytest.raises(RuntimeError):
            services.planned_move_request(actor=wing, prisoner=person, data=transfer(PrisonFactory()))
        assert not PlannedMove.objects.exists()

    def test_refused_to_staff_elsewhere_and_without_the_right(self, make_staff, person, here):
        elsewhere = make_staff("wing-elsewhere", roles.WING, prisons=[PrisonFactory()])
        case_manager = make_staff("case-manager-here", roles.CASE_MANAGER, prisons=[here["prison"]])
        for outsider in (elsewhere, case_manager):
            assert services.planned_move_request_refusal(outsider, person)
            with pytest.raises(PermissionDenied):
                services.planned_move_request(actor=outsider, prisoner=person, data=cell_move())
        assert not PlannedMove.objects.exists() and not AuditEvent.objects.filter(action__startswith="planned").exists()

    def test_one_open_request_of_each_kind(self, wing, person, here):
        services.planned_move_request(actor=wing, prisoner=person, data=cell_move())
        with pytest.raises(ValidationError) as refused:
            services.planned_move_request(actor=wing, prisoner=person, data=cell_move(here["other_cell"]))
        assert "kind" in refused.value.message_dict
        services.planned_move_request(actor=wing, prisoner=person, data=transfer(PrisonFactory()))
        assert PlannedMove.objects.count() == 2

    def test_bad_input_is_refused_on_its_field(self, wing, person, here):
        cases = [
            (transfer(here["prison"]), "to_prison"),
            (transfer(PrisonFactory(), days=-1), "planned_on"),
            (transfer(PrisonFactory(), reason=" "), "reason"),
            (cell_move(CellFactory()), "to_cell"),
            (cell_move(here["cell"]), "to_cell"),
        ]
        for data, field in cases:
            with pytest.raises(ValidationError) as refused:
                services.planned_move_request(actor=wing, prisoner=person, data=data)
            assert field in refused.value.message_dict, field
        assert not PlannedMove.objects.exists()

    def test_a_place_the_placement_check_would_refuse_is_warned_of_not_refused(self, wing, person, here):
        """The placement check runs when the move is made; asking for it only warns."""
        womens = PrisonFactory(prison_type=PrisonType.WOMEN, name="Women's prison")
        requested = services.planned_move_request(actor=wing, prisoner=person, data=transfer(womens))
        assert requested.warnings and PlannedMove.objects.filter(status=PlannedMoveStatus.REQUESTED).exists()
        with pytest.raises(ValidationError):
            record(wing, person, MovementKind.TRANSFER, to_prison=womens)
        assert PlannedMove.objects.get().status == PlannedMoveStatus.REQUESTED


class TestSettledByTheMovement:
    def test_the_movement_of_its_kind_carries_it_out(self, wing, person, here):
        services.planned_move_request(actor=wing, prisoner=person, data=cell_move(here["other_cell"]))
        movement = record(wing, person, MovementKind.CELL_MOVE, to_cell=here["other_cell"])
        move = PlannedMove.objects.get()
        assert (move.status, move.movement, move.closed_by) == (PlannedMoveStatus.CARRIED_OUT, movement, wing)
        event = AuditEvent.objects.get(action="planned_move.carry_out")
        assert event.object_id == str(move.pk) and event.changes["status"] == ["requested", "carried_out"]

    def test_a_court_production_leaves_it_open_and_a_transfer_away_cancels_a_cell_move(self, wing, person):
        services.planned_move_request(actor=wing, prisoner=person, data=cell_move())
        record(wing, person, MovementKind.COURT_PRODUCTION, reason="High Court")
        record(wing, person, MovementKind.RETURN)
        assert PlannedMove.objects.get().status == PlannedMoveStatus.REQUESTED
        movement = record(wing, person, MovementKind.TRANSFER, to_prison=PrisonFactory())
        move = PlannedMove.objects.get()
        assert (move.status, move.movement, move.cancel_reason) == (PlannedMoveStatus.CANCELLED, movement, "")

    def test_a_failed_movement_leaves_the_plan_open(self, wing, person, monkeypatch):
        services.planned_move_request(actor=wing, prisoner=person, data=transfer(PrisonFactory()))
        real_record = services.audit.record

        def failing(**kwargs):
            if kwargs["action"].startswith("movement."):
                raise RuntimeError("the audit trail is unavailable")
            return real_record(**kwargs)

        monkeypatch.setattr(services.audit, "record", failing)
        with pytest.raises(RuntimeError):
            record(wing, person, MovementKind.TRANSFER, to_prison=PlannedMove.objects.get().to_prison)
        assert PlannedMove.objects.get().status == PlannedMoveStatus.REQUESTED


class TestCancel:
    def test_by_a_colleague_with_a_reason(self, make_staff, wing, person, here):
        move = services.planned_move_request(actor=wing, prisoner=person, data=cell_move()).move
        colleague = make_staff("reception-here", roles.RECEPTION, prisons=[here["prison"]])
        with pytest.raises(ValidationError) as refused:
            services.planned_move_cancel(actor=colleague, move=move, reason="  ")
        assert "reason" in refused.value.message_dict
        services.planned_move_cancel(actor=colleague, move=move, reason="Settled since")
        move.refresh_from_db()
        assert (move.status, move.cancel_reason, move.closed_by) == (
            PlannedMoveStatus.CANCELLED,
            "Settled since",
            colleague,
        )
        event = AuditEvent.objects.get(action="planned_move.cancel")
        assert event.actor == colleague and event.reason == "Settled since"
        # Closed once: a second cancelling, or the movement made after all, leaves it as it is.
        with pytest.raises(ValidationError):
            services.planned_move_cancel(actor=colleague, move=move, reason="Again")
        record(wing, person, MovementKind.CELL_MOVE, to_cell=here["other_cell"])
        move.refresh_from_db()
        assert move.status == PlannedMoveStatus.CANCELLED and move.movement is None

    def test_by_the_requester_and_no_one_else_elsewhere(self, make_staff, wing, person):
        move = services.planned_move_request(actor=wing, prisoner=person, data=cell_move()).move
        elsewhere = make_staff("wing-elsewhere", roles.WING, prisons=[PrisonFactory()])
        with pytest.raises(PermissionDenied):
            services.planned_move_cancel(actor=elsewhere, move=move, reason="Not mine")
        assert services.planned_move_cancel_refusal(wing, move) is None
        wing.groups.clear()  # no longer a wing officer: still the one who asked
        wing = type(wing).objects.get(pk=wing.pk)
        assert (
            services.planned_move_request_refusal(wing, person)
            and services.planned_move_cancel_refusal(wing, move) is None
        )


# --- the pages ------------------------------------------------------------------------------


@pytest.fixture
def receiving(db):
    return PrisonFactory(name="Receiving prison")


def test_the_wing_requests_a_move_from_the_file_and_records_it_from_there(client, sign_in, wing, person, here):
    sign_in(client, wing)
    file_url = reverse("register:prisoner_detail", args=[person.pk])
    page = client.get(file_url).content.decode()
    create_url = reverse("register:planned_move_create", args=[person.pk])
    assert create_url in page
    response = client.post(
        create_url,
        {
            "kind": MovementKind.CELL_MOVE,
            "planned_on": timezone.localdate().isoformat(),
            "to_cell": here["other_cell"].pk,
            "reason": "Quarrel in the cell",
        },
    )
    assert response.status_code == 302 and response["Location"] == file_url
    move = PlannedMove.objects.get()
    page = client.get(file_url).content.decode()
    section = page.split('id="planned-moves"', 1)[1].split("</section>", 1)[0]
    assert "Quarrel in the cell" in section and reverse("register:planned_move_cancel", args=[move.pk]) in section
    record_url = re.search(r'href="([^"]*/movements/new/\?[^"]*)"', section)[1].replace("&amp;", "&")
    form = client.get(record_url).content.decode()
    assert re.search(r'<option value="cell_move" selected>', form)
    assert re.search(rf'<option value="{here["other_cell"].pk}" selected>', form)


def test_the_request_form_warns_of_what_the_placement_check_would_refuse(client, sign_in, wing, person):
    sign_in(client, wing)
    womens = PrisonFactory(prison_type=PrisonType.WOMEN, name="Women's prison")
    response = client.post(
        reverse("register:planned_move_create", args=[person.pk]),
        {"kind": "transfer", "planned_on": timezone.localdate().isoformat(), "to_prison": womens.pk, "reason": "R"},
        follow=True,
    )
    page = response.content.decode()
    assert "the placement check would refuse it" in page and "Move requested." in page
    assert PlannedMove.objects.filter(to_prison=womens).exists()


def test_the_request_is_offered_only_to_those_who_may_make_it(client, sign_in, make_staff, person, here):
    sign_in(client, make_staff("case-manager", roles.CASE_MANAGER, prisons=[here["prison"]]))
    page = client.get(reverse("register:prisoner_detail", args=[person.pk])).content.decode()
    assert reverse("register:planned_move_create", args=[person.pk]) not in page


def test_the_receiving_prison_sees_who_is_coming_and_others_do_not(
    client, sign_in, make_staff, wing, person, receiving
):
    services.planned_move_request(actor=wing, prisoner=person, data=transfer(receiving))
    reception = make_staff("reception-receiving", roles.RECEPTION, prisons=[receiving])
    stranger = make_staff("reception-stranger", roles.RECEPTION, prisons=[PrisonFactory()])
    arriving = selectors.PlannedMoveFilters(direction=MoveDirection.ARRIVING, window="today")
    assert list(selectors.planned_move_list(user=reception, filters=arriving)) == [PlannedMove.objects.get()]
    assert not selectors.planned_move_list(user=stranger).exists()
    leaving = selectors.PlannedMoveFilters(direction=MoveDirection.LEAVING)
    assert not selectors.planned_move_list(user=reception, filters=leaving).exists()
    assert selectors.planned_move_list(user=wing, filters=leaving).count() == 1

    sign_in(client, reception)
    page = client.get(
        reverse("register:planned_move_list"), {"direction": "arriving", "date": "today"}
    ).content.decode()
    assert person.number in page and "Nearer the family" in page
    # Not held there yet: the person's file is not the receiving prison's to open.
    assert reverse("register:prisoner_detail", args=[person.pk]) not in page
    assert AuditEvent.objects.filter(action="read", actor=reception, object_id=str(person.pk)).exists()
    sign_in(client, stranger)
    assert person.number not in client.get(reverse("register:planned_move_list")).content.decode()


def test_the_list_in_a_fixed_number_of_queries(client, sign_in, wing, here, django_assert_max_num_queries):
    def requested(n: int) -> None:
        for i in range(n):
            prisoner = admit(cell=CellFactory(unit=here["cell"].unit, capacity=1), given_names=f"Many{i}")
            services.planned_move_request(actor=wing, prisoner=prisoner, data=transfer(PrisonFactory(), days=i))

    sign_in(client, wing)
    requested(1)
    with django_assert_max_num_queries(15) as one:
        assert client.get(reverse("register:planned_move_list")).status_code == 200
    requested(6)
    # Nothing more per row but the read of each person shown: an event of the audit chain (Rule 9).
    with django_assert_max_num_queries(len(one.captured_queries) + 6):
        page = client.get(reverse("register:planned_move_list")).content.decode()
    assert page.count("data-planned-move=") == 7


def test_a_move_is_cancelled_from_its_page(client, sign_in, wing, person):
    move = services.planned_move_request(actor=wing, prisoner=person, data=cell_move()).move
    sign_in(client, wing)
    url = reverse("register:planned_move_cancel", args=[move.pk])
    assert "Quarrel in the cell" in client.get(url).content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and PlannedMove.objects.get().status == PlannedMoveStatus.REQUESTED
    assert client.post(url, {"reason": "Settled"}).status_code == 302
    assert PlannedMove.objects.get().status == PlannedMoveStatus.CANCELLED
    assert client.get(url).status_code == 404  # closed: nothing left to cancel


def test_the_api_lists_what_the_page_lists(client, sign_in, make_staff, wing, person, receiving):
    services.planned_move_request(actor=wing, prisoner=person, data=transfer(receiving))
    reception = make_staff("reception-receiving", roles.RECEPTION, prisons=[receiving])
    sign_in(client, reception)
    answer = client.get("/api/v1/planned-moves", {"direction": "arriving", "date": "today"}).json()
    assert answer["count"] == 1
    item = answer["items"][0]
    assert item["prisoner"]["number"] == person.number and item["to_prison"]["name"] == "Receiving prison"
    assert item["kind"] == "transfer" and item["reason"] == "Nearer the family"
    assert client.get("/api/v1/planned-moves", {"direction": "leaving"}).json()["count"] == 0
    assert client.get("/api/v1/planned-moves", {"direction": "sideways"}).status_code == 422
    assert AuditEvent.objects.filter(action="read", actor=reception, object_id=str(person.pk)).count() == 1


def test_the_files_moves_cost_no_query_each(client, sign_in, wing, person, here, django_assert_max_num_queries):
    """The section and the summary read the plans prisoner_file_open fetched with the file."""
    sign_in(client, wing)
    url = reverse("register:prisoner_detail", args=[person.pk])
    services.planned_move_request(actor=wing, prisoner=person, data=cell_move())
    with django_assert_max_num_queries(80) as one:
        assert client.get(url).status_code == 200
    services.planned_move_request(actor=wing, prisoner=person, data=transfer(PrisonFactory()))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("data-planned-move=") == 2 and 'id="glance-planned-move"' in page


def test_a_request_refused_keeps_what_was_typed_and_says_why(client, sign_in, wing, person):
    sign_in(client, wing)
    response = client.post(
        reverse("register:planned_move_create", args=[person.pk]),
        {"kind": "transfer", "planned_on": timezone.localdate().isoformat(), "reason": "Nearer the family"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "data-error-summary" in page
    assert "Choose the prison." in page and "Nearer the family" in page
    assert not PlannedMove.objects.exists()
