"""Staff training in a real Chromium. The trainer imports a staff file with two bad lines: the
preview lists both problems, line by line, and nothing is imported; the corrected file is checked
and imported. The trainer records a session's results, downloads the certificate a pass earned
(its code in the PDF), and someone signed out checks the code on the public page: valid. axe finds
nothing serious on the pages on the way. Asserted on ids and values, not on words."""

import io

import pytest
from pypdf import PdfReader

from custodia.core.tests.browser import axe_violations, describe_violations, sign_in_through_form
from custodia.training.models import Certificate, StaffMember

from .world import training_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "service_number,family_name,given_name,rank,post,prison,sex,language\n"


def no_serious_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_the_trainer_imports_a_staff_file_corrected_after_its_preview(new_page, make_staff):
    t = training_world(make_staff)
    before = StaffMember.objects.count()
    good = f"UG-300,Achieng,Ruth,Sergeant,prison_officer,{t.prison.code},female,en\n"
    bad = (
        HEADER
        + good
        + f"UG-301,Ouma,Joy,,warder,{t.prison.code},female,en\n"  # no such post
        + "UG-302,Kato,Paul,,prison_officer,NOWHERE,male,en\n"  # no such prison
    )
    page = new_page()
    sign_in_through_form(page, t.trainer.username, "en")
    page.goto("/en/training/")
    no_serious_violations(page)
    page.click("#import-staff")
    page.set_input_files("#id_file", files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": bad.encode()}])
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#problems")
    assert page.locator("#problems tbody tr").count() == 2
    assert page.locator("#problems tr[data-line='3'][data-field='post']").count() == 1
    assert page.locator("#problems tr[data-line='4'][data-field='prison']").count() == 1
    assert page.locator("#confirm-form").count() == 0
    assert StaffMember.objects.count() == before
    no_serious_violations(page)

    fixed = (
        HEADER
        + good
        + f"UG-301,Ouma,Joy,,prison_officer,{t.prison.code},female,en\n"
        + f"UG-302,Kato,Paul,,prison_officer,{t.other.code},male,en\n"
    )
    page.set_input_files("#id_file", files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": fixed.encode()}])
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#confirm-form")
    assert page.inner_text("#count-create") == "3" and page.inner_text("#count-problems") == "0"
    no_serious_violations(page)
    page.click("#confirm-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert StaffMember.objects.count() == before + 3
    assert set(
        StaffMember.objects.filter(service_number__in=["UG-301", "UG-302"]).values_list("prison", flat=True)
    ) == {
        t.prison.pk,
        t.other.pk,
    }


def test_results_recorded_a_certificate_downloaded_and_its_code_verified(new_page, make_staff):
    t = training_world(make_staff)
    page = new_page()
    sign_in_through_form(page, t.trainer.username, "en")
    page.goto(f"/en/training/sessions/{t.session.pk}/")
    no_serious_violations(page)
    page.click("#record-results")
    page.wait_for_selector("#results-form")
    no_serious_violations(page)
    amina, brian = (t.session.participants.get(staff=member).pk for member in (t.amina, t.brian))
    # Every day is ticked to begin with: Brian missed the first one.
    page.uncheck(f"#days_{brian}-0")
    page.fill(f"#id_score_{amina}", "85")
    page.fill(f"#id_score_{brian}", "95")
    page.click("#results-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert page.get_attribute(f"tr[data-participant='{amina}']", "data-result") == "passed"
    assert page.get_attribute(f"tr[data-participant='{brian}']", "data-result") == "incomplete"
    certificate = Certificate.objects.get(participant__session=t.session)
    assert certificate.staff == t.amina
    no_serious_violations(page)

    with page.expect_download() as download:
        page.click(f"tr[data-participant='{amina}'] a.certificate-link")
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert certificate.code in text and "Amina Okello" in text

    public = new_page()  # someone signed out: an employer, a donor
    public.goto(f"/en/verify/{certificate.code}/")
    assert public.get_attribute("#verified", "data-valid") == "yes"
    assert public.inner_text("#holder") == "Amina Okello"
    assert "UG-100" not in public.content()
    no_serious_violations(public)
    public.fill("#id_code", "ABCD-EFGH-JKLM")
    public.click("#verify-form button[type=submit]")
    public.wait_for_selector("#verdict.alert-danger")
    no_serious_violations(public)


OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_the_training_pages_fit_a_telephone_in_russian(new_page, make_staff):
    """At 390 px, in Russian (the longest words), no training page scrolls sideways: wide tables
    scroll inside their own box."""
    t = training_world(make_staff)
    page = new_page()
    sign_in_through_form(page, t.trainer.username, "ru")
    page.set_viewport_size({"width": 390, "height": 800})
    wide = []
    for path in (
        "/ru/training/",
        f"/ru/training/staff/{t.trainer_staff.pk}/",
        "/ru/training/staff/import/",
        "/ru/training/courses/",
        f"/ru/training/courses/{t.dynamic.code}/",
        "/ru/training/sessions/",
        "/ru/training/sessions/plan/",
        f"/ru/training/sessions/{t.session.pk}/",
        f"/ru/training/sessions/{t.session.pk}/participants/?q=a",
        f"/ru/training/sessions/{t.session.pk}/results/",
        "/ru/training/elearning/",
        "/ru/training/coverage/",
        "/ru/verify/",
    ):
        page.goto(path)
        if (overflow := page.evaluate(OVERFLOW)) > 0:
            wide.append(f"{path}: {overflow} px too wide")
    assert not wide, wide
