"""The demo's visits: rooms (one child-friendly), a month of sessions, visits with their outcomes,
refused attempts with every reason, and a mother's video call with her children."""

import pytest

from custodia.core.audit import verify_chain
from custodia.visits import services
from custodia.visits.models import Booking, RefusedBooking, VisitRoom

pytestmark = pytest.mark.django_db


def test_visits_at_the_largest_prison(demo):
    assert "visits: " in demo
    assert VisitRoom.objects.filter(child_friendly=True).exists()
    statuses = set(Booking.objects.values_list("status", flat=True))
    assert {"completed", "cancelled", "booked"} <= statuses
    assert Booking.objects.filter(kind="video", connection_failed=True).exists()
    reasons = {code for codes in RefusedBooking.objects.values_list("reasons", flat=True) for code in codes}
    assert reasons == set(services.REASONS), set(services.REASONS) - reasons
    # A month of visits: the hall busy on most visiting days, some cancelled, one refused on the day.
    held = Booking.objects.exclude(status="booked")
    assert held.count() >= 40 and held.filter(status="refused", search="found").exists()
    assert Booking.objects.filter(status="booked").count() >= 10
    assert Booking.objects.filter(kind="video", with_children=True, prisoner__sex="female").exists()
    assert verify_chain().ok
