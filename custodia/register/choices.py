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
