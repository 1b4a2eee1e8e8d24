import pytest

from ..country_demo import demo_rolled_back


@pytest.fixture(scope="package")
def country():
    return "uganda"


@pytest.fixture(scope="package")
def demo(country, django_db_setup, django_db_blocker):
    """The Uganda demo, once for every test of this package."""
    yield from demo_rolled_back(country, django_db_blocker)
