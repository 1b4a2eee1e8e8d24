"""A case manager, in a real Chromium, records what the person agrees to share with the
probation service and downloads the release summary: the PDF opens and holds no section the
person did not agree to share."""

import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from custodia.core.tests.browser import axe_violations, describe_violations, sign_in_through_form
from custodia.reintegration import services
from custodia.reintegration.choices import Pathway
from custodia.reintegration.models import Referral

from .factories import PROBATION, near_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_consent_then_the_summary_holds_only_the_consented_sections(page, make_staff):
    w = near_release(make_staff)
    plan = services.release_plan_open(actor=w.case_manager, prisoner=w.prisoner)
    for pathway, note in ((Pathway.ACCOMMODATION, "Bed at the Nsambya hostel"), (Pathway.FAMILY, "Custody hearing")):
        services.pathway_status_change(
            actor=w.case_manager, pathway=plan.pathways.get(pathway=pathway), status="in_progress", note=note
        )
    services.referral_make(actor=w.case_manager, plan=plan, data=PROBATION)
    referral = Referral.objects.get()
    sign_in_through_form(page, w.case_manager.username, "en")
    page.goto(f"/en/reintegration/{plan.pk}/")
    page.locator(f"#consent-{referral.pk}").click()
    page.check("input[name=sections][value=accommodation]")
    page.fill("#id_given_on", timezone.localdate().isoformat())
    page.locator("main button.btn-primary[type=submit]").click()
    # The language the choice was explained in is required: refused on its field, nothing lost.
    expect(page.locator(".error-summary")).to_be_visible()  # the refused form comes back: wait for it
    assert page.is_checked("input[name=sections][value=accommodation]")
    page.fill("#id_explained_in", "Luganda")
    page.locator("main button.btn-primary[type=submit]").click()
    page.wait_for_url(f"**/en/reintegration/{plan.pk}/")
    assert "Accommodation" in page.locator(f"#referral-{referral.pk} .consent").inner_text()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)

    page.select_option(f"#language-{referral.pk}", "fr")
    with page.expect_download() as download:
        page.locator(f"#summary-{referral.pk}").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Bed at the Nsambya hostel" in text and w.prisoner.number in text
    assert "Custody hearing" not in text
