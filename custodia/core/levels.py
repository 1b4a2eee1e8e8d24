"""Low, moderate, high: the one scale of risk and need levels that instruments band scores into,
raters judge, classification conditions compare and every page labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")

    @property
    def rank(self) -> int:
        """0 for low, 1 for moderate, 2 for high: the levels compare by rank, never by name."""
        return list(RiskLevel).index(self)


def rank_of(code: str, *, unknown: int) -> int:
    """The rank of a stored level code; `unknown` for an empty or unknown code, so that the caller
    decides whether no level counts as below or above every level."""
    return RiskLevel(code).rank if code in RiskLevel.values else unknown


def level_label(code: str, *, missing: str = "—") -> str:
    """The translated name of a stored level code."""
    return str(RiskLevel(code).label) if code in RiskLevel.values else missing
