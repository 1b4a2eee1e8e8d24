"""The file at a glance: the dates an officer needs before reading the file (the next court
hearing, the release), taken from what selectors.prisoner_file_open already read. No query: the
summary at the top of the file page costs nothing the sections below do not already load. The
other apps add theirs (the classification review, the assessments due) through their file
sections' `glance` templates (core.sections)."""

from dataclasses import dataclass
from datetime import date

from custodia.core.withheld import Withheld

from .models import CourtCase, Hearing, Sentence
from .selectors import PrisonerFile


@dataclass(frozen=True)
class NextHearing:
    on: date
    case: CourtCase


@dataclass(frozen=True)
class Release:
    """When the sentences end: the full-term date of the one that ends last and the earliest
    release from it; under a life sentence, no date."""

    life: bool
    full_term: date | None = None
    earliest: date | None = None


@dataclass(frozen=True)
class Glance:
    next_hearing: NextHearing | None
    release: Release | None
    legal_withheld: bool  # the legal situation is a section this reader does not see


def of_file(file: PrisonerFile, today: date) -> Glance:
    if isinstance(file.court_cases, Withheld) or isinstance(file.sentences, Withheld):
        return Glance(next_hearing=None, release=None, legal_withheld=True)
    hearings = [(hearing, case) for case in file.court_cases for hearing in case.hearings.all()]
    return Glance(next_hearing=next_hearing(hearings, today), release=release(file.sentences), legal_withheld=False)


def next_hearing(hearings: list[tuple[Hearing, CourtCase]], today: date) -> NextHearing | None:
    """The first hearing from today on; a past hearing is history, not a date to prepare for."""
    coming = sorted((hearing.held_on, hearing.pk, case) for hearing, case in hearings if hearing.held_on >= today)
    if not coming:
        return None
    on, _pk, case = coming[0]
    return NextHearing(on=on, case=case)


def release(sentences: list[Sentence]) -> Release | None:
    """As the list's release filter reckons it (selectors._by_dates): the full-term date of the
    sentence that ends last, and none under a life sentence."""
    if not sentences:
        return None
    if any(sentence.life for sentence in sentences):
        return Release(life=True)
    dated = [sentence for sentence in sentences if sentence.full_term_release_on is not None]
    if not dated:
        return None
    last = max(dated, key=lambda sentence: (sentence.full_term_release_on, sentence.pk))
    return Release(life=False, full_term=last.full_term_release_on, earliest=last.earliest_release_on)
