"""The sections that higher apps add to the prisoner file page (register/prisoner_detail.html):
assessment, classification, non-associations. Each registers in its AppConfig.ready() a
`core.sections.Section` whose context is called as `context(user=..., prisoner=...)` and returns
an empty dict when the reader has no right to the section (the template then shows the withheld
marker)."""

from custodia.core.sections import Sections

FILE_SECTIONS = Sections()
