"""The demo's staff training on the Tunisia demo (the checks: ../training_checks.py)."""

from ..training_checks import *  # noqa: F403  (collected here, against this package's demo)
