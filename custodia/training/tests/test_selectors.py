"""Reads of staff training: what a director, headquarters and the trainer see (a director of
another prison sees nothing of this prison's staff), the public check of a code, the trainer's
home, and the coverage's figures in a number of queries that does not grow with the staff."""

from datetime import date, timedelta
from itertools import cycle

import pytest
from django.utils import timezone

from custodia.training import selectors, services
from custodia.training.choices import CertificateSource, CourseKind, Post, Result, SessionStatus
from custodia.training.models import Certificate, Participant, StaffMember

from .factories import CourseFactory, StaffMemberFactory, certify, session, world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _table(tables, slug):
    return next(t for t in tables if t.slug == slug)


def _centre_session(w, participants):
    """A session of the centre held today (this year, whatever the day), with its results: everyone passes."""
    held = session(w.course, w.trainer, starts_on=TODAY(), days=1, trainers=[w.trainer_staff])
    services.participants_set(actor=w.trainer, session=held, staff=participants)
    days = [held.starts_on]
    services.results_record(actor=w.trainer, session=held, results={p.pk: (days, 90) for p in held.participants.all()})
    held.refresh_from_db()
    return held


def test_a_director_of_another_prison_sees_nothing_of_this_prisons_staff(make_staff):
    w = world(make_staff)
    a_staff = w.staff_a[0]
    certificate = certify(a_staff, w.course)
    at_a = session(w.course, w.trainer, prison=w.prison_a, trainers=[w.trainer_staff])
    services.participants_set(actor=w.trainer, session=at_a, staff=w.staff_a)
    centre = _centre_session(w, [w.staff_a[1], w.staff_b[0]])

    b = w.director_b
    assert set(selectors.staff_list(user=b)) == set(w.staff_b)
    assert not selectors.staff_list(user=b, prison_id=w.prison_a.pk).exists()
    assert not selectors.staff_list(user=b, q=a_staff.family_name).exists()
    with pytest.raises(StaffMember.DoesNotExist):
        selectors.staff_get(user=b, staff_id=a_staff.pk)
    assert not selectors.certificates_of(user=b, staff_id=a_staff.pk).exists()
    with pytest.raises(Certificate.DoesNotExist):
        selectors.certificate_get(user=b, certificate_id=certificate.pk)
    # The session at prison A is not theirs; the centre's, which one of theirs attends, is, but
    # with their own participant only.
    assert list(selectors.session_list(user=b)) == [centre]
    assert [p.staff for p in selectors.session_participants(user=b, session=centre)] == [w.staff_b[0]]
    with pytest.raises(type(at_a).DoesNotExist):
        selectors.session_get(user=b, session_id=at_a.pk)
    # The coverage has no row for prison A, and no names but the trainers'.
    tables = selectors.coverage(user=b, on=TODAY())
    assert [row[0] for row in _table(tables, "coverage-prison").rows] == ["Beta Prison"]
    assert selectors.coverage(user=b, on=TODAY(), prison_id=w.prison_a.pk) == []
    names = {str(s) for s in w.staff_a + w.staff_b}
    for table in tables:
        assert not names & {str(cell) for row in table.rows for cell in row}


def test_the_director_sees_their_staff_and_headquarters_everyone(make_staff):
    w = world(make_staff)
    assert set(selectors.staff_list(user=w.director_a)) == set(w.staff_a)
    assert selectors.staff_get(user=w.director_a, staff_id=w.staff_a[0].pk) == w.staff_a[0]
    everyone = set(selectors.staff_list(user=w.analyst))
    assert set(w.staff_a + w.staff_b) | {w.trainer_staff} <= everyone
    assert set(selectors.staff_list(user=w.analyst, prison_id=w.prison_b.pk)) == set(w.staff_b)
    assert set(selectors.staff_list(user=w.trainer)) == everyone


def test_without_the_right_nothing_is_seen(make_staff):
    w = world(make_staff)
    certify(w.staff_a[0], w.course)
    session(w.course, w.trainer, prison=w.prison_a, trainers=[w.trainer_staff])
    assert not selectors.staff_list(user=w.wing).exists()
    assert not selectors.session_list(user=w.wing).exists()
    assert not selectors.certificates_of(user=w.wing, staff_id=w.staff_a[0].pk).exists()
    assert selectors.coverage(user=w.wing, on=TODAY()) == []


def test_staff_list_filters(make_staff):
    w = world(make_staff)
    first = w.staff_a[0]
    first.post, first.is_active = Post.SECURITY, False
    first.save()
    assert first not in selectors.staff_list(user=w.trainer)
    assert first in selectors.staff_list(user=w.trainer, active=None)
    assert list(selectors.staff_list(user=w.trainer, post=Post.SECURITY, active=False)) == [first]
    assert list(
        selectors.staff_list(user=w.trainer, q=f"{first.given_name.lower()} {first.family_name}", active=None)
    ) == [first]
    assert list(selectors.staff_list(user=w.trainer, q=first.service_number, active=None)) == [first]


def test_sessions_by_year_course_status_and_trainer(make_staff):
    w = world(make_staff)
    other_trainer = StaffMemberFactory(prison=None)
    mine = session(w.course, w.trainer, trainers=[w.trainer_staff, other_trainer])
    theirs = session(w.tot, w.trainer, starts_on=date(2024, 5, 1), trainers=[other_trainer])
    assert list(selectors.session_list(user=w.trainer, trainer=w.trainer_staff)) == [mine]
    assert list(selectors.session_list(user=w.trainer, trainer=other_trainer)) == [mine, theirs]
    assert list(selectors.session_list(user=w.trainer, year=2024)) == [theirs]
    assert list(selectors.session_list(user=w.trainer, course_id=w.course.pk)) == [mine]
    assert list(selectors.session_list(user=w.trainer, status=SessionStatus.HELD)) == []
    got = selectors.session_get(user=w.trainer, session_id=mine.pk)
    assert set(got.trainers.all()) == {w.trainer_staff, other_trainer}


def test_courses_and_who_may_deliver_them(make_staff):
    w = world(make_staff)
    CourseFactory(code="zz-old", is_active=False)
    codes = [c.code for c in selectors.course_list()]
    assert codes[-1] == "zz-old" and "dynamic" in codes
    assert [c.code for c in selectors.course_list(active=False)] == ["zz-old"]
    course = selectors.course_get("dynamic")
    assert [c.code for c in course.trainer_courses.all()] == [w.tot.code]
    with pytest.raises(type(course).DoesNotExist):
        selectors.course_get("nope")
    assert list(selectors.course_trainers(user=w.trainer, course=w.course, on=TODAY())) == [w.trainer_staff]
    assert not selectors.course_trainers(user=w.trainer, course=w.tot, on=TODAY()).exists()
    assert not selectors.course_trainers(user=w.director_a, course=w.course, on=TODAY()).exists()


def test_the_public_check_reveals_only_name_course_and_dates(make_staff):
    w = world(make_staff)
    person = w.staff_a[0]
    valid = certify(person, w.course, TODAY() - timedelta(days=10))
    expired = certify(person, w.course, TODAY() - timedelta(days=4 * 365))
    found = selectors.certificate_verify(valid.code.lower().replace("-", ""))
    assert found == selectors.VerifiedCertificate(
        name=f"{person.given_name} {person.family_name}",
        course=w.course.title,
        issued_on=valid.issued_on,
        valid_until=valid.valid_until,
        valid_now=True,
    )
    assert set(vars(found)) == {"name", "course", "issued_on", "valid_until", "valid_now"}
    assert selectors.certificate_verify(expired.code).valid_now is False
    assert selectors.certificate_verify(valid.code, today=valid.issued_on - timedelta(days=1)).valid_now is False
    assert selectors.certificate_verify("ABCD-EFGH-JKLM") is None
    assert selectors.certificate_verify("' OR 1=1 --") is None


def test_the_course_title_is_in_the_readers_language(make_staff):
    from django.utils import translation

    w = world(make_staff)
    valid = certify(w.staff_a[0], w.course)
    with translation.override("fr"):
        assert selectors.certificate_verify(valid.code).course == w.course.titles["fr"]


def test_the_trainers_home(make_staff):
    w = world(make_staff)
    coming = session(w.course, w.trainer, trainers=[w.trainer_staff])
    due = session(w.course, w.trainer, starts_on=TODAY() - timedelta(days=2), days=3, trainers=[w.trainer_staff])
    session(
        w.course,
        w.trainer,
        starts_on=TODAY() - timedelta(days=30),
        trainers=[w.trainer_staff],
        status=SessionStatus.HELD,
    )
    session(w.course, w.trainer, trainers=[StaffMemberFactory(prison=None)])  # someone else's
    expiring = Certificate.objects.get(staff=w.trainer_staff, course=w.tot)
    expiring.valid_until = TODAY() + timedelta(days=20)
    expiring.save()
    home = selectors.trainer_home(user=w.trainer)
    assert home["staff"] == w.trainer_staff
    assert home["coming"] == [coming]
    assert home["results_due"] == [due]
    assert home["expiring"] == [expiring]
    assert selectors.trainer_home(user=w.director_a)["coming"] == []


def test_coverage_counts_valid_certificates_by_prison_post_and_sex(make_staff):
    w = world(make_staff, staff_per_prison=4)
    a1, a2, a3, a4 = w.staff_a
    a4.post = Post.HEALTH_CARE  # not in the course's audience
    a4.sex = "female"
    a4.save()
    w.course.audience = [Post.PRISON_OFFICER]
    w.course.save()
    certify(a1, w.course, TODAY() - timedelta(days=10))
    certify(a2, w.course, TODAY() - timedelta(days=36 * 30))  # expires within 90 days
    certify(a3, w.course, TODAY() - timedelta(days=4 * 365))  # expired
    certify(a4, w.course, TODAY() - timedelta(days=10))  # holds it though not meant for it
    certify(w.staff_b[0], w.course, TODAY() + timedelta(days=3))  # not yet issued
    tables = selectors.coverage(user=w.analyst, on=TODAY())
    assert [t.slug for t in tables] == [
        "coverage-prison",
        "coverage-post",
        "coverage-sex",
        "coverage-expiring",
        "coverage-centre",
        "coverage-elearning",
        "coverage-trainers",
    ]
    prisons = _table(tables, "coverage-prison")
    course_at = prisons.columns.index(f"{w.course.title}: holding a valid certificate")
    rows = {row[0]: row for row in prisons.rows}
    # Alpha: 4 in service, 3 prison officers (the course's audience), 2 of them hold a valid one.
    assert (rows["Alpha Prison"][1], rows["Alpha Prison"][course_at], rows["Alpha Prison"][course_at + 1]) == (
        4,
        2,
        66.7,
    )
    assert (rows["Beta Prison"][1], rows["Beta Prison"][course_at], rows["Beta Prison"][course_at + 1]) == (4, 0, 0.0)
    assert "Headquarters and the training centre" in rows
    posts = {row[0]: row for row in _table(tables, "coverage-post").rows}
    assert posts["Prison officer"][1:3] == [7, 2] and posts["Health-care staff"][course_at] == 0
    assert posts["Health-care staff"][course_at + 1] is None  # no one it is meant for
    sexes = {row[0]: row for row in _table(tables, "coverage-sex").rows}
    assert sexes["Male"][course_at] == 2 and sexes["Female"][1] == 1
    expiring = {row[0]: row for row in _table(tables, "coverage-expiring").rows}
    # Of the course: a1, a2 and a4 valid; a2 expiring. (The trainer's own certificate is older
    # than a year: still valid, not expiring.)
    assert expiring[w.course.title][1:] == [4, 1]
    # A director sees their prison only, without the headquarters row.
    mine = _table(selectors.coverage(user=w.director_a, on=TODAY()), "coverage-prison")
    assert [row[0] for row in mine.rows] == ["Alpha Prison"]
    # Headquarters narrows to a prison.
    one = _table(selectors.coverage(user=w.analyst, on=TODAY(), prison_id=w.prison_b.pk), "coverage-prison")
    assert [row[0] for row in one.rows] == ["Beta Prison"]
    # A day in the past counts the certificates of that day.
    past = _table(selectors.coverage(user=w.analyst, on=TODAY() - timedelta(days=4 * 365 - 1)), "coverage-prison")
    assert {row[0]: row for row in past.rows}["Alpha Prison"][course_at] == 1  # a3's, then new


def test_coverage_centre_output_elearning_and_the_cascade(make_staff):
    w = world(make_staff)
    year = TODAY().year
    mandela = CourseFactory(code="mandela", kind=CourseKind.ELEARNING)
    _centre_session(w, w.staff_a + w.staff_b[:1])  # four passes at the centre
    at_b = session(w.course, w.trainer, prison=w.prison_b, starts_on=TODAY(), days=1, trainers=[w.trainer_staff])
    services.participants_set(actor=w.trainer, session=at_b, staff=w.staff_b[1:])
    services.results_record(
        actor=w.trainer, session=at_b, results={p.pk: ([at_b.starts_on], 40) for p in at_b.participants.all()}
    )
    for person, day in zip(w.staff_a + w.staff_b, cycle([TODAY(), date(year - 1, 6, 1)])):
        certify(person, mandela, day, source=CertificateSource.ELEARNING)
    certify(w.staff_a[0], mandela, date(year - 2, 6, 1), source=CertificateSource.ELEARNING)  # a refresher
    tables = selectors.coverage(user=w.analyst, on=TODAY())
    centre = _table(tables, "coverage-centre")
    assert centre.columns[-1] == "Target"
    assert centre.rows == [[str(year - 2), 0, 100], [str(year - 1), 0, 100], [str(year), 4, 100]]  # the generic profile
    elearning = _table(tables, "coverage-elearning")
    assert [row[:3] for row in elearning.rows] == [[str(year - 2), 1, 1], [str(year - 1), 3, 4], [str(year), 3, 6]]
    trainers = _table(tables, "coverage-trainers")
    assert trainers.rows == [[str(w.trainer_staff), 1, 2, 4]]
    # The director of B: their staff's passes at the centre and completions, no target.
    mine = selectors.coverage(user=w.director_b, on=TODAY())
    assert _table(mine, "coverage-centre").rows[-1] == [str(year), 1]
    assert [row[:3] for row in _table(mine, "coverage-elearning").rows][-1] == [str(year), 1, 3]
    # The trainer of the sessions their staff attended is named to them.
    assert [row[0] for row in _table(mine, "coverage-trainers").rows] == [str(w.trainer_staff)]


def _many(w, count: int, courses: list) -> None:
    people = StaffMemberFactory.create_batch(count, prison=w.prison_a)
    people += StaffMemberFactory.create_batch(count, prison=w.prison_b, sex="female")
    for index, person in enumerate(people):
        certify(person, courses[index % len(courses)], TODAY() - timedelta(days=index % 900 + 1))
    held = session(
        w.course,
        w.trainer,
        starts_on=TODAY() - timedelta(days=3),
        days=1,
        trainers=[w.trainer_staff],
        status=SessionStatus.HELD,
    )
    Participant.objects.bulk_create(Participant(session=held, staff=p, result=Result.PASSED) for p in people)


@pytest.mark.parametrize("user", ["analyst", "director_a"])
def test_coverage_runs_a_bounded_number_of_queries(make_staff, django_assert_max_num_queries, user):
    w = world(make_staff)
    courses = [w.course, w.tot, *CourseFactory.create_batch(3)]
    _many(w, 5, courses)
    reader = getattr(w, user)
    reader = type(reader).objects.get(pk=reader.pk)  # as read for a request
    with django_assert_max_num_queries(16) as few:
        selectors.coverage(user=reader, on=TODAY())
    _many(w, 40, [*courses, *CourseFactory.create_batch(5)])
    reader = type(reader).objects.get(pk=reader.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        tables = selectors.coverage(user=reader, on=TODAY())
    assert len(_table(tables, "coverage-prison").columns) == 2 + 2 * 10


def test_lists_run_a_bounded_number_of_queries(make_staff, django_assert_max_num_queries):
    w = world(make_staff)
    _many(w, 30, [w.course, w.tot])
    with django_assert_max_num_queries(4):
        found = list(selectors.staff_list(user=w.analyst))
        assert len(found) > 60 and all(s.prison is None or s.prison.name for s in found)
    with django_assert_max_num_queries(6):
        sessions = list(selectors.session_list(user=w.director_a).prefetch_related("trainers"))
        assert all(s.course.title and list(s.trainers.all()) for s in sessions)
    with django_assert_max_num_queries(4):
        assert len(selectors.session_participants(user=w.director_a, session=sessions[0])) == 30
    with django_assert_max_num_queries(4):
        assert all(c.course.title for c in selectors.certificates_of(user=w.director_a, staff_id=w.staff_a[0].pk))
