"""A person's photograph (Mandela Rule 7): recorded at admission and later, audited, kept with its
date, served only to who may open the file, shown on the file and in the list; and the file's
summary at the top of its page."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from custodia.accounts import roles
from custodia.core.actions import AuditAction
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.register import services
from custodia.register.models import Photograph, Prisoner

from .factories import admission_data, admit, released, row_counts
from .pictures import picture
from .wizard import admission_steps, wizard_post

pytestmark = pytest.mark.django_db

JPEG_START = b"\xff\xd8\xff"


def today():
    return timezone.localdate()


def record(prisoner, actor=None, *, days_ago: int = 0, image: bytes | None = None) -> Photograph:
    return services.photograph_record(
        actor=actor,
        prisoner=prisoner,
        image=picture() if image is None else image,
        taken_on=today() - timedelta(days=days_ago),
    )


def upload(data: bytes | None = None, name: str = "face.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture() if data is None else data, content_type="image/jpeg")


# --- The service ----------------------------------------------------------------------------------


def test_a_photograph_is_recorded_with_its_audit_event_and_the_newest_is_shown(make_staff):
    cell = CellFactory()
    officer = make_staff("reception", roles.RECEPTION, prisons=[cell.unit.prison])
    prisoner = admit(cell=cell)

    first = record(prisoner, officer, days_ago=30)
    second = record(prisoner, officer)

    assert bytes(first.image).startswith(JPEG_START)
    assert list(prisoner.photographs.values_list("pk", flat=True)) == [second.pk, first.pk]
    assert second.recorded_by == officer and second.taken_on == today()
    events = AuditEvent.objects.filter(action="prisoner.photograph", object_id=str(prisoner.pk)).order_by("id")
    assert [(event.actor, event.changes) for event in events] == [
        (officer, {"photograph_taken_on": [None, first.taken_on.isoformat()]}),
        (officer, {"photograph_taken_on": [first.taken_on.isoformat(), today().isoformat()]}),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "said"),
    [
        ({"image": b"not an image"}, "image", "This file is not a photograph"),
        ({"days_ago": -1}, "taken_on", "cannot be in the future"),
        ({"days_ago": 10}, "taken_on", "a new one cannot be older"),  # the one on file is from 5 days ago
    ],
)
def test_a_refused_photograph_writes_nothing(kwargs, field, said):
    prisoner = admit()
    record(prisoner, days_ago=5)
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        record(prisoner, **kwargs)
    assert said in refused.value.message_dict[field][0]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("role", "at_the_prison", "refusal"),
    [
        (roles.RECEPTION, True, None),
        (roles.WING, True, None),
        (roles.CASE_MANAGER, True, "You do not have the right to record a photograph."),
        (roles.WING, False, "Only the prison that holds this person can change the file."),
    ],
)
def test_who_may_record_a_photograph(make_staff, role, at_the_prison, refusal):
    prisoner = admit()
    prison = prisoner.current_prison if at_the_prison else PrisonFactory()
    actor = make_staff("someone", role, prisons=[prison])
    assert services.photograph_refusal(actor, prisoner) == refusal
    if refusal is None:
        assert record(prisoner, actor).prisoner == prisoner
        return
    before = row_counts()
    with pytest.raises(PermissionDenied, match=refusal):
        record(prisoner, actor)
    assert row_counts() == before


def test_an_admission_records_the_photograph_taken_at_reception(staff_user):
    admitted_at = timezone.now() - timedelta(days=2)
    prisoner = admit(actor=staff_user, photograph=picture(1600, 1200), admitted_at=admitted_at)
    photograph = prisoner.photographs.get()
    assert photograph.taken_on == timezone.localdate(admitted_at) and (photograph.width, photograph.height) == (
        800,
        600,
    )
    assert AuditEvent.objects.filter(action="prisoner.photograph", actor=staff_user).count() == 1


def test_an_admission_with_a_file_that_is_no_photograph_is_refused_whole(staff_user):
    before = row_counts()
    with pytest.raises(ValidationError) as refused:
        services.prisoner_admit(actor=staff_user, data=admission_data(photograph=b"GIF89a broken"))
    assert "This file is not a photograph" in refused.value.message_dict["photograph"][0]
    assert row_counts() == before


def test_a_readmission_adds_the_new_photograph_and_keeps_the_old(staff_user):
    cell = CellFactory()
    person = released(cell, photograph=picture())
    data = admission_data(cell=cell, photograph=picture(), admitted_at=timezone.now())
    services.prisoner_readmit(actor=staff_user, prisoner=person, data=data)
    assert [p.taken_on for p in person.photographs.all()] == [today(), today() - timedelta(days=60)]


# --- Serving the image ----------------------------------------------------------------------------


def test_the_image_is_served_to_a_reader_of_the_file_and_kept_out_of_caches(client, make_staff, sign_in):
    prisoner = admit()
    older, newer = record(prisoner, days_ago=3), record(prisoner)
    sign_in(client, make_staff("wing", roles.WING, prisons=[prisoner.current_prison]))

    response = client.get(reverse("register:photograph_image", args=[prisoner.pk, older.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response.content == bytes(older.image)
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    current = client.get(reverse("register:photograph_current", args=[prisoner.pk]))
    assert current.content == bytes(newer.image)
    thumbnail = client.get(reverse("register:photograph_thumbnail", args=[prisoner.pk, newer.pk]))
    assert thumbnail.content == bytes(newer.thumbnail) and len(thumbnail.content) < len(current.content)


def test_reading_a_full_size_photograph_is_logged_and_a_thumbnail_is_not(client, make_staff, sign_in):
    prisoner = admit()
    shown = record(prisoner)
    reader = make_staff("wing", roles.WING, prisons=[prisoner.current_prison])
    sign_in(client, reader)
    reads = AuditEvent.objects.filter(actor=reader, action=AuditAction.READ, reason="photograph")

    client.get(reverse("register:photograph_thumbnail", args=[prisoner.pk, shown.pk]))
    assert not reads.exists()
    client.get(reverse("register:photograph_current", args=[prisoner.pk]))
    assert list(reads.values_list("object_id", flat=True)) == [str(prisoner.pk)]


def test_an_image_does_not_save_the_session_again(staff_client):
    """The page that shows it moves the idle timeout on; a list's thumbnails would each write it."""
    prisoner = admit()
    photograph = record(prisoner)
    with CaptureQueriesContext(connection) as page:
        staff_client.get(reverse("register:prisoner_detail", args=[prisoner.pk]))
    with CaptureQueriesContext(connection) as image:
        assert (
            staff_client.get(reverse("register:photograph_image", args=[prisoner.pk, photograph.pk])).status_code == 200
        )
    assert any("django_session" in query["sql"] for query in page.captured_queries)
    assert not any("django_session" in query["sql"] for query in image.captured_queries)


def test_who_may_not_open_the_file_gets_404(client, make_staff, sign_in):
    prisoner, other = admit(), admit()
    photograph = record(prisoner)
    record(other)
    sign_in(client, make_staff("elsewhere", roles.WING, prisons=[PrisonFactory()]))
    for url in (
        reverse("register:photograph_image", args=[prisoner.pk, photograph.pk]),
        reverse("register:photograph_current", args=[prisoner.pk]),
        reverse("register:photograph_thumbnail", args=[prisoner.pk, photograph.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # A reader of the other file does not reach this one's photograph through the other's id.
    sign_in(client, make_staff("there", roles.WING, prisons=[other.current_prison]))
    assert client.get(reverse("register:photograph_image", args=[other.pk, photograph.pk])).status_code == 404
    assert client.get(reverse("register:photograph_image", args=[other.pk, photograph.pk + 999])).status_code == 404


def test_the_api_gives_the_url_of_the_photograph_shown_now(staff_client):
    prisoner, without = admit(), admit()
    record(prisoner, days_ago=2)
    newest = record(prisoner)
    detail = staff_client.get(f"/api/v1/prisoners/{prisoner.pk}").json()
    assert detail["photograph_url"] == reverse("register:photograph_image", args=[prisoner.pk, newest.pk])
    assert staff_client.get(detail["photograph_url"]).content == bytes(newest.image)
    assert staff_client.get(f"/api/v1/prisoners/{without.pk}").json()["photograph_url"] is None


def test_a_file_without_a_photograph_answers_404(staff_client):
    prisoner = admit()
    assert staff_client.get(reverse("register:photograph_current", args=[prisoner.pk])).status_code == 404


# --- The form on the file -------------------------------------------------------------------------


def test_an_officer_records_a_photograph_from_the_file(client, make_staff, sign_in):
    prisoner = admit()
    sign_in(client, make_staff("wing", roles.WING, prisons=[prisoner.current_prison]))
    url = reverse("register:photograph_create", args=[prisoner.pk])

    form = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form
    assert re.search(r'<input type="file" name="image"[^>]*accept="image/\*"[^>]*capture="environment"', form)
    response = client.post(url, {"image": upload(picture(2000, 1000)), "taken_on": today().isoformat()})
    assert response.status_code == 302 and response["Location"] == reverse(
        "register:prisoner_detail", args=[prisoner.pk]
    )
    assert (prisoner.photographs.get().width, prisoner.photographs.get().height) == (800, 400)


def test_a_file_that_is_no_photograph_is_refused_on_its_field(staff_client):
    prisoner = admit()
    url = reverse("register:photograph_create", args=[prisoner.pk])
    response = staff_client.post(url, {"image": upload(b"just text", "notes.jpg"), "taken_on": today().isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<div class="invalid-feedback d-block" role="alert">This file is not a photograph', html)
    assert not Photograph.objects.exists()


def test_the_form_is_not_offered_where_the_person_is_not_held(client, make_staff, sign_in):
    prisoner = admit()
    sign_in(client, make_staff("elsewhere", roles.WING, prisons=[PrisonFactory()]))
    url = reverse("register:photograph_create", args=[prisoner.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"image": upload(), "taken_on": today().isoformat()}).status_code == 404
    assert not Photograph.objects.exists()


# --- The file and the list ------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "offered"), [(roles.WING, True), (roles.CASE_MANAGER, False)])
def test_the_file_shows_the_photograph_and_offers_a_new_one_to_who_may(client, make_staff, sign_in, role, offered):
    prisoner = admit(given_names="Grace", family_name="Atim")
    photograph = record(prisoner, days_ago=1)
    sign_in(client, make_staff("reader", role, prisons=[prisoner.current_prison]))
    html = client.get(reverse("register:prisoner_detail", args=[prisoner.pk])).content.decode()
    image = reverse("register:photograph_image", args=[prisoner.pk, photograph.pk])
    assert f'src="{image}"' in html and 'alt="Photograph of Grace Atim"' in html
    assert "Taken on" in html
    assert (reverse("register:photograph_create", args=[prisoner.pk]) in html) is offered


def test_a_file_without_a_photograph_says_so(staff_client):
    prisoner = admit()
    html = staff_client.get(reverse("register:prisoner_detail", args=[prisoner.pk])).content.decode()
    assert 'id="file-photograph-missing"' in html and "No photograph" in html


def test_the_list_shows_thumbnails_in_one_query(staff_client, staff_user, django_assert_max_num_queries):
    cell = CellFactory()
    people = [admit(cell=cell, given_names=f"Person{i:02d}") for i in range(12)]
    with_photograph = {person.pk: record(person) for person in people[::2]}
    for person in people[::2]:  # an older photograph too: the list shows the newest
        services.photograph_record(actor=None, prisoner=person, image=picture(), taken_on=today())

    # As many queries as the list without photographs (test_views: 14): the newest is a subquery.
    with django_assert_max_num_queries(14):
        html = staff_client.get(reverse("register:prisoner_list")).content.decode()
    thumbnails = re.findall(r'src="/en/prisoners/(\d+)/photographs/(\d+)/thumbnail.jpg"', html)
    assert {int(prisoner) for prisoner, _photograph in thumbnails} == set(with_photograph)
    newest = {person.pk: person.photographs.first().pk for person in people[::2]}
    assert {int(prisoner): int(photograph) for prisoner, photograph in thumbnails} == newest
    assert all(newest[pk] != with_photograph[pk].pk for pk in newest)


# --- The file at a glance -------------------------------------------------------------------------


def test_the_summary_shows_the_next_hearing_and_the_release(staff_client):
    hearing_on = today() + timedelta(days=9)
    prisoner = admit(
        case=services.CaseData("High Court, Gulu", "HC-12", next_hearing=hearing_on),
        legal_status="convicted",
        offences=[services.OffenceData("0401", "Robbery", status="convicted")],
        sentence=services.SentenceData(imposed_on=today() - timedelta(days=10), starts_on=today(), years=2),
    )
    html = staff_client.get(reverse("register:prisoner_detail", args=[prisoner.pk])).content.decode()
    glance = html[html.index('id="glance"') : html.index("</section>", html.index('id="glance"'))]
    hearing = re.search(r'id="glance-hearing"><time datetime="([\d-]+)"', glance)
    assert hearing and hearing.group(1) == hearing_on.isoformat()
    assert "High Court, Gulu" in glance
    full_term = prisoner.sentences.get().full_term_release_on
    assert 'id="glance-release"' in glance and f"full term {date_format(full_term, 'SHORT_DATE_FORMAT')}" in glance
    assert 'id="glance-location"' in glance and prisoner.current_prison.name in glance
    assert 'id="glance-classification"' in glance  # the classification section's own summary


def test_the_side_menu_folds_behind_a_button_and_the_print_header_names_the_person(staff_client):
    prisoner = admit(given_names="Grace", family_name="Atim")
    html = staff_client.get(reverse("register:prisoner_detail", args=[prisoner.pk])).content.decode()
    assert re.search(r'data-menu-toggle aria-controls="file-menu"', html)
    assert re.search(r'<ul class="nav flex-column small collapse d-lg-flex sticky-lg-top" id="file-menu">', html)
    header = re.search(r'id="print-running-header">(.*?)</div>', html).group(1)
    assert "Grace Atim" in header and prisoner.number in header


# --- At admission ---------------------------------------------------------------------------------


def back_to_identity(client):
    return client.post(
        reverse("register:admit"), {"admission_wizard-current_step": "x", "wizard_goto_step": "identity"}
    )


def test_the_photograph_chosen_at_admission_survives_back_and_next_and_is_recorded(staff_client):
    cell = CellFactory()
    prison = cell.unit.prison
    steps = dict(admission_steps(prison))
    # Chosen on a step refused for another field: the photograph is kept all the same.
    refused = wizard_post(staff_client, "identity", {**steps["identity"], "given_names": "", "photograph": upload()})
    html = refused.content.decode()
    assert "This field is required." in html and 'id="kept-photograph"' in html and "data:image/jpeg;base64," in html
    wizard_post(staff_client, "identity", steps["identity"])
    wizard_post(staff_client, "names", steps["names"])
    # Back to the identity step: the photograph is still there, with the way to remove it.
    back = back_to_identity(staff_client)
    assert 'id="kept-photograph"' in back.content.decode() and "Remove the photograph" in back.content.decode()
    for name, data in admission_steps(prison):
        wizard_post(staff_client, name, data)
    confirm = wizard_post(staff_client, "placement", {"cell": cell.pk})
    assert "Attached" in confirm.content.decode()
    assert wizard_post(staff_client, "confirm", {}).status_code == 302
    admitted = Prisoner.objects.get(display_name="Grace Atim")
    # Taken on the day of the admission (an hour ago in the wizard's data: yesterday just after midnight).
    assert admitted.photographs.get().taken_on == timezone.localdate(admitted.admissions.get().admitted_at)


def test_a_photograph_chosen_at_admission_can_be_removed_and_a_non_image_is_refused(staff_client):
    prison = CellFactory().unit.prison
    identity = dict(admission_steps(prison))["identity"]
    refused = wizard_post(staff_client, "identity", {**identity, "photograph": upload(b"%PDF-1.4")})
    assert "This file is not a photograph" in refused.content.decode()
    assert "photograph" not in staff_client.session["wizard_admission_wizard"]["extra_data"]

    wizard_post(staff_client, "identity", {**identity, "photograph": upload()})
    assert "photograph" in staff_client.session["wizard_admission_wizard"]["extra_data"]
    back_to_identity(staff_client)
    typed = {f"identity-{key}": value for key, value in {**identity, "given_names": "Gracious"}.items()}
    removed = staff_client.post(
        reverse("register:admit"), {"admission_wizard-current_step": "identity", "photograph_remove": "1", **typed}
    )
    html = removed.content.decode()
    assert 'id="kept-photograph"' not in html and 'value="Gracious"' in html  # what was typed is kept
    assert "photograph" not in staff_client.session["wizard_admission_wizard"]["extra_data"]
