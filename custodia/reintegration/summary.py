"""The release summary for an agency (a probation or community service): a PDF that holds what
the law requires — who the person is, when they are released and on what legal basis — and,
beyond it, only the sections the person agreed to share with that agency (the consent in force).

Drawn by WeasyPrint from a Django template, in the language chosen, right to left for Arabic,
with Debian's DejaVu fonts (core.pdf)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from custodia.core.pdf import html_to_pdf
from custodia.plans.choices import PlanStatus
from custodia.plans.models import SentencePlan
from custodia.register.choices import MovementKind

from . import rules, selectors
from .choices import Pathway, ShareSection, SummaryLanguage
from .models import Referral


@dataclass(frozen=True)
class Summary:
    referral: Referral
    language: str
    shared: list[str]  # ShareSection codes, in order
    pathways: list[Any]  # the plan's pathways the person agreed to share, with their actions
    objectives: list[Any]  # the sentence plan's objectives, when shared
    release_on: date | None
    released: bool
    release_reason: str


def summary_of(referral: Referral, *, language: str) -> Summary:
    """What the summary shows, for a referral read through selectors.referral_get."""
    plan = referral.plan
    consent = selectors.consent_in_force(referral)
    shared = [str(section) for section in rules.shared_sections(consent.sections if consent else [])]
    pathways = [p for p in plan.pathways.prefetch_related("actions").order_by("id") if p.pathway in shared]
    objectives: list[Any] = []
    if ShareSection.SENTENCE_PLAN in shared:
        agreed = SentencePlan.objects.filter(prisoner=plan.prisoner, status=PlanStatus.AGREED).first()
        objectives = list(agreed.objectives.exclude(status__in=["proposed", "set_aside"])) if agreed else []
    release = (
        plan.prisoner.movements.filter(kind=MovementKind.RELEASE, occurred_at__gte=plan.admission.admitted_at)
        .order_by("occurred_at")
        .first()
    )
    return Summary(
        referral=referral,
        language=language,
        shared=shared,
        pathways=pathways,
        objectives=objectives,
        release_on=timezone.localdate(release.occurred_at)
        if release
        else (selectors.release_on(plan.prisoner) or plan.release_on),
        released=release is not None,
        release_reason=release.get_release_reason_display() if release else "",
    )


def render_pdf(summary: Summary) -> bytes:
    with translation.override(summary.language):
        html = render_to_string(
            "reintegration/summary_pdf.html",
            {
                "s": summary,
                "plan": summary.referral.plan,
                "prisoner": summary.referral.plan.prisoner,
                "rtl": summary.language == SummaryLanguage.AR,
                "pathway_labels": dict(Pathway.choices),
                "section_labels": dict(ShareSection.choices),
            },
        )
    return html_to_pdf(html)
