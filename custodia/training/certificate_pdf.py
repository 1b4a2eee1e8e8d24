"""A certificate as a PDF, drawn by WeasyPrint (core.pdf) in its holder's language
(StaffMember.language): the wording, the course's title and the dates in that language, with the
verification code and the address where anyone may check it."""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language_bidi

from custodia.core.pdf import html_to_pdf
from custodia.estate.selectors import active_profile

from .models import Certificate


@dataclass(frozen=True)
class Drawn:
    """What the certificate shows, worked out in its language."""

    language: str
    right_to_left: bool
    service: str
    centre: str
    name: str
    service_number: str
    course: str
    hours: int
    kind: str
    first_day: date | None  # the session's days; none for an e-learning completion
    last_day: date | None
    issued_on: date
    valid_until: date | None
    score: int | None
    trainers: list[str]
    source: str
    code: str
    verify_url: str


def drawn(certificate: Certificate, verify_url: str) -> Drawn:
    """The certificate's content in its holder's language (the caller has switched to it)."""
    staff, course = certificate.staff, certificate.course
    profile = active_profile()
    participant = certificate.participant
    session = participant.session if participant is not None else None
    return Drawn(
        language=translation.get_language() or "en",
        right_to_left=get_language_bidi(),
        service=str(profile.service_name),
        centre=str(profile.training.centre),
        name=f"{staff.given_name} {staff.family_name}".strip(),
        service_number=staff.service_number,
        course=course.title,
        hours=course.hours,
        kind=course.get_kind_display(),
        first_day=session.starts_on if session else None,
        last_day=session.ends_on if session else None,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        score=certificate.score,
        trainers=[f"{t.given_name} {t.family_name}".strip() for t in session.trainers.all()] if session else [],
        source=certificate.get_source_display(),
        code=certificate.code,
        verify_url=verify_url,
    )


def render_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """The PDF of the certificate, in the language of the staff member it was issued to."""
    with translation.override(certificate.staff.language or "en"):
        html = render_to_string("training/certificate_pdf.html", {"c": drawn(certificate, verify_url)})
    return html_to_pdf(html)
