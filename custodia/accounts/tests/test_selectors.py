"""The list of accounts: scoped to the user manager, and the filters the home page links to."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from custodia.accounts import roles, selectors
from custodia.accounts.models import StaffAssignment
from custodia.accounts.selectors import UserFilters
from custodia.estate.tests.factories import PrisonFactory

pytestmark = pytest.mark.django_db


def names(accounts) -> set[str]:
    return set(accounts.values_list("username", flat=True))


def fail_sign_ins(username: str, failures: int, minutes_ago: int = 0) -> None:
    attempt = AccessAttempt.objects.create(
        username=username, ip_address="10.0.0.9", user_agent="test", failures_since_start=failures
    )
    # The time of the attempt is set on creation (auto_now_add): moved back afterwards.
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - timezone.timedelta(minutes=minutes_ago)
    )


@pytest.fixture
def staff(admin, officer, make_staff, prison):
    """Besides the administrator and the officer: a locked wing officer, an account without an
    assignment, one assigned to no prison, a deactivated one and a superuser."""
    locked = make_staff("wing-locked", roles.WING, prisons=[prison])
    fail_sign_ins(locked.username, settings.AXES_FAILURE_LIMIT)
    fail_sign_ins(officer.username, settings.AXES_FAILURE_LIMIT - 1)  # not yet locked
    cooled = make_staff("wing-cooled", roles.WING, prisons=[prison])
    fail_sign_ins(cooled.username, settings.AXES_FAILURE_LIMIT, minutes_ago=31)  # the cool-off is over
    newcomer = User.objects.create_user("newcomer", first_name="Aisha", last_name="Nakato")
    nowhere = make_staff("nowhere", roles.CASE_MANAGER)
    gone = make_staff("gone", roles.RECEPTION, prisons=[prison])
    gone.is_active = False
    gone.save()
    User.objects.create_superuser("root")
    return {"locked": locked, "newcomer": newcomer, "nowhere": nowhere, "gone": gone}


def test_the_filters_the_home_page_links_to(admin, staff):
    everyone = {"admin", "officer-a", "wing-locked", "wing-cooled", "newcomer", "nowhere", "root"}
    assert names(selectors.user_list(user=admin)) == everyone
    assert names(selectors.user_list(user=admin, filters=UserFilters(locked=True))) == {"wing-locked"}
    assert names(selectors.user_list(user=admin, filters=UserFilters(unassigned=True))) == {"newcomer", "nowhere"}
    assert names(selectors.user_list(user=admin, filters=UserFilters(inactive=True))) == {"gone"}


def test_a_search_finds_each_word_in_a_name_or_the_user_name(admin, staff):
    assert names(selectors.user_list(user=admin, filters=UserFilters(q="nakato aisha"))) == {"newcomer"}
    assert names(selectors.user_list(user=admin, filters=UserFilters(q="WING"))) == {"wing-locked", "wing-cooled"}
    assert not selectors.user_list(user=admin, filters=UserFilters(q="aisha okello")).exists()


def test_each_account_comes_with_its_standing(admin, staff):
    listed = {user.username: user for user in selectors.user_list(user=admin)}
    assert listed["wing-locked"].locked and not listed["officer-a"].locked
    assert [group.name for group in listed["officer-a"].groups.all()] == [roles.RECEPTION]


def test_an_administrator_of_some_prisons_lists_the_accounts_within_them(make_staff, staff, prison):
    local = make_staff("local-admin", roles.ADMINISTRATOR, prisons=[prison])
    make_staff("elsewhere", roles.RECEPTION, prisons=[prison, PrisonFactory()])
    # Within: assigned to this prison only, or to no prison yet. Beyond: nationwide, another prison too.
    assert names(selectors.user_list(user=local)) == {
        "local-admin",
        "officer-a",
        "wing-locked",
        "wing-cooled",
        "newcomer",
        "nowhere",
        "root",
    }
    national = StaffAssignment.objects.get(user__username="admin")
    with pytest.raises(User.DoesNotExist):
        selectors.user_get(user=local, user_id=national.user_id)


def test_without_the_right_no_account_is_listed(officer, staff):
    assert not selectors.user_list(user=officer).exists()
    with pytest.raises(User.DoesNotExist):
        selectors.user_get(user=officer, user_id=officer.pk)
