"""The placement page, the oversight page and the exception forms through the test client."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from custodia.accounts import roles
from custodia.estate.tests.factories import CellFactory, PrisonFactory, UnitFactory
from custodia.placement import rules, services
from custodia.placement.models import SeparationException

from .factories import move, person

pytestmark = pytest.mark.django_db


def signed_in(client, make_staff, sign_in, role, prison, username="user"):
    user = make_staff(username, role, prisons=[prison])
    sign_in(client, user)
    return user


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.WING, 200),
        (roles.RECEPTION, 200),
        (roles.CASE_MANAGER, 403),
        (roles.SECURITY, 403),
        (roles.DIRECTOR, 403),
    ],
)
def test_placement_page_per_role(client, make_staff, sign_in, prisoner, role, status):
    signed_in(client, make_staff, sign_in, role, prisoner.current_prison)
    assert client.get(reverse("placement:prisoner_placement", args=[prisoner.pk])).status_code == status


def test_only_where_the_person_is_held(client, make_staff, sign_in, prisoner):
    signed_in(client, make_staff, sign_in, roles.WING, PrisonFactory())
    assert client.get(reverse("placement:prisoner_placement", args=[prisoner.pk])).status_code == 404
    response = client.post(reverse("placement:prisoner_placement", args=[prisoner.pk]), {"cell": 1})
    assert response.status_code == 404


def test_page_shows_placement_fits_and_refusals(client, make_staff, sign_in, unit, prisoner):
    CellFactory(unit=unit, label="A2")
    other_unit = UnitFactory(prison=unit.prison, name="Block B")
    convicted_cell = CellFactory(unit=other_unit, label="B1")
    convicted = person(cell=convicted_cell)
    signed_in(client, make_staff, sign_in, roles.WING, unit.prison)
    html = client.get(reverse("placement:prisoner_placement", args=[prisoner.pk])).content.decode()
    assert "Block A / A1" in html.split('id="present-placement"')[1].split("</dd>")[0]
    assert "None approved yet" in html
    rows = html.split('id="cell-fits"')[1]
    assert rows.index("Block A / A2") < rows.index("Block B / B1")  # the refused one last
    refused_row = rows.split(f'data-cell="{convicted_cell.pk}"')[1].split("</tr>")[0]
    assert "Refused" in refused_row and "Rule 11(b)" in refused_row and convicted.number in refused_row


def test_choosing_a_fitting_cell_records_the_move(client, make_staff, sign_in, unit, prisoner):
    target = CellFactory(unit=unit, label="A2")
    signed_in(client, make_staff, sign_in, roles.WING, unit.prison)
    response = client.post(
        reverse("placement:prisoner_placement", args=[prisoner.pk]),
        {"cell": target.pk, "reason": "Cell repairs", "version": prisoner.version},
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "register:prisoner_detail", args=[prisoner.pk]
    )
    prisoner.refresh_from_db()
    assert prisoner.current_cell == target
    assert prisoner.movements.last().reason == "Cell repairs"


def test_refusal_is_explained_in_french_with_the_rule_cited(client, make_staff, sign_in, unit, prisoner):
    convicted_cell = CellFactory(unit=UnitFactory(prison=unit.prison, name="Block B"), label="B1")
    convicted = person(cell=convicted_cell)
    signed_in(client, make_staff, sign_in, roles.WING, unit.prison)
    url = f"/fr/prisoners/{prisoner.pk}/placement/"
    response = client.post(url, {"cell": convicted_cell.pk, "version": prisoner.version})
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("fr"):
        message = gettext("Refused under %(rule)s: %(unit)s holds %(others)s.") % {
            "rule": rules.rule_text("11b"),
            "unit": "Block B",
            "others": convicted.number,
        }
        page_heading = gettext("Placement")
    refusal = html.split('id="refusal"')[1].split("</div>")[0]
    assert message.replace("'", "&#x27;") in refusal and "11" in refusal
    assert 'lang="fr"' in html and page_heading in html
    prisoner.refresh_from_db()
    assert prisoner.current_cell.label == "A1"  # nothing moved


def test_a_stale_page_is_refused(client, make_staff, sign_in, unit, prisoner):
    target = CellFactory(unit=unit)
    signed_in(client, make_staff, sign_in, roles.WING, unit.prison)
    response = client.post(
        reverse("placement:prisoner_placement", args=[prisoner.pk]),
        {"cell": target.pk, "version": prisoner.version - 1},
    )
    assert response.status_code == 200 and 'id="refusal"' in response.content.decode()


def test_large_prison_in_a_fixed_number_of_queries(
    client, make_staff, sign_in, unit, prisoner, django_assert_max_num_queries
):
    signed_in(client, make_staff, sign_in, roles.WING, unit.prison)
    url = reverse("placement:prisoner_placement", args=[prisoner.pk])
    for i in range(5):
        person(cell=CellFactory(unit=unit), given_names=f"P{i}", legal_status="pre_trial")
    with django_assert_max_num_queries(23) as few:  # 3 of them log the read (Rule 9)
        assert client.get(url).status_code == 200
    for i in range(60):
        cell = CellFactory(unit=UnitFactory(prison=unit.prison) if i % 10 == 0 else unit)
        person(cell=cell, given_names=f"Q{i}", legal_status="pre_trial")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "Page 1 of 2" in html  # 50 cells a page


def test_file_page_links_to_the_placement_page(client, make_staff, sign_in, prisoner):
    url = reverse("placement:prisoner_placement", args=[prisoner.pk])
    signed_in(client, make_staff, sign_in, roles.WING, prisoner.current_prison, username="wing")
    assert url in client.get(reverse("register:prisoner_detail", args=[prisoner.pk])).content.decode()
    signed_in(client, make_staff, sign_in, roles.CASE_MANAGER, prisoner.current_prison, username="case")
    assert url not in client.get(reverse("register:prisoner_detail", args=[prisoner.pk])).content.decode()


# --- oversight and exceptions ------------------------------------------------------------------


def test_oversight_is_scoped_to_the_directors_prisons(client, make_staff, sign_in, unit, prisoner):
    director = make_staff("director", roles.DIRECTOR, prisons=[unit.prison])
    mine = services.separation_exception_grant(
        actor=director, prisoner=prisoner, rule="11b", unit=unit, reason="Awaiting the remand wing"
    )
    elsewhere_unit = UnitFactory()
    other_director = make_staff("other-director", roles.DIRECTOR, prisons=[elsewhere_unit.prison])
    theirs = services.separation_exception_grant(
        actor=other_director,
        prisoner=person(prison=elsewhere_unit.prison),
        rule="11a",
        unit=elsewhere_unit,
        reason="Elsewhere",
    )
    sign_in(client, director)
    html = client.get(reverse("placement:oversight")).content.decode()
    assert f'data-exception="{mine.pk}"' in html and f'data-exception="{theirs.pk}"' not in html
    assert "Awaiting the remand wing" in html
    hq = make_staff("hq", roles.HQ_VEP, nationwide=True)
    sign_in(client, hq)
    html = client.get(reverse("placement:oversight")).content.decode()
    assert f'data-exception="{mine.pk}"' in html and f'data-exception="{theirs.pk}"' in html
    assert 'action="/en/prisoners/separation/exceptions' not in html  # headquarters oversee, directors decide
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)
    sign_in(client, analyst)
    html = client.get(reverse("placement:oversight")).content.decode()
    # The analyst's oversight is aggregates: exceptions name people and give reasons, so they are withheld.
    assert prisoner.number not in html and "Awaiting the remand wing" not in html
    assert "withheld" in html.split('id="exceptions-in-force"')[1].split("</section>")[0]
    assert "withheld" in html.split('id="non-associations"')[1]  # non-associations need their own right


def test_granting_and_closing_are_offered_only_to_the_director_of_the_units_prison(
    client, make_staff, sign_in, unit, prisoner
):
    director = make_staff("director", roles.DIRECTOR, prisons=[unit.prison])
    exception = services.separation_exception_grant(
        actor=director, prisoner=prisoner, rule="11b", unit=unit, reason="Awaiting the remand wing"
    )
    close = reverse("placement:exception_close", args=[exception.pk])
    for user, offered in ((director, True), (make_staff("hq", roles.HQ_VEP, nationwide=True), False)):
        sign_in(client, user)
        html = client.get(reverse("placement:oversight")).content.decode()
        assert f'data-exception="{exception.pk}"' in html
        assert (close in html) is offered and (reverse("placement:exception_grant") in html) is offered


def test_director_grants_and_closes_from_the_pages(client, make_staff, sign_in, unit, prisoner):
    director = make_staff("director", roles.DIRECTOR, prisons=[unit.prison])
    sign_in(client, director)
    url = reverse("placement:exception_grant")
    response = client.post(url, {"prisoner_number": "NOPE", "rule": "11b", "unit": unit.pk, "reason": "R"})
    assert "No person in custody has this number." in response.content.decode()
    response = client.post(
        url, {"prisoner_number": prisoner.number, "rule": "11b", "unit": unit.pk, "reason": "Awaiting a place"}
    )
    assert response.status_code == 302
    exception = SeparationException.objects.get()
    close = reverse("placement:exception_close", args=[exception.pk])
    response = client.post(close, {"reason": ""}, follow=True)
    assert "Give the reason for closing the exception." in response.content.decode()
    client.post(close, {"reason": "Moved to the remand wing"})
    exception.refresh_from_db()
    assert exception.closed_at and exception.closed_by == director


def test_a_director_cannot_grant_for_a_unit_elsewhere(client, make_staff, sign_in, prisoner):
    director = make_staff("director", roles.DIRECTOR, prisons=[PrisonFactory()])
    sign_in(client, director)
    response = client.post(
        reverse("placement:exception_grant"),
        {"prisoner_number": prisoner.number, "rule": "11b", "unit": prisoner.current_cell.unit_id, "reason": "R"},
    )
    assert response.status_code == 200 and not SeparationException.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_oversight_lists_exceptions_past_their_end_with_the_person_still_there(client, make_staff, sign_in, unit):
    director = make_staff("director", roles.DIRECTOR, prisons=[unit.prison])
    young = person(prison=unit.prison, juvenile=True)
    exception = services.separation_exception_grant(
        actor=director,
        prisoner=young,
        rule="11d",
        unit=unit,
        reason="Until his trial",
        valid_until=timezone.localdate(),
    )
    person(cell=CellFactory(unit=unit))
    move(young, cell=CellFactory(unit=unit))
    sign_in(client, director)
    lapsed = client.get(reverse("placement:oversight")).content.decode().split('id="exceptions-lapsed"')[1]
    assert f'data-exception="{exception.pk}"' not in lapsed
    # Time passes: the end date is behind, the person still in the unit.
    SeparationException.objects.filter(pk=exception.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    html = client.get(reverse("placement:oversight")).content.decode()
    assert f'data-exception="{exception.pk}"' in html.split('id="exceptions-lapsed"')[1]
    assert f'data-exception="{exception.pk}"' not in html.split('id="exceptions-in-force"')[1].split("</section>")[0]


def test_oversight_lists_units_that_a_change_of_legal_status_left_mixed(client, make_staff, staff_user):
    """A conviction is not refused, but the unit it leaves mixed is shown until someone moves."""
    from django.utils import timezone as tz

    from custodia.estate.tests.factories import CellFactory
    from custodia.register import services as register_services
    from custodia.register.tests.factories import admit

    cell = CellFactory(capacity=4)
    first = admit(cell=cell, sex="male", legal_status="pre_trial", given_names="One")
    admit(cell=cell, sex="male", legal_status="pre_trial", given_names="Two")
    director = make_staff("director-mix", roles.DIRECTOR, prisons=[cell.unit.prison])
    client.force_login(director)
    url = reverse("placement:oversight") + f"?prison={cell.unit.prison.pk}"
    assert cell.unit.name not in client.get(url).content.decode().split('id="units-mixing"')[1].split("</section>")[0]
    register_services.legal_status_change(
        actor=staff_user, prisoner=first, status="convicted", effective_on=tz.localdate()
    )
    section = client.get(url).content.decode().split('id="units-mixing"')[1].split("</section>")[0]
    assert cell.unit.name in section and "Rule 11(b)" in section
