"""The pure rules of classification, without a database: every rule kind, the women's estate,
prerequisites, the lowest level allowed, what a proposal must give, the workflow and review due
dates."""

import math
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from custodia.classification import rules
from custodia.classification.choices import DecisionStatus
from custodia.classification.rules import Facts, Judgement
from custodia.core import workflow
from custodia.core.levels import rank_of
from custodia.core.profiles import ClassificationFramework, get_profile

TODAY = date(2026, 11, 28)


def label(text: str) -> dict:
    return {language: text for language in ("en", "fr", "ar", "ru", "kk")}


def framework(**changes) -> ClassificationFramework:
    """low < medium < high; women use low and medium; a move to low has every kind of prerequisite."""
    data = {
        "levels": [
            {
                "code": code,
                "label": label(code),
                "prison_types": ["closed"],
                "unit_security_levels": [code],
                "review_days": days,
            }
            for code, days in (("low", 365), ("medium", 180), ("high", 90))
        ],
        "rules": [
            {
                "code": "vep_high",
                "when": {"assessment": {"instrument": "vep_spj", "level_at_least": "high"}},
                "at_least": "high",
                "reason": label("VEP high"),
            },
            {
                "code": "vep_moderate",
                "when": {"assessment": {"instrument": "vep_spj", "level_at_least": "moderate"}},
                "at_least": "medium",
                "reason": label("VEP moderate"),
            },
            {
                "code": "escape",
                "when": {
                    "assessment_item": {"instrument": "general_screening", "item": "escape_risk", "value_at_least": 2}
                },
                "at_least": "high",
                "reason": label("Escape"),
            },
            {
                "code": "incident",
                "when": {"serious_incident_within_months": 6},
                "at_least": "medium",
                "reason": label("Incident"),
            },
            {
                "code": "long",
                "when": {"remaining_sentence_years_at_least": 10},
                "at_least": "medium",
                "reason": label("Long"),
            },
        ],
        "prerequisites": [
            {
                "to_level": "low",
                "min_sentence_served_fraction": 0.25,
                "no_serious_incident_months": 12,
                "assessment_at_most": {"instrument": "general_screening", "level_at_most": "low"},
                "completed_programme": label("A programme"),
            }
        ],
        "vep_placement_options": ["integration_dispersal", "concentration", "separation"],
        "women": {"levels": ["low", "medium"], "note": label("Bangkok")},
        "interim": {
            "level": "low",
            "rules": [
                {
                    "code": "pre_trial_homicide",
                    "when": {"legal_status_in": ["pre_trial"], "offence_in": ["0101", "0102"]},
                    "at_least": "high",
                    "reason": label("Pre-trial, charged with homicide"),
                }
            ],
            "note": label("First assessment needed"),
        },
    }
    data.update(changes)
    return ClassificationFramework.model_validate(data)


FW = framework()


def facts(**kwargs) -> Facts:
    return Facts(today=TODAY, **kwargs)


def rules_of(proposal) -> list[str]:
    return [reason.rule for reason in proposal.reasons]


# --- the proposal ---------------------------------------------------------------------------------


# An assessment that raises nothing: the person is assessed, so the interim rule does not apply.
ASSESSED = {"general_screening": Judgement("low", date(2026, 9, 1))}


def test_assessed_without_any_risk_the_least_restrictive_level():
    proposal = rules.propose(FW, facts(assessments=ASSESSED))
    assert proposal.level == proposal.floor == "low" and not proposal.interim
    assert [(r.rule, r.level, r.kind) for r in proposal.reasons] == [(rules.START, "low", "start")]


# --- before a first final assessment: the interim placement rule -----------------------------------

INTERIM_FW = framework(interim={**FW.interim.model_dump(mode="json"), "level": "medium"})


def test_without_a_final_assessment_no_least_restrictive_level_but_first_assessment_needed():
    proposal = rules.propose(INTERIM_FW, facts())
    assert proposal.interim and proposal.level == proposal.floor == "medium"
    assert [(r.rule, r.level, r.kind) for r in proposal.reasons] == [
        (rules.FIRST_ASSESSMENT, "medium", "first_assessment")
    ]
    assessed = rules.propose(INTERIM_FW, facts(assessments=ASSESSED))
    assert not assessed.interim and assessed.level == "low"


@pytest.mark.parametrize(
    ("legal_status", "offences", "level"),
    [
        ("pre_trial", ("0101",), "high"),
        ("pre_trial", ("0502", "01021"), "high"),  # a code of the rule stands for every code it begins
        ("pre_trial", ("0502",), "medium"),  # another offence
        ("convicted", ("0101",), "medium"),  # another legal status
        ("pre_trial", (), "medium"),
    ],
)
def test_an_interim_rule_needs_every_condition_it_gives(legal_status, offences, level):
    proposal = rules.propose(INTERIM_FW, facts(legal_status=legal_status, offences=offences))
    assert proposal.level == level
    fired = [r for r in proposal.reasons if r.rule == "pre_trial_homicide"]
    assert bool(fired) == (level == "high")
    if fired:
        assert fired[0].kind == "interim" and fired[0].params["legal_status"] == "pre_trial"
        assert fired[0].params["offences"] == sorted(code for code in offences if code.startswith(("0101", "0102")))


def test_interim_rules_give_way_to_the_first_final_assessment():
    charged = {"legal_status": "pre_trial", "offences": ("0101",)}
    assert rules.propose(INTERIM_FW, facts(**charged)).level == "high"
    assessed = rules.propose(INTERIM_FW, facts(assessments=ASSESSED, **charged))
    assert assessed.level == "low" and "pre_trial_homicide" not in rules_of(assessed)


def test_the_framework_rules_that_need_no_assessment_still_raise_an_interim_proposal():
    proposal = rules.propose(INTERIM_FW, facts(remaining_sentence_years=math.inf))
    assert proposal.interim and proposal.level == "medium" and "long" in rules_of(proposal)
    incident = rules.propose(
        INTERIM_FW, facts(last_serious_incident_on=TODAY, legal_status="pre_trial", offences=("0101",))
    )
    assert incident.level == "high" and {"incident", "pre_trial_homicide"} <= set(rules_of(incident))


def test_the_womens_estate_applies_to_an_interim_proposal():
    proposal = rules.propose(INTERIM_FW, facts(sex="female", legal_status="pre_trial", offences=("0101",)))
    assert proposal.interim and proposal.floor == "high" and proposal.level == "medium"
    assert rules.WOMEN in rules_of(proposal)


def test_an_assessment_rule_raises_the_floor_with_its_result():
    proposal = rules.propose(FW, facts(assessments={"vep_spj": Judgement("high", date(2026, 10, 2))}))
    assert proposal.level == "high"
    fired = {r.rule: r for r in proposal.reasons}
    # A judgement at or above the rule's: both VEP rules hold, each listed with its result.
    assert fired["vep_high"].level == "high" and fired["vep_moderate"].level == "medium"
    assert fired["vep_high"].result == "vep_spj: high (assessment of 2026-10-02)"
    assert fired["vep_high"].params == {"instrument": "vep_spj", "judgement": "high", "on": "2026-10-02"}


def test_a_judgement_below_the_rule_does_not_fire():
    proposal = rules.propose(FW, facts(assessments={"vep_spj": Judgement("moderate", date(2026, 10, 2))}))
    assert proposal.level == "medium" and "vep_high" not in rules_of(proposal)
    low = rules.propose(FW, facts(assessments={"vep_spj": Judgement("low", date(2026, 10, 2))}))
    assert low.level == "low" and rules_of(low) == [rules.START]


def test_an_item_rule_reads_the_latest_assessment_of_its_instrument():
    screening = Judgement("low", date(2026, 9, 1), {"escape_risk": 2})
    proposal = rules.propose(FW, facts(assessments={"general_screening": screening}))
    assert proposal.level == "high"
    reason = next(r for r in proposal.reasons if r.rule == "escape")
    assert reason.result == "general_screening.escape_risk: 2 (assessment of 2026-09-01)"
    below = Judgement("low", date(2026, 9, 1), {"escape_risk": 1})
    assert rules.propose(FW, facts(assessments={"general_screening": below})).level == "low"


@pytest.mark.parametrize(
    ("on", "fires"),
    [
        (TODAY - timedelta(days=10), True),
        (date(2026, 5, 29), True),  # within six calendar months
        (date(2026, 5, 28), False),  # exactly six months ago: no longer within
        (date(2025, 1, 1), False),
        (None, False),
    ],
)
def test_a_serious_incident_within_the_months(on, fires):
    proposal = rules.propose(FW, facts(last_serious_incident_on=on))
    assert ("incident" in rules_of(proposal)) is fires
    assert proposal.level == ("medium" if fires else "low")


@pytest.mark.parametrize(
    ("remaining", "level", "result"),
    [
        (None, "low", None),  # pre-trial: no sentence
        (9.9, "low", None),
        (10.0, "medium", "10.0 years of the sentence remain"),
        (math.inf, "medium", "life imprisonment"),
    ],
)
def test_the_remaining_sentence(remaining, level, result):
    proposal = rules.propose(FW, facts(remaining_sentence_years=remaining))
    assert proposal.level == level
    assert next((r.result for r in proposal.reasons if r.rule == "long"), None) == result


def test_every_rule_that_fires_is_listed_and_the_highest_decides():
    proposal = rules.propose(
        FW,
        facts(
            assessments={"vep_spj": Judgement("moderate", date(2026, 10, 2))},
            last_serious_incident_on=TODAY - timedelta(days=30),
            remaining_sentence_years=12,
        ),
    )
    assert rules_of(proposal) == [rules.START, "vep_moderate", "incident", "long"]
    assert proposal.level == "medium"


# --- the women's estate ---------------------------------------------------------------------------


def test_women_are_brought_down_to_the_highest_womens_level_with_the_note():
    proposal = rules.propose(FW, facts(sex="female", assessments={"vep_spj": Judgement("high", TODAY)}))
    assert proposal.floor == "high" and proposal.level == "medium"
    women = proposal.reasons[-1]
    assert (women.rule, women.level, women.kind) == (rules.WOMEN, "medium", "women")


def test_within_the_womens_levels_nothing_changes():
    proposal = rules.propose(FW, facts(sex="female", remaining_sentence_years=12))
    assert proposal.level == "medium" and rules.WOMEN not in rules_of(proposal)


def test_the_womens_estate_applies_whoever_is_held_there():
    proposal = rules.propose(
        FW, facts(sex="unknown", in_womens_estate=True, assessments={"vep_spj": Judgement("high", TODAY)})
    )
    assert proposal.level == "medium"


def test_women_go_to_the_next_womens_level_up_when_levels_are_not_contiguous():
    gapped = framework(women={"levels": ["low", "high"], "note": label("Bangkok")})
    assert rules.propose(gapped, facts(sex="female", remaining_sentence_years=12)).level == "high"


# --- prerequisites --------------------------------------------------------------------------------


def test_a_person_in_force_at_a_higher_level_moves_down_only_as_far_as_prerequisites_allow():
    proposal = rules.propose(
        FW,
        facts(
            current_level="high",
            served_fraction=0.18,
            last_serious_incident_on=date(2026, 3, 1),
            assessments={"general_screening": Judgement("moderate", date(2026, 9, 1))},
        ),
    )
    # The rules point to low; its prerequisites are not met; medium has none.
    assert proposal.floor == "low" and proposal.level == "medium"
    unmet = [r.result for r in proposal.reasons if r.rule == rules.PREREQUISITE]
    assert unmet == [
        "served 0.25 of the sentence: 0.18 served",
        "no serious incident for 12 months: last on 2026-03-01",
        "general_screening at most low: moderate",
    ]
    held = proposal.reasons[-1]
    assert (held.rule, held.level, held.params) == (rules.HELD, "medium", {"current": "high", "wanted": "low"})


def test_prerequisites_met_bring_the_person_down_with_the_programme_to_confirm():
    proposal = rules.propose(
        FW,
        facts(current_level="high", served_fraction=0.5, assessments={"general_screening": Judgement("low", TODAY)}),
    )
    assert proposal.level == "low"
    programme = [r for r in proposal.reasons if r.rule == rules.PROGRAMME]
    assert [r.result for r in programme] == ["completed programme: to be confirmed by the case manager"]
    assert rules.needs_programme_confirmation(FW, level="low", current_level="high")
    assert not rules.needs_programme_confirmation(FW, level="low", current_level=None)
    assert not rules.needs_programme_confirmation(FW, level="medium", current_level="high")


def test_without_a_sentence_the_share_served_does_not_apply_and_life_cannot_meet_it():
    screened = {"general_screening": Judgement("low", TODAY)}
    pre_trial = rules.propose(FW, facts(current_level="medium", assessments=screened))
    assert pre_trial.level == "low"
    life = rules.propose(
        FW, facts(current_level="medium", assessments=screened, life_sentence=True, remaining_sentence_years=math.inf)
    )
    # Life: ten years or more remain (medium), and the share served cannot be computed anyway.
    assert life.level == "medium"
    life_unmet = rules.propose(FW, facts(current_level="high", assessments=screened, life_sentence=True))
    assert life_unmet.level == "medium"
    assert "life imprisonment" in next(r.result for r in life_unmet.reasons if r.rule == rules.PREREQUISITE)


def test_prerequisites_apply_only_to_a_move_down():
    # First classification: no level in force, no prerequisite.
    assert rules.propose(FW, facts(served_fraction=0.01)).level == "low"
    # In force at the level the rules point to, or lower: the rules alone decide.
    proposal = rules.propose(FW, facts(current_level="low", served_fraction=0.01, remaining_sentence_years=12))
    assert proposal.level == "medium" and rules.PREREQUISITE not in rules_of(proposal)


def test_a_woman_held_above_the_womens_levels_is_brought_down_to_them():
    proposal = rules.propose(FW, facts(sex="female", current_level="high", served_fraction=0.1))
    assert proposal.level == "medium"


# --- properties -----------------------------------------------------------------------------------

levels = st.sampled_from(["low", "medium", "high"])
judgements = st.sampled_from(["low", "moderate", "high"])


@st.composite
def any_facts(draw, women: bool | None = None):
    assessments = {}
    if draw(st.booleans()):
        assessments["vep_spj"] = Judgement(draw(judgements), TODAY)
    if draw(st.booleans()):
        assessments["general_screening"] = Judgement(draw(judgements), TODAY, {"escape_risk": draw(st.integers(0, 2))})
    return Facts(
        today=TODAY,
        assessments=assessments,
        legal_status=draw(st.sampled_from(["pre_trial", "convicted"])),
        offences=tuple(draw(st.sets(st.sampled_from(["0101", "01021", "0502"])))),
        last_serious_incident_on=draw(st.none() | st.dates(date(2024, 1, 1), TODAY)),
        remaining_sentence_years=draw(st.none() | st.floats(0, 40) | st.just(math.inf)),
        served_fraction=draw(st.none() | st.floats(0, 1)),
        sex=("female" if draw(st.booleans()) else "male") if women is None else ("female" if women else "male"),
        current_level=draw(st.none() | levels),
    )


@settings(max_examples=300, deadline=None)
@given(any_facts())
def test_the_proposal_is_always_a_level_and_never_above_both_the_risks_and_the_level_in_force(f):
    proposal = rules.propose(INTERIM_FW, f)
    rank = INTERIM_FW.rank
    assert proposal.level in {"low", "medium", "high"}
    assert proposal.interim == (not f.assessments)
    codes = {rule.code for rule in (*INTERIM_FW.rules, *INTERIM_FW.interim.rules)}
    fired = [r for r in proposal.reasons if r.rule in codes]
    start = rank(INTERIM_FW.interim.level) if proposal.interim else 0
    assert rank(proposal.floor) == max((rank(r.level) for r in fired), default=start) >= start
    ceiling = max(rank(proposal.floor), rank(f.current_level) if f.current_level else 0)
    assert rank(proposal.level) <= ceiling
    if f.women_rules_apply:
        assert proposal.level in INTERIM_FW.women.levels


@settings(max_examples=300, deadline=None)
@given(any_facts(women=False))
def test_without_a_level_in_force_the_proposal_is_the_floor_the_rules_set(f):
    f = Facts(**{**f.__dict__, "current_level": None})
    proposal = rules.propose(FW, f)
    assert proposal.level == proposal.floor


@settings(max_examples=200, deadline=None)
@given(any_facts(women=False), judgements)
def test_a_worse_judgement_never_lowers_the_proposal(f, worse):
    before = rules.propose(FW, f)
    current = f.assessments.get("vep_spj")
    if current is None or rank_of(worse, unknown=-1) < rank_of(current.level, unknown=-1):
        return
    after = rules.propose(
        FW, Facts(**{**f.__dict__, "assessments": {**f.assessments, "vep_spj": Judgement(worse, TODAY)}})
    )
    assert FW.rank(after.level) >= FW.rank(before.level)


@pytest.mark.parametrize("profile_id", ["generic", "uganda", "kazakhstan", "tunisia"])
def test_each_country_starts_at_its_least_restrictive_level_once_assessed(profile_id):
    fw = get_profile(profile_id).classification
    assert rules.propose(fw, facts(assessments=ASSESSED)).level == fw.levels[0].code
    unassessed = rules.propose(fw, facts())
    assert unassessed.interim and unassessed.level == fw.interim.level
    high_vep = rules.propose(fw, facts(assessments={"vep_spj": Judgement("high", date(2026, 10, 2))}))
    assert high_vep.level == next(r.at_least for r in fw.rules if r.code == "vep_judgement_high")
    women = rules.propose(fw, facts(sex="female", assessments={"vep_spj": Judgement("high", TODAY)}))
    assert women.level in fw.women.levels


def test_uganda_proposes_no_remand_prisoner_charged_with_serious_violence_for_open_class():
    fw = get_profile("uganda").classification
    charged = rules.propose(fw, facts(legal_status="pre_trial", offences=("0101",)))
    assert charged.level == "medium" and "remand_serious_violence" in rules_of(charged)
    assert rules.propose(fw, facts(legal_status="pre_trial", offences=("0502",))).level == "minimum"
    assert rules.propose(fw, facts(legal_status="convicted", offences=("0502",))).level != "open_class"


# --- checking a proposal --------------------------------------------------------------------------


def problems(level: str = "low", *, computed: str = "low", vep: bool = False, assessed: bool = False, **kwargs):
    """What stops a proposal of `level` against a computed one, for a man held at no level yet."""
    facts_ = kwargs.pop("facts", None) or facts()
    kwargs.setdefault("rationale", "Read with the file.")
    proposed = rules.Proposed(level, **kwargs).stripped()
    computed_proposal = rules.Proposal(computed, (), computed)
    return rules.proposal_problems(
        FW, proposed, computed=computed_proposal, facts=facts_, is_vep=vep, has_vep_assessment=assessed
    )


def test_the_computed_level_with_a_rationale_may_be_proposed():
    assert problems() == {}


def test_a_rationale_is_needed_and_spaces_are_not_one():
    assert set(problems(rationale="   ")) == {"rationale"}


def test_an_unknown_level_is_refused_and_nothing_else_is_asked_of_it():
    assert set(problems("maximum", computed="low")) == {"proposed_level"}


def test_another_level_than_the_computed_one_needs_a_reason_naming_the_computed_level():
    found = problems("medium", computed="low")
    assert set(found) == {"override_reason"} and "low" in found["override_reason"]
    assert problems("medium", computed="low", override_reason="Threats to staff.") == {}
    assert set(problems("medium", computed="low", override_reason="  ")) == {"override_reason"}


def test_a_woman_proposed_outside_the_womens_levels_needs_a_reason_even_at_the_computed_level():
    woman = rules.Facts(today=TODAY, sex="female")
    found = problems("high", computed="high", facts=woman)
    assert set(found) == {"override_reason"} and "Bangkok" in found["override_reason"]
    assert problems("high", computed="high", facts=woman, override_reason="Escape attempt last month.") == {}


def test_a_placement_option_only_for_a_person_linked_to_violent_extremism():
    assert set(problems(vep_placement="separation")) == {"vep_placement"}
    assert set(problems(vep=True)) == {"vep_placement"}
    assert set(problems(vep=True, vep_placement="isolation")) == {"vep_placement"}
    assert set(problems(vep=True, vep_placement="integration_dispersal")) == {"vep_placement_reason"}
    assert problems(vep=True, vep_placement="integration_dispersal", vep_placement_reason="Engages.") == {}


@pytest.mark.parametrize("placement", ["concentration", "separation"])
def test_concentration_or_separation_rests_on_a_final_vep_assessment(placement):
    chosen = {"vep": True, "vep_placement": placement, "vep_placement_reason": "Recruits others."}
    found = problems(**chosen)
    assert set(found) == {"vep_placement"} and "assessment" in found["vep_placement"]
    assert problems(assessed=True, **chosen) == {}
    assert rules.placement_rests_on_assessment(placement)
    assert not rules.placement_rests_on_assessment(rules.INTEGRATION_DISPERSAL)


def test_the_dispersal_code_is_the_models():
    from custodia.classification.choices import VepPlacement

    assert rules.INTEGRATION_DISPERSAL == VepPlacement.INTEGRATION_DISPERSAL


def test_a_move_down_to_a_level_that_asks_for_a_programme_needs_it_confirmed():
    held_at_medium = facts(current_level="medium")
    found = problems("low", computed="low", facts=held_at_medium)
    assert set(found) == {"programme_confirmed"}
    assert problems("low", computed="low", facts=held_at_medium, programme_confirmed=True) == {}
    # Not for a first classification, nor for a move up.
    assert problems("low", computed="low") == {}
    assert problems("high", computed="high", facts=held_at_medium) == {}


def test_every_problem_is_told_at_once_in_the_order_of_the_form():
    found = problems("medium", computed="low", rationale="", vep=True)
    assert list(found) == ["rationale", "override_reason", "vep_placement"]


def test_level_labels_and_problems():
    assert rules.level_label(FW, "medium") == "medium"
    assert rules.level_label(FW, "retired") == "retired"
    assert rules.level_problem(FW, "high") is None
    assert rules.level_problem(FW, "retired") == "Choose one of the levels of this prison service."


# --- the workflow ---------------------------------------------------------------------------------

STATUSES = [
    rules.NONE,
    DecisionStatus.PROPOSED,
    DecisionStatus.RETURNED,
    DecisionStatus.APPROVED,
    DecisionStatus.SUPERSEDED,
]
ALLOWED = {
    (rules.NONE, DecisionStatus.PROPOSED),
    (DecisionStatus.RETURNED, DecisionStatus.PROPOSED),
    (DecisionStatus.PROPOSED, DecisionStatus.RETURNED),
    (DecisionStatus.PROPOSED, DecisionStatus.APPROVED),
    (DecisionStatus.APPROVED, DecisionStatus.SUPERSEDED),
}


@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("new", STATUSES[1:])
def test_each_status_lists_its_allowed_previous_statuses(current, new):
    if (current, new) in ALLOWED:
        rules.check_transition(current, new)
    else:
        with pytest.raises(workflow.TransitionRefused):
            rules.check_transition(current, new)


# --- reviews --------------------------------------------------------------------------------------

DECIDED_AT = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
DECIDED_ON = DECIDED_AT.date()
NEXT = rules.next_review_on(DECIDED_ON, 180)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)


def due(**kwargs) -> rules.ReviewDue:
    return rules.review_due(decided_at=DECIDED_AT, decided_on=DECIDED_ON, next_review_on=NEXT, **kwargs)


def test_the_next_review_is_the_levels_interval_after_the_decision():
    assert NEXT == date(2026, 11, 28)
    assert due() == rules.ReviewDue(NEXT, rules.SCHEDULED)


@pytest.mark.parametrize("event", [*rules.REVIEW_EVENTS, rules.REASSESSMENT])
def test_an_event_after_the_decision_makes_the_review_due_at_once(event):
    on = date(2026, 7, 15)
    assert due(triggers=[rules.Trigger(event, on, at(on))]) == rules.ReviewDue(on, event, on)


def test_an_event_the_decision_knew_of_does_not_count_and_a_late_record_counts_from_the_decision():
    known = rules.Trigger("serious_incident", date(2026, 5, 1), at(date(2026, 5, 2)))
    assert due(triggers=[known]).reason == rules.SCHEDULED
    late = rules.Trigger("serious_incident", date(2026, 5, 1), at(date(2026, 7, 1)))
    assert due(triggers=[late]) == rules.ReviewDue(DECIDED_ON, "serious_incident", date(2026, 5, 1))


def test_the_earliest_reason_wins():
    triggers = [
        rules.Trigger("transfer", date(2026, 9, 1), at(date(2026, 9, 1))),
        rules.Trigger(rules.REASSESSMENT, date(2026, 8, 1), at(date(2026, 8, 1))),
    ]
    assert due(triggers=triggers).reason == rules.REASSESSMENT


def test_approaching_release_brings_the_review_forward_unless_the_decision_already_saw_it():
    release = date(2027, 1, 31)
    window = release - timedelta(days=180)
    assert due(release_on=release, approaching_release_days=180) == rules.ReviewDue(
        window, rules.APPROACHING_RELEASE, release
    )
    already = date(2026, 9, 1)  # within 180 days of the decision
    assert due(release_on=already, approaching_release_days=180).reason == rules.SCHEDULED
    later = date(2028, 1, 1)
    assert due(release_on=later, approaching_release_days=180).reason == rules.SCHEDULED


def test_an_appeal_that_changed_the_decision_makes_it_due():
    assert due(appeal_changed_on=date(2026, 8, 3)) == rules.ReviewDue(date(2026, 8, 3), rules.APPEAL, date(2026, 8, 3))


# --- sentences ------------------------------------------------------------------------------------


def test_sentence_facts():
    assert rules.sentence_facts([], TODAY) == rules.SentenceFacts(None, None, False, None)
    life = rules.sentence_facts([(date(2020, 1, 1), None, None, 0, True)], TODAY)
    assert life.life and math.isinf(life.remaining_years) and life.served_fraction is None
    # Ten years from 2020-11-28, with a year credited for pre-trial detention: 7 of 11 served.
    start = date(2020, 11, 28)
    full = date(2029, 11, 28)
    facts_ = rules.sentence_facts([(start, full, date(2026, 11, 28), 365, False)], TODAY)
    assert facts_.remaining_years == pytest.approx(3.0, abs=0.01)
    assert facts_.served_fraction == pytest.approx((2191 + 365) / (3287 + 365), abs=0.001)
    assert facts_.release_on == date(2026, 11, 28)
    # The sentence that ends last governs.
    short = (date(2025, 1, 1), date(2026, 1, 1), date(2025, 9, 1), 0, False)
    assert rules.sentence_facts([short, (start, full, date(2026, 11, 28), 365, False)], TODAY).release_on == date(
        2026, 11, 28
    )
