import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.core.withheld import Why, Withheld
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.register import selectors, services
from custodia.register.choices import LegalStatus, MovementKind, ReleaseReason, Sex

from .factories import admit

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
    # A word matches a name, or the beginning of one ("nak"): not the middle of another (Nakato).
    assert search("KATO") == {"Joseph Kato"}
    assert search("nak") == {"Amina Nakato"}
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
    file = selectors.prisoner_file_open(user=staff_user, prisoner_id=prisoner.pk)
    timeline = selectors.prisoner_timeline(file)
    assert [e.kind for e in timeline][:2] == ["movement", "movement"]
    assert timeline[0].at >= timeline[-1].at
    assert "High Court" in timeline[0].detail


def test_open_ill_treatment_flags_log_a_read_of_each_file(staff_user):
    flagged = admit(actor=staff_user, commitment={"ill_treatment_complaint": "Beaten"})
    admit(actor=staff_user)
    assert [a.prisoner_id for a in selectors.open_ill_treatment_flags(user=staff_user)] == [flagged.pk]
    assert reads_of(flagged) == [(staff_user.pk, "ill-treatment complaint")]


# --- the file, as each reader may see it -------------------------------------------------------


def reads_of(prisoner) -> list[tuple[int, str]]:
    events = AuditEvent.objects.filter(action="read", object_type="register.prisoner", object_id=str(prisoner.pk))
    return list(events.values_list("actor_id", "reason"))


@pytest.fixture
def held(db):
    """A person with family, a complaint of ill-treatment acted upon and a terrorism offence."""
    prisoner = admit(
        cell=CellFactory(),
        family=[services.FamilyData("Sarah", "child", 2018, "Gulu", "her aunt")],
        offences=[services.OffenceData("09061", "Participation in a terrorist group")],
        commitment={"visible_injuries": "Bruised arm", "ill_treatment_complaint": "Beaten at the police station"},
    )
    services.ill_treatment_action_record(actor=None, admission=prisoner.admissions.get(), action="Seen by the doctor")
    return prisoner


def test_a_reader_without_the_right_gets_markers_and_the_rows_are_never_read(make_staff, held):
    wing = make_staff("file-wing", roles.WING, prisons=[held.current_prison])
    wing.get_all_permissions()  # the rights are read once per request, before any page reads a file
    with CaptureQueriesContext(connection) as queries:
        file = selectors.prisoner_file_open(user=wing, prisoner_id=held.pk)
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    assert "register_familymember" not in sql
    assert "visible_injuries" not in sql and "ill_treatment_complaint" not in sql

    assert file.family == Withheld("family", Why.NO_RIGHT) and not file.held_elsewhere
    assert file.withheld == ("family", "health")
    [admission] = file.admissions
    for field in selectors.HEALTH_FIELDS:
        assert getattr(admission, field) == Withheld("health", Why.NO_RIGHT)
    assert admission.ill_treatment_flag_open is False  # a withheld flag never reads as open
    # The record holds nothing of them either, whatever reads it.
    with CaptureQueriesContext(connection) as queries:
        assert list(file.prisoner.family.all()) == []
        assert file.prisoner.admissions.all()[0].ill_treatment_complaint == Withheld("health", Why.NO_RIGHT)
    assert not queries.captured_queries
    # The rest of the file is there.
    assert file.is_vep is True and file.offences[0].iccs_code == "09061" and file.number == held.number


def test_a_reader_with_the_rights_gets_every_section(make_staff, held):
    director = make_staff("file-director", roles.DIRECTOR, prisons=[held.current_prison])
    file = selectors.prisoner_file_open(user=director, prisoner_id=held.pk)
    assert file.withheld == () and file.held_elsewhere == ()
    assert [member.name for member in file.family] == ["Sarah"]
    [admission] = file.admissions
    assert (admission.visible_injuries, admission.ill_treatment_action) == ("Bruised arm", "Seen by the doctor")
    trail = selectors.prisoner_file_trail(user=director, file=file)
    assert [event.actor for event in trail.readers] == [director]  # this opening, logged before
    assert "prisoner.admit" in [event.action for event in trail.history]


def test_each_opening_is_logged_once(make_staff, held):
    wing = make_staff("file-reader", roles.WING, prisons=[held.current_prison])
    file = selectors.prisoner_file_open(user=wing, prisoner_id=held.pk)
    assert reads_of(held) == [(wing.pk, "")]
    selectors.prisoner_file_trail(user=wing, file=file)
    selectors.prisoner_timeline(file)
    assert len(reads_of(held)) == 1
    selectors.movement_list(user=wing, prisoner_id=held.pk)
    assert reads_of(held)[1:] == [(wing.pk, "movements")]


def test_who_opened_a_file_is_withheld_without_its_right(make_staff, held):
    wing = make_staff("trail-wing", roles.WING, prisons=[held.current_prison])
    file = selectors.prisoner_file_open(user=wing, prisoner_id=held.pk)
    trail = selectors.prisoner_file_trail(user=wing, file=file)
    assert trail.readers == Withheld("readers", Why.NO_RIGHT) and trail.history


def test_a_former_prison_gets_its_own_records_and_the_rest_held_elsewhere(make_staff, held):
    director = make_staff("former-director", roles.DIRECTOR, prisons=[held.current_prison])
    services.movement_record(
        actor=None,
        prisoner=held,
        data=services.MovementData(kind=MovementKind.TRANSFER, occurred_at=timezone.now(), to_prison=PrisonFactory()),
    )
    file = selectors.prisoner_file_open(user=director, prisoner_id=held.pk)
    assert file.held_elsewhere == selectors.HELD_ELSEWHERE
    elsewhere = {
        name: getattr(file, name)
        for name in ("current_prison", "current_cell", "custody_status", "version", "legal_status", "is_vep", "family")
    }
    assert {marker.why for marker in elsewhere.values()} == {Why.HELD_ELSEWHERE}
    assert file.offences == Withheld("legal", Why.HELD_ELSEWHERE) and not file.prisoner.offences.all()
    # Its own admission, condition on arrival included, and the movements it recorded.
    assert file.admissions[0].visible_injuries == "Bruised arm"
    assert [m.kind for m in file.movements] == [MovementKind.ADMISSION, MovementKind.TRANSFER]
    trail = selectors.prisoner_file_trail(user=director, file=file)
    assert trail == selectors.FileTrail(
        Withheld("history", Why.HELD_ELSEWHERE), Withheld("readers", Why.HELD_ELSEWHERE)
    )
    assert selectors.prisoner_timeline(file)[0].kind == "movement"


def test_the_file_takes_as_many_queries_small_or_large(staff_user, held):
    small = admit()
    staff_user.get_all_permissions()
    counts = []
    for prisoner in (small, held):
        with CaptureQueriesContext(connection) as queries:
            selectors.prisoner_file_open(user=staff_user, prisoner_id=prisoner.pk)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
