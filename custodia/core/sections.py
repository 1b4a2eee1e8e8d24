"""Sections that higher apps add to a page of a lower app, so that the lower app draws them
without importing the apps that make them (the layers in docs/architecture.md).

A page owns a `Sections`; each app adds its section in its AppConfig.ready(). A section's
`context` is called with the page's own arguments (the reader, the prisoner...) and returns what
its template needs; it withholds by itself what the reader may not see."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    order: int  # smaller first
    template: str
    context: Callable[..., dict[str, Any]]


class Sections:
    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}

    def add(self, section: Section) -> None:
        self._sections[section.key] = section

    def __iter__(self) -> Any:
        return iter(sorted(self._sections.values(), key=lambda section: (section.order, section.key)))

    def context(self, **arguments: Any) -> dict[str, Any]:
        """Every section's context, and under `sections` the templates to include, in order."""
        context: dict[str, Any] = {}
        templates = []
        for section in self:
            context.update(section.context(**arguments))
            templates.append(section.template)
        context["sections"] = templates
        return context
