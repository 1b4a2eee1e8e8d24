"""A prison where one man linked to violent extremism has a link of every kind, made through the
services: the network's tests read it."""

from dataclasses import dataclass

from django.contrib.auth.models import User

from custodia.accounts import roles
from custodia.contact import services as contacts
from custodia.estate.models import Prison
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.incidents import services as incidents
from custodia.incidents.tests.factories import data as incident_data
from custodia.intelligence import services as intelligence
from custodia.intelligence.tests.factories import about
from custodia.intelligence.tests.factories import data as report_data
from custodia.register.choices import OffenceStatus
from custodia.register.models import CourtCase, Prisoner
from custodia.register.services import CaseData, OffenceData
from custodia.register.tests.factories import admit
from custodia.security import services as security

CASE = CaseData(court="High Court", case_number="HC-CR-77/2025")


@dataclass
class World:
    prison: Prison
    security: User
    director: User
    hq: User
    vep: Prisoner
    co_defendant: Prisoner
    cell_mate: Prisoner
    in_incident: Prisoner
    in_draft: Prisoner
    in_report: Prisoner
    kept_apart: Prisoner
    same_visitor: Prisoner
    held_elsewhere: Prisoner
    second_step: Prisoner


def man(cell, name: str, **kwargs) -> Prisoner:
    return admit(cell=cell, sex="male", given_names=name, family_name="Test", **kwargs)


def build(make_staff) -> World:
    prison, elsewhere = PrisonFactory(name="Luzira"), PrisonFactory(name="Kirinyi")
    shared = CellFactory(unit__prison=prison, capacity=2)
    offence = OffenceData(
        iccs_code="09061", national_wording="Terrorist act", status=OffenceStatus.CHARGED, terrorism_link=True
    )
    vep = man(shared, "Yusuf", case=CASE, offences=[offence])
    cell_mate = man(shared, "Brian")

    def alone(name: str, at: Prison = prison, **kwargs) -> Prisoner:
        return man(CellFactory(unit__prison=at), name, **kwargs)

    co_defendant = alone("Musa", case=CASE)
    second_step = alone("Ivan", case=CaseData(court="High Court", case_number="HC-CR-90/2025"))
    # Musa was also tried with Ivan: two steps from Yusuf.
    CourtCase.objects.create(prisoner=co_defendant, court="High Court", case_number="HC-CR-90/2025")
    staff = {
        "wing": make_staff("wing", roles.WING, prisons=[prison]),
        "reception": make_staff("reception", roles.RECEPTION, prisons=[prison]),
        "security": make_staff("security", roles.SECURITY, prisons=[prison]),
        "director": make_staff("director", roles.DIRECTOR, prisons=[prison]),
        "hq": make_staff("hq", roles.HQ_VEP, nationwide=True),
    }
    in_incident, in_draft = alone("Peter"), alone("Okot")
    for person, submit in ((in_incident, True), (in_draft, False)):
        report = incidents.incident_draft(actor=staff["wing"], prison=prison, data=incident_data())
        for who, role in ((vep, "perpetrator"), (person, "victim")):
            incidents.involvement_add(
                actor=staff["wing"],
                incident=report,
                data=incidents.InvolvementData(role=role, prisoner_id=who.pk),
            )
        if submit:
            incidents.incident_submit(actor=staff["wing"], incident=report)
    in_report = alone("Salim")
    report = intelligence.report_submit(
        actor=staff["wing"], prison=prison, data=report_data(about(vep), about(in_report, role="listener"))
    )
    intelligence.report_grade(
        actor=staff["security"], report=report, source="B", information="2", handling="1", assessment="Consistent."
    )
    kept_apart = alone("Denis")
    security.non_association_open(
        actor=staff["security"],
        prisoner=vep,
        other=kept_apart,
        level="unit",
        reason="extremist_influence",
        role="recruiter",
        other_role="vulnerable_to_recruitment",
        comment="Seen recruiting him in the yard.",
    )
    # One visitor (one identity document) is a contact of Yusuf and of Hassan, under other names.
    same_visitor, other_visitor = alone("Hassan"), alone("Eric")
    for person, name, document in (
        (vep, "Ali Kato", "NIN CM900001"),
        (same_visitor, "Kato Ali (cousin)", "NIN CM900001"),
        (other_visitor, "Ali Kato", "NIN CM900002"),
    ):
        contacts.contact_add(
            actor=staff["reception"],
            prisoner=person,
            data=contacts.ContactData("friend", name, identity_document=document),
        )
    held_elsewhere = alone("Abdul", at=elsewhere, case=CASE)
    return World(
        prison=prison,
        security=staff["security"],
        director=staff["director"],
        hq=staff["hq"],
        vep=vep,
        co_defendant=co_defendant,
        cell_mate=cell_mate,
        in_incident=in_incident,
        in_draft=in_draft,
        in_report=in_report,
        kept_apart=kept_apart,
        same_visitor=same_visitor,
        held_elsewhere=held_elsewhere,
        second_step=second_step,
    )
