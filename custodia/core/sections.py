"""Sections that higher apps add to a page of a lower app, so that the lower app draws them
without importing the apps that make them (the layers in docs/architecture.md).

A page owns a `Sections`; each app adds its section in its AppConfig.ready(). A section's
`context` is called with the page's own arguments (the reader, the prisoner...) and returns what
its template needs; it withholds by itself what the reader may not see. A section may also give
a page that opens with a summary (the prisoner file's "at a glance") what to show there: its facts
(`glance`, rows of a <dl>) and the actions it offers now (`actions`, buttons), drawn from the same
context, so that the summary queries nothing of its own. A section with an `anchor` (the id of its
element) and a `title` has an entry in the page's menu of sections."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Section:
    key: str
    order: int  # smaller first
    template: str
    context: Callable[..., dict[str, Any]]
    glance: str = ""  # a template of <dt>/<dd> rows for the page's summary
    actions: str = ""  # a template of the buttons the section offers in the page's summary
    anchor: str = ""  # the id of the section's element, for the page's menu of sections
    title: "StrOrPromise" = ""  # its name in that menu
    own_prison_only: bool = False  # drawn only for a reader whose prison holds the person


class Sections:
    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}

    def add(self, section: Section) -> None:
        self._sections[section.key] = section

    def __iter__(self) -> Any:
        return iter(sorted(self._sections.values(), key=lambda section: (section.order, section.key)))

    def context(self, **arguments: Any) -> dict[str, Any]:
        """Every section's context, and under `sections` the templates to include, in order; under
        `section_glances` and `section_actions` those of the summary, under `section_menu` the
        sections that have an entry in the menu. A section's dated events, under its own `timeline`
        key, are gathered under `section_timeline` for the page's timeline."""
        context: dict[str, Any] = {}
        timeline: list[Any] = []
        sections = list(self)
        for section in sections:
            part = section.context(**arguments)
            timeline += part.pop("timeline", [])
            context.update(part)
        context["section_timeline"] = timeline
        context["sections"] = [section.template for section in sections]
        context["section_glances"] = [section.glance for section in sections if section.glance]
        context["section_actions"] = [section.actions for section in sections if section.actions]
        context["section_menu"] = [section for section in sections if section.anchor]
        return context
