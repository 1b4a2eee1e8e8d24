"""Checks of the compliance monitor on each country's demo (uganda/, tunisia/, kazakhstan/): the
build ends with today's snapshot of every prison in use and every check recorded, so the page shows
the scores and the first point of the trend; the director follows a count to the people concerned."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from custodia.estate.models import Prison
from custodia.oversight.compliance.registry import CHECKS
from custodia.oversight.models import ComplianceSnapshot

pytestmark = pytest.mark.django_db


def test_the_build_records_todays_snapshot(demo):
    recorded = [check for check in CHECKS if not check.not_recorded]
    snapshots = ComplianceSnapshot.objects.filter(day=timezone.localdate())
    assert snapshots.count() == Prison.objects.filter(is_active=True).count() * len(recorded)
    assert f"compliance snapshot: {len(recorded)} checks" in demo


def test_the_page_works_on_the_demo(demo, client, sign_in):
    users = get_user_model().objects
    sign_in(client, users.get(username="hq"))
    page = client.get(reverse("oversight:compliance"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-chart="chart-compliance-trend"' in html and "National total" in html
    sign_in(client, users.get(username="director"))
    html = client.get(reverse("oversight:compliance")).content.decode()
    links = re.findall(r'href="(/en/statistics/compliance/[^/"]+/\d+/)"', html)
    assert links, "no count of people falling short at the director's prison"
    for link in links:
        assert client.get(link).status_code == 200, link
