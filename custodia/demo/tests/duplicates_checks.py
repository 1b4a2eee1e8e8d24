"""Checks of the demo's seeded duplicates (demo/duplicates.py), run on each country's demo
(uganda/, tunisia/, kazakhstan/): each person seeded with an older file under another spelling or
script is proposed by the duplicate search, with the parts of its score; the older file was
released before the readmission, so the figures on the roll are the scenario's; hq2 marked one pair
the same person and hq, not hq2, may approve its merge."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.urls import reverse
from django.utils.html import escape

from custodia.demo.duplicates import SAME_REASON, SEEDS, Seed
from custodia.demo.scenarios import scaled
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register import duplicate_merge
from custodia.register.choices import DuplicateStatus
from custodia.register.models import DuplicatePair, Prisoner

from .country_demo import SCALE

pytestmark = pytest.mark.django_db


def _full(name: tuple[str, str, str, str]) -> str:
    return " ".join(part for part in name[:2] if part)


def _files(seed: Seed) -> tuple[Prisoner, Prisoner] | None:
    """The file on the roll and the older file of a seeded person; None if the scale left it out."""
    on_roll = Prisoner.objects.on_roll().filter(display_name=_full(seed.on_roll[0]), date_of_birth=seed.born)
    older = Prisoner.objects.filter(
        display_name=_full(seed.older[0]), date_of_birth=seed.older_born, current_prison__isnull=True
    )
    if not on_roll.exists():
        return None
    assert on_roll.count() == 1 and older.count() == 1, seed
    return on_roll.get(), older.get()


def seeded_pairs() -> list[tuple[Seed, Prisoner, Prisoner, DuplicatePair]]:
    found = []
    for seed in SEEDS[active_profile().id]:
        files = _files(seed)
        if files is None:
            continue
        first, second = sorted(files, key=lambda p: p.pk)
        pair = DuplicatePair.objects.get(first=first, second=second)
        found.append((seed, *files, pair))
    return found


def test_each_seeded_person_is_proposed_with_the_parts_of_its_score(demo, country, client, sign_in):
    pairs = seeded_pairs()
    assert len(pairs) >= 3
    threshold = active_profile().duplicates.threshold
    users = get_user_model().objects
    sign_in(client, users.get(username="hq"))
    listed = client.get(reverse("register:duplicate_list")).content.decode()
    for seed, on_roll, older, pair in pairs:
        assert pair.score >= threshold
        parts = {part["factor"]: part for part in pair.parts}
        assert parts["name"]["points"] > 0 and parts["sex"]["finding"] == "same"
        assert parts["birth"]["finding"] == ("near" if seed.swapped else "same")
        if pair.status == DuplicateStatus.PROPOSED:
            assert f'data-pair="{pair.pk}"' in listed
        # The pair's page: both files side by side, and why they were proposed.
        page = client.get(reverse("register:duplicate_detail", args=[pair.pk])).content.decode()
        assert on_roll.number in page and older.number in page
        assert 'data-factor="name"' in page and 'data-factor="birth"' in page
        # The older file was admitted years before and released before the readmission.
        assert older.custody_status == "released" and not older.custody_periods.filter(ended_at__isnull=True).exists()
        last_release = older.custody_periods.order_by("-ended_at").values_list("ended_at", flat=True).first()
        first_admission = on_roll.custody_periods.order_by("started_at").values_list("started_at", flat=True).first()
        assert last_release < first_admission
        assert older.movements.order_by("-occurred_at", "-id").first().kind == "release"
    # Named in the command's summary, with the number of pairs proposed.
    assert "Possible duplicates" in demo and "pairs proposed" in demo
    for _seed, on_roll, older, _pair in pairs:
        assert f"{on_roll.number} {on_roll.display_name} / {older.number} {older.display_name} (score" in demo


def test_the_figures_on_the_roll_are_the_scenarios(demo, country):
    s = scaled(country, SCALE)
    on_roll = Prisoner.objects.on_roll()
    assert on_roll.count() == s.population
    assert on_roll.filter(legal_status="pre_trial").count() == s.pre_trial
    assert Prison.objects.filter(is_active=True).aggregate(n=Sum("official_capacity"))["n"] == s.capacity


def test_hq2_marked_one_pair_the_same_person_and_hq_may_merge_it(demo, country, client, sign_in):
    users = get_user_model().objects
    hq, hq2 = users.get(username="hq"), users.get(username="hq2")
    decided = [pair for _seed, _on_roll, _older, pair in seeded_pairs() if pair.status == DuplicateStatus.SAME]
    assert len(decided) == 1
    pair = decided[0]
    assert pair.decided_by == hq2 and pair.reason == SAME_REASON[country]
    # Four eyes: hq2 may not approve the merge of the pair hq2 decided; hq may.
    assert duplicate_merge.merge_refusal(hq2, pair) and duplicate_merge.merge_refusal(hq, pair) is None
    sign_in(client, hq)
    page = client.get(reverse("register:duplicate_list") + "?status=same").content.decode()
    assert f'data-pair="{pair.pk}"' in page
    page = client.get(reverse("register:duplicate_detail", args=[pair.pk])).content.decode()
    assert escape(pair.reason) in page
    on_roll = pair.first if pair.first.current_prison_id else pair.second
    answer = client.post(reverse("register:duplicate_merge", args=[pair.pk]), {"kept": on_roll.pk, "reason": ""})
    assert answer.status_code == 302
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.MERGED and pair.kept == on_roll
    merged = pair.second if on_roll == pair.first else pair.first
    merged.refresh_from_db()
    assert merged.merged_into == on_roll
    assert Prisoner.objects.on_roll().count() == scaled(country, SCALE).population
