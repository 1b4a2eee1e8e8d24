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
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from custodia.accounts import roles
from custodia.assessment.models import Assessment
from custodia.classification.models import ClassificationDecision
from custodia.core import audit
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


def form_of(html: str, form: str = "", *, having: dict | None = None, **changes) -> dict:
    """What a browser posts with a form of `html` once the user changed `changes` (a list for
    several values). `form` is "#its-id", its action, or "" for the page's own form (the one that
    posts back to the page); `having` picks among forms of one action by their hidden fields. The
    form must be on the page: a role the page does not offer it to fails here."""
    parser = _Forms()
    parser.feed(html)
    for attrs, fields in parser.forms:
        if form.startswith("#"):
            found = form == f"#{attrs.get('id')}"
        elif form:
            found = form == attrs.get("action")
        else:
            found = attrs.get("method") == "post" and "action" not in attrs
        if found and all(fields.get(name) == [str(value)] for name, value in (having or {}).items()):
            data = {name: values if len(values) > 1 else values[0] for name, values in fields.items()}
            data.pop("csrfmiddlewaretoken", None)
            return {**data, **changes}
    raise AssertionError(f"no form {form or 'of the page'} {having or ''} on the page")


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
    return [
        unescape(m.strip()) for m in re.findall(r'<div class="alert alert-\w+" role="status">(.*?)</div>', html, re.S)
    ]


def text(html: str) -> str:
    """What a reader reads of a piece of a page: no tags, single spaces."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def heading(html: str) -> str:
    """The page's heading, as read."""
    return text(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1))


def card(html: str, anchor: str) -> str:
    """An objective's card on the plan page, by its anchor."""
    return html.split(f'id="{anchor}"')[1].split('id="objective-')[0]


def computed_level(html: str) -> str:
    return re.search(r'id="computed-level">([^<]*)<', html).group(1)


def section(html: str, anchor: str) -> str:
    """A section of the file page, by its anchor."""
    return html.split(f'<section id="{anchor}"')[1].split("</section>")[0]


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
    file_fr, file_ru = (
        url("fr", "register:prisoner_detail", person.pk),
        url("ru", "register:prisoner_detail", person.pk),
    )

    # 2. The interim classification, before any assessment: proposed by the case manager (French),
    # approved by the director (Russian). It holds him at the minimum security class, from which
    # the open class is later a move down that asks for a completed programme.
    sign_in(client, case_manager)
    assert 'id="propose-classification"' in page(client, file_fr)
    propose_fr = url("fr", "classification:propose", person.pk)
    html = page(client, propose_fr)
    assert heading(html) == "Proposer un classement"
    assert computed_level(html) == "Catégorie de sécurité minimale"
    html = submit(client, propose_fr, form_of(html, "#proposal-form", rationale="Classement provisoire à l'écrou."))
    assert said(html) == ["Proposition enregistrée : le classement est en attente de décision."]
    interim = ClassificationDecision.objects.get()
    sign_in(client, director)
    html = page(client, url("ru", "classification:detail", interim.pk))
    approve = url("ru", "classification:approve", interim.pk)
    html = submit(client, approve, form_of(html, approve))
    assert said(html) == ["Решение принято: классификация вступила в силу."]

    # 3. The risk and needs assessment, started from the file by the case manager (Russian): a
    # general screening rated 3 of 24 (low), with two needs, education and employment; then
    # countersigned by a second case manager (French), which makes it final.
    sign_in(client, case_manager)
    html = page(client, file_ru)
    start = re.search(r'href="([^"]+)" data-instrument="general_screening"', html).group(1).replace("&amp;", "&")
    html = page(client, start)
    html = submit(client, start, form_of(html, "#start-form"))
    assessment = Assessment.objects.get()
    edit = url("ru", "assessment:edit", assessment.pk)
    html = page(client, edit)
    ratings = {}
    for item in dict.fromkeys(re.findall(r'type="radio" name="(\w+)"', html)):
        ratings[item] = {"education": "2", "employment": "1"}.get(item, "0")
        ratings[f"{item}_evidence"] = "Interview at reception; prison school record"
    html = submit(client, edit, form_of(html, "#rating-form", action="submit", **ratings))
    assert said(html) == ["Оценка направлена на второе подписание."]
    sign_in(client, second)
    html = page(client, url("fr", "assessment:detail", assessment.pk))
    countersign = url("fr", "assessment:countersign", assessment.pk)
    html = submit(client, countersign, form_of(html, countersign))
    assert said(html) == ["Contresignée : l'évaluation est définitive."]
    assessment.refresh_from_db()
    assert (assessment.status, assessment.total_score, assessment.final_judgement) == ("final", 3, "low")

    # 4. The sentence plan, started from the final assessment by the case manager (French): one
    # objective proposed for each need; education accepted in words he understands, employment
    # set aside for now; his own view recorded; the plan agreed.
    sign_in(client, case_manager)
    html = page(client, file_fr)
    start = url("fr", "plans:start", person.pk)
    assert f'id="start-sentence-plan" href="{start}"' in html
    html = page(client, start)
    assert heading(html) == "Commencer un plan d'exécution de la peine"
    html = submit(client, start, form_of(html))
    plan = SentencePlan.objects.get()
    education = plan.objectives.get(need_area="education")
    employment = plan.objectives.get(need_area="employment")
    assert {o.status for o in plan.objectives.all()} == {"proposed"}
    edit = url("fr", "plans:objective_edit", education.pk)
    assert f'href="{edit}"' in card(html, f"objective-{education.pk}")
    html = page(client, edit)
    assert heading(html) == "Accepter l'objectif proposé : Instruction"
    html = submit(
        client,
        edit,
        form_of(
            html,
            wording="Lire et écrire assez bien pour écrire à sa mère",
            actions="Cours d'alphabétisation de la prison",
            responsible="person",
        ),
    )
    set_aside = url("fr", "plans:objective_set_aside", employment.pk)
    html = submit(client, set_aside, form_of(html, set_aside, reason="Après la libération, avec la probation"))
    view = url("fr", "plans:view", plan.pk)
    html = page(client, view)
    html = submit(
        client,
        view,
        form_of(
            html,
            own_goals="Écrire à ma mère",
            agreement="agrees",
            explained_in="Luganda",
            explained_by="J. Okello, interprète",
        ),
    )
    agree = url("fr", "plans:agree", plan.pk)
    html = submit(client, agree, form_of(html, agree))
    assert said(html) == ["Le plan est validé et en vigueur."]
    plan.refresh_from_db()
    education.refresh_from_db()
    assert plan.status == "agreed" and education.status == "not_started"

    # 5. The programme. The coordinator (Russian) adds adult literacy to the prison's catalogue,
    # run by the facilitator, and schedules three weekly sessions, ten to eight weeks ago.
    sign_in(client, coordinator)
    add = url("ru", "programmes:add", prison.pk)
    html = page(client, add)
    html = submit(
        client,
        add,
        form_of(html, name="Adult literacy", kind="education", need_areas="education", facilitators=facilitator.pk),
    )
    programme = Programme.objects.get()
    schedule = url("ru", "programmes:schedule", programme.pk)
    html = page(client, schedule)
    html = submit(
        client,
        schedule,
        form_of(html, first_day=first_session.isoformat(), weekdays=first_session.weekday(), at="14:00", weeks="3"),
    )
    assert said(html) == ["Запланировано занятий: 3."]

    # The case manager (French) refers him from the plan's education objective.
    sign_in(client, case_manager)
    refer = url("fr", "programmes:refer", person.pk)
    assert f'id="refer-to-programme" href="{refer}"' in page(client, file_fr)
    html = page(client, refer)
    html = submit(client, refer, form_of(html, objective=education.pk, programme=programme.pk, note="Veut lire"))
    assert said(html) == ["Orientation enregistrée : la personne figure sur la liste d'attente du programme."]
    participation = Participation.objects.get()

    # The coordinator (Russian) allocates him a place from the waiting list.
    sign_in(client, coordinator)
    html = page(client, url("ru", "programmes:detail", programme.pk))
    allocate = url("ru", "programmes:allocate", participation.pk)
    html = submit(client, allocate, form_of(html, allocate))
    assert said(html) == ["Место предоставлено."]

    # The facilitator (French) marks him present at each session, on the attendance form. (The
    # programme's page links the sessions of the two weeks around today only: these, weeks back,
    # are opened by their address.)
    sign_in(client, facilitator)
    for session in programme.sessions.order_by("starts_at"):
        attendance = url("fr", "programmes:attendance", session.pk)
        html = page(client, attendance)
        html = submit(
            client,
            attendance,
            form_of(html, "#attendance-form", **{f"mark-{participation.pk}": "present", "notes": "Lettres et sons"}),
        )
        assert said(html) == ["Présences enregistrées."]

    # The coordinator (Russian) ends the place: completed, with the end-of-programme report.
    sign_in(client, coordinator)
    end = url("ru", "programmes:end", participation.pk)
    assert f'href="{end}"' in page(client, url("ru", "programmes:detail", programme.pk))
    html = page(client, end)
    html = submit(
        client,
        end,
        form_of(
            html,
            status="completed",
            achievement="achieved",
            report="Reads a short letter aloud and writes his own; attended every session.",
        ),
    )
    assert said(html) == ["Участие завершено."]

    # 6. The classification, again: the case manager (Russian) finds the open class computed,
    # the completed programme among its reasons, and no box to tick; the director (French)
    # approves it, and it supersedes the interim decision.
    sign_in(client, case_manager)
    propose_ru = url("ru", "classification:propose", person.pk)
    html = page(client, propose_ru)
    assert computed_level(html) == "Открытая категория (тюремная ферма)"
    assert "Adult literacy" in html.split('id="computed-reasons"')[1].split("</ul>")[0]
    assert 'name="programme_confirmed"' not in html
    html = submit(client, propose_ru, form_of(html, "#proposal-form", rationale="Низкий риск; программа завершена."))
    assert said(html) == ["Предложение направлено: классификация ожидает решения."]
    proposal = ClassificationDecision.objects.get(status="proposed")
    assert (proposal.proposed_level, proposal.programme_confirmed) == ("open_class", False)
    sign_in(client, director)
    html = page(client, url("fr", "classification:detail", proposal.pk))
    assert "Adult literacy" in text(html.split('id="computed-reasons"')[1].split("</ul>")[0])
    approve = url("fr", "classification:approve", proposal.pk)
    html = submit(client, approve, form_of(html, approve))
    assert said(html) == ["Décision enregistrée : le classement est en vigueur."]

    # 7. Release planning. The case manager (French) opens it from the file: his release is due
    # within the profile's six months, so the page opens it as scheduled. A pathway starts; an
    # outside agency is referred to, and he agrees to share his accommodation and education.
    sign_in(client, case_manager)
    html = page(client, file_fr)
    opening = url("fr", "reintegration:prisoner", person.pk)
    assert f'id="open-release-plan" href="{opening}"' in html
    response = client.get(opening, follow=True)
    release_plan = ReleasePlan.objects.get()
    release_page = url("fr", "reintegration:detail", release_plan.pk)
    assert response.redirect_chain == [(release_page, 302)] and release_plan.opened_how == "schedule"
    html = response.content.decode()
    pathway = url("fr", "reintegration:pathway_status", release_plan.pk)
    html = submit(
        client,
        pathway,
        form_of(html, pathway, having={"pathway": "accommodation"}, status="in_progress", note="Foyer à Nsambya"),
    )
    assert said(html) == ["Statut de l'axe de réinsertion modifié."]
    referral_add = url("fr", "reintegration:referral_add", release_plan.pk)
    html = page(client, referral_add)
    html = submit(
        client,
        referral_add,
        form_of(
            html,
            agency_name="Kampala Probation Office",
            agency_kind="probation",
            pathway="accommodation",
            purpose="Suivi et hébergement à la sortie",
        ),
    )
    referral = release_plan.referrals.get()
    consent = url("fr", "reintegration:consent", referral.pk)
    assert f'href="{consent}"' in html
    html = page(client, consent)
    html = submit(
        client,
        consent,
        form_of(
            html,
            sections=["accommodation", "education_work"],
            given_on=consent_on.isoformat(),
            explained_in="Luganda",
            explained_by="J. Okello, interprète",
        ),
    )
    assert said(html) == ["Le consentement de la personne est enregistré."]

    # 8. The release, recorded as a movement by the reception officer (Russian), five weeks back.
    sign_in(client, reception)
    movement = url("ru", "register:movement_create", person.pk)
    html = page(client, movement)
    html = submit(
        client,
        movement,
        form_of(
            html,
            "#movement-form",
            kind="release",
            occurred_at=f"{released_on.isoformat()}T10:00",
            release_reason="conditional",
            confirmed="on",
        ),
    )
    assert said(html) == ["Перемещение зарегистрировано."]
    person.refresh_from_db()
    assert person.custody_status == "released" and person.current_prison is None

    # 9. The follow-up a month after release, by the case manager (Russian), from the plan page.
    sign_in(client, case_manager)
    release_page_ru = url("ru", "reintegration:detail", release_plan.pk)
    follow_up = url("ru", "reintegration:follow_up", release_plan.pk, query={"months": 1})
    html = page(client, release_page_ru)
    assert f'href="{follow_up}"' in html
    html = page(client, follow_up)
    html = submit(
        client,
        follow_up,
        form_of(
            html,
            contact_made="yes",
            housed="yes",
            in_work_or_education="yes",
            family_contact="yes",
            new_offence="no",
            recalled="no",
            note="Lives at the hostel; evening classes.",
        ),
    )
    assert said(html) == ["Результаты мониторинга зарегистрированы."]

    # 10. The file shows each stage, in both languages, to the case manager who follows him up:
    # the plan agreed, the programme completed with its report, the open class in force (the
    # interim decision superseded), the release plan with its pathway and referral, the release;
    # the plan's page shows the programme under the objective it came from, and the release
    # plan's page the follow-up.
    shown = {
        "fr": {
            "sentence-plan": ["Version 1 : Validé", "Instruction — Non commencé", "Emploi — Écarté"],
            "programmes": [
                "Adult literacy (Luzira Upper) — Achevé · présent(e) à 3 séances sur 3",
                "Rapport de fin de programme (Atteint): Reads a short letter aloud and writes his own",
            ],
            "classification": [
                "Niveau en vigueur Catégorie ouverte (ferme pénitentiaire)",
                "Remplacé par une décision ultérieure Catégorie de sécurité minimale",
            ],
            "release-plan": [
                "Plan de préparation à la sortie ouvert le",
                f"Libéré(e) le: {released_on:%d/%m/%Y}",
                "Logement — En cours",
                "1 orientation · 1 suivi après la libération",
            ],
            "timeline": [f"{released_on:%d/%m/%Y} Levée d'écrou · Libération conditionnelle ou anticipée"],
        },
        "ru": {
            "sentence-plan": ["Версия 1: Согласован", "Образование — Не начата", "Трудоустройство — Отклонена"],
            "programmes": [
                "Adult literacy (Luzira Upper) — Программа пройдена · посещено занятий: 3 из 3",
                "Отчёт по итогам программы (Достигнута): Reads a short letter aloud and writes his own",
            ],
            "classification": [
                "Действующий уровень Открытая категория (тюремная ферма)",
                "Заменено последующим решением Категория минимальной безопасности",
            ],
            "release-plan": [
                "План подготовки к освобождению открыт",
                f"Дата освобождения: {released_on:%d.%m.%Y}",
                "Жильё — В работе",
                "1 направление · Мониторинг после освобождения: 1",
            ],
            "timeline": [f"{released_on:%d.%m.%Y} Освобождение · Условно-досрочное или досрочное освобождение"],
        },
    }
    work = {
        "fr": "Adult literacy — Achevé · présent(e) à 3 séances sur 3 · Atteint",
        "ru": "Adult literacy — Программа пройдена · посещено занятий: 3 из 3 · Достигнута",
    }
    follow_up_row = {
        "fr": "oui Logé(e): oui · En emploi ou en formation: oui · En contact avec sa famille: oui · "
        "Nouvelle infraction: non · Réincarcéré(e): non",
        "ru": "да Обеспечен(а) жильём: да · Работает или учится: да · Поддерживает связь с семьёй: да · "
        "Новое правонарушение: нет · Возвращён(а) в места лишения свободы: нет",
    }
    for language, file_page in (("fr", file_fr), ("ru", file_ru)):
        html = page(client, file_page)
        assert f'<html lang="{language}"' in html
        for anchor, texts in shown[language].items():
            read = text(section(html, anchor))
            for expected in texts:
                assert expected in read, (language, anchor, expected, read)
        plan_html = page(client, re.search(r'href="([^"]+)" id="sentence-plan-link"', html).group(1))
        assert work[language] in text(card(plan_html, f"objective-{education.pk}"))
        release_html = page(client, re.search(r'href="([^"]+)" id="release-plan-link"', html).group(1))
        assert text(release_html.split('id="follow-up-1"')[1].split("</tr>")[0]).endswith(follow_up_row[language])

    # Every change left its audit event, by whom it was made, in the order it was made; and the
    # trail's hash chain holds.
    A = AuditAction
    changes = [
        (A.PRISONER_ADMIT, "reception"),
        (A.CLASSIFICATION_PROPOSE, "case-manager"),
        (A.CLASSIFICATION_APPROVE, "director"),
        (A.ASSESSMENT_START, "case-manager"),
        (A.ASSESSMENT_RATE, "case-manager"),
        (A.ASSESSMENT_SUBMIT, "case-manager"),
        (A.ASSESSMENT_COUNTERSIGN, "second-assessor"),
        (A.PLAN_START, "case-manager"),
        (A.OBJECTIVE_ACCEPT, "case-manager"),
        (A.OBJECTIVE_SET_ASIDE, "case-manager"),
        (A.PLAN_VIEW, "case-manager"),
        (A.PLAN_AGREE, "case-manager"),
        (A.PROGRAMME_CREATE, "coordinator"),
        (A.PROGRAMME_SESSIONS, "coordinator"),
        (A.PARTICIPATION_REFER, "case-manager"),
        (A.PARTICIPATION_ALLOCATE, "coordinator"),
        (A.ATTENDANCE_RECORD, "facilitator"),
        (A.ATTENDANCE_RECORD, "facilitator"),
        (A.ATTENDANCE_RECORD, "facilitator"),
        (A.PARTICIPATION_END, "coordinator"),
        (A.CLASSIFICATION_PROPOSE, "case-manager"),
        (A.CLASSIFICATION_SUPERSEDE, "director"),
        (A.CLASSIFICATION_APPROVE, "director"),
        (A.RELEASE_PLAN_OPEN, "case-manager"),
        (A.PATHWAY_STATUS, "case-manager"),
        (A.REFERRAL_MAKE, "case-manager"),
        (A.REFERRAL_CONSENT, "case-manager"),
        (A.MOVEMENT_RELEASE, "reception"),
        (A.FOLLOW_UP_RECORD, "case-manager"),
    ]
    recorded = AuditEvent.objects.exclude(action=A.READ).order_by("id").values_list("action", "actor__username")
    assert list(recorded) == changes
    assert audit.verify_chain().ok
