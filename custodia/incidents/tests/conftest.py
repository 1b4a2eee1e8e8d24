"""The staff of a prison for the incidents tests: who writes, reviews and examines."""

import pytest

from custodia.accounts import roles
from custodia.estate.tests.factories import CellFactory


@pytest.fixture
def staff(make_staff):
    prison = CellFactory().unit.prison
    return {
        "prison": prison,
        "wing": make_staff("wing", roles.WING, prisons=[prison]),
        "security": make_staff("security", roles.SECURITY, prisons=[prison]),
        "director": make_staff("director", roles.DIRECTOR, prisons=[prison]),
        "nurse": make_staff("nurse", roles.HEALTH, prisons=[prison]),
        "elsewhere": make_staff("other-security", roles.SECURITY, prisons=[CellFactory().unit.prison]),
    }
