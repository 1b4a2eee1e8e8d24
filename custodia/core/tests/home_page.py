"""Reading the counts of a home page (core.home) in tests: each count's number, label, prison and
the address of the list behind it."""

import html
import re

COUNT = re.compile(
    r'<a class="d-block text-decoration-none" href="(?P<url>[^"]+)">\s*'
    r'<span class="fs-3[^"]*">(?P<number>[\d.,\s\xa0\u202f]+)</span>\s*<span class="d-block">(?P<label>[^<]+)</span>'
    r'(?:\s*<span class="d-block small text-muted">(?P<where>[^<]+)</span>)?'
)


def counts_on(page: str) -> dict[str, tuple[int, str]]:
    """{label (and prison, where named): (number, the address it links to)} of a home page; a
    number grouped as the language writes it (3,183 or 3 183) is read whole."""
    found = {}
    for match in COUNT.finditer(page):
        label = html.unescape(match["label"])
        if match["where"]:
            label += f" @ {html.unescape(match['where'])}"
        found[label] = (int(re.sub(r"\D", "", match["number"])), html.unescape(match["url"]))
    return found
