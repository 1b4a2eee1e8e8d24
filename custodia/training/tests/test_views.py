"""The training pages: who sees which staff (the trainer everyone, a director their prison's, a wing
officer nothing), the staff import with its line-by-line problems and no partial import, planning a
session with the trainers' qualification checked, participants, results and certificates, the
e-learning import, the coverage page, and the public check of a code. Each list in a bounded number
of queries."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook

from custodia.core.models import AuditEvent
from custodia.training.choices import CertificateSource
from custodia.training.models import Certificate, ElearningImport, Participant, StaffMember, TrainingSession
from custodia.training.views import VERIFY_PER_MINUTE

from .factories import world
from .world import certify, staff, training_world

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "service_number,family_name,given_name,rank,post,prison,sex,language\n"
    "UG-300,Achieng,Ruth,Sergeant,prison_officer,{a},female,en\n"
    "UG-100,Okello,Amina,Inspector,Senior officer (supervisor),{a},f,ru\n"
)
BAD_CSV = GOOD_CSV + "UG-301,,Paul,,warder,{a},m,en\nUG-302,Ouma,Joy,,prison_officer,NOWHERE,female,xx\n"


def upload(name: str, text: str) -> BytesIO:
    handle = BytesIO(text.encode("utf-8"))
    handle.name = name
    return handle


def test_who_sees_which_staff(client, sign_in, make_staff, django_assert_max_num_queries):
    t = training_world(make_staff)
    for n in range(30):
        staff(f"Officer{n:02d}", "Test", t.prison if n % 2 else t.other, f"N-{n}")
    sign_in(client, t.trainer)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("training:staff"))
    assert page.status_code == 200 and "Okello" in page.text and "Mugisha" in page.text
    assert 'id="import-staff"' in page.text
    page = client.get(reverse("training:staff"), {"prison": t.other.pk, "q": "mug"})
    assert "Mugisha" in page.text and "Okello" not in page.text
    page = client.get(reverse("training:staff"), {"post": "trainer"})
    assert "Namuli" in page.text and "Okello" not in page.text
    assert client.get(reverse("training:staff"), {"page": 2}).status_code == 200
    with django_assert_max_num_queries(15):
        page = client.get(reverse("training:staff_detail", args=[t.trainer_staff.pk]))
    assert "Training of trainers" in page.text and 'data-status="valid"' in page.text

    sign_in(client, t.director)
    page = client.get(reverse("training:staff"))
    assert "Okello" in page.text and "Mugisha" not in page.text and 'id="import-staff"' not in page.text
    assert client.get(reverse("training:staff_detail", args=[t.amina.pk])).status_code == 200
    assert client.get(reverse("training:staff_detail", args=[t.brian.pk])).status_code == 404
    assert client.get(reverse("training:staff_edit", args=[t.amina.pk])).status_code == 403
    assert client.get(reverse("training:staff_import")).status_code == 403

    sign_in(client, t.wing)
    assert client.get(reverse("training:staff")).status_code == 403
    assert client.get(reverse("training:staff_detail", args=[t.amina.pk])).status_code == 403
    assert client.get(reverse("training:sessions")).status_code == 403


def test_the_trainer_adds_and_changes_a_staff_record(client, sign_in, make_staff):
    t = training_world(make_staff)
    sign_in(client, t.trainer)
    data = {
        "family_name": "Achieng",
        "given_name": "Ruth",
        "service_number": "UG-100",  # Amina's
        "rank": "Sergeant",
        "post": "prison_officer",
        "prison": t.prison.pk,
        "sex": "female",
        "language": "fr",
        "is_active": "on",
    }
    refused = client.post(reverse("training:staff_add"), data)
    assert refused.status_code == 200 and "error-summary" in refused.text and "service number" in refused.text
    created = client.post(reverse("training:staff_add"), {**data, "service_number": "UG-300"})
    assert created.status_code == 302
    ruth = StaffMember.objects.get(service_number="UG-300")
    assert (ruth.prison, ruth.language, ruth.user) == (t.prison, "fr", None)
    changed = client.post(
        reverse("training:staff_edit", args=[ruth.pk]),
        {**data, "service_number": "UG-300", "rank": "Inspector", "version": ruth.version},
    )
    assert changed.status_code == 302
    ruth.refresh_from_db()
    assert ruth.rank == "Inspector" and ruth.version == 2
    stale = client.post(
        reverse("training:staff_edit", args=[ruth.pk]),
        {**data, "service_number": "UG-300", "rank": "Constable", "version": 1},
    )
    assert stale.status_code == 200 and "Nothing was saved" in stale.text
    assert AuditEvent.objects.filter(action="training.staff.change").count() == 2


def test_a_staff_file_with_problems_imports_nothing_and_once_corrected_everything(client, sign_in, make_staff):
    t = training_world(make_staff)
    sign_in(client, t.trainer)
    url = reverse("training:staff_import")
    before = StaffMember.objects.count()
    page = client.post(url, {"file": upload("staff.csv", BAD_CSV.format(a=t.prison.code))})
    assert page.status_code == 200
    assert 'id="problems"' in page.text and 'id="confirm-form"' not in page.text
    assert 'data-line="4" data-field="family_name"' in page.text
    assert 'data-line="4" data-field="post"' in page.text
    assert 'data-line="5" data-field="prison"' in page.text
    assert 'data-line="5" data-field="language"' in page.text
    # Confirming anyway (a hand-made request) imports nothing either.
    token = client.session["training-staff-import"]["token"]
    again = client.post(url, {"confirm": "1", "token": token})
    assert again.status_code == 200 and 'id="problems"' in again.text
    assert StaffMember.objects.count() == before

    page = client.post(url, {"file": upload("staff.csv", GOOD_CSV.format(a=t.prison.code))})
    assert 'id="confirm-form"' in page.text and 'id="problems"' not in page.text
    assert ">1</strong>" in page.text.split('id="count-create"')[1][:20]
    assert StaffMember.objects.count() == before  # a preview writes nothing
    token = client.session["training-staff-import"]["token"]
    assert client.post(url, {"confirm": "1", "token": "stale"}).status_code == 302  # another upload's token
    done = client.post(url, {"confirm": "1", "token": token})
    assert done.status_code == 302 and done["Location"] == reverse("training:staff")
    assert StaffMember.objects.count() == before + 1
    t.amina.refresh_from_db()
    assert (t.amina.rank, t.amina.post) == ("Inspector", "senior_officer")
    assert AuditEvent.objects.filter(action="training.staff.import").count() == 2
    assert "training-staff-import" not in client.session


def test_a_staff_file_in_xlsx_and_a_file_that_is_not_one(client, sign_in, make_staff):
    t = training_world(make_staff)
    sign_in(client, t.trainer)
    book = Workbook()
    sheet = book.active
    for line in GOOD_CSV.format(a=t.prison.code).splitlines():
        sheet.append(line.split(","))
    content = BytesIO()
    book.save(content)
    content.seek(0)
    content.name = "staff.xlsx"
    page = client.post(reverse("training:staff_import"), {"file": content})
    assert 'id="confirm-form"' in page.text
    page = client.post(reverse("training:staff_import"), {"file": upload("staff.txt", "hello")})
    assert page.status_code == 200 and "error-summary" in page.text
    page = client.post(reverse("training:staff_import"), {"file": upload("staff.xlsx", "not a workbook")})
    assert page.status_code == 200 and "error-summary" in page.text


def test_courses(client, sign_in, make_staff, django_assert_max_num_queries):
    t = training_world(make_staff)
    sign_in(client, t.director)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("training:courses"))
    assert "Dynamic security" in page.text and "The Nelson Mandela Rules" in page.text
    page = client.get(reverse("training:course", args=[t.dynamic.code]))
    assert "Talking with prisoners" in page.text and "Training of trainers" in page.text  # who may deliver it
    assert "Namuli" not in page.text.split('id="qualified-trainers"')[1].split("</dd>")[0]  # the director's staff only
    sign_in(client, t.trainer)
    page = client.get(reverse("training:course", args=[t.dynamic.code]))
    assert "Grace Namuli" in page.text.split('id="qualified-trainers"')[1].split("</dd>")[0]
    page = client.get(reverse("training:course", args=[t.tot.code]))
    assert 'id="prerequisites"' in page.text and "Dynamic security" in page.text.split('id="prerequisites"')[1]
    assert client.get(reverse("training:course", args=["nothing"])).status_code == 404


def test_a_session_planned_only_with_qualified_trainers(client, sign_in, make_staff):
    t = training_world(make_staff)
    untrained = staff("Kato", "John", None, "UG-900", post="trainer")
    certify(untrained, t.tot, timezone.localdate() - timedelta(days=2000))  # expired long ago
    sign_in(client, t.trainer)
    url = reverse("training:session_plan")
    page = client.get(url)
    assert f'value="{untrained.pk}"' in page.text and f'value="{t.trainer_staff.pk}"' in page.text
    start = timezone.localdate() + timedelta(days=10)
    data = {
        "course": t.dynamic.pk,
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=2)).isoformat(),
        "place": "Luzira training room",
        "prison": t.prison.pk,
        "trainers": [untrained.pk, t.trainer_staff.pk],
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "error-summary" in refused.text
    assert "Kato, John holds no training-of-trainers certificate valid" in refused.text
    assert not TrainingSession.objects.filter(place="Luzira training room").exists()
    done = client.post(url, {**data, "trainers": [t.trainer_staff.pk]})
    session = TrainingSession.objects.get(place="Luzira training room")
    assert done.status_code == 302 and done["Location"] == reverse("training:participants", args=[session.pk])
    sign_in(client, t.director)
    assert client.get(url).status_code == 403


def test_participants_results_and_certificates(client, sign_in, make_staff, django_assert_max_num_queries):
    t = training_world(make_staff)
    sign_in(client, t.trainer)
    url = reverse("training:participants", args=[t.session.pk])
    page = client.get(url, {"q": "Namuli"})
    assert page.status_code == 200 and f'id="staff-{t.amina.pk}"' in page.text
    ruth = staff("Achieng", "Ruth", t.prison, "UG-300")
    page = client.post(url, {"staff": [t.amina.pk, t.brian.pk, ruth.pk], "version": t.session.version})
    assert page.status_code == 302
    assert set(t.session.participants.values_list("staff_id", flat=True)) == {t.amina.pk, t.brian.pk, ruth.pk}
    t.session.refresh_from_db()
    results = reverse("training:results", args=[t.session.pk])
    page = client.get(results)
    assert page.status_code == 200 and page.text.count('type="checkbox"') == 3 * 2
    ids = {p.staff_id: p.pk for p in t.session.participants.all()}
    days = [t.session.starts_on.isoformat(), t.session.ends_on.isoformat()]
    data = {
        "version": t.session.version,
        f"days_{ids[t.amina.pk]}": days,
        f"score_{ids[t.amina.pk]}": 85,
        f"days_{ids[t.brian.pk]}": days,
        f"score_{ids[t.brian.pk]}": 40,
        f"days_{ids[ruth.pk]}": days[:1],
        f"score_{ids[ruth.pk]}": 90,
    }
    bad = client.post(results, {**data, f"score_{ids[ruth.pk]}": 120})
    assert bad.status_code == 200 and "error-summary" in bad.text
    done = client.post(results, data)
    assert done.status_code == 302
    assert {p.staff_id: p.result for p in Participant.objects.filter(session=t.session)} == {
        t.amina.pk: "passed",
        t.brian.pk: "failed",
        ruth.pk: "incomplete",
    }
    certificate = Certificate.objects.get(staff=t.amina, course=t.dynamic)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("training:session", args=[t.session.pk]))
    assert reverse("training:certificate_pdf", args=[certificate.pk]) in page.text and certificate.code in page.text
    assert client.get(results).status_code == 302  # recorded once
    # The director of Amina's prison sees the session and only their own staff on it.
    sign_in(client, t.director)
    page = client.get(reverse("training:session", args=[t.session.pk]))
    assert "Okello" in page.text and "Mugisha" not in page.text
    assert client.get(reverse("training:certificate_pdf", args=[certificate.pk])).status_code == 200
    assert client.get(results).status_code == 403


def test_results_wait_for_the_last_day_and_a_session_is_cancelled(client, sign_in, make_staff):
    t = training_world(make_staff)
    later = TrainingSession.objects.create(
        course=t.dynamic,
        starts_on=timezone.localdate() + timedelta(days=5),
        ends_on=timezone.localdate() + timedelta(days=6),
        place="Centre",
        created_by=t.trainer,
    )
    later.trainers.set([t.trainer_staff])
    Participant.objects.create(session=later, staff=t.amina)
    sign_in(client, t.trainer)
    page = client.get(reverse("training:session", args=[later.pk]))
    assert 'id="record-results"' not in page.text and 'id="cancel-form"' in page.text
    refused = client.post(reverse("training:session_cancel", args=[later.pk]), {"reason": " ", "version": 1})
    assert refused.status_code == 302
    later.refresh_from_db()
    assert later.status == "planned"
    done = client.post(reverse("training:session_cancel", args=[later.pk]), {"reason": "Trainer ill", "version": 1})
    assert done.status_code == 302
    later.refresh_from_db()
    assert later.status == "cancelled"


def test_the_session_list(client, sign_in, make_staff, django_assert_max_num_queries):
    t = training_world(make_staff)
    for n in range(12):
        session = TrainingSession.objects.create(
            course=t.dynamic,
            starts_on=timezone.localdate() - timedelta(days=40 * n),
            ends_on=timezone.localdate() - timedelta(days=40 * n),
            place=f"Room {n}",
            prison=t.other if n % 2 else t.prison,
            created_by=t.trainer,
        )
        session.trainers.set([t.trainer_staff])
    sign_in(client, t.trainer)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("training:sessions"))
    assert page.status_code == 200 and "Room 11" in page.text
    year = timezone.localdate().year
    page = client.get(reverse("training:sessions"), {"year": year, "course": t.dynamic.pk})
    assert page.status_code == 200
    page = client.get(reverse("training:sessions"), {"trainer": t.trainer_staff.pk})
    assert "Room 0" in page.text
    sign_in(client, t.director)
    page = client.get(reverse("training:sessions"))
    assert "Room 0" in page.text and "Room 1<" not in page.text  # held for the other prison
    assert "National training centre" in page.text  # attended by Amina


def test_the_elearning_import(client, sign_in, make_staff):
    t = training_world(make_staff)
    sign_in(client, t.trainer)
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    text = (
        "user,course,date,score\n"
        f"UG-100,mandela-rules,{day},88\n"
        f"UG-200,The Nelson Mandela Rules,{day},50\n"
        f"UG-999,mandela-rules,{day},90\n"
        f"UG-200,no-such-course,{day},90\n"
    )
    page = client.post(reverse("training:elearning"), {"file": upload("completions.csv", text)})
    report = ElearningImport.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse("training:elearning_report", args=[report.pk])
    page = client.get(page["Location"])
    assert page.status_code == 200
    assert page.text.count("<tr data-line=") == 3 and "UG-999" in page.text
    assert Certificate.objects.filter(staff=t.amina, course=t.mandela, source="elearning").exists()
    listed = client.get(reverse("training:elearning"))
    assert "completions.csv" in listed.text
    sign_in(client, t.director)
    assert client.get(reverse("training:elearning")).status_code == 403


def test_the_coverage_page(client, sign_in, make_staff, django_assert_max_num_queries):
    t = training_world(make_staff)
    certify(t.amina, t.mandela)
    certify(t.brian, t.mandela, timezone.localdate() - timedelta(days=5000))  # expired
    sign_in(client, t.trainer)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("training_coverage"))
    assert page.status_code == 200
    assert 'id="coverage-prison"' in page.text and "chart-coverage-prison" in page.text
    assert "Luzira" in page.text and "Kitalya" in page.text
    csv = client.get(reverse("training_coverage"), {"csv": "coverage-prison"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv") and "Luzira" in csv.text
    assert client.get(reverse("training_coverage"), {"prison": t.prison.pk}).status_code == 200
    assert client.get(reverse("training_coverage"), {"csv": "nothing"}).status_code == 404
    sign_in(client, t.director)
    page = client.get(reverse("training_coverage"))
    assert page.status_code == 200 and "Luzira" in page.text and "Kitalya" not in page.text
    sign_in(client, t.wing)
    assert client.get(reverse("training_coverage")).status_code == 403


def test_the_public_check_of_a_code(client, make_staff):
    t = training_world(make_staff)
    valid = certify(t.amina, t.mandela, score=91)
    expired = certify(t.brian, t.mandela, timezone.localdate() - timedelta(days=5000))
    # The address printed on the certificate has no language: it leads to the page in the reader's.
    printed = client.get(f"/verify/{valid.code}/", headers={"accept-language": "fr"})
    assert printed.status_code == 302 and printed["Location"] == f"/fr/verify/{valid.code}/"
    translation.activate("en")  # the request left French active in this thread
    page = client.get(reverse("verify_code", args=[valid.code]))
    assert page.status_code == 200 and 'data-valid="yes"' in page.text
    assert "Amina Okello" in page.text and "The Nelson Mandela Rules" in page.text
    # Nothing else of the record: no service number, prison, post, score or other certificate.
    for hidden in ("UG-100", "Luzira", "Prison officer", "91", "Dynamic security"):
        assert hidden not in page.text.split('id="verified"')[1].split("</section>")[0], hidden
    assert "UG-100" not in page.text and "Luzira" not in page.text
    page = client.get(reverse("verify_code", args=[expired.code.lower().replace("-", "")]))
    assert page.status_code == 200 and 'data-valid="no"' in page.text
    page = client.get(reverse("verify_code", args=["ABCD-EFGH-JKLM"]))
    assert page.status_code == 404 and "No certificate has this code" in page.text
    assert client.get(reverse("verify_code", args=["\x00"])).status_code == 404
    form = client.get(reverse("verify"), {"code": valid.code.lower()})
    assert form.status_code == 302 and form["Location"] == reverse("verify_code", args=[valid.code])
    assert "error-summary" in client.get(reverse("verify"), {"code": "short"}).text


def test_the_public_check_is_rate_limited_per_address(client):
    url = reverse("verify_code", args=["ABCD-EFGH-JKLM"])
    answers = [client.get(url, REMOTE_ADDR="10.0.0.1").status_code for _ in range(VERIFY_PER_MINUTE)]
    assert set(answers) == {404}
    limited = client.get(url, REMOTE_ADDR="10.0.0.1")
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 404  # another address


def test_the_menu_and_the_trainers_home(client, sign_in, make_staff):
    t = training_world(make_staff)
    later = TrainingSession.objects.create(
        course=t.dynamic,
        starts_on=timezone.localdate() + timedelta(days=5),
        ends_on=timezone.localdate() + timedelta(days=6),
        place="Centre",
        created_by=t.trainer,
    )
    later.trainers.set([t.trainer_staff])
    sign_in(client, t.trainer)
    home = client.get(reverse("home")).text
    assert reverse("training:staff") in home
    assert "Your training sessions coming" in home and "Your sessions with results to record" in home
    sign_in(client, t.wing)
    assert reverse("training:staff") not in client.get(reverse("home")).text


def test_the_trainer_recognises_a_certificate_earned_elsewhere_and_a_director_cannot(client, sign_in, make_staff):
    w = world(make_staff)
    member = w.staff_a[0]
    url = reverse("training:recognise", args=[member.pk])
    sign_in(client, w.director_a)
    assert client.get(url).status_code == 403
    sign_in(client, w.trainer)
    page = client.get(reverse("training:staff_detail", args=[member.pk])).content.decode()
    assert url in page
    refused = client.post(url, {"course": w.tot.pk, "issued_by": "", "issued_on": "01/01/2026"})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    done = client.post(
        url, {"course": w.tot.pk, "issued_by": "Partner academy, no. 7", "issued_on": "01/01/2026", "valid_until": ""}
    )
    assert done.status_code == 302
    assert member.certificates.get(course=w.tot).source == CertificateSource.RECOGNISED
