"""Status labels name women too (issue 11, section 5): women are held, and a label in the
masculine alone ("Осуждён", "Libéré") reads as if they were not. Russian and French write both
forms where the word agrees with the person."""

import pytest
from django.utils import translation

from custodia.core.profiles import get_profile
from custodia.register.choices import CustodyStatus

BOTH_FORMS = {"ru": ("(а)", "(ла)", "(-ая)"), "fr": ("(e)",)}
AGREEING = (CustodyStatus.RELEASED, CustodyStatus.DECEASED)


@pytest.mark.parametrize("language", sorted(BOTH_FORMS))
def test_custody_statuses_that_agree_with_the_person_show_both_forms(language):
    with translation.override(language):
        labels = [str(status.label) for status in AGREEING]
    assert all(any(form in label for form in BOTH_FORMS[language]) for label in labels), labels


@pytest.mark.parametrize("country", ["uganda", "kazakhstan", "tunisia", "generic"])
@pytest.mark.parametrize("language", sorted(BOTH_FORMS))
def test_the_convicted_legal_status_of_every_profile_shows_both_forms(country, language):
    labels = {entry.code: getattr(entry.label, language) for entry in get_profile(country).legal_statuses}
    assert any(form in labels["convicted"] for form in BOTH_FORMS[language]), labels["convicted"]
