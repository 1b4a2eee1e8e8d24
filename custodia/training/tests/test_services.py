"""Writes of staff training: files read, staff imported all or nothing, records kept with versions,
the catalogue loaded, sessions planned only with certified trainers, participants with their
prerequisites, results and certificates, e-learning completions matched to staff records."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from custodia.core.models import AuditEvent
from custodia.training import rules, services
from custodia.training.choices import CertificateSource, CourseKind, Result, SessionStatus
from custodia.training.models import Certificate, Course, ElearningImport, Participant, StaffMember

from .factories import CourseFactory, StaffMemberFactory, certify, session, tot_for, world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading a file ----------------------------------------------------------------------------------


def test_a_csv_with_bom_and_semicolons_is_read_by_column():
    content = "\ufeffService number;Family name;post\nUPS-1;Okello;prison_officer\n\n;;\nUPS-2;Auma\n".encode()
    table = services.read_table("staff.CSV", content)
    assert table == [
        {"service_number": "UPS-1", "family_name": "Okello", "post": "prison_officer"},
        {"service_number": "", "family_name": "", "post": ""},  # the blank line keeps its place
        {"service_number": "", "family_name": "", "post": ""},
        {"service_number": "UPS-2", "family_name": "Auma", "post": ""},
    ]


def test_an_xlsx_first_sheet_is_read_with_numbers_and_dates_as_text():
    content = _xlsx(
        [["user", "course", "date", "score"], [12345, "mandela-rules", date(2025, 3, 14), 85.0], [None] * 4]
    )
    assert services.read_table("export.xlsx", content) == [
        {"user": "12345", "course": "mandela-rules", "date": "2025-03-14", "score": "85"}
    ]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("staff.pdf", b"%PDF-1.7", "CSV"),
        ("staff.xlsx", b"PK\x03\x04 not a workbook", "Excel"),
        ("staff.xlsx", b"service_number,family_name\n", "Excel"),
        ("staff.csv", "family_name\nOkello\n".encode("utf-16"), "UTF-8"),
        ("staff.csv", b"", "empty"),
        ("staff.csv", b"\n\n", "empty"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_clearly(name, content, says):
    with pytest.raises(ValidationError) as refused:
        services.read_table(name, content)
    assert says in refused.value.message_dict["file"][0]


def test_a_file_too_large_or_too_long_is_refused():
    with pytest.raises(ValidationError):
        services.read_table("staff.csv", b"a" * (services.MAX_FILE_BYTES + 1))
    with pytest.raises(ValidationError) as refused:
        services.read_table("staff.csv", b"service_number\n" + b"1\n" * (services.MAX_LINES + 1))
    assert "lines" in refused.value.message_dict["file"][0]


def test_days_and_scores_as_platforms_write_them():
    assert services.parse_day("2025-03-14") == date(2025, 3, 14)
    assert services.parse_day("2025-03-14T10:22:00Z") == date(2025, 3, 14)
    assert services.parse_day("14/03/2025") == date(2025, 3, 14)
    assert services.parse_day("14.03.2025") == date(2025, 3, 14)
    assert services.parse_day("03/14/2025") is None
    assert services.parse_day("yesterday") is None
    assert [services.parse_score(t) for t in ("85", "85%", " 84.5 ", "84,4", "100", "0")] == [85, 85, 85, 84, 100, 0]
    assert [services.parse_score(t) for t in ("", "101", "-1", "NaN", "Infinity", "eighty")] == [None] * 6


# --- staff import --------------------------------------------------------------------------------------

HEADER = "service_number,family_name,given_name,rank,post,prison,sex,language\n"
GOOD = [
    "UPS-1001,Okello,Grace,Sergeant,prison_officer,ALPHA,f,en\n",
    "UPS-1002,Auma,Sarah,Inspector,Senior officer (supervisor),ALPHA,female,fr\n",
    "UPS-1003,Mugisha,Peter,,case_manager,BETA,m,\n",
    "UPS-1004,Nankya,Ruth,,Headquarters staff,,f,en\n",
]


def test_an_import_with_two_bad_lines_writes_nothing_then_imports_when_fixed(make_staff):
    w = world(make_staff)
    before = StaffMember.objects.count()
    bad = [
        GOOD[0],
        "UPS-1002,Auma,Sarah,Inspector,governor,ALPHA,female,fr\n",
        GOOD[2],
        "UPS-1001,Okello,G,,prison_officer,GAMMA,f,en\n",
    ]
    content = (HEADER + "".join(bad)).encode()
    preview = services.staff_import_preview(actor=w.trainer, file_name="staff.csv", content=content)
    assert not preview.ok
    assert [(p.line, p.field) for p in preview.problems] == [(3, "post"), (5, "service_number"), (5, "prison")]
    assert preview.problem_texts[0].startswith("Line 3, post:")
    with pytest.raises(ValidationError) as refused:
        services.staff_import(actor=w.trainer, file_name="staff.csv", content=content)
    assert len(refused.value.message_dict["file"]) == 3
    assert StaffMember.objects.count() == before
    assert _events("training.staff.import") == 0

    content = (HEADER + "".join(GOOD)).encode()
    preview = services.staff_import_preview(actor=w.trainer, file_name="staff.csv", content=content)
    assert preview.ok and len(preview.to_create) == 4 and not preview.to_update
    assert StaffMember.objects.count() == before  # a preview writes nothing
    done = services.staff_import(actor=w.trainer, file_name="staff.csv", content=content)
    assert len(done.to_create) == 4
    grace = StaffMember.objects.get(service_number="UPS-1001")
    assert (grace.prison, grace.sex, grace.post, grace.rank) == (w.prison_a, "female", "prison_officer", "Sergeant")
    assert StaffMember.objects.get(service_number="UPS-1004").prison is None
    assert _events("training.staff.import") == 4


def test_a_second_import_updates_what_changed_only(make_staff):
    w = world(make_staff)
    services.staff_import(actor=w.trainer, file_name="staff.csv", content=(HEADER + "".join(GOOD)).encode())
    changed = GOOD[0].replace("Sergeant", "Inspector").replace(",en\n", ",ar\n")
    content = (HEADER + changed + "".join(GOOD[1:])).encode()
    preview = services.staff_import_preview(actor=w.trainer, file_name="staff.csv", content=content)
    assert ([r.service_number for r in preview.to_update], len(preview.unchanged), preview.to_create) == (
        ["UPS-1001"],
        3,
        [],
    )
    services.staff_import(actor=w.trainer, file_name="staff.csv", content=content)
    grace = StaffMember.objects.get(service_number="UPS-1001")
    assert (grace.rank, grace.language, grace.version) == ("Inspector", "ar", 2)
    event = AuditEvent.objects.filter(action="training.staff.import", object_id=str(grace.pk)).order_by("-id")[0]
    assert event.changes["rank"] == ["Sergeant", "Inspector"] and "family_name" not in event.changes


def test_an_xlsx_import_works_like_a_csv(make_staff):
    w = world(make_staff)
    rows = [[c for c in line.strip().split(",")] for line in [HEADER, *GOOD]]
    done = services.staff_import(actor=w.trainer, file_name="staff.xlsx", content=_xlsx(rows))
    assert len(done.to_create) == 4


def test_only_the_trainer_imports_and_a_director_cannot(make_staff):
    w = world(make_staff)
    content = (HEADER + "".join(GOOD)).encode()
    for actor in (w.director_a, w.analyst, w.wing):
        with pytest.raises(PermissionDenied):
            services.staff_import_preview(actor=actor, file_name="staff.csv", content=content)
        with pytest.raises(PermissionDenied):
            services.staff_import(actor=actor, file_name="staff.csv", content=content)


def test_a_trainer_bound_to_a_prison_imports_only_its_staff(make_staff):
    w = world(make_staff)
    local = make_staff("local_trainer", "trainer", prisons=[w.prison_a])
    content = (HEADER + "".join(GOOD)).encode()
    preview = services.staff_import_preview(actor=local, file_name="staff.csv", content=content)
    assert [(p.line, p.field) for p in preview.problems] == [(4, "prison"), (5, "prison")]
    # Nor may it take over a record of another prison by its service number.
    services.staff_import(actor=w.trainer, file_name="staff.csv", content=content)
    moved = HEADER + GOOD[2].replace("BETA", "ALPHA")
    preview = services.staff_import_preview(actor=local, file_name="staff.csv", content=moved.encode())
    assert [(p.line, p.field) for p in preview.problems] == [(2, "service_number")]


# --- one staff record ------------------------------------------------------------------------------------


def test_a_staff_record_is_created_and_changed_with_its_version(make_staff):
    w = world(make_staff)
    data = {
        "family_name": " Okello ",
        "given_name": "Grace",
        "service_number": "UPS-9",
        "post": "security",
        "prison": w.prison_a,
        "sex": "female",
        "language": "fr",
        "is_active": True,
    }
    made = services.staff_record_save(actor=w.trainer, staff=None, data=data, version=None)
    assert (made.family_name, made.prison_id, made.version) == ("Okello", w.prison_a.pk, 1)
    changed = services.staff_record_save(
        actor=w.trainer, staff=made, data={"rank": "Inspector", "prison": w.prison_b.pk}, version=1
    )
    assert (changed.rank, changed.prison_id, changed.version, changed.post) == (
        "Inspector",
        w.prison_b.pk,
        2,
        "security",
    )
    with pytest.raises(ValidationError) as refused:
        services.staff_record_save(actor=w.trainer, staff=made, data={"rank": "Chief"}, version=1)
    assert "version" in refused.value.message_dict
    assert _events("training.staff.change") == 2
    # Nothing changed: no new version, no event.
    services.staff_record_save(actor=w.trainer, staff=changed, data={"rank": "Inspector"}, version=2)
    assert StaffMember.objects.get(pk=made.pk).version == 2 and _events("training.staff.change") == 2


def test_a_staff_record_refuses_bad_values_by_field(make_staff):
    w = world(make_staff)
    other = w.staff_a[0]
    with pytest.raises(ValidationError) as refused:
        services.staff_record_save(
            actor=w.trainer,
            staff=None,
            data={
                "family_name": "",
                "post": "warden",
                "sex": "x",
                "language": "de",
                "service_number": other.service_number,
                "rank": "R" * 81,
            },
        )
    assert set(refused.value.message_dict) == {"family_name", "post", "sex", "language", "service_number", "rank"}


def test_a_director_or_a_prison_bound_trainer_cannot_change_other_staff(make_staff):
    w = world(make_staff)
    with pytest.raises(PermissionDenied):
        services.staff_record_save(actor=w.director_a, staff=w.staff_a[0], data={"rank": "X"})
    local = make_staff("local_trainer", "trainer", prisons=[w.prison_a])
    with pytest.raises(PermissionDenied):
        services.staff_record_save(actor=local, staff=w.staff_b[0], data={"rank": "X"})
    with pytest.raises(ValidationError) as refused:
        services.staff_record_save(actor=local, staff=w.staff_a[0], data={"prison": w.prison_b})
    assert "prison" in refused.value.message_dict
    services.staff_record_save(actor=local, staff=w.staff_a[0], data={"rank": "Chief"})


# --- the catalogue -----------------------------------------------------------------------------------------


def test_the_catalogue_loads_in_five_languages_with_its_trainers_courses(make_staff):
    trainer = make_staff("trainer", "trainer", nationwide=True)
    assert services.courses_load(actor=trainer) == 12
    mandela = Course.objects.get(code="mandela-rules")
    assert (mandela.kind, mandela.validity_months, mandela.hours) == (CourseKind.ELEARNING, 36, 8)
    assert set(mandela.titles) == {"en", "fr", "ar", "ru", "kk"}
    assert sum(m.hours for m in mandela.modules.all()) == mandela.hours
    assert len(mandela.audience) == 10  # every post
    assert Course.objects.filter(code__startswith="pcve-").count() == 6
    tot = Course.objects.get(code="tot-pcve")
    assert {c.code for c in tot.prerequisites.all()} == {
        c.code for c in Course.objects.filter(code__startswith="pcve-")
    }
    assert "dynamic-security" in {c.code for c in tot.qualifies_for.all()}
    # Every course has a training of trainers that qualifies for it.
    assert not Course.objects.filter(trainer_courses__isnull=True).exists()
    assert _events("training.courses.load") == 12
    # Loaded again: nothing changes, nothing is audited.
    services.courses_load(actor=None)
    assert _events("training.courses.load") == 12
    with pytest.raises(PermissionDenied):
        services.courses_load(actor=make_staff("director", "prison_director", nationwide=True))


def test_a_changed_catalogue_updates_by_code_and_stops_offering_a_dropped_course(tmp_path, db):
    services.courses_load(actor=None)
    data = yaml.safe_load(services.catalogue_path().read_text(encoding="utf-8"))
    data["courses"] = [c for c in data["courses"] if c["code"] != "tot-custodia"]
    custodia = next(c for c in data["courses"] if c["code"] == "custodia-use")
    custodia["pass_mark"] = 80
    custodia["modules"] = custodia["modules"][:1]
    custodia["hours"] = custodia["modules"][0]["hours"]
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = _events("training.courses.load")
    services.courses_load(actor=None, path=path)
    course = Course.objects.get(code="custodia-use")
    assert (course.pass_mark, course.hours, course.modules.count()) == (80, 2, 1)
    assert not Course.objects.get(code="tot-custodia").is_active
    assert _events("training.courses.load") == before + 2


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d["courses"][0].update(kind="lecture"), "kind"),
        (lambda d: d["courses"][0].update(hours=9), "hours"),
        (lambda d: d["courses"][0].update(audience=["warden"]), "posts"),
        (lambda d: d["courses"][0].update(prerequisites=["nowhere"]), "nowhere"),
        (lambda d: d["courses"][0].update(prerequisites=["mandela-rules"]), "own prerequisite"),
        (lambda d: d["courses"][0].update(qualifies_for=["dynamic-security"]), "qualifies_for"),
        (lambda d: d["courses"].append(dict(d["courses"][0])), "twice"),
        (lambda d: d["courses"][0]["title"].pop("kk"), "kk"),
        (
            lambda d: (
                d["courses"][1].update(prerequisites=["pcve-2-risk-needs"])
                or d["courses"][2].update(prerequisites=["pcve-1-radicalisation"])
            ),
            "lead back",
        ),
    ],
)
def test_a_wrong_catalogue_is_refused_and_loads_nothing(tmp_path, db, change, says):
    data = yaml.safe_load(services.catalogue_path().read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        services.courses_load(actor=None, path=path)
    assert says in refused.value.message_dict["catalogue"][0]
    assert not Course.objects.exists()


def test_manage_load_courses(db, tmp_path):
    out = io.StringIO()
    call_command("load_courses", stdout=out)
    assert "12 courses" in out.getvalue()
    broken = tmp_path / "catalogue.yaml"
    broken.write_text("courses: [", encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_courses", file=Path(broken))


# --- trainers and sessions -----------------------------------------------------------------------------------


def _plan(w, trainers, **kwargs):
    values = {
        "actor": w.trainer,
        "course": w.course,
        "starts_on": TODAY() + timedelta(days=10),
        "ends_on": TODAY() + timedelta(days=12),
        "place": "Training centre, room 2",
        "prison": None,
        "trainers": trainers,
    }
    values.update(kwargs)
    return services.session_plan(**values)


def test_a_trainer_without_a_valid_trainer_certificate_is_refused(make_staff):
    w = world(make_staff)
    novice = StaffMemberFactory(prison=None, family_name="Novice")
    expired = StaffMemberFactory(prison=None, family_name="Expired")
    certify(expired, w.tot, TODAY() - timedelta(days=4 * 365))  # 36 months: expired a year ago
    other = StaffMemberFactory(prison=None, family_name="Other")
    certify(other, tot_for(CourseFactory(code="other")))  # a trainer of another course
    late = StaffMemberFactory(prison=None, family_name="Late")
    certify(late, w.tot, TODAY() + timedelta(days=20))  # certified after the session starts
    with pytest.raises(ValidationError) as refused:
        _plan(w, [w.trainer_staff, novice, expired, other, late])
    reasons = refused.value.message_dict["trainers"]
    assert len(reasons) == 4
    assert [r.split(",")[0] for r in reasons] == ["Novice", "Expired", "Other", "Late"]
    assert _events("training.session.plan") == 0
    made = _plan(w, [w.trainer_staff])
    assert list(made.trainers.all()) == [w.trainer_staff]
    assert _events("training.session.plan") == 1


def test_a_trainer_certificate_expiring_before_the_session_does_not_count(make_staff):
    w = world(make_staff)
    certificate = Certificate.objects.get(staff=w.trainer_staff, course=w.tot)
    certificate.valid_until = TODAY() + timedelta(days=10)
    certificate.save()
    with pytest.raises(ValidationError):
        _plan(w, [w.trainer_staff], starts_on=TODAY() + timedelta(days=10))  # its expiry day
    assert _plan(w, [w.trainer_staff], starts_on=TODAY() + timedelta(days=9))


def test_a_trainer_who_left_the_service_is_refused(make_staff):
    w = world(make_staff)
    w.trainer_staff.is_active = False
    w.trainer_staff.save()
    with pytest.raises(ValidationError) as refused:
        _plan(w, [w.trainer_staff])
    assert "no longer in service" in refused.value.message_dict["trainers"][0]


def test_a_session_plan_refuses_every_bad_field_at_once(make_staff):
    w = world(make_staff)
    w.course.is_active = False
    w.course.save()
    with pytest.raises(ValidationError) as refused:
        _plan(w, [], ends_on=TODAY(), place=" ")
    assert set(refused.value.message_dict) == {"course", "ends_on", "place", "trainers"}
    with pytest.raises(PermissionDenied):
        _plan(w, [w.trainer_staff], actor=w.director_a)
    local = make_staff("local_trainer", "trainer", prisons=[w.prison_a])
    with pytest.raises(ValidationError) as refused:
        _plan(w, [w.trainer_staff], actor=local, course=CourseFactory())
    assert "prison" in refused.value.message_dict


def test_participants_need_the_prerequisites_and_are_set_while_planned(make_staff):
    w = world(make_staff)
    tot_session = session(w.tot, w.trainer, trainers=[w.trainer_staff])
    holder, newcomer, leaver = w.staff_a
    certify(holder, w.course)
    certify(newcomer, w.course, TODAY() - timedelta(days=5 * 365))  # expired
    leaver.is_active = False
    leaver.save()
    with pytest.raises(ValidationError) as refused:
        services.participants_set(
            actor=w.trainer, session=tot_session, staff=[holder, newcomer, leaver, w.trainer_staff], version=1
        )
    reasons = refused.value.message_dict["staff"]
    assert len(reasons) == 3
    assert str(newcomer) in reasons[0] and "prerequisite" in reasons[0]
    assert "no longer in service" in reasons[1]
    assert "trainer of this session" in reasons[2]
    assert not Participant.objects.exists()
    services.participants_set(actor=w.trainer, session=tot_session, staff=[holder, holder], version=1)
    assert list(tot_session.participants.values_list("staff_id", flat=True)) == [holder.pk]
    with pytest.raises(ValidationError) as refused:
        services.participants_set(actor=w.trainer, session=tot_session, staff=[], version=1)
    assert "version" in refused.value.message_dict
    services.participants_set(actor=w.trainer, session=tot_session, staff=[], version=2)
    assert not Participant.objects.exists()
    assert _events("training.session.participants") == 2
    with pytest.raises(PermissionDenied):
        services.participants_set(actor=w.director_a, session=tot_session, staff=[holder])


def _held(w, days: int = 3, participants=None):
    made = session(
        w.course, w.trainer, starts_on=TODAY() - timedelta(days=days - 1), days=days, trainers=[w.trainer_staff]
    )
    services.participants_set(actor=w.trainer, session=made, staff=participants or w.staff_a + w.staff_b)
    made.refresh_from_db()
    return made


def test_results_follow_attendance_and_score_and_each_pass_earns_a_certificate(make_staff):
    w = world(make_staff)
    held = _held(w)
    days = rules.session_days(held.starts_on, held.ends_on)
    people = {p.staff_id: p.pk for p in held.participants.all()}
    a1, a2, a3 = (people[s.pk] for s in w.staff_a)
    b1, b2, b3 = (people[s.pk] for s in w.staff_b)
    results = {
        a1: (days, 90),  # passed
        a2: (days, 69),  # failed
        a3: (days[:2], 95),  # 2 of 3 days: incomplete
        b1: (days, None),  # no score: failed
        b2: (days, 70),  # passed at the mark
        b3: ([], None),
    }
    certificates = services.results_record(actor=w.trainer, session=held, results=results, version=held.version)
    held.refresh_from_db()
    assert held.status == SessionStatus.HELD
    assert {p.pk: p.result for p in held.participants.all()} == {
        a1: Result.PASSED,
        a2: Result.FAILED,
        a3: Result.INCOMPLETE,
        b1: Result.FAILED,
        b2: Result.PASSED,
        b3: Result.INCOMPLETE,
    }
    assert Participant.objects.get(pk=a3).days_attended == [d.isoformat() for d in days[:2]]
    assert len(certificates) == 2
    first = Certificate.objects.get(participant_id=a1)
    assert (first.issued_on, first.valid_until, first.score, first.source) == (
        held.ends_on,
        rules.valid_until(held.ends_on, 36),
        90,
        CertificateSource.SESSION,
    )
    assert rules.normalise_code(first.code) == first.code
    assert _events("training.session.results") == 1
    assert _events("training.certificate.issue") == 2
    with pytest.raises(ValidationError) as refused:
        services.results_record(actor=w.trainer, session=held, results=results)
    assert "already recorded" in refused.value.message_dict["status"][0]


def test_results_are_refused_before_the_last_day_and_with_wrong_days_or_people(make_staff):
    w = world(make_staff)
    coming = session(w.course, w.trainer, starts_on=TODAY(), days=2, trainers=[w.trainer_staff])
    services.participants_set(actor=w.trainer, session=coming, staff=w.staff_a[:1])
    member = coming.participants.get()
    with pytest.raises(ValidationError) as refused:
        services.results_record(actor=w.trainer, session=coming, results={member.pk: ([TODAY()], 90)})
    assert "last day" in refused.value.message_dict["status"][0]
    held = _held(w, participants=w.staff_b[:2])
    one, two = held.participants.all()
    outside = held.ends_on + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.results_record(
            actor=w.trainer, session=held, results={one.pk: ([outside], 101), member.pk: ([], None)}
        )
    problems = refused.value.message_dict["results"]
    assert len(problems) == 4  # two's result missing, a day outside, the score, someone else's participant
    assert not Certificate.objects.filter(participant__isnull=False).exists()
    with pytest.raises(PermissionDenied):
        services.results_record(actor=w.director_b, session=held, results={})


def test_a_cancelled_session_takes_no_participants_or_results(make_staff):
    w = world(make_staff)
    planned = session(w.course, w.trainer, trainers=[w.trainer_staff])
    with pytest.raises(ValidationError) as refused:
        services.session_cancel(actor=w.trainer, session=planned, reason=" ", version=1)
    assert "reason" in refused.value.message_dict
    services.session_cancel(actor=w.trainer, session=planned, reason="The trainer is ill", version=1)
    planned.refresh_from_db()
    assert planned.status == SessionStatus.CANCELLED
    assert AuditEvent.objects.get(action="training.session.change").reason == "The trainer is ill"
    with pytest.raises(ValidationError):
        services.participants_set(actor=w.trainer, session=planned, staff=w.staff_a)
    with pytest.raises(ValidationError):
        services.session_cancel(actor=w.trainer, session=planned, reason="again")


# --- e-learning ---------------------------------------------------------------------------------------------------


def _elearning_world(make_staff):
    w = world(make_staff)
    mandela = CourseFactory(
        code="mandela-rules",
        kind=CourseKind.ELEARNING,
        titles={"en": "The Nelson Mandela Rules", "fr": "Règles", "ar": "قواعد", "ru": "Правила", "kk": "Ережелер"},
    )
    w.director_a.email = "Director.A@Prisons.example"
    w.director_a.save()
    return w, mandela


def test_elearning_completions_are_matched_and_the_rest_listed(make_staff):
    w, mandela = _elearning_world(make_staff)
    a1, a2, a3 = w.staff_a
    day = (TODAY() - timedelta(days=20)).isoformat()
    lines = [
        "user,course,date,score",
        f"{a1.service_number.lower()},mandela-rules,{day},85",  # service number, any case
        f"director_a,The Nelson Mandela Rules,{(TODAY() - timedelta(days=3)).strftime('%d/%m/%Y')},70%",  # user name
        f"director.a@prisons.example,MANDELA-RULES,{day},90",  # e-mail, any case: the same person, another day
        "nobody@example.org,mandela-rules,2025-01-01,90",
        f"{a2.service_number},no-such-course,{day},90",
        f"{a2.service_number},dynamic,{day},90",  # a classroom course
        f"{a2.service_number},mandela-rules,31/02/2025,90",
        f"{a2.service_number},mandela-rules,{(TODAY() + timedelta(days=2)).isoformat()},90",
        f"{a2.service_number},mandela-rules,{day},ninety",
        f"{a3.service_number},mandela-rules,{day},69",
        f"{a1.service_number},mandela-rules,{day},88",  # the same person, course and day again
        ",,,",
    ]
    record = services.elearning_import(actor=w.trainer, file_name="../../export.csv", content="\n".join(lines).encode())
    assert (record.file_name, record.lines, record.certificates) == ("export.csv", 11, 3)
    assert [u["line"] for u in record.unmatched] == [5, 6, 7, 8, 9, 10, 11, 12]
    reasons = [u["reason"] for u in record.unmatched]
    assert "No staff record" in reasons[0]
    assert "No course" in reasons[1]
    assert "not an e-learning course" in reasons[2]
    assert "not a date" in reasons[3]
    assert "future" in reasons[4]
    assert "percentage" in reasons[5]
    assert "pass mark" in reasons[6]
    assert "already recorded" in reasons[7]
    assert record.unmatched[0]["values"] == {
        "user": "nobody@example.org",
        "course": "mandela-rules",
        "date": "2025-01-01",
        "score": "90",
    }
    director_staff = StaffMember.objects.get(user=w.director_a)
    assert Certificate.objects.filter(staff=director_staff, source=CertificateSource.ELEARNING).count() == 2
    first = Certificate.objects.get(staff=a1)
    assert (first.issued_on.isoformat(), first.score, first.valid_until) == (
        day,
        85,
        rules.valid_until(first.issued_on, 36),
    )
    assert _events("training.elearning.import") == 1
    assert _events("training.certificate.issue") == 3
    # The same export imported again issues nothing more.
    again = services.elearning_import(actor=w.trainer, file_name="export.csv", content="\n".join(lines).encode())
    assert again.certificates == 0 and len(again.unmatched) == 11
    assert Certificate.objects.count() == 3 + 2  # and the trainer's own two


def test_an_elearning_user_shared_by_two_records_is_not_guessed(make_staff):
    w, mandela = _elearning_world(make_staff)
    w.analyst.email = "director.a@prisons.example"
    w.analyst.save()
    content = f"user,course,date,score\ndirector.a@prisons.example,mandela-rules,{TODAY().isoformat()},90\n".encode()
    record = services.elearning_import(actor=w.trainer, file_name="export.csv", content=content)
    assert record.certificates == 0 and "Several" in record.unmatched[0]["reason"]


def test_an_elearning_file_without_its_columns_is_refused_whole(make_staff):
    w, mandela = _elearning_world(make_staff)
    with pytest.raises(ValidationError) as refused:
        services.elearning_import(actor=w.trainer, file_name="export.csv", content=b"user,course,score\nx,y,1\n")
    assert "date" in refused.value.message_dict["file"][0]
    assert not ElearningImport.objects.exists()


def test_only_a_nationwide_trainer_imports_elearning(make_staff):
    w, mandela = _elearning_world(make_staff)
    content = b"user,course,date,score\n"
    for actor in (w.director_a, w.analyst, make_staff("local_trainer", "trainer", prisons=[w.prison_a])):
        with pytest.raises(PermissionDenied):
            services.elearning_import(actor=actor, file_name="export.csv", content=content)


def test_prerequisite_refusal_names_what_is_missing(make_staff):
    w = world(make_staff)
    person = w.staff_a[0]
    assert "prerequisite" in services.prerequisite_refusal(staff=person, course=w.tot, on=TODAY())
    certify(person, w.course, TODAY() - timedelta(days=1))
    assert services.prerequisite_refusal(staff=person, course=w.tot, on=TODAY()) is None
    assert services.prerequisite_refusal(staff=person, course=w.tot, on=TODAY() - timedelta(days=2)) is not None
    assert services.prerequisite_refusal(staff=person, course=w.course, on=TODAY()) is None
    assert services.trainer_refusal(trainer=w.trainer_staff, course=w.course, on=TODAY()) is None
    assert services.trainer_refusal(trainer=person, course=w.course, on=TODAY()) is not None


def test_service_numbers_match_in_any_case_cyrillic_included(make_staff):
    w, mandela = _elearning_world(make_staff)
    person = StaffMemberFactory(prison=w.prison_a, service_number="Ж-204517")
    content = f"user,course,date,score\nж-204517,mandela-rules,{TODAY().isoformat()},90\n".encode()
    record = services.elearning_import(actor=w.trainer, file_name="export.csv", content=content)
    assert record.certificates == 1 and Certificate.objects.filter(staff=person, course=mandela).exists()
    # The staff import updates the record rather than making a second one.
    line = "ж-204517,Seitkali,Aigerim,,security,ALPHA,f,kk\n"
    done = services.staff_import(actor=w.trainer, file_name="staff.csv", content=(HEADER + line).encode())
    assert (len(done.to_create), len(done.to_update)) == (0, 1)
    person.refresh_from_db()
    assert (person.service_number, person.family_name) == ("ж-204517", "Seitkali")
    with pytest.raises(ValidationError) as refused:
        services.staff_record_save(actor=w.trainer, staff=None, data={"family_name": "X", "service_number": "Ж-204517"})
    assert "service_number" in refused.value.message_dict


def test_the_first_trainers_are_certified_by_recognising_a_certificate_earned_elsewhere(make_staff):
    """No certificate in Custodia qualifies the very first trainers: the centre recognises the one an
    international partner's training of trainers gave them, and they may then deliver the course."""
    w = world(make_staff)
    master = StaffMemberFactory(prison=None, family_name="Master")
    with pytest.raises(ValidationError):
        _plan(w, [master])
    with pytest.raises(ValidationError) as refused:
        services.certificate_recognise(
            actor=w.trainer,
            staff=master,
            course=w.tot,
            issued_on=TODAY() + timedelta(days=1),
            issued_by=" ",
            valid_until=TODAY(),
        )
    assert set(refused.value.message_dict) == {"issued_by", "issued_on", "valid_until"}
    with pytest.raises(PermissionDenied):
        services.certificate_recognise(
            actor=w.director_a, staff=master, course=w.tot, issued_on=TODAY(), issued_by="Partner", valid_until=None
        )
    recognised = services.certificate_recognise(
        actor=w.trainer,
        staff=master,
        course=w.tot,
        issued_on=TODAY() - timedelta(days=60),
        issued_by="UNODC regional training of trainers, certificate 2026/114",
        valid_until=TODAY() + timedelta(days=3 * 365),
    )
    assert recognised.source == CertificateSource.RECOGNISED and len(recognised.code) == 14
    assert _events("training.certificate.issue") == 1
    assert list(_plan(w, [master]).trainers.all()) == [master]
