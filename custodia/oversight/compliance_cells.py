"""The score cells of the compliance table (oversight/compliance.html), written here rather than by
a template included once per cell: the national table has a cell per check and prison (some 2,800
for 250 prisons), and drawing each through the template engine took most of the page's time
(over 400 ms of it at Uganda's scale). The markup and the translated texts are those the template
used; each text is translated once per page and each number formatted once."""

from collections.abc import Callable, Sequence
from functools import cache

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .compliance.base import Check
from .compliance_figures import Row, Score

PEOPLE_URL = "oversight:compliance_people"


def _memo(format_value: Callable[..., str]) -> Callable[[object], str]:
    """`format_value` escaped, worked out once per value: the same counts and scores recur
    across a table, and the locale's formatting of each is the costly part."""
    return cache(lambda value: conditional_escape(format_value(value)))


class _Writer:
    """One page's writer of cells, in the reader's language (the page's request)."""

    def __init__(self) -> None:
        self.nothing = format_html(
            '<span class="text-muted">—</span><div class="small text-muted">{}</div>\n', _("nothing to check")
        )
        self.linked = _('<a href="%(people_url)s">%(short)s short</a> of %(checked)s')
        self.plain = _("%(short)s short of %(checked)s")
        self.count = _memo(intcomma)
        self.percent = _memo(lambda value: floatformat(value, 1))
        self.people_url = cache(_people_url_of)

    def cell(self, check: Check, s: Score, *, link: bool) -> str:
        if s.percent is None:
            return self.nothing
        short, checked = s.tally.short, s.tally.checked
        values = {"short": self.count(short), "checked": self.count(checked)}
        if link and short and s.prison is not None:
            values["people_url"] = conditional_escape(self.people_url(check.key)(s.prison.pk))
            counts = self.linked % values
        else:
            counts = self.plain % values
        danger = "text-danger" if short else ""
        percent = f'<span class="{danger}">{self.percent(s.percent)} %</span>'
        return f'{percent}\n<div class="small text-nowrap">{counts}</div>\n'


def _people_url_of(key: str) -> Callable[[int], str]:
    """The address of the people falling short of check `key` at a prison, by the prison's id:
    reversed once per check rather than once per cell (the id is the address's last part)."""
    stem = reverse(PEOPLE_URL, args=[key, 0]).removesuffix("0/")
    return lambda prison_id: f"{stem}{prison_id}/"


def score_cells(rows: Sequence[Row], *, with_total: bool) -> list[tuple[Row, SafeString]]:
    """Each row with the `<td>` cells of its scores (and of its total, `with_total`), for a check
    that is recorded; a check not yet recorded has none (the template says why instead)."""
    writer = _Writer()
    result = []
    for row in rows:
        if row.check.not_recorded:
            result.append((row, SafeString("")))
            continue
        cells = [("", writer.cell(row.check, s, link=True)) for s in row.scores]
        if with_total:
            cells.append((" fw-semibold", writer.cell(row.check, row.total, link=False)))
        result.append((row, _cells_html(cells)))
    return result


def _cells_html(cells: list[tuple[str, str]]) -> SafeString:
    # Every piece is escaped above: the numbers and the address by conditional_escape, the
    # translated texts are the catalogue's markup, as {% blocktranslate %} leaves them.
    return mark_safe("".join(f'<td class="text-end{extra}">{html}</td>' for extra, html in cells))
