"""Every demo log-in lands on a home page of its own work with real counts (issue 11, section 3):
each role's page shows counts, some of them not zero, and the list behind every count opens."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from custodia.core.tests.home_page import counts_on
from custodia.demo.builder import DEMO_ROLES

pytestmark = pytest.mark.django_db

# Their counts are of today's sessions (programme sessions, visit sessions), which a day without
# sessions leaves at zero: their pages must show the counts, not that some are above zero.
TODAYS_SESSIONS = {"facilitator", "visits"}


def test_every_demo_role_lands_on_its_own_work(demo, client, sign_in):
    empty, refused = [], {}
    for username in DEMO_ROLES:
        sign_in(client, User.objects.get(username=username))
        page = client.get(reverse("home"))
        assert page.status_code == 200, username
        found = counts_on(page.content.decode())
        if not found or (username not in TODAYS_SESSIONS and not any(number for number, _url in found.values())):
            empty.append(username)
        # The lists behind the counts that are not zero (one request per list).
        urls = {url for number, url in found.values() if number}
        refused |= {f"{username}: {url}": status for url in urls if (status := client.get(url).status_code) != 200}
    assert not empty, f"home pages with nothing counted: {empty}"
    assert not refused, refused
