"""The prisoner file printed as a PDF (register/file_pdf.py, docs/file-pdf.md), tested as an
intruder would: the text of each PDF, read back with pypdf, holds nothing of a section its printer's
page withholds (the markers of the need-to-know test, `marked`); a section withheld on screen is
withheld in the PDF; the person's own copy holds nothing of the sections withheld from them, even
when the director who prints it may read them; every print is logged with what it held; a former
prison prints nothing; the Arabic copy is right to left; every page names who printed it."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import PrisonFactory
from custodia.register import file_pdf, rules
from custodia.register import services as register_services
from custodia.register.choices import FileCopy, MovementKind, WithheldFromPerson
from custodia.register.file_sections import FILE_SECTIONS
from custodia.register.models import Prisoner
from tests import test_need_to_know
from tests.test_need_to_know import SECTIONS, _leaks

# The file of the need-to-know test: a marker in every field of every withheld section.
marked = test_need_to_know.marked

pytestmark = pytest.mark.django_db

WITHHELD_ON_SCREEN = 'mb-0 withheld"'


def pages_of(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def reader(make_staff, marked, role: str, name: str = ""):
    return make_staff(name or f"printer-{role}", role, prisons=[marked["prison"]], nationwide=role == roles.HQ_VEP)


@pytest.mark.parametrize("role", sorted(roles.FILE_READERS))
def test_each_readers_pdf_withholds_what_their_page_withholds(client, make_staff, sign_in, marked, role):
    user = reader(make_staff, marked, role)
    sign_in(client, user)
    pk = marked["prisoner"].pk
    page = client.get(reverse("register:prisoner_detail", args=[pk])).content.decode()
    response = client.get(reverse("register:file_pdf", args=[pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(pages_of(response.content))
    assert not _leaks(text, role, "register:file_pdf")
    # The same sections withheld, with the same marker, as on the reader's page.
    printed = file_pdf.print_file(user=user, prisoner_id=pk, copy=FileCopy.STAFF, reader_language="en")
    assert printed.html.count(WITHHELD_ON_SCREEN) == page.count(WITHHELD_ON_SCREEN)
    assert text.count("Withheld") >= page.count(WITHHELD_ON_SCREEN)
    # What the page shows, the PDF shows: the markers of the sections the role may read.
    rights = roles.rights_of(role)
    shown = [m for section, (needed, markers) in SECTIONS.items() if set(needed.split("|")) & rights for m in markers]
    assert "ZQPERSONNAME" in text
    if "view_family_section" in rights:
        assert "ZQFAMILYNAME" in text and "ZQFAMILYNAME" in page
    if "view_health_section" in rights:
        assert "ZQHEALTHCOMPLAINT" in text
    assert shown  # every reader of files reads who the person is


def test_a_wing_officers_pdf_withholds_its_sections_and_the_directors_none(make_staff, marked):
    pk = marked["prisoner"].pk
    wing = reader(make_staff, marked, roles.WING)
    printed = file_pdf.print_file(user=wing, prisoner_id=pk, copy=FileCopy.STAFF, reader_language="en")
    assert set(printed.withheld) >= {"family", "health", "assessment", "sentence_plan", "release_plan", "readers"}
    assert "intelligence" in printed.withheld
    director = marked["w"].director
    printed = file_pdf.print_file(user=director, prisoner_id=pk, copy=FileCopy.STAFF, reader_language="en")
    assert not printed.withheld
    text = "\n".join(pages_of(printed.content))
    for marker in ("ZQHEALTHCOMPLAINT", "ZQFAMILYCONTACT", "ZQINTELNOTE", "New intelligence graded reliable"):
        assert marker in text, marker
    # Each section is an anchor of the PDF's outline: no id twice (a table of a section once took its section's).
    ids = re.findall(r'\sid="([^"]+)"', printed.html)
    assert len(ids) == len(set(ids)), sorted(name for name in set(ids) if ids.count(name) > 1)


def test_every_print_is_logged_with_what_it_held_in_the_reads_transaction(make_staff, marked):
    pk = marked["prisoner"].pk
    wing = reader(make_staff, marked, roles.WING)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    printed = file_pdf.print_file(user=wing, prisoner_id=pk, copy=FileCopy.STAFF, reader_language="en")
    read, printed_event = AuditEvent.objects.filter(id__gt=before).order_by("id")
    assert (read.action, printed_event.action) == ("read", "prisoner.file_print")
    assert read.actor == printed_event.actor == wing and printed_event.id == read.id + 1
    assert printed_event.object_type == "register.prisoner" and printed_event.object_id == str(pk)
    changes = printed_event.changes
    assert changes["copy"] == [None, "staff"]
    assert changes["held"][1] == printed.held and changes["withheld"][1] == printed.withheld
    assert {"identity", "legal", "custody", "timeline"} <= set(changes["held"][1])
    assert changes["withheld"][1]["family"] == "no_right" and changes["withheld"][1]["intelligence"] == "no_right"
    # A print is a read: among who opened the file, never in its history of changes.
    director = marked["w"].director
    from custodia.core import audit

    assert printed_event in audit.events_for("register.prisoner", pk, user=director, reads=True)
    assert printed_event not in audit.events_for("register.prisoner", pk, user=director)
    assert audit.last_change(marked["prisoner"]) != printed_event


def test_the_print_itself_refuses_the_own_copy_to_any_but_the_director(make_staff, marked):
    """The route's right is the first gate; the print asks selectors.print_refusal whoever calls it."""
    pk = marked["prisoner"].pk
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    for role in sorted(roles.FILE_READERS - {roles.DIRECTOR}):
        with pytest.raises(PermissionDenied):
            file_pdf.print_file(
                user=reader(make_staff, marked, role), prisoner_id=pk, copy=FileCopy.OWN, reader_language="en"
            )
    with pytest.raises(PermissionDenied):
        file_pdf.print_file(user=marked["w"].director, prisoner_id=pk, copy="everything", reader_language="en")
    assert not AuditEvent.objects.filter(id__gt=before).exists()  # the reads of refused prints are rolled back


def test_a_former_prison_prints_nothing_and_logs_no_print(client, make_staff, sign_in, marked):
    prisoner = marked["prisoner"]
    director = marked["w"].director
    register_services.movement_record(
        actor=None,
        prisoner=prisoner,
        data=register_services.MovementData(
            kind=MovementKind.TRANSFER, occurred_at=timezone.now(), to_prison=PrisonFactory(name="Receiving prison")
        ),
    )
    sign_in(client, director)
    page = client.get(reverse("register:prisoner_detail", args=[prisoner.pk]))
    assert page.status_code == 200  # the former prison still reads what it wrote
    assert 'id="print-file"' not in page.content.decode() and 'id="print-own-copy"' not in page.content.decode()
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    for name in ("register:file_pdf", "register:own_copy_pdf"):
        response = client.get(reverse(name, args=[prisoner.pk]))
        assert response.status_code == 403, name
        assert b"%PDF" not in response.content
    assert not AuditEvent.objects.filter(id__gt=before).exclude(action="access.denied").exists()
    # A prison that never held the person does not learn that they exist.
    outsider = make_staff("director-elsewhere", roles.DIRECTOR, prisons=[PrisonFactory()])
    sign_in(client, outsider)
    for name in ("register:file_pdf", "register:own_copy_pdf"):
        assert client.get(reverse(name, args=[prisoner.pk])).status_code == 404
    with pytest.raises(Prisoner.DoesNotExist):
        file_pdf.print_file(user=outsider, prisoner_id=prisoner.pk, copy=FileCopy.STAFF, reader_language="en")


def test_the_buttons_are_shown_to_those_who_may_print(client, make_staff, sign_in, marked):
    pk = marked["prisoner"].pk
    sign_in(client, marked["w"].director)
    page = client.get(reverse("register:prisoner_detail", args=[pk])).content.decode()
    assert 'id="print-file"' in page and 'id="print-own-copy"' in page
    assert reverse("register:own_copy_pdf", args=[pk]) in page
    sign_in(client, reader(make_staff, marked, roles.WING))
    page = client.get(reverse("register:prisoner_detail", args=[pk])).content.decode()
    assert 'id="print-file"' in page and 'id="print-own-copy"' not in page
    assert client.get(reverse("register:own_copy_pdf", args=[pk])).status_code == 403


# Markers of sections the person's own copy withholds, though the director who prints it reads them.
NOT_FOR_THE_PERSON = (
    *SECTIONS["health"][1],
    *SECTIONS["intelligence"][1],
    *SECTIONS["vep_assessment"][1],
    *SECTIONS["measure_health"][1],
    *SECTIONS["examination"][1],
    "ZQALERTRESTRICTED",
    "ZQEXCEPTIONREASON",
    "Nearer her children",  # the reason of the move requested
    "Seen testing the fence",  # an alert's reason
)


def test_the_persons_own_copy_holds_what_they_receive_and_says_why_the_rest_is_withheld(
    client, make_staff, sign_in, marked
):
    pk = marked["prisoner"].pk
    director = marked["w"].director
    sign_in(client, director)
    response = client.get(reverse("register:own_copy_pdf", args=[pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(pages_of(response.content))
    leaked = [marker for marker in NOT_FOR_THE_PERSON if marker in text]
    assert not leaked, leaked
    # Theirs: who they are, their family as recorded, their legal situation, decisions and requests.
    for marker in ("ZQPERSONNAME", "ZQFAMILYNAME", "ZQFAMILYCONTACT", "Legal situation", "Classification"):
        assert marker in text, marker
    flat = re.sub(r"\s+", " ", text)
    for reason in (WithheldFromPerson.SAFETY, WithheldFromPerson.HEALTH, WithheldFromPerson.TRAIL):
        assert re.sub(r"\s+", " ", str(reason.label))[:60] in flat, reason
    event = AuditEvent.objects.filter(action="prisoner.file_print").latest("id")
    assert event.actor == director and event.changes["copy"] == [None, "own"]
    withheld = event.changes["withheld"][1]
    assert withheld["intelligence"] == withheld["alerts"] == WithheldFromPerson.SAFETY
    assert withheld["health"] == WithheldFromPerson.HEALTH and withheld["readers"] == WithheldFromPerson.TRAIL
    assert "sentence_plan" in event.changes["held"][1] and "classification" in event.changes["held"][1]
    # The print is among who opened the file, named as a print.
    page = client.get(reverse("register:prisoner_detail", args=[pk])).content.decode()
    assert "File printed" in page.split('id="readers"')[1]


def test_the_own_copy_is_in_the_persons_language_right_to_left_in_arabic(make_staff, marked):
    prisoner = marked["prisoner"]
    Prisoner.objects.filter(pk=prisoner.pk).update(languages="العربية، الفرنسية")
    printed = file_pdf.print_file(
        user=marked["w"].director, prisoner_id=prisoner.pk, copy=FileCopy.OWN, reader_language="en"
    )
    assert printed.language == "ar"
    assert re.search(r'<html lang="ar" dir="rtl">', printed.html)
    assert pages_of(printed.content)
    # The staff's own version stays in the reader's language.
    printed = file_pdf.print_file(
        user=marked["w"].director, prisoner_id=prisoner.pk, copy=FileCopy.STAFF, reader_language="en"
    )
    assert '<html lang="en" dir="ltr">' in printed.html
    # A language the service is not offered in: the reader's.
    Prisoner.objects.filter(pk=prisoner.pk).update(languages="Luganda")
    printed = file_pdf.print_file(
        user=marked["w"].director, prisoner_id=prisoner.pk, copy=FileCopy.OWN, reader_language="fr"
    )
    assert printed.language == "fr" and '<html lang="fr" dir="ltr">' in printed.html


def test_every_page_names_who_printed_it_when_the_file_and_the_page(make_staff, marked):
    user = reader(make_staff, marked, roles.DIRECTOR, name="printing-director")
    # A name made to break out of the footer's CSS string and the <style> element.
    user.first_name, user.last_name = 'Amina "Zed"', "</style><h1>Forged"
    user.save()
    prisoner = marked["prisoner"]
    printed = file_pdf.print_file(user=user, prisoner_id=prisoner.pk, copy=FileCopy.STAFF, reader_language="en")
    pages = pages_of(printed.content)
    assert len(pages) >= 2
    with translation.override("en"):
        today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    for number, page in enumerate(pages, start=1):
        flat = re.sub(r"\s+", " ", page)
        assert 'Printed by Amina "Zed" </style><h1>Forged (Prison director) on' in flat, flat[-300:]
        assert today in flat and f"file {prisoner.number}" in flat
        assert f"Page {number} of {len(pages)}" in flat
    assert "Forged" not in pages[0].split("Printed by")[0]


def test_every_section_of_the_file_is_decided_for_the_persons_copy():
    """A new app's section is withheld from the person until someone decides (rules.withheld_from_person):
    each one registered today is named in one of the two lists."""
    registered = {section.key for section in FILE_SECTIONS}
    decided = rules.OWN_COPY_GIVEN | set(rules.OWN_COPY_WITHHELD)
    assert registered <= decided, registered - decided
    assert not rules.OWN_COPY_GIVEN & set(rules.OWN_COPY_WITHHELD)
