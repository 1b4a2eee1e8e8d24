"""Need-to-know by code: a restricted alert (recruiter risk, for security officers and directors)
does not exist for anyone else. Not withheld, absent: the file page, its banner, the index of
people, the list of alerts, the API's list, count and detail (404), the home page's counts, and
the refusal of a second alert all say nothing of it; what the API reveals and what the pages
withhold agree."""

import pytest
from django.urls import reverse

from custodia.accounts import roles
from custodia.alerts import selectors, services

from .factories import alert, held, staff

pytestmark = pytest.mark.django_db
MARKER = "ZQRECRUITERREASON"


@pytest.fixture
def world(make_staff):
    here = staff(make_staff)
    person = held(here.prison, given_names="Yusuf")
    shown = alert(here.security, person, code="escape_risk", reason="Seen at the fence")
    hidden = alert(here.security, person, code="recruiter_risk", reason=f"{MARKER} preaching violence")
    return here, person, shown, hidden


def everything_a_reader_gets(client, person, hidden) -> tuple[str, dict, int]:
    pages = [
        client.get(reverse("register:prisoner_detail", args=[person.pk])),
        client.get(reverse("register:prisoner_list")),
        client.get(reverse("alerts:list")),
        client.get(reverse("home")),
        client.get(reverse("alerts:detail", args=[hidden.pk])),
    ]
    text = "\n".join(response.content.decode() for response in pages)
    api = client.get("/api/v1/alerts/").json()
    detail = client.get(f"/api/v1/alerts/{hidden.pk}").status_code
    return text, api, detail


@pytest.mark.parametrize("who", ["wing", "case_manager", "hq", "nurse"])
def test_a_restricted_alert_does_not_exist_for_other_roles(client, sign_in, world, who):
    here, person, shown, hidden = world
    user = getattr(here, who)
    sign_in(client, user)
    text, api, detail = everything_a_reader_gets(client, person, hidden)
    assert MARKER not in text and "Recruiter risk" not in text and "recruiter_risk" not in text
    assert detail == 404
    filtered = client.get(reverse("alerts:list") + "?code=recruiter_risk").content.decode()
    assert "data-alert=" in filtered  # an unknown code is no filter: the alerts it may see
    assert MARKER not in filtered and client.get("/api/v1/alerts/?code=recruiter_risk").json()["count"] == 0
    assert api["count"] == 1 and [item["code"] for item in api["items"]] == ["escape_risk"]
    assert selectors.in_force_count(user=user) == 1
    assert [a.code for a in selectors.prisoner_alerts(user=user, prisoner=person)] == ["escape_risk"]


def test_security_and_the_director_see_it_everywhere(client, sign_in, world):
    here, person, shown, hidden = world
    for user in (here.security, here.director):
        sign_in(client, user)
        text, api, detail = everything_a_reader_gets(client, person, hidden)
        assert MARKER in text and 'data-mark="recruiter_risk"' in text and 'data-alert-code="recruiter_risk"' in text
        assert detail == 200 and api["count"] == 2


def test_a_refusal_tells_nothing_of_a_restricted_alert(world, make_staff):
    """The case manager may set vulnerable_to_radicalisation but not know of recruiter_risk: trying
    the hidden code is 'unknown', never 'already in force'."""
    here, person, shown, hidden = world
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.alert_set(
            actor=here.case_manager,
            prisoner=person,
            data=services.AlertData(code="recruiter_risk", reason="R", active_from=hidden.active_from),
        )
    message = " ".join(exc.value.messages)
    assert "already in force" not in message and "Choose one of the alerts offered" in message


def test_the_role_list_of_every_profile_names_existing_roles():
    from custodia.alerts.checks import unknown_roles

    assert unknown_roles() == []
    assert {"security_officer", "prison_director"} <= set(roles.LABELS)
