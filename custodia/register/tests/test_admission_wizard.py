"""The admission wizard loses nothing typed (issue 11): each check on the step that holds its
data, a refusal at Confirm brought back to its step with every step kept, cells offered with
the placement check's verdict, the draft resumed within the session, cancelling asked first,
files that may be of the same person shown before Confirm, everything shown before it is
recorded, and an error summary on top of a refused step."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.register import services
from custodia.register.choices import CustodyStatus, LegalStatus, MovementKind, ReleaseReason, Sex
from custodia.register.models import Prisoner

from .factories import admit
from .test_views import admission_steps, current_step, formset, wizard_post

pytestmark = pytest.mark.django_db

ADMIT = reverse("register:admit")


def steps_until(client, prison, last: str, changes: dict | None = None):
    """Posts the steps of admission_steps up to `last` (included), with `changes` to the step they
    name ({step: {field: value}}); the answer to the last post."""
    changes = changes or {}
    for name, data in admission_steps(prison):
        response = wizard_post(client, name, {**data, **changes.get(name, {})})
        if name == last:
            return response
    raise AssertionError(f"no step {last}")


def step_heading(response) -> str:
    return re.search(r'<h2 class="h5" id="step-heading">([^<]*)</h2>', response.content.decode()).group(1)


def stored_value(client, step: str, field: str) -> str | None:
    """What the draft in the session holds for a field of a step."""
    values = client.session["wizard_admission_wizard"]["step_data"].get(step, {}).get(f"{step}-{field}")
    return values[0] if values else None


# --- Every check that can run on a step runs on that step ------------------------------------


def test_future_birth_date_is_refused_on_step_one(staff_client):
    data = dict(admission_steps(PrisonFactory()))["identity"]
    response = wizard_post(staff_client, "identity", {**data, "date_of_birth": "2999-01-01"})
    assert current_step(response) == "identity"
    assert step_heading(response) == "Step 1 of 10: Identity"
    assert "The date of birth cannot be in the future." in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {
                "admitted_at": (timezone.localtime() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
                "order_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
            },
            "order_date",
            "The commitment order must be dated on or before the admission.",
        ),
        (
            {"arrested_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")},
            "arrested_at",
            "The arrest must come before the admission.",
        ),
        (
            {"admitted_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
            "admitted_at",
            "The admission cannot be in the future.",
        ),
    ],
)
def test_dates_out_of_order_are_refused_on_the_commitment_step(staff_client, change, field, message):
    response = steps_until(staff_client, PrisonFactory(), "commitment", {"commitment": change})
    assert current_step(response) == "commitment"
    assert step_heading(response) == "Step 3 of 10: Commitment and arrest"
    html = response.content.decode()
    assert message in html
    # On the field, and in the summary on top with a link to it.
    assert f'href="#id_commitment-{field}"' in html and "data-error-summary" in html


def test_the_minimum_age_on_the_day_of_admission_uses_the_birth_of_step_one(staff_client):
    """Twelve today, but eleven on the day of admission a week ago: said on the admission's date."""
    today = timezone.localdate()
    born = date(today.year - 12, today.month, today.day) if (today.month, today.day) != (2, 29) else today
    admitted = timezone.localtime() - timedelta(days=7)
    response = steps_until(
        staff_client,
        PrisonFactory(),
        "commitment",
        {
            "identity": {"date_of_birth": born.isoformat()},
            "commitment": {
                "admitted_at": admitted.strftime("%Y-%m-%dT%H:%M"),
                "order_date": admitted.date().isoformat(),
            },
        },
    )
    assert current_step(response) == "commitment"
    assert "No one under 12 years of age can be admitted into custody." in response.content.decode()


def test_a_sentence_for_a_person_not_convicted_is_refused_on_the_legal_step(staff_client):
    sentence = {"sentence_imposed_on": "2025-01-01", "sentence_starts_on": "2025-01-01", "years": "2"}
    response = steps_until(staff_client, PrisonFactory(), "legal", {"legal": sentence})
    assert current_step(response) == "legal"
    assert "A sentence can only be recorded for a convicted person." in response.content.decode()


def test_a_relative_born_in_the_future_is_refused_on_the_family_step(staff_client):
    family = formset("family", [{"name": "Peter", "relationship": "spouse", "birth_year": "2999"}])
    response = steps_until(staff_client, PrisonFactory(), "family", {"family": family})
    assert current_step(response) == "family"
    assert "The year of birth cannot be in the future." in response.content.decode()


# --- A refusal at Confirm keeps everything and lands on its step and field --------------------


def convicted_in(cell):
    return admit(cell=cell, given_names="Sarah", family_name="Convicted", legal_status=LegalStatus.CONVICTED)


def test_a_refusal_at_confirm_keeps_every_step_and_lands_on_the_cell(staff_client):
    first = CellFactory()
    same_unit, other_unit = CellFactory(unit=first.unit), CellFactory(unit__prison=first.unit.prison)
    steps_until(staff_client, first.unit.prison, "family")
    assert current_step(wizard_post(staff_client, "placement", {"cell": first.pk})) == "confirm"
    convicted_in(same_unit)  # meanwhile, someone convicted is placed in the unit

    response = wizard_post(staff_client, "confirm", {})
    assert response.status_code == 200
    assert current_step(response) == "placement"
    assert step_heading(response) == "Step 9 of 10: Placement"
    html = response.content.decode()
    assert "Refused under Nelson Mandela Rule 11(b)" in html
    assert 'value="family"' in html and ">Back<" in html and ">Next<" in html
    assert Prisoner.objects.count() == 1
    # Every step is still there, and the cell is now offered disabled, with the reason.
    assert stored_value(staff_client, "offences", "0-national_wording") == "Robbery, s.285 Penal Code"
    assert stored_value(staff_client, "family", "0-custodian") == "grandmother"
    assert re.search(rf'value="{first.pk}" disabled', html)

    assert current_step(wizard_post(staff_client, "placement", {"cell": other_unit.pk})) == "confirm"
    assert wizard_post(staff_client, "confirm", {}).status_code == 302
    admitted = Prisoner.objects.get(display_name="Grace Atim")
    assert admitted.current_cell == other_unit
    assert admitted.offences.get().national_wording == "Robbery, s.285 Penal Code"
    assert admitted.family.get().custodian == "grandmother"
    assert admitted.admissions.get().property_items.get().description == "Bag"


@pytest.mark.parametrize(
    ("refusal", "step", "shown"),
    [
        (
            ValidationError({"family.0.name": "Refused on the first relative."}),
            "family",
            "Refused on the first relative.",
        ),
        (ValidationError({"names.1.family_name": "Refused on the alias."}), "names", "Refused on the alias."),
        (ValidationError({"reference": "Refused on the reference."}), "commitment", "Refused on the reference."),
        (ValidationError("Refused for no field."), "confirm", "Refused for no field."),
        (PermissionDenied("You can only admit people into a prison where you work."), "commitment", "where you work"),
    ],
)
def test_a_refusal_at_confirm_is_said_on_the_step_and_field_it_names(staff_client, monkeypatch, refusal, step, shown):
    def refuse(**kwargs):
        raise refusal

    monkeypatch.setattr(services, "prisoner_admit", refuse)
    steps_until(staff_client, PrisonFactory(), "family")
    wizard_post(staff_client, "placement", {"cell": ""})
    response = wizard_post(staff_client, "confirm", {})
    assert current_step(response) == step
    html = response.content.decode()
    assert shown in html and "data-error-summary" in html
    # The draft is kept: the step after it is still filled in.
    assert stored_value(staff_client, "property", "0-description") == "Bag"


# --- The cell list: the placement check's verdict for what is known so far ---------------------


def test_cells_are_offered_with_the_placement_checks_verdict(staff_client, django_assert_max_num_queries):
    refused = CellFactory(label="A1")
    convicted_in(CellFactory(unit=refused.unit))
    fitting = CellFactory(unit__prison=refused.unit.prison, label="B1")
    for _ in range(5):  # more cells and people cost no more queries
        admit(cell=CellFactory(unit__prison=refused.unit.prison), given_names="Ruth")
    steps_until(staff_client, refused.unit.prison, "property")
    family = dict(admission_steps(refused.unit.prison))["family"]
    with django_assert_max_num_queries(20):
        response = wizard_post(staff_client, "family", family)
    assert current_step(response) == "placement"
    html = response.content.decode()
    assert re.search(rf'value="{refused.pk}" disabled', html)
    assert "Refused under Nelson Mandela Rule 11(b)" in html
    assert re.search(rf'value="{fitting.pk}"(?! disabled)', html)

    # A refused cell sent anyway is refused on the field, with the reason.
    response = wizard_post(staff_client, "placement", {"cell": refused.pk})
    assert current_step(response) == "placement"
    assert 'href="#id_placement-cell"' in response.content.decode()
    assert "Rule 11(b)" in response.content.decode().split('id="admission-form"')[0]


def test_a_man_is_refused_a_cell_in_a_unit_of_women(staff_client):
    cell = CellFactory()
    admit(cell=CellFactory(unit=cell.unit), sex=Sex.FEMALE)
    identity = {"sex": Sex.MALE, "given_names": "John"}
    html = steps_until(staff_client, cell.unit.prison, "family", {"identity": identity}).content.decode()
    assert re.search(rf'value="{cell.pk}" disabled', html)
    assert "Rule 11(a)" in html


# --- Step names, resuming, cancelling --------------------------------------------------------


def test_step_names_open_filled_steps_and_keep_what_was_typed(staff_client):
    response = steps_until(staff_client, PrisonFactory(), "names")
    html = response.content.decode()
    assert 'name="wizard_goto_step" value="identity"' in html  # a filled step, by its name
    assert 'name="wizard_goto_step" value="legal"' not in html  # not reached yet
    # Half-typed commitment, then back to the identity by its name: nothing typed is lost.
    payload = {
        "admission_wizard-current_step": "commitment",
        "commitment-reference": "GU-99/26",
        "wizard_goto_step": "identity",
    }
    response = staff_client.post(ADMIT, payload)
    assert current_step(response) == "identity"
    assert 'value="Grace"' in response.content.decode()
    identity = {f"identity-{key}": value for key, value in dict(admission_steps(PrisonFactory()))["identity"].items()}
    back = staff_client.post(
        ADMIT, {"admission_wizard-current_step": "identity", "wizard_goto_step": "commitment", **identity}
    )
    assert 'value="GU-99/26"' in back.content.decode()


def test_coming_back_resumes_the_draft_and_start_again_discards_it(staff_client):
    steps_until(staff_client, PrisonFactory(), "names")
    response = staff_client.get(ADMIT)
    assert current_step(response) == "commitment"
    html = response.content.decode()
    assert 'id="admission-resumed"' in html and reverse("register:admit_cancel") in html
    assert stored_value(staff_client, "identity", "given_names") == "Grace"

    response = staff_client.post(reverse("register:admit_cancel"), {"then": "restart"})
    assert response["Location"] == ADMIT
    fresh = staff_client.get(ADMIT)
    assert current_step(fresh) == "identity" and 'id="admission-resumed"' not in fresh.content.decode()
    assert 'value="Grace"' not in fresh.content.decode()


def test_cancel_asks_first_and_keeps_the_step_until_confirmed(staff_client):
    steps_until(staff_client, PrisonFactory(), "identity")
    names = {f"names-{key}": value for key, value in formset("names", [{"given_names": "Akello"}]).items()}
    response = staff_client.post(ADMIT, {"admission_wizard-current_step": "names", "admission_cancel": "1", **names})
    assert response["Location"] == reverse("register:admit_cancel")
    page = staff_client.get(response["Location"]).content.decode()
    assert "Cancel the admission?" in page and 'value="leave"' in page and reverse("register:admit") in page
    # Going back instead: the draft is there, with what was typed on the step left.
    assert stored_value(staff_client, "names", "0-given_names") == "Akello"
    assert current_step(staff_client.get(ADMIT)) == "names"

    response = staff_client.post(reverse("register:admit_cancel"), {"then": "leave"})
    assert response["Location"] == reverse("register:prisoner_list")
    assert stored_value(staff_client, "identity", "given_names") is None
    assert current_step(staff_client.get(ADMIT)) == "identity"


# --- The final check shows everything --------------------------------------------------------


def test_the_final_check_shows_everything_that_will_be_recorded(staff_client, django_assert_max_num_queries):
    cell = CellFactory(label="B4")
    steps_until(
        staff_client,
        cell.unit.prison,
        "family",
        {"health": {"visible_injuries": "Bruise on the left arm", "ill_treatment_complaint": "Beaten at arrest"}},
    )
    with django_assert_max_num_queries(20):
        response = wizard_post(staff_client, "placement", {"cell": cell.pk})
    assert current_step(response) == "confirm"
    html = response.content.decode()
    for shown in (
        "Grace",  # names
        "Atim",
        "Akello",  # another name
        "Acholi, English",  # identity
        "Uganda",
        "GU-12/26",  # commitment
        cell.unit.prison.name,
        "Pre-trial",
        "Chief Magistrate, Gulu",
        "High Court, Gulu",  # court case
        "HC-12",
        "Robbery, s.285 Penal Code",  # offences
        "Bruise on the left arm",  # condition on arrival
        "Beaten at arrest",
        "Bag",  # property
        "Gulu, with his grandmother",  # family
        "grandmother",
        f"{cell.unit.name} / B4",  # placement
    ):
        assert shown in html, shown
    for step in ("identity", "names", "commitment", "legal", "offences", "health", "property", "family", "placement"):
        assert f'id="summary-{step}"' in html and f'name="wizard_goto_step" value="{step}"' in html


# --- Possible duplicates ---------------------------------------------------------------------


def kato():
    return admit(
        given_names="Mohammed",
        family_name="Kato",
        date_of_birth=date(1990, 5, 1),
        nationality="UG",
        sex=Sex.MALE,
        admitted_at=timezone.now() - timedelta(days=30),
    )


KATO = {"given_names": "Mohammed", "family_name": "Kato", "sex": "male", "date_of_birth": "1990-05-01"}


def released(prisoner):
    services.movement_record(
        actor=None,
        prisoner=prisoner,
        data=services.MovementData(
            kind=MovementKind.RELEASE,
            occurred_at=timezone.now() - timedelta(hours=3),
            release_reason=ReleaseReason.BAIL,
        ),
    )
    prisoner.refresh_from_db()
    return prisoner


def test_a_person_on_file_in_custody_cannot_be_readmitted_and_a_new_file_needs_a_reason(staff_client):
    held = kato()
    other_spelling = admit(
        given_names="Muhammad", family_name="Katto", date_of_birth=date(1990, 5, 1), nationality="UG", sex=Sex.MALE
    )
    admit(given_names="Muhammad", family_name="Katto", date_of_birth=date(1990, 5, 1), nationality="UG")  # a woman
    cell = CellFactory()
    response = steps_until(staff_client, cell.unit.prison, "identity", {"identity": KATO})
    assert current_step(response) == "duplicates"
    assert step_heading(response) == "Step 2 of 11: Already on file?"
    html = response.content.decode()
    assert held.number in html and other_spelling.number in html  # by name, and by birth and nationality
    assert html.count("<tr data-prisoner=") == 2  # the woman of the same name and birth is not proposed
    assert 'class="duplicate-score"' in html and "Names: Alike" in html
    assert re.search(rf'value="{held.pk}" disabled', html)
    assert "Only a released person can be readmitted" in html

    refused = wizard_post(staff_client, "duplicates", {"match": "none"})
    assert current_step(refused) == "duplicates" and "Say why this is not the same person." in refused.content.decode()
    reason = "The person on file has another father and was born in Gulu."
    assert (
        current_step(wizard_post(staff_client, "duplicates", {"match": "none", "not_same_reason": reason})) == "names"
    )
    for name, data in admission_steps(cell.unit.prison)[1:]:
        wizard_post(staff_client, name, data)
    confirm = wizard_post(staff_client, "placement", {"cell": cell.pk})
    assert "Not the same person as any of these" in confirm.content.decode() and reason in confirm.content.decode()
    assert wizard_post(staff_client, "confirm", {}).status_code == 302

    new = Prisoner.objects.exclude(pk__in=[held.pk, other_spelling.pk]).latest("pk")
    event = AuditEvent.objects.get(action="prisoner.admit", object_id=str(new.pk))
    assert sorted(event.changes["not_same_as"][1]) == sorted([held.number, other_spelling.number])
    assert event.reason == reason


def test_a_readmission_is_recorded_on_the_existing_file(staff_client):
    person = released(kato())
    cell = CellFactory()
    response = steps_until(staff_client, cell.unit.prison, "identity", {"identity": {**KATO, "family_name": "KATO"}})
    assert current_step(response) == "duplicates"
    assert f"This is a readmission of {person.number}" in response.content.decode()
    assert current_step(wizard_post(staff_client, "duplicates", {"match": person.pk})) == "names"
    for name, data in admission_steps(cell.unit.prison)[1:]:
        wizard_post(staff_client, name, data)
    confirm = wizard_post(staff_client, "placement", {"cell": cell.pk})
    assert f"This is a readmission of {person.number}" in confirm.content.decode()
    assert 'id="readmission-note"' in confirm.content.decode()
    response = wizard_post(staff_client, "confirm", {})
    assert response["Location"] == reverse("register:prisoner_detail", args=[person.pk])

    assert Prisoner.objects.count() == 1
    person.refresh_from_db()
    assert (person.custody_status, person.current_cell) == (CustodyStatus.IN_CUSTODY, cell)
    assert person.admissions.count() == 2 and person.offences.get().national_wording == "Robbery, s.285 Penal Code"
    assert person.names.filter(given_names="Akello").exists()  # a name given now, kept for the next search
    assert person.movements.filter(kind=MovementKind.ADMISSION).count() == 2
    assert AuditEvent.objects.filter(action="prisoner.readmit", object_id=str(person.pk)).count() == 1
    followed = staff_client.get(response["Location"])
    assert "readmitted on file" in followed.content.decode()


def test_no_file_on_record_means_no_duplicates_step(staff_client):
    kato()
    response = steps_until(staff_client, PrisonFactory(), "identity")  # Grace Atim: nobody like her
    assert current_step(response) == "names"
    assert step_heading(response) == "Step 2 of 10: Other names"
