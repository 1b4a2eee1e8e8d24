"""Sections that higher apps add to the separation oversight page (placement/oversight.html):
security adds the non-associations opened or closed lately. Each registers in its
AppConfig.ready() a `core.sections.Section` whose context is called as
`context(user=..., since=..., days=...)`; it withholds what the reader may not see and logs the
reads of the people it names (Rule 9)."""

from custodia.core.sections import Sections

OVERSIGHT_SECTIONS = Sections()
