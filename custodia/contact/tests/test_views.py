"""The contact pages: the file's section and the list, recording from the family section, the
contact's page with its approval and restrictions, the director's reviews; each read of a
person's contacts logged against the person; bounded queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.contact import services
from custodia.core.models import AuditEvent
from custodia.register.models import FamilyMember

from .factories import contact, restricted, world

pytestmark = pytest.mark.django_db


def test_the_file_shows_who_may_visit_and_call(client, make_staff, sign_in, django_assert_max_num_queries):
    w = world(make_staff)
    friend = contact(w)
    mother = contact(w, kind="family", name="Amina Yusuf")
    restricted(w, mother)
    sign_in(client, w.wing)
    page = client.get(reverse("register:prisoner_detail", args=[w.prisoner.pk])).content.decode()
    assert 'id="contacts"' in page and f'data-contact="{friend.pk}"' in page and "Restricted until" in page
    for n in range(5):  # however many contacts and restrictions: the same queries
        restricted(w, contact(w, name=f"Friend {n}"))
    with django_assert_max_num_queries(16):
        listed = client.get(reverse("contact:list", args=[w.prisoner.pk])).content.decode()
    assert f'data-contact="{mother.pk}"' in listed and 'id="add-contact"' not in listed
    assert AuditEvent.objects.filter(action="read", reason="contacts", object_id=str(w.prisoner.pk)).exists()


def test_where_a_contact_lives_is_family_data(client, make_staff, sign_in):
    """The wing officer sees who may visit, not the contact's address, telephone or papers."""
    w = world(make_staff)
    mother = FamilyMember.objects.get(name="Amina Yusuf")
    made = services.contact_from_family(actor=w.reception, family_member=mother)
    url = reverse("contact:detail", args=[made.pk])
    sign_in(client, w.wing)
    page = client.get(url).content.decode()
    assert "+256 700 000001" not in page and 'id="contact-details"' in page and "withheld" in page
    sign_in(client, w.reception)
    assert "+256 700 000001" in client.get(url).content.decode()


def test_reception_records_a_contact_from_the_family_section_and_approves_it(client, make_staff, sign_in):
    w = world(make_staff)
    sign_in(client, w.reception)
    listed = client.get(reverse("contact:list", args=[w.prisoner.pk])).content.decode()
    mother = FamilyMember.objects.get(name="Amina Yusuf")
    assert f'data-family="{mother.pk}"' in listed
    response = client.post(reverse("contact:from_family", args=[mother.pk]))
    made = mother.prisoner and w.prisoner  # the same person
    assert response.status_code == 302
    contact_id = int(response["Location"].rstrip("/").split("/")[-1])
    url = reverse("contact:approve", args=[contact_id])
    response = client.post(url, {"approval-may_visit": "on", "approval-may_video": "on", "approval-version": 1})
    assert response.status_code == 302
    page = client.get(reverse("contact:detail", args=[contact_id])).content.decode()
    assert "Video calls" in page and made.number in page


def test_a_refused_restriction_says_why_and_keeps_what_was_typed(client, make_staff, sign_in):
    w = world(make_staff)
    mother = contact(w, kind="family", name="Amina Yusuf")
    sign_in(client, w.director)
    today = timezone.localdate()
    response = client.post(
        reverse("contact:restrict", args=[mother.pk]),
        {
            "restrict-reason": "sanction",
            "restrict-explanation": "ZQTYPED fought in the yard",
            "restrict-starts_on": today.isoformat(),
            "restrict-ends_on": (today + timedelta(days=7)).isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "ZQTYPED" in page and "never restricted as a disciplinary sanction" in page
    assert not mother.restrictions.exists()
    sign_in(client, w.security)
    page = client.get(reverse("contact:detail", args=[mother.pk])).content.decode()
    assert 'id="restriction-form"' not in page  # family: the director's


def test_the_director_reviews_a_family_restriction_from_the_home_page(client, make_staff, sign_in):
    w = world(make_staff)
    mother = contact(w, kind="family", name="Amina Yusuf")
    restriction = restricted(w, mother, days=60, starts_on=timezone.localdate() - timedelta(days=30))
    sign_in(client, w.director)
    home = client.get(reverse("home")).content.decode()
    assert "Restrictions of family contact to review" in home and reverse("contact:reviews") in home
    listed = client.get(reverse("contact:reviews")).content.decode()
    assert f'data-restriction="{restriction.pk}"' in listed
    response = client.post(reverse("contact:review", args=[restriction.pk]), {"note": "", "version": 1})
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.review_on == timezone.localdate()  # refused: no reason given
    client.post(reverse("contact:review", args=[restriction.pk]), {"note": "Still needed", "version": 1})
    restriction.refresh_from_db()
    assert restriction.review_on == timezone.localdate() + timedelta(days=30)
    client.post(
        reverse("contact:lift", args=[restriction.pk]), {"reason": "Calm again", "version": restriction.version}
    )
    restriction.refresh_from_db()
    assert restriction.lifted_on == timezone.localdate()
