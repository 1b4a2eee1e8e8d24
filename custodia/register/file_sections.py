"""The sections that higher apps add to the prisoner file page (register/prisoner_detail.html):
assessment, classification, non-associations; and the register's own moves requested
(planned_moves.py), drawn the same way. Each registers in its AppConfig.ready() a
`core.sections.Section` whose context is called as `context(user=..., file=...)`, `file` the
selectors.PrisonerFile the page shows (the person is `file.prisoner`; `file.held_elsewhere` is set
when the reader's prison no longer holds them), and returns an empty dict when the reader has no
right to the section (the template then shows the withheld marker)."""

from custodia.core.sections import Sections

FILE_SECTIONS = Sections()
