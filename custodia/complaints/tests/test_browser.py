"""Complaints in a real Chromium: the inspector records, on the person's behalf, a complaint made
in confidence to the inspection body; for the wing officer of the prison it does not exist (not in
the list, not in the file's section, its address answers 404). axe finds nothing serious on the
pages. Asserted on ids and values, not on words."""

import pytest
from django.utils import timezone

from custodia.complaints.models import Complaint
from custodia.core.tests.browser import (
    axe_violations,
    describe_violations,
    sign_in_through_form,
    sign_in_with_second_factor,
)

from .factories import made, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_confidential_complaint_is_invisible_to_the_wing_officer(new_page, make_staff):
    w = world(make_staff)
    visible = made(w, text="Cold food again")
    inspector = new_page()
    sign_in_with_second_factor(inspector, w.inspector)
    inspector.goto(f"/en/complaints/new/?prisoner={w.prisoner.pk}")
    inspector.select_option("#id_category", "staff")
    inspector.select_option("#id_made_by", "person")
    inspector.fill("#id_text", "ZQSECRET the night guard takes our parcels")
    inspector.fill("#id_made_on", timezone.localdate().strftime("%d/%m/%Y"))
    violations = axe_violations(inspector)
    assert not violations, describe_violations(violations)
    inspector.click("#complaint-form button[type=submit]")
    inspector.wait_for_selector("#answer-form")
    secret = Complaint.objects.get(addressee="inspection")
    assert secret.recorded_by == w.inspector
    violations = axe_violations(inspector)
    assert not violations, describe_violations(violations)

    wing = new_page()
    sign_in_through_form(wing, w.wing.username)
    wing.goto("/en/complaints/")
    wing.wait_for_selector(f'[data-complaint="{visible.pk}"]')
    assert wing.locator(f'[data-complaint="{secret.pk}"]').count() == 0
    assert "ZQSECRET" not in wing.content()
    violations = axe_violations(wing)
    assert not violations, describe_violations(violations)
    wing.goto(f"/en/prisoners/{w.prisoner.pk}/")
    wing.wait_for_selector("#complaints")
    assert wing.locator(f'#complaints [data-complaint="{secret.pk}"]').count() == 0
    assert wing.locator(f'#complaints [data-complaint="{visible.pk}"]').count() == 1
    response = wing.goto(f"/en/complaints/{secret.pk}/")
    assert response is not None and response.status == 404
    wing.goto(f"/en/complaints/{visible.pk}/")
    violations = axe_violations(wing)
    assert not violations, describe_violations(violations)
