"""The demo's restrictive measures: made through the services at the largest prison, the limits
of Mandela Rules 43-46 kept, a missed health-care visit for the director to see."""

import pytest

from custodia.core.audit import verify_chain
from custodia.measures import selectors
from custodia.measures.models import Measure

pytestmark = pytest.mark.django_db


def test_measures_with_their_reviews_visits_and_an_appeal(demo):
    assert "restrictive measures: 2 in force, 1 ended; solitary confinement refused at day 16" in demo
    measures = list(Measure.objects.order_by("starts_on"))
    assert [m.status for m in measures] == ["ended", "in_force", "in_force"]
    confined, solitary, segregated = measures
    assert confined.appeals.get().outcome == "dismissed" and confined.ended_on < solitary.starts_on
    # The fifteenth day of solitary confinement: the limit, never passed.
    assert solitary.solitary and (solitary.ends_on - solitary.starts_on).days + 1 == 15
    assert not segregated.solitary and len(selectors.missed_visits(segregated)) == 1
    assert all(m.prisoner.sex == "male" for m in measures)
    assert all(m.reviews.exclude(reviewed_by=m.imposed_by).count() == m.reviews.count() for m in measures)
    assert verify_chain().ok
