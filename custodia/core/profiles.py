"""Country profiles: YAML files under profiles/ validated against a schema at start-up.

A profile holds what differs between prison services: interface languages, the legal
statuses in use with their national wording, prison types, security levels or regimes,
the prisoner number format, review intervals and the range of plausible dates.
"""

import re
from datetime import date, time
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from custodia.core.levels import RiskLevel

LanguageCode = Literal["en", "fr", "ar", "ru", "kk"]
LegalStatusCode = Literal["pre_trial", "convicted", "under_appeal", "civil", "probation"]
PrisonTypeCode = Literal["closed", "semi_open", "open", "remand", "juvenile", "women"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(Strict):
    """A label in each of the five interface languages."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)
    ar: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    kk: str = Field(min_length=1)

    def __str__(self) -> str:
        return getattr(self, (get_language() or "en")[:2], self.en)


class CodedLabel(Strict):
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    label: Label


class LegalStatusEntry(Strict):
    code: LegalStatusCode
    label: Label


class PrisonerNumberFormat(Strict):
    # `template` builds a number from {year} and {seq}; `pattern` is what a valid number looks like.
    template: str
    pattern: str

    @field_validator("pattern")
    @classmethod
    def pattern_compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def template_matches_pattern(self) -> "PrisonerNumberFormat":
        try:
            sample = self.template.format(year=2026, seq=1)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"template may only use {{year}} and {{seq}}: {exc}") from exc
        if not re.fullmatch(self.pattern, sample):
            raise ValueError(f"a number made by the template ({sample}) does not match the pattern")
        return self


class ReviewIntervals(Strict):
    first_assessment_days: Annotated[int, Field(gt=0)]
    reassessment_days: Annotated[int, Field(gt=0)]
    classification_review_days: Annotated[int, Field(gt=0)]


class SentencePlanRules(Strict):
    """When individual sentence plans fall due (plans.rules): the first within `first_plan_days` of
    a convicted person's admission (Mandela Rule 94); an agreed plan every `review_months`, sooner
    after an event (within `event_review_days`) or as release approaches (`pre_release_months`)."""

    first_plan_days: Annotated[int, Field(gt=0)]
    review_months: Annotated[int, Field(gt=0)]
    event_review_days: Annotated[int, Field(gt=0)]
    pre_release_months: Annotated[int, Field(gt=0)]


class ReleaseRules(Strict):
    # Share of the sentence after which early (conditional) release may be considered;
    # 1.0 where the law has none.
    earliest_release_fraction: Annotated[float, Field(gt=0, le=1)]


class MeasureRules(Strict):
    """Restrictive measures (measures.rules, Mandela Rules 36-46): each is reviewed, by someone
    other than who imposed it, every `review_days`; a break in solitary confinement resets the
    15-day count only when it lasts `solitary_break_days` and no less than the period before it."""

    review_days: Annotated[int, Field(gt=0, le=31)]
    solitary_break_days: Annotated[int, Field(gt=0, le=60)]


class AlertCode(Strict):
    """A code of alert on the prisoner file (alerts.rules): `set_by` names the roles
    (accounts.roles) that may set and end it, checked by the alerts app at start-up, since core
    may not import accounts. A `restricted` code is seen only by those roles: to everyone else an
    alert with it does not exist. `guidance` tells whoever sets it what to write, and what not to
    (a medical alert says what staff must do, never the diagnosis)."""

    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Label
    set_by: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]] = Field(min_length=1)
    restricted: bool = False
    guidance: Label | None = None


class AlertRules(Strict):
    """The alert codes of the service, in the order the file shows them (most urgent first)."""

    codes: list[AlertCode] = Field(min_length=1)

    @model_validator(mode="after")
    def codes_are_unique(self) -> "AlertRules":
        codes = [entry.code for entry in self.codes]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise ValueError(f"alert codes must be unique: {', '.join(repeated)}")
        return self

    def get(self, code: str) -> AlertCode | None:
        return next((entry for entry in self.codes if entry.code == code), None)


class IntelligenceRules(Strict):
    """Intelligence reports (intelligence.rules): the grading system the service uses, 5x5x5
    (source A-E, information 1-5, handling 1-5) or 3x5x2 (source 1-3, information A-E, handling
    P/C). The scales, and what each handling code allows, are in intelligence.rules."""

    grading: Literal["5x5x5", "3x5x2"]


class ReintegrationRules(Strict):
    """Release planning and after-care (reintegration.rules, Mandela Rules 87-90, 106-108): planning
    opens `planning_months` before the computed release date; the person is followed up
    `follow_up_months` after release; a new offence or a recall within `outcome_window_months`
    of release is the outcome the headquarters validates instruments on."""

    planning_months: Annotated[int, Field(gt=0, le=36)]
    follow_up_months: list[Annotated[int, Field(gt=0, le=60)]] = Field(min_length=1)
    outcome_window_months: Annotated[int, Field(gt=0, le=60)]

    @model_validator(mode="after")
    def window_is_followed_up(self) -> "ReintegrationRules":
        if self.follow_up_months != sorted(set(self.follow_up_months)):
            raise ValueError("follow_up_months must be increasing, without repeats")
        if self.outcome_window_months not in self.follow_up_months:
            raise ValueError("outcome_window_months must be one of follow_up_months")
        return self


Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class VisitRules(Strict):
    """Visits and video calls (visits.rules; Mandela Rules 58-60, Bangkok Rules 26-28). Sessions
    are held on `days` between `opens` and `closes`. A person is entitled each month to
    `per_month[level]` visits by classification level (`unclassified` before a first decision) and
    to `video_calls_per_month` video calls; a mother of a child under `child_age` to
    `mother_extra_per_month` more of each. After `no_contact_days` without a visit or a call the
    case manager is prompted to look after the person's welfare."""

    days: list[Weekday] = Field(min_length=1)
    opens: time
    closes: time
    per_month: dict[Slug, Annotated[int, Field(ge=1, le=31)]]
    video_calls_per_month: Annotated[int, Field(ge=1, le=31)]
    mother_extra_per_month: Annotated[int, Field(ge=0, le=31)]
    child_age: Annotated[int, Field(ge=1, le=18)] = 18
    no_contact_days: Annotated[int, Field(ge=7, le=180)]

    @model_validator(mode="after")
    def opens_before_closing(self) -> "VisitRules":
        if self.opens >= self.closes:
            raise ValueError("visits: opens must be before closes")
        return self


class ComplaintRules(Strict):
    """Requests and complaints (complaints.rules; Mandela Rules 56-57): answered within
    `answer_days`, an appeal within `appeal_answer_days`; an allegation of torture or ill-treatment
    is referred to an independent authority within `referral_days`. `inspection_body` is the body
    the confidential route reaches (Rule 56(3), 57(3))."""

    answer_days: Annotated[int, Field(ge=1, le=90)]
    appeal_answer_days: Annotated[int, Field(ge=1, le=90)]
    referral_days: Annotated[int, Field(ge=1, le=14)]
    inspection_body: Label


class DuplicateWeights(Strict):
    """How two files are weighed as possibly the same person (register.duplicate_rules): points
    for each fact, the score a pair needs to be proposed at admission and by find_duplicates.
    `name` is given in full to names as close as one spelling of the other; a different sex or a
    birth more than a year apart counts against (negative points)."""

    name: Annotated[int, Field(ge=1, le=100)]
    birth_exact: Annotated[int, Field(ge=0, le=100)]
    birth_near: Annotated[int, Field(ge=0, le=100)]
    birth_far: Annotated[int, Field(ge=-100, le=0)]
    sex_same: Annotated[int, Field(ge=0, le=100)]
    sex_different: Annotated[int, Field(ge=-100, le=0)]
    nationality: Annotated[int, Field(ge=0, le=100)]
    threshold: Annotated[int, Field(ge=1, le=100)]

    @model_validator(mode="after")
    def reachable(self) -> "DuplicateWeights":
        if self.birth_near > self.birth_exact:
            raise ValueError("birth_near must not be more than birth_exact")
        if self.name + self.birth_exact + self.sex_same + self.nationality < self.threshold:
            raise ValueError("threshold: no pair could reach it with these weights")
        if self.name + self.birth_far + self.sex_same + self.nationality >= self.threshold:
            # find_duplicates compares only people born within a year of each other.
            raise ValueError("threshold: two people born more than a year apart could reach it")
        return self


class TrainingTargets(Strict):
    """Staff training (training app): the national training centre's output a year (staff who pass
    its courses), the e-learning completions the service aims at in all, and how many days before
    its end a certificate is counted as expiring."""

    centre_passes_per_year: Annotated[int, Field(ge=1)]
    elearning_completions: Annotated[int, Field(ge=1)]
    expiring_within_days: Annotated[int, Field(ge=1, le=365)]
    centre: Label


VepPlacement = Literal["integration_dispersal", "concentration", "separation"]


class ClassificationLevel(Strict):
    """A security level or regime of the framework, with where it is held and how often reviewed."""

    code: Slug
    label: Label
    prison_types: list[PrisonTypeCode] = Field(min_length=1)
    # Codes of the profile's security_levels: the units suited to people at this level.
    unit_security_levels: list[str] = Field(min_length=1)
    review_days: Annotated[int, Field(gt=0)]


class AssessmentCondition(Strict):
    instrument: Slug
    level_at_least: RiskLevel


class AssessmentCeiling(Strict):
    instrument: Slug
    level_at_most: RiskLevel


class ItemCondition(Strict):
    instrument: Slug
    item: Slug
    value_at_least: Annotated[int, Field(ge=0)]


class Condition(Strict):
    """What makes a rule apply; exactly one key is given."""

    assessment: AssessmentCondition | None = None
    assessment_item: ItemCondition | None = None
    serious_incident_within_months: Annotated[int, Field(gt=0)] | None = None
    remaining_sentence_years_at_least: Annotated[float, Field(gt=0)] | None = None

    @model_validator(mode="after")
    def exactly_one(self) -> "Condition":
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one condition (given: {', '.join(given) or 'none'})")
        return self


class LevelRule(Strict):
    """When `when` holds, the person is proposed at least at `at_least`. The proposal starts at the
    least restrictive level and only rules with a reason raise it (Mandela Rules 89 and 93)."""

    code: Slug
    when: Condition
    at_least: Slug
    reason: Label


class Prerequisite(Strict):
    """What a person must meet to move to `to_level` from a more restrictive one."""

    to_level: Slug
    min_sentence_served_fraction: Annotated[float, Field(gt=0, le=1)] | None = None
    no_serious_incident_months: Annotated[int, Field(gt=0)] | None = None
    # The latest final assessment with this instrument at this level or lower.
    assessment_at_most: AssessmentCeiling | None = None
    # Programmes arrive with rehabilitation; until then the case manager confirms it.
    completed_programme: Label | None = None


class WomenRules(Strict):
    """Bangkok Rules 40-41: the levels used in the women's estate; a proposal above them is brought
    down to the highest with a reason, and the decision stays with people."""

    levels: list[Slug] = Field(min_length=1)
    note: Label


# An ICCS 2015 code or the start of one ("01" is every act leading to death; register.iccs).
IccsCode = Annotated[str, Field(pattern=r"^\d{2,6}$")]


class InterimCondition(Strict):
    """What makes an interim rule apply; every key given must hold, and at least one is given."""

    legal_status_in: list[LegalStatusCode] | None = Field(default=None, min_length=1)
    # An offence charged or convicted (not acquitted or withdrawn) whose ICCS code starts with one of these.
    offence_in: list[IccsCode] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def at_least_one(self) -> "InterimCondition":
        if self.legal_status_in is None and self.offence_in is None:
            raise ValueError("give at least one condition (legal_status_in, offence_in)")
        return self


class InterimRule(Strict):
    """Before the first final assessment: when `when` holds, the person is proposed at least at `at_least`."""

    code: Slug
    when: InterimCondition
    at_least: Slug
    reason: Label


class InterimPlacement(Strict):
    """The interim placement rule: a person with no final assessment has no assessed risk to
    propose the least restrictive level from. The proposal then starts at `level`, says that a
    first assessment is needed (`note`), and the interim rules raise it, each with its reason, as
    the framework's rules that need no assessment do (classification.rules.propose)."""

    level: Slug
    rules: list[InterimRule] = []
    note: Label


class ClassificationFramework(Strict):
    levels: list[ClassificationLevel] = Field(min_length=1, description="least restrictive first")
    rules: list[LevelRule] = []
    prerequisites: list[Prerequisite] = []
    vep_placement_options: list[VepPlacement] = Field(min_length=1)
    women: WomenRules
    interim: InterimPlacement
    # A review falls due this many days before the earliest release date.
    approaching_release_days: Annotated[int, Field(gt=0)] = 180

    @model_validator(mode="after")
    def levels_are_known(self) -> "ClassificationFramework":
        codes = [level.code for level in self.levels]
        if len(set(codes)) != len(codes):
            raise ValueError("classification level codes must be unique")
        for where, code in (
            *((f"rules.{i}.at_least", rule.at_least) for i, rule in enumerate(self.rules)),
            *((f"prerequisites.{i}.to_level", p.to_level) for i, p in enumerate(self.prerequisites)),
            *((f"women.levels.{i}", code) for i, code in enumerate(self.women.levels)),
            ("interim.level", self.interim.level),
            *((f"interim.rules.{i}.at_least", rule.at_least) for i, rule in enumerate(self.interim.rules)),
        ):
            if code not in codes:
                raise ValueError(f"{where}: {code!r} is not one of the levels ({', '.join(codes)})")
        return self

    @model_validator(mode="after")
    def rule_codes_are_unique(self) -> "ClassificationFramework":
        # A stored reason names its rule by code alone (classification.presenters finds its label).
        rule_codes = [rule.code for rule in self.rules] + [rule.code for rule in self.interim.rules]
        repeated = sorted({code for code in rule_codes if rule_codes.count(code) > 1})
        if repeated:
            raise ValueError(f"rule codes must be unique across rules and interim.rules: {', '.join(repeated)}")
        return self

    def level(self, code: str) -> ClassificationLevel:
        return next(level for level in self.levels if level.code == code)

    def rank(self, code: str) -> int:
        """0 for the least restrictive level."""
        return [level.code for level in self.levels].index(code)


class Profile(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    country_code: str = Field(pattern=r"^[A-Z]{2}$")
    service_name: Label
    default_language: LanguageCode
    languages: list[LanguageCode] = Field(min_length=1)
    default_nationality: str = Field(pattern=r"^[A-Z]{2}$")
    prisoner_number: PrisonerNumberFormat
    legal_statuses: list[LegalStatusEntry] = Field(min_length=1)
    prison_types: list[PrisonTypeCode] = Field(min_length=1)
    security_levels: list[CodedLabel] = Field(min_length=1)
    review_intervals: ReviewIntervals
    sentence_plan: SentencePlanRules
    release: ReleaseRules
    reintegration: ReintegrationRules
    measures: MeasureRules
    intelligence: IntelligenceRules
    alerts: AlertRules
    visits: VisitRules
    complaints: ComplaintRules
    training: TrainingTargets
    duplicates: DuplicateWeights
    # Languages beyond the interface's in which the information sheet given on admission exists
    # (Mandela Rule 55: in the languages most used); induction checks each has every text.
    information_languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = []
    juvenile_age: Annotated[int, Field(ge=14, le=21)] = 18
    # Plausible dates, so that a slip (0001 for 2001, 2100 for 2010) is refused, not recorded.
    # The age of criminal responsibility: no one younger is admitted.
    minimum_age: Annotated[int, Field(ge=7, le=18)] | None = None
    # No one is recorded as older than this.
    oldest_age: Annotated[int, Field(ge=90, le=130)] = 110
    # The earliest date an admission, order, arrest, hearing, sentence or movement may carry:
    # when the service's records begin, paper files typed in later included.
    records_from: Annotated[date, Field(ge=date(1900, 1, 1))] = date(1950, 1, 1)
    classification: ClassificationFramework

    @model_validator(mode="after")
    def visit_entitlements_name_levels(self) -> "Profile":
        known = {level.code for level in self.classification.levels} | {"unclassified"}
        unknown, missing = sorted(set(self.visits.per_month) - known), sorted(known - set(self.visits.per_month))
        if unknown or missing:
            raise ValueError(
                f"visits.per_month must name each classification level and unclassified once: "
                f"unknown {', '.join(unknown) or '-'}, missing {', '.join(missing) or '-'}"
            )
        return self

    @model_validator(mode="after")
    def default_language_offered(self) -> "Profile":
        if self.default_language not in self.languages:
            raise ValueError("default_language must be one of languages")
        return self

    @model_validator(mode="after")
    def minimum_age_below_juvenile_age(self) -> "Profile":
        if self.minimum_age is not None and self.minimum_age >= self.juvenile_age:
            raise ValueError("minimum_age must be below juvenile_age")
        return self

    @model_validator(mode="after")
    def records_from_is_past(self) -> "Profile":
        if self.records_from > date.today():
            raise ValueError("records_from cannot be in the future")
        return self

    @model_validator(mode="after")
    def classification_uses_the_profiles_codes(self) -> "Profile":
        units = {level.code for level in self.security_levels}
        for i, level in enumerate(self.classification.levels):
            for code in level.unit_security_levels:
                if code not in units:
                    raise ValueError(
                        f"classification.levels.{i}.unit_security_levels: {code!r} is not one of security_levels"
                    )
            for prison_type in level.prison_types:
                if prison_type not in self.prison_types:
                    raise ValueError(
                        f"classification.levels.{i}.prison_types: {prison_type!r} is not one of prison_types"
                    )
        return self

    @model_validator(mode="after")
    def interim_rules_use_the_profiles_legal_statuses(self) -> "Profile":
        statuses = {entry.code for entry in self.legal_statuses}
        for i, rule in enumerate(self.classification.interim.rules):
            for status in rule.when.legal_status_in or []:
                if status not in statuses:
                    where = f"classification.interim.rules.{i}.when.legal_status_in"
                    raise ValueError(f"{where}: {status!r} is not one of legal_statuses")
        return self

    def legal_status_label(self, code: str) -> str:
        return next((str(entry.label) for entry in self.legal_statuses if entry.code == code), code)

    def security_level_label(self, code: str) -> str:
        return next((str(level.label) for level in self.security_levels if level.code == code), code)


class ProfileError(ImproperlyConfigured):
    pass


def _describe(error: ValidationError, path: Path) -> str:
    lines = [f"Country profile {path} is not valid:"]
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"  {key}: {item['msg']}")
    return "\n".join(lines)


def parse_profile(path: Path) -> Profile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfileError(f"Country profile {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"Country profile {path} must be a mapping of keys to values")
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(_describe(exc, path)) from exc
    if profile.id != path.stem:
        raise ProfileError(f"Country profile {path}: id: must be the file name ({path.stem!r})")
    return profile


@cache
def load_profiles() -> dict[str, Profile]:
    directory = Path(settings.PROFILES_DIR)
    profiles = {path.stem: parse_profile(path) for path in sorted(directory.glob("*.yaml"))}
    if "generic" not in profiles:
        raise ProfileError(f"{directory}/generic.yaml is missing: it is the profile used when none is chosen")
    return profiles


def get_profile(profile_id: str) -> Profile:
    profiles = load_profiles()
    if profile_id not in profiles:
        raise ProfileError(f"No country profile {profile_id!r} in {settings.PROFILES_DIR}")
    return profiles[profile_id]
