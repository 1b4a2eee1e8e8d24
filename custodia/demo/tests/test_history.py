"""Years of history (demo/history.py, `manage.py demo --years N`): people admitted and released
before today, with their movements, their risk and needs assessments and classification decisions
(demo/casework.py) and the audit events the services would have written, added after a small demo;
the trail still verifies, and today's figures are what they were."""

import re
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils import timezone

from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.models import Assessment, ItemRating
from custodia.classification.choices import DecisionStatus
from custodia.classification.models import ClassificationDecision
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.models import AuditChainHead, AuditEvent
from custodia.core.profiles import get_profile
from custodia.demo.builder import build
from custodia.demo.history import LAST_ADMISSION_DAYS, make_history
from custodia.demo.scenarios import scaled
from custodia.oversight.uncts_counts import monthly_counts, reference_counts
from custodia.register.choices import CustodyStatus
from custodia.register.models import CustodyPeriod, LegalStatusChange, Movement, Prisoner

from .test_build import assert_figures

pytestmark = pytest.mark.django_db

SCALE = 0.01
FIGURES = ("figure-population", "figure-prisons", "figure-occupancy", "figure-vep")


def _statistics(client) -> dict[str, str]:
    """The statistics page's headline figures and the rows of its tables, as shown."""
    html = client.get(reverse("oversight:statistics")).content.decode()
    shown = {name: re.search(rf'id="{name}">([^<]+)<', html).group(1) for name in FIGURES}  # type: ignore[union-attr]
    for table, code, value in re.findall(
        r'id="(table-[^"]+)".*?<tr data-code="([^"]+)"><td>[^<]*</td><td class="text-end">([^<]+)</td>', html, re.S
    ):
        shown[f"{table}/{code}"] = value
    return shown


def _today(client) -> tuple[dict[str, str], object, dict[str, int]]:
    day = timezone.localdate()
    on_roll = Prisoner.objects.on_roll()
    roll = {
        "on_roll": on_roll.count(),
        "open_periods": CustodyPeriod.objects.filter(ended_at__isnull=True).count(),
        **{f"status/{s}": n for s, n in on_roll.values_list("legal_status").annotate(n=Count("id"))},
    }
    return _statistics(client), reference_counts(user=None, day=day), roll


def test_history_is_added_without_changing_todays_figures(staff_client):
    today = timezone.localdate()
    result = build(country="uganda", scale=SCALE, today=today)
    before = _today(staff_client)
    prisoners, events = Prisoner.objects.count(), AuditEvent.objects.count()
    assessments, decisions = Assessment.objects.count(), ClassificationDecision.objects.count()
    window = (today - timedelta(days=365), today - timedelta(days=LAST_ADMISSION_DAYS))
    held_before = [month.held for month in monthly_counts(user=None, first=window[0], last=window[1])]
    assert result.staff is not None

    made = make_history(
        country="uganda",
        profile=get_profile("uganda"),
        scenario=result.scenario,
        prisons=result.estate,
        staff=result.staff,
        today=today,
        years=1,
        seed=1,
        tz=timezone.get_current_timezone(),
    )

    # The history is there: people admitted in the year before today and released since.
    scenario = scaled("uganda", SCALE)
    assert made.people > 0.5 * scenario.population * 0.8 * (365 - LAST_ADMISSION_DAYS) / 365
    assert Prisoner.objects.count() == prisoners + made.people
    added = Prisoner.objects.order_by("-id")[: made.people]
    new_ids = [p.pk for p in added]
    assert all(p.custody_status == CustodyStatus.RELEASED and p.current_prison_id is None for p in added)
    first = Movement.objects.filter(prisoner_id__in=new_ids).aggregate(
        first=Min("occurred_at"), last=Max("occurred_at")
    )
    assert timezone.localdate(first["first"]) >= window[0]
    assert timezone.localdate(first["last"]) < today
    assert not CustodyPeriod.objects.filter(prisoner_id__in=new_ids, ended_at__isnull=True).exists()
    assert LegalStatusChange.objects.filter(prisoner_id__in=new_ids).count() >= made.people
    numbers = list(Prisoner.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))

    # Their audit events: those the services write, one file at a time in the order they happened,
    # appended to one valid chain whose head names the last.
    assert AuditEvent.objects.count() == events + made.events
    assert made.events > 5 * made.people
    report = audit.verify_chain()
    assert report.ok, report.message
    assert report.checked == events + made.events
    head = AuditChainHead.objects.get()
    assert head.last_id == AuditEvent.objects.aggregate(last=Max("id"))["last"]
    one = new_ids[-1]
    trail = list(AuditEvent.objects.filter(object_type="register.prisoner", object_id=str(one)).order_by("id"))
    assert trail[0].action == "prisoner.admit"
    assert trail[0].changes["number"] == [None, Prisoner.objects.get(pk=one).number]
    assert trail[-1].action == "movement.release"
    # Released from the prison, or at court (acquitted or bailed there): from a status that holds them.
    released_from, released_to = trail[-1].changes["custody_status"]
    assert released_to == CustodyStatus.RELEASED
    assert released_from in (CustodyStatus.IN_CUSTODY, CustodyStatus.AT_COURT, CustodyStatus.IN_HOSPITAL)
    assert [event.at for event in trail] == sorted(event.at for event in trail)
    moves = Movement.objects.filter(prisoner_id=one).exclude(kind="admission").count()
    assert sum(event.action.startswith("movement.") for event in trail) == moves

    # Their case work: final assessments and classification decisions, each within a stay.
    _assert_casework(made, new_ids, assessments=assessments, decisions=decisions)

    # Today's figures are those of the demo without history; the months of the history hold more.
    assert _today(staff_client) == before
    assert_figures(scenario)
    held_after = [month.held for month in monthly_counts(user=None, first=window[0], last=window[1])]
    assert all(after >= was for after, was in zip(held_after, held_before, strict=True))
    assert sum(held_after) > sum(held_before)


def _stays(new_ids: list[int]) -> dict[int, list[tuple[object, object]]]:
    """Each person's stays: (admitted at, released at), from their movements."""
    stays: dict[int, list[tuple[object, object]]] = {}
    for pid, kind, at in (
        Movement.objects.filter(prisoner_id__in=new_ids, kind__in=("admission", "release"))
        .order_by("prisoner_id", "occurred_at", "id")
        .values_list("prisoner_id", "kind", "occurred_at")
    ):
        if kind == "admission":
            stays.setdefault(pid, []).append((at, None))
        else:
            stays[pid][-1] = (stays[pid][-1][0], at)
    return stays


def _trail(object_type: str, pk: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type=object_type, object_id=str(pk)).order_by("id"))


def _within(stays: list[tuple[object, object]], *times: object) -> bool:
    return any(all(start < at < end for at in times) for start, end in stays)  # type: ignore[operator]


def _assert_casework(made, new_ids: list[int], *, assessments: int, decisions: int) -> None:
    """The history's assessments and decisions: real rows within the stays of its people, each
    step in the audit trail with the action, changes and actor the services record."""
    added = Assessment.objects.filter(prisoner_id__in=new_ids)
    assert made.assessments == added.count() == Assessment.objects.count() - assessments
    assert made.assessments > 0.3 * made.people
    assert set(added.values_list("status", flat=True)) == {AssessmentStatus.FINAL}
    assert "general_screening" in set(added.values_list("instrument_code", flat=True))
    # The women's needs assessment for women only, as the instrument's population says.
    assert set(added.filter(instrument_code="women_needs").values_list("prisoner__sex", flat=True)) <= {"female"}
    stays = _stays(new_ids)
    for a in added:
        assert a.created_at < a.submitted_at < a.countersigned_at  # type: ignore[operator]
        assert _within(stays[a.prisoner_id], a.created_at, a.countersigned_at)
        assert a.total_score is not None and a.final_judgement == a.computed_level != ""
        assert a.countersigned_by_id not in (a.created_by_id, a.submitted_by_id)
    # Every item rated, as the services' submission asks.
    assert ItemRating.objects.filter(assessment__in=added).count() >= 10 * made.assessments

    chosen = added.filter(instrument_code="general_screening").order_by("-id").first()
    assert chosen is not None
    trail = _trail("assessment.assessment", chosen.pk)
    assert [e.action for e in trail] == [
        AuditAction.ASSESSMENT_START,
        AuditAction.ASSESSMENT_RATE,
        AuditAction.ASSESSMENT_SUBMIT,
        AuditAction.ASSESSMENT_COUNTERSIGN,
    ]
    assert [e.at for e in trail] == sorted(e.at for e in trail)
    assert trail[0].at == chosen.created_at and trail[3].at == chosen.countersigned_at
    assert trail[0].changes == {
        "prisoner": [None, chosen.prisoner_id],
        "instrument": [None, f"general_screening v{chosen.instrument.version}"],
    }
    ratings = dict(chosen.ratings.values_list("item_code", "value"))
    assert trail[1].changes == {code: [None, value] for code, value in ratings.items()}
    assert trail[2].changes == {
        "status": ["draft", "submitted"],
        "total_score": [None, chosen.total_score],
        "final_judgement": [None, chosen.final_judgement],
    }
    assert trail[3].changes == {"status": ["submitted", "final"]}
    assert trail[3].actor_id == chosen.countersigned_by_id != trail[0].actor_id == chosen.created_by_id

    made_decisions = ClassificationDecision.objects.filter(prisoner_id__in=new_ids)
    assert made.decisions == made_decisions.count() == ClassificationDecision.objects.count() - decisions
    assert made.decisions > 0.3 * made.people
    statuses = dict(made_decisions.values_list("status").annotate(n=Count("id")).order_by())
    assert set(statuses) == {DecisionStatus.APPROVED, DecisionStatus.SUPERSEDED}
    # One decision in force per person; those before it superseded.
    assert statuses[DecisionStatus.APPROVED] == made_decisions.values("prisoner_id").distinct().count()
    for d in made_decisions.select_related("admission"):
        assert d.proposed_at < d.decided_at  # type: ignore[operator]
        assert _within(stays[d.prisoner_id], d.proposed_at, d.decided_at)
        # It keeps the admission of its stay, as classification_approve does.
        assert d.admission is not None and d.admission.prisoner_id == d.prisoner_id
        assert [start for start, end in stays[d.prisoner_id] if start < d.decided_at < end] == [  # type: ignore[operator]
            d.admission.admitted_at
        ]
        assert d.proposed_level == d.computed_level == d.approved_level and d.computed_reasons
        assert d.next_review_on > timezone.localdate(d.decided_at)  # type: ignore[operator]
        # After a final assessment of the person: the system proposes from it.
        assert Assessment.objects.filter(prisoner_id=d.prisoner_id, countersigned_at__lt=d.proposed_at).exists()
    superseded = made_decisions.filter(status=DecisionStatus.SUPERSEDED).order_by("id").first()
    assert superseded is not None
    trail = _trail("classification.classificationdecision", superseded.pk)
    assert [e.action for e in trail] == [
        AuditAction.CLASSIFICATION_PROPOSE,
        AuditAction.CLASSIFICATION_APPROVE,
        AuditAction.CLASSIFICATION_SUPERSEDE,
    ]
    assert (trail[0].at, trail[1].at) == (superseded.proposed_at, superseded.decided_at)
    assert trail[0].changes == {
        "status": [None, "proposed"],
        "computed_level": [None, superseded.computed_level],
        "proposed_level": [None, superseded.proposed_level],
    }
    assert trail[0].reason == superseded.rationale
    assert trail[1].changes == {
        "status": ["proposed", "approved"],
        "approved_level": [None, superseded.approved_level],
        "next_review_on": [None, superseded.next_review_on.isoformat()],  # type: ignore[union-attr]
    }
    after = ClassificationDecision.objects.get(pk=trail[2].changes["superseded_by"][1])
    assert after.prisoner_id == superseded.prisoner_id and trail[2].at == after.decided_at
    assert trail[2].changes["status"] == ["approved", "superseded"]
    # Every step of every one of them, once.
    steps = Counter(
        AuditEvent.objects.filter(
            object_type="assessment.assessment", object_id__in=[str(pk) for pk in added.values_list("id", flat=True)]
        ).values_list("action", flat=True)
    )
    assert steps == {
        action: made.assessments
        for action in (
            AuditAction.ASSESSMENT_START,
            AuditAction.ASSESSMENT_RATE,
            AuditAction.ASSESSMENT_SUBMIT,
            AuditAction.ASSESSMENT_COUNTERSIGN,
        )
    }
    steps = Counter(
        AuditEvent.objects.filter(
            object_type="classification.classificationdecision",
            object_id__in=[str(pk) for pk in made_decisions.values_list("id", flat=True)],
        ).values_list("action", flat=True)
    )
    assert steps == {
        AuditAction.CLASSIFICATION_PROPOSE: made.decisions,
        AuditAction.CLASSIFICATION_APPROVE: made.decisions,
        AuditAction.CLASSIFICATION_SUPERSEDE: statuses[DecisionStatus.SUPERSEDED],
    }


def test_demo_command_with_years():
    out = StringIO()
    call_command("demo", "--country", "uganda", "--scale", str(SCALE), "--years", "1", stdout=out)
    printed = out.getvalue()
    made = re.search(
        r"History of 1 years in [\d.]+ s: ([\d,]+) people admitted and released, ([\d,]+) risk and needs "
        r"assessments, ([\d,]+) classification decisions, [\d,]+ rows, ([\d,]+) audit events\.",
        printed,
    )
    assert made, printed
    people, assessments, decisions, events = (int(n.replace(",", "")) for n in made.groups())
    assert people > 0 and events > 5 * people
    assert assessments > 0 and decisions > 0
    assert Assessment.objects.filter(prisoner__current_prison__isnull=True).count() >= assessments
    assert ClassificationDecision.objects.filter(prisoner__current_prison__isnull=True).count() >= decisions
    assert Prisoner.objects.filter(current_prison__isnull=True).count() >= people
    report = audit.verify_chain()
    assert report.ok and report.checked == AuditEvent.objects.count() >= events
    assert_figures(scaled("uganda", SCALE))


def test_years_must_not_be_negative():
    with pytest.raises(CommandError, match="--years must be 0 or more"):
        call_command("demo", "--country", "uganda", "--scale", "0.01", "--years", "-1", stdout=StringIO())
