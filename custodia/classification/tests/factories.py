"""Helpers for classification tests: a person held at a prison with its case managers, its
director and the headquarters VEP unit, and decisions carried through the services."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment.tests.factories import Team, completed
from custodia.classification import queries, services
from custodia.classification.models import ClassificationDecision
from custodia.estate.tests.factories import CellFactory
from custodia.register.choices import OffenceStatus
from custodia.register.models import Prisoner
from custodia.register.selectors import is_vep
from custodia.register.services import OffenceData
from custodia.register.tests.factories import admit


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
    return queries.compute_proposal(prisoner)[0].level


def propose(w: World, level: str | None = None, *, actor=None, **kwargs) -> ClassificationDecision:
    """A proposal by the case manager: the computed level unless another is given (then with a
    reason), and for a VEP integration with dispersal, with its reason."""
    computed = computed_level(w.prisoner)
    level = level or computed
    if level != computed:
        kwargs.setdefault("override_reason", "The case file shows more than the rules see.")
    if is_vep(w.prisoner.pk):
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
    approver = w.hq if is_vep(w.prisoner.pk) else w.director
    return services.classification_approve(actor=approver, decision=decision, level=decision.proposed_level)


def ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


@dataclass
class Estate:
    a: dict[str, World]
    b: dict[str, World]


def seven_people_at_two_prisons(make_staff) -> Estate:
    """Seven people at two prisons, each decision made through the services (the reviews and the
    oversight figures are counted by hand against them):

    A1 computed low, proposed low, approved low           (as computed)
    A2 computed high, proposed medium (down), approved     (case manager override, less restrictive)
    A3 computed low, proposed low, approved medium         (approver change, more restrictive)
    A4 computed low, proposed medium (up), awaiting        (case manager override, more restrictive)
    A5 VEP computed medium, proposed medium, separation, approved by HQ
    B1 computed low, approved low, review overdue
    B2 computed low, proposed low, returned
    """
    cell_a, cell_b = CellFactory(), CellFactory()
    a = {
        name: world(make_staff, cell=cell_a, admitted_at=ago(days), vep=name == "A5")
        for name, days in (("A1", 10), ("A2", 20), ("A3", 30), ("A4", 35), ("A5", 40))
    }
    b = {name: world(make_staff, cell=cell_b, admitted_at=ago(days)) for name, days in (("B1", 50), ("B2", 55))}
    approved(a["A1"])
    a["A2"].assessment("general_screening", value=2)
    approved(a["A2"], "medium")
    a3 = propose(a["A3"])
    services.classification_approve(actor=a["A3"].director, decision=a3, level="medium", reason="Threats to staff.")
    propose(a["A4"], "medium")
    a["A5"].assessment("vep_spj", judgement="moderate")
    approved(a["A5"], vep_placement="separation", vep_placement_reason="Recruits others on the wing.")
    b1 = approved(b["B1"])
    ClassificationDecision.objects.filter(pk=b1.pk).update(next_review_on=timezone.localdate() - timedelta(days=3))
    b2 = propose(b["B2"])
    services.classification_return(actor=b["B2"].director, decision=b2, comment="Add the court report.")
    return Estate(a, b)
