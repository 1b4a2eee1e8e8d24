"""Incident figures against a hand count: duplicates and reports found not reportable left out,
force and injuries by prison, perpetrators per 100 held; aggregates only, scoped to the reader."""

import pytest
from django.urls import reverse

from custodia.accounts import roles
from custodia.estate.tests.factories import CellFactory
from custodia.incidents import oversight, services

from .factories import held, submitted

pytestmark = pytest.mark.django_db


def rows_of(tables, slug: str):
    return next(table.rows for table in tables if table.slug == slug)


def test_figures_equal_the_hand_count(client, sign_in, make_staff):
    prison = CellFactory().unit.prison
    wing = make_staff("wing", roles.WING, prisons=[prison])
    security = make_staff("security", roles.SECURITY, prisons=[prison])
    director = make_staff("director", roles.DIRECTOR, prisons=[prison])
    striker, other = held(prison, given_names="Striker"), held(prison, given_names="Other")
    first = submitted(wing, striker)  # assault on staff, force used, awaiting review
    services.incident_close(actor=security, incident=first)
    repeated = submitted(director, other)
    services.incident_set_aside(actor=security, incident=repeated, comment="Same", duplicate_of=first.pk)
    submitted(wing, other, type_code="fight", role="involved", force=False, answers={})
    elsewhere = CellFactory().unit.prison
    submitted(make_staff("away", roles.WING, prisons=[elsewhere]), held(elsewhere))

    tables = oversight.figures(user=director)
    by_kind = {row[0]: row[1:] for row in rows_of(tables, "incidents-by-kind")}
    assert by_kind["Assault on staff"] == [1, 1, 0]  # the duplicate left out
    assert by_kind["Fight between prisoners"] == [1, 0, 1]
    # reports, serious, force used, injured, examinations owed, signs of ill-treatment
    assert rows_of(tables, "incidents-by-prison") == [[prison.name, 2, 1, 1, 1, 1, 0]]
    assert ["Physical holds (control and restraint)", 1] in rows_of(tables, "incidents-force")
    assert rows_of(tables, "incidents-vep-rate") == [
        ["Linked to violent extremism", None, 0, 0],
        ["Others", 50.0, 1, 2],
    ]
    assert oversight.figures(user=wing)[0].rows[0][1] == 0  # no right to the figures: nothing counted

    sign_in(client, director)
    page = client.get(reverse("oversight:incidents")).content.decode()
    assert "Incidents by kind" in page and "Striker" not in page
    csv = client.get(reverse("oversight:incidents"), {"csv": "incidents-by-prison"}).content.decode()
    assert prison.name in csv
