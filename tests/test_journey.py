"""One person followed the whole way, through the pages, by each role in turn, in French and Russian.

Moses Kato is admitted by a reception officer, classified on the interim rule, assessed (and the
assessment countersigned), given a sentence plan from the assessment's needs, referred from an
objective to a literacy programme, allocated a place, marked present at its sessions, and completes
it with an end-of-programme report. That completion, and not a tick, meets the "completed programme"
prerequisite of the less restrictive level the case manager then proposes and the director approves.
Release planning opens, a pathway moves, an outside agency is referred to with his consent, he is
released, and the follow-up a month after release is recorded. Every step is a page as a browser
would post it (the version fields and defaults the page gives, see `form_of`); only the estate and
the staff are made with factories. At the end the file shows each stage, and every change left its
audit event.

Time: the pages stamp most steps with the clock (an assessment countersigned, a decision approved,
a place allocated: today). The dates the forms take are laid out in the past so that the sentence
and the follow-up work out, always whole days before today at fixed hours, never "now minus a few
hours", so that the test passes at any time of day: admitted (and sentenced to two years) 420 days
ago, so that more than half the sentence is served (the open class asks for half) and the earliest
release, 487 days after the start, is within the six months of release planning; the programme's
sessions ten to eight weeks ago; consent to share given 40 days ago; released 35 days ago, so that
the follow-up one month after release is due. The release is thus entered after the steps the
clock stamped today, as a late entry: the pages accept it, and the story is told in that order.

The Uganda profile is used: of the bundled profiles it is the one whose framework asks for a
completed programme (to move down to the open class)."""

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from custodia.accounts import roles
from custodia.assessment.models import Assessment
from custodia.classification.models import ClassificationDecision
from custodia.core.actions import AuditAction
from custodia.core.models import AuditEvent
from custodia.estate.tests.factories import CellFactory, PrisonFactory, PrisonServiceFactory, UnitFactory
from custodia.plans.models import SentencePlan
from custodia.programmes.models import Participation, Programme
from custodia.register.models import Prisoner
from custodia.reintegration.models import ReleasePlan

pytestmark = pytest.mark.django_db


# --- the browser's side ----------------------------------------------------------------------------


def url(language: str, name: str, *args, query: dict | None = None) -> str:
    """The address of a page in a language (/fr/..., /ru/...)."""
    with override(language):
        return reverse(name, args=args) + (f"?{urlencode(query)}" if query else "")


class _Forms(HTMLParser):
    """Each form of a page with what a browser sends when nothing is touched: hidden and filled
    inputs, checked boxes, each select's selected (else first) option, each textarea's text."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[dict[str, str], dict[str, list[str]]]] = []
        self._select: str | None = None  # the select being read, until an option is chosen
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append((a, {}))
        if not self.forms:
            return
        fields = self.forms[-1][1]
        if tag == "option" and self._select is not None:
            if "selected" in a or self._select not in fields:
                fields[self._select] = [a.get("value", "")]
            return
        name = a.get("name")
        if name is None:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select":
            self._select = name
            fields.pop(name, None)
        elif tag == "textarea":
            self._textarea = name
            fields[name] = [""]

    def handle_data(self, data):
        if self._textarea is not None:
            self.forms[-1][1][self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_of(html: str, *, action: str | None = None, form_id: str | None = None, **changes) -> dict:
    """What a browser posts with the form of `html` whose action (or id) is given, after the user
    changed `changes` (a list for several values). The form must be on the page: a role that is
    not offered it fails here."""
    parser = _Forms()
    parser.feed(html)
    for attrs, fields in parser.forms:
        if (action is not None and attrs.get("action") == action) or (form_id and attrs.get("id") == form_id):
            data = {name: values if len(values) > 1 else values[0] for name, values in fields.items()}
            data.pop("csrfmiddlewaretoken", None)
            return {**data, **changes}
    raise AssertionError(f"no form {action or form_id} on the page")


def page(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return response.content.decode()


def submit(client, address: str, data: dict) -> str:
    """Posts a form that succeeds: it redirects, and the page it lands on reports no refusal."""
    response = client.post(address, data, follow=True)
    html = response.content.decode()
    problems = re.findall(r'class="alert alert-danger[^"]*"[^>]*>(.*?)</div>', html, re.S)
    problems += re.findall(r'class="(?:invalid-feedback|text-danger small)"[^>]*>([^<]*)<', html)
    assert response.redirect_chain, (address, problems or html[:3000])
    assert response.status_code == 200 and not problems, (address, problems)
    return html


def said(html: str) -> list[str]:
    """The messages on top of the page."""
    return [m.strip() for m in re.findall(r'<div class="alert alert-\w+" role="status">(.*?)</div>', html, re.S)]


# --- the story -------------------------------------------------------------------------------------


def test_one_person_from_admission_to_follow_up_after_release(client, make_staff, sign_in):
    PrisonServiceFactory(name="Uganda Prisons Service", country_code="UG", profile="uganda")
    prison = PrisonFactory(name="Luzira Upper")
    cell = CellFactory(unit=UnitFactory(prison=prison, name="Block A", security_level="medium"), label="A-01")
    reception = make_staff("reception", roles.RECEPTION, prisons=[prison])
    case_manager = make_staff("case-manager", roles.CASE_MANAGER, prisons=[prison])
    second = make_staff("second-assessor", roles.CASE_MANAGER, prisons=[prison])
    coordinator = make_staff("coordinator", roles.PROGRAMME_COORDINATOR, prisons=[prison])
    facilitator = make_staff("facilitator", roles.FACILITATOR, prisons=[prison])
    director = make_staff("director", roles.DIRECTOR, prisons=[prison])

    today = timezone.localdate()
    admitted_on = today - timedelta(days=420)
    first_session = today - timedelta(days=70)
    consent_on = today - timedelta(days=40)
    released_on = today - timedelta(days=35)

    # 1. Admission, by the reception officer, in French: the wizard, step by step.
    sign_in(client, reception)
    admit = url("fr", "register:admit")
    assert "Étape 1 sur 10" in page(client, admit)
    steps = [
        (
            "identity",
            {
                "given_names": "Moses",
                "family_name": "Kato",
                "script": "Latn",
                "sex": "male",
                "date_of_birth": "1991-03-14",
                "nationality": "UG",
                "languages": "Luganda, English",
            },
        ),
        # An untouched row, as the browser posts it: no other name.
        ("names", {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "0-kind": "alias", "0-given_names": ""}),
        (
            "commitment",
            {
                "prison": prison.pk,
                "admitted_at": f"{admitted_on.isoformat()}T10:00",
                "legal_status": "convicted",
                "authority": "High Court, Kampala",
                "reference": "HC-CR-77/2025",
                "order_date": admitted_on.isoformat(),
                "reasons": "Sentenced to two years",
            },
        ),
        (
            "legal",
            {
                "court": "High Court, Kampala",
                "case_number": "HC-CR-77",
                "sentence_imposed_on": admitted_on.isoformat(),
                "sentence_starts_on": admitted_on.isoformat(),
                "years": "2",
            },
        ),
        (
            "offences",
            {
                "TOTAL_FORMS": "1",
                "INITIAL_FORMS": "0",
                "0-iccs_code": "0502",
                "0-national_wording": "Theft, s.254 Penal Code",
                "0-status": "convicted",
            },
        ),
        ("health", {"visible_injuries": "", "ill_treatment_complaint": ""}),
        ("property", {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "0-description": "Wristwatch", "0-quantity": "1"}),
        (
            "family",
            {
                "TOTAL_FORMS": "1",
                "INITIAL_FORMS": "0",
                "0-name": "Sarah Nakato",
                "0-relationship": "parent",
                "0-whereabouts": "Mukono",
                "0-is_next_of_kin": "on",
            },
        ),
        ("placement", {"cell": cell.pk}),
    ]
    for number, (step, data) in enumerate(steps, start=2):
        response = client.post(
            admit, {"admission_wizard-current_step": step, **{f"{step}-{k}": v for k, v in data.items()}}
        )
        html = response.content.decode()
        assert response.status_code == 200 and "data-error-summary" not in html, (step, html[:3000])
        assert f"Étape {number} sur 10" in html, step
    html = submit(client, admit, {"admission_wizard-current_step": "confirm"})
    person = Prisoner.objects.get()
    assert said(html) == [f"Mise sous écrou de Moses Kato enregistrée sous le numéro {person.number}."]
    assert person.current_cell == cell and person.legal_status == "convicted"
    file_fr, file_ru = url("fr", "register:prisoner_detail", person.pk), url("ru", "register:prisoner_detail", person.pk)

    # 2. The interim classification, before any assessment: proposed by the case manager (French),
    # approved by the director (Russian). It puts him at the minimum security class, the level
    # the open class is then a move down from.
    sign_in(client, case_manager)
    html = page(client, file_fr)
    assert 'id="propose-classification"' in html
    propose = url("fr", "classification:propose", person.pk)
    html = page(client, propose)
    assert "Proposer un classement" in html
    print(re.search(r'id="computed-level">([^<]*)<', html).group(1))
    html = submit(client, propose, form_of(html, form_id="proposal-form", rationale="Classement provisoire à l'écrou."))
    assert said(html) == ["Proposition enregistrée : le classement est en attente de décision."]

    # 3. The risk and needs assessment, by the case manager (Russian), from the file: a general
    # screening with two needs (education, employment) and a low score; then countersigned by a
    # second case manager (French), which makes it final.
    sign_in(client, case_manager)
    html = page(client, file_ru)
    start = re.search(r'href="([^"]+)" data-instrument="general_screening"', html).group(1).replace("&amp;", "&")
    html = page(client, start)
    html = submit(client, start, form_of(html, form_id="start-form"))
    assessment = Assessment.objects.get()
    edit = url("ru", "assessment:edit", assessment.pk)
    html = page(client, edit)
    ratings = {}
    for item in dict.fromkeys(re.findall(r'type="radio" name="(\w+)"', html)):
        value = {"education": "2", "employment": "1"}.get(item, "0")
        ratings[item] = value
        ratings[f"{item}_evidence"] = "Interview at reception; prison school record"
    print(sorted(ratings))
    html = submit(client, edit, form_of(html, form_id="rating-form", action="submit", **ratings))
    print(said(html))
    sign_in(client, second)
    detail = url("fr", "assessment:detail", assessment.pk)
    html = page(client, detail)
    countersign = url("fr", "assessment:countersign", assessment.pk)
    html = submit(client, countersign, form_of(html, action=countersign))
    print(said(html))
    assessment.refresh_from_db()
    print(assessment.status, assessment.total_score, assessment.final_judgement, assessment.need_areas)
    interim = ClassificationDecision.objects.get()
    sign_in(client, director)
    decision_ru = url("ru", "classification:detail", interim.pk)
    html = page(client, decision_ru)
    approve = url("ru", "classification:approve", interim.pk)
    html = submit(client, approve, form_of(html, action=approve))
    assert said(html) == ["Решение принято: классификация вступила в силу."]
