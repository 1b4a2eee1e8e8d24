"""Risk and needs assessment in a real Chromium: rating every item by clicking, submitting,
countersigning by a second case manager, a refused submission that loses nothing, the worklist,
and the rating page in French and in Arabic with the instruments' own labels."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from custodia.accounts import roles
from custodia.assessment import services
from custodia.assessment.choices import AssessmentStatus
from custodia.assessment.instruments import Instrument, latest_instruments
from custodia.assessment.models import Assessment
from custodia.core.tests.browser import sign_in_through_form
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory
from custodia.register.choices import Sex
from custodia.register.tests.factories import admit

from .factories import team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def evidence(code: str) -> str:
    return f"Case notes and interview ({code})"


def rate_every_item(page, instrument: Instrument, value_of=lambda i, item: i % len(item.scale), skip=()) -> None:
    """Clicks a level for each item (but those in `skip`) and writes evidence where it is asked for."""
    for i, (_domain, item) in enumerate(instrument.items()):
        if item.code in skip:
            continue
        page.locator(f"input[type=radio][name={item.code}][value='{value_of(i, item)}']").check()
        if item.evidence_required:
            page.fill(f"#id_{item.code}_evidence", evidence(item.code))


def submit(page) -> None:
    page.locator("button[name=action][value=submit]").click()


def start_from_the_file(page, language: str, prisoner_id: int, instrument_id: str) -> None:
    page.goto(f"/{language}/prisoners/{prisoner_id}/#assessments")
    page.locator(f"#assessments a[data-instrument={instrument_id}]").click()
    page.locator("#confirm-start").click()  # a start is confirmed: a stray click leaves no draft
    page.wait_for_url(f"**/{language}/assessments/*/edit/")


def test_three_instruments_in_french_rated_submitted_and_countersigned(page, new_page, make_staff):
    # A woman with a terrorism-linked offence: every instrument applies to her.
    t = team(make_staff, vep=True)
    instruments = latest_instruments()
    sign_in_through_form(page, t.assessor.username, "fr")

    for instrument_id in ("general_screening", "women_needs", "vep_spj"):
        instrument = instruments[instrument_id]
        start_from_the_file(page, "fr", t.prisoner.pk, instrument_id)
        # The instrument's own French labels: title, domains, items and scale levels.
        assert instrument.title.fr in page.locator("h1").inner_text()
        first_item = instrument.domains[0].items[0]
        assert first_item.prompt.fr in page.content()
        assert first_item.scale[0].label.fr in page.locator(f"#item-{first_item.code}").inner_text()
        rate_every_item(page, instrument)
        if instrument.kind == "spj":
            page.fill("#id_rationale", "Profil lu dans son ensemble, avec le dossier et deux entretiens.")
            page.select_option("#id_final_judgement", "moderate")
        submit(page)
        page.wait_for_url("**/fr/assessments/*/")
        assert "/edit/" not in page.url
        assert instrument.title.fr in page.locator("h1").inner_text()

    assessments = list(Assessment.objects.filter(prisoner=t.prisoner))
    assert sorted(a.status for a in assessments) == [AssessmentStatus.SUBMITTED] * 3
    # Every item was rated in the browser.
    for assessment in assessments:
        assert assessment.ratings.count() == len(assessment.instrument.instrument.items())

    # A second case manager at the same prison countersigns each one.
    second = new_page()
    sign_in_through_form(second, t.second.username, "fr")
    for assessment in assessments:
        second.goto(f"/fr/assessments/{assessment.pk}/")
        second.locator(f"form[action$='/assessments/{assessment.pk}/countersign/'] button[type=submit]").click()
        second.wait_for_url(f"**/fr/assessments/{assessment.pk}/")
        second.locator(".alert-success").wait_for()
    assert set(Assessment.objects.filter(prisoner=t.prisoner).values_list("status", flat=True)) == {"final"}
    assert set(Assessment.objects.filter(prisoner=t.prisoner).values_list("countersigned_by", flat=True)) == {
        t.second.pk
    }

    # The file: three final assessments, the needs they identify, a chart per instrument.
    second.goto(f"/fr/prisoners/{t.prisoner.pk}/#assessments")
    section = second.locator("#assessments")
    history = section.locator("#assessment-history tbody tr")
    assert history.count() == 3
    with translation.override("fr"):
        final_label = str(AssessmentStatus.FINAL.label)
    for row in history.all():
        assert final_label in row.inner_text()
    assert section.locator("#current-needs .badge").count() >= 1
    charts = section.locator('canvas[data-chart^="assessment-chart"]')
    assert charts.count() == 3
    # Chart.js drew them (it keeps each chart against its canvas).
    assert second.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart^=\"assessment-chart\"]')]"
        ".every((canvas) => window.Chart && window.Chart.getChart(canvas))"
    )


def test_a_missing_item_is_named_and_nothing_else_is_lost(page, make_staff):
    PrisonServiceFactory(profile="uganda")
    t = team(make_staff, vep=True, sex=Sex.MALE, given_names="Moses", family_name="Kato")
    instrument = latest_instruments()["vep_spj"]
    codes = [item.code for _domain, item in instrument.items()]
    missing = codes[5]
    sign_in_through_form(page, t.assessor.username)
    start_from_the_file(page, "en", t.prisoner.pk, "vep_spj")

    def value_of(i, item):
        return (i + 1) % len(item.scale)

    rate_every_item(page, instrument, value_of, skip={missing})
    page.fill("#id_rationale", "Grievance and contacts weigh most; engagement with the programme is real.")
    page.select_option("#id_final_judgement", "high")
    submit(page)

    # Refused, said on the item left unrated, and every other answer still there.
    assert page.locator(f"#item-{missing} .invalid-feedback").inner_text() == "Rate this item."
    assert page.locator(".invalid-feedback").count() == 1
    # The summary on top has the focus; its link puts it on the item's first choice.
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    page.locator("[data-error-summary] a").click()
    assert page.evaluate("() => document.activeElement.name") == missing

    def assert_answers_kept():
        for i, (_domain, item) in enumerate(instrument.items()):
            if item.code == missing:
                continue
            assert page.locator(f"input[name={item.code}][value='{value_of(i, item)}']").is_checked(), item.code
            assert page.input_value(f"#id_{item.code}_evidence") == evidence(item.code)
        assert page.input_value("#id_rationale").startswith("Grievance and contacts")
        assert page.input_value("#id_final_judgement") == "high"

    assert_answers_kept()
    # Saved as a draft too: a reload shows the same answers.
    assessment = Assessment.objects.get(prisoner=t.prisoner)
    assert assessment.status == "draft" and assessment.ratings.count() == len(codes) - 1
    page.goto(f"/en/assessments/{assessment.pk}/edit/")
    assert_answers_kept()

    page.locator(f"input[name={missing}][value='2']").check()
    page.fill(f"#id_{missing}_evidence", evidence(missing))
    submit(page)
    page.wait_for_url(f"**/en/assessments/{assessment.pk}/")
    assert page.locator(".alert-success").inner_text().strip() == "Submitted for countersignature."
    assert page.locator("#status").inner_text() == "Submitted for countersignature"
    assert page.locator("#judgement").inner_text() == "High"
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.ratings.count() == len(codes)
    assert assessment.final_judgement == "high" and assessment.computed_level == ""


def test_worklist_shows_a_first_assessment_overdue_after_30_days(page, make_staff):
    PrisonServiceFactory(profile="uganda")
    cell = CellFactory(unit__prison__name="Gulu Main Prison")
    now = timezone.now()
    early = admit(
        cell=cell, sex=Sex.MALE, given_names="Okot", family_name="Early", admitted_at=now - timedelta(days=45)
    )
    today = admit(
        cell=cell, sex=Sex.MALE, given_names="Opio", family_name="Today", admitted_at=now - timedelta(hours=1)
    )
    make_staff("assessor", roles.CASE_MANAGER, prisons=[cell.unit.prison])
    sign_in_through_form(page, "assessor")
    page.goto("/en/assessments/worklist/")

    rows = page.locator("#worklist tbody tr")
    assert rows.count() == 2
    first = rows.filter(has_text="Okot Early")
    assert "urgency-overdue" in first.get_attribute("class")
    assert "Overdue" in first.inner_text() and "First assessment after admission" in first.inner_text()
    due_early = timezone.localdate(early.admissions.get().admitted_at) + timedelta(days=30)
    assert first.locator("time").get_attribute("datetime") == due_early.isoformat()
    second = rows.filter(has_text="Opio Today")
    assert "urgency-overdue" not in second.get_attribute("class") and "Overdue" not in second.inner_text()
    due_today = timezone.localdate(today.admissions.get().admitted_at) + timedelta(days=30)
    assert second.locator("time").get_attribute("datetime") == due_today.isoformat()
    assert page.locator("#count-overdue").inner_text() == "1 overdue"

    page.select_option("#urgency", "overdue")
    page.wait_for_url(re.compile(r"/en/assessments/worklist/\?.*urgency=overdue"))
    assert page.locator("#worklist tbody tr").count() == 1
    assert "Okot Early" in page.locator("#worklist tbody tr").inner_text()


def test_rating_page_in_arabic_reads_right_to_left(page, make_staff):
    t = team(make_staff, vep=True)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="vep_spj")
    instrument = latest_instruments()["vep_spj"]
    sign_in_through_form(page, t.assessor.username, "ar")
    page.goto(f"/ar/assessments/{assessment.pk}/edit/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert instrument.title.ar in page.locator("h1").inner_text()
    domain = instrument.domains[0]
    item = domain.items[0]
    assert domain.title.ar in page.locator("legend").first.inner_text()
    card = page.locator(f"#item-{item.code}")
    assert item.prompt.ar in card.inner_text()
    assert item.scale[2].label.ar in card.inner_text()
    # Clicking a level works the same way round.
    card.locator(f"label[for=id_{item.code}_2]").click()
    assert card.locator(f"#id_{item.code}_2").is_checked()
