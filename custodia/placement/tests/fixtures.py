"""Fixtures of the placement tests, and of the security tests of the one placement check: a
pytest plugin that the root conftest registers, for a test module cannot take fixtures from
another app's tests. A test module that defines a fixture of the same name uses its own."""

import pytest
from django.contrib.auth.models import User

from custodia.accounts import roles
from custodia.estate.models import Unit
from custodia.estate.tests.factories import CellFactory, UnitFactory
from custodia.register.models import Prisoner

from .factories import person


@pytest.fixture
def unit(db: None) -> Unit:
    """Block A of a prison."""
    return UnitFactory(name="Block A")


@pytest.fixture
def director(make_staff, unit: Unit) -> User:
    """The director of the unit's prison."""
    return make_staff("director", roles.DIRECTOR, prisons=[unit.prison])


@pytest.fixture
def prisoner(unit: Unit) -> Prisoner:
    """A man on remand in cell A1 of the unit."""
    return person(cell=CellFactory(unit=unit, label="A1"), legal_status="pre_trial")
