"""Staff training for the tests: staff records, courses (with a training of trainers for each when
asked), certificates and sessions, and a world of two prisons with the training centre's trainer,
each prison's director, headquarters' statistics analyst and staff of each prison."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles
from custodia.estate.models import Prison
from custodia.estate.tests.factories import PrisonFactory
from custodia.training import rules
from custodia.training.choices import CertificateSource, CourseKind, Post, SessionStatus
from custodia.training.models import Certificate, Course, CourseModule, StaffMember, TrainingSession


def titles(en: str) -> dict[str, str]:
    return {"en": en, "fr": f"{en} (fr)", "ar": f"{en} (ar)", "ru": f"{en} (ru)", "kk": f"{en} (kk)"}


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    family_name = factory.Sequence(lambda n: f"Family{n:04d}")
    given_name = factory.Sequence(lambda n: f"Given{n:04d}")
    service_number = factory.Sequence(lambda n: f"SN{n:05d}")
    rank = "Officer"
    post = Post.PRISON_OFFICER
    prison = factory.SubFactory(PrisonFactory)
    sex = "male"
    language = "en"


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"course-{n}")
    kind = CourseKind.CLASSROOM
    titles = factory.LazyAttribute(lambda o: titles(f"Course {o.code}"))
    hours = 8
    pass_mark = 70
    attendance_needed = 80
    validity_months = 36
    audience = factory.LazyFunction(lambda: list(Post.values))

    @factory.post_generation
    def modules(self, create: bool, extracted: int | None, **kwargs: object) -> None:
        if create:
            CourseModule.objects.create(course=self, order=1, titles=titles("Module one"), hours=self.hours)


def tot_for(*courses: Course, code: str | None = None) -> Course:
    """A training-of-trainers course that qualifies for `courses`, each of which it needs."""
    tot = CourseFactory(
        code=code or f"tot-{'-'.join(c.code for c in courses)}",
        kind=CourseKind.TRAINING_OF_TRAINERS,
        audience=[Post.TRAINER],
    )
    tot.prerequisites.set(courses)
    tot.qualifies_for.set(courses)
    return tot


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    staff = factory.SubFactory(StaffMemberFactory)
    course = factory.SubFactory(CourseFactory)
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    valid_until = factory.LazyAttribute(lambda o: rules.valid_until(o.issued_on, o.course.validity_months))
    score = 80
    source = CertificateSource.SESSION
    code = factory.LazyFunction(rules.new_certificate_code)


def certify(staff: StaffMember, course: Course, issued_on: date | None = None, **kwargs: object) -> Certificate:
    return CertificateFactory(
        staff=staff, course=course, issued_on=issued_on or timezone.localdate() - timedelta(30), **kwargs
    )


def session(
    course: Course,
    actor: User,
    *,
    starts_on: date | None = None,
    days: int = 3,
    prison: Prison | None = None,
    trainers: Sequence[StaffMember] = (),
    status: str = SessionStatus.PLANNED,
) -> TrainingSession:
    """A session made directly (no check): the services' own tests go through session_plan."""
    first = starts_on or timezone.localdate() + timedelta(days=7)
    made = TrainingSession.objects.create(
        course=course,
        starts_on=first,
        ends_on=first + timedelta(days=days - 1),
        place="Training centre, room 1",
        prison=prison,
        status=status,
        created_by=actor,
    )
    made.trainers.set(trainers)
    return made


@dataclass
class World:
    prison_a: Prison
    prison_b: Prison
    trainer: User  # the training centre's trainer, nationwide
    director_a: User
    director_b: User
    analyst: User  # headquarters' statistics, nationwide
    wing: User  # a wing officer at prison A: no right to training
    staff_a: list[StaffMember]
    staff_b: list[StaffMember]
    course: Course  # a classroom course, 36 months
    tot: Course  # its training of trainers
    trainer_staff: StaffMember  # the trainer's own staff record, with a valid ToT certificate


def world(make_staff, staff_per_prison: int = 3) -> World:
    prison_a, prison_b = (
        PrisonFactory(name="Alpha Prison", code="ALPHA"),
        PrisonFactory(name="Beta Prison", code="BETA"),
    )
    trainer = make_staff("trainer", roles.TRAINER, nationwide=True)
    course = CourseFactory(code="dynamic")
    tot = tot_for(course)
    trainer_staff = StaffMember.objects.get(user=trainer)
    trainer_staff.post, trainer_staff.family_name, trainer_staff.given_name = Post.TRAINER, "Trainer", "Tina"
    trainer_staff.save()
    certify(trainer_staff, course, timezone.localdate() - timedelta(days=400))
    certify(trainer_staff, tot, timezone.localdate() - timedelta(days=300))
    return World(
        prison_a,
        prison_b,
        trainer,
        make_staff("director_a", roles.DIRECTOR, prisons=[prison_a]),
        make_staff("director_b", roles.DIRECTOR, prisons=[prison_b]),
        make_staff("analyst", roles.HQ_STATISTICS, nationwide=True),
        make_staff("wing_a", roles.WING, prisons=[prison_a]),
        StaffMemberFactory.create_batch(staff_per_prison, prison=prison_a),
        StaffMemberFactory.create_batch(staff_per_prison, prison=prison_b),
        course,
        tot,
        trainer_staff,
    )
