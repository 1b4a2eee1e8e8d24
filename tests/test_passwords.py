"""The production password hashers. The test run hashes with Argon2 at its lowest cost (the root
conftest), so this test puts the production setting back: new passwords are hashed with Argon2 at
its full cost."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, identify_hasher, make_password
from django.contrib.auth.models import User
from pytest_django.fixtures import Settings

from config import settings as production
from custodia.accounts.hashers import OwaspArgon2PasswordHasher

PASSWORD = "a-long-test-password"


@pytest.mark.django_db
def test_production_hashes_new_passwords_with_argon2id_at_owasps_cost(
    settings: Settings, django_user_model: type[User]
) -> None:
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = django_user_model.objects.create_user("reception", password=PASSWORD)
    assert type(identify_hasher(user.password)) is OwaspArgon2PasswordHasher
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_hash_at_djangos_cost_verifies_and_is_rehashed_at_owasps_at_sign_in(
    settings: Settings, django_user_model: type[User]
) -> None:
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = django_user_model.objects.create_user("reception")
    user.password = make_password(PASSWORD, hasher=Argon2PasswordHasher())
    user.save()
    assert "m=102400,t=2,p=8$" in user.password
    assert not check_password("not-the-password", user.password)
    assert user.check_password(PASSWORD)  # verifies, and saves the hash at the new cost
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
