"""The prisoner file services against the real database: whole or nothing, audited."""

import re
from datetime import UTC, date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory, PrisonFactory, PrisonServiceFactory
from custodia.register import rules, services
from custodia.register.choices import CustodyStatus, LegalStatus, MovementKind, ReleaseReason
from custodia.register.models import Prisoner

from .factories import admission_data, admit, row_counts

pytestmark = pytest.mark.django_db


def convicted_today(actor, prisoner, **kwargs):
    """legal_status_change: the person is convicted, from today."""
    return services.legal_status_change(
        actor=actor, prisoner=prisoner, status=LegalStatus.CONVICTED, effective_on=timezone.localdate(), **kwargs
    )


def assert_admission_refused(actor, field: str, **overrides) -> None:
    """prisoner_admit refuses admission_data(**overrides), naming `field`, and saves nothing."""
    before = row_counts()
    with pytest.raises(ValidationError) as exc:
        services.prisoner_admit(actor=actor, data=admission_data(**overrides))
    assert field in exc.value.message_dict
    assert row_counts() == before


class TestAdmission:
    def test_writes_the_whole_file_with_an_audit_event(self, staff_user):
        cell = CellFactory()
        prisoner = admit(
            actor=staff_user,
            cell=cell,
            names=[
                services.NameData("Айгерім", "Сәрсенбаева", "Cyrl"),
                services.NameData("Aigerim", "Sarsenbayeva", "Latn", "transliteration"),
            ],
            offences=[services.OffenceData("09061", "Participation in a terrorist group")],
            property_items=[services.PropertyData("Mobile telephone", 1, "screen cracked")],
            family=[services.FamilyData("Aru", "child", 2019, "with grandmother", "grandmother")],
            commitment={"ill_treatment_complaint": "Beaten during arrest"},
        )
        assert prisoner.custody_status == CustodyStatus.IN_CUSTODY
        assert prisoner.current_prison == cell.unit.prison and prisoner.current_cell == cell
        assert prisoner.names.count() == 2
        assert "sarsenbayeva" in prisoner.search_text
        assert rules.search_key("АЙГЕРІМ") in prisoner.search_text
        assert prisoner.offences.get().terrorism_link is True  # 09061 is terrorism by definition
        admission = prisoner.admissions.get()
        assert admission.ill_treatment_flag_open
        assert admission.property_items.count() == 1
        assert prisoner.custody_periods.get().ended_at is None
        assert prisoner.movements.get().kind == MovementKind.ADMISSION
        event = AuditEvent.objects.get(action="prisoner.admit")
        assert event.actor == staff_user and event.object_id == str(prisoner.pk)
        assert event.changes["number"] == [None, prisoner.number]

    def test_number_follows_the_profile_and_is_never_reused(self, staff_user):
        PrisonServiceFactory(profile="uganda")
        first = admit(actor=staff_user)
        second = admit(actor=staff_user)
        assert re.fullmatch(r"UPS/\d{4}/\d{6}", first.number)
        assert first.number != second.number
        # Release the first: their number stays theirs, the next admission gets a new one.
        services.movement_record(
            actor=staff_user,
            prisoner=first,
            data=services.MovementData(
                kind=MovementKind.RELEASE, occurred_at=timezone.now(), release_reason=ReleaseReason.BAIL
            ),
        )
        third = admit(actor=staff_user)
        assert third.number not in {first.number, second.number}

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"given_names": "  "}, "given_names"),
            ({"date_of_birth": None}, "date_of_birth"),
            ({"date_of_birth": date.today() + timedelta(days=3)}, "date_of_birth"),
            ({"offences": [services.OffenceData("99999", "Unknown")]}, "iccs_code"),
            ({"legal_status": "probation_typo"}, "legal_status"),
            ({"sentence": services.SentenceData(date(2026, 1, 1), date(2026, 1, 1), years=2)}, "legal_status"),
        ],
    )
    def test_bad_input_names_the_field_and_saves_nothing(self, staff_user, overrides, field):
        assert_admission_refused(staff_user, field, **overrides)

    def test_cell_of_another_prison_refused(self, staff_user):
        data = admission_data(prison=PrisonFactory(), cell=CellFactory())
        with pytest.raises(ValidationError) as exc:
            services.prisoner_admit(actor=staff_user, data=data)
        assert "cell" in exc.value.message_dict

    def test_a_failure_half_way_leaves_nothing(self, staff_user, monkeypatch):
        """The audit row is the last write: if it fails, the whole admission is rolled back."""

        def broken(**kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(services.audit, "record", broken)
        before = row_counts()
        with pytest.raises(RuntimeError):
            admit(actor=staff_user, offences=[services.OffenceData("0502", "Theft")])
        assert row_counts() == before

    def test_sentence_release_dates_use_the_profile(self, staff_user):
        PrisonServiceFactory(profile="uganda")
        prisoner = admit(
            actor=staff_user,
            legal_status=LegalStatus.CONVICTED,
            sentence=services.SentenceData(date(2025, 1, 10), date(2025, 1, 10), years=3),
        )
        sentence = prisoner.sentences.get()
        assert sentence.full_term_release_on == date(2028, 1, 10)
        # Uganda: one third remission, 1095 days x 0.6667 = 730 days.
        assert sentence.earliest_release_on == date(2027, 1, 10)


class TestMovements:
    def move(self, actor, prisoner, kind, **kwargs):
        return services.movement_record(
            actor=actor,
            prisoner=prisoner,
            data=services.MovementData(kind=kind, occurred_at=kwargs.pop("occurred_at", timezone.now()), **kwargs),
        )

    def test_transfer_closes_one_period_and_opens_the_next(self, staff_user):
        prisoner = admit(actor=staff_user, cell=CellFactory())
        destination = PrisonFactory()
        self.move(staff_user, prisoner, MovementKind.TRANSFER, to_prison=destination, reason="Overcrowding")
        prisoner.refresh_from_db()
        assert prisoner.current_prison == destination and prisoner.current_cell is None
        periods = list(prisoner.custody_periods.order_by("started_at", "id"))
        assert len(periods) == 2 and periods[0].ended_at is not None and periods[1].ended_at is None
        assert AuditEvent.objects.filter(action="movement.transfer").count() == 1

    def test_court_and_back_keeps_the_person_on_the_roll(self, staff_user):
        prisoner = admit(actor=staff_user)
        self.move(staff_user, prisoner, MovementKind.COURT_PRODUCTION, reason="High Court")
        prisoner.refresh_from_db()
        assert prisoner.custody_status == CustodyStatus.AT_COURT
        assert Prisoner.objects.on_roll().filter(pk=prisoner.pk).exists()
        self.move(staff_user, prisoner, MovementKind.RETURN)
        prisoner.refresh_from_db()
        assert prisoner.custody_status == CustodyStatus.IN_CUSTODY

    def test_a_movement_that_does_not_place_records_no_destination(self, staff_user):
        cell = CellFactory()
        prisoner = admit(actor=staff_user, cell=cell)
        elsewhere = CellFactory()
        movement = self.move(
            staff_user, prisoner, MovementKind.COURT_PRODUCTION, to_prison=elsewhere.unit.prison, to_cell=elsewhere
        )
        assert (movement.from_cell, movement.to_prison, movement.to_cell) == (cell, None, None)
        prisoner.refresh_from_db()
        assert (prisoner.custody_status, prisoner.current_cell) == (CustodyStatus.AT_COURT, cell)

    def test_release_and_readmission(self, staff_user):
        prisoner = admit(actor=staff_user)
        prison = prisoner.current_prison
        self.move(staff_user, prisoner, MovementKind.RELEASE, release_reason=ReleaseReason.ACQUITTED)
        prisoner.refresh_from_db()
        assert prisoner.current_prison is None and prisoner.custody_status == CustodyStatus.RELEASED
        self.move(staff_user, prisoner, MovementKind.ADMISSION, to_prison=prison)
        prisoner.refresh_from_db()
        assert prisoner.current_prison == prison
        assert prisoner.custody_periods.filter(ended_at__isnull=True).count() == 1

    def test_death_needs_circumstances(self, staff_user):
        prisoner = admit(actor=staff_user)
        with pytest.raises(ValidationError) as exc:
            self.move(staff_user, prisoner, MovementKind.DEATH)
        assert "death_circumstances" in exc.value.message_dict
        self.move(staff_user, prisoner, MovementKind.DEATH, death_circumstances="Cardiac arrest in the infirmary")
        prisoner.refresh_from_db()
        assert prisoner.custody_status == CustodyStatus.DECEASED

    @pytest.mark.parametrize(
        ("kind", "kwargs", "field"),
        [
            (MovementKind.RETURN, {}, "kind"),
            (MovementKind.RELEASE, {}, "release_reason"),
            (MovementKind.TRANSFER, {}, "to_prison"),
            (MovementKind.CELL_MOVE, {}, "to_cell"),
            (MovementKind.CELL_MOVE, {"to_cell": "other-prison"}, "to_cell"),
            (MovementKind.COURT_PRODUCTION, {"occurred_at": "future"}, "occurred_at"),
            (MovementKind.COURT_PRODUCTION, {"occurred_at": "before-admission"}, "occurred_at"),
        ],
    )
    def test_refusals_name_the_field_and_change_nothing(self, staff_user, kind, kwargs, field):
        prisoner = admit(actor=staff_user)
        if kwargs.get("to_cell") == "other-prison":
            kwargs["to_cell"] = CellFactory()
        if kwargs.get("occurred_at") == "future":
            kwargs["occurred_at"] = timezone.now() + timedelta(days=1)
        if kwargs.get("occurred_at") == "before-admission":
            kwargs["occurred_at"] = timezone.now() - timedelta(days=30)
        before = row_counts()
        with pytest.raises(ValidationError) as exc:
            self.move(staff_user, prisoner, kind, **kwargs)
        assert field in exc.value.message_dict
        assert row_counts() == before


class TestLegalStatusAndFlags:
    def test_legal_status_change_keeps_history(self, staff_user):
        prisoner = admit(actor=staff_user)
        convicted_today(staff_user, prisoner, note="Judgment of the High Court")
        prisoner.refresh_from_db()
        assert prisoner.legal_status == LegalStatus.CONVICTED
        assert list(prisoner.legal_status_history.values_list("status", flat=True)) == [
            LegalStatus.PRE_TRIAL,
            LegalStatus.CONVICTED,
        ]
        event = AuditEvent.objects.get(action="prisoner.legal_status")
        assert event.changes == {"legal_status": [LegalStatus.PRE_TRIAL, LegalStatus.CONVICTED]}

    def test_same_status_refused(self, staff_user):
        prisoner = admit(actor=staff_user)
        with pytest.raises(ValidationError):
            services.legal_status_change(
                actor=staff_user, prisoner=prisoner, status=LegalStatus.PRE_TRIAL, effective_on=timezone.localdate()
            )

    def test_ill_treatment_flag_stays_until_action_recorded(self, staff_user):
        prisoner = admit(actor=staff_user, commitment={"ill_treatment_complaint": "Beaten at the police station"})
        admission = prisoner.admissions.get()
        with pytest.raises(ValidationError):
            services.ill_treatment_action_record(actor=staff_user, admission=admission, action="  ")
        admission.refresh_from_db()
        assert admission.ill_treatment_flag_open
        services.ill_treatment_action_record(
            actor=staff_user, admission=admission, action="Examined by the doctor; referred to the prosecutor"
        )
        admission.refresh_from_db()
        assert not admission.ill_treatment_flag_open
        assert admission.ill_treatment_action_by == staff_user
        with pytest.raises(ValidationError):
            services.ill_treatment_action_record(actor=staff_user, admission=admission, action="again")


class TestStaleEdits:
    def test_a_change_on_an_older_copy_is_refused_and_says_who_changed_what(self, staff_user, make_staff):
        prisoner = admit(actor=staff_user)
        seen = prisoner.version
        colleague = make_staff("colleague", roles.RECEPTION, nationwide=True)
        services.movement_record(
            actor=colleague,
            prisoner=prisoner,
            data=services.MovementData(kind=MovementKind.COURT_PRODUCTION, occurred_at=timezone.now(), version=seen),
        )
        before = row_counts()
        with pytest.raises(ValidationError) as exc:
            convicted_today(staff_user, prisoner, version=seen)
        message = exc.value.message_dict["version"][0]
        assert "colleague" in message and "Movement: production at court" in message
        assert row_counts() == before
        prisoner.refresh_from_db()
        assert prisoner.legal_status == LegalStatus.PRE_TRIAL  # the colleague's change stands, nothing lost
        assert prisoner.custody_status == "at_court"

    def test_the_current_version_goes_through_and_moves_on(self, staff_user):
        prisoner = admit(actor=staff_user)
        convicted_today(staff_user, prisoner, version=prisoner.version)
        prisoner.refresh_from_db()
        assert prisoner.version == 2


class TestNamesThatIdentifyAPerson:
    """Finding 11: invisible and control characters let one name look like another."""

    def test_names_are_stored_normalised(self, staff_user):
        prisoner = admit(
            actor=staff_user,
            names=[
                services.NameData("  Jose\u0301  Maria ", "Okello\n"),
                services.NameData("مهر\u200cداد", "", "Arab", "alias"),
            ],
            case=services.CaseData("High Court", "HC-1", legal_representative=" Adv.\tNamara "),
            family=[services.FamilyData("Sara\u00a0 Okello", "child", 2015, "Gulu", " Grandmother ")],
        )
        primary, alias = prisoner.names.all()
        assert (primary.given_names, primary.family_name) == ("José Maria", "Okello")
        assert prisoner.display_name == "José Maria Okello"
        assert alias.given_names == "مهر\u200cداد"  # the non-joiner is part of a Persian name
        assert prisoner.court_cases.get().legal_representative == "Adv. Namara"
        member = prisoner.family.get()
        assert (member.name, member.custodian) == ("Sara Okello", "Grandmother")

    @pytest.mark.parametrize(
        ("overrides", "field", "code_point"),
        [
            ({"given_names": "Ali\u202eilA"}, "given_names", "U+202E"),
            ({"family_name": "Oke\u200bllo"}, "family_name", "U+200B"),
            ({"given_names": "\ufeffAmina"}, "given_names", "U+FEFF"),
            ({"given_names": "Amina\x00"}, "given_names", "U+0000"),
            (
                {"names": [services.NameData("Amina", "Okello"), services.NameData("Amina", "\u2067Okello\u2069")]},
                "names.1.family_name",
                "U+2067, U+2069",
            ),
            ({"family": [services.FamilyData("Sara\u200eOkello", "spouse")]}, "family.0.name", "U+200E"),
            (
                {"family": [services.FamilyData("Sara", "child", 2015, "Gulu"), services.FamilyData("Ali", "child")]},
                None,
                None,
            ),
            (
                {"family": [services.FamilyData("Sara", "child", 2015, "Gulu", custodian="Aunt\u061c")]},
                "family.0.custodian",
                "U+061C",
            ),
            (
                {"case": services.CaseData("High Court", "HC-1", legal_representative="Adv. \u202dNamara")},
                "legal_representative",
                "U+202D",
            ),
        ],
    )
    def test_hidden_characters_refused_naming_the_field(self, staff_user, overrides, field, code_point):
        data = admission_data(**overrides)
        before = row_counts()
        if field is None:  # the control case: clean names go through
            services.prisoner_admit(actor=staff_user, data=data)
            return
        with pytest.raises(ValidationError) as exc:
            services.prisoner_admit(actor=staff_user, data=data)
        assert exc.value.message_dict == {
            field: [f"Remove the hidden or control characters from this name: {code_point}."]
        }
        assert row_counts() == before

    def test_a_name_of_whitespace_only_is_no_name(self, staff_user):
        data = admission_data(
            names=[services.NameData("Amina", "Okello"), services.NameData(" \t ", "Okello")],
            family=[services.FamilyData("  ", "spouse")],
        )
        with pytest.raises(ValidationError) as exc:
            services.prisoner_admit(actor=staff_user, data=data)
        assert set(exc.value.message_dict) == {"names.1.given_names", "family.0.name"}


def _years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    return rules.add_months(today, -12 * years) - timedelta(days=days)


class TestPlausibleDates:
    """Finding 12 (dates a file can never carry) and finding 6 (sentence dates that crashed)."""

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"birth_year_estimated": 2100, "date_of_birth": None}, "birth_year_estimated"),
            ({"birth_year_estimated": 1900, "date_of_birth": None}, "birth_year_estimated"),
            ({"date_of_birth": date(1, 1, 1)}, "date_of_birth"),
            # Under the generic profile's minimum age (12) on the day of admission.
            ({"date_of_birth": _years_ago(12) + timedelta(days=1)}, "date_of_birth"),
            ({"birth_year_estimated": timezone.localdate().year - 11, "date_of_birth": None}, "birth_year_estimated"),
            (
                {"admitted_at": datetime(1, 1, 1, tzinfo=UTC), "order_date": date(1, 1, 1)},
                "admitted_at",
            ),
            ({"order_date": date(1949, 12, 31)}, "order_date"),
            ({"commitment": {"arrested_at": datetime(1900, 1, 1, tzinfo=UTC)}}, "arrested_at"),
            (
                {"case": services.CaseData("High Court", "HC-1", next_hearing=date(2100, 1, 1))},
                "next_hearing",
            ),
            ({"family": [services.FamilyData("Sara", "spouse", birth_year=2100)]}, "family.0.birth_year"),
        ],
    )
    def test_out_of_range_refused_naming_the_field(self, staff_user, overrides, field):
        assert_admission_refused(staff_user, field, **overrides)

    def test_year_one_admission_makes_no_prisoner_number(self, staff_user):
        """Before: accepted, with the number UPS/1/000001."""
        PrisonServiceFactory(profile="uganda")
        data = admission_data(admitted_at=datetime(1, 1, 1, tzinfo=UTC), order_date=date(1, 1, 1))
        with pytest.raises(ValidationError) as exc:
            services.prisoner_admit(actor=staff_user, data=data)
        assert "when this service's records begin" in exc.value.message_dict["admitted_at"][0]
        assert not Prisoner.objects.exists()

    def test_the_oldest_and_youngest_plausible_people_are_admitted(self, staff_user):
        # Admitted now: an admission an hour ago, just after midnight, falls the day before, when
        # the youngest was not yet twelve.
        now = timezone.now()
        admit(actor=staff_user, date_of_birth=_years_ago(110), admitted_at=now)
        admit(actor=staff_user, date_of_birth=_years_ago(12), admitted_at=now)
        admit(
            actor=staff_user, date_of_birth=None, birth_year_estimated=timezone.localdate().year - 12, admitted_at=now
        )

    @pytest.mark.parametrize(
        ("sentence", "field"),
        [
            # "AssertionError: unreachable" in rules.add_months before.
            (services.SentenceData(date(2025, 1, 1), date(9999, 1, 1), years=200), "sentence_starts_on"),
            (
                services.SentenceData(date(2025, 1, 1), date(1, 1, 2), years=1, remand_credit_days=100_000),
                "sentence_starts_on",
            ),
            (
                services.SentenceData(date(2025, 1, 1), date(2025, 1, 1), years=1, remand_credit_days=30_000),
                "remand_credit_days",
            ),
            (services.SentenceData(date(2100, 1, 1), date(2025, 1, 1), years=1), "sentence_imposed_on"),
            (services.SentenceData(date(1900, 1, 1), date(2025, 1, 1), years=1), "sentence_imposed_on"),
        ],
    )
    def test_sentence_out_of_range_refused_naming_the_field(self, staff_user, sentence, field):
        data = admission_data(legal_status=LegalStatus.CONVICTED, sentence=sentence)
        before = row_counts()
        with pytest.raises(ValidationError) as exc:
            services.prisoner_admit(actor=staff_user, data=data)
        assert list(exc.value.message_dict) == [field]
        assert row_counts() == before

    def test_movement_before_the_records_begin_refused(self, staff_user, monkeypatch):
        prisoner = admit(actor=staff_user, admitted_at=timezone.now() - timedelta(days=10))
        profile = services.active_profile()
        later = profile.model_copy(update={"records_from": timezone.localdate() - timedelta(days=5)})
        monkeypatch.setattr(services, "active_profile", lambda: later)
        before = row_counts()
        with pytest.raises(ValidationError) as exc:
            services.movement_record(
                actor=staff_user,
                prisoner=prisoner,
                data=services.MovementData(
                    kind=MovementKind.COURT_PRODUCTION, occurred_at=timezone.now() - timedelta(days=7)
                ),
            )
        assert "when this service's records begin" in exc.value.message_dict["occurred_at"][0]
        assert row_counts() == before

    def test_movement_in_the_year_one_is_refused_not_a_crash(self, staff_user):
        prisoner = admit(actor=staff_user)
        with pytest.raises(ValidationError) as exc:
            services.movement_record(
                actor=staff_user,
                prisoner=prisoner,
                data=services.MovementData(
                    kind=MovementKind.COURT_PRODUCTION,
                    occurred_at=datetime(1, 1, 1, tzinfo=dt_timezone(timedelta(hours=5))),
                ),
            )
        assert "occurred_at" in exc.value.message_dict

    @pytest.mark.parametrize("effective_on", [date(1, 1, 1), date(1949, 12, 31), date(9999, 1, 1)])
    def test_legal_status_out_of_range_refused(self, staff_user, effective_on):
        prisoner = admit(actor=staff_user)
        with pytest.raises(ValidationError) as exc:
            services.legal_status_change(
                actor=staff_user, prisoner=prisoner, status=LegalStatus.CONVICTED, effective_on=effective_on
            )
        assert "effective_on" in exc.value.message_dict
        prisoner.refresh_from_db()
        assert prisoner.legal_status == LegalStatus.PRE_TRIAL


# --- who may act: each action's predicate, and its service refusing with it ---------------------------

HELD_ELSEWHERE = "Only the prison that holds this person can change the file."


def test_admission_by_reception_into_a_prison_where_they_work(make_staff):
    prison = PrisonFactory()
    reception = make_staff("reception", roles.RECEPTION, prisons=[prison])
    assert services.admission_refusal(reception) is None
    assert services.admission_refusal(reception, prison) is None
    assert services.admission_refusal(None, prison) is None  # the system itself (an import, the demo)
    assert services.admission_refusal(reception, PrisonFactory()) == (
        "You can only admit people into a prison where you work."
    )
    wing = make_staff("wing", roles.WING, prisons=[prison])
    refusal = services.admission_refusal(wing)
    assert refusal == "You do not have the right to admit people."
    # The prison is what the user chose: the refusal is said on that field.
    with pytest.raises(ValidationError) as exc:
        admit(actor=wing, prison=prison)
    assert exc.value.message_dict["prison"] == [refusal]


@pytest.mark.parametrize(
    ("predicate", "allowed", "without_right"),
    [
        (services.movement_refusal, roles.WING, roles.CASE_MANAGER),
        (services.legal_status_refusal, roles.RECEPTION, roles.WING),
        (services.ill_treatment_refusal, roles.DIRECTOR, roles.RECEPTION),
    ],
)
def test_the_file_changes_by_who_has_the_right_at_the_prison_that_holds_the_person(
    make_staff, predicate, allowed, without_right
):
    prisoner = admit()
    here = prisoner.current_prison
    assert predicate(make_staff("allowed", allowed, prisons=[here]), prisoner) is None
    assert predicate(None, prisoner) is None
    refusal = predicate(make_staff("without-right", without_right, prisons=[here]), prisoner)
    assert refusal and refusal != HELD_ELSEWHERE
    assert predicate(make_staff("elsewhere", allowed, prisons=[PrisonFactory()]), prisoner) == HELD_ELSEWHERE


def test_the_services_refuse_with_the_predicates_reason_and_change_nothing(make_staff):
    prisoner = admit(commitment={"ill_treatment_complaint": "Beaten at the police station"})
    outsider = make_staff("outsider", roles.RECEPTION, roles.WING, roles.DIRECTOR, prisons=[PrisonFactory()])
    before = row_counts()
    with pytest.raises(PermissionDenied) as exc:
        services.movement_record(
            actor=outsider,
            prisoner=prisoner,
            data=services.MovementData(kind=MovementKind.COURT_PRODUCTION, occurred_at=timezone.now()),
        )
    assert str(exc.value) == services.movement_refusal(outsider, prisoner)
    with pytest.raises(PermissionDenied) as exc:
        convicted_today(outsider, prisoner)
    assert str(exc.value) == services.legal_status_refusal(outsider, prisoner)
    with pytest.raises(PermissionDenied) as exc:
        services.ill_treatment_action_record(actor=outsider, admission=prisoner.admissions.get(), action="Seen")
    assert str(exc.value) == services.ill_treatment_refusal(outsider, prisoner)
    assert row_counts() == before
    assert prisoner.admissions.get().ill_treatment_flag_open
