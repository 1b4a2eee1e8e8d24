"""Helpers for classification tests: a person held at a prison with its case managers, its
director and the headquarters VEP unit, and decisions carried through the services."""

from dataclasses import dataclass

from custodia.accounts import roles
from custodia.assessment.tests.factories import Team, completed
from custodia.classification import selectors, services
from custodia.classification.models import ClassificationDecision
from custodia.register.choices import OffenceStatus
from custodia.register.models import Prisoner
from custodia.register.services import OffenceData
from custodia.register.tests.factories import CellFactory, admit


@dataclass
class World:
    prisoner: Prisoner
    case_manager: object
    second: object  # a second case manager, who countersigns assessments
    director: object
    hq: object

    @property
    def prison(self):
        return self.prisoner.current_prison

    def assessment(self, instrument_id: str, *, value: int = 1, judgement: str = "moderate"):
        """A final assessment, made and countersigned by the two case managers."""
        return completed(
            Team(self.prisoner, self.case_manager, self.second), instrument_id, value=value, judgement=judgement
        )


def world(make_staff, *, vep: bool = False, sex: str = "male", cell=None, **admit_kwargs) -> World:
    """A person held in a cell of a new prison (or of `cell`'s), with two case managers and the
    director there, and the headquarters VEP unit."""
    cell = cell or CellFactory()
    offences = [
        OffenceData(
            iccs_code="09061", national_wording="Terrorist act", status=OffenceStatus.CHARGED, terrorism_link=True
        )
    ]
    prisoner = admit(cell=cell, sex=sex, offences=offences if vep else [], **admit_kwargs)
    prison, suffix = cell.unit.prison, prisoner.pk
    return World(
        prisoner=Prisoner.objects.select_related("current_prison").get(pk=prisoner.pk),
        case_manager=make_staff(f"cm-{suffix}", roles.CASE_MANAGER, prisons=[prison]),
        second=make_staff(f"cm2-{suffix}", roles.CASE_MANAGER, prisons=[prison]),
        director=make_staff(f"director-{suffix}", roles.DIRECTOR, prisons=[prison]),
        hq=make_staff(f"hq-{suffix}", roles.HQ_VEP, nationwide=True),
    )


def computed_level(prisoner: Prisoner) -> str:
    prisoner = Prisoner.objects.select_related("current_prison").get(pk=prisoner.pk)
    return selectors.compute_proposal(prisoner)[0].level


def propose(w: World, level: str | None = None, *, actor=None, **kwargs) -> ClassificationDecision:
    """A proposal by the case manager: the computed level unless another is given (then with a
    reason), and for a VEP integration with dispersal, with its reason."""
    computed = computed_level(w.prisoner)
    level = level or computed
    if level != computed:
        kwargs.setdefault("override_reason", "The case file shows more than the rules see.")
    if selectors.is_vep(w.prisoner.pk):
        kwargs.setdefault("vep_placement", "integration_dispersal")
        kwargs.setdefault("vep_placement_reason", "Engages with staff; no sign of recruiting others.")
    return services.classification_propose(
        actor=actor or w.case_manager,
        prisoner=w.prisoner,
        proposed_level=level,
        rationale=kwargs.pop("rationale", "Read with the file and the latest assessments."),
        **kwargs,
    )


def approved(w: World, level: str | None = None, **kwargs) -> ClassificationDecision:
    """A decision proposed and approved (by the HQ VEP unit for a VEP, else by the director)."""
    decision = propose(w, level, **kwargs)
    approver = w.hq if selectors.is_vep(w.prisoner.pk) else w.director
    return services.classification_approve(actor=approver, decision=decision, level=decision.proposed_level)
