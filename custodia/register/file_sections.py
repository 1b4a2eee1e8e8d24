"""The sections that higher apps add to the prisoner file page (register/prisoner_detail.html).

Each app registers its section in its AppConfig.ready(): the register draws them in their order
without importing the apps that make them. A section's `context` returns what its template needs
for this reader; it withholds by itself what the reader may not see (an empty dict when the reader
has no right to the section: the template then shows the withheld marker)."""

from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.auth.models import User

from .models import Prisoner


class SectionContext(Protocol):
    def __call__(self, *, user: User, prisoner: Prisoner) -> dict[str, Any]: ...


@dataclass(frozen=True)
class FileSection:
    key: str
    order: int  # smaller first, after the register's own sections
    template: str
    context: SectionContext


_SECTIONS: dict[str, FileSection] = {}


def add_file_section(section: FileSection) -> None:
    _SECTIONS[section.key] = section


def file_sections() -> list[FileSection]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def file_sections_context(*, user: User, prisoner: Prisoner) -> dict[str, Any]:
    """Every section's context, and the templates to include in order under `file_sections`."""
    context: dict[str, Any] = {}
    sections = file_sections()
    for section in sections:
        context.update(section.context(user=user, prisoner=prisoner))
    context["file_sections"] = [section.template for section in sections]
    return context
