"""The compliance monitor on the Uganda demo (the checks: ../compliance_checks.py)."""

from ..compliance_checks import *  # noqa: F403  (collected here, against this package's demo)
