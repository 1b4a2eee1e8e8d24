"""The seeded duplicates on the Uganda demo (the checks: ../duplicates_checks.py)."""

from ..duplicates_checks import *  # noqa: F403  (collected here, against this package's demo)
