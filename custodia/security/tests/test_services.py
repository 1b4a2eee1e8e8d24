"""Non-associations through their services: open and close, one open record per pair, never
deleted, audited, who may act."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory, PrisonFactory, UnitFactory
from custodia.register.tests.factories import admit
from custodia.security import services
from custodia.security.models import NonAssociation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell():
    return CellFactory()


@pytest.fixture
def officer(make_staff, cell):
    return make_staff("security", roles.SECURITY, prisons=[cell.unit.prison])


def opening(officer, prisoner, other, **kwargs):
    """The whole result of opening: the record and the warnings shown with it."""
    values = {
        "level": "cell",
        "reason": "extremist_influence",
        "role": "vulnerable_to_recruitment",
        "other_role": "recruiter",
        "comment": "Seen passing propaganda; source graded B2",
        **kwargs,
    }
    return services.non_association_open(actor=officer, prisoner=prisoner, other=other, **values)


def open_(officer, prisoner, other, **kwargs):
    return opening(officer, prisoner, other, **kwargs).non_association


def stored_directly(officer, prisoner_a, prisoner_b, *, level: str) -> NonAssociation:
    """A record written to the table past the service, as another program could write it: the
    database's own constraints must refuse what the service refuses."""
    return NonAssociation.objects.create(
        prisoner_a=prisoner_a,
        prisoner_b=prisoner_b,
        level=level,
        reason="gang",
        role_a="gang_rival",
        role_b="gang_rival",
        comment="x",
        authorised_by=officer,
        opened_at=timezone.now(),
    )


def test_open_stores_the_pair_in_order_with_each_role(officer, cell):
    recruiter = admit(cell=cell, given_names="Recruiter")
    young = admit(cell=CellFactory(unit=cell.unit), given_names="Young")
    opened = opening(officer, young, recruiter)  # recorded from the younger man's file: the higher id
    record = opened.non_association
    assert (record.prisoner_a, record.prisoner_b) == (recruiter, young)
    assert record.role_of(young.pk) == "vulnerable_to_recruitment" and record.role_of(recruiter.pk) == "recruiter"
    assert record.authorised_by == officer and record.is_open and opened.warnings == []
    event = AuditEvent.objects.get(action="non_association.open")
    assert event.object_id == str(record.pk) and event.changes["level"] == [None, "cell"]


def test_one_open_record_per_pair_naming_it(officer, cell):
    a, b = admit(cell=cell), admit(prison=cell.unit.prison)
    open_(officer, a, b)
    with pytest.raises(ValidationError) as exc:
        open_(officer, b, a, level="prison", reason="threats")  # from either side
    message = exc.value.message_dict["other"][0]
    assert a.number in message and b.number in message and "Not in the same cell" in message
    # The database holds the same rule, whatever writes to it.
    with pytest.raises(IntegrityError), transaction.atomic():
        stored_directly(officer, a, b, level="unit")


def test_the_pair_is_ordered_in_the_database(officer, cell):
    a, b = admit(cell=cell), admit(prison=cell.unit.prison)
    with pytest.raises(IntegrityError), transaction.atomic():
        stored_directly(officer, b, a, level="cell")


def test_close_keeps_the_record_and_a_new_one_may_follow(officer, cell):
    a, b = admit(cell=cell), admit(prison=cell.unit.prison)
    record = open_(officer, a, b)
    with pytest.raises(ValidationError) as exc:
        services.non_association_close(actor=officer, non_association=record, reason="  ")
    assert "reason" in exc.value.message_dict
    services.non_association_close(actor=officer, non_association=record, reason="Deradicalisation programme completed")
    record.refresh_from_db()
    assert record.closed_at and record.closed_by == officer and not record.is_open
    assert AuditEvent.objects.filter(action="non_association.close", object_id=str(record.pk)).exists()
    with pytest.raises(ValidationError):
        services.non_association_close(actor=officer, non_association=record, reason="Again")
    again = open_(officer, a, b, level="unit", reason="threats")
    assert NonAssociation.objects.filter(prisoner_a=a, prisoner_b=b).count() == 2  # never deleted
    assert again.is_open


@pytest.mark.parametrize(
    ("level", "together", "warning"),
    [
        ("cell", "cell", "share a cell now"),
        ("cell", "unit", None),
        ("unit", "cell", "same unit now"),
        ("unit", "unit", "same unit now"),
        ("unit", "prison", None),
        ("prison", "prison", "same prison now"),
        ("prison", "elsewhere", None),
    ],
)
def test_opening_for_people_already_together_is_allowed_and_warns(officer, cell, level, together, warning):
    """Recording a danger must never wait for a move; the page then says to move one of them."""
    a = admit(cell=cell)
    place = {
        "cell": {"cell": cell},
        "unit": {"cell": CellFactory(unit=cell.unit)},
        "prison": {"cell": CellFactory(unit=UnitFactory(prison=cell.unit.prison))},
        "elsewhere": {"prison": PrisonFactory()},
    }[together]
    b = admit(**place)
    opened = opening(officer, a, b, level=level)
    if warning is None:
        assert opened.warnings == []
    else:
        (message,) = opened.warnings
        assert warning in message and a.number in message and b.number in message


def test_who_may_open_and_close(make_staff, officer, cell):
    a, b = admit(cell=cell), admit(prison=PrisonFactory())
    wing = make_staff("wing", roles.WING, prisons=[cell.unit.prison])
    with pytest.raises(PermissionDenied):
        open_(wing, a, b)
    elsewhere = make_staff("security-elsewhere", roles.SECURITY, prisons=[PrisonFactory()])
    with pytest.raises(PermissionDenied):
        open_(elsewhere, a, b)
    # Staff of the prison holding either one may act; a director too.
    record = open_(make_staff("security-b", roles.SECURITY, prisons=[b.current_prison]), a, b)
    director = make_staff("director", roles.DIRECTOR, prisons=[cell.unit.prison])
    with pytest.raises(PermissionDenied):
        services.non_association_close(actor=elsewhere, non_association=record, reason="x")
    services.non_association_close(actor=director, non_association=record, reason="Court order lifted")


def test_non_association_refusal_says_who_may_open_and_close(make_staff, officer, cell):
    a, b = admit(cell=cell), admit(prison=PrisonFactory())
    assert services.non_association_refusal(officer, a, b) is None
    assert services.non_association_refusal(officer, b) == (
        "Only staff of a prison that holds one of the two people can record or close a non-association."
    )
    wing = make_staff("wing", roles.WING, prisons=[cell.unit.prison])
    refusal = services.non_association_refusal(wing, a, b)
    assert refusal == "You do not have the right to manage non-associations."
    with pytest.raises(PermissionDenied, match=refusal):
        open_(wing, a, b)
    assert not NonAssociation.objects.exists()


def test_bad_input_names_its_field(officer, cell):
    a = admit(cell=cell)
    with pytest.raises(ValidationError) as exc:
        open_(officer, a, a, level="block", reason="bad", role="x", other_role="y", comment=" ")
    assert set(exc.value.message_dict) == {"other", "level", "reason", "role", "other_role", "comment"}
    assert not NonAssociation.objects.exists()
