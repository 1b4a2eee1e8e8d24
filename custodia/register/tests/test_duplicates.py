"""Possible duplicates across the register: find_duplicates, the decisions of headquarters, who sees
which pair, and the pages (docs/duplicates.md). Real database, the real services."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.estate.selectors import active_profile
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.register import duplicate_merge, duplicate_selectors, duplicate_services, kept_dues, selectors, services
from custodia.register.choices import DuplicateStatus
from custodia.register.models import DuplicatePair, KeptDue, Prisoner
from custodia.register.tests.factories import admit, proposed_pair
from custodia.register.tests.factories import released as released_file

pytestmark = pytest.mark.django_db


def cyr(given, family):
    return [services.NameData(given, family, "Cyrl")]


def arab(given, family):
    return [services.NameData(given, family, "Arab")]


@pytest.fixture
def register_with_duplicates():
    """Three people each on two files (Kazakh Cyrillic and a passport's Latin, Arabic and French,
    Ugandan doubled letters), and near misses that are not the same person."""
    kz = PrisonFactory()
    people = {
        "kz": (
            admit(names=cyr("Нурлан", "Жумабаев"), sex="male", nationality="KZ", prison=kz),
            admit(given_names="Nurlan", family_name="Zhumabayev", sex="male", nationality="KZ"),
        ),
        "tn": (
            admit(names=arab("محمد", "الطرابلسي"), sex="male", nationality="TN", date_of_birth=date(1988, 3, 2)),
            admit(
                given_names="Mohamed",
                family_name="Trabelsi",
                sex="male",
                nationality="TN",
                birth_year_estimated=1988,
                date_of_birth=None,
            ),
        ),
        "ug": (
            admit(
                given_names="Joseph",
                family_name="Ssemakula",
                sex="male",
                nationality="UG",
                date_of_birth=date(1979, 1, 9),
            ),
            admit(
                given_names="Joseph",
                family_name="Semakula",
                sex="male",
                nationality="UG",
                date_of_birth=date(1979, 9, 1),
            ),
        ),
    }
    # Not proposed: another sex; another given name; the same name born another day of the year.
    admit(given_names="Nurlan", family_name="Zhumabayeva", sex="female", nationality="KZ")
    admit(given_names="Ahmed", family_name="Trabelsi", sex="male", nationality="TN", date_of_birth=date(1988, 3, 2))
    admit(given_names="Joseph", family_name="Semakula", sex="male", nationality="UG", date_of_birth=date(1979, 3, 20))
    return people


def pair_of(first, second):
    low, high = sorted([first.pk, second.pk])
    return DuplicatePair.objects.get(first_id=low, second_id=high)


def test_find_duplicates_proposes_each_person_on_two_files_and_nobody_else(register_with_duplicates):
    found = duplicate_services.duplicates_find(weights=active_profile().duplicates)
    assert found.people == 9 and found.proposed == 3
    for first, second in register_with_duplicates.values():
        pair = pair_of(first, second)
        assert pair.status == DuplicateStatus.PROPOSED and pair.score >= 70
        assert [part["factor"] for part in pair.parts] == ["name", "birth", "sex", "nationality"]
    assert DuplicatePair.objects.count() == 3
    assert {p["finding"] for p in pair_of(*register_with_duplicates["ug"]).parts if p["factor"] == "birth"} == {"near"}


def test_a_second_run_proposes_nothing_twice_and_never_a_decided_pair(register_with_duplicates, staff_user):
    weights = active_profile().duplicates
    duplicate_services.duplicates_find(weights=weights)
    duplicate_services.duplicate_decide(
        actor=staff_user,
        pair=pair_of(*register_with_duplicates["tn"]),
        status=DuplicateStatus.NOT_SAME,
        reason="Other parents; born in Sfax and in Algiers.",
    )
    again = duplicate_services.duplicates_find(weights=weights)
    assert (again.proposed, again.refreshed) == (0, 2)
    assert DuplicatePair.objects.count() == 3
    assert pair_of(*register_with_duplicates["tn"]).status == DuplicateStatus.NOT_SAME


def test_the_command_says_what_it_did(register_with_duplicates):
    out = StringIO()
    call_command("find_duplicates", stdout=out)
    assert "9 people read" in out.getvalue() and "3 newly proposed" in out.getvalue()


def test_a_decision_is_recorded_on_both_files_and_the_chain_holds(register_with_duplicates, staff_user):
    duplicate_services.duplicates_find(weights=active_profile().duplicates)
    first, second = register_with_duplicates["kz"]
    pair = duplicate_services.duplicate_decide(
        actor=staff_user, pair=pair_of(first, second), status=DuplicateStatus.SAME, reason="Same photograph."
    )
    assert (pair.status, pair.decided_by, pair.reason) == (DuplicateStatus.SAME, staff_user, "Same photograph.")
    events = AuditEvent.objects.filter(action="duplicate.same").order_by("id")
    assert [(e.object_id, e.changes["other_file"][1]) for e in events] == [
        (str(first.pk), second.number),
        (str(second.pk), first.number),
    ]
    assert all(e.reason == "Same photograph." for e in events)
    out = StringIO()
    call_command("audit_verify", stdout=out, stderr=StringIO())
    assert "Audit trail intact" in out.getvalue()


def test_a_pair_is_decided_once_with_a_reason_by_headquarters(register_with_duplicates, staff_user, make_staff):
    duplicate_services.duplicates_find(weights=active_profile().duplicates)
    pair = pair_of(*register_with_duplicates["ug"])
    with pytest.raises(ValidationError):
        duplicate_services.duplicate_decide(actor=staff_user, pair=pair, status=DuplicateStatus.SAME, reason=" ")
    director = make_staff("director", roles.DIRECTOR, nationwide=True)
    with pytest.raises(PermissionDenied):
        duplicate_services.duplicate_decide(actor=director, pair=pair, status=DuplicateStatus.SAME, reason="Why not")
    duplicate_services.duplicate_decide(actor=staff_user, pair=pair, status=DuplicateStatus.NOT_SAME, reason="Twins")
    with pytest.raises(PermissionDenied, match="already decided: Not the same person"):
        duplicate_services.duplicate_decide(actor=staff_user, pair=pair, status=DuplicateStatus.SAME, reason="Sure")
    assert AuditEvent.objects.filter(action__startswith="duplicate.").count() == 2


def test_a_pair_is_listed_only_to_whom_may_open_both_files(register_with_duplicates, make_staff, staff_user):
    duplicate_services.duplicates_find(weights=active_profile().duplicates)
    kz_first = register_with_duplicates["kz"][0]
    here = make_staff("hq-here", roles.HQ_VEP, prisons=[kz_first.current_prison])
    assert duplicate_selectors.duplicate_pair_list(user=here).count() == 0  # the other file is elsewhere
    wing = make_staff("wing-everywhere", roles.WING, nationwide=True)
    assert duplicate_selectors.duplicate_pair_list(user=wing).count() == 0  # no right
    assert duplicate_selectors.duplicate_pair_list(user=staff_user).count() == 3
    with pytest.raises(DuplicatePair.DoesNotExist):
        duplicate_selectors.duplicate_pair_get(user=here, pair_id=pair_of(*register_with_duplicates["kz"]).pk)


def test_the_pages_show_the_evidence_and_record_the_decision(
    register_with_duplicates, staff_client, staff_user, django_assert_max_num_queries
):
    duplicate_services.duplicates_find(weights=active_profile().duplicates)
    with django_assert_max_num_queries(14):
        listed = staff_client.get(reverse("register:duplicate_list"))
    html = listed.content.decode()
    assert listed.status_code == 200 and html.count("data-pair=") == 3 and "Жумабаев" in html
    first, second = register_with_duplicates["tn"]
    pair = pair_of(first, second)
    url = reverse("register:duplicate_detail", args=[pair.pk])
    with django_assert_max_num_queries(20):
        page = staff_client.get(url)
    html = page.content.decode()
    assert "الطرابلسي" in html and "Trabelsi" in html and first.number in html and second.number in html
    assert 'data-factor="name"' in html and "About 1988 (estimated)" in html
    assert AuditEvent.objects.filter(action="read", object_id__in=[str(first.pk), str(second.pk)]).count() == 2
    refused = staff_client.post(url, {"status": "same", "reason": ""})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    done = staff_client.post(url, {"status": "not_same", "reason": "Other father"})
    assert done.status_code == 302
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == (DuplicateStatus.NOT_SAME, staff_user)
    assert staff_client.get(reverse("register:duplicate_list")).content.decode().count("data-pair=") == 2
    decided = staff_client.get(reverse("register:duplicate_list"), {"status": "not_same"})
    assert decided.content.decode().count("data-pair=") == 1


# --- Merge and its reversal ----------------------------------------------------------------------


def rows_of(person):
    """Every row of every model with a foreign key to the person (but the pairs and the keys)."""
    return {
        (model._meta.label_lower, pk)
        for model, field in duplicate_merge._links()
        for pk in model._default_manager.filter(**{field: person.pk}).values_list("pk", flat=True)
    }


@pytest.fixture
def linked(staff_user):
    """One man on two files: held now at one prison, and released from another under another
    spelling; decided the same person by the officer."""
    held = admit(given_names="Nurlan", family_name="Zhumabayev", sex="male", nationality="KZ")
    before = released_file(CellFactory(), names=cyr("Нурлан", "Жумабаев"), sex="male", nationality="KZ")
    pair = proposed_pair(held, before)
    duplicate_services.duplicate_decide(
        actor=staff_user, pair=pair, status=DuplicateStatus.SAME, reason="Same photograph"
    )
    pair.refresh_from_db()
    return held, before, pair


def audit_intact():
    out = StringIO()
    call_command("audit_verify", stdout=out, stderr=StringIO())
    return "Audit trail intact" in out.getvalue()


def test_a_merge_keeps_every_record_under_one_file_and_its_reversal_gives_each_back(
    linked, make_staff, staff_client, staff_user
):
    held, before, pair = linked
    held_rows, before_rows = rows_of(held), rows_of(before)
    assert held_rows and before_rows
    approver = make_staff("hq-approver", roles.HQ_VEP, nationwide=True)
    duplicate_merge.duplicate_merge(actor=approver, pair=pair, kept=held)
    held.refresh_from_db()
    before.refresh_from_db()
    assert rows_of(held) == held_rows | before_rows and rows_of(before) == set()
    assert before.merged_into == held and before.current_prison is None and held.current_prison is not None
    assert Prisoner.objects.count() == 2  # nothing deleted
    assert [
        p.pk for p in selectors.prisoner_list(user=staff_user, filters=selectors.PrisonerFilters(on_roll=False))
    ] == [held.pk]
    assert {
        p.pk
        for p in selectors.prisoner_search(
            user=staff_user, filters=selectors.PrisonerFilters(q="Жумабаев", on_roll=False)
        )
    } == {held.pk}
    assert audit_intact()
    # The merged file's address leads to the file kept, which shows the former number and the
    # events of both files (they stay on the file they were written for).
    response = staff_client.get(reverse("register:prisoner_detail", args=[before.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("register:prisoner_detail", args=[held.pk])
    page = staff_client.get(response["Location"]).content.decode()
    assert 'id="former-numbers"' in page and before.number in page
    trail = AuditEvent.objects.filter(
        object_type="register.prisoner", object_id=str(before.pk), action="prisoner.admit"
    )
    assert trail.exists()
    assert AuditEvent.objects.filter(action="prisoner.merge").count() == 2

    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.MERGED
    duplicate_merge.duplicate_unmerge(actor=staff_user, pair=pair, reason="Fingerprints differ")
    held.refresh_from_db()
    before.refresh_from_db()
    assert rows_of(held) == held_rows and rows_of(before) == before_rows
    assert before.merged_into is None and held.current_prison is not None and before.current_prison is None
    assert {
        p.pk
        for p in selectors.prisoner_search(
            user=staff_user, filters=selectors.PrisonerFilters(q="Жумабаев", on_roll=False)
        )
    } == {held.pk, before.pk}
    assert AuditEvent.objects.filter(action="prisoner.unmerge").count() == 2 and audit_intact()
    pair.refresh_from_db()
    assert (pair.status, pair.reversed_by) == (DuplicateStatus.MERGE_REVERSED, staff_user)


def test_the_present_state_goes_with_the_file_on_the_roll_and_back(linked, make_staff, staff_user):
    held, before, pair = linked
    prison = held.current_prison
    approver = make_staff("hq-approver", roles.HQ_VEP, nationwide=True)
    duplicate_merge.duplicate_merge(actor=approver, pair=pair, kept=before)  # the released file kept
    before.refresh_from_db()
    held.refresh_from_db()
    assert (before.current_prison, before.custody_status) == (prison, "in_custody") and held.current_prison is None
    duplicate_merge.duplicate_unmerge(actor=approver, pair=DuplicatePair.objects.get(pk=pair.pk), reason="Wrong")
    before.refresh_from_db()
    held.refresh_from_db()
    assert (held.current_prison, held.custody_status) == (prison, "in_custody")
    assert (before.current_prison, before.custody_status) == (None, "released")


def test_a_merge_is_approved_by_someone_else_and_refused_while_both_are_held(linked, staff_user, make_staff):
    held, before, pair = linked
    with pytest.raises(PermissionDenied, match="someone other"):
        duplicate_merge.duplicate_merge(actor=staff_user, pair=pair, kept=held)
    both_held = proposed_pair(held, admit(given_names="Nurlan", family_name="Zhumabaev", sex="male", nationality="KZ"))
    duplicate_services.duplicate_decide(actor=staff_user, pair=both_held, status=DuplicateStatus.SAME, reason="Same")
    approver = make_staff("hq-approver", roles.HQ_VEP, nationwide=True)
    rows = rows_of(held)
    with pytest.raises(ValidationError, match="cannot be held twice"):
        duplicate_merge.duplicate_merge(actor=approver, pair=DuplicatePair.objects.get(pk=both_held.pk), kept=held)
    assert rows_of(held) == rows and DuplicatePair.objects.get(pk=both_held.pk).status == DuplicateStatus.SAME


def test_the_pair_page_merges_and_reverses(linked, make_staff, sign_in, client):
    held, before, pair = linked
    approver = make_staff("hq-approver", roles.HQ_VEP, nationwide=True)
    sign_in(client, approver)
    url = reverse("register:duplicate_detail", args=[pair.pk])
    assert 'id="merge"' in client.get(url).content.decode()
    done = client.post(reverse("register:duplicate_merge", args=[pair.pk]), {"kept": held.pk})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="unmerge"' in page and "Merged into" in page
    refused = client.post(reverse("register:duplicate_unmerge", args=[pair.pk]), {"reason": ""})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert client.post(reverse("register:duplicate_unmerge", args=[pair.pk]), {"reason": "Wrong"}).status_code == 302
    assert DuplicatePair.objects.get(pk=pair.pk).status == DuplicateStatus.MERGE_REVERSED


def test_a_merge_or_its_reversal_asked_of_a_pair_not_ready_shows_the_pair(register_with_duplicates, staff_client):
    duplicate_services.duplicates_find(weights=active_profile().duplicates)
    pair = pair_of(*register_with_duplicates["kz"])
    for name in ("register:duplicate_merge", "register:duplicate_unmerge"):
        response = staff_client.post(reverse(name, args=[pair.pk]), {})
        assert response.status_code == 200 and 'id="merge"' not in response.content.decode()


def test_a_merge_and_its_reversal_forget_the_dates_kept_for_both_files(linked, make_staff):
    """The merge moves rows with updates, which send no signal: it forgets both files' kept dates
    itself, so that the worklists' counts work the person out again with every record."""
    held, before, pair = linked

    def keep_both():
        people = Prisoner.objects.filter(pk__in=[held.pk, before.pk])
        kept = kept_dues.kept(
            "test",
            people=people,
            setting="s",
            work_out=lambda some: [
                kept_dues.Worked(pk, "k", date(2030, 1, 1), "r") for pk in some.values_list("pk", flat=True)
            ],
        )
        assert kept.count() == 2

    keep_both()
    approver = make_staff("hq-approver", roles.HQ_VEP, nationwide=True)
    duplicate_merge.duplicate_merge(actor=approver, pair=pair, kept=held)
    assert not KeptDue.objects.exists()
    keep_both()
    pair.refresh_from_db()
    duplicate_merge.duplicate_unmerge(actor=approver, pair=pair, reason="Two people after all")
    assert not KeptDue.objects.exists()
