"""Writes of staff training, each in one transaction with its audit event.

The national training centre's trainers (`manage_training`) keep the staff records (one at a time
or imported from a spreadsheet, all lines or none), load the course catalogue, plan sessions with
trainers who hold a valid training-of-trainers certificate for the course, set the participants
(each with the course's prerequisites), record attendance and scores after the last day (a pass
earns a certificate with a code anyone may verify), and import the e-learning platform's
completions. A trainer bound to prisons keeps only their staff and sessions."""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import Field, field_validator, model_validator
from pydantic import ValidationError as SchemaError

from custodia.accounts.selectors import prison_scope
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.formats import local_date
from custodia.core.profiles import Label, Strict
from custodia.core.refusals import ensure_allowed
from custodia.core.versions import bump_version, check_version
from custodia.core.workflow import locked
from custodia.estate.models import Prison
from custodia.register.choices import Sex

from . import rules
from .choices import CertificateSource, CourseKind, Post, Result, SessionStatus
from .models import Certificate, Course, CourseModule, ElearningImport, Participant, StaffMember, TrainingSession

VIEW = "accounts.view_training"
MANAGE = "accounts.manage_training"

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_LINES = 20_000  # lines of a file under its header
LONGEST_SESSION_DAYS = 92
ELEARNING_COLUMNS = ("user", "course", "date", "score")
KEPT_VALUE_LENGTH = 200  # characters of each value of an unmatched line kept with the import


def catalogue_path() -> Path:
    directory = getattr(settings, "TRAINING_COURSES_DIR", Path(settings.BASE_DIR) / "training_courses")
    return Path(directory) / "catalogue.yaml"


# --- who may act --------------------------------------------------------------------------------------


def _reaches(actor: User, prison_id: int | None) -> bool:
    """Whether the actor keeps the records of a prison's staff (none: headquarters and the centre,
    which only nationwide users keep)."""
    scope = prison_scope(actor)
    return scope is None or (prison_id is not None and prison_id in scope)


def manage_refusal(actor: User) -> str | None:
    if actor.has_perm(MANAGE):
        return None
    return _("Only the training centre's trainers keep staff records, courses and training sessions.")


def staff_refusal(actor: User, staff: StaffMember) -> str | None:
    """Who may change a staff record: a trainer who keeps the records of the staff's prison."""
    if manage_refusal(actor) is None and _reaches(actor, staff.prison_id):
        return None
    return _("Only the training centre's trainers keep the records of this member of staff.")


def session_refusal(actor: User, session: TrainingSession) -> str | None:
    """Who may change a session (participants, results, cancellation)."""
    if manage_refusal(actor) is None and _reaches(actor, session.prison_id):
        return None
    return _("Only the training centre's trainers change this training session.")


def elearning_refusal(actor: User) -> str | None:
    """The platform's export covers the whole service: only a nationwide trainer imports it."""
    if manage_refusal(actor) is None and prison_scope(actor) is None:
        return None
    return _("Only the training centre's trainers, nationwide, import e-learning completions.")


def valid_on(on: date, prefix: str = "") -> Q:
    """Certificates (or, with `prefix`, the records whose certificates are) valid on `on`:
    issued by then and not yet expired."""
    return Q(**{f"{prefix}issued_on__lte": on}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gt": on})
    )


# --- reading a file -----------------------------------------------------------------------------------


def _column(name: object) -> str:
    return str(name or "").replace("\ufeff", "").strip().casefold().replace(" ", "_").replace("-", "_")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # PostgreSQL keeps no NUL character in text.
    return str(value).replace("\x00", "").strip()


def _csv_cells(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            {"file": _("The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”.")}
        ) from exc
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        return [
            [_cell(value) for value in row]
            for row in csv.reader(io.StringIO(text.replace("\x00", "")), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ValidationError({"file": _("The file cannot be read as CSV: %(error)s") % {"error": exc}}) from exc


def _xlsx_cells(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    found: list[list[str]] = []
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            for row in book.worksheets[0].iter_rows(values_only=True):
                found.append([_cell(value) for value in row])
                if len(found) > 5 * MAX_LINES:
                    break
        finally:
            book.close()
    except Exception as exc:  # a damaged or disguised file fails in many ways, all the same to the user
        raise ValidationError(
            {"file": _("The file cannot be read as an Excel workbook (.xlsx): save it again from the spreadsheet.")}
        ) from exc
    while found and not any(found[-1]):
        found.pop()
    return found


def read_table(file_name: str, content: bytes) -> list[dict[str, str]]:
    """The lines of a CSV (UTF-8 with or without BOM, comma or semicolon) or XLSX file (its first
    sheet) under its header, each a dict by column (names in lower case, spaces as underscores,
    every value text, stripped). An empty line is kept (all values empty) so that the n-th dict is
    line n + 2 of the file."""
    extension = Path(file_name).suffix.casefold()
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError({"file": _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}})
    if extension == ".csv":
        cells = _csv_cells(content)
    elif extension == ".xlsx":
        cells = _xlsx_cells(content)
    else:
        raise ValidationError({"file": _("Give a CSV (.csv) or Excel (.xlsx) file.")})
    if not cells or not any(cells[0]):
        raise ValidationError({"file": _("The file is empty: its first line names the columns.")})
    if len(cells) - 1 > MAX_LINES:
        raise ValidationError({"file": _("The file has more than %(count)s lines: split it.") % {"count": MAX_LINES}})
    columns: list[tuple[int, str]] = []
    for position, name in enumerate(_column(value) for value in cells[0]):
        if name and name not in {taken for _p, taken in columns}:
            columns.append((position, name))
    return [{name: row[pos] if pos < len(row) else "" for pos, name in columns} for row in cells[1:]]


def _problem_text(problem: rules.RowProblem) -> str:
    if problem.line <= 1 and not problem.field:
        return problem.message
    return _("Line %(line)s, %(field)s: %(message)s") % {
        "line": problem.line,
        "field": problem.field or "-",
        "message": problem.message,
    }


# --- staff records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffImportPreview:
    """What an import would do: the lines that create a record, those that change one (by service
    number), those that change nothing, and every problem. Nothing is written while any problem
    is left."""

    to_create: list[rules.StaffRow] = field(default_factory=list)
    to_update: list[rules.StaffRow] = field(default_factory=list)
    unchanged: list[rules.StaffRow] = field(default_factory=list)
    problems: list[rules.RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_texts(self) -> list[str]:
        return [_problem_text(problem) for problem in self.problems]


def _differs(record: StaffMember, row: rules.StaffRow) -> bool:
    return any(getattr(record, name) != value for name, value in row.values().items())


def numbered_staff() -> dict[str, int]:
    """Staff record ids by service number in any case (casefolded here: SQLite's LOWER() folds
    ASCII letters only, and service numbers are written in Cyrillic too): one query."""
    return {
        number.casefold(): pk
        for pk, number in StaffMember.objects.exclude(service_number="").values_list("pk", "service_number")
    }


def _preview(actor: User, file_name: str, content: bytes) -> tuple[StaffImportPreview, dict[str, StaffMember]]:
    """The preview and the records the file's service numbers name, by casefolded number."""
    rows = read_table(file_name, content)
    numbers = {(row.get("service_number") or "").strip().casefold() for row in rows} - {""}
    ids = {number: pk for number, pk in numbered_staff().items() if number in numbers}
    records = StaffMember.objects.select_related("prison").in_bulk(list(ids.values()))
    known = {number: records[pk] for number, pk in ids.items()}
    prisons_by_code = dict(Prison.objects.filter(is_active=True).values_list("code", "pk"))
    parsed, problems = rules.parse_staff_rows(rows, prisons_by_code=prisons_by_code, known_numbers=set(known))
    preview = StaffImportPreview(problems=problems)
    for row in parsed:
        existing = known.get(row.service_number.casefold())
        if not _reaches(actor, row.prison_id):
            preview.problems.append(
                rules.RowProblem(row.line, "prison", _("You keep the records of the staff of your prisons only."))
            )
        elif existing is not None and not _reaches(actor, existing.prison_id):
            preview.problems.append(
                rules.RowProblem(
                    row.line, "service_number", _("This service number is recorded for staff of another prison.")
                )
            )
        elif existing is None:
            preview.to_create.append(row)
        elif _differs(existing, row):
            preview.to_update.append(row)
        else:
            preview.unchanged.append(row)
    preview.problems.sort(
        key=lambda problem: (
            (problem.line, rules.STAFF_COLUMNS.index(problem.field))
            if problem.field in rules.STAFF_COLUMNS
            else (problem.line, -1)
        )
    )
    return preview, known


def staff_import_preview(*, actor: User, file_name: str, content: bytes) -> StaffImportPreview:
    """What importing the file would do, line by line; nothing is written."""
    ensure_allowed(manage_refusal(actor))
    return _preview(actor, file_name, content)[0]


@transaction.atomic
def staff_import(*, actor: User, file_name: str, content: bytes) -> StaffImportPreview:
    """Every line of the file, or none: refused with every problem (ValidationError on "file") if
    any line has one. A new service number creates a record, a known one updates it; each record
    created or changed has its own audit event."""
    ensure_allowed(manage_refusal(actor))
    preview, known = _preview(actor, file_name, content)
    if preview.problems:
        raise ValidationError({"file": preview.problem_texts})
    written: list[tuple[StaffMember, dict[str, list[Any]]]] = []
    for row in preview.to_create:
        record = StaffMember.objects.create(**row.values())
        written.append((record, audit.changes_of(**{name: (None, value) for name, value in row.values().items()})))
    for row in preview.to_update:
        record = known[row.service_number.casefold()]
        changes = audit.changes_of(**{name: (getattr(record, name), value) for name, value in row.values().items()})
        for name, value in row.values().items():
            setattr(record, name, value)
        bump_version(record, list(row.values()))
        written.append((record, changes))
    for record, changes in written:
        audit.record(
            actor=actor,
            action=AuditAction.TRAINING_STAFF_IMPORT,
            obj=record,
            changes={**changes, "file": [None, Path(file_name).name[:200]]},
        )
    return preview


STAFF_FIELDS = (
    "family_name",
    "given_name",
    "service_number",
    "rank",
    "post",
    "prison_id",
    "sex",
    "language",
    "is_active",
)


def _prison_id(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, Prison):
        return value.pk
    if isinstance(value, int):
        return value
    return int(str(value))


def _staff_problems(actor: User, record: StaffMember) -> dict[str, str]:
    problems = {}
    if not record.family_name:
        problems["family_name"] = _("Give the family name.")
    for name, longest in rules.MAX_LENGTHS.items():
        if len(getattr(record, name)) > longest:
            problems[name] = _("At most %(count)s characters.") % {"count": longest}
    if record.post not in Post.values:
        problems["post"] = _("Choose the post.")
    if record.sex not in Sex.values:
        problems["sex"] = _("Choose the sex.")
    if record.language not in rules.LANGUAGES:
        problems["language"] = _("Choose the language.")
    if record.prison_id is not None and not Prison.objects.filter(pk=record.prison_id).exists():
        problems["prison"] = _("Choose the prison.")
    elif not _reaches(actor, record.prison_id):
        problems["prison"] = _("You keep the records of the staff of your prisons only.")
    if record.service_number and numbered_staff().get(record.service_number.casefold(), record.pk) != record.pk:
        problems["service_number"] = _("Another member of staff has this service number.")
    return problems


@transaction.atomic
def staff_record_save(
    *, actor: User, staff: StaffMember | None, data: dict[str, Any], version: int | None = None
) -> StaffMember:
    """Creates a staff record (`staff` None) or changes the fields of `data` in one (family_name,
    given_name, service_number, rank, post, prison (a Prison, its id or None), sex, language,
    is_active); the others are left as they are."""
    ensure_allowed(manage_refusal(actor))
    if staff is not None:
        staff = locked(staff)
        check_version(staff, version)
        ensure_allowed(staff_refusal(actor, staff))
    record = staff if staff is not None else StaffMember(post=Post.OTHER)
    before = {name: getattr(record, name) for name in STAFF_FIELDS}
    for name, value in data.items():
        if name in ("prison", "prison_id"):
            try:
                record.prison_id = _prison_id(value)
            except ValueError as exc:
                raise ValidationError({"prison": _("Choose the prison.")}) from exc
        elif name == "is_active":
            record.is_active = bool(value)
        elif name in STAFF_FIELDS:
            setattr(record, name, str(value or "").strip())
    problems = _staff_problems(actor, record)
    if problems:
        raise ValidationError(problems)
    changed = [name for name in STAFF_FIELDS if getattr(record, name) != before[name]]
    if staff is None:
        record.save()
        changes = audit.changes_of(**{name: (None, getattr(record, name)) for name in STAFF_FIELDS})
    elif not changed:
        return record
    else:
        changes = audit.changes_of(**{name: (before[name], getattr(record, name)) for name in changed})
        bump_version(record, changed)
    audit.record(actor=actor, action=AuditAction.TRAINING_STAFF_CHANGE, obj=record, changes=changes)
    return record


# --- the course catalogue -----------------------------------------------------------------------------


class ModuleEntry(Strict):
    title: Label
    hours: int = Field(ge=1, le=2000)


class CourseEntry(Strict):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)
    kind: str
    title: Label
    hours: int = Field(ge=1, le=2000)
    pass_mark: int = Field(ge=0, le=100)
    attendance_needed: int = Field(default=80, ge=0, le=100)
    validity_months: int | None = Field(default=None, ge=1, le=600)
    # Codes of Post, or "all" for every post.
    audience: list[str] | str = "all"
    prerequisites: list[str] = []
    qualifies_for: list[str] = []
    modules: list[ModuleEntry] = Field(min_length=1)

    @field_validator("kind")
    @classmethod
    def known_kind(cls, value: str) -> str:
        if value not in CourseKind.values:
            raise ValueError(f"not a kind of course: {value} (one of {', '.join(CourseKind.values)})")
        return value

    @field_validator("audience")
    @classmethod
    def known_posts(cls, value: list[str] | str) -> list[str] | str:
        if isinstance(value, str):
            if value != "all":
                raise ValueError('a list of posts, or "all"')
            return value
        unknown = [post for post in value if post not in Post.values]
        if unknown or not value:
            raise ValueError(f"not posts: {', '.join(unknown) or 'none'} (codes of {', '.join(Post.values)})")
        return value

    @model_validator(mode="after")
    def consistent(self) -> "CourseEntry":
        if sum(module.hours for module in self.modules) != self.hours:
            raise ValueError(f"{self.code}: the hours of its modules add up to the course's hours ({self.hours})")
        trains = self.kind == CourseKind.TRAINING_OF_TRAINERS
        if trains != bool(self.qualifies_for):
            raise ValueError(f"{self.code}: a training-of-trainers course, and only one, names qualifies_for")
        if self.code in self.prerequisites:
            raise ValueError(f"{self.code}: a course cannot be its own prerequisite")
        return self

    def posts(self) -> list[str]:
        return list(Post.values) if isinstance(self.audience, str) else list(self.audience)


class Catalogue(Strict):
    courses: list[CourseEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def references(self) -> "Catalogue":
        codes = [course.code for course in self.courses]
        if len(codes) != len(set(codes)):
            raise ValueError(f"codes given twice: {sorted({c for c in codes if codes.count(c) > 1})}")
        for course in self.courses:
            unknown = [code for code in (*course.prerequisites, *course.qualifies_for) if code not in codes]
            if unknown:
                raise ValueError(f"{course.code}: no course {', '.join(unknown)} in the catalogue")
        needs = {course.code: set(course.prerequisites) for course in self.courses}
        for code in codes:
            seen, todo = set(), list(needs[code])
            while todo:
                other = todo.pop()
                if other == code:
                    raise ValueError(f"{code}: its prerequisites lead back to it")
                if other not in seen:
                    seen.add(other)
                    todo.extend(needs[other])
        return self


def read_catalogue(path: Path) -> Catalogue:
    """The catalogue file, checked against its schema; ValidationError on "catalogue" if wrong."""
    try:
        return Catalogue.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ValidationError(
            {"catalogue": _("The course catalogue %(path)s cannot be read.") % {"path": path}}
        ) from exc
    except (yaml.YAMLError, SchemaError) as exc:
        raise ValidationError(
            {"catalogue": _("The course catalogue %(path)s is not valid: %(error)s") % {"path": path, "error": exc}}
        ) from exc


def _modules_of(entry: CourseEntry) -> list[tuple[dict[str, str], int]]:
    return [(module.title.model_dump(), module.hours) for module in entry.modules]


@transaction.atomic
def courses_load(*, actor: User | None, path: Path | None = None) -> int:
    """Loads the catalogue (training_courses/catalogue.yaml by default): a course is created or
    updated by its code, with its modules, prerequisites and the courses it qualifies to deliver;
    a course the catalogue no longer lists is no longer offered (its certificates stay). Each
    course created or changed is audited. Returns the number of courses in the catalogue."""
    if actor is not None:
        ensure_allowed(manage_refusal(actor))
    catalogue = read_catalogue(path or catalogue_path())
    existing = {
        course.code: course for course in Course.objects.prefetch_related("modules", "prerequisites", "qualifies_for")
    }
    courses: dict[str, Course] = {}
    changes: dict[str, dict[str, list[Any]]] = {}
    for entry in catalogue.courses:
        course = existing.get(entry.code) or Course(code=entry.code)
        wanted: dict[str, Any] = {
            "kind": entry.kind,
            "titles": entry.title.model_dump(),
            "hours": entry.hours,
            "pass_mark": entry.pass_mark,
            "attendance_needed": entry.attendance_needed,
            "validity_months": entry.validity_months,
            "audience": entry.posts(),
            "is_active": True,
        }
        new = course.pk is None
        before = {name: None if new else getattr(course, name) for name in wanted}
        for name, value in wanted.items():
            setattr(course, name, value)
        course.save()
        courses[entry.code] = course
        changes[entry.code] = audit.changes_of(**{name: (before[name], wanted[name]) for name in wanted})
        modules = [] if new else [(module.titles, module.hours) for module in course.modules.all()]
        if modules != _modules_of(entry):
            course.modules.all().delete()
            CourseModule.objects.bulk_create(
                CourseModule(course=course, order=order, titles=titles, hours=hours)
                for order, (titles, hours) in enumerate(_modules_of(entry), start=1)
            )
            changes[entry.code]["modules"] = [len(modules), len(entry.modules)]
    for entry in catalogue.courses:
        course = courses[entry.code]
        new = entry.code not in existing
        for name, codes in (("prerequisites", entry.prerequisites), ("qualifies_for", entry.qualifies_for)):
            relation = getattr(course, name)
            before_codes = [] if new else sorted(other.code for other in relation.all())
            if before_codes != sorted(codes):
                relation.set([courses[code] for code in codes])
                changes[entry.code][name] = [before_codes, sorted(codes)]
    dropped = [course for code, course in existing.items() if code not in courses and course.is_active]
    for course in dropped:
        course.is_active = False
        course.save(update_fields=["is_active"])
    for entry in catalogue.courses:
        if changes[entry.code]:
            audit.record(
                actor=actor,
                action=AuditAction.TRAINING_COURSES_LOAD,
                obj=courses[entry.code],
                changes=changes[entry.code],
            )
    for course in dropped:
        audit.record(
            actor=actor,
            action=AuditAction.TRAINING_COURSES_LOAD,
            obj=course,
            changes=audit.changes_of(is_active=(True, False)),
        )
    return len(catalogue.courses)


# --- trainers and prerequisites -----------------------------------------------------------------------


def trainer_refusal(*, trainer: StaffMember, course: Course, on: date) -> str | None:
    """A trainer delivers a course when they hold, on that day, a valid certificate of a
    training-of-trainers course that qualifies for it."""
    names = {"name": str(trainer), "course": course.title, "day": local_date(on)}
    if not trainer.is_active:
        return _("%(name)s is no longer in service.") % names
    if Certificate.objects.filter(valid_on(on), staff=trainer, course__qualifies_for=course).exists():
        return None
    return _("%(name)s holds no training-of-trainers certificate valid on %(day)s for “%(course)s”.") % names


def _missing_prerequisites(staff_ids: list[int], course: Course, on: date) -> dict[int, list[Course]]:
    """The prerequisites of `course` each person lacks a valid certificate of on `on`: two queries."""
    needed = list(course.prerequisites.all())
    if not needed:
        return {}
    held = set(
        Certificate.objects.filter(valid_on(on), staff_id__in=staff_ids, course__in=needed).values_list(
            "staff_id", "course_id"
        )
    )
    return {
        staff_id: missing
        for staff_id in staff_ids
        if (missing := [other for other in needed if (staff_id, other.pk) not in held])
    }


def _prerequisite_text(staff: StaffMember, missing: list[Course], on: date) -> str:
    return _("%(name)s holds no certificate valid on %(day)s for the prerequisite %(courses)s.") % {
        "name": str(staff),
        "day": local_date(on),
        "courses": ", ".join(f"“{course.title}”" for course in missing),
    }


def prerequisite_refusal(*, staff: StaffMember, course: Course, on: date) -> str | None:
    """Every prerequisite of the course held with a certificate valid on `on`."""
    missing = _missing_prerequisites([staff.pk], course, on).get(staff.pk)
    return _prerequisite_text(staff, missing, on) if missing else None


# --- sessions -----------------------------------------------------------------------------------------


@transaction.atomic
def session_plan(
    *,
    actor: User,
    course: Course,
    starts_on: date,
    ends_on: date,
    place: str,
    prison: Prison | None,
    trainers: list[StaffMember],
    note: str = "",
) -> TrainingSession:
    """A session of `course` from `starts_on` to `ends_on`, at `place`, for the staff of `prison`
    (none: the national training centre), delivered by `trainers`, each holding a valid
    training-of-trainers certificate for the course on the first day (every refusal at once)."""
    ensure_allowed(manage_refusal(actor))
    problems: dict[str, list[str]] = {}
    if not course.is_active:
        problems["course"] = [_("This course is no longer offered.")]
    if ends_on < starts_on:
        problems["ends_on"] = [_("The last day cannot be before the first.")]
    elif (ends_on - starts_on).days >= LONGEST_SESSION_DAYS:
        problems["ends_on"] = [_("A session lasts at most %(days)s days.") % {"days": LONGEST_SESSION_DAYS}]
    if not place.strip():
        problems["place"] = [_("Say where the session is held.")]
    if not _reaches(actor, prison.pk if prison is not None else None):
        problems["prison"] = [_("You plan sessions for the staff of your prisons only.")]
    chosen = list({trainer.pk: trainer for trainer in trainers}.values())
    if not chosen:
        problems["trainers"] = [_("Choose at least one trainer.")]
    refused = [
        reason for trainer in chosen if (reason := trainer_refusal(trainer=trainer, course=course, on=starts_on))
    ]
    if refused:
        problems["trainers"] = refused
    if problems:
        raise ValidationError(problems)
    session = TrainingSession.objects.create(
        course=course,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place.strip(),
        prison=prison,
        note=note.strip(),
        created_by=actor,
    )
    session.trainers.set(chosen)
    audit.record(
        actor=actor,
        action=AuditAction.TRAINING_SESSION_PLAN,
        obj=session,
        changes=audit.changes_of(
            course=(None, course.code),
            starts_on=(None, starts_on),
            ends_on=(None, ends_on),
            place=(None, session.place),
            prison=(None, prison),
            trainers=(None, sorted(trainer.pk for trainer in chosen)),
        ),
    )
    return session


def _planned(session: TrainingSession) -> None:
    if session.status == SessionStatus.HELD:
        raise ValidationError({"status": _("The results of this session are already recorded.")})
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError({"status": _("This session is cancelled.")})


@transaction.atomic
def session_cancel(
    *, actor: User, session: TrainingSession, reason: str, version: int | None = None
) -> TrainingSession:
    """A planned session cancelled, with the reason (kept in the audit event)."""
    session = locked(session)
    check_version(session, version)
    ensure_allowed(session_refusal(actor, session))
    _planned(session)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the session is cancelled.")})
    session.status = SessionStatus.CANCELLED
    bump_version(session, ["status"])
    audit.record(
        actor=actor,
        action=AuditAction.TRAINING_SESSION_CHANGE,
        obj=session,
        changes=audit.changes_of(status=(SessionStatus.PLANNED, SessionStatus.CANCELLED)),
        reason=reason.strip(),
    )
    return session


@transaction.atomic
def participants_set(
    *, actor: User, session: TrainingSession, staff: list[StaffMember], version: int | None = None
) -> TrainingSession:
    """The participants of a planned session: each in service, not one of its trainers, and
    holding a valid certificate of every prerequisite on the first day (every refusal at once,
    naming the person)."""
    session = locked(session, "course")
    check_version(session, version)
    ensure_allowed(session_refusal(actor, session))
    _planned(session)
    chosen = list({member.pk: member for member in staff}.values())
    trainers = set(session.trainers.values_list("pk", flat=True))
    missing = _missing_prerequisites([member.pk for member in chosen], session.course, session.starts_on)
    problems = []
    for member in chosen:
        if not member.is_active:
            problems.append(_("%(name)s is no longer in service.") % {"name": str(member)})
        elif member.pk in trainers:
            problems.append(_("%(name)s is a trainer of this session.") % {"name": str(member)})
        elif not _reaches(actor, member.prison_id):
            problems.append(_("%(name)s is not among the staff of your prisons.") % {"name": str(member)})
        elif member.pk in missing:
            problems.append(_prerequisite_text(member, missing[member.pk], session.starts_on))
    if problems:
        raise ValidationError({"staff": problems})
    current = set(session.participants.values_list("staff_id", flat=True))
    wanted = {member.pk for member in chosen}
    added, removed = sorted(wanted - current), sorted(current - wanted)
    if not added and not removed:
        return session
    session.participants.filter(staff_id__in=removed).delete()
    Participant.objects.bulk_create(Participant(session=session, staff_id=pk) for pk in added)
    bump_version(session, [])
    audit.record(
        actor=actor,
        action=AuditAction.TRAINING_PARTICIPANTS,
        obj=session,
        changes={"added": [None, added], "removed": [None, removed]},
    )
    return session


def _new_codes(count: int) -> list[str]:
    """`count` certificate codes that no certificate has yet."""
    codes: set[str] = set()
    while len(codes) < count:
        fresh = {rules.new_certificate_code() for _n in range(count - len(codes))} - codes
        codes |= fresh - set(Certificate.objects.filter(code__in=fresh).values_list("code", flat=True))
    return sorted(codes)


def _issue_audited(actor: User, certificates: list[Certificate], staff: dict[int, StaffMember]) -> None:
    for certificate in certificates:
        audit.record(
            actor=actor,
            action=AuditAction.TRAINING_CERTIFICATE_ISSUE,
            obj=staff[certificate.staff_id],
            changes=audit.changes_of(
                certificate=(None, certificate.code),
                course=(None, certificate.course_id),
                issued_on=(None, certificate.issued_on),
                valid_until=(None, certificate.valid_until),
                source=(None, certificate.source),
            ),
        )


@transaction.atomic
def certificate_recognise(
    *, actor: User, staff: StaffMember, course: Course, issued_on: date, issued_by: str, valid_until: date | None
) -> Certificate:
    """A certificate earned elsewhere and recognised by the training centre: an international
    partner's training of trainers certifies the first trainers, whom no certificate in Custodia can
    qualify yet. Its own dates are kept; it verifies like any other."""
    ensure_allowed(staff_refusal(actor, staff))
    issued_by = issued_by.strip()
    problems: dict[str, str] = {}
    if not issued_by:
        problems["issued_by"] = _("Say which institution issued the certificate.")
    if issued_on > timezone.localdate():
        problems["issued_on"] = _("The date cannot be in the future.")
    if valid_until is not None and valid_until <= issued_on:
        problems["valid_until"] = _("A certificate is valid until a day after it was issued.")
    if Certificate.objects.filter(staff=staff, course=course, issued_on=issued_on).exists():
        problems["course"] = _("This certificate is already recorded.")
    if problems:
        raise ValidationError(problems)
    certificate = Certificate.objects.create(
        staff=staff,
        course=course,
        issued_on=issued_on,
        valid_until=valid_until,
        source=CertificateSource.RECOGNISED,
        issued_by=issued_by[:200],
        code=_new_codes(1)[0],
    )
    _issue_audited(actor, [certificate], {staff.pk: staff})
    return certificate


def _result_problems(
    participants: list[Participant], results: dict[int, tuple[list[date], int | None]], days: list[date]
) -> dict[str, list[str]]:
    problems: list[str] = []
    ids = {participant.pk for participant in participants}
    for participant in participants:
        name = {"name": str(participant.staff)}
        if participant.pk not in results:
            problems.append(_("Record the attendance and the score of %(name)s.") % name)
            continue
        attended, score = results[participant.pk]
        if any(day not in days for day in attended):
            problems.append(_("%(name)s: a day attended is not a day of the session.") % name)
        if score is not None and not (isinstance(score, int) and 0 <= score <= 100):
            problems.append(_("%(name)s: the score is a percentage, from 0 to 100.") % name)
    if set(results) - ids:
        problems.append(_("Results are recorded for the participants of this session only."))
    return {"results": problems} if problems else {}


@transaction.atomic
def results_record(
    *,
    actor: User,
    session: TrainingSession,
    results: dict[int, tuple[list[date], int | None]],
    version: int | None = None,
) -> list[Certificate]:
    """The days each participant attended and their score ({participant id: (days, score)}, every
    participant), recorded from the session's last day on: the result follows (rules.result_of),
    the session is held, and each pass earns a certificate issued on the last day."""
    session = locked(session, "course")
    check_version(session, version)
    ensure_allowed(session_refusal(actor, session))
    _planned(session)
    if session.ends_on > timezone.localdate():
        raise ValidationError({"status": _("Results are recorded from the session's last day on, not before.")})
    course = session.course
    days = rules.session_days(session.starts_on, session.ends_on)
    participants = list(session.participants.select_related("staff"))
    if not participants:
        raise ValidationError({"results": [_("The session has no participants: set them first.")]})
    problems = _result_problems(participants, results, days)
    if problems:
        raise ValidationError(problems)
    counts = {str(result): 0 for result in Result}
    for participant in participants:
        attended, score = results[participant.pk]
        participant.days_attended = sorted({day.isoformat() for day in attended})
        participant.score = score
        participant.result = rules.result_of(
            days_attended=len(participant.days_attended),
            days_held=len(days),
            score=score,
            pass_mark=course.pass_mark,
            attendance_needed=course.attendance_needed,
        )
        counts[participant.result] += 1
    Participant.objects.bulk_update(participants, ["days_attended", "score", "result"])
    passed = [participant for participant in participants if participant.result == Result.PASSED]
    already = set(
        Certificate.objects.filter(
            course=course, issued_on=session.ends_on, staff_id__in=[p.staff_id for p in passed]
        ).values_list("staff_id", flat=True)
    )
    passed = [participant for participant in passed if participant.staff_id not in already]
    certificates = Certificate.objects.bulk_create(
        Certificate(
            staff_id=participant.staff_id,
            course=course,
            issued_on=session.ends_on,
            valid_until=rules.valid_until(session.ends_on, course.validity_months),
            score=participant.score,
            source=CertificateSource.SESSION,
            participant=participant,
            code=code,
        )
        for participant, code in zip(passed, _new_codes(len(passed)), strict=True)
    )
    session.status = SessionStatus.HELD
    bump_version(session, ["status"])
    audit.record(
        actor=actor,
        action=AuditAction.TRAINING_RESULTS,
        obj=session,
        changes={
            "status": [SessionStatus.PLANNED, SessionStatus.HELD],
            **{result: [None, count] for result, count in counts.items()},
        },
    )
    _issue_audited(actor, certificates, {p.staff_id: p.staff for p in participants})
    return certificates


# --- e-learning completions ---------------------------------------------------------------------------


def parse_day(text: str) -> date | None:
    """A day as ISO (2025-03-14, a time after it ignored) or day first (14/03/2025, 14.03.2025)."""
    text = text.strip()
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text[:10] if form == "%Y-%m-%d" else text, form).date()
        except ValueError:
            continue
    return None


def parse_score(text: str) -> int | None:
    """A percentage as the platform writes it (85, 85%, 85.5 or 85,5; rounded half up); None for
    anything else or outside 0 to 100."""
    plain = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    if not value.is_finite() or not 0 <= value <= 100:
        return None
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _staff_matches(texts: set[str]) -> dict[str, list[StaffMember]]:
    """The staff records each text (casefolded) may name: by service number first, else by user
    name or e-mail; compared in Python (SQLite's LOWER() folds ASCII letters only): two queries."""
    by_number: dict[str, list[int]] = defaultdict(list)
    by_account: dict[str, list[int]] = defaultdict(list)
    for pk, number, username, email in StaffMember.objects.values_list(
        "pk", "service_number", "user__username", "user__email"
    ):
        if number and number.casefold() in texts:
            by_number[number.casefold()].append(pk)
        for key in {(username or "").casefold(), (email or "").casefold()} & texts:
            by_account[key].append(pk)
    ids = {text: by_number.get(text) or by_account.get(text) or [] for text in texts}
    records = StaffMember.objects.in_bulk([pk for found in ids.values() for pk in found])
    return {text: [records[pk] for pk in found] for text, found in ids.items()}


def _courses_by_name() -> dict[str, Course]:
    """Courses by code and by English title, in lower case (a code wins over a title)."""
    courses = list(Course.objects.all())
    found = {str(course.titles.get("en", "")).strip().casefold(): course for course in courses}
    found.update({course.code.casefold(): course for course in courses})
    return found


def _line_reason(
    matches: list[StaffMember], course: Course | None, day: date | None, score: int | None, today: date
) -> str | None:
    """Why a line of the platform's export earns no certificate (None: it does)."""
    if not matches:
        return _("No staff record has this service number, user name or e-mail.")
    if len(matches) > 1:
        return _("Several staff records have this user name or e-mail.")
    if course is None:
        return _("No course of the catalogue has this code or title.")
    if course.kind != CourseKind.ELEARNING:
        return _("This course is not an e-learning course.")
    if day is None:
        return _("The date is not a date (2025-03-14 or 14/03/2025).")
    if day > today:
        return _("The date is in the future.")
    if score is None:
        return _("The score is not a percentage from 0 to 100.")
    if score < course.pass_mark:
        return _("The score is below the course's pass mark (%(mark)s).") % {"mark": course.pass_mark}
    return None


@transaction.atomic
def elearning_import(*, actor: User, file_name: str, content: bytes) -> ElearningImport:
    """The platform's export of completions (user, course, date, score): each line whose user is a
    staff record (service number, user name or e-mail), whose course is an e-learning course of the
    catalogue (code or English title) and whose score reaches its pass mark earns a certificate
    issued on its date, unless one is recorded for the person, course and day. Every other line is
    kept with the reason; the lines that match are imported all the same."""
    ensure_allowed(elearning_refusal(actor))
    rows = read_table(file_name, content)
    missing = [column for column in ELEARNING_COLUMNS if rows and column not in rows[0]]
    if not rows:
        raise ValidationError({"file": _("The file has no lines under its header.")})
    if missing:
        raise ValidationError({"file": _("The file has no column %(columns)s.") % {"columns": ", ".join(missing)}})
    today = timezone.localdate()
    staff = _staff_matches({row["user"].casefold() for row in rows if row["user"]})
    courses = _courses_by_name()
    days = {day for row in rows if (day := parse_day(row["date"]))}
    recorded = set(
        Certificate.objects.filter(
            staff_id__in={m.pk for found in staff.values() for m in found}, issued_on__in=days
        ).values_list("staff_id", "course_id", "issued_on")
    )
    unmatched: list[dict[str, Any]] = []
    issued: list[Certificate] = []
    named: dict[int, StaffMember] = {}
    lines = 0
    for index, row in enumerate(rows):
        if not any(row.values()):
            continue
        lines += 1
        matches = staff.get(row["user"].casefold(), [])
        course = courses.get(row["course"].strip().casefold())
        day = parse_day(row["date"])
        score = parse_score(row["score"])
        reason = _line_reason(matches, course, day, score, today)
        if reason is None and course is not None and day is not None:
            if (matches[0].pk, course.pk, day) in recorded:
                reason = _("A certificate of this course on this day is already recorded for this person.")
        if reason is not None or course is None or day is None:
            unmatched.append(
                {
                    "line": index + 2,
                    "values": {column: row.get(column, "")[:KEPT_VALUE_LENGTH] for column in ELEARNING_COLUMNS},
                    "reason": reason,
                }
            )
            continue
        member = matches[0]
        recorded.add((member.pk, course.pk, day))
        named[member.pk] = member
        issued.append(
            Certificate(
                staff=member,
                course=course,
                issued_on=day,
                valid_until=rules.valid_until(day, course.validity_months),
                score=score,
                source=CertificateSource.ELEARNING,
                code="",
            )
        )
    for certificate, code in zip(issued, _new_codes(len(issued)), strict=True):
        certificate.code = code
    certificates = Certificate.objects.bulk_create(issued)
    record = ElearningImport.objects.create(
        file_name=Path(file_name).name[:200],
        lines=lines,
        certificates=len(certificates),
        unmatched=unmatched,
        imported_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.TRAINING_ELEARNING_IMPORT,
        obj=record,
        changes=audit.changes_of(
            file=(None, record.file_name),
            lines=(None, lines),
            certificates=(None, len(certificates)),
            unmatched=(None, len(unmatched)),
        ),
    )
    _issue_audited(actor, certificates, named)
    return record
