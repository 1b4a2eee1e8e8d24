"""Recording that the sheet was given: who may, for which admission, in which language and on
which day, with its audit event on the person's file."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory
from custodia.induction import selectors, services

from .factories import world

pytestmark = pytest.mark.django_db


def test_reception_records_the_sheet_given_with_an_interpreter(make_staff):
    w = world(make_staff)
    assert list(selectors.awaiting_information(user=w.reception)) == [w.prisoner]
    given = services.information_given_record(
        actor=w.reception,
        prisoner=w.prisoner,
        data=services.GivenData(timezone.localdate(), "ar", interpreter=True, note=" Interpreter: Mr Saleh "),
    )
    assert (given.language, given.interpreter, given.read_aloud, given.note, given.sheet_version) == (
        "ar",
        True,
        False,
        "Interpreter: Mr Saleh",
        1,
    )
    assert given.admission == w.prisoner.admissions.get()
    assert list(selectors.awaiting_information(user=w.reception)) == []
    event = AuditEvent.objects.get(action="induction.information_given", object_id=str(w.prisoner.pk))
    assert event.changes["language"] == [None, "ar"]


def test_only_reception_or_the_case_manager_where_the_person_is_held(make_staff):
    w = world(make_staff)
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.information_given_record(actor=w.wing, prisoner=w.prisoner, data=services.GivenData(today, "en"))
    elsewhere = make_staff("reception-elsewhere", roles.RECEPTION, prisons=[PrisonFactory()])
    with pytest.raises(PermissionDenied):
        services.information_given_record(actor=elsewhere, prisoner=w.prisoner, data=services.GivenData(today, "en"))
    case_manager = make_staff("case-manager", roles.CASE_MANAGER, prisons=[w.prison])
    services.information_given_record(actor=case_manager, prisoner=w.prisoner, data=services.GivenData(today, "fr"))


def test_a_language_the_sheet_is_not_given_in_and_a_wrong_day_are_refused(make_staff):
    w = world(make_staff, admitted_days_ago=5)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        services.information_given_record(
            actor=w.reception, prisoner=w.prisoner, data=services.GivenData(today + timedelta(days=1), "sw")
        )
    assert set(refused.value.message_dict) == {"given_on", "language"}
    with pytest.raises(ValidationError) as refused:
        services.information_given_record(
            actor=w.reception, prisoner=w.prisoner, data=services.GivenData(today - timedelta(days=9), "en")
        )
    assert "on or after the admission" in refused.value.message_dict["given_on"][0]
    assert not AuditEvent.objects.filter(action="induction.information_given").exists()
