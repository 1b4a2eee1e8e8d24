"""The production password hashers. The test run hashes with Argon2 at its lowest cost (the root
conftest), so this test puts the production setting back: new passwords are hashed with Argon2 at
its full cost."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher
from django.contrib.auth.models import User
from pytest_django.fixtures import Settings

from config import settings as production

PASSWORD = "a-long-test-password"


@pytest.mark.django_db
def test_production_hashes_new_passwords_with_argon2_at_its_full_cost(
    settings: Settings, django_user_model: type[User]
) -> None:
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = django_user_model.objects.create_user("reception", password=PASSWORD)
    assert type(identify_hasher(user.password)) is Argon2PasswordHasher
    full_cost = Argon2PasswordHasher()
    assert f"m={full_cost.memory_cost},t={full_cost.time_cost},p={full_cost.parallelism}$" in user.password
    assert user.check_password(PASSWORD)
