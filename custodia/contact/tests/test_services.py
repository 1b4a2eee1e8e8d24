"""Writes of contacts: who records and approves, who restricts whom and why, reviews and lifting,
each with its audit event on the person's file."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from custodia.accounts import roles
from custodia.contact import selectors, services
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory
from custodia.register.models import FamilyMember

from .factories import contact, restricted, world

pytestmark = pytest.mark.django_db


def test_reception_records_a_contact_and_approves_it(make_staff):
    w = world(make_staff)
    with pytest.raises(PermissionDenied):
        services.contact_add(actor=w.wing, prisoner=w.prisoner, data=services.ContactData("friend", "Musa"))
    elsewhere = make_staff("reception-elsewhere", roles.RECEPTION, prisons=[PrisonFactory()])
    with pytest.raises(PermissionDenied):
        services.contact_add(actor=elsewhere, prisoner=w.prisoner, data=services.ContactData("friend", "Musa"))
    with pytest.raises(ValidationError) as refused:
        services.contact_add(actor=w.reception, prisoner=w.prisoner, data=services.ContactData("cousin", " "))
    assert set(refused.value.message_dict) == {"kind", "name"}
    made = contact(w, approved=False)
    [row] = selectors.contacts_of(user=w.wing, prisoner_id=w.prisoner.pk)
    assert not (row.may_visit or row.may_call or row.may_video)
    services.contact_approve(actor=w.reception, contact=made, may_visit=True, may_call=False, may_video=True)
    [row] = selectors.contacts_of(user=w.wing, prisoner_id=w.prisoner.pk)
    assert (row.may_visit, row.may_call, row.may_video) == (True, False, True)
    assert AuditEvent.objects.filter(action="contact.add", object_id=str(w.prisoner.pk)).count() == 1
    assert AuditEvent.objects.filter(action="contact.approve", object_id=str(w.prisoner.pk)).count() == 1


def test_a_family_member_of_the_file_becomes_a_contact_once(make_staff):
    w = world(make_staff)
    mother = FamilyMember.objects.get(prisoner=w.prisoner, name="Amina Yusuf")
    made = services.contact_from_family(actor=w.reception, family_member=mother)
    assert (made.kind, made.name, made.telephone, made.family_member) == (
        "family",
        "Amina Yusuf",
        "+256 700 000001",
        mother,
    )
    with pytest.raises(ValidationError):
        services.contact_from_family(actor=w.reception, family_member=mother)
    assert [m.name for m in selectors.family_not_yet_contacts(user=w.reception, prisoner=w.prisoner)] == ["Ali Yusuf"]


def test_no_sanction_on_family_counsel_or_consul_and_only_the_director_restricts_family(make_staff):
    w = world(make_staff)
    mother = contact(w, kind="family", name="Amina Yusuf")
    lawyer = contact(w, kind="legal_adviser", name="Adv. Nakato")
    today = timezone.localdate()
    sanction = services.RestrictionData("sanction", "Fought in the yard", today, today + timedelta(days=14))
    for made in (mother, lawyer):
        with pytest.raises(ValidationError) as refused:
            services.restriction_impose(actor=w.director, contact=made, data=sanction)
        assert "never restricted as a disciplinary sanction" in refused.value.message_dict["reason"][0]
    security_reason = services.RestrictionData(
        "security", "Passed a phone at a visit", today, today + timedelta(days=14)
    )
    with pytest.raises(PermissionDenied):
        services.restriction_impose(actor=w.security, contact=mother, data=security_reason)
    with pytest.raises(PermissionDenied):
        services.restriction_impose(actor=w.reception, contact=mother, data=security_reason)
    restriction = services.restriction_impose(actor=w.director, contact=mother, data=security_reason)
    assert restriction.review_on == today + timedelta(days=30)
    [row] = [r for r in selectors.contacts_of(user=w.wing, prisoner_id=w.prisoner.pk) if r.contact == mother]
    assert row.restriction == restriction and not row.may_visit
    friend = contact(w)
    assert services.restriction_impose(actor=w.security, contact=friend, data=sanction).review_on is None
    with pytest.raises(ValidationError) as refused:
        services.restriction_impose(
            actor=w.security,
            contact=friend,
            data=services.RestrictionData("security", "x", today, today + timedelta(days=91)),
        )
    assert list(refused.value.message_dict) == ["ends_on"]


def test_a_family_restriction_is_reviewed_and_lifted_by_the_director(make_staff):
    w = world(make_staff)
    mother = contact(w, kind="family", name="Amina Yusuf")
    restriction = restricted(w, mother, days=60, starts_on=timezone.localdate() - timedelta(days=31))
    assert list(selectors.restrictions_to_review(user=w.director)) == [restriction]
    assert not selectors.restrictions_to_review(user=w.security).exists()
    with pytest.raises(ValidationError) as refused:
        services.restriction_review(actor=w.director, restriction=restriction, note=" ")
    assert list(refused.value.message_dict) == ["note"]
    restriction = services.restriction_review(actor=w.director, restriction=restriction, note="Still a risk")
    assert restriction.review_on == timezone.localdate() + timedelta(days=30)
    assert not selectors.restrictions_to_review(user=w.director).exists()
    with pytest.raises(PermissionDenied):
        services.restriction_lift(actor=w.security, restriction=restriction, reason="Calmer")
    restriction = services.restriction_lift(actor=w.director, restriction=restriction, reason="Calmer now")
    [row] = selectors.contacts_of(user=w.wing, prisoner_id=w.prisoner.pk)
    assert row.restriction is None and row.may_visit
    with pytest.raises(ValidationError):
        services.restriction_lift(actor=w.director, restriction=restriction, reason="Again")
    actions = list(AuditEvent.objects.filter(action__startswith="contact.restrict").values_list("action", flat=True))
    assert actions == ["contact.restrict", "contact.restriction.review", "contact.restriction.lift"]


def test_contacts_are_read_at_the_prison_that_holds_the_person_only(make_staff):
    w = world(make_staff)
    contact(w)
    elsewhere = make_staff("director-elsewhere", roles.DIRECTOR, prisons=[PrisonFactory()])
    health = make_staff("nurse", roles.HEALTH, prisons=[w.prison])
    assert selectors.contacts_of(user=elsewhere, prisoner_id=w.prisoner.pk) == []
    assert selectors.contacts_of(user=health, prisoner_id=w.prisoner.pk) == []
    assert len(selectors.contacts_of(user=w.wing, prisoner_id=w.prisoner.pk)) == 1
