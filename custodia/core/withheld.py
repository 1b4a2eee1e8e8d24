"""The marker a selector leaves in place of a section of a record that its reader may not see.

Need-to-know is decided once, where a record is read: the selector leaves out what the reader may
not see (it is not even fetched) and puts a `Withheld` in its place. Pages, API answers, exports
and search results then render what they are given: the marker as "withheld", never as an empty
section, and they cannot show what was never read for them.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext


class Why(StrEnum):
    NO_RIGHT = "no_right"  # the section needs a right of its own, which the reader does not hold
    HELD_ELSEWHERE = "held_elsewhere"  # a prison that no longer holds the person keeps only what it wrote


@dataclass(frozen=True)
class Withheld:
    section: str
    why: Why

    @property
    def held_elsewhere(self) -> bool:
        return self.why is Why.HELD_ELSEWHERE

    def __bool__(self) -> bool:
        # False, so that code which forgets the marker takes a withheld flag ("linked to terrorism",
        # "complaint open") for an unset one, never for a set one.
        return False

    def __str__(self) -> str:
        # What a template that forgets the marker prints: a word, never the section.
        return gettext("Withheld")
