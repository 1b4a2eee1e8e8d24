"""The checks of the compliance monitor, in the order the page shows them: the rules' own order,
the Bangkok Rules and occupancy last. A check's `key` is stored in the snapshots of the trend:
never rename one."""

from .base import Check
from .checks.bangkok3_children import CHILDREN_OF_WOMEN
from .checks.occupancy import OCCUPANCY
from .checks.rule07_admission import ADMISSION_RECORD
from .checks.rule11_separation import SEPARATION
from .checks.rule43_measures import MEASURES_PAST_LIMITS
from .checks.rule46_health_visits import HEALTH_VISITS
from .checks.rule54_information import INFORMATION_ON_ADMISSION
from .checks.rule57_complaints import COMPLAINTS
from .checks.rule59_home import HELD_NEAR_HOME
from .checks.rule89_assessment import RISK_NEEDS_ASSESSMENT
from .checks.rule94_sentence_plan import SENTENCE_PLAN_MADE

CHECKS: tuple[Check, ...] = (
    ADMISSION_RECORD,
    SEPARATION,
    MEASURES_PAST_LIMITS,
    HEALTH_VISITS,
    INFORMATION_ON_ADMISSION,
    COMPLAINTS,
    HELD_NEAR_HOME,
    RISK_NEEDS_ASSESSMENT,
    SENTENCE_PLAN_MADE,
    CHILDREN_OF_WOMEN,
    OCCUPANCY,
)

_BY_KEY = {check.key: check for check in CHECKS}
assert len(_BY_KEY) == len(CHECKS), "two checks share a key"


def check_of(key: str) -> Check | None:
    """The check with this key, or None (an address naming no check)."""
    return _BY_KEY.get(key)
