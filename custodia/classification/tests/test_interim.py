"""Before a first final assessment: no computed proposal of the least restrictive level, but
"first assessment needed" and the country's interim placement rule (Uganda's: a remand prisoner
charged with a serious violent offence is not proposed for open class), in the services, the file,
the proposal page, the decision page and the API."""

import pytest
from django.urls import reverse

from custodia.accounts import roles
from custodia.assessment.tests.factories import Team, completed
from custodia.classification import queries, rules
from custodia.estate.selectors import forget_active_profile
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory
from custodia.register.choices import OffenceStatus, Sex
from custodia.register.models import Prisoner
from custodia.register.services import OffenceData
from custodia.register.tests.factories import admit

from .factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def uganda(db):
    PrisonServiceFactory(profile="uganda", country_code="UG")
    forget_active_profile()


def offence(code: str, status: str = OffenceStatus.CHARGED) -> OffenceData:
    return OffenceData(iccs_code=code, national_wording="As charged", status=status)


def remanded(make_staff, *offences: OffenceData) -> World:
    cell = CellFactory()
    prisoner = admit(cell=cell, sex=Sex.MALE, offences=list(offences))
    prison = cell.unit.prison
    return World(
        prisoner=Prisoner.objects.select_related("current_prison").get(pk=prisoner.pk),
        case_manager=make_staff("cm", roles.CASE_MANAGER, prisons=[prison]),
        second=make_staff("cm2", roles.CASE_MANAGER, prisons=[prison]),
        director=make_staff("director", roles.DIRECTOR, prisons=[prison]),
        hq=make_staff("hq", roles.HQ_VEP, nationwide=True),
    )


def reasons_of(proposal: rules.Proposal) -> list[str]:
    return [reason.rule for reason in proposal.reasons]


def test_no_least_restrictive_level_before_the_first_assessment(uganda, make_staff):
    w = remanded(make_staff, offence("0502"))  # theft: no interim rule applies
    proposal, _facts = queries.compute_proposal(w.prisoner)
    assert proposal.interim and proposal.level == "minimum" != "open_class"
    assert reasons_of(proposal) == [rules.FIRST_ASSESSMENT]


def test_a_remand_prisoner_charged_with_serious_violence_is_proposed_above_open_class(uganda, make_staff):
    w = remanded(make_staff, offence("0101"), offence("0502"))
    proposal, facts = queries.compute_proposal(w.prisoner)
    assert facts.legal_status == "pre_trial" and set(facts.offences) == {"0101", "0502"}
    assert proposal.interim and proposal.level == "medium"
    assert reasons_of(proposal) == [rules.FIRST_ASSESSMENT, "remand_serious_violence"]
    # Once assessed, the proposal is computed from the assessed risks again.
    completed(Team(w.prisoner, w.case_manager, w.second), "general_screening", value=0)
    assessed, _facts = queries.compute_proposal(w.prisoner)
    assert not assessed.interim and assessed.level == "open_class" and reasons_of(assessed) == [rules.START]


def test_an_offence_withdrawn_does_not_count(uganda, make_staff):
    w = remanded(make_staff, offence("0101", OffenceStatus.WITHDRAWN))
    assert queries.compute_proposal(w.prisoner)[0].level == "minimum"


def test_the_file_the_proposal_and_the_decision_say_first_assessment_needed(
    uganda, client, make_staff, sign_in, django_assert_max_num_queries
):
    w = remanded(make_staff, offence("0101"))
    client.force_login(w.case_manager)
    file_page = client.get(reverse("register:prisoner_detail", args=[w.prisoner.pk])).content.decode()
    section = file_page.split('id="classification"')[1].split("</section>")[0]
    assert 'id="first-assessment-needed"' in section and 'id="computed-level">Medium security class<' in section
    assert "A remand prisoner charged with a serious violent offence" in section
    assert "Legal status: Remand prisoner; offences: 0101 Intentional homicide" in section

    url = reverse("classification:propose", args=[w.prisoner.pk])
    with django_assert_max_num_queries(30):
        form = client.get(url).content.decode()
    assert 'id="first-assessment-needed"' in form
    assert "the minimum security class, never open class" in form  # the profile's note, as the reason's detail
    client.post(url, {"proposed_level": "medium", "rationale": "Charged with a homicide; not yet assessed."})
    decision = w.prisoner.classification_decisions.get()
    assert decision.computed_level == "medium"
    assert [reason["rule"] for reason in decision.computed_reasons] == [
        rules.FIRST_ASSESSMENT,
        "remand_serious_violence",
    ]
    client.force_login(w.director)
    page = client.get(reverse("classification:detail", args=[decision.pk])).content.decode()
    assert "First assessment needed: interim placement" in page

    sign_in(client, w.hq)
    body = client.get("/api/v1/classification/proposal", {"prisoner": w.prisoner.pk}).json()
    assert body["first_assessment_needed"] is True and body["level"] == "medium"
