import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from custodia.register import selectors, services
from custodia.register.choices import LegalStatus, MovementKind, ReleaseReason, Sex

from .factories import PrisonFactory, admit

pytestmark = pytest.mark.django_db


def names(qs) -> set[str]:
    return {p.display_name for p in qs}


def test_search_by_any_name_in_any_script_and_number(staff_user):
    amina = admit(actor=staff_user, given_names="Amina", family_name="Nakato")
    admit(
        actor=staff_user,
        names=[
            services.NameData("محمد", "الطرابلسي", "Arab"),
            services.NameData("Mohamed", "Trabelsi", "Latn", "transliteration"),
        ],
    )
    admit(actor=staff_user, given_names="Joseph", family_name="Kato")

    def search(q):
        return names(selectors.prisoner_list(user=staff_user, filters=selectors.PrisonerFilters(q=q)))

    assert search("nakato") == {"Amina Nakato"}
    assert search("KATO") == {"Amina Nakato", "Joseph Kato"}
    assert search("trabelsi mohamed") == {"محمد الطرابلسي"}
    assert search("الطرابلسي") == {"محمد الطرابلسي"}
    assert search(amina.number) == {"Amina Nakato"}
    assert search("nobody") == set()


def test_filters_and_on_roll(staff_user):
    prison = PrisonFactory()
    admit(actor=staff_user, prison=prison, given_names="A", sex=Sex.MALE, legal_status=LegalStatus.CONVICTED)
    admit(
        actor=staff_user,
        given_names="B",
        sex=Sex.FEMALE,
        offences=[services.OffenceData("09062", "Financing of terrorism")],
    )
    released = admit(actor=staff_user, given_names="C")
    services.movement_record(
        actor=staff_user,
        prisoner=released,
        data=services.MovementData(
            kind=MovementKind.RELEASE, occurred_at=timezone.now(), release_reason=ReleaseReason.BAIL
        ),
    )

    def listed(**kwargs):
        return {
            p.display_name.split()[0]
            for p in selectors.prisoner_list(user=staff_user, filters=selectors.PrisonerFilters(**kwargs))
        }

    assert listed() == {"A", "B"}
    assert listed(on_roll=False) == {"A", "B", "C"}
    assert listed(prison=prison.pk) == {"A"}
    assert listed(sex=Sex.FEMALE) == {"B"}
    assert listed(legal_status=LegalStatus.CONVICTED) == {"A"}
    assert listed(vep=True) == {"B"}
    assert listed(vep=False) == {"A"}


def test_nothing_for_anonymous(staff_user):
    admit(actor=staff_user)
    assert not selectors.prisoner_list(user=AnonymousUser()).exists()


def test_timeline_newest_first(staff_user):
    prisoner = admit(actor=staff_user)
    services.movement_record(
        actor=staff_user,
        prisoner=prisoner,
        data=services.MovementData(kind=MovementKind.COURT_PRODUCTION, occurred_at=timezone.now(), reason="High Court"),
    )
    prisoner = selectors.prisoner_get(user=staff_user, prisoner_id=prisoner.pk)
    timeline = selectors.prisoner_timeline(prisoner)
    assert [e.kind for e in timeline][:2] == ["movement", "movement"]
    assert timeline[0].at >= timeline[-1].at
    assert "High Court" in timeline[0].detail


def test_open_ill_treatment_flags(staff_user):
    flagged = admit(actor=staff_user, commitment={"ill_treatment_complaint": "Beaten"})
    admit(actor=staff_user)
    assert [a.prisoner_id for a in selectors.open_ill_treatment_flags(user=staff_user)] == [flagged.pk]
