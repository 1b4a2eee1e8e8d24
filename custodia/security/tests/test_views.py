"""Non-associations on the prisoner file and their forms, scoped to the user (the API: test_api.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from custodia.accounts import roles
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.register.tests.factories import admit
from custodia.security import selectors, services
from custodia.security.models import NonAssociation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff):
    cell = CellFactory()
    prison = cell.unit.prison
    recruiter = admit(cell=cell, given_names="Recruiter")
    young = admit(cell=CellFactory(unit=cell.unit), given_names="Young")
    far = admit(prison=PrisonFactory(), given_names="Far")
    officer = make_staff("security", roles.SECURITY, prisons=[prison])
    record = services.non_association_open(
        actor=officer,
        prisoner=young,
        other=recruiter,
        level="unit",
        reason="extremist_influence",
        role="vulnerable_to_recruitment",
        other_role="recruiter",
        comment="Passing propaganda in the yard",
    ).non_association
    return {"prison": prison, "recruiter": recruiter, "young": young, "far": far, "officer": officer, "record": record}


def test_selectors_are_scoped(make_staff, world):
    record = world["record"]
    wing = make_staff("wing", roles.WING, prisons=[world["prison"]])
    assert list(selectors.non_associations_for(user=wing, prisoner=world["young"])) == [record]
    elsewhere = make_staff("wing-elsewhere", roles.WING, prisons=[world["far"].current_prison])
    assert not selectors.non_associations_for(user=elsewhere, prisoner=world["young"]).exists()
    with pytest.raises(NonAssociation.DoesNotExist):
        selectors.non_association_get(user=elsewhere, non_association_id=record.pk)
    analyst = make_staff("analyst", roles.HQ_STATISTICS, nationwide=True)  # no right to see them
    assert not selectors.non_associations_for(user=analyst, prisoner=world["young"]).exists()
    hq = make_staff("hq", roles.HQ_VEP, nationwide=True)
    assert selectors.non_association_get(user=hq, non_association_id=record.pk) == record
    # The placement check reads every open record, whoever acts.
    assert selectors.open_non_associations_of(world["young"].pk) == [record]


def test_file_shows_open_and_closed_with_reason_and_roles(client, make_staff, sign_in, world):
    services.non_association_close(actor=world["officer"], non_association=world["record"], reason="Recruiter released")
    services.non_association_open(
        actor=world["officer"],
        prisoner=world["young"],
        other=world["far"],
        level="prison",
        reason="threats",
        role="victim",
        other_role="aggressor",
        comment="Threats by letter",
    )
    sign_in(client, make_staff("wing", roles.WING, prisons=[world["prison"]]))
    html = client.get(reverse("register:prisoner_detail", args=[world["young"].pk])).content.decode()
    section = html.split('id="non-associations"')[1].split("</section>")[0]
    open_row, closed_row = section.split('data-non-association="')[1:]
    assert (
        world["far"].number in open_row
        and "Threats" in open_row
        and "this person: Victim; other: Aggressor" in open_row
    )
    assert world["recruiter"].number in closed_row and "Recruiter released" in closed_row
    assert "this person: Vulnerable to recruitment; other: Recruiter" in closed_row
    assert "Far" not in section  # the other person by number only
    assert reverse("security:non_association_open", args=[world["young"].pk]) not in section  # a wing officer reads


def test_opening_and_closing_are_offered_only_to_who_may_manage(client, make_staff, sign_in, world):
    opening = reverse("security:non_association_open", args=[world["young"].pk])
    closing = reverse("security:non_association_close", args=[world["record"].pk])
    readers = (
        make_staff("wing", roles.WING, prisons=[world["prison"]]),
        make_staff("hq", roles.HQ_VEP, nationwide=True),
    )
    for user, offered in ((world["officer"], True), *((reader, False) for reader in readers)):
        sign_in(client, user)
        html = client.get(reverse("register:prisoner_detail", args=[world["young"].pk])).content.decode()
        section = html.split('id="non-associations"')[1].split("</section>")[0]
        assert f'data-non-association="{world["record"].pk}"' in section
        assert (opening in section) is offered and (closing in section) is offered


def test_file_withholds_the_section_without_the_right(client, make_staff, sign_in, world):
    reader = make_staff("reader", prisons=[world["prison"]])
    group = Group.objects.create(name="file reader only")
    group.permissions.add(Permission.objects.get(codename="view_prisoner_file"))
    reader.groups.add(group)
    sign_in(client, reader)
    html = client.get(reverse("register:prisoner_detail", args=[world["young"].pk])).content.decode()
    section = html.split('id="non-associations"')[1].split("</section>")[0]
    assert "withheld" in section and "Passing propaganda" not in section


def test_security_officer_opens_with_a_warning_and_closes(client, make_staff, sign_in, world):
    sign_in(client, world["officer"])
    url = reverse("security:non_association_open", args=[world["recruiter"].pk])
    response = client.post(url, {"other_number": "UNKNOWN", "level": "cell", "reason": "gang", "role": "gang_rival"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    other = admit(cell=world["recruiter"].current_cell, given_names="Cellmate")
    data = {
        "other_number": "UNKNOWN",
        "level": "cell",
        "reason": "gang",
        "role": "gang_rival",
        "other_role": "gang_rival",
        "comment": "Rival gangs",
    }
    assert "No person in custody has this number." in client.post(url, data).content.decode()
    data["other_number"] = other.number
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Non-association recorded." in html and "share a cell now: move one of them." in html
    # The same pair again: refused, naming the open record, on the field.
    response = client.post(url, data)
    assert "already have an open non-association" in response.content.decode()
    record = NonAssociation.objects.get(prisoner_b=other)
    close = reverse("security:non_association_close", args=[record.pk]) + f"?from={other.pk}"
    assert client.get(close).status_code == 200
    response = client.post(close, {"reason": "Gang left"})
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("register:prisoner_detail", args=[other.pk]) + "#non-associations"
    )
    record.refresh_from_db()
    assert record.close_reason == "Gang left"


def test_forms_not_found_elsewhere(client, make_staff, sign_in, world):
    sign_in(client, make_staff("security-far", roles.SECURITY, prisons=[PrisonFactory()]))
    assert client.get(reverse("security:non_association_open", args=[world["young"].pk])).status_code == 404
    assert client.get(reverse("security:non_association_close", args=[world["record"].pk])).status_code == 404
