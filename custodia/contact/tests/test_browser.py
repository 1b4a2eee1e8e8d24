"""Contacts in a real Chromium, in Arabic (right to left) on a phone-width screen: reception
records a family member of the file as a contact and approves her for visits; the director's
attempt to restrict her as a sanction is refused on the page, naming the rule. axe finds nothing
serious. Asserted on ids and values, not on words."""

from datetime import timedelta

import pytest
from django.utils import timezone

from custodia.contact.models import Contact
from custodia.core.tests.browser import axe_violations, describe_violations, sign_in_through_form

from .factories import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_reception_records_a_mother_and_the_director_cannot_restrict_her_as_a_sanction(new_page, make_staff):
    w = world(make_staff)
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_through_form(page, w.reception.username, "ar")
    page.goto(f"/ar/contacts/prisoners/{w.prisoner.pk}/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.locator("[data-family] button").first.click()
    page.wait_for_selector("#approval-form")
    contact = Contact.objects.get()
    page.check("#id_approval-may_visit")
    page.click("#approval-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    contact.refresh_from_db()
    assert contact.may_visit and contact.kind == "family"
    assert page.evaluate(OVERFLOW) <= 0
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)

    director = new_page()
    sign_in_through_form(director, w.director.username, "ar")
    director.goto(f"/ar/contacts/{contact.pk}/")
    director.select_option("#id_restrict-reason", "sanction")
    director.fill("#id_restrict-explanation", "شجار في الساحة")
    today = timezone.localdate()
    director.fill("#id_restrict-starts_on", today.strftime("%d/%m/%Y"))
    director.fill("#id_restrict-ends_on", (today + timedelta(days=7)).strftime("%d/%m/%Y"))
    director.click("#restriction-form button[type=submit]")
    director.wait_for_selector("#restriction-form .invalid-feedback")
    assert "43" in director.inner_text("#restriction-form .invalid-feedback")
    assert not contact.restrictions.exists()
    violations = axe_violations(director)
    assert not violations, describe_violations(violations)
