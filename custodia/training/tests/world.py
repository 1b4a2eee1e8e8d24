"""Small worlds of staff training for the tests of the pages, the API and the PDF, and the records
the tests that walk every route need (shared_world). Courses are made here, not loaded from the
catalogue, so that each test says what it relies on."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.models import Prison
from custodia.estate.tests.factories import PrisonFactory, PrisonServiceFactory
from custodia.training import rules
from custodia.training.models import (
    Certificate,
    Course,
    CourseModule,
    ElearningImport,
    Participant,
    StaffMember,
    TrainingSession,
)


def titles(en: str, ru: str | None = None) -> dict[str, str]:
    return {"en": en, "fr": f"{en} (fr)", "ar": f"{en} (ar)", "ru": ru or f"{en} (ru)", "kk": f"{en} (kk)"}


def course(code: str, kind: str = "classroom", **fields) -> Course:
    defaults = {"titles": titles(code.replace("-", " ").title()), "hours": 16, "pass_mark": 60, "validity_months": 36}
    return Course.objects.create(code=code, kind=kind, **{**defaults, **fields})


def certify(staff: StaffMember, of: Course, issued_on: date | None = None, **fields) -> Certificate:
    issued_on = issued_on or timezone.localdate() - timedelta(days=30)
    return Certificate.objects.create(
        staff=staff,
        course=of,
        issued_on=issued_on,
        valid_until=fields.pop("valid_until", rules.valid_until(issued_on, of.validity_months)),
        source=fields.pop("source", "session"),
        code=fields.pop("code", rules.new_certificate_code()),
        **fields,
    )


def staff(family: str, given: str, prison: Prison | None, number: str, **fields) -> StaffMember:
    return StaffMember.objects.create(
        family_name=family,
        given_name=given,
        service_number=number,
        post=fields.pop("post", "prison_officer"),
        prison=prison,
        sex=fields.pop("sex", "female"),
        **fields,
    )


@dataclass
class Training:
    prison: Prison  # A
    other: Prison  # B
    trainer: User  # the training centre's trainer, nationwide
    trainer_staff: StaffMember
    director: User  # of prison A
    wing: User  # a wing officer of prison A
    mandela: Course  # e-learning
    dynamic: Course  # classroom, two modules, delivered by holders of `tot`
    tot: Course  # the training of trainers of dynamic security (needs dynamic security)
    amina: StaffMember  # prison A, in Russian
    brian: StaffMember  # prison B
    session: TrainingSession  # dynamic security at the centre, ended yesterday, Amina and Brian on it


def training_world(make_staff, suffix: str = "") -> Training:
    PrisonServiceFactory()
    prison, other = PrisonFactory(name="Luzira"), PrisonFactory(name="Kitalya")
    trainer = make_staff(f"trainer{suffix}", roles.TRAINER, nationwide=True)
    trainer.first_name, trainer.last_name = "Grace", "Namuli"
    trainer.save()
    trainer_staff = StaffMember.objects.get(user=trainer)
    trainer_staff.family_name, trainer_staff.given_name, trainer_staff.post = "Namuli", "Grace", "trainer"
    trainer_staff.save()
    mandela = course(
        "mandela-rules", "elearning", titles=titles("The Nelson Mandela Rules", "Правила Нельсона Манделы"), hours=4
    )
    dynamic = course(
        "dynamic-security", titles=titles("Dynamic security", "Динамическая безопасность"), hours=16, pass_mark=60
    )
    CourseModule.objects.create(course=dynamic, order=1, titles=titles("Knowing the prison"), hours=8)
    CourseModule.objects.create(course=dynamic, order=2, titles=titles("Talking with prisoners"), hours=8)
    tot = course("dynamic-security-tot", "training_of_trainers", titles=titles("Training of trainers"), hours=24)
    tot.prerequisites.set([dynamic])
    tot.qualifies_for.set([dynamic])
    certify(trainer_staff, dynamic, timezone.localdate() - timedelta(days=400))
    certify(trainer_staff, tot, timezone.localdate() - timedelta(days=300))
    amina = staff("Okello", "Amina", prison, f"UG-100{suffix}", language="ru")
    brian = staff("Mugisha", "Brian", other, f"UG-200{suffix}", sex="male")
    yesterday = timezone.localdate() - timedelta(days=1)
    session = TrainingSession.objects.create(
        course=dynamic,
        starts_on=yesterday - timedelta(days=1),
        ends_on=yesterday,
        place="National training centre, Kampala",
        created_by=trainer,
    )
    session.trainers.set([trainer_staff])
    for member in (amina, brian):
        Participant.objects.create(session=session, staff=member)
    return Training(
        prison=prison,
        other=other,
        trainer=trainer,
        trainer_staff=trainer_staff,
        director=make_staff(f"director{suffix}", roles.DIRECTOR, prisons=[prison]),
        wing=make_staff(f"wing{suffix}", roles.WING, prisons=[prison]),
        mandela=mandela,
        dynamic=dynamic,
        tot=tot,
        amina=amina,
        brian=brian,
        session=session,
    )


def shared_world(prison: Prison, actor: User) -> dict[str, object]:
    """For the tests that walk every route: a member of staff of the prison with a certificate, a
    course, a session held for the prison, and an e-learning import."""
    held = course("world-course", titles=titles("World course"))
    member = staff("Worldly", "Wanda", prison, "WORLD-1")
    certificate = certify(member, held)
    session = TrainingSession.objects.create(
        course=held,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        place="Prison hall",
        prison=prison,
        created_by=actor,
    )
    Participant.objects.create(session=session, staff=member)
    report = ElearningImport.objects.create(
        file_name="completions.csv",
        lines=2,
        certificates=0,
        unmatched=[{"line": 2, "values": {"user": "nobody"}, "reason": "No staff record"}],
        imported_by=actor,
    )
    return {
        "staff": member,
        "course_code": held.code,
        "training_session": session,
        "certificate": certificate,
        "certificate_code": certificate.code,
        "elearning_import": report,
    }
