"""The prisoner file (Mandela Rules 7 and 8, Bangkok Rule 3).

Custody is kept as periods (one per stay in one prison) and movements (every event that
changes where a person is or whether they are held). `Prisoner.current_prison`,
`current_cell` and `custody_status` are the present state, written only by the services
together with the movement that explains them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Cell, Prison

from . import duplicate_rules, name_keys
from .choices import (
    PLANNED_MOVE_KINDS,
    CustodyStatus,
    DuplicateStatus,
    LegalStatus,
    MovementKind,
    NameKind,
    OffenceStatus,
    PlannedMoveStatus,
    Relationship,
    ReleaseReason,
    Script,
    Sex,
)

USER = settings.AUTH_USER_MODEL


class PrisonerNumberCounter(models.Model):
    """The last sequence number issued per prefix; numbers are never reused because the
    counter only goes up and prisoner rows are never deleted."""

    prefix = models.CharField(max_length=50, unique=True)
    last_value = models.PositiveIntegerField(default=0)


class PrisonerQuerySet(models.QuerySet["Prisoner"]):
    def on_roll(self) -> "PrisonerQuerySet":
        """Everyone a prison is responsible for today, including those out at court,
        in hospital or on temporary release."""
        return self.filter(current_prison__isnull=False)


class Prisoner(models.Model):
    number = models.CharField(_("prisoner number"), max_length=40, unique=True)
    display_name = models.CharField(_("name"), max_length=300)
    # Case-folded, accent-free text of every name and the number, for search in any script.
    search_text = models.TextField(editable=False, default="")
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    gender_identity = models.CharField(
        _("self-perceived gender"), max_length=100, blank=True, help_text=_("As the person states it.")
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year_estimated = models.PositiveSmallIntegerField(
        _("estimated year of birth"), null=True, blank=True, help_text=_("Only when the date of birth is unknown.")
    )
    nationality = models.CharField(_("nationality"), max_length=2, help_text=_("ISO 3166 country code."))
    languages = models.CharField(_("languages spoken"), max_length=100, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    returnee = models.BooleanField(_("returnee"), default=False, help_text=_("Repatriated from a conflict zone."))
    legal_status = models.CharField(_("legal status"), max_length=20, choices=LegalStatus.choices)
    custody_status = models.CharField(_("custody status"), max_length=20, choices=CustodyStatus.choices)
    current_prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("prison")
    )
    current_cell = models.ForeignKey(
        Cell, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cell")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A second file of the same person, merged into the one kept (duplicate_merge): it leaves lists,
    # searches and counts, its address leads to the file kept, its number is shown there as a
    # former number. Its records are on the file kept until the merge is reversed.
    # Indexed by prisoner_merged_into_idx, over the few merged files only.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_files",
        editable=False,
        db_index=False,
    )
    # Goes up with every change of the file, so that an edit made on an older copy is refused
    # instead of silently overwriting what a colleague recorded meanwhile.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PrisonerQuerySet.as_manager()
    # Why a search of names found the person, set on the people a search answers
    # (selectors.prisoner_search); None elsewhere. Not a column.
    search_match: name_keys.SearchMatch | None = None
    # The score as a possible duplicate of a person being admitted (selectors.admission_matches);
    # None elsewhere. Not a column.
    duplicate_score: "duplicate_rules.Score | None" = None

    class Meta:
        verbose_name = _("prisoner")
        ordering = ["display_name", "number"]
        indexes = [
            models.Index(fields=["current_prison", "display_name"]),
            models.Index(fields=["legal_status"]),
            models.Index(fields=["display_name"]),
            # The usual search (a prison, a legal status, a name) is answered from this index alone.
            models.Index(fields=["current_prison", "legal_status", "search_text"], name="prisoner_search_idx"),
            # Only the merged files: an index over every file, nearly all of them NULL here, is one
            # that SQLite's statistics (ANALYZE) judge useless, and the file page then read every
            # file to find those merged into the one open.
            models.Index(
                fields=["merged_into"], condition=Q(merged_into__isnull=False), name="prisoner_merged_into_idx"
            ),
            # Covers every column the statistics count, so they scan this index, not the table.
            models.Index(
                fields=[
                    "sex",
                    "legal_status",
                    "nationality",
                    "returnee",
                    "current_prison",
                    "date_of_birth",
                    "birth_year_estimated",
                ],
                name="prisoner_statistics_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(birth_year_estimated__isnull=False),
                name="prisoner_birth_known_or_estimated",
            ),
            models.CheckConstraint(
                condition=Q(current_cell__isnull=True) | Q(current_prison__isnull=False),
                name="prisoner_cell_needs_prison",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.display_name}"


class PrisonerName(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="names")
    kind = models.CharField(_("kind"), max_length=20, choices=NameKind.choices, default=NameKind.PRIMARY)
    given_names = models.CharField(_("given names"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    script = models.CharField(_("script"), max_length=4, choices=Script.choices, default=Script.LATIN)

    class Meta:
        verbose_name = _("name")
        ordering = ["id"]

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_names, self.family_name) if part)

    def __str__(self) -> str:
        return self.full_name


class PrisonerNameKey(models.Model):
    """A key a person is found by in a search of names, in any script and spelling
    (name_keys.keys_of_names of every name of the file): written by the services whenever the
    names change, never by hand. A search looks keys up through the unique index, key first."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="name_keys")
    key = models.CharField(max_length=name_keys.KEY_MAX_LENGTH)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "prisoner"], name="prisoner_name_key_unique")]

    def __str__(self) -> str:
        return self.key


class Admission(models.Model):
    """One reception into custody, with the commitment order (Rule 7) and the record of the
    person's condition on arrival (Rule 7(d), Rule 30)."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="admissions")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    admitted_at = models.DateTimeField(_("date and time of admission"))
    commitment_authority = models.CharField(_("committing authority"), max_length=200)
    commitment_reference = models.CharField(_("commitment order reference"), max_length=100)
    commitment_date = models.DateField(_("date of commitment order"))
    commitment_reasons = models.TextField(_("reasons for commitment"))
    arrested_at = models.DateTimeField(_("date and time of arrest"), null=True, blank=True)
    arrest_place = models.CharField(_("place of arrest"), max_length=200, blank=True)
    visible_injuries = models.TextField(_("visible injuries"), blank=True)
    ill_treatment_complaint = models.TextField(_("complaint of prior ill-treatment"), blank=True)
    ill_treatment_action = models.TextField(_("action taken on the complaint"), blank=True)
    ill_treatment_action_at = models.DateTimeField(null=True, blank=True)
    ill_treatment_action_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    admitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("admission")
        ordering = ["-admitted_at"]
        indexes = [
            models.Index(fields=["prison", "ill_treatment_action_at"]),
            # A person's latest admission (their present stay), looked up for every person held by
            # the worklists and the compliance checks: one probe each, no sort.
            models.Index(fields=["prisoner", "-admitted_at", "-id"], name="register_admission_latest_idx"),
        ]

    @property
    def ill_treatment_flag_open(self) -> bool:
        """A complaint stays flagged for the director until someone records the action taken."""
        return bool(self.ill_treatment_complaint) and self.ill_treatment_action_at is None


class PropertyItem(models.Model):
    admission = models.ForeignKey(Admission, on_delete=models.PROTECT, related_name="property_items")
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    condition = models.CharField(_("condition or remarks"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("property item")
        ordering = ["id"]


class FamilyMember(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="family")
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    whereabouts = models.CharField(_("where they are"), max_length=200, blank=True)
    custodian = models.CharField(_("who has custody (for a child)"), max_length=200, blank=True)
    contact = models.CharField(_("telephone or address"), max_length=200, blank=True)
    is_emergency_contact = models.BooleanField(_("emergency contact"), default=False)
    is_next_of_kin = models.BooleanField(_("next of kin"), default=False)

    class Meta:
        verbose_name = _("family member")
        ordering = ["id"]


class LegalStatusChange(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="legal_status_history")
    status = models.CharField(_("legal status"), max_length=20, choices=LegalStatus.choices)
    effective_on = models.DateField(_("effective date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("legal status change")
        ordering = ["effective_on", "id"]


class CourtCase(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="court_cases")
    court = models.CharField(_("court"), max_length=200)
    case_number = models.CharField(_("case number"), max_length=100)
    legal_representative = models.CharField(_("legal representative"), max_length=200, blank=True)
    representative_contact = models.CharField(_("representative's contact"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("court case")
        ordering = ["id"]
        # Co-defendants are the files with the same case number and court (networks.sources).
        indexes = [models.Index(fields=["case_number", "court"], name="register_courtcase_number_idx")]

    def __str__(self) -> str:
        return f"{self.court} {self.case_number}"


class Hearing(models.Model):
    case = models.ForeignKey(CourtCase, on_delete=models.PROTECT, related_name="hearings")
    held_on = models.DateField(_("hearing date"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hearing")
        ordering = ["held_on", "id"]
        # Reception's "court hearings today": the day's few hearings first, not every person's cases.
        indexes = [models.Index(fields=["held_on"], name="register_hearing_day_idx")]


class Offence(models.Model):
    """An offence charged or convicted, coded with ICCS 2015 beside the national wording."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="offences")
    case = models.ForeignKey(CourtCase, on_delete=models.PROTECT, null=True, related_name="offences")
    iccs_code = models.CharField(_("ICCS code"), max_length=10)
    national_wording = models.CharField(_("offence as worded in national law"), max_length=300)
    terrorism_link = models.BooleanField(_("linked to terrorism or violent extremism"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=OffenceStatus.choices)

    class Meta:
        verbose_name = _("offence")
        ordering = ["id"]
        indexes = [models.Index(fields=["terrorism_link", "prisoner"])]


class Sentence(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="sentences")
    case = models.ForeignKey(CourtCase, on_delete=models.PROTECT, null=True, related_name="sentences")
    imposed_on = models.DateField(_("date imposed"))
    starts_on = models.DateField(_("start date"))
    years = models.PositiveSmallIntegerField(_("years"), default=0)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    days = models.PositiveIntegerField(_("days"), default=0)
    remand_credit_days = models.PositiveIntegerField(_("days credited for pre-trial detention"), default=0)
    life = models.BooleanField(_("life imprisonment"), default=False)
    # Computed by rules.release_dates when the sentence is recorded; kept for lists and statistics.
    full_term_release_on = models.DateField(_("full-term release date"), null=True)
    earliest_release_on = models.DateField(_("earliest release date"), null=True)

    class Meta:
        verbose_name = _("sentence")
        ordering = ["starts_on", "id"]
        # Reception's releases due today and within the week: the week's sentences first.
        indexes = [models.Index(fields=["full_term_release_on"], name="register_sentence_release_idx")]


class CustodyPeriod(models.Model):
    """An unbroken stay in one prison: opened by an admission, transfer or recapture;
    closed by a transfer, release, escape or death."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="custody_periods")
    prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("prison"))
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("custody period")
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["prisoner"], condition=Q(ended_at__isnull=True), name="one_open_custody_period"
            )
        ]


class Movement(models.Model):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("movement"), max_length=20, choices=MovementKind.choices)
    occurred_at = models.DateTimeField(_("date and time"))
    from_prison = models.ForeignKey(Prison, on_delete=models.PROTECT, null=True, related_name="+")
    from_cell = models.ForeignKey(Cell, on_delete=models.PROTECT, null=True, related_name="+")
    to_prison = models.ForeignKey(Prison, on_delete=models.PROTECT, null=True, related_name="+")
    to_cell = models.ForeignKey(Cell, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.CharField(_("reason or destination"), max_length=300, blank=True)
    release_reason = models.CharField(_("reason for release"), max_length=20, choices=ReleaseReason.choices, blank=True)
    death_circumstances = models.TextField(_("circumstances of death"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("movement")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["prisoner", "occurred_at"]), models.Index(fields=["occurred_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="death") | ~Q(death_circumstances=""), name="death_has_circumstances"
            ),
            models.CheckConstraint(condition=~Q(kind="release") | ~Q(release_reason=""), name="release_has_reason"),
        ]


class PlannedMove(models.Model):
    """A cell move or a transfer requested ahead of the day, so that the receiving prison knows who
    is coming and the wing what is asked of it. It places no one: the movement, recorded when the
    move is made (services.movement_record), goes through the placement check and carries the plan
    out. A plan is closed, never deleted: carried out (with its movement), or cancelled with a
    reason, or by the movement that took the person away from the prison it was planned from."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="planned_moves")
    kind = models.CharField(
        _("movement"), max_length=20, choices=[(kind.value, kind.label) for kind in PLANNED_MOVE_KINDS]
    )
    planned_on = models.DateField(_("planned date"))
    from_prison = models.ForeignKey(Prison, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    to_prison = models.ForeignKey(
        Prison, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to prison")
    )
    to_cell = models.ForeignKey(
        Cell, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to cell")
    )
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=PlannedMoveStatus.choices, default=PlannedMoveStatus.REQUESTED
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    requested_at = models.DateTimeField(_("requested"))
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    movement = models.OneToOneField(
        Movement, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("movement")
    )

    class Meta:
        verbose_name = _("planned move")
        ordering = ["planned_on", "id"]
        indexes = [
            # The lists of the prisons that send and receive: open plans by day.
            models.Index(fields=["status", "from_prison", "planned_on"]),
            models.Index(fields=["status", "to_prison", "planned_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PLANNED_MOVE_KINDS), name="planned_move_kind"),
            # One open plan of each kind per person: the movement that carries it out is unambiguous.
            models.UniqueConstraint(
                fields=["prisoner", "kind"],
                condition=Q(status=PlannedMoveStatus.REQUESTED),
                name="one_open_planned_move_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind=MovementKind.TRANSFER, to_prison__isnull=False, to_cell__isnull=True)
                | Q(kind=MovementKind.CELL_MOVE, to_prison__isnull=True),
                name="planned_move_destination",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="planned_move_has_reason"),
            models.CheckConstraint(
                condition=Q(status=PlannedMoveStatus.REQUESTED, closed_at__isnull=True, movement__isnull=True)
                | Q(status=PlannedMoveStatus.CARRIED_OUT, closed_at__isnull=False, movement__isnull=False)
                | Q(status=PlannedMoveStatus.CANCELLED, closed_at__isnull=False)
                & (~Q(cancel_reason="") | Q(movement__isnull=False)),
                name="planned_move_closed_with_its_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Photograph(models.Model):
    """A photograph of the person, for identification (Mandela Rule 7(a)). The newest is the one
    shown; older ones are kept with the day they were taken, never deleted. The image is kept in
    the database, as register.photographs.prepare made it, so that a backup carries it."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="photographs")
    image = models.BinaryField(_("photograph"))
    thumbnail = models.BinaryField()
    width = models.PositiveSmallIntegerField()
    height = models.PositiveSmallIntegerField()
    taken_on = models.DateField(_("date taken"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photograph")
        ordering = ["-taken_on", "-id"]
        # The list finds each person's newest photograph from this index alone.
        indexes = [models.Index(fields=["prisoner", "-taken_on", "-id"], name="photograph_newest_idx")]


class DuplicatePair(models.Model):
    """Two files that may be of one person (docs/duplicates.md): proposed by find_duplicates with
    the score and its parts (duplicate_rules), decided by headquarters. A decided pair is kept
    and never proposed again; a pair is never deleted. `first` is the older file (lower id)."""

    first = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("score"))
    # duplicate_rules.Part.as_json of each part: the evidence shown beside the score.
    parts = models.JSONField(default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=DuplicateStatus.choices, default=DuplicateStatus.PROPOSED
    )
    proposed_at = models.DateTimeField(_("proposed"))
    # When find_duplicates last scored the pair (the score follows the files until it is decided).
    scored_at = models.DateTimeField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # The merge of a pair decided the same person (duplicate_merge): approved by someone other
    # than who decided it; the file kept; each row moved to it, [model label, id, field], so that
    # reversing the merge moves exactly those back; the present state of each file before it.
    merged_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True)
    kept = models.ForeignKey(Prisoner, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    moved_rows = models.JSONField(default=list)
    states = models.JSONField(default=dict)
    reversed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reversed_at = models.DateTimeField(_("merge reversed"), null=True, blank=True)
    reversal_reason = models.TextField(_("reason for reversing"), blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        ordering = ["-score", "id"]
        indexes = [models.Index(fields=["status", "-score"])]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="duplicate_pair_ordered"),
            models.CheckConstraint(
                condition=Q(status=DuplicateStatus.PROPOSED, decided_at__isnull=True)
                | ~Q(status=DuplicateStatus.PROPOSED) & Q(decided_at__isnull=False) & ~Q(reason=""),
                name="duplicate_pair_decided_with_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[DuplicateStatus.MERGED, DuplicateStatus.MERGE_REVERSED])
                | Q(merged_at__isnull=False, kept__isnull=False),
                name="duplicate_pair_merge_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status=DuplicateStatus.MERGE_REVERSED) | Q(reversed_at__isnull=False),
                name="duplicate_pair_reversal_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class KeptDue(models.Model):
    """A date a worklist works out for a person (the next assessment of an instrument, the next
    sentence plan), kept so that the worklists' counts read rows instead of working every
    person's dates out at each request. Derived, never edited: written and forgotten only by
    register.kept_dues, which says what keeps the rows right. A person's rows of one kind are
    worked out together; the row with an empty key is the stamp of when, and with what setting."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="+")
    # The worklist ("assessment", "plans") and, within it, what is due ("" for the stamp).
    kind = models.CharField(max_length=32)
    key = models.CharField(max_length=64, blank=True)
    due_on = models.DateField(null=True)
    reason = models.CharField(max_length=64, blank=True)
    worked_out_at = models.DateTimeField()
    # What every person's dates of the kind were worked out with (intervals, versions): a stamp of
    # another setting is stale.
    setting = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "prisoner", "key"], name="kept_due_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.due_on}"
