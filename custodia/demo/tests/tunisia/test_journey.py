"""The person the Tunisia demo follows the whole way (the checks: ../journey_checks.py)."""

from ..journey_checks import *  # noqa: F403  (collected here, against this package's demo)
