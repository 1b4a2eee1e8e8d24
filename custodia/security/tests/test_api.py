"""Non-associations over /api/v1/non-associations: a person's records (list), recording one
(create) and closing one (close); there is no route for one record alone. Each route is scoped to
the prisons where the user works, refused to roles without the right, 404 for what the user may
not reach and 422 for bad input, naming the field of the request."""

import pytest
from django.utils import translation

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.placement.tests.factories import move
from custodia.register.tests.factories import admit
from custodia.security import services
from custodia.security.models import Level, NonAssociation

pytestmark = pytest.mark.django_db

URL = "/api/v1/non-associations/"


def close_url(record_id: int) -> str:
    return f"/api/v1/non-associations/{record_id}/close"


@pytest.fixture
def cell():
    return CellFactory()


@pytest.fixture
def prison(cell):
    return cell.unit.prison


@pytest.fixture
def officer(make_staff, prison):
    return make_staff("security", roles.SECURITY, prisons=[prison])


@pytest.fixture
def young(cell):
    return admit(cell=cell, given_names="Young")


@pytest.fixture
def recruiter(cell, young):
    # Admitted after young, so that young is the pair's first person (the lower id).
    return admit(cell=CellFactory(unit=cell.unit), given_names="Recruiter")


@pytest.fixture
def far():
    return admit(prison=PrisonFactory(), given_names="Far")


def record(officer, prisoner, other, **values) -> NonAssociation:
    return services.non_association_open(
        actor=officer,
        prisoner=prisoner,
        other=other,
        **{
            "level": "unit",
            "reason": "extremist_influence",
            "role": "vulnerable_to_recruitment",
            "other_role": "recruiter",
            "comment": "Passing propaganda in the yard; source graded B2",
            **values,
        },
    ).non_association


def body(prisoner, other, **values) -> dict:
    return {
        "prisoner_id": prisoner.pk,
        "other_number": other.number,
        "level": "cell",
        "reason": "violence",
        "role": "victim",
        "other_role": "aggressor",
        "comment": "Assault in the shower block",
        **values,
    }


def post(client, url: str, data: dict, **kwargs):
    return client.post(url, data, content_type="application/json", **kwargs)


# -- list -----------------------------------------------------------------------------------------


def test_list_open_records_first_from_either_side_and_the_read_is_recorded(
    client, sign_in, officer, young, recruiter, far
):
    closed = record(officer, young, far, level="prison")
    services.non_association_close(actor=officer, non_association=closed, reason="Court order lifted")
    current = record(officer, young, recruiter)
    sign_in(client, officer)

    for person, expected in ((young, [current.pk, closed.pk]), (recruiter, [current.pk])):
        response = client.get(URL, {"prisoner": person.pk})
        assert response.status_code == 200
        assert [item["id"] for item in response.json()] == expected

    first, second = client.get(URL, {"prisoner": young.pk}).json()
    assert first["is_open"] and first["closed_at"] is None and first["closed_by"] is None
    assert first["level"] == "unit" and first["reason"] == "extremist_influence"
    assert first["prisoner_a"] == {"id": young.pk, "number": young.number}  # admitted first, the lower id
    assert (first["role_a"], first["role_b"]) == ("vulnerable_to_recruitment", "recruiter")
    assert first["authorised_by"] == "security" and "warnings" not in first  # said on opening only
    assert "given_names" not in first["prisoner_b"]  # a number, no name: the other may be held elsewhere
    assert not second["is_open"] and second["closed_by"] == "security"
    assert second["close_reason"] == "Court order lifted"
    reads = AuditEvent.objects.filter(action="read", reason="non-associations", actor=officer)
    assert sorted(int(event.object_id) for event in reads) == sorted([young.pk, recruiter.pk, young.pk])


def test_list_is_scoped_to_the_prisons_where_the_user_works(client, make_staff, sign_in, officer, young, far):
    record(officer, young, far, level="prison")
    # At the far prison: the record is read from the far person's file, not from young's.
    sign_in(client, make_staff("wing-far", roles.WING, prisons=[far.current_prison]))
    assert len(client.get(URL, {"prisoner": far.pk}).json()) == 1
    assert client.get(URL, {"prisoner": young.pk}).status_code == 404
    # Headquarters read every prison's records.
    sign_in(client, make_staff("hq", roles.HQ_VEP, nationwide=True))
    assert len(client.get(URL, {"prisoner": young.pk}).json()) == 1


def test_a_former_prison_opens_the_file_but_no_longer_sees_the_records(
    client, make_staff, sign_in, officer, young, far
):
    record(officer, young, far, level="prison")
    move(young, prison=PrisonFactory(), kind="transfer")
    sign_in(client, officer)
    response = client.get(URL, {"prisoner": young.pk})
    assert response.status_code == 200 and response.json() == []


@pytest.mark.parametrize("role", [roles.HQ_STATISTICS, roles.TRAINER, roles.ADMINISTRATOR])
def test_list_is_refused_to_roles_without_the_right_to_see_them(client, make_staff, sign_in, young, role):
    sign_in(client, make_staff("someone", role, nationwide=True))
    assert client.get(URL, {"prisoner": young.pk}).status_code == 403


def test_list_needs_a_signed_in_user(client, young):
    assert client.get(URL, {"prisoner": young.pk}).status_code == 401


@pytest.mark.parametrize("query", [{}, {"prisoner": "abc"}, {"prisoner": 0}, {"prisoner": 2**63}])
def test_list_answers_422_for_a_bad_prisoner(client, sign_in, officer, query):
    sign_in(client, officer)
    response = client.get(URL, query)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"prisoner"}


def test_list_in_a_fixed_number_of_queries(client, sign_in, officer, cell, young, django_assert_max_num_queries):
    sign_in(client, officer)
    others = [admit(cell=CellFactory(unit=cell.unit), given_names=f"Other {i}") for i in range(6)]
    record(officer, young, others[0])
    # Sign-in, the route's right, the person, the audited read (its chain head) and the records.
    with django_assert_max_num_queries(15) as one:
        assert len(client.get(URL, {"prisoner": young.pk}).json()) == 1
    for other in others[1:]:
        record(officer, young, other)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(URL, {"prisoner": young.pk}).json()) == 6


# -- create ---------------------------------------------------------------------------------------


def test_create_answers_201_with_the_record_each_role_in_place_and_a_warning(
    client, sign_in, officer, young, recruiter
):
    sign_in(client, officer)
    # Recorded from the recruiter's file (the higher id): stored with young first.
    response = post(client, URL, body(recruiter, young, level="unit", role="recruiter", other_role="victim"))
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["prisoner_a"]["id"] == young.pk and created["prisoner_b"]["id"] == recruiter.pk
    assert (created["role_a"], created["role_b"]) == ("victim", "recruiter")
    assert created["is_open"] and created["authorised_by"] == "security"
    (warning,) = created["warnings"]
    assert "same unit now" in warning and young.number in warning and recruiter.number in warning
    stored = NonAssociation.objects.get(pk=created["id"])
    assert stored.comment == "Assault in the shower block" and stored.level == "unit"
    assert AuditEvent.objects.filter(action="non_association.open", object_id=str(stored.pk)).count() == 1


def test_create_with_a_person_held_in_another_prison(client, sign_in, officer, young, far):
    sign_in(client, officer)
    response = post(client, URL, body(young, far, level="prison"))
    assert response.status_code == 201 and response.json()["warnings"] == []


@pytest.mark.parametrize("role", [roles.WING, roles.RECEPTION, roles.CASE_MANAGER, roles.HQ_VEP])
def test_create_is_refused_to_roles_that_may_not_manage_them(
    client, make_staff, sign_in, prison, young, recruiter, role
):
    sign_in(client, make_staff("someone", role, prisons=[prison]))
    assert post(client, URL, body(young, recruiter)).status_code == 403
    assert not NonAssociation.objects.exists()


def test_create_needs_a_signed_in_user(client, young, recruiter):
    assert post(client, URL, body(young, recruiter)).status_code == 401


def test_create_from_a_file_held_elsewhere_is_not_found(client, make_staff, sign_in, prison, young, far):
    sign_in(client, make_staff("director", roles.DIRECTOR, prisons=[prison]))
    assert post(client, URL, body(far, young)).status_code == 404
    assert post(client, URL, body(young, far) | {"prisoner_id": 2**62}).status_code == 404
    assert not NonAssociation.objects.exists()


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"level": "wing"}, {"level"}),
        ({"reason": ""}, {"reason"}),
        ({"role": None, "other_role": "friend"}, {"role", "other_role"}),
        ({"comment": ""}, {"comment"}),
        ({"comment": "   "}, {"comment"}),  # the service's own check: blank is no description
        ({"other_number": ""}, {"other_number"}),
        ({"other_number": "NO-SUCH-NUMBER"}, {"other_number"}),
        ({"prisoner_id": 0}, {"prisoner_id"}),
        ({"prisoner_id": "abc"}, {"prisoner_id"}),
        ({"authorised_by": "someone else"}, {"authorised_by"}),  # unknown fields are refused
    ],
)
def test_create_answers_422_under_the_field_and_stores_nothing(
    client, sign_in, officer, young, recruiter, change, fields
):
    sign_in(client, officer)
    response = post(client, URL, body(young, recruiter, **change))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == fields
    assert not NonAssociation.objects.exists()


def test_create_answers_422_for_missing_fields(client, sign_in, officer):
    sign_in(client, officer)
    response = post(client, URL, {})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {
        "prisoner_id",
        "other_number",
        "level",
        "reason",
        "role",
        "other_role",
        "comment",
    }


def test_create_refuses_the_same_person_twice_and_a_second_open_record_for_a_pair(
    client, sign_in, officer, young, recruiter
):
    sign_in(client, officer)
    response = post(client, URL, body(young, young))
    assert response.status_code == 422 and "two different people" in response.json()["errors"]["other_number"][0]
    existing = record(officer, young, recruiter)
    # From the other side of the pair too, and in the user's language.
    response = post(client, URL, body(recruiter, young), headers={"accept-language": "fr"})
    assert response.status_code == 422
    (message,) = response.json()["errors"]["other_number"]
    assert young.number in message and recruiter.number in message
    with translation.override("fr"):
        assert str(Level.UNIT.label) in message
    assert list(NonAssociation.objects.all()) == [existing]


# -- close ----------------------------------------------------------------------------------------


def test_close_keeps_the_record_with_who_closed_it_and_why(client, sign_in, officer, young, recruiter):
    existing = record(officer, young, recruiter)
    sign_in(client, officer)
    response = post(client, close_url(existing.pk), {"reason": "  Recruiter released  "})
    assert response.status_code == 200
    closed = response.json()
    assert not closed["is_open"] and closed["closed_at"] and closed["closed_by"] == "security"
    assert closed["close_reason"] == "Recruiter released"
    existing.refresh_from_db()
    assert not existing.is_open and existing.close_reason == "Recruiter released"
    assert AuditEvent.objects.filter(action="non_association.close", object_id=str(existing.pk)).count() == 1
    # Closed once: a second close is bad input, and the first closing stays as it was.
    response = post(client, close_url(existing.pk), {"reason": "Again"})
    assert response.status_code == 422 and "already closed" in response.json()["errors"]["reason"][0]
    existing.refresh_from_db()
    assert existing.close_reason == "Recruiter released"


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({}, {"reason"}),
        ({"reason": ""}, {"reason"}),
        ({"reason": "   "}, {"reason"}),
        ({"reason": "x", "at": 1}, {"at"}),
    ],
)
def test_close_answers_422_under_the_field_and_closes_nothing(client, sign_in, officer, young, recruiter, data, fields):
    existing = record(officer, young, recruiter)
    sign_in(client, officer)
    response = post(client, close_url(existing.pk), data)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == fields
    existing.refresh_from_db()
    assert existing.is_open


def test_close_is_not_found_out_of_scope_or_unknown(client, make_staff, sign_in, officer, young, recruiter, far):
    existing = record(officer, young, recruiter)
    sign_in(client, make_staff("security-far", roles.SECURITY, prisons=[far.current_prison]))
    assert post(client, close_url(existing.pk), {"reason": "x"}).status_code == 404
    sign_in(client, officer)
    assert post(client, close_url(existing.pk + 1000), {"reason": "x"}).status_code == 404
    assert client.post(f"/api/v1/non-associations/{existing.pk}abc/close").status_code == 404  # no route
    assert post(client, close_url(2**63), {"reason": "x"}).status_code == 422
    existing.refresh_from_db()
    assert existing.is_open


@pytest.mark.parametrize("role", [roles.WING, roles.CASE_MANAGER, roles.HQ_VEP, roles.HQ_STATISTICS])
def test_close_is_refused_to_roles_that_may_not_manage_them(
    client, make_staff, sign_in, officer, prison, young, recruiter, role
):
    existing = record(officer, young, recruiter)
    sign_in(client, make_staff("someone", role, prisons=[prison]))
    assert post(client, close_url(existing.pk), {"reason": "x"}).status_code == 403
    existing.refresh_from_db()
    assert existing.is_open


def test_a_director_closes_a_record_of_a_person_held_in_the_prison(
    client, make_staff, sign_in, officer, prison, young, far
):
    existing = record(officer, young, far, level="prison")
    sign_in(client, make_staff("director", roles.DIRECTOR, prisons=[prison]))
    response = post(client, close_url(existing.pk), {"reason": "Reviewed with the intelligence unit"})
    assert response.status_code == 200 and response.json()["closed_by"] == "director"
