"""Helpers for sentence plan tests: a convicted person whose final assessment found needs, with
the case managers, the director and the headquarters VEP unit (classification's World), and a
plan carried through the services."""

from custodia.classification.tests.factories import World, world
from custodia.plans import services
from custodia.plans.choices import Agreement, Responsible
from custodia.plans.models import SentencePlan
from custodia.register.choices import LegalStatus


def planning(make_staff, *, legal_status: str = LegalStatus.CONVICTED, assessed: bool = True, **kwargs) -> World:
    w = world(make_staff, legal_status=legal_status, **kwargs)
    if assessed:
        w.assessment("general_screening", value=2)
    return w


WORDING = services.Wording(
    wording="Learn to read and write well enough for a job", actions="Literacy class", responsible=Responsible.PERSON
)
VIEW = services.PersonsView(
    own_goals="Read to my children",
    agreement=Agreement.AGREES,
    comment="",
    explained_in="Luganda",
    explained_by="J. Okello",
)


def agreed_plan(w: World) -> SentencePlan:
    """A plan started from the assessment, every proposal accepted, the person heard, agreed."""
    plan = services.plan_start(actor=w.case_manager, prisoner=w.prisoner)
    for objective in plan.objectives.all():
        services.objective_word(actor=w.case_manager, objective=objective, wording=WORDING)
    services.plan_view_record(actor=w.case_manager, plan=plan, view=VIEW)
    return services.plan_agree(actor=w.case_manager, plan=plan)
