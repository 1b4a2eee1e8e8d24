"""The prisoner file as a PDF (docs/file-pdf.md), in two versions (choices.FileCopy):

- the file as its reader sees it, for the staff of the prison that holds the person (or
  headquarters): what the page shows them, each section they may not see withheld as on screen;
- the person's own copy (Mandela Rule 9, the right of access to one's records), printed by the
  director: the sections rules.OWN_COPY_GIVEN, read as a reader holding only the rights the person
  receives (selectors.own_copy_reader), in the person's language when the file names one the
  service is offered in; every other section withheld with the reason printed in its place.

Both are read by the file's one selector (selectors.prisoner_file_open) and drawn from the
sections the other apps register for the page (file_sections.FILE_SECTIONS), with their own
templates: a copy can never hold more than the page. The read, and the print with what the copy
held and withheld (AuditAction.FILE_PRINT), are written in one transaction; the PDF is drawn by
WeasyPrint (core.pdf) once it is committed. Every page names who printed it, with their roles,
when, the file's number and the page out of how many."""

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from custodia.accounts.access import roles_held
from custodia.accounts.roles import LABELS
from custodia.core import audit
from custodia.core.actions import AuditAction
from custodia.core.forms import country_name
from custodia.core.pdf import css_string, html_to_pdf
from custodia.core.sections import Section, Sections
from custodia.core.withheld import Why, Withheld
from custodia.estate.selectors import active_profile

from . import iccs, rules, selectors
from .choices import FileCopy, WithheldFromPerson
from .file_sections import FILE_SECTIONS
from .selectors import PrisonerFile

# The names of the sections that have no entry in the page's menu, for the notice that takes
# their place in the person's copy.
TITLES = {
    "health": gettext_lazy("Condition on arrival"),
    "history": gettext_lazy("History of changes"),
    "readers": gettext_lazy("Who viewed this file"),
    "alerts": gettext_lazy("Alerts"),
    "networks": gettext_lazy("Networks of links between people"),
}
# The marks register/withheld.html and register/held_elsewhere.html leave, by which a section
# drawn for the copy is known to be withheld.
WITHHELD_MARKS = ('mb-0 withheld"', 'mb-0 held-elsewhere"')


@dataclass(frozen=True)
class Part:
    """A section of the other apps, drawn for the copy: its HTML, or the reason the person's copy
    gives in its place."""

    key: str
    title: str
    html: SafeString
    withheld_from_person: str  # a WithheldFromPerson label; empty when drawn


@dataclass(frozen=True)
class Printed:
    content: bytes  # the PDF
    html: str  # what it was drawn from
    filename: str
    language: str
    held: list[str]  # the sections the copy holds, in order
    withheld: dict[str, str]  # the sections it holds in name only, with why: a Why, or a WithheldFromPerson code


def print_file(*, user: User, prisoner_id: int, copy: str, reader_language: str) -> Printed:
    """The file of the person as a PDF, in the version `copy`, printed by `user`. Prisoner.DoesNotExist
    for a person the user may not see; PermissionDenied, with why, for one they may see but not
    print (selectors.print_refusal). The opening and the print are logged together (Rule 9)."""
    own = copy == FileCopy.OWN
    reader = selectors.own_copy_reader(user) if own else user
    with transaction.atomic():
        file = selectors.prisoner_file_open(user=reader, prisoner_id=prisoner_id)
        refusal = selectors.print_refusal(user=user, file=file, copy=copy)
        if refusal:
            raise PermissionDenied(refusal)
        offered = [code for code, _name in settings.LANGUAGES]
        language = rules.copy_language(file.prisoner.languages, offered, reader_language) if own else reader_language
        with translation.override(language):
            html, held, withheld = _drawn(user=user, reader=reader, file=file, own=own)
        audit.record(
            actor=user,
            action=AuditAction.FILE_PRINT,
            obj=file.prisoner,
            changes={
                "copy": [None, copy],
                "language": [None, language],
                "held": [None, held],
                "withheld": [None, withheld],
            },
        )
    number = re.sub(r"[^A-Za-z0-9_-]+", "-", file.prisoner.number)
    return Printed(html_to_pdf(html), html, f"file-{number}-{copy}.pdf", language, held, withheld)


def _drawn(*, user: User, reader: User, file: PrisonerFile, own: bool) -> tuple[str, list[str], dict[str, str]]:
    """The copy's HTML in the active language, the sections it holds and those it withholds."""
    held: list[str] = []
    withheld: dict[str, str] = {}

    def note(key: str, marker: object, from_person: str = "") -> None:
        if from_person:
            withheld[key] = from_person
        elif isinstance(marker, Withheld):
            withheld[key] = str(marker.why)
        else:
            held.append(key)

    registered = [s for s in FILE_SECTIONS if not own or rules.withheld_from_person(s.key) is None]
    chosen = Sections()
    for section in registered:
        chosen.add(section)
    sections = chosen.context(user=reader, file=file)
    timeline = selectors.prisoner_timeline(file, more=sections.pop("section_timeline"))
    trail = None if own else selectors.prisoner_file_trail(user=reader, file=file)
    prisoner = file.prisoner
    today = timezone.localdate()
    age = rules.age_on(today, date_of_birth=prisoner.date_of_birth, birth_year_estimated=prisoner.birth_year_estimated)
    context: dict[str, Any] = {
        **sections,
        "file": file,
        "prisoner": prisoner,
        "perms": PermWrapper(reader),
        "user": reader,
        "profile": active_profile(),
        "LANGUAGE_BIDI": translation.get_language_bidi(),
        "own": own,
    }
    # The register's own sections, as prisoner_detail.html draws them.
    health = next((a.visible_injuries for a in file.admissions if isinstance(a.visible_injuries, Withheld)), None)
    for key, marker in (
        ("identity", None),
        ("placement", file.current_prison),
        ("admission", None),
        ("health", health),
        ("legal", file.legal_status_history),
        ("family", file.family),
        ("custody", None),
    ):
        note(key, marker, _why(key) if own else "")
    parts = []
    for section in FILE_SECTIONS:
        reason = _why(section.key) if own else ""
        if reason:
            parts.append(Part(section.key, _title(section), mark_safe(""), _label(reason)))
            note(section.key, None, reason)
            continue
        html = render_to_string(section.template, context).strip()
        if not html:
            continue  # not drawn on the page either (a former prison's, a section of buttons)
        parts.append(Part(section.key, _title(section), mark_safe(html), ""))  # noqa: S308 - rendered by a template
        note(section.key, Withheld(section.key, Why.NO_RIGHT) if _marked(html) else None)
    note("timeline", None)
    for key in ("history", "readers"):
        note(key, getattr(trail, key) if trail is not None else None, _why(key) if own else "")
    printed_at = timezone.localtime()
    roles = ", ".join(sorted(str(LABELS[role]) for role in roles_held(user))) or "—"
    html = render_to_string(
        "register/file_pdf.html",
        {
            **context,
            "parts": parts,
            "timeline": timeline,
            "trail": trail,
            "age": age,
            "juvenile": rules.is_juvenile(age, active_profile().juvenile_age),
            "nationality": country_name(prisoner.nationality),
            "offences": []
            if isinstance(file.offences, Withheld)
            else [(o, iccs.label(o.iccs_code)) for o in file.offences],
            "language": translation.get_language(),
            "right_to_left": translation.get_language_bidi(),
            "from_person": {key: _label(why) for key, why in withheld.items() if own},
            "printed_at": printed_at,
            "footer_printed": mark_safe(  # noqa: S308 - escaped by css_string
                css_string(
                    _("Printed by %(name)s (%(roles)s) on %(when)s · file %(number)s")
                    % {
                        "name": user.get_full_name() or user.get_username(),
                        "roles": roles,
                        "when": f"{date_format(printed_at, 'SHORT_DATETIME_FORMAT')} {printed_at.tzname()}",
                        "number": prisoner.number,
                    }
                )
            ),
            "footer_pages": _page_of_pages(_("Page %(page)s of %(pages)s")),
        },
    )
    return html, held, withheld


def _why(key: str) -> str:
    """The code of why the person's copy withholds `key` (a WithheldFromPerson), or ""."""
    reason = rules.withheld_from_person(key)
    return str(reason) if reason is not None else ""


def _label(why: str) -> str:
    """What the person's copy says in place of a section: the reason, or the marker's word."""
    return str(WithheldFromPerson(why).label) if why in WithheldFromPerson.values else _("Withheld")


def _title(section: Section) -> str:
    return str(section.title or TITLES.get(section.key, section.key))


def _marked(html: str) -> bool:
    return any(mark in html for mark in WITHHELD_MARKS)


def _page_of_pages(text: str) -> SafeString:
    """A translated "Page x of y" as the CSS content of a margin box, with the page counters in
    the places the translation puts them."""
    pieces = re.split(r"(%\(pages?\)s)", text)
    content = [f"counter({piece[2:-2]})" if piece.startswith("%(") else css_string(piece) for piece in pieces if piece]
    return mark_safe(" ".join(content))  # noqa: S308 - every piece escaped by css_string
