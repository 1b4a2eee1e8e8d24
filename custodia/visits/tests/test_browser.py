"""Visits in a real Chromium, in French: the visits officer books a video call for a mother with
her daughter. With the child in the visits hall (not child-friendly) the booking is refused on the
page, the reason under the session; in the child-friendly video room it is booked. axe finds
nothing serious on the booking page, the refusal and the person's visits. Asserted on ids and
values, not on words."""

import pytest

from custodia.core.tests.browser import axe_violations, describe_violations, sign_in_through_form
from custodia.visits.models import Booking, RefusedBooking

from .factories import session, visits_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_visits_officer_books_a_video_call_for_a_mother_and_her_daughter(new_page, make_staff):
    v = visits_world(make_staff)
    hall, video = session(v.hall, start=10), session(v.video, start=12)
    page = new_page()
    sign_in_through_form(page, v.officer.username, "fr")
    page.goto(f"/fr/visits/prisoners/{v.w.prisoner.pk}/book/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.select_option("#id_session", str(hall.pk))
    page.check(f"input[name=visitors][value='{v.mother.pk}']")
    page.check(f"input[name=visitors][value='{v.child.pk}']")
    page.click("#book-form button[type=submit]")
    page.wait_for_selector("#book-form .invalid-feedback")
    assert "28" in page.inner_text("#book-form .invalid-feedback")  # Bangkok Rule 28
    assert RefusedBooking.objects.get().reasons == ["children_room"]
    assert not Booking.objects.exists()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.select_option("#id_session", str(video.pk))
    page.check(f"input[name=visitors][value='{v.mother.pk}']")
    page.check(f"input[name=visitors][value='{v.child.pk}']")
    page.click("#book-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    booking = Booking.objects.get()
    assert (booking.kind, booking.with_children, booking.session_id) == ("video", True, video.pk)
    assert page.locator(f"#coming [data-booking='{booking.pk}']").count() == 1
    assert page.locator("#mother").count() == 1
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
