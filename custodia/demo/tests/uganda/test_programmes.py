"""The demo's programmes on the Uganda demo (the checks: ../programmes_checks.py)."""

from ..programmes_checks import *  # noqa: F403  (collected here, against this package's demo)
