"""Pure rules of assessment: transitions, populations, due dates, what a submission needs."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custodia.assessment import rules
from custodia.assessment.choices import AssessmentStatus, TriggerEvent
from custodia.assessment.instruments import latest_instruments
from custodia.core import workflow
from custodia.core.actions import AuditAction

ADMITTED = date(2026, 1, 10)


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        ("draft", "submitted", True),
        ("returned", "submitted", True),
        ("submitted", "final", True),
        ("submitted", "returned", True),
        ("draft", "final", False),
        ("draft", "returned", False),
        ("returned", "final", False),
        ("final", "returned", False),
        ("final", "submitted", False),
        ("final", "draft", False),
        ("submitted", "draft", False),
    ],
)
def test_transitions(current, new, allowed):
    if allowed:
        workflow.check_transition(rules.ALLOWED_PREVIOUS, current, new)
    else:
        with pytest.raises(workflow.TransitionRefused):
            workflow.check_transition(rules.ALLOWED_PREVIOUS, current, new)


def test_the_state_machine_names_every_status():
    assert set(rules.ALLOWED_PREVIOUS) == set(AssessmentStatus.values)


def test_every_trigger_event_has_its_audit_action():
    assert {AuditAction.of_trigger(event) for event in TriggerEvent} <= set(AuditAction)


@pytest.mark.parametrize(
    ("population", "person", "applies"),
    [
        ("all", {"sex": "male", "age": 30, "is_vep": False}, True),
        ("vep", {"sex": "male", "age": 30, "is_vep": False}, False),
        ("vep", {"sex": "female", "age": 30, "is_vep": True}, True),
        ("women", {"sex": "female", "age": 30, "is_vep": False}, True),
        ("women", {"sex": "male", "age": 30, "is_vep": True}, False),
        ("juveniles", {"sex": "male", "age": 17, "is_vep": False}, True),
        ("juveniles", {"sex": "male", "age": 18, "is_vep": False}, False),
        ("juveniles", {"sex": "male", "age": None, "is_vep": False}, False),
    ],
)
def test_who_an_instrument_applies_to(population, person, applies):
    assert rules.applies_to(population, juvenile_age=18, **person) is applies


def due(**kwargs):
    defaults = {
        "admitted_on": ADMITTED,
        "first_days": 30,
        "interval_days": 180,
        "last_final_on": None,
        "trigger_days": {"transfer": 30, "serious_incident": 14},
        "triggers": [],
    }
    return rules.next_due(**{**defaults, **kwargs})


def test_first_assessment_within_the_profiles_days_of_admission():
    assert due() == rules.Due(date(2026, 2, 9), "first")


def test_reassessment_by_interval_after_the_last_final():
    assert due(last_final_on=date(2026, 2, 1)) == rules.Due(date(2026, 7, 31), "interval")


def test_a_trigger_brings_the_date_forward():
    result = due(last_final_on=date(2026, 2, 1), triggers=[("serious_incident", date(2026, 3, 1))])
    assert result == rules.Due(date(2026, 3, 15), "serious_incident", date(2026, 3, 1))


def test_triggers_the_instrument_does_not_list_or_already_assessed_are_ignored():
    last = date(2026, 2, 1)
    assert due(last_final_on=last, triggers=[("release_planning", date(2026, 3, 1))]).reason == "interval"
    assert due(last_final_on=last, triggers=[("transfer", date(2026, 1, 20))]).reason == "interval"
    # An event before this stay began is covered by the first assessment.
    assert due(triggers=[("serious_incident", date(2025, 12, 1))]).reason == "first"


@given(
    last=st.one_of(st.none(), st.dates(min_value=ADMITTED, max_value=date(2030, 1, 1))),
    events=st.lists(
        st.tuples(
            st.sampled_from(["transfer", "serious_incident", "release_planning"]), st.dates(ADMITTED, date(2030, 1, 1))
        ),
        max_size=5,
    ),
)
def test_triggers_never_push_a_due_date_later(last, events):
    without = due(last_final_on=last)
    with_events = due(last_final_on=last, triggers=events)
    assert with_events.on <= without.on
    if with_events.reason not in ("first", "interval"):
        assert with_events.trigger_on is not None and (last is None or with_events.trigger_on > last)


def test_submission_needs_every_item_evidence_and_for_spj_the_raters_judgement():
    vep = latest_instruments()["vep_spj"]
    ratings = {item.code: rules.Rating(1, "seen") for _d, item in vep.items()}
    assert rules.submission_problems(vep, ratings, rationale="Reasons", final_judgement="moderate") == {}
    first = vep.items()[0][1].code
    ratings[first] = rules.Rating(1, " ")
    problems = rules.submission_problems(vep, ratings, rationale="", final_judgement="")
    assert set(problems) == {f"{first}_evidence", "rationale", "final_judgement"}
    del ratings[first]
    assert first in rules.submission_problems(vep, ratings, rationale="r", final_judgement="low")


def test_value_outside_the_scale_is_named():
    screening = latest_instruments()["general_screening"]
    assert rules.value_problem(screening, "education", 2) is None
    assert "0 to 2" in rules.value_problem(screening, "education", 3)
    assert "nonsense" in rules.value_problem(screening, "nonsense", 0)


def test_domain_profile_keeps_protective_factors_apart():
    vep = latest_instruments()["vep_spj"]
    ratings = {item.code: 2 for domain, item in vep.items() if domain.code == "protective"}
    profile = rules.domain_profile(vep, ratings)
    assert profile["protective"]["score"] == profile["protective"]["max"] == 8
    assert profile["beliefs_attitudes"] == {"score": 0, "max": 6}
