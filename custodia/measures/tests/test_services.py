"""Restrictive measures through their services: imposed by the director, reviewed and appeals
decided by someone else, visited daily by health-care staff, never solitary confinement for a
woman or a child nor for more than 15 consecutive days, audited, ended by leaving custody."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory
from custodia.measures import selectors, services
from custodia.measures.choices import MeasureStatus
from custodia.measures.models import Measure
from custodia.measures.rules import PROLONGED_DAYS
from custodia.register import services as register_services
from custodia.register.choices import LegalStatus, MovementKind, ReleaseReason
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def prison_staff(make_staff):
    cell = CellFactory()
    prison = cell.unit.prison

    def person(sex="male", date_of_birth=date(1990, 5, 17), **kwargs):
        # A unit of their own: men, women and children are held apart (Rule 11).
        return admit(
            cell=CellFactory(unit__prison=prison),
            sex=sex,
            date_of_birth=date_of_birth,
            legal_status=LegalStatus.PRE_TRIAL,
            admitted_at=timezone.now() - timedelta(days=200),
            **kwargs,
        )

    return {
        "person": person,
        "director": make_staff("director", roles.DIRECTOR, prisons=[prison]),
        "deputy": make_staff("deputy", roles.DIRECTOR, prisons=[prison]),
        "nurse": make_staff("nurse", roles.HEALTH, prisons=[prison]),
        "wing": make_staff("wing", roles.WING, prisons=[prison]),
        "elsewhere": make_staff("other-director", roles.DIRECTOR, prisons=[CellFactory().unit.prison]),
    }


def data(first: int = 0, last: int = 5, hours: int = 23, **kwargs) -> services.MeasureData:
    """A measure from `first` days ago to `last` days after that."""
    starts = TODAY() - timedelta(days=first)
    return services.MeasureData(
        **{
            "kind": "segregation",
            "legal_basis": "Prisons Act, section 80",
            "reason": "Threatened staff on the wing",
            "hours_without_contact": hours,
            "starts_on": starts,
            "ends_on": starts + timedelta(days=last),
            "health_view": "Seen by the medical officer: fit",
            **kwargs,
        }
    )


def test_the_director_imposes_and_it_is_audited(prison_staff):
    s = prison_staff
    person = s["person"]()
    measure = services.measure_impose(actor=s["director"], prisoner=person, data=data())
    assert measure.solitary and measure.status == MeasureStatus.IN_FORCE
    event = AuditEvent.objects.get(action="measure.impose")
    assert event.actor == s["director"] and event.object_id == str(measure.pk)
    for actor in (s["wing"], s["nurse"], s["elsewhere"]):
        with pytest.raises(PermissionDenied):
            services.measure_impose(actor=actor, prisoner=person, data=data(hours=4))


def test_solitary_confinement_is_refused_for_a_woman_a_child_and_a_worsened_disability(prison_staff):
    s = prison_staff
    woman = s["person"](sex="female", given_names="Amina")
    child = s["person"](date_of_birth=TODAY().replace(year=TODAY().year - 16) - timedelta(days=1), given_names="Moses")
    man = s["person"](given_names="Peter")
    for person, kwargs in ((woman, {}), (child, {}), (man, {"worsened": True})):
        with pytest.raises(ValidationError) as exc:
            services.measure_impose(actor=s["director"], prisoner=person, data=data(**kwargs))
        assert "hours_without_contact" in exc.value.message_dict
    # Held apart with meaningful contact, a woman may be separated (not solitary confinement).
    assert not services.measure_impose(actor=s["director"], prisoner=woman, data=data(hours=16)).solitary
    with pytest.raises(ValidationError) as exc:
        services.measure_impose(actor=s["director"], prisoner=man, data=data(health_view=""))
    assert "health_view" in exc.value.message_dict
    assert not Measure.objects.filter(solitary=True).exists()


def test_day_sixteen_is_refused_even_after_a_short_break(prison_staff):
    s = prison_staff
    person = s["person"]()
    first = services.measure_impose(actor=s["director"], prisoner=person, data=data(first=20, last=9))
    services.measure_review(actor=s["deputy"], measure=first, outcome="end", note="Calm for two days")
    # Ended early by the review: ten days (20 to 11 days ago), then a break of one day.
    assert Measure.objects.get(pk=first.pk).ended_on == TODAY()
    Measure.objects.filter(pk=first.pk).update(ended_on=TODAY() - timedelta(days=11))
    second = services.measure_impose(actor=s["director"], prisoner=person, data=data(first=9, last=4))
    with pytest.raises(ValidationError) as exc:
        services.measure_extend(
            actor=s["director"], measure=second, ends_on=second.ends_on + timedelta(days=1), reason="Still threatening"
        )
    assert "16 consecutive days" in exc.value.message_dict["ends_on"][0]
    assert Measure.objects.get(pk=second.pk).ends_on == second.ends_on


def test_review_and_appeal_by_someone_else(prison_staff):
    s = prison_staff
    measure = services.measure_impose(actor=s["director"], prisoner=s["person"](), data=data(hours=12))
    with pytest.raises(PermissionDenied):
        services.measure_review(actor=s["director"], measure=measure, outcome="continue", note="Still needed")
    services.measure_review(actor=s["deputy"], measure=measure, outcome="continue", note="Still needed")
    services.told_record(actor=s["wing"], measure=measure, told_on=TODAY())
    appeal = services.appeal_lodge(actor=s["wing"], measure=measure, lodged_on=TODAY(), grounds="I did nothing")
    with pytest.raises(PermissionDenied):
        services.appeal_decide(actor=s["director"], appeal=appeal, outcome="upheld", note="")
    services.appeal_decide(actor=s["deputy"], appeal=appeal, outcome="upheld", note="No evidence of threats")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ENDED and measure.told_on == TODAY()
    actions = list(
        AuditEvent.objects.filter(object_id=str(measure.pk), object_type="measures.measure").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "measure.impose",
        "measure.review",
        "measure.told",
        "measure.appeal",
        "measure.appeal.decide",
        "measure.end",
    ]


def test_daily_health_visits_and_the_days_missed(prison_staff):
    s = prison_staff
    measure = services.measure_impose(actor=s["director"], prisoner=s["person"](), data=data(first=3, last=6))
    services.health_visit_record(
        actor=s["nurse"], measure=measure, visited_on=TODAY() - timedelta(days=3), adverse_effects=False, note=""
    )
    services.health_visit_record(
        actor=s["nurse"], measure=measure, visited_on=TODAY() - timedelta(days=1), adverse_effects=False, note=""
    )
    with pytest.raises(ValidationError):
        services.health_visit_record(
            actor=s["nurse"], measure=measure, visited_on=TODAY() - timedelta(days=1), adverse_effects=False, note=""
        )
    with pytest.raises(ValidationError):
        services.health_visit_record(
            actor=s["nurse"], measure=measure, visited_on=TODAY(), adverse_effects=True, note=" "
        )
    with pytest.raises(PermissionDenied):
        services.health_visit_record(
            actor=s["wing"], measure=measure, visited_on=TODAY(), adverse_effects=False, note=""
        )
    assert selectors.missed_visits(measure) == [TODAY() - timedelta(days=2)]


def test_a_release_ends_the_measures_in_force(prison_staff):
    s = prison_staff
    person = s["person"]()
    measure = services.measure_impose(actor=s["director"], prisoner=person, data=data(hours=10))
    register_services.movement_record(
        actor=None,
        prisoner=person,
        data=register_services.MovementData(
            kind=MovementKind.RELEASE,
            occurred_at=timezone.now() - timedelta(minutes=1),
            release_reason=ReleaseReason.BAIL,
        ),
    )
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ENDED and measure.ended_on == TODAY()
    assert AuditEvent.objects.filter(action="measure.left", object_id=str(measure.pk)).exists()


# Requests a director might make, in any order: impose (from days ago, for days, hours a day
# without contact) or extend an existing measure by some days.
REQUESTS = st.lists(
    st.one_of(
        st.tuples(st.just("impose"), st.integers(0, 40), st.integers(0, 25), st.integers(18, 24)),
        st.tuples(st.just("extend"), st.integers(0, 5), st.integers(1, 20), st.just(0)),
    ),
    min_size=1,
    max_size=8,
)


def test_no_sequence_of_requests_yields_prolonged_solitary_confinement_or_any_for_a_woman_or_a_child(prison_staff):
    s = prison_staff
    people = [
        s["person"](given_names="Peter"),
        s["person"](sex="female", given_names="Amina"),
        s["person"](date_of_birth=TODAY().replace(year=TODAY().year - 17), given_names="Moses"),
    ]

    @hyp_settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(0, 2), REQUESTS)
    def requests(who, sequence):
        with transaction.atomic():
            person = people[who]
            for kind, a, b, hours in sequence:
                try:
                    if kind == "impose":
                        services.measure_impose(
                            actor=s["director"], prisoner=person, data=data(first=a, last=b, hours=hours)
                        )
                    else:
                        existing = list(Measure.objects.filter(prisoner=person, status="in_force").order_by("pk"))
                        if existing:
                            measure = existing[a % len(existing)]
                            services.measure_extend(
                                actor=s["director"],
                                measure=measure,
                                ends_on=measure.ends_on + timedelta(days=b),
                                reason="More",
                            )
                except ValidationError:
                    pass
            solitary = set()
            for first, last in Measure.objects.filter(prisoner=person, solitary=True).values_list(
                "starts_on", "ends_on"
            ):
                solitary |= {first + timedelta(days=n) for n in range((last - first).days + 1)}
            if who > 0:
                assert not solitary
            longest, run = 0, 0
            for day in sorted(solitary):
                run = run + 1 if day - timedelta(days=1) in solitary else 1
                longest = max(longest, run)
            assert longest <= PROLONGED_DAYS
            transaction.set_rollback(True)

    requests()
