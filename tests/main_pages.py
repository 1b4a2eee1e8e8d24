"""The main pages of Custodia with a small prison behind them, for the browser tests that check
every page alike (test_accessibility.py, test_layout.py).

One officer holds the roles that work in a prison (reception, wing, case manager, director), so
that one sign-in opens every page: the prisoner list and a file, the admission wizard, the
placement page, an assessment being rated, the worklist, the statistics, the classification
reviews and the home page. The prison has a remand wing, a convicted wing and an empty one, so
that the placement pages list cells they refuse beside cells that fit."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone, translation

from custodia.accounts import roles
from custodia.assessment import services as assessment_services
from custodia.assessment.models import Assessment
from custodia.classification.tests.factories import approved
from custodia.classification.tests.factories import world as classification_world
from custodia.estate.models import Prison
from custodia.estate.tests.factories import CellFactory, PrisonServiceFactory, UnitFactory
from custodia.jobs.choices import JobState
from custodia.jobs.models import ExportJob
from custodia.measures import services as measure_services
from custodia.measures.models import Measure
from custodia.placement.tests.factories import person
from custodia.register import services as register_services
from custodia.register.choices import MovementKind
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit, proposed_pair
from custodia.register.tests.pictures import picture
from custodia.register.tests.wizard import admission_steps

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

OFFICER = "main-pages-officer"
HEADQUARTERS = "main-pages-headquarters"


@dataclass
class MainPages:
    prison: Prison
    prisoner: Prisoner
    assessment: Assessment
    measure: Measure

    def paths(self, language: str) -> dict[str, str]:
        """Each main page by its name, in `language`."""
        with translation.override(language):
            return {
                "home": reverse("home"),
                "prisoner list": reverse("register:prisoner_list"),
                "prisoner file": reverse("register:prisoner_detail", args=[self.prisoner.pk]),
                "moves requested": reverse("register:planned_move_list"),
                "admission, step 1": reverse("register:admit"),
                "placement": reverse("placement:prisoner_placement", args=[self.prisoner.pk]),
                "assessment form": reverse("assessment:edit", args=[self.assessment.pk]),
                "assessment worklist": reverse("assessment:worklist"),
                "statistics": reverse("oversight:statistics"),
                "classification reviews": reverse("classification:reviews"),
                "restrictive measures": reverse("measures:list"),
                "restrictive measure": reverse("measures:detail", args=[self.measure.pk]),
                "information sheet": reverse("induction:sheet", args=[language]),
                "information given on admission": reverse("induction:person", args=[self.prisoner.pk]),
                "Mandela Rules compliance": reverse("oversight:compliance"),
                # The people of the prison whose admission record lacks what Rule 7 asks.
                "compliance, people concerned": reverse(
                    "oversight:compliance_people", args=["rule-7-admission", self.prison.pk]
                ),
            }


def main_pages(make_staff) -> MainPages:
    """The prison, its people and the officer (OFFICER) who opens the pages."""
    PrisonServiceFactory(profile="uganda")
    remand = UnitFactory(name="Wing A")
    prison = remand.prison
    convicted = UnitFactory(prison=prison, name="Wing B")
    prisoner = person(cell=CellFactory(unit=remand, label="A1"), legal_status="pre_trial", given_names="Karim")
    spare = CellFactory(unit=remand, label="A2")
    # An empty wing, where the woman admitted through the wizard fits.
    CellFactory(unit=UnitFactory(prison=prison, name="Wing C"), label="C1")
    person(cell=CellFactory(unit=convicted, label="B1"), given_names="Samir")
    # A decision in force, with its review date, for the reviews page and the statistics.
    approved(classification_world(make_staff, cell=CellFactory(unit=remand, label="A3")))
    officer = make_staff(OFFICER, roles.RECEPTION, roles.WING, roles.CASE_MANAGER, roles.DIRECTOR, prisons=[prison])
    assessment = assessment_services.assessment_start(
        actor=officer, prisoner=prisoner, instrument_id="general_screening"
    )
    # A photograph on the file and in the list, for the checks of images (their alternative text).
    register_services.photograph_record(
        actor=officer, prisoner=prisoner, image=picture(), taken_on=timezone.localdate()
    )
    # A move requested, on the file (its section and summary) and in the list of moves requested.
    register_services.planned_move_request(
        actor=officer,
        prisoner=prisoner,
        data=register_services.PlannedMoveData(
            MovementKind.CELL_MOVE, timezone.localdate(), "A quarrel in the cell", to_cell=spare
        ),
    )
    # A measure in force, for the measures list and its page.
    measure = measure_services.measure_impose(
        actor=officer,
        prisoner=prisoner,
        data=measure_services.MeasureData(
            kind="segregation",
            legal_basis="Prisons Act 2006, section 80",
            reason="Threatened officers on the wing",
            hours_without_contact=20,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=4),
        ),
    )
    return MainPages(
        prison=prison, prisoner=Prisoner.objects.get(pk=prisoner.pk), assessment=assessment, measure=measure
    )


def headquarters_pages(make_staff) -> tuple[Any, Callable[[str], dict[str, str]]]:
    """The nationwide roles' pages: one member of headquarters holding the VEP unit's, the
    analyst's, the trainer's and the system administrator's roles (two-factor sign-in), and the
    pages their home page leads to: the user administration and a user's account."""
    user = make_staff(
        HEADQUARTERS, roles.HQ_VEP, roles.HQ_STATISTICS, roles.TRAINER, roles.ADMINISTRATOR, nationwide=True
    )
    # An export written in the background and one whose worker stopped: the job's page (its
    # progress bar) and the administrator's list of jobs.
    export = ExportJob.objects.create(
        requested_by=user,
        list_name="prisoners",
        title="Prisoners",
        format="csv",
        total=5000,
        progress=1250,
        state=JobState.RUNNING,
    )
    ExportJob.objects.create(
        requested_by=user,
        list_name="prisoners",
        title="Prisoners",
        format="xlsx",
        total=5000,
        state=JobState.FAILED,
        error="The worker stopped before the file was complete; nothing was kept.",
    )
    # Two files of one person, in Cyrillic and in a passport's Latin, proposed as possible duplicates.
    pair = proposed_pair(
        admit(names=[register_services.NameData("Нурлан", "Жумабаев", "Cyrl")], sex="male", nationality="KZ"),
        admit(given_names="Nurlan", family_name="Zhumabayev", sex="male", nationality="KZ"),
    )

    def paths(language: str) -> dict[str, str]:
        with translation.override(language):
            return {
                "headquarters home": reverse("home"),
                "user accounts": reverse("user_list"),
                "new user account": reverse("user_create"),
                "a user account": reverse("user_detail", args=[user.pk]),
                "background jobs": reverse("jobs:list"),
                "an export under way": reverse("jobs:detail", args=[export.pk]),
                "possible duplicates": reverse("register:duplicate_list"),
                "a possible duplicate": reverse("register:duplicate_detail", args=[pair.pk]),
                "Mandela Rules compliance, every prison": reverse("oversight:compliance"),
            }

    return user, paths


def admission_to_confirm(
    page: "Page", language: str, prison: Prison, on_step: Callable[[str], None] = lambda step: None
) -> None:
    """Walks the admission wizard to its last page, Check and confirm, in `language`: each step
    filled as register/tests/wizard.py posts it (ISO dates, which every language accepts), the
    first cell that fits chosen, the step read from the wizard's own field rather than its heading.
    `on_step(step)` is called on each step's page before it is filled, for checks of every step."""
    steps = dict(admission_steps(prison))
    with translation.override(language):
        page.goto(reverse("register:admit"))
    for _attempt in range(len(steps) + 3):
        step = page.locator("input[name=admission_wizard-current_step]").input_value()
        on_step(step)
        if step == "confirm":
            return
        if step == "placement":
            page.locator("#admission-cells tr.fits input[type=radio]").first.check()
        for key, value in steps.get(step, {}).items():
            field = page.locator(f'#admission-form [name="{step}-{key}"]:not([type=hidden])')
            if field.count():
                fill(field, str(value))
        page.locator("#admission-form button.btn-primary[type=submit]").click()
        page.wait_for_load_state()
    raise AssertionError(f"the wizard did not reach Check and confirm; it stays at {step}")


def fill(field: "Locator", value: str) -> None:
    if field.evaluate("element => element.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)
