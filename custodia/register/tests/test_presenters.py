"""The file's history told in the reader's language: field names, choice labels, related names."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from custodia.core.formats import local_date
from custodia.core.models import AuditEvent
from custodia.estate.selectors import active_profile
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.register import services
from custodia.register.choices import LegalStatus, MovementKind
from custodia.register.models import Prisoner
from custodia.register.presenters import ADMISSION_NOTE, ShownChange, file_history, system_note

from .factories import admit

pytestmark = pytest.mark.django_db


def _events(prisoner: Prisoner) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="register.prisoner", object_id=str(prisoner.pk))
        .exclude(action="read")
        .order_by("id")
    )


def _transferred() -> tuple[Prisoner, object, object]:
    prisoner = admit()
    first = prisoner.current_prison
    cell = CellFactory()
    services.movement_record(
        actor=None,
        prisoner=prisoner,
        data=services.MovementData(
            kind=MovementKind.TRANSFER, occurred_at=timezone.now(), to_prison=cell.unit.prison, to_cell=cell
        ),
    )
    return prisoner, first, cell


def test_an_admission_names_the_prison_and_the_legal_status_in_the_country_wording():
    prisoner = admit()
    [admitted] = file_history(_events(prisoner))
    changes = {change.label: change for change in admitted.changes}
    status = active_profile().legal_status_label(LegalStatus.PRE_TRIAL)
    assert changes["legal status"] == ShownChange("legal status", "—", status)
    assert changes["prison"].after == prisoner.current_prison.name
    assert admitted.action == "prisoner.admit"


def test_a_transfer_names_both_prisons_and_the_cell_in_one_query_per_kind(django_assert_num_queries):
    prisoner, first, cell = _transferred()
    events = _events(prisoner)
    with django_assert_num_queries(2):  # the prisons, the cells
        shown = file_history(events)
    [transfer] = [event for event in shown if event.action == "movement.transfer"]
    changes = {change.label: change for change in transfer.changes}
    assert (changes["prison"].before, changes["prison"].after) == (first.name, cell.unit.prison.name)
    assert changes["cell"].after == str(cell)
    assert "custody status" not in changes  # unchanged by a transfer
    # A date recorded under a name that is no field is still told in the reader's order.
    [trigger] = [event for event in shown if event.action == "assessment.trigger.transfer"]
    assert {change.after for change in trigger.changes} >= {local_date(timezone.localdate())}


def test_field_names_and_labels_follow_the_reader_language():
    prisoner = admit()
    with translation.override("ru"):
        [admitted] = file_history(_events(prisoner))
        expected = {str(Prisoner._meta.get_field("legal_status").verbose_name)}
        status = active_profile().legal_status_label(LegalStatus.PRE_TRIAL)
    assert expected <= {change.label for change in admitted.changes}
    assert status in {change.after for change in admitted.changes}


def test_a_withheld_field_is_left_out():
    prisoner = admit()
    [admitted] = file_history(_events(prisoner), withheld_fields=("legal_status",))
    assert "legal status" not in {change.label for change in admitted.changes}


def test_a_change_of_no_field_keeps_a_readable_label():
    event = AuditEvent(object_type="register.prisoner", changes={"something_else": [None, 3]}, action="x")
    event.at = timezone.now()
    [shown] = file_history([event])
    assert shown.changes == [ShownChange("something else", "—", "3")]


def test_the_admission_note_is_told_in_the_reader_language_and_a_person_note_as_written():
    with translation.override("fr"):
        assert system_note(ADMISSION_NOTE) == gettext(ADMISSION_NOTE)
    assert system_note("Remanded by the High Court") == "Remanded by the High Court"


def test_the_file_page_shows_named_changes_not_codes(staff_client, staff_user):
    prison = PrisonFactory(name="Luzira Upper")
    prisoner = admit(actor=staff_user, prison=prison)
    html = staff_client.get(reverse("register:prisoner_detail", args=[prisoner.pk])).content.decode()
    history = html[html.index('id="history"') :]
    assert '<bdi dir="auto">Luzira Upper</bdi>' in history
    assert 'legal status: <bdi dir="auto">—</bdi> → <bdi dir="auto">' in history and "<code>" not in history
    assert 'aria-label="breadcrumb"' not in html


def test_the_file_page_isolates_what_people_typed_in_arabic(staff_client, staff_user):
    prison = PrisonFactory(name="Nakawa")
    prisoner = admit(actor=staff_user, prison=prison)
    html = staff_client.get(
        reverse("register:prisoner_detail", args=[prisoner.pk]).replace("/en/", "/ar/")
    ).content.decode()
    assert f'<bdi dir="auto">{prisoner.number}</bdi>' in html
    assert f'<bdi dir="auto">{prisoner.display_name}</bdi>' in html
    assert '<bdi dir="auto">Nakawa</bdi>' in html
    # Dates read in one order, day first; an ISO date only in a machine-readable attribute.
    assert not re.search(r">[^<]*\b\d{4}-\d{2}-\d{2}\b", html)
