"""Programme pages and API: need-to-know by role, the attendance form for the whole group, the
waiting list's suitability verdicts, and the number of queries of the lists."""

import re

import pytest
from django.urls import reverse

from custodia.accounts import roles
from custodia.estate.tests.factories import CellFactory
from custodia.programmes import selectors, services
from custodia.programmes.choices import ParticipationStatus
from custodia.programmes.models import Attendance

from .factories import another_person, scene

pytestmark = pytest.mark.django_db


def test_a_facilitator_sees_only_the_programmes_they_run_and_only_the_group(make_staff, client, sign_in):
    s = scene(make_staff)
    s.allocate(s.refer())
    waiting = s.refer(another_person(make_staff, s))
    assert list(selectors.programmes_visible(user=s.facilitator)) == [s.programme]
    other = make_staff("not-theirs", roles.FACILITATOR, prisons=[s.w.prison])
    assert list(selectors.programmes_visible(user=other)) == []
    assert selectors.waiting_list(user=s.facilitator, programme=s.programme) == []
    sign_in(client, other)
    assert client.get(reverse("programmes:detail", args=[s.programme.pk])).status_code == 404
    sign_in(client, s.facilitator)
    html = client.get(reverse("programmes:detail", args=[s.programme.pk])).content.decode()
    assert s.w.prisoner.number in html and waiting.prisoner.number not in html and "Waiting list" not in html
    # The participation itself (referral, report) is not theirs to open.
    assert client.post(reverse("programmes:decline", args=[waiting.pk]), {"reason": "x"}).status_code == 404


def test_a_programme_at_another_prison_is_a_404(make_staff, client, sign_in):
    s = scene(make_staff)
    elsewhere = make_staff("coord-elsewhere", roles.PROGRAMME_COORDINATOR, prisons=[CellFactory().unit.prison])
    sign_in(client, elsewhere)
    assert client.get(reverse("programmes:detail", args=[s.programme.pk])).status_code == 404
    assert client.get(reverse("api:programme_detail", args=[s.programme.pk])).status_code == 404
    assert client.get(reverse("api:programme_list")).json() == []


def test_the_coordinator_sees_each_refusal_and_allocates(make_staff, client, sign_in, django_assert_max_num_queries):
    s = scene(make_staff)
    s.allocate(s.refer())
    woman = s.refer(another_person(make_staff, s, sex="female"))
    fits = s.refer(another_person(make_staff, s))
    sign_in(client, s.coordinator)
    with django_assert_max_num_queries(60):
        html = client.get(reverse("programmes:detail", args=[s.programme.pk])).content.decode()
    assert "Rule 11(a)" in html and f'action="{reverse("programmes:allocate", args=[fits.pk])}"' in html
    assert f'action="{reverse("programmes:allocate", args=[woman.pk])}"' not in html
    client.post(reverse("programmes:allocate", args=[fits.pk]), {"version": fits.version})
    fits.refresh_from_db()
    assert fits.status == ParticipationStatus.ALLOCATED
    with django_assert_max_num_queries(15):
        assert client.get(reverse("programmes:catalogue")).status_code == 200


def test_the_facilitator_marks_the_whole_group_in_one_form(make_staff, client, sign_in, django_assert_max_num_queries):
    s = scene(make_staff)
    a = s.allocate(s.refer())
    b = s.allocate(s.refer(another_person(make_staff, s)))
    session = s.session_today()
    sign_in(client, s.facilitator)
    url = reverse("programmes:attendance", args=[session.pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    response = client.post(url, {f"mark-{a.pk}": "present", f"mark-{b.pk}": "absent", "notes": "Chapter 2"})
    assert response.status_code == 200 and "Give the reason for the absence." in response.content.decode()
    assert not Attendance.objects.exists()
    response = client.post(
        url, {f"mark-{a.pk}": "present", f"mark-{b.pk}": "absent", f"reason-{b.pk}": "At court", "notes": "Chapter 2"}
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("participation_id", "mark")) == {a.pk: "present", b.pk: "absent"}


def test_a_case_manager_refers_from_the_file_and_sees_the_participation(make_staff, client, sign_in):
    s = scene(make_staff)
    objective = s.objective()
    sign_in(client, s.w.case_manager)
    file_html = client.get(reverse("register:prisoner_detail", args=[s.w.prisoner.pk])).content.decode()
    assert reverse("programmes:refer", args=[s.w.prisoner.pk]) in file_html
    response = client.post(
        reverse("programmes:refer", args=[s.w.prisoner.pk]),
        {"objective": objective.pk, "programme": s.programme.pk, "note": "Wants to read"},
    )
    assert response.status_code == 302
    file_html = client.get(reverse("register:prisoner_detail", args=[s.w.prisoner.pk])).content.decode()
    assert s.programme.name in file_html and "On the waiting list" in file_html
    api = client.get(reverse("api:participation_list"), {"prisoner": s.w.prisoner.pk}).json()
    assert [p["status"] for p in api] == ["referred"]


def test_a_person_outside_scope_is_a_404_in_the_api(make_staff, client, sign_in):
    s = scene(make_staff)
    s.refer()
    elsewhere = make_staff("cm-elsewhere", roles.CASE_MANAGER, prisons=[CellFactory().unit.prison])
    sign_in(client, elsewhere)
    assert client.get(reverse("api:participation_list"), {"prisoner": s.w.prisoner.pk}).status_code == 404
    assert client.get(reverse("programmes:refer", args=[s.w.prisoner.pk])).status_code == 404


def test_the_plan_shows_each_programme_under_the_objective_it_was_referred_from(make_staff, client, sign_in):
    s = scene(make_staff)
    participation = s.allocate(s.refer())
    services.participation_end(
        actor=s.coordinator,
        participation=participation,
        ending=services.Ending(status="completed", achievement="partly", report="Reads short texts"),
    )
    objective = participation.objective
    sign_in(client, s.w.case_manager)
    html = client.get(reverse("plans:detail", args=[objective.plan_id])).content.decode()
    # One list of work, inside the card of the objective the referral came from.
    cards = re.findall(r'<div class="card mb-3 objective" id="objective-(\d+)"(.*?)</form>', html, re.S)
    with_work = [(pk, body) for pk, body in cards if "objective-work" in body]
    assert [pk for pk, _ in with_work] == [str(objective.pk)]
    link = reverse("programmes:detail", args=[s.programme.pk])
    assert f'<a href="{link}">{s.programme.name}</a> — Completed · Partly achieved</li>' in with_work[0][1]
