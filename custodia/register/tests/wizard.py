"""The admission wizard as a browser posts it, step by step: for the tests of its pages
(test_views.py) and of the pages' security headers and markup (tests/test_security.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone


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


def admission_steps(prison) -> list[tuple[str, dict]]:
    """Every step of a valid admission but the last (placement), as the browser posts them."""
    now = timezone.localtime() - timedelta(hours=2)
    return [
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
