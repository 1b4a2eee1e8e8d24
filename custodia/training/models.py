"""Staff training: the staff of the service (users of Custodia and others), the courses of the
national training centre as data in the five languages, the sessions held with their trainers and
participants, and the certificates a pass earns, each with a code anyone may verify.

Nothing here is deleted: a staff record leaves the service (inactive), a session is cancelled, and a
certificate keeps its dates, so that the coverage of any past day can be counted again."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from custodia.core.profiles import Label
from custodia.estate.models import Prison
from custodia.register.choices import Sex

from .choices import CertificateSource, CourseKind, Post, Result, SessionStatus

USER = settings.AUTH_USER_MODEL


class StaffMember(models.Model):
    """A member of staff. Every user of Custodia has one (training.signals); staff who do not use
    Custodia are recorded too. No prison: headquarters or the training centre."""

    user = models.OneToOneField(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="staff_record", verbose_name=_("user")
    )
    family_name = models.CharField(_("family name"), max_length=150)
    given_name = models.CharField(_("given name"), max_length=150)
    service_number = models.CharField(_("service number"), max_length=40, blank=True)
    rank = models.CharField(_("rank"), max_length=80, blank=True)
    post = models.CharField(_("post"), max_length=30, choices=Post.choices)
    prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("prison")
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    # The language a certificate is written in.
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    is_active = models.BooleanField(_("in service"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff member")
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_number"], condition=~Q(service_number=""), name="staff_service_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["prison", "post"])]

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_name}"


class Course(models.Model):
    """A course of the catalogue (training_courses/catalogue.yaml, loaded by `load_courses`).
    A training-of-trainers course names the courses its holders may deliver (`qualifies_for`)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=CourseKind.choices)
    titles = models.JSONField(_("title"))  # {"en": ..., "fr": ..., "ar": ..., "ru": ..., "kk": ...}
    hours = models.PositiveSmallIntegerField(_("hours"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    # Days a participant must attend out of the session's days, as a share (a classroom course).
    attendance_needed = models.PositiveSmallIntegerField(_("attendance needed (%)"), default=80)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Empty: the certificate does not expire.")
    )
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name=_("prerequisites")
    )
    qualifies_for = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="trainer_courses",
        verbose_name=_("qualifies to deliver"),
    )
    audience = models.JSONField(_("meant for"), default=list)  # codes of Post
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("course")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="course_pass_mark_percent"),
            models.CheckConstraint(condition=Q(attendance_needed__lte=100), name="course_attendance_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return str(Label(**self.titles))


class CourseModule(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField()
    titles = models.JSONField(_("title"))
    hours = models.PositiveSmallIntegerField(_("hours"))

    class Meta:
        ordering = ["course_id", "order"]
        constraints = [models.UniqueConstraint(fields=["course", "order"], name="course_module_order_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return str(Label(**self.titles))


class TrainingSession(models.Model):
    """A course held from one day to another at a place, by trainers certified to deliver it."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("course"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200)
    # The prison whose staff it is for; none: the national training centre.
    prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("prison")
    )
    trainers = models.ManyToManyField(StaffMember, related_name="sessions_delivered", verbose_name=_("trainers"))
    status = models.CharField(_("status"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="training_session_ends_after_start")
        ]
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_on}"


class Participant(models.Model):
    """A member of staff on a session: the days attended, the assessment's score and the result."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="participants")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="participations")
    days_attended = models.JSONField(_("days attended"), default=list)  # ISO dates
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)

    class Meta:
        ordering = ["session_id", "staff__family_name", "staff__given_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "staff"], name="training_participant_unique"),
            models.CheckConstraint(condition=Q(score__lte=100), name="training_score_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.session}"


class Certificate(models.Model):
    """What a pass earns: from a session, from an e-learning completion imported from the learning
    platform, or recognised from another institution. `code` is printed on the PDF and answers at
    /verify/<code>."""

    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="certificates")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    issued_on = models.DateField(_("issued"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=CertificateSource.choices)
    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    # A recognised certificate: the institution that issued it and its own number.
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        ordering = ["-issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "course", "issued_on"], name="certificate_once_a_day"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("issued_on")),
                name="certificate_valid_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["course", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.code} {self.staff} · {self.course}"


class ElearningImport(models.Model):
    """One file of completions exported by the learning platform: kept with the lines that matched
    no staff record or course, so that the training centre can follow them up."""

    file_name = models.CharField(_("file"), max_length=200)
    lines = models.PositiveIntegerField(_("lines"))
    certificates = models.PositiveIntegerField(_("certificates issued"))
    unmatched = models.JSONField(_("lines not matched"), default=list)  # [{"line", "values", "reason"}]
    imported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-learning import")
        ordering = ["-imported_at", "id"]

    def __str__(self) -> str:
        return self.file_name
