"""The prisoner file API against a real database: lists, the file, admission and movements."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory, PrisonFactory, UnitFactory
from custodia.register import services
from custodia.register.choices import LegalStatus, OffenceStatus, Sex
from custodia.register.models import (
    Movement,
    Prisoner,
)
from custodia.register.tests.factories import admit, row_counts
from custodia.register.tests.pictures import picture

pytestmark = pytest.mark.django_db

PRISONERS = "/api/v1/prisoners/"


def file_url(prisoner_id: int) -> str:
    return f"/api/v1/prisoners/{prisoner_id}"


def movements_url(prisoner_id: int) -> str:
    return f"/api/v1/prisoners/{prisoner_id}/movements"


def ago(**delta: float) -> str:
    return (timezone.now() - timedelta(**delta)).isoformat()


def admission_payload(prison_id: int, **sections: Any) -> dict[str, Any]:
    """A valid admission request; each keyword replaces or adds a top-level section."""
    return {
        "identity": {
            "names": [{"given_names": "Amina", "family_name": "Okello"}],
            "sex": "female",
            "nationality": "UG",
            "date_of_birth": "1990-05-17",
        },
        "commitment": {
            "prison_id": prison_id,
            "admitted_at": ago(hours=2),
            "authority": "High Court, Kampala",
            "reference": "CO-2026-17",
            "order_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "reasons": "Remanded pending trial",
            "legal_status": "pre_trial",
        },
        **sections,
    }


def post(client: Client, url: str, data: dict[str, Any], **headers: str):
    return client.post(url, data, content_type="application/json", **headers)


# --- List ------------------------------------------------------------------------------------


def test_list_items_and_a_bounded_number_of_queries(staff_client: Client, django_assert_max_num_queries) -> None:
    prison = PrisonFactory(name="Luzira")
    cell = CellFactory(unit=UnitFactory(prison=prison, name="A wing"), label="A1", capacity=20)
    for n in range(15):
        admit(cell=cell, given_names=f"Person{n:02d}")
    vep = admit(
        cell=cell, given_names="Zed", offences=[services.OffenceData("09061", "Membership of a terrorist group")]
    )
    photograph = services.photograph_record(actor=None, prisoner=vep, image=picture(), taken_on=timezone.localdate())

    with django_assert_max_num_queries(11):
        response = staff_client.get(PRISONERS, {"limit": 100})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 16
    assert body["items"][-1] == {
        "id": vep.pk,
        "number": vep.number,
        "display_name": "Zed Okello",
        "sex": "female",
        "legal_status": "pre_trial",
        "custody_status": "in_custody",
        "prison": {"id": prison.pk, "name": "Luzira"},
        "cell": {"id": cell.pk, "label": "A1", "unit": "A wing"},
        "is_vep": True,
        "photograph_url": f"/en/prisoners/{vep.pk}/photographs/{photograph.pk}.jpg",
        "match": None,
    }
    assert not any(item["is_vep"] for item in body["items"][:-1])
    assert not any(item["photograph_url"] for item in body["items"][:-1])


def test_list_is_paginated_with_limit_and_offset(staff_client: Client) -> None:
    prison = PrisonFactory()
    for n in range(5):
        admit(prison=prison, given_names=f"Person{n}")

    body = staff_client.get(PRISONERS, {"limit": 2, "offset": 2}).json()

    assert body["count"] == 5
    assert [item["display_name"] for item in body["items"]] == ["Person2 Okello", "Person3 Okello"]


def test_list_filters(staff_client: Client, staff_user) -> None:
    north, south = PrisonFactory(), PrisonFactory()
    amina = admit(prison=north, given_names="Amina", family_name="Nakato")
    joseph = admit(
        prison=south, given_names="Joséph", family_name="Kato", sex=Sex.MALE, legal_status=LegalStatus.CONVICTED
    )
    farid = admit(
        prison=south, given_names="Farid", sex=Sex.MALE, offences=[services.OffenceData("09062", "Financing terrorism")]
    )
    gone = admit(prison=north, given_names="Gone")
    services.movement_record(
        actor=staff_user,
        prisoner=gone,
        data=services.MovementData(
            kind="release", occurred_at=timezone.now() - timedelta(minutes=5), release_reason="bail"
        ),
    )
    admit(prison=south, given_names="Hassan", sex=Sex.MALE)
    hassan = Prisoner.objects.get(display_name="Hassan Okello")
    services.movement_record(
        actor=staff_user,
        prisoner=hassan,
        data=services.MovementData(kind="court_production", occurred_at=timezone.now() - timedelta(minutes=5)),
    )

    def ids(**params: Any) -> set[int]:
        response = staff_client.get(PRISONERS, params)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids() == {amina.pk, joseph.pk, farid.pk, hassan.pk}
    assert ids(q="joseph kato") == {joseph.pk}  # accents and order do not matter
    assert ids(q=amina.number) == {amina.pk}
    assert ids(prison=north.pk) == {amina.pk}
    assert ids(legal_status="convicted") == {joseph.pk}
    assert ids(sex="female") == {amina.pk}
    assert ids(custody_status="at_court") == {hassan.pk}
    assert ids(vep="true") == {farid.pk}
    assert ids(vep="false") == {amina.pk, joseph.pk, hassan.pk}
    assert ids(on_roll="false", prison="") == {amina.pk, joseph.pk, farid.pk, hassan.pk, gone.pk}
    assert ids(on_roll="false", custody_status="released") == {gone.pk}
    assert ids(sex="male", prison=south.pk, vep="false") == {joseph.pk, hassan.pk}


def test_bad_filter_is_422_naming_the_parameter(staff_client: Client) -> None:
    response = staff_client.get(PRISONERS, {"sex": "robot", "vep": "perhaps"})

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"sex", "vep"}


# --- File ------------------------------------------------------------------------------------


def full_file(staff_user) -> Prisoner:
    prison = PrisonFactory(name="Luzira")
    cell = CellFactory(unit__prison=prison, label="B7")
    prisoner = admit(
        actor=staff_user,
        cell=cell,
        legal_status=LegalStatus.CONVICTED,
        names=[
            services.NameData("Amina", "Okello"),
            services.NameData("أمينة", "", script="Arab", kind="transliteration"),
        ],
        case=services.CaseData("High Court", "HC-12/2025", next_hearing=date(2026, 1, 5)),
        offences=[
            services.OffenceData("09061", "Membership of a proscribed organisation", status=OffenceStatus.CONVICTED),
            services.OffenceData("0502", "Theft"),
        ],
        sentence=services.SentenceData(
            imposed_on=date(2025, 1, 31), starts_on=date(2025, 1, 31), years=1, months=1, remand_credit_days=10
        ),
        property_items=[services.PropertyData("Wristwatch", condition="scratched"), services.PropertyData("Coins", 12)],
        family=[services.FamilyData("Sara Okello", "child", birth_year=2015, custodian="Grandmother")],
        commitment={"ill_treatment_complaint": "Beaten at the police station", "arrest_place": "Kampala"},
    )
    other_cell = CellFactory(unit=cell.unit, label="B8")
    services.movement_record(
        actor=staff_user,
        prisoner=prisoner,
        data=services.MovementData(
            kind="cell_move", occurred_at=timezone.now() - timedelta(minutes=30), to_cell=other_cell, reason="Medical"
        ),
    )
    return prisoner


def test_file_has_every_section(staff_client: Client, staff_user) -> None:
    prisoner = full_file(staff_user)

    response = staff_client.get(file_url(prisoner.pk))

    assert response.status_code == 200
    body = response.json()
    assert (body["number"], body["display_name"], body["nationality"], body["date_of_birth"]) == (
        prisoner.number,
        "Amina Okello",
        "ZZ",
        "1990-05-17",
    )
    assert body["is_vep"] is True
    assert body["cell"]["label"] == "B8"
    assert [(n["kind"], n["given_names"], n["script"]) for n in body["names"]] == [
        ("primary", "Amina", "Latn"),
        ("transliteration", "أمينة", "Arab"),
    ]
    [admission] = body["admissions"]
    assert admission["prison"]["name"] == "Luzira"
    assert admission["ill_treatment_complaint"] == "Beaten at the police station"
    assert admission["ill_treatment_flag_open"] is True
    assert [(p["description"], p["quantity"]) for p in admission["property_items"]] == [
        ("Wristwatch", 1),
        ("Coins", 12),
    ]
    assert [s["status"] for s in body["legal_status_history"]] == ["convicted"]
    [case] = body["court_cases"]
    assert (case["case_number"], [h["held_on"] for h in case["hearings"]]) == ("HC-12/2025", ["2026-01-05"])
    terror, theft = body["offences"]
    assert terror == {
        "id": terror["id"],
        "case_id": case["id"],
        "iccs_code": "09061",
        "iccs_label": "Participation in a terrorist group",
        "national_wording": "Membership of a proscribed organisation",
        "terrorism_link": True,
        "status": "convicted",
    }
    assert (theft["iccs_label"], theft["terrorism_link"], theft["status"]) == ("Theft", False, "charged")
    [sentence] = body["sentences"]
    # 31 Jan 2025 + 1 year 1 month = 28 Feb 2026, less 10 days of remand credit.
    assert (sentence["full_term_release_on"], sentence["earliest_release_on"]) == ("2026-02-18", "2026-02-18")
    assert [(p["prison"]["name"], p["ended_at"]) for p in body["custody_periods"]] == [("Luzira", None)]
    assert [
        (m["kind"], m["from_cell"] and m["from_cell"]["label"], m["to_cell"]["label"]) for m in body["movements"]
    ] == [("admission", None, "B7"), ("cell_move", "B7", "B8")]
    assert body["movements"][1]["release_reason"] is None
    assert body["family"][0] | {"id": 0} == {
        "id": 0,
        "name": "Sara Okello",
        "relationship": "child",
        "birth_year": 2015,
        "whereabouts": "",
        "custodian": "Grandmother",
        "contact": "",
        "is_emergency_contact": False,
        "is_next_of_kin": False,
    }


def test_file_takes_a_fixed_number_of_queries(staff_client: Client, staff_user, django_assert_max_num_queries) -> None:
    small = admit()
    large = full_file(staff_user)
    for minutes in (20, 10):
        services.movement_record(
            actor=staff_user,
            prisoner=large,
            data=services.MovementData(
                kind="court_production" if minutes == 20 else "return",
                occurred_at=timezone.now() - timedelta(minutes=minutes),
            ),
        )

    for prisoner in (small, large):
        # The bound includes the read event every opening of a file writes (Rule 9), and the
        # person's photographs (their ids and dates, for photograph_url).
        with django_assert_max_num_queries(26):
            assert staff_client.get(file_url(prisoner.pk)).status_code == 200


def test_unknown_prisoner_is_404(staff_client: Client) -> None:
    for response in (
        staff_client.get(file_url(999_999)),
        staff_client.get(movements_url(999_999)),
        post(staff_client, movements_url(999_999), {"kind": "court_production", "occurred_at": ago(minutes=1)}),
    ):
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


# --- Admission -------------------------------------------------------------------------------


def test_admit_saves_the_whole_file(staff_client: Client, staff_user) -> None:
    prison = PrisonFactory()
    cell = CellFactory(unit__prison=prison)
    payload = admission_payload(
        prison.pk,
        case={"court": "High Court", "case_number": "HC-1/2026", "next_hearing": "2026-09-01"},
        offences=[{"iccs_code": "09069", "national_wording": "Incitement"}],
        property_items=[{"description": "Phone", "condition": "cracked screen"}],
        family=[{"name": "Moses Okello", "relationship": "spouse", "is_next_of_kin": True}],
    )
    payload["commitment"]["cell_id"] = cell.pk
    payload["identity"]["names"].append({"given_names": "Amina", "family_name": "Okelo", "kind": "alias"})

    response = post(staff_client, PRISONERS, payload)

    assert response.status_code == 201, response.content
    body = response.json()
    prisoner = Prisoner.objects.get(pk=body["id"])
    assert (prisoner.display_name, prisoner.current_prison, prisoner.current_cell) == ("Amina Okello", prison, cell)
    assert prisoner.custody_status == "in_custody"
    assert body["number"] == prisoner.number and body["is_vep"] is True
    assert [n.kind for n in prisoner.names.all()] == ["primary", "alias"]
    admission = prisoner.admissions.get()
    assert (admission.admitted_by, admission.commitment_reference) == (staff_user, "CO-2026-17")
    assert admission.property_items.get().description == "Phone"
    assert prisoner.family.get().is_next_of_kin is True
    assert prisoner.offences.get().terrorism_link is True
    assert prisoner.court_cases.get().hearings.count() == 1
    movement = prisoner.movements.get()
    assert (movement.kind, movement.to_prison, movement.to_cell, movement.recorded_by) == (
        "admission",
        prison,
        cell,
        staff_user,
    )
    period = prisoner.custody_periods.get()
    assert (period.prison, period.ended_at) == (prison, None)
    event = AuditEvent.objects.get(action="prisoner.admit")
    assert (event.actor, event.object_id, event.changes["number"]) == (
        staff_user,
        str(prisoner.pk),
        [None, prisoner.number],
    )


def test_admit_reads_a_time_without_offset_in_local_time(staff_client: Client) -> None:
    payload = admission_payload(PrisonFactory().pk)
    admitted_at = timezone.localtime() - timedelta(hours=3)
    payload["commitment"]["admitted_at"] = admitted_at.replace(tzinfo=None).isoformat()
    payload["commitment"]["order_date"] = admitted_at.date().isoformat()  # shortly after midnight: yesterday

    response = post(staff_client, PRISONERS, payload)
    assert response.status_code == 201, response.content


def _refused(client: Client, payload: dict[str, Any], **headers: str) -> dict[str, list[str]]:
    before = row_counts()
    response = post(client, PRISONERS, payload, **headers)
    assert response.status_code == 422, response.content
    assert row_counts() == before, "nothing may be saved from a refused admission"
    return response.json()["errors"]


def test_missing_given_names_is_refused_naming_the_field(staff_client: Client) -> None:
    prison = PrisonFactory()
    for names in (
        [{"family_name": "Okello"}],
        [{"given_names": "", "family_name": "Okello"}],
        [{"given_names": "   ", "family_name": "Okello"}],
    ):
        payload = admission_payload(prison.pk)
        payload["identity"]["names"] = names
        assert list(_refused(staff_client, payload)) == ["identity.names.0.given_names"]
    payload["identity"]["names"] = []
    assert list(_refused(staff_client, payload)) == ["identity.names"]


def test_future_date_of_birth_is_refused_by_the_service_under_the_request_path(staff_client: Client) -> None:
    payload = admission_payload(PrisonFactory().pk)
    payload["identity"]["date_of_birth"] = (timezone.localdate() + timedelta(days=1)).isoformat()

    assert _refused(staff_client, payload) == {"identity.date_of_birth": ["The date of birth cannot be in the future."]}


def test_bad_iccs_code_is_refused_naming_the_offence(staff_client: Client) -> None:
    payload = admission_payload(
        PrisonFactory().pk,
        offences=[
            {"iccs_code": "0101", "national_wording": "Murder"},
            {"iccs_code": "9999", "national_wording": "Mischief"},
        ],
    )

    assert _refused(staff_client, payload) == {"offences.1.iccs_code": ["Unknown ICCS code: 9999."]}


def test_unknown_prison_or_cell_in_the_payload_is_422_not_404(staff_client: Client) -> None:
    prison = PrisonFactory()
    payload = admission_payload(999_999)
    payload["commitment"]["cell_id"] = 999_999
    assert set(_refused(staff_client, payload)) == {"commitment.prison_id", "commitment.cell_id"}

    payload = admission_payload(PrisonFactory(is_active=False).pk)
    assert set(_refused(staff_client, payload)) == {"commitment.prison_id"}

    payload = admission_payload(prison.pk)
    payload["commitment"]["cell_id"] = CellFactory().pk  # a cell of another prison
    assert _refused(staff_client, payload) == {"commitment.cell_id": ["This cell is not in the chosen prison."]}


def test_several_service_errors_come_together(staff_client: Client) -> None:
    payload = admission_payload(PrisonFactory().pk, sentence={"imposed_on": "2025-01-01", "starts_on": "2025-01-01"})
    payload["identity"]["date_of_birth"] = None
    payload["commitment"]["admitted_at"] = ago(hours=-2)

    errors = _refused(staff_client, payload)

    assert set(errors) == {
        "identity.date_of_birth",
        "commitment.admitted_at",
        "commitment.legal_status",
        "sentence.years",
    }


def test_schema_errors_name_each_field(staff_client: Client) -> None:
    payload = admission_payload(PrisonFactory().pk, family=[{"name": "X", "relationship": "cousin"}], extra=1)
    payload["identity"].update(sex="robot", nationality="Uganda")
    payload["commitment"]["reference"] = "R" * 101
    del payload["commitment"]["authority"]

    errors = _refused(staff_client, payload)

    assert errors == {
        "identity.sex": ["Select a valid choice. That choice is not one of the available choices."],
        "identity.nationality": ["Enter a valid value."],
        "commitment.authority": ["This field is required."],
        "commitment.reference": ["Enter at most 100 characters."],
        "family.0.relationship": ["Select a valid choice. That choice is not one of the available choices."],
        "extra": ["This field is not expected here."],
    }


def test_messages_follow_accept_language(staff_client: Client) -> None:
    payload = admission_payload(PrisonFactory().pk)
    del payload["commitment"]["authority"]

    errors = _refused(staff_client, payload, HTTP_ACCEPT_LANGUAGE="fr")

    assert errors == {"commitment.authority": ["Ce champ est obligatoire."]}


def test_body_that_is_not_json_is_422(staff_client: Client) -> None:
    """Bad input like any other (core.api), in the same form, never an undocumented 400."""
    response = staff_client.post(PRISONERS, "{not json", content_type="application/json")

    assert response.status_code == 422
    assert response.json() == {"errors": {"__all__": ["The request body is not valid JSON."]}}


# --- Movements -------------------------------------------------------------------------------


def test_movements_follow_the_custody_state_machine(staff_client: Client, staff_user) -> None:
    prison, other = PrisonFactory(), PrisonFactory()
    cell = CellFactory(unit__prison=other)
    prisoner = admit(prison=prison, admitted_at=timezone.now() - timedelta(days=1))

    def move(minutes_ago: int, **data: Any):
        return post(staff_client, movements_url(prisoner.pk), {"occurred_at": ago(minutes=minutes_ago), **data})

    response = move(50, kind="court_production", reason="Hearing HC-1")
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "court_production"
    prisoner.refresh_from_db()
    assert prisoner.custody_status == "at_court"

    assert move(40, kind="return").status_code == 201
    response = move(30, kind="transfer", to_prison_id=other.pk, to_cell_id=cell.pk)
    assert response.status_code == 201
    assert (response.json()["from_prison"]["id"], response.json()["to_cell"]["id"]) == (prison.pk, cell.pk)
    prisoner.refresh_from_db()
    assert (prisoner.current_prison, prisoner.current_cell) == (other, cell)

    response = move(20, kind="release", release_reason="bail")
    assert response.status_code == 201
    assert response.json()["release_reason"] == "bail"

    before = row_counts()
    response = move(10, kind="court_production")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["kind"]
    assert "cannot be recorded" in response.json()["errors"]["kind"][0]
    assert row_counts() == before

    listed = staff_client.get(movements_url(prisoner.pk)).json()
    assert [m["kind"] for m in listed] == ["admission", "court_production", "return", "transfer", "release"]
    assert AuditEvent.objects.filter(action__startswith="movement.", actor=staff_user).count() == 4


def test_refused_movement_fields_are_named_as_sent(staff_client: Client) -> None:
    prison = PrisonFactory()
    prisoner = admit(prison=prison, admitted_at=timezone.now() - timedelta(days=1))

    def errors(**data: Any) -> dict[str, list[str]]:
        response = post(staff_client, movements_url(prisoner.pk), {"occurred_at": ago(minutes=5), **data})
        assert response.status_code == 422, response.content
        return response.json()["errors"]

    assert list(errors(kind="release")) == ["release_reason"]
    assert list(errors(kind="transfer")) == ["to_prison_id"]
    assert list(errors(kind="transfer", to_prison_id=prison.pk)) == ["to_prison_id"]
    assert list(errors(kind="transfer", to_prison_id=999_999)) == ["to_prison_id"]
    assert list(errors(kind="cell_move", to_cell_id=CellFactory().pk)) == ["to_cell_id"]
    assert list(errors(kind="death")) == ["death_circumstances"]
    assert list(errors(kind="teleport")) == ["kind"]
    assert Movement.objects.filter(prisoner=prisoner).count() == 1


# --- Access and schema -----------------------------------------------------------------------


def test_signed_out_is_401(client: Client) -> None:
    prisoner = admit()
    before = row_counts()

    for response in (
        client.get(PRISONERS),
        client.get(file_url(prisoner.pk)),
        client.get(movements_url(prisoner.pk)),
        post(client, PRISONERS, admission_payload(prisoner.current_prison_id)),
        post(client, movements_url(prisoner.pk), {"kind": "court_production", "occurred_at": ago(minutes=1)}),
    ):
        assert response.status_code == 401
        assert "detail" in response.json()
    assert row_counts() == before


def test_post_needs_the_csrf_token(staff_user, sign_in) -> None:
    client = sign_in(Client(enforce_csrf_checks=True), staff_user)

    response = post(client, PRISONERS, admission_payload(PrisonFactory().pk))

    assert response.status_code == 403, response.content
    assert "CSRF" in response.json()["detail"]
    assert Prisoner.objects.count() == 0


def test_openapi_lists_the_operations_with_their_error_schemas(staff_client: Client) -> None:
    response = staff_client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert set(paths) >= {
        "/api/v1/prisons/",
        "/api/v1/prisons/{prison_id}",
        "/api/v1/prisoners/",
        "/api/v1/prisoners/{prisoner_id}",
        "/api/v1/prisoners/{prisoner_id}/movements",
    }
    admit_op = paths["/api/v1/prisoners/"]["post"]
    assert admit_op["tags"] == ["prisoners"] and admit_op["summary"] and admit_op["description"]
    assert set(admit_op["responses"]) >= {"201", "401", "422"}
    assert paths["/api/v1/prisoners/{prisoner_id}/movements"]["post"]["tags"] == ["movements"]
    assert paths["/api/v1/prisons/"]["get"]["tags"] == ["prisons"]
    assert "ErrorsOut" in schema["components"]["schemas"]
    for operations in paths.values():
        for operation in operations.values():
            assert operation["summary"] and operation["description"]


def test_openapi_is_not_served_to_the_signed_out(client: Client) -> None:
    assert client.get("/api/v1/openapi.json").status_code == 302


def test_reading_a_file_through_the_api_is_logged(staff_client: Client, staff_user) -> None:
    prisoner = admit()
    assert staff_client.get(file_url(prisoner.pk)).status_code == 200
    read = AuditEvent.objects.get(action="read")
    assert read.actor == staff_user and read.object_id == str(prisoner.pk)


# --- Pen-test findings 6, 11 and 12 ----------------------------------------------------------


def test_search_of_a_thousand_words_is_422_not_500(staff_client: Client) -> None:
    """SQLite refused the query: "Expression tree is too large"."""
    admit(given_names="Amina")

    for q, message in (
        (" ".join(["a"] * 1000), "Enter at most 200 characters."),
        (" ".join(f"w{i}" for i in range(11)), "Search with at most 10 words."),
    ):
        response = staff_client.get(PRISONERS, {"q": q})
        assert response.status_code == 422, response.content
        assert response.json() == {"errors": {"q": [message]}}

    ten = staff_client.get(PRISONERS, {"q": " ".join(["amina"] * 9 + ["okello"])})
    assert ten.status_code == 200 and ten.json()["count"] == 1
    assert staff_client.get(PRISONERS, {"q": "amina\x00"}).json()["count"] == 1  # NUL broke PostgreSQL


@pytest.mark.parametrize(
    ("section", "value", "path"),
    [
        ("name", {"given_names": "Ali\u202eilA"}, "identity.names.0.given_names"),
        ("name", {"given_names": "Amina", "family_name": "Oke\u200bllo"}, "identity.names.0.family_name"),
        ("name", {"given_names": "\ufeffAmina\x00"}, "identity.names.0.given_names"),
        ("alias", {"given_names": "Amina", "family_name": "\u2066Okello"}, "identity.names.1.family_name"),
        ("family", {"name": "Sara\u200bOkello", "relationship": "spouse"}, "family.0.name"),
        (
            "family",
            {"name": "Sara", "relationship": "child", "whereabouts": "Gulu", "custodian": "Aunt\u202e"},
            "family.0.custodian",
        ),
        (
            "case",
            {"court": "High Court", "case_number": "HC-1", "legal_representative": "Adv.\u200f"},
            "case.legal_representative",
        ),
    ],
)
def test_hidden_characters_in_names_are_422_under_the_field(
    staff_client: Client, section: str, value: dict[str, Any], path: str
) -> None:
    payload = admission_payload(PrisonFactory().pk)
    if section == "name":
        payload["identity"]["names"] = [value]
    elif section == "alias":
        payload["identity"]["names"].append(value)
    elif section == "family":
        payload["family"] = [value]
    else:
        payload["case"] = value

    errors = _refused(staff_client, payload)

    assert list(errors) == [path]
    assert errors[path][0].startswith("Remove the hidden or control characters from this name: U+")


def test_names_are_stored_in_nfc(staff_client: Client) -> None:
    payload = admission_payload(PrisonFactory().pk)
    payload["identity"]["names"] = [{"given_names": " Jose\u0301 ", "family_name": "Okello"}]

    response = post(staff_client, PRISONERS, payload)

    assert response.status_code == 201, response.content
    assert response.json()["names"][0]["given_names"] == "José"


@pytest.mark.parametrize(
    ("names", "path", "message"),
    [
        ([{"given_names": "محمد", "family_name": "الطرابلسي", "script": "Latn"}], "identity.names.0.script", "Arabic"),
        (
            [{"given_names": "Amina"}, {"given_names": "Айка", "script": "Arab", "kind": "alias"}],
            "identity.names.1.script",
            "Cyrillic",
        ),
        ([{"given_names": "\u0410li", "family_name": "Kato"}], "identity.names.0.given_names", "several scripts"),
    ],
)
def test_a_name_in_another_script_than_given_is_422_under_the_field(
    staff_client: Client, names: list[dict[str, str]], path: str, message: str
) -> None:
    payload = admission_payload(PrisonFactory().pk)
    payload["identity"]["names"] = names

    errors = _refused(staff_client, payload)

    assert list(errors) == [path]
    assert message in errors[path][0]


def test_the_script_of_a_name_sent_without_one_is_detected(staff_client: Client) -> None:
    payload = admission_payload(PrisonFactory().pk)
    payload["identity"]["names"] = [
        {"given_names": "محمد", "family_name": "الطرابلسي"},
        {"given_names": "Mohamed", "family_name": "Trabelsi", "kind": "transliteration"},
    ]

    response = post(staff_client, PRISONERS, payload)

    assert response.status_code == 201, response.content
    assert [name["script"] for name in response.json()["names"]] == ["Arab", "Latn"]


@pytest.mark.parametrize(
    ("section", "field", "value", "path"),
    [
        ("identity", "birth_year_estimated", 2100, "identity.birth_year_estimated"),
        ("identity", "date_of_birth", "0001-01-01", "identity.date_of_birth"),
        ("commitment", "admitted_at", "0001-01-01T00:00:00", "commitment.admitted_at"),
        ("commitment", "admitted_at", "0001-01-01T00:00:00+05:00", "commitment.admitted_at"),
        ("commitment", "admitted_at", "9999-12-31T23:00:00-05:00", "commitment.admitted_at"),
        ("commitment", "arrested_at", "1900-01-01T00:00:00", "commitment.arrested_at"),
        ("commitment", "order_date", "1900-01-01", "commitment.order_date"),
    ],
)
def test_dates_out_of_range_are_422_under_the_field(
    staff_client: Client, section: str, field: str, value: Any, path: str
) -> None:
    payload = admission_payload(PrisonFactory().pk)
    payload[section][field] = value
    if field == "birth_year_estimated":
        payload["identity"]["date_of_birth"] = None

    assert path in _refused(staff_client, payload)


def test_a_relative_born_in_2100_is_422(staff_client: Client) -> None:
    payload = admission_payload(
        PrisonFactory().pk, family=[{"name": "Sara", "relationship": "spouse", "birth_year": 2100}]
    )

    assert _refused(staff_client, payload) == {"family.0.birth_year": ["The year of birth cannot be in the future."]}


@pytest.mark.parametrize(
    ("sentence", "path"),
    [
        # Both gave "AssertionError: unreachable" (a 500) before.
        ({"starts_on": "9999-01-01", "years": 200}, "sentence.starts_on"),
        ({"starts_on": "0001-01-02", "years": 1, "remand_credit_days": 100_000}, "sentence.starts_on"),
        ({"starts_on": "2025-01-01", "years": 1, "remand_credit_days": 30_000}, "sentence.remand_credit_days"),
        ({"starts_on": "2025-01-01", "imposed_on": "2100-01-01", "years": 1}, "sentence.imposed_on"),
    ],
)
def test_sentences_out_of_range_are_422_under_the_field(staff_client: Client, sentence: dict, path: str) -> None:
    payload = admission_payload(PrisonFactory().pk, sentence={"imposed_on": "2025-01-01", **sentence})
    payload["commitment"]["legal_status"] = "convicted"

    assert list(_refused(staff_client, payload)) == [path]
