from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from custodia.accounts import roles
from custodia.estate.models import Prison
from custodia.estate.tests.factories import PrisonFactory


@pytest.fixture
def prison(db: None) -> Prison:
    return PrisonFactory(name="Luzira")


@pytest.fixture
def admin(make_staff: Callable[..., User]) -> User:
    """A national system administrator."""
    user = make_staff("admin", roles.ADMINISTRATOR, nationwide=True)
    user.first_name, user.last_name = "Sarah", "Namubiru"
    user.save()
    return user


@pytest.fixture
def officer(make_staff: Callable[..., User], prison: Prison) -> User:
    return make_staff("officer-a", roles.RECEPTION, prisons=[prison])
