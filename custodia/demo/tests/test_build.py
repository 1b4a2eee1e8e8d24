"""A small demo of each country, counted as the statistics page counts, and checked for the
invariants every prisoner file must keep."""

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Length
from django.test import RequestFactory

from custodia.accounts import roles
from custodia.assessment.models import Assessment
from custodia.core.profiles import get_profile
from custodia.demo.builder import PASSWORD, USERS, DemoError, build
from custodia.demo.scenarios import scaled
from custodia.estate.models import Prison, PrisonService
from custodia.register import models as register_models
from custodia.register import rules, selectors
from custodia.register.models import (
    CustodyPeriod,
    LegalStatusChange,
    Movement,
    Offence,
    Prisoner,
    PrisonerName,
    PrisonerNameKey,
)
from custodia.register.services import NameData, name_keys_of, search_text_of

pytestmark = pytest.mark.django_db

SCALES = {"uganda": 0.01, "kazakhstan": 0.05, "tunisia": 0.01}


def vep() -> Exists:
    return Exists(Offence.objects.filter(prisoner=OuterRef("pk"), terrorism_link=True))


def convicted_vep() -> Exists:
    return Exists(Offence.objects.filter(prisoner=OuterRef("pk"), terrorism_link=True, status="convicted"))


def closed_setting() -> Q:
    return ~Q(current_prison__prison_type__in=["semi_open", "open"])


def assert_figures(s) -> None:
    on_roll = Prisoner.objects.on_roll()
    active = Prison.objects.filter(is_active=True)
    capacity = active.aggregate(total=Sum("official_capacity"))["total"]
    assert on_roll.count() == s.population
    assert active.count() == s.prisons
    assert capacity == s.capacity
    assert round(100 * s.population / capacity) == s.occupancy_percent
    assert on_roll.filter(legal_status="pre_trial").count() == s.pre_trial
    assert on_roll.filter(legal_status="under_appeal").count() == s.under_appeal
    assert on_roll.filter(legal_status="civil").count() == s.civil
    assert on_roll.filter(legal_status="convicted").count() == s.convicted
    assert on_roll.filter(vep()).count() == s.vep_on_roll
    assert on_roll.filter(vep(), legal_status="convicted").count() == s.vep_convicted
    assert on_roll.filter(vep(), legal_status="pre_trial").count() == s.vep_pre_trial
    assert dict(active.values_list("prison_type").annotate(n=Count("id"))) == dict(s.prison_types)


def assert_texts_fit() -> None:
    """Every text within its column's max_length: PostgreSQL refuses longer ones, SQLite would not."""
    for model in [*apps.get_app_config("register").get_models(), *apps.get_app_config("estate").get_models()]:
        for field in model._meta.concrete_fields:
            if isinstance(field, CharField) and field.max_length:
                too_long = model.objects.annotate(n=Length(field.name)).filter(n__gt=field.max_length)
                assert not too_long.exists(), f"{model._meta.label}.{field.name}: {too_long.first()}"


def assert_files_are_whole(country: str) -> None:
    assert_texts_fit()
    profile = get_profile(country)
    on_roll = Prisoner.objects.on_roll()
    # Exactly one open custody period, in the prison the person is in, and a cell in that prison.
    open_periods = dict(CustodyPeriod.objects.filter(ended_at__isnull=True).values_list("prisoner_id", "prison_id"))
    assert CustodyPeriod.objects.filter(ended_at__isnull=True).count() == len(open_periods) == on_roll.count()
    statuses = []
    for pk, prison_id, cell_prison_id, status in on_roll.values_list(
        "pk", "current_prison_id", "current_cell__unit__prison_id", "custody_status"
    ):
        assert open_periods[pk] == prison_id
        assert cell_prison_id == prison_id
        statuses.append(status)
    # In their cells, but for today's two at court and one in hospital, at most (demo/today.py).
    out = [status for status in statuses if status != "in_custody"]
    assert set(out) <= {"at_court", "in_hospital"} and out.count("at_court") <= 2 and out.count("in_hospital") <= 1
    # Nobody off the roll has a place or an open period.
    off = Prisoner.objects.filter(current_prison__isnull=True)
    assert not off.filter(current_cell__isnull=False).exists()
    assert set(off.values_list("custody_status", flat=True)) <= {"released", "escaped", "deceased"}
    # Cells add up to each prison's official capacity.
    for prison in Prison.objects.annotate(places=Sum("units__cells__capacity")):
        assert prison.places == prison.official_capacity, prison.name
    # Numbers in the profile's format; counters at the last number issued per prefix.
    pattern = re.compile(profile.prisoner_number.pattern)
    template = profile.prisoner_number.template
    last: dict[str, int] = defaultdict(int)
    for number in Prisoner.objects.values_list("number", flat=True):
        assert pattern.fullmatch(number), number
        prefix = rules.prisoner_number_prefix(template, year=int(re.search(r"\d{4}", number).group()))
        assert number.startswith(prefix)
        last[prefix] = max(last[prefix], int(number[len(prefix) :]))
    assert dict(register_models.PrisonerNumberCounter.objects.values_list("prefix", "last_value")) == dict(last)
    # Names: the display name is the primary name; search text as the admission service builds it.
    # The keys a search of names finds them by, as the services write them.
    names = defaultdict(list)
    for name in PrisonerName.objects.order_by("prisoner_id", "id"):
        names[name.prisoner_id].append(name)
    keys = defaultdict(set)
    for prisoner_id, key in PrisonerNameKey.objects.values_list("prisoner_id", "key"):
        keys[prisoner_id].add(key)
    for prisoner in Prisoner.objects.all():
        own = names[prisoner.pk]
        named = [NameData(n.given_names, n.family_name, n.script, n.kind) for n in own]
        assert own[0].kind == "primary" and prisoner.display_name == own[0].full_name
        assert prisoner.search_text == search_text_of(prisoner.number, named)
        assert keys[prisoner.pk] == set(name_keys_of(named))
        assert prisoner.date_of_birth or prisoner.birth_year_estimated
    # Every history follows the movement state machine and ends in the person's present state.
    state = defaultdict(lambda: "released")
    place: dict[int, tuple] = {}
    for m in Movement.objects.order_by("prisoner_id", "occurred_at", "id"):
        state[m.prisoner_id] = rules.next_custody_status(state[m.prisoner_id], m.kind)
        if m.kind in rules.NEEDS_PRISON | rules.NEEDS_CELL:
            place[m.prisoner_id] = (m.to_prison_id, m.to_cell_id)
        if m.kind == "release":
            assert m.release_reason
        if m.kind == "death":
            assert m.death_circumstances
    for pk, status, prison_id, cell_id in Prisoner.objects.values_list(
        "pk", "custody_status", "current_prison_id", "current_cell_id"
    ):
        assert state[pk] == status
        if prison_id:
            assert place[pk] == (prison_id, cell_id)
    # Women and men are never in the same unit; juveniles only in juvenile prisons.
    sexes = defaultdict(set)
    for unit, sex in on_roll.values_list("current_cell__unit_id", "sex"):
        sexes[unit].add(sex)
    assert all(len(s) == 1 for s in sexes.values())
    today = date.today()
    for prison_type, dob in on_roll.filter(date_of_birth__isnull=False).values_list(
        "current_prison__prison_type", "date_of_birth"
    ):
        if rules.is_juvenile(rules.age_on(today, date_of_birth=dob, birth_year_estimated=None)):
            assert prison_type == "juvenile"


def test_uganda():
    s = scaled("uganda", SCALES["uganda"])
    result = build(country="uganda", scale=SCALES["uganda"])
    assert result.scenario == s
    assert_figures(s)
    assert_files_are_whole("uganda")
    service = PrisonService.objects.get()
    assert (service.profile, service.country_code) == ("uganda", "UG")
    men = Prisoner.objects.on_roll().filter(sex="male").count() / s.population
    assert 0.93 < men < 0.97
    assert not PrisonerName.objects.filter(kind="transliteration").exists()
    assert Prisoner.objects.on_roll().exclude(nationality="UG").exists()


def test_kazakhstan():
    s = scaled("kazakhstan", SCALES["kazakhstan"])
    result = build(country="kazakhstan", scale=SCALES["kazakhstan"])
    assert_figures(s)
    assert_files_are_whole("kazakhstan")
    assert_kazakhstan_veps(s)
    # Cyrillic names, each with a Latin transliteration to search from a Latin keyboard; but the
    # people seeded twice (demo/duplicates.py): Cyrillic alone on the roll, the passport's Latin
    # alone on the older file.
    on_roll, older = seeded_files(result)
    assert not PrisonerName.objects.filter(kind="primary").exclude(script="Cyrl").exclude(prisoner__in=older).exists()
    assert PrisonerName.objects.filter(kind="transliteration", script="Latn").count() == (
        Prisoner.objects.count() - len(on_roll) - len(older)
    )
    # Pre-trial detention is in the SIZOs (or with other juveniles): every stay that began before
    # a conviction was in one.
    convicted_on = dict(LegalStatusChange.objects.filter(status="convicted").values_list("prisoner_id", "effective_on"))
    for prisoner_id, started, prison_type in CustodyPeriod.objects.values_list(
        "prisoner_id", "started_at", "prison__prison_type"
    ):
        if prisoner_id not in convicted_on or started.date() < convicted_on[prisoner_id]:
            assert prison_type in ("remand", "juvenile"), prisoner_id


def seeded_files(result) -> tuple[list[Prisoner], list[Prisoner]]:
    """The files on the roll and the older files of the people seeded twice (demo/duplicates.py)."""
    pairs = result.duplicates.seeded
    assert len(pairs) >= 3 and all(pair.score for pair in pairs)
    on_roll = list(Prisoner.objects.on_roll().filter(number__in=[pair.on_roll.number for pair in pairs]))
    older = list(Prisoner.objects.filter(number__in=[pair.older.number for pair in pairs], current_prison=None))
    assert len(on_roll) == len(older) == len(pairs)
    return on_roll, older


def assert_kazakhstan_veps(s) -> None:
    on_roll = Prisoner.objects.on_roll()
    terrorism = Prisoner.objects.filter(convicted_vep())
    assert terrorism.filter(legal_status__in=["convicted", "probation"]).count() == s.terrorism_convicted
    probation = terrorism.filter(legal_status="probation")
    assert probation.count() == s.vep_probation
    assert probation.filter(custody_status="released", current_prison__isnull=True).count() == s.vep_probation
    released_to_probation = Movement.objects.filter(kind="release", release_reason="probation")
    assert set(released_to_probation.values_list("prisoner_id", flat=True)) == set(
        probation.values_list("pk", flat=True)
    )
    held = on_roll.filter(convicted_vep(), legal_status="convicted")
    assert held.filter(current_prison__prison_type="semi_open").count() == s.vep_semi_open
    assert held.filter(closed_setting()).count() == s.vep_closed
    returnees = on_roll.filter(returnee=True)
    assert returnees.filter(sex="male").count() == s.returnees_men
    assert returnees.filter(sex="female").count() == s.returnees_women
    assert returnees.filter(convicted_vep(), closed_setting(), legal_status="convicted").count() == s.returnees
    assert not Prisoner.objects.filter(returnee=True, current_prison__isnull=True).exists()


def test_kazakhstan_semi_open_and_returnees():
    """The splits of the 721 at a size where each part is there, without building thousands."""
    s = replace(
        scaled("kazakhstan", 0.01),
        vep_convicted=8,
        vep_semi_open=1,
        vep_probation=2,
        returnees_men=2,
        returnees_women=1,
    )
    build(country="kazakhstan", scenario=s)
    assert_figures(s)
    assert_kazakhstan_veps(s)


def test_tunisia(make_staff):
    s = scaled("tunisia", SCALES["tunisia"])
    result = build(country="tunisia", scale=SCALES["tunisia"])
    assert_figures(s)
    assert_files_are_whole("tunisia")
    # But the people seeded twice (demo/duplicates.py): Arabic alone on the roll, French alone before.
    on_roll, older = seeded_files(result)
    assert not PrisonerName.objects.filter(kind="primary").exclude(script="Arab").exclude(prisoner__in=older).exists()
    assert PrisonerName.objects.filter(kind="transliteration", script="Latn").count() == (
        Prisoner.objects.count() - len(on_roll) - len(older)
    )
    # A Tunisian can be found from a Latin keyboard by the Latin spelling of the name.
    latin = PrisonerName.objects.filter(kind="transliteration").first()
    word = rules.search_key(latin.family_name).split()[0]
    assert Prisoner.objects.filter(search_text__contains=word).filter(pk=latin.prisoner_id).exists()
    # ... and by another spelling of it, or the Arabic name from the Latin one.
    found = selectors.prisoner_search(
        user=make_staff("name-search", roles.HQ_VEP, nationwide=True),
        filters=selectors.PrisonerFilters(q=f"{latin.given_names.split()[0]} {latin.family_name}", on_roll=False),
    )
    assert latin.prisoner_id in [person.pk for person in found]


def test_same_seed_same_demo():
    def fingerprint() -> list[tuple]:
        return list(
            Prisoner.objects.order_by("number").values_list(
                "number", "display_name", "legal_status", "custody_status", "current_prison__code", "date_of_birth"
            )
        )

    day = date(2026, 11, 28)
    with transaction.atomic():
        build(country="tunisia", scale=0.005, seed=7, today=day)
        first = fingerprint()
        transaction.set_rollback(True)
    build(country="tunisia", scale=0.005, seed=7, today=day)
    assert fingerprint() == first


# The other tests of the demo's assessments (test_assessments.py) share one demo, built once for
# the module: a test that builds its own is here.
def test_same_demo_same_assessments():
    def fingerprint() -> list[tuple]:
        return list(
            Assessment.objects.order_by("pk").values_list(
                "prisoner__number", "instrument_code", "status", "total_score", "final_judgement", "countersigned_at"
            )
        )

    with transaction.atomic():
        build(country="uganda", scale=0.01)
        first = fingerprint()
        transaction.set_rollback(True)
    build(country="uganda", scale=0.01)
    assert fingerprint() == first and first


def test_users_and_logins():
    out = StringIO()
    call_command("demo", "--country", "uganda", "--scale", "0.002", stdout=out)
    text = out.getvalue()
    assert "Demo log-ins" in text
    for username, _title in USERS:
        assert f"{username} / {PASSWORD}" in text
        # django-axes checks every sign-in against the request it comes from.
        assert authenticate(RequestFactory().post("/"), username=username, password=PASSWORD) is not None
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    reception = users.get(username="reception")
    assert not reception.is_superuser and reception.groups.filter(name=roles.RECEPTION).exists()
    assert reception.assignment.prisons.count() == 1 and not reception.assignment.nationwide
    assert users.get(username="analyst").assignment.nationwide


def test_if_empty_is_idempotent():
    call_command("demo", "--country", "tunisia", "--scale", "0.002", "--if-empty", stdout=StringIO())
    before = (Prisoner.objects.count(), Movement.objects.count())
    out = StringIO()
    call_command("demo", "--country", "tunisia", "--scale", "0.002", "--if-empty", stdout=out)
    assert "Demo data already present; nothing to do." in out.getvalue()
    assert (Prisoner.objects.count(), Movement.objects.count()) == before


def test_existing_data_is_refused_and_kept():
    call_command("demo", "--country", "tunisia", "--scale", "0.002", stdout=StringIO())
    before = Prisoner.objects.count()
    with pytest.raises(CommandError, match="fresh"):
        call_command("demo", "--country", "uganda", "--scale", "0.002", stdout=StringIO())
    assert Prisoner.objects.count() == before
    with pytest.raises(DemoError):
        build(country="uganda", scale=0.002)


@pytest.mark.parametrize("scale", ["0", "-0.5", "1.5", "many"])
def test_bad_scale_is_refused(scale):
    with pytest.raises(CommandError):
        call_command("demo", "--country", "uganda", "--scale", scale, stdout=StringIO())
    assert not Prisoner.objects.exists()


def test_unknown_country_is_refused():
    with pytest.raises(CommandError):
        call_command("demo", "--country", "atlantis", "--scale", "0.01", stdout=StringIO())
