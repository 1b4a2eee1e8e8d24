"""The prisoner file pages through the Django test client, with bounds on queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.register import services
from custodia.register.choices import MovementKind
from custodia.register.models import Prisoner

from .factories import admit
from .wizard import admission_steps, formset, wizard_post

pytestmark = pytest.mark.django_db


def test_login_required(client):
    response = client.get(reverse("register:prisoner_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_queries_do_not_grow_with_rows(staff_client, staff_user, django_assert_max_num_queries):
    cell = CellFactory()
    for i in range(30):
        admit(
            actor=staff_user,
            cell=cell,
            given_names=f"Person{i}",
            offences=[services.OffenceData("09061", "Terrorism")] if i % 3 == 0 else [],
        )
    with django_assert_max_num_queries(14):
        response = staff_client.get(reverse("register:prisoner_list"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/en/prisoners/') >= 30


@pytest.mark.parametrize(("role", "offered"), [(roles.RECEPTION, True), (roles.WING, False)])
def test_admitting_is_offered_only_to_who_may_admit(client, make_staff, sign_in, role, offered):
    sign_in(client, make_staff("lister", role, prisons=[PrisonFactory()]))
    html = client.get(reverse("register:prisoner_list")).content.decode()
    assert (reverse("register:admit") in html) is offered


def test_list_filters_and_pagination(staff_client, staff_user):
    prison = PrisonFactory(name="Luzira Upper")
    for i in range(55):
        admit(actor=staff_user, prison=prison, given_names=f"Person{i:02d}", family_name="Mukasa")
    page1 = staff_client.get(reverse("register:prisoner_list"), {"prison": prison.pk, "q": "mukasa"}).content.decode()
    assert "55 persons found" in page1
    assert "Page 1 of 2" in page1
    page2 = staff_client.get(reverse("register:prisoner_list"), {"prison": prison.pk, "q": "mukasa", "page": 2})
    assert page2.content.decode().count("Mukasa</bdi></a>") == 5


def test_chosen_filters_stay_selected(staff_client, staff_user):
    admit(actor=staff_user, offences=[services.OffenceData("09061", "Terrorism")])
    html = staff_client.get(reverse("register:prisoner_list"), {"vep": "true", "sex": "female"}).content.decode()
    assert '<option value="true" selected>' in html
    assert '<option value="female" selected>' in html
    assert "1 person found" in html


HTMX_RESULTS = {"HX-Request": "true", "HX-Target": "prisoner-results"}


def test_htmx_filters_get_the_results_alone(staff_client, staff_user):
    """The filters' request (prisoner_list.html) gets the table, and the count out of band: not
    the page, whose form the officer may still be typing in."""
    cell = CellFactory()
    admit(actor=staff_user, cell=cell, given_names="Amina")
    admit(actor=staff_user, cell=cell, given_names="Grace")
    response = staff_client.get(reverse("register:prisoner_list"), {"q": "amina"}, headers=HTMX_RESULTS)
    html = response.content.decode()
    assert "<form" not in html and "<html" not in html
    assert "Amina Okello</bdi></a>" in html and "Grace" not in html
    assert '<span id="prisoner-count" hx-swap-oob="innerHTML">1 person found' in html
    assert {"HX-Request", "HX-Target"} <= {name.strip() for name in response["Vary"].split(",")}


def test_htmx_filter_errors_go_under_their_field(staff_client):
    too_many_words = " ".join(f"w{i}" for i in range(11))
    response = staff_client.get(reverse("register:prisoner_list"), {"q": too_many_words}, headers=HTMX_RESULTS)
    assert re.search(
        r'<span id="errors-q" hx-swap-oob="innerHTML"><span class="d-block">Search with at most 10 words.</span>',
        response.content.decode(),
    )


@pytest.mark.parametrize(
    "headers",
    [{}, {"HX-Request": "true"}, {"HX-Request": "true", "HX-History-Restore-Request": "true"}],
    ids=["no JavaScript", "htmx for another element", "htmx restoring history"],
)
def test_other_requests_get_the_whole_list_page(staff_client, headers):
    html = staff_client.get(reverse("register:prisoner_list"), {"q": "amina"}, headers=headers).content.decode()
    assert "<form" in html and 'id="prisoner-results"' in html


def test_bad_filter_is_explained(staff_client):
    response = staff_client.get(reverse("register:prisoner_list"), {"prison": "999999"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_file_page_shows_everything_in_bounded_queries(staff_client, staff_user, django_assert_max_num_queries):
    prisoner = admit(
        actor=staff_user,
        cell=CellFactory(),
        offences=[services.OffenceData("09061", "Participation in a terrorist group")],
        case=services.CaseData(
            "High Court, Kampala", "HCT-00-CR-0042", "Adv. Namara", next_hearing=timezone.localdate()
        ),
        property_items=[services.PropertyData("Wristwatch")],
        family=[services.FamilyData("Sarah", "child", 2018, "Gulu", "her aunt", is_next_of_kin=False)],
        commitment={"ill_treatment_complaint": "Beaten at the police station"},
    )
    for _ in range(5):
        services.movement_record(
            actor=staff_user,
            prisoner=prisoner,
            data=services.MovementData(kind=MovementKind.COURT_PRODUCTION, occurred_at=timezone.now()),
        )
        services.movement_record(
            actor=staff_user,
            prisoner=prisoner,
            data=services.MovementData(kind=MovementKind.RETURN, occurred_at=timezone.now()),
        )
    # 31: the read of the file is logged (lock the audit chain head, insert the event, move the
    # head on), the history and readers lists take one query each (Mandela Rules 6 and 9), and
    # the assessment section five (its list; for the due dates the person, the last final
    # assessments, those under way and the events that call for reassessment).
    # + 7 (classification section): its decisions and their review date changes; for the proposal
    # computed today the final assessments, their ratings, the events and the sentences, and (no
    # final assessment yet: the interim placement rule) the offences.
    # + 1 (history): the names of the prisons its changes name, one query for them all.
    # + 1 (identity): the person's photographs, without their images (each <img> asks for its own).
    # + 1 (moves requested): the person's planned moves with their places, for the section, the
    # summary and the history.
    # + 4 (rehabilitation): the sentence plan, the person's programme participations and those
    # that ended (for the timeline), and the release plan; each one query, whatever their number.
    # + 1 (restrictive measures): the person's measures with their last review (and, when there
    # are any held apart, their health-care visits in one more query).
    # + 2 (alerts): the person's alerts, and for a reader who may set them the proposals from
    # urgent assessment ratings.
    # + 1 (incident reports): the person's involvements.
    # + 1 (intelligence): the reports about the person that the reader's right and their handling
    # codes let them read.
    # + 1 (contacts): the person's contacts (and, when there are any, their restrictions in one
    # more query).
    # + 1 (requests and complaints): the person's complaints the reader may see.
    # + 5 (visits): the month's entitlement (the level in force, the children on the file, the
    # month's bookings), the coming and last bookings and their visitors.
    # + 1 (possible duplicates): the files merged into this one, for their numbers and their history.
    with django_assert_max_num_queries(31 + 7 + 1 + 1 + 1 + 4 + 1 + 2 + 1 + 1 + 1 + 1 + 5 + 1):
        response = staff_client.get(reverse("register:prisoner_detail", args=[prisoner.pk]))
    html = response.content.decode()
    for text in (
        "Participation in a terrorist group",
        "HCT-00-CR-0042",
        "Wristwatch",
        "her aunt",
        "Beaten at the police station",
        "Record the action taken",
        "Production at court",
        prisoner.number,
    ):
        assert text in html, text


def test_unknown_prisoner_is_404(staff_client):
    assert staff_client.get(reverse("register:prisoner_detail", args=[424242])).status_code == 404


def test_arabic_page_is_right_to_left(staff_client, staff_user):
    prisoner = admit(actor=staff_user)
    html = staff_client.get(f"/ar/prisoners/{prisoner.pk}/").content.decode()
    assert 'dir="rtl"' in html and "bootstrap.rtl.min.css" in html


def test_admission_wizard_end_to_end(staff_client):
    cell = CellFactory()
    for step, data in admission_steps(cell.unit.prison):
        response = wizard_post(staff_client, step, data)
        assert response.status_code == 200, step
        assert not re.search(r'class="invalid-feedback', response.content.decode()), (step, response.content[:2000])
    response = wizard_post(staff_client, "placement", {"cell": cell.pk})
    assert current_step(response) == "confirm"
    assert not Prisoner.objects.exists()  # nothing saved before the last step
    response = wizard_post(staff_client, "confirm", {})
    assert response.status_code == 302
    prisoner = Prisoner.objects.get()
    assert prisoner.display_name == "Grace Atim" and prisoner.current_cell == cell
    assert prisoner.names.count() == 2 and prisoner.family.get().custodian == "grandmother"
    assert prisoner.offences.get().iccs_code == "0401"


def test_admission_wizard_explains_bad_input_per_field(staff_client):
    response = wizard_post(staff_client, "identity", {"given_names": "", "sex": "female", "nationality": "UG"})
    html = response.content.decode()
    assert "This field is required." in html
    assert "estimated year of birth" in html
    french = staff_client.post(
        reverse("register:admit").replace("/en/", "/fr/"),
        {
            "admission_wizard-current_step": "identity",
            "identity-given_names": "",
            "identity-sex": "female",
            "identity-nationality": "UG",
        },
    )
    assert "Ce champ est obligatoire." in french.content.decode()


def test_movement_form_records_and_refuses(staff_client, staff_user):
    prisoner = admit(actor=staff_user)
    url = reverse("register:movement_create", args=[prisoner.pk])
    refused = staff_client.post(
        url, {"kind": "release", "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    )
    assert "Give the reason for release." in refused.content.decode()
    done = staff_client.post(
        url,
        {
            "kind": "court_production",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "reason": "High Court",
        },
    )
    assert done.status_code == 302
    prisoner.refresh_from_db()
    assert prisoner.custody_status == "at_court"


def test_ill_treatment_action_page(staff_client, staff_user):
    prisoner = admit(actor=staff_user, commitment={"ill_treatment_complaint": "Beaten"})
    admission = prisoner.admissions.get()
    assert "Beaten" in staff_client.get(reverse("register:flags")).content.decode()
    url = reverse("register:ill_treatment_action", args=[prisoner.pk, admission.pk])
    assert staff_client.post(url, {"action": "Seen by the doctor"}).status_code == 302
    assert "No complaint awaits action." in staff_client.get(reverse("register:flags")).content.decode()


def test_stale_form_is_refused_with_the_reason(staff_client, staff_user):
    prisoner = admit(actor=staff_user)
    url = reverse("register:legal_status_create", args=[prisoner.pk])
    form = staff_client.get(url).content.decode()
    assert f'name="version" value="{prisoner.version}"' in form
    services.movement_record(
        actor=staff_user,
        prisoner=prisoner,
        data=services.MovementData(kind=MovementKind.COURT_PRODUCTION, occurred_at=timezone.now()),
    )
    response = staff_client.post(
        url, {"status": "convicted", "effective_on": timezone.localdate().isoformat(), "version": prisoner.version}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Since you opened this record" in html
    assert "Movement: production at court" in html  # the action by its name, not its code
    prisoner.refresh_from_db()
    assert prisoner.legal_status == "pre_trial"


# --- Pen-test findings 6, 11 and 12 ----------------------------------------------------------


def current_step(response) -> str:
    return re.search(r'name="admission_wizard-current_step" value="(\w+)"', response.content.decode()).group(1)


def test_search_of_a_thousand_words_is_a_form_error_not_a_500(staff_client, staff_user):
    """SQLite refused the query: "Expression tree is too large"."""
    admit(actor=staff_user, given_names="Amina")
    url = reverse("register:prisoner_list")

    too_long = staff_client.get(url, {"q": " ".join(["a"] * 1000)})
    assert too_long.status_code == 200
    assert "Ensure this value has at most 200 characters" in too_long.content.decode()
    too_many = staff_client.get(url, {"q": " ".join(f"w{i}" for i in range(11))})
    assert too_many.status_code == 200
    assert "Search with at most 10 words." in too_many.content.decode()
    french = staff_client.get(url.replace("/en/", "/fr/"), {"q": "a" * 201})
    assert "au plus 200 caractères" in french.content.decode()
    assert "1 person found" in staff_client.get(url, {"q": " ".join(["amina"] * 10)}).content.decode()


@pytest.mark.parametrize(
    ("identity", "message"),
    [
        ({"date_of_birth": "2999-01-01"}, "The date of birth cannot be in the future."),
        ({"date_of_birth": "0001-01-01"}, "This date of birth makes the person older than 110 years"),
        ({"birth_year_estimated": "2100"}, "The year of birth cannot be in the future."),
        ({"date_of_birth": (timezone.localdate() - timedelta(days=365 * 5)).isoformat()}, "No one under 12 years"),
    ],
)
def test_wizard_refuses_an_implausible_birth_on_step_one(staff_client, identity, message):
    data = {"given_names": "Grace", "sex": "female", "nationality": "UG", "script": "Latn", **identity}
    response = wizard_post(staff_client, "identity", data)
    assert current_step(response) == "identity"
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("step", "change", "message"),
    [
        ("commitment", {"admitted_at": "0001-01-01T00:00"}, "when this service&#x27;s records begin"),
        ("commitment", {"order_date": "1949-12-31"}, "when this service&#x27;s records begin"),
        ("commitment", {"arrested_at": "2999-01-01T00:00"}, "The date cannot be in the future."),
        ("legal", {"next_hearing": "2100-01-01"}, "The date cannot be more than 5 years ahead."),
        # "AssertionError: unreachable" in rules.add_months before.
        (
            "legal",
            {"sentence_imposed_on": "2025-01-01", "sentence_starts_on": "9999-01-01", "years": "99"},
            "The date cannot be more than 5 years ahead.",
        ),
        (
            "legal",
            {"sentence_imposed_on": "2025-01-01", "sentence_starts_on": "0001-01-02", "remand_credit_days": "100000"},
            "when this service&#x27;s records begin",
        ),
        (
            "legal",
            {
                "sentence_imposed_on": "2025-01-01",
                "sentence_starts_on": "2025-01-01",
                "years": "1",
                "remand_credit_days": "30000",
            },
            "would begin before 1 January 1950",
        ),
    ],
)
def test_wizard_refuses_implausible_dates_on_their_step(staff_client, step, change, message):
    for name, data in admission_steps(PrisonFactory()):
        if name == step:
            response = wizard_post(staff_client, step, {**data, **change})
            break
        wizard_post(staff_client, name, data)
    assert current_step(response) == step
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("step", "change", "shown_on"),
    [
        ("identity", {"given_names": "Grace\u202e"}, "identity"),
        ("names", formset("names", [{"kind": "alias", "given_names": "Ake\u200bllo", "script": "Latn"}]), "names"),
        (
            "family",
            formset(
                "family",
                [
                    {"name": "Peter", "relationship": "spouse"},
                    {"name": "Ruth", "relationship": "spouse", "custodian": "\ufeffAunt"},
                ],
            ),
            "family",
        ),
    ],
)
def test_wizard_shows_a_hidden_character_on_its_field(staff_client, step, change, shown_on):
    """The step refuses the name as the service would, with the message on the field (on its row)."""
    cell = CellFactory()
    for name, data in admission_steps(cell.unit.prison):
        response = wizard_post(staff_client, name, {**data, **change} if name == step else data)
        if name == step:
            break
    assert response.status_code == 200
    assert current_step(response) == shown_on
    html = response.content.decode()
    assert "Remove the hidden or control characters from this name: U+" in html
    assert 'class="alert alert-danger"' not in html  # on the field, not on top of the page
    assert not Prisoner.objects.exists()


def test_movement_and_legal_status_dates_before_the_records_are_refused(staff_client, staff_user):
    prisoner = admit(actor=staff_user)
    movement = staff_client.post(
        reverse("register:movement_create", args=[prisoner.pk]),
        {"kind": "court_production", "occurred_at": "0001-01-01T00:00", "version": prisoner.version},
    )
    assert movement.status_code == 200
    assert "when this service&#x27;s records begin" in movement.content.decode()
    legal = staff_client.post(
        reverse("register:legal_status_create", args=[prisoner.pk]),
        {"status": "convicted", "effective_on": "1900-01-01", "version": prisoner.version},
    )
    assert legal.status_code == 200
    assert "when this service&#x27;s records begin" in legal.content.decode()
    prisoner.refresh_from_db()
    assert (prisoner.legal_status, prisoner.custody_status) == ("pre_trial", "in_custody")
