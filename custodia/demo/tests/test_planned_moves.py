"""The demo's moves planned ahead (demo/today.py): the reception and the wing of the largest prison
land on real counts of them, each the length of the list it opens."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from custodia.demo.builder import build
from custodia.register.choices import MovementKind, PlannedMoveStatus
from custodia.register.models import PlannedMove

pytestmark = pytest.mark.django_db

COUNT = re.compile(
    r'<a class="d-block text-decoration-none" href="(?P<url>[^"]+)">\s*'
    r'<span class="fs-3[^"]*">(?P<n>\d+)</span>\s*<span class="d-block">(?P<label>[^<]+)</span>'
)


@pytest.mark.parametrize("country", ["uganda", "tunisia"])
def test_arrivals_today_and_the_wings_requests(client, sign_in, country):
    result = build(country=country, scale=0.01)
    assert result.today["transfers expected today"] > 0 and result.today["cell moves requested"] > 0
    # Asked only where the placement check allows it now, and by the prison that holds the person.
    for move in PlannedMove.objects.select_related("prisoner"):
        assert move.status == PlannedMoveStatus.REQUESTED and move.from_prison_id == move.prisoner.current_prison_id
    assert PlannedMove.objects.filter(kind=MovementKind.TRANSFER, requested_by__username="wing").exists()

    users = get_user_model().objects
    for username, label in (("reception", "Expected arrivals today"), ("wing", "Cell moves requested")):
        sign_in(client, users.get(username=username))
        counts = {
            m["label"]: (int(m["n"]), m["url"].replace("&amp;", "&"))
            for m in COUNT.finditer(client.get(reverse("home")).content.decode())
        }
        number, url = counts[label]
        assert number > 0 and client.get(url).content.decode().count("data-planned-move=") == number
