"""Enumerations of the prisoner file. Each has an explicit UNKNOWN where data may be missing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Not recorded")


class LegalStatus(models.TextChoices):
    PRE_TRIAL = "pre_trial", _("Pre-trial")
    CONVICTED = "convicted", _("Convicted")
    UNDER_APPEAL = "under_appeal", _("Convicted, under appeal")
    CIVIL = "civil", _("Civil prisoner")
    PROBATION = "probation", _("Under probation supervision")


class CustodyStatus(models.TextChoices):
    IN_CUSTODY = "in_custody", _("In custody")
    AT_COURT = "at_court", _("At court")
    IN_HOSPITAL = "in_hospital", _("In outside hospital")
    TEMPORARY_RELEASE = "temporary_release", _("On temporary release")
    RELEASED = "released", _("Released")
    ESCAPED = "escaped", _("Escaped")
    DECEASED = "deceased", _("Deceased")


class MovementKind(models.TextChoices):
    ADMISSION = "admission", _("Admission")
    CELL_MOVE = "cell_move", _("Cell move")
    TRANSFER = "transfer", _("Transfer to another prison")
    COURT_PRODUCTION = "court_production", _("Production at court")
    HOSPITAL = "hospital", _("Escort to outside hospital")
    TEMPORARY_RELEASE = "temporary_release", _("Temporary release")
    RETURN = "return", _("Return to prison")
    RELEASE = "release", _("Release")
    ESCAPE = "escape", _("Escape")
    RECAPTURE = "recapture", _("Return after escape")
    DEATH = "death", _("Death in custody")


class ReleaseReason(models.TextChoices):
    END_OF_SENTENCE = "end_of_sentence", _("End of sentence")
    CONDITIONAL = "conditional", _("Conditional or early release")
    PROBATION = "probation", _("Release to probation supervision")
    BAIL = "bail", _("Bail")
    ACQUITTED = "acquitted", _("Acquitted or charges withdrawn")
    PARDON = "pardon", _("Pardon or amnesty")
    COURT_ORDER = "court_order", _("Other court order")
    DEPORTATION = "deportation", _("Deportation or extradition")
    OTHER = "other", _("Other")


class NameKind(models.TextChoices):
    PRIMARY = "primary", _("Name")
    ALIAS = "alias", _("Alias")
    FORMER = "former", _("Former name")
    TRANSLITERATION = "transliteration", _("Transliteration")


class Script(models.TextChoices):
    LATIN = "Latn", _("Latin")
    CYRILLIC = "Cyrl", _("Cyrillic")
    ARABIC = "Arab", _("Arabic")
    OTHER = "Zyyy", _("Other script")


class MatchReason(models.TextChoices):
    """Why a person was found by a search of names (register/name_keys.py, docs/search.md)."""

    EXACT = "exact", _("Exact")
    CYRILLIC = "cyrillic", _("Cyrillic transliteration")
    ARABIC = "arabic", _("Arabic transliteration")
    VARIANT = "variant", _("Spelling variant")
    PARTIAL = "partial", _("Beginning of a name")


class OffenceStatus(models.TextChoices):
    CHARGED = "charged", _("Charged")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    GUARDIAN = "guardian", _("Guardian")
    OTHER = "other", _("Other relative or friend")


# The movements planned ahead: requested by the prison that holds the person, carried out when the
# movement itself is recorded (register.models.PlannedMove).
PLANNED_MOVE_KINDS = (MovementKind.CELL_MOVE, MovementKind.TRANSFER)


class PlannedMoveStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CARRIED_OUT = "carried_out", _("Carried out")
    CANCELLED = "cancelled", _("Cancelled")


class MoveDirection(models.TextChoices):
    """A planned move as a prison sees it: who is coming, who is going, who changes cell."""

    ARRIVING = "arriving", _("Arriving")
    LEAVING = "leaving", _("Leaving")
    WITHIN = "within", _("Within the prison")


class FileCopy(models.TextChoices):
    """The two printed versions of a file (file_pdf.py, docs/file-pdf.md)."""

    STAFF = "staff", _("The file as its reader sees it")
    OWN = "own", _("The person's own copy")


class WithheldFromPerson(models.TextChoices):
    """Why a section of the file is not in the person's own copy (rules.OWN_COPY_WITHHELD): the
    label is printed on the copy in the section's place, never left out silently."""

    SAFETY = (
        "safety",
        _(
            "Withheld under Mandela Rule 9 and the law on access to records: intelligence and security "
            "assessments whose disclosure could endanger other people, their sources or the security of the prison."
        ),
    )
    HEALTH = (
        "health",
        _(
            "Withheld from this copy: the health-care service gives the person access to their medical file "
            "(Mandela Rule 26)."
        ),
    )
    MOVES = (
        "moves",
        _("Withheld for the safety of the person and their escort: moves are not disclosed before they are made."),
    )
    TRAIL = (
        "trail",
        _(
            "Withheld: the audit trail (who changed or opened the file) is kept for oversight and inspection "
            "(Mandela Rules 6 to 9); the records it concerns are in this copy."
        ),
    )
    UNDECIDED = (
        "undecided",
        _("Withheld until the prison service decides whether the person's own copy holds this section."),
    )


class DuplicateFactor(models.TextChoices):
    """The facts two files are compared by (duplicate_rules)."""

    NAME = "name", _("Names")
    BIRTH = "birth", _("Date of birth")
    SEX = "sex", _("Sex")
    NATIONALITY = "nationality", _("Nationality")


class DuplicateFinding(models.TextChoices):
    SAME = "same", _("The same")
    ALIKE = "alike", _("Alike")
    NEAR = "near", _("Within a year")
    FAR = "far", _("More than a year apart")
    DIFFERENT = "different", _("Different")
    UNKNOWN = "unknown", _("Not recorded on both")


class DuplicateStatus(models.TextChoices):
    """A pair of files that may be of one person: proposed by find_duplicates, then decided by
    headquarters. A decided pair is never proposed again."""

    PROPOSED = "proposed", _("Proposed")
    NOT_SAME = "not_same", _("Not the same person")
    SAME = "same", _("The same person")
    MERGED = "merged", _("Merged")
    MERGE_REVERSED = "merge_reversed", _("Merge reversed")
