"""The demo's programmes on the Tunisia demo (the checks: ../programmes_checks.py)."""

from ..programmes_checks import *  # noqa: F403  (collected here, against this package's demo)
