"""The visit pages: who sees what, booking with every refusal shown, the day, the rooms and the
figures, each list with a bounded number of queries."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory
from custodia.visits import services
from custodia.visits.models import Booking, RefusedBooking, VisitSession

from .factories import session, visits_world

pytestmark = pytest.mark.django_db


def test_the_visits_officer_books_and_sees_every_refusal(client, sign_in, make_staff, django_assert_max_num_queries):
    v = visits_world(make_staff)
    sign_in(client, v.officer)
    hall, family = session(v.hall), session(v.family_room, start=12)
    url = reverse("visits:book", args=[v.w.prisoner.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Family room" in page.text and "Nour Yusuf" in page.text
    page = client.post(url, {"session": hall.pk, "visitors": [v.mother.pk, v.child.pk]})
    assert page.status_code == 200
    assert "child-friendly room" in page.text
    assert RefusedBooking.objects.count() == 1
    page = client.post(url, {"session": family.pk, "visitors": [v.mother.pk, v.child.pk]})
    assert page.status_code == 302
    booking = Booking.objects.get()
    with django_assert_max_num_queries(25):
        page = client.get(reverse("visits:person", args=[v.w.prisoner.pk]))
    assert "Child-friendly" not in page.text and "Nour Yusuf" in page.text
    assert "Children in a room that is not child-friendly" in page.text  # the refused attempt
    assert "as a mother of a young child" in page.text
    with django_assert_max_num_queries(15):
        assert client.get(reverse("visits:sessions"), {"week": hall.day.isoformat()}).status_code == 200
    with django_assert_max_num_queries(20):
        page = client.get(reverse("visits:session", args=[family.pk]))
    assert v.w.prisoner.number in page.text
    assert client.get(reverse("visits:booking", args=[booking.pk])).status_code == 200


def test_the_officer_records_the_day(client, sign_in, make_staff):
    v = visits_world(make_staff)
    today = session(v.hall, day=timezone.localdate())
    booking = services.visit_book(actor=v.officer, prisoner=v.w.prisoner, session=today, visitor_ids=[v.mother.pk])
    sign_in(client, v.officer)
    url = reverse("visits:record", args=[booking.pk])
    page = client.post(url, {"status": "completed", "version": booking.version})
    assert page.status_code == 200 and "Give the time it started." in page.text
    page = client.post(
        url,
        {
            "status": "completed",
            "arrived_at": "09:50",
            "search": "nothing",
            "started_at": "10:00",
            "ended_at": "10:45",
            "version": booking.version,
        },
    )
    assert page.status_code == 302
    assert Booking.objects.get().status == "completed"
    # The case manager books but does not record the day.
    sign_in(client, v.case_manager)
    assert client.post(url, {"status": "cancelled", "reason": "x"}).status_code == 403


def test_the_case_manager_cancels_a_visit_the_family_cannot_come_to(client, sign_in, make_staff):
    v = visits_world(make_staff)
    later = session(v.hall, day=timezone.localdate() + timedelta(days=3))
    booking = services.visit_book(actor=v.officer, prisoner=v.w.prisoner, session=later, visitor_ids=[v.mother.pk])
    sign_in(client, v.case_manager)
    page = client.get(reverse("visits:booking", args=[booking.pk])).text
    assert 'id="cancel-form"' in page and 'id="day-form"' not in page
    url = reverse("visits:cancel", args=[booking.pk])
    refused = client.post(url, {"reason": " ", "version": booking.version})
    assert refused.status_code == 200 and 'id="cancel-form"' in refused.text
    done = client.post(url, {"reason": "The mother is in hospital.", "version": booking.version})
    assert done.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.recorded_by == v.case_manager
    assert AuditEvent.objects.filter(action="visit.record", reason="The mother is in hospital.").exists()
    # Once cancelled, nothing more to cancel; the visits officer sees the day's form, never both.
    assert client.post(url, {"reason": "Again", "version": booking.version + 1}).status_code == 200
    sign_in(client, v.officer)
    assert 'id="cancel-form"' not in client.get(reverse("visits:booking", args=[booking.pk])).text


def test_someone_elsewhere_sees_nothing(client, sign_in, make_staff):
    v = visits_world(make_staff)
    hall = session(v.hall)
    elsewhere = make_staff("visits-elsewhere", roles.VISITS, prisons=[PrisonFactory()])
    sign_in(client, elsewhere)
    assert client.get(reverse("visits:person", args=[v.w.prisoner.pk])).status_code == 404
    assert client.get(reverse("visits:session", args=[hall.pk])).status_code == 404
    assert hall.room.name not in client.get(reverse("visits:sessions"), {"week": hall.day.isoformat()}).text


def test_the_director_adds_a_room_and_sessions_and_reads_the_figures(client, sign_in, make_staff):
    v = visits_world(make_staff)
    sign_in(client, v.w.director)
    page = client.post(reverse("visits:rooms"), {"room-name": "Closed room", "room-kind": "closed", "room-capacity": 3})
    assert page.status_code == 302
    room = v.w.prison and VisitSession.objects.none()
    del room
    first = timezone.localdate()
    page = client.post(
        reverse("visits:rooms"),
        {
            "sessions-room": v.video.pk,
            "sessions-first": first.isoformat(),
            "sessions-last": (first + timedelta(days=13)).isoformat(),
            "sessions-starts_at": "10:00",
            "sessions-ends_at": "10:30",
        },
    )
    assert page.status_code == 302
    assert VisitSession.objects.filter(room=v.video, starts_at=time(10)).count() == 8
    page = client.get(reverse("visits:figures"))
    assert page.status_code == 200 and "chart-occupancy" in page.text
    sign_in(client, v.officer)
    assert client.get(reverse("visits:figures")).status_code == 403
    assert client.get(reverse("visits:rooms")).status_code == 403


def test_the_file_section_and_the_home_prompts(client, sign_in, make_staff):
    v = visits_world(make_staff)
    sign_in(client, v.case_manager)
    page = client.get(reverse("register:prisoner_detail", args=[v.w.prisoner.pk]))
    assert 'id="visits"' in page.text and "used of" in page.text
    home = client.get(reverse("home"))
    assert home.status_code == 200
    sign_in(client, v.officer)
    assert "Visit sessions today" in client.get(reverse("home")).text
