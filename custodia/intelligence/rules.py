"""The pure rules of intelligence reports: the two grading systems a country profile may choose
(5x5x5 and 3x5x2), their scales with a label for every value, what each handling code means for
who reads a report inside the service and for sharing it outside, when a grade is "reliable"
(the reassessment and classification review triggers), and the two state machines.

docs/intelligence.md shows the same table; tests/test_rules.py checks it value by value."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from custodia.accounts import roles

from .choices import AgencyKind, ReportStatus, SharingStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

GRADING_5X5X5 = "5x5x5"
GRADING_3X5X2 = "3x5x2"

# Each status of a report, and the statuses it may be reached from: graded once, never deleted.
ALLOWED_PREVIOUS: Mapping[str, frozenset[str]] = {
    ReportStatus.SUBMITTED: frozenset({""}),
    ReportStatus.GRADED: frozenset({ReportStatus.SUBMITTED}),
}
# A sharing with another agency: requested, then approved or refused by someone other than who
# asked; approved at once ("" -> approved) where the handling code needs no approval; then shared.
SHARING_ALLOWED_PREVIOUS: Mapping[str, frozenset[str]] = {
    SharingStatus.REQUESTED: frozenset({""}),
    SharingStatus.APPROVED: frozenset({"", SharingStatus.REQUESTED}),
    SharingStatus.REFUSED: frozenset({SharingStatus.REQUESTED}),
    SharingStatus.SHARED: frozenset({SharingStatus.APPROVED}),
}


# -- who reads a report inside the service -----------------------------------------------------------


@dataclass(frozen=True)
class Readers:
    """Who, among the holders of view_intelligence_section, may read a report: the roles that read
    it at the prison where it was submitted, and whether nationwide readers (the headquarters VEP
    unit) read it too. The officer who submitted a report always reads what they wrote, never
    its grading."""

    at_prison: frozenset[str]
    nationwide: bool = True


IN_SERVICE = Readers(frozenset({roles.SECURITY, roles.DIRECTOR}))
SECURITY_ONLY = Readers(frozenset({roles.SECURITY}))
# Before it is graded, nobody knows how sensitive a report is: it is read as the most restricted.
UNGRADED = SECURITY_ONLY


# -- sharing outside the service -------------------------------------------------------------------

FREE = "free"  # may be shared without approval
APPROVAL = "approval"  # needs the approval of the director or headquarters
CONDITIONS = "conditions"  # needs approval, with the conditions of the sharing recorded
NONE = "none"  # may not be shared with this kind of agency
SharingRule = str

NEEDS_APPROVAL = frozenset({APPROVAL, CONDITIONS})


@dataclass(frozen=True)
class Handling:
    code: str
    label: "StrPromise"
    readers: Readers
    # Each kind of agency (choices.AgencyKind) with the rule for sharing with it; a kind not
    # named may not be given the report.
    sharing: Mapping[str, SharingRule]

    def rule_for(self, agency_kind: str) -> SharingRule:
        return self.sharing.get(agency_kind, NONE)

    @property
    def may_be_shared(self) -> bool:
        return any(rule != NONE for rule in self.sharing.values())


@dataclass(frozen=True)
class Grade:
    code: str
    label: "StrPromise"


@dataclass(frozen=True)
class System:
    code: str
    label: "StrPromise"
    sources: tuple[Grade, ...]
    information: tuple[Grade, ...]
    handling: tuple[Handling, ...]
    # The grades that make a report "reliable": both the source and the information must be one of them.
    reliable_sources: frozenset[str]
    reliable_information: frozenset[str]

    def handling_code(self, code: str) -> Handling | None:
        return next((h for h in self.handling if h.code == code), None)

    def source_label(self, code: str) -> str:
        return next((str(g.label) for g in self.sources if g.code == code), code)

    def information_label(self, code: str) -> str:
        return next((str(g.label) for g in self.information if g.code == code), code)

    def handling_label(self, code: str) -> str:
        handling = self.handling_code(code)
        return str(handling.label) if handling else code


LE, PROSECUTION, PUBLIC_BODY, FOREIGN = (
    AgencyKind.LAW_ENFORCEMENT,
    AgencyKind.PROSECUTION,
    AgencyKind.OTHER_PUBLIC_BODY,
    AgencyKind.FOREIGN,
)

SYSTEMS: Mapping[str, System] = {
    GRADING_5X5X5: System(
        code=GRADING_5X5X5,
        label=_("5x5x5 (source A-E, information 1-5, handling 1-5)"),
        sources=(
            Grade("A", pgettext_lazy("intelligence source", "A: always reliable")),
            Grade("B", pgettext_lazy("intelligence source", "B: mostly reliable")),
            Grade("C", pgettext_lazy("intelligence source", "C: sometimes reliable")),
            Grade("D", pgettext_lazy("intelligence source", "D: unreliable")),
            Grade("E", pgettext_lazy("intelligence source", "E: untested source")),
        ),
        information=(
            Grade("1", pgettext_lazy("intelligence information", "1: known to be true without reservation")),
            Grade(
                "2", pgettext_lazy("intelligence information", "2: known personally to the source, not to the officer")
            ),
            Grade(
                "3", pgettext_lazy("intelligence information", "3: not known personally to the source, corroborated")
            ),
            Grade("4", pgettext_lazy("intelligence information", "4: cannot be judged")),
            Grade("5", pgettext_lazy("intelligence information", "5: suspected to be false")),
        ),
        handling=(
            Handling(
                "1",
                pgettext_lazy("handling code", "1: may be shared with law enforcement and prosecution"),
                IN_SERVICE,
                {LE: FREE, PROSECUTION: FREE, PUBLIC_BODY: APPROVAL, FOREIGN: APPROVAL},
            ),
            Handling(
                "2",
                pgettext_lazy("handling code", "2: may be shared with national agencies only"),
                IN_SERVICE,
                {LE: FREE, PROSECUTION: FREE, PUBLIC_BODY: APPROVAL},
            ),
            Handling(
                "3",
                pgettext_lazy("handling code", "3: may be shared only with approval"),
                IN_SERVICE,
                {LE: APPROVAL, PROSECUTION: APPROVAL, FOREIGN: APPROVAL},
            ),
            Handling(
                "4",
                pgettext_lazy("handling code", "4: within the prison service only"),
                IN_SERVICE,
                {},
            ),
            Handling(
                "5",
                pgettext_lazy("handling code", "5: security officers only; sharing with conditions, approved"),
                SECURITY_ONLY,
                {LE: CONDITIONS, PROSECUTION: CONDITIONS, PUBLIC_BODY: CONDITIONS, FOREIGN: CONDITIONS},
            ),
        ),
        reliable_sources=frozenset({"A", "B"}),
        reliable_information=frozenset({"1", "2"}),
    ),
    GRADING_3X5X2: System(
        code=GRADING_3X5X2,
        label=_("3x5x2 (source 1-3, information A-E, handling P/C)"),
        sources=(
            Grade("1", pgettext_lazy("intelligence source", "1: reliable")),
            Grade("2", pgettext_lazy("intelligence source", "2: untested")),
            Grade("3", pgettext_lazy("intelligence source", "3: not reliable")),
        ),
        information=(
            Grade("A", pgettext_lazy("intelligence information", "A: known directly to the source")),
            Grade("B", pgettext_lazy("intelligence information", "B: known indirectly to the source, corroborated")),
            Grade("C", pgettext_lazy("intelligence information", "C: known indirectly to the source")),
            Grade("D", pgettext_lazy("intelligence information", "D: not known")),
            Grade("E", pgettext_lazy("intelligence information", "E: suspected to be false")),
        ),
        handling=(
            Handling(
                "P",
                pgettext_lazy("handling code", "P: lawful sharing permitted"),
                IN_SERVICE,
                {LE: FREE, PROSECUTION: FREE, PUBLIC_BODY: APPROVAL, FOREIGN: APPROVAL},
            ),
            Handling(
                "C",
                pgettext_lazy("handling code", "C: lawful sharing permitted with conditions"),
                IN_SERVICE,
                {LE: CONDITIONS, PROSECUTION: CONDITIONS, PUBLIC_BODY: CONDITIONS, FOREIGN: CONDITIONS},
            ),
        ),
        reliable_sources=frozenset({"1"}),
        reliable_information=frozenset({"A", "B"}),
    ),
}


def system(code: str) -> System:
    return SYSTEMS[code]


# -- grading ---------------------------------------------------------------------------------------


def grade_problems(system_code: str, *, source: str, information: str, handling: str) -> list[str]:
    """The fields whose value is not a value of the system's scales."""
    chosen = SYSTEMS[system_code]
    problems = []
    if source not in {g.code for g in chosen.sources}:
        problems.append("source_grade")
    if information not in {g.code for g in chosen.information}:
        problems.append("information_grade")
    if chosen.handling_code(handling) is None:
        problems.append("handling_code")
    return problems


def is_reliable(system_code: str, *, source: str, information: str) -> bool:
    """A report graded reliable makes the reassessment of each person in custody it is about due,
    and brings their classification review forward: 5x5x5 source A or B with information 1 or 2;
    3x5x2 source 1 with information A or B."""
    chosen = SYSTEMS.get(system_code)
    if chosen is None:
        return False
    return source in chosen.reliable_sources and information in chosen.reliable_information


# -- reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """Who reads: the roles they hold (accounts.roles), whether they work nationwide, and whether
    they hold view_intelligence_section at all."""

    roles: frozenset[str]
    nationwide: bool
    may_read_intelligence: bool


def readers_of(system_code: str, handling: str) -> Readers:
    """The readers of a graded report; those of an ungraded one (UNGRADED) when it has no code."""
    chosen = SYSTEMS.get(system_code)
    found = chosen.handling_code(handling) if chosen else None
    return found.readers if found else UNGRADED


def may_read(reader: Reader, readers: Readers, *, at_reports_prison: bool) -> bool:
    """Whether the reader may read a report with these readers: a holder of the intelligence right
    whose role the code admits at the report's prison, or a nationwide reader where the code
    admits them. Whose prisons are in scope is the selector's part (`at_reports_prison`)."""
    if not reader.may_read_intelligence:
        return False
    if reader.nationwide:
        return readers.nationwide
    return at_reports_prison and bool(reader.roles & readers.at_prison)


def readable_codes(reader: Reader) -> dict[str, frozenset[str]]:
    """For each grading system, the handling codes whose reports the reader may read (at the
    prisons in their scope, or anywhere for a nationwide reader): what the selector filters on."""
    return {
        code: frozenset(h.code for h in chosen.handling if may_read(reader, h.readers, at_reports_prison=True))
        for code, chosen in SYSTEMS.items()
    }


def may_read_ungraded(reader: Reader) -> bool:
    return may_read(reader, UNGRADED, at_reports_prison=True)


# -- sharing ---------------------------------------------------------------------------------------


def sharing_rule(system_code: str, handling: str, agency_kind: str) -> SharingRule:
    """What the report's handling code says of sharing it with this kind of agency."""
    chosen = SYSTEMS.get(system_code)
    found = chosen.handling_code(handling) if chosen else None
    return found.rule_for(agency_kind) if found else NONE


def needs_approval(rule: SharingRule) -> bool:
    return rule in NEEDS_APPROVAL


def needs_conditions(rule: SharingRule) -> bool:
    return rule == CONDITIONS
