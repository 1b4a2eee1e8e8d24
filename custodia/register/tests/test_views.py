"""The prisoner file pages through the Django test client, with bounds on queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.register import services
from custodia.register.choices import MovementKind
from custodia.register.models import Prisoner

from .factories import CellFactory, PrisonFactory, admit

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


def test_list_filters_and_pagination(staff_client, staff_user):
    prison = PrisonFactory(name="Luzira Upper")
    for i in range(55):
        admit(actor=staff_user, prison=prison, given_names=f"Person{i:02d}", family_name="Mukasa")
    page1 = staff_client.get(reverse("register:prisoner_list"), {"prison": prison.pk, "q": "mukasa"}).content.decode()
    assert "55 persons found" in page1
    assert "Page 1 of 2" in page1
    page2 = staff_client.get(reverse("register:prisoner_list"), {"prison": prison.pk, "q": "mukasa", "page": 2})
    assert page2.content.decode().count("Mukasa</a>") == 5


def test_chosen_filters_stay_selected(staff_client, staff_user):
    admit(actor=staff_user, offences=[services.OffenceData("09061", "Terrorism")])
    html = staff_client.get(reverse("register:prisoner_list"), {"vep": "true", "sex": "female"}).content.decode()
    assert '<option value="true" selected>' in html
    assert '<option value="female" selected>' in html
    assert "1 person found" in html


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
    # + 6 (classification section): its decisions and their review date changes; for the proposal
    # computed today the final assessments, their ratings, the events and the sentences.
    with django_assert_max_num_queries(31 + 6):
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


def wizard_post(client, step: str, data: dict):
    payload = {"admission_wizard-current_step": step}
    payload.update({f"{step}-{key}": value for key, value in data.items()})
    return client.post(reverse("register:admit"), payload)


def formset(step: str, rows: list[dict] | None = None) -> dict:
    rows = rows or []
    data = {"TOTAL_FORMS": str(max(len(rows), 1)), "INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{i}-{key}": value for key, value in row.items()})
    return data


def test_admission_wizard_end_to_end(staff_client):
    cell = CellFactory()
    prison = cell.unit.prison
    now = timezone.localtime() - timedelta(hours=2)
    steps = [
        (
            "identity",
            {
                "given_names": "Grace",
                "family_name": "Atim",
                "script": "Latn",
                "sex": "female",
                "date_of_birth": "1995-04-02",
                "nationality": "UG",
                "languages": "Acholi, English",
            },
        ),
        ("names", formset("names", [{"kind": "alias", "given_names": "Akello", "family_name": "", "script": "Latn"}])),
        (
            "commitment",
            {
                "prison": prison.pk,
                "admitted_at": now.strftime("%Y-%m-%dT%H:%M"),
                "legal_status": "pre_trial",
                "authority": "Chief Magistrate, Gulu",
                "reference": "GU-12/26",
                "order_date": now.strftime("%Y-%m-%d"),
                "reasons": "Remanded",
            },
        ),
        ("legal", {"court": "High Court, Gulu", "case_number": "HC-12"}),
        (
            "offences",
            formset(
                "offences",
                [{"iccs_code": "0401", "national_wording": "Robbery, s.285 Penal Code", "status": "charged"}],
            ),
        ),
        ("health", {"visible_injuries": "", "ill_treatment_complaint": ""}),
        ("property", formset("property", [{"description": "Bag", "quantity": "1"}])),
        (
            "family",
            formset(
                "family",
                [
                    {
                        "name": "Peter",
                        "relationship": "child",
                        "birth_year": "2020",
                        "whereabouts": "Gulu, with his grandmother",
                        "custodian": "grandmother",
                    }
                ],
            ),
        ),
    ]
    for step, data in steps:
        response = wizard_post(staff_client, step, data)
        assert response.status_code == 200, step
        assert not re.search(r'class="invalid-feedback', response.content.decode()), (step, response.content[:2000])
    assert not Prisoner.objects.exists()  # nothing saved before the last step
    response = wizard_post(staff_client, "placement", {"cell": cell.pk})
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
    prisoner.refresh_from_db()
    assert prisoner.legal_status == "pre_trial"
