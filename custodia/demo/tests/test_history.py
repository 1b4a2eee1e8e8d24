"""Years of history (demo/history.py, `manage.py demo --years N`): people admitted and released
before today, with their movements and the audit events the services would have written, added
after a small demo; the trail still verifies, and today's figures are what they were."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils import timezone

from custodia.core import audit
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
    assert trail[-1].changes["custody_status"] == [CustodyStatus.IN_CUSTODY, CustodyStatus.RELEASED]
    assert [event.at for event in trail] == sorted(event.at for event in trail)
    moves = Movement.objects.filter(prisoner_id=one).exclude(kind="admission").count()
    assert sum(event.action.startswith("movement.") for event in trail) == moves

    # Today's figures are those of the demo without history; the months of the history hold more.
    assert _today(staff_client) == before
    assert_figures(scenario)
    held_after = [month.held for month in monthly_counts(user=None, first=window[0], last=window[1])]
    assert all(after >= was for after, was in zip(held_after, held_before, strict=True))
    assert sum(held_after) > sum(held_before)


def test_demo_command_with_years():
    out = StringIO()
    call_command("demo", "--country", "uganda", "--scale", str(SCALE), "--years", "1", stdout=out)
    printed = out.getvalue()
    made = re.search(
        r"History of 1 years in [\d.]+ s: ([\d,]+) people admitted and released, [\d,]+ rows, "
        r"([\d,]+) audit events\.",
        printed,
    )
    assert made, printed
    people, events = (int(n.replace(",", "")) for n in made.groups())
    assert people > 0 and events > 5 * people
    assert Prisoner.objects.filter(current_prison__isnull=True).count() >= people
    report = audit.verify_chain()
    assert report.ok and report.checked == AuditEvent.objects.count() >= events
    assert_figures(scaled("uganda", SCALE))


def test_years_must_not_be_negative():
    with pytest.raises(CommandError, match="--years must be 0 or more"):
        call_command("demo", "--country", "uganda", "--scale", "0.01", "--years", "-1", stdout=StringIO())
