"""Every interface string is translated into French, Arabic, Russian and Kazakh."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["fr", "ar", "ru", "kk"])
def test_catalogue_is_complete(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalogue = read_po(handle)
    missing = [m.id for m in catalogue if m.id and (not m.string or not all(m.string if m.pluralizable else [1]))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not missing, missing
    assert not fuzzy, fuzzy
    problems = [(m.id, errors) for m, errors in catalogue.check()]
    assert not problems, problems


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "menu"),
    [("fr", "Détenus"), ("ar", "السجناء"), ("ru", "Заключённые"), ("kk", "Тұтқындар")],
)
def test_pages_are_served_in_each_language(staff_client, language, menu):
    html = staff_client.get(reverse("register:prisoner_list").replace("/en/", f"/{language}/")).content.decode()
    assert f'lang="{language}"' in html
    assert menu in html
    assert ">Prisoners<" not in html
