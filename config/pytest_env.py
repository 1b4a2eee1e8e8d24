"""A pytest plugin loaded before anything else (`-p config.pytest_env` in pyproject.toml): the
suite runs as a development machine. The settings default to production (config/settings.py) and
are imported by pytest-django before any conftest.py runs."""

import os

os.environ.setdefault("CUSTODIA_ENV", "development")
