"""A refused rating form opens with a summary of what to correct on top, each message a link to
its item (templates/core/error_summary.html)."""

import re

import pytest
from django.urls import reverse

from custodia.assessment.models import Assessment

from .factories import full_ratings, team

pytestmark = pytest.mark.django_db


def test_items_left_unrated_are_listed_on_top_with_links_to_them(client, make_staff):
    t = team(make_staff)
    client.force_login(t.assessor)
    client.post(reverse("assessment:start", args=[t.prisoner.pk]), {"instrument": "general_screening"})
    assessment = Assessment.objects.get()
    data = {"version": assessment.version, "action": "submit"}
    for code, rating in full_ratings("general_screening").items():
        if code not in ("education", "peers"):
            data[code], data[f"{code}_evidence"] = rating.value, rating.evidence

    html = client.post(reverse("assessment:edit", args=[assessment.pk]), data).content.decode()
    summary = html.split("data-error-summary")[1].split("</div>")[0]
    assert re.findall(r'href="#(id_\w+)"', summary) == ["id_education", "id_peers"]
    assert summary.count("Rate this item.") == 2
    # Each link leads to the group of the item's choices.
    assert 'role="radiogroup" aria-labelledby="prompt-education" id="id_education"' in html
    # A form with nothing wrong has no summary.
    assert "data-error-summary" not in client.get(reverse("assessment:edit", args=[assessment.pk])).content.decode()
