import pytest

from ..conftest import demo_rolled_back


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The Kazakhstan demo at 1 %, once for every test of this package."""
    yield from demo_rolled_back("kazakhstan", django_db_blocker)
