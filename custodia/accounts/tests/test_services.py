"""The user administration's services: each change with its audit event, in one transaction, and
the refusals (`*_refusal`) that keep anyone from raising their own rights."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodia.accounts import roles, services
from custodia.accounts.models import Account, StaffAssignment
from custodia.core import audit
from custodia.core.models import AuditEvent
from custodia.core.tests.browser import PASSWORD
from custodia.estate.tests.factories import PrisonFactory

pytestmark = pytest.mark.django_db

OWN_RIGHTS = "You cannot change your own roles, assignment or status: another administrator must do it."
NEW_PASSWORD = "Kampala-Road-2026"


def event(action: str, user: User) -> AuditEvent:
    return AuditEvent.objects.get(action=action, object_type="auth.user", object_id=str(user.pk))


def create(actor, **overrides) -> User:
    data = {
        "username": "jokello",
        "first_name": "James",
        "last_name": "Okello",
        "email": "j.okello@prisons.example",
        "language": "fr",
        "password": NEW_PASSWORD,
    }
    return services.user_create(actor=actor, **(data | overrides))


# --- create ---------------------------------------------------------------------------------------


def test_an_administrator_makes_an_account_that_must_choose_its_password(admin):
    user = create(admin)

    assert user.is_active and user.check_password(NEW_PASSWORD) and user.get_full_name() == "James Okello"
    assert Account.objects.get(user=user).password_change_required
    assert Account.objects.get(user=user).language == "fr"
    assert not user.groups.exists() and not StaffAssignment.objects.filter(user=user).exists()
    created = event("user.create", user)
    assert created.actor == admin
    assert created.changes["username"] == [None, "jokello"] and created.changes["language"] == [None, "fr"]
    assert NEW_PASSWORD not in str(created.changes) and "password" not in created.changes


def test_a_new_account_is_refused_naming_each_field_at_fault(admin):
    User.objects.create_user("JOkello")
    with pytest.raises(ValidationError) as exc:
        create(admin, username="jokello", first_name=" ", email="not-an-address", language="de", password="short")
    problems = exc.value.message_dict
    assert set(problems) == {"username", "first_name", "email", "language", "password"}
    assert "taken" in problems["username"][0]
    with pytest.raises(ValidationError) as exc:
        create(admin, username="james okello")
    assert set(exc.value.message_dict) == {"username"}
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_only_a_user_manager_makes_accounts(officer):
    assert services.user_manager_refusal(officer) == "You do not have the right to manage user accounts."
    with pytest.raises(PermissionDenied):
        create(officer)
    assert not User.objects.filter(username="jokello").exists()


def test_the_change_and_its_audit_event_are_committed_together_or_not_at_all(admin, officer, monkeypatch):
    def failing_record(**kwargs):
        raise RuntimeError("the audit trail cannot be written")

    monkeypatch.setattr(audit, "record", failing_record)
    with pytest.raises(RuntimeError):
        create(admin)
    with pytest.raises(RuntimeError):
        services.user_roles_set(actor=admin, user=officer, wanted=[roles.DIRECTOR])
    with pytest.raises(RuntimeError):
        services.user_deactivate(actor=admin, user=officer, reason="Left the service")
    assert not User.objects.filter(username="jokello").exists()
    officer.refresh_from_db()
    assert officer.is_active and list(officer.groups.values_list("name", flat=True)) == [roles.RECEPTION]


# --- details --------------------------------------------------------------------------------------


def test_details_are_corrected_and_only_what_changed_is_recorded(admin, officer):
    services.user_details_change(
        actor=admin, user=officer, first_name="Grace", last_name="Auma", email="", language="ar"
    )
    officer.refresh_from_db()
    assert officer.get_full_name() == "Grace Auma" and officer.account.language == "ar"
    assert event("user.details", officer).changes == {
        "first_name": ["", "Grace"],
        "last_name": ["", "Auma"],
        "language": ["", "ar"],
    }
    services.user_details_change(
        actor=admin, user=officer, first_name="Grace", last_name="Auma", email="", language="ar"
    )
    assert AuditEvent.objects.filter(action="user.details").count() == 1


# --- roles and assignment -------------------------------------------------------------------------


def test_roles_are_given_and_taken_and_a_group_made_for_a_post_is_kept(admin, officer):
    post = Group.objects.create(name="records clerk")
    officer.groups.add(post)

    services.user_roles_set(actor=admin, user=officer, wanted=[roles.WING, roles.CASE_MANAGER])

    held = set(officer.groups.values_list("name", flat=True))
    assert held == {roles.WING, roles.CASE_MANAGER, "records clerk"}
    assert event("user.roles", officer).changes == {
        "roles": [[roles.RECEPTION], sorted([roles.CASE_MANAGER, roles.WING])]
    }
    services.user_roles_set(actor=admin, user=officer, wanted=[roles.CASE_MANAGER, roles.WING])
    assert AuditEvent.objects.filter(action="user.roles").count() == 1  # nothing changed, nothing recorded
    with pytest.raises(ValidationError):
        services.user_roles_set(actor=admin, user=officer, wanted=["superhero"])


def test_an_assignment_is_nationwide_or_to_prisons(admin, officer, prison):
    other = PrisonFactory()
    services.user_assignment_set(actor=admin, user=officer, nationwide=False, prisons=[prison, other])
    assignment = StaffAssignment.objects.get(user=officer)
    assert set(assignment.prisons.all()) == {prison, other}
    assert event("user.assignment", officer).changes == {"prisons": [[prison.pk], sorted([prison.pk, other.pk])]}

    services.user_assignment_set(actor=admin, user=officer, nationwide=True, prisons=[prison])
    assignment.refresh_from_db()
    assert assignment.nationwide and not assignment.prisons.exists()
    with pytest.raises(ValidationError) as exc:
        services.user_assignment_set(actor=admin, user=officer, nationwide=False, prisons=[])
    assert "prisons" in exc.value.message_dict


def test_a_first_assignment_is_made(admin):
    user = create(admin)
    services.user_assignment_set(actor=admin, user=user, nationwide=True, prisons=[])
    assert StaffAssignment.objects.get(user=user).nationwide
    assert event("user.assignment", user).changes == {"nationwide": [None, True]}


@pytest.mark.parametrize(
    "change",
    [
        lambda admin: services.user_roles_set(actor=admin, user=admin, wanted=[*roles.LABELS]),
        lambda admin: services.user_assignment_set(actor=admin, user=admin, nationwide=True, prisons=[]),
        lambda admin: services.user_deactivate(actor=admin, user=admin, reason="Leaving"),
    ],
    ids=["roles", "assignment", "deactivate"],
)
def test_nobody_changes_their_own_rights(admin, change):
    assert services.rights_refusal(admin, admin) == OWN_RIGHTS
    with pytest.raises(PermissionDenied) as exc:
        change(admin)
    assert str(exc.value) == OWN_RIGHTS
    assert set(admin.groups.values_list("name", flat=True)) == {roles.ADMINISTRATOR}
    assert not AuditEvent.objects.filter(actor=admin).exists()


def test_an_administrator_of_some_prisons_stays_within_them(make_staff, officer, prison):
    local = make_staff("local-admin", roles.ADMINISTRATOR, prisons=[prison])
    elsewhere = make_staff("officer-b", roles.RECEPTION, prisons=[PrisonFactory()])
    headquarters = make_staff("hq", roles.HQ_VEP, nationwide=True)

    assert services.rights_refusal(local, officer) is None
    with pytest.raises(ValidationError):
        services.user_assignment_set(actor=local, user=officer, nationwide=True, prisons=[])
    with pytest.raises(ValidationError):
        services.user_assignment_set(actor=local, user=officer, nationwide=False, prisons=[PrisonFactory()])
    for beyond in (elsewhere, headquarters):
        assert "beyond the prisons you administer" in services.account_refusal(local, beyond)
        with pytest.raises(PermissionDenied):
            services.user_roles_set(actor=local, user=beyond, wanted=[roles.DIRECTOR])
        with pytest.raises(PermissionDenied):
            services.user_password_reset_require(actor=local, user=beyond)


def test_a_superuser_account_is_a_superusers_business(admin):
    root = User.objects.create_superuser("root", password=PASSWORD)
    assert services.account_refusal(admin, root) == "Only a superuser can change a superuser's account."
    with pytest.raises(PermissionDenied):
        services.user_password_reset_require(actor=admin, user=root, temporary_password=NEW_PASSWORD)
    assert root.check_password(PASSWORD)


# --- status ---------------------------------------------------------------------------------------


def test_an_account_is_deactivated_with_a_reason_and_reactivated_never_deleted(admin, officer, client):
    with pytest.raises(ValidationError) as exc:
        services.user_deactivate(actor=admin, user=officer, reason="  ")
    assert "reason" in exc.value.message_dict

    services.user_deactivate(actor=admin, user=officer, reason="Transferred to another service")
    officer.refresh_from_db()
    assert not officer.is_active
    deactivated = event("user.deactivate", officer)
    assert deactivated.reason == "Transferred to another service"
    assert deactivated.changes == {"is_active": [True, False]}
    with pytest.raises(ValidationError):
        services.user_deactivate(actor=admin, user=officer, reason="Again")

    services.user_reactivate(actor=admin, user=officer, reason="Back from secondment")
    officer.refresh_from_db()
    assert officer.is_active and event("user.reactivate", officer).changes == {"is_active": [False, True]}


# --- signing in -----------------------------------------------------------------------------------


def test_a_new_password_is_required_with_or_without_a_temporary_one(admin, officer):
    services.user_password_reset_require(actor=admin, user=officer)
    officer.refresh_from_db()
    assert officer.account.password_change_required and officer.check_password(PASSWORD)

    services.user_password_reset_require(actor=admin, user=officer, temporary_password=NEW_PASSWORD)
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    events = AuditEvent.objects.filter(action="user.password_reset_required").order_by("id")
    assert [e.changes["temporary_password"] for e in events] == [[None, False], [None, True]]
    assert NEW_PASSWORD not in str([e.changes for e in events])
    with pytest.raises(ValidationError) as exc:
        services.user_password_reset_require(actor=admin, user=officer, temporary_password="password")
    assert "temporary_password" in exc.value.message_dict


def test_two_factor_sign_in_is_reset(admin, officer):
    TOTPDevice.objects.create(user=officer, name="Old telephone", confirmed=True)
    services.user_two_factor_reset(actor=admin, user=officer)
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert event("user.two_factor_reset", officer).changes == {"devices": [["Old telephone"], []]}
    with pytest.raises(ValidationError):
        services.user_two_factor_reset(actor=admin, user=officer)


def test_a_lockout_is_lifted(admin, officer):
    for address in ("10.0.0.1", "10.0.0.2"):
        AccessAttempt.objects.create(
            username=officer.username,
            ip_address=address,
            user_agent="test",
            failures_since_start=settings.AXES_FAILURE_LIMIT,
        )
    services.user_unlock(actor=admin, user=officer)
    assert not AccessAttempt.objects.filter(username=officer.username).exists()
    assert event("user.unlock", officer).changes == {"failed_sign_ins": [2, 0]}
    with pytest.raises(ValidationError):
        services.user_unlock(actor=admin, user=officer)


def test_one_chooses_a_new_password_of_ones_own(admin, officer):
    services.user_password_reset_require(actor=admin, user=officer)
    with pytest.raises(ValidationError) as exc:
        services.password_change(actor=officer, password=PASSWORD)
    assert "different" in exc.value.message_dict["new_password1"][0]

    services.password_change(actor=officer, password=NEW_PASSWORD)
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD) and not officer.account.password_change_required
    changed = event("user.password_change", officer)
    assert changed.actor == officer and changed.changes == {"password_change_required": [True, False]}


def test_the_installation_itself_acts_without_an_actor():
    user = create(None, must_change_password=False)
    services.user_roles_set(actor=None, user=user, wanted=[roles.ADMINISTRATOR])
    services.user_assignment_set(actor=None, user=user, nationwide=True, prisons=[])
    assert user.has_perm("accounts.manage_users") and not user.account.password_change_required
    assert not AuditEvent.objects.filter(object_id=str(user.pk), actor__isnull=False).exists()
