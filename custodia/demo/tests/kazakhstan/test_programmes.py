"""The demo's programmes on the Kazakhstan demo (the checks: ../programmes_checks.py)."""

from ..programmes_checks import *  # noqa: F403  (collected here, against this package's demo)
