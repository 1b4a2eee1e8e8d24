"""Statistics count exactly what the files say (Mandela Rule 10)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.estate.models import PrisonType
from custodia.estate.tests.factories import PrisonFactory
from custodia.oversight.selectors import statistics_get
from custodia.register import services
from custodia.register.choices import LegalStatus, MovementKind, OffenceStatus, ReleaseReason, Sex
from custodia.register.tests.factories import admit

pytestmark = pytest.mark.django_db

TERRORISM = services.OffenceData("09061", "Participation in a terrorist group")
THEFT = services.OffenceData("0502", "Theft")
TERRORISM_CONVICTED = services.OffenceData(
    "09061", "Participation in a terrorist group", status=OffenceStatus.CONVICTED
)


def test_figures(staff_user):
    closed = PrisonFactory(prison_type=PrisonType.CLOSED, official_capacity=2)
    semi_open = PrisonFactory(prison_type=PrisonType.SEMI_OPEN, official_capacity=2)
    admit(actor=staff_user, prison=closed, sex=Sex.MALE, offences=[TERRORISM])
    # Several offences per person still count the person once.
    admit(actor=staff_user, prison=closed, sex=Sex.FEMALE, offences=[TERRORISM, TERRORISM, THEFT])
    admit(
        actor=staff_user,
        prison=closed,
        sex=Sex.MALE,
        legal_status=LegalStatus.CONVICTED,
        offences=[TERRORISM_CONVICTED],
        nationality="KE",
    )
    admit(
        actor=staff_user,
        prison=semi_open,
        sex=Sex.MALE,
        legal_status=LegalStatus.CONVICTED,
        offences=[TERRORISM_CONVICTED],
    )
    juvenile_birth = date(timezone.localdate().year - 15, 1, 1)
    admit(actor=staff_user, prison=semi_open, sex=Sex.MALE, date_of_birth=juvenile_birth, offences=[THEFT, THEFT])
    on_probation = admit(
        actor=staff_user, prison=closed, legal_status=LegalStatus.CONVICTED, offences=[TERRORISM_CONVICTED]
    )
    services.movement_record(
        actor=staff_user,
        prisoner=on_probation,
        data=services.MovementData(
            kind=MovementKind.RELEASE, occurred_at=timezone.now(), release_reason=ReleaseReason.PROBATION
        ),
    )
    services.legal_status_change(
        actor=staff_user, prisoner=on_probation, status=LegalStatus.PROBATION, effective_on=timezone.localdate()
    )

    stats = statistics_get(user=staff_user)
    assert stats.national.population == 5 and stats.national.capacity == 4 and stats.national.rate == 125.0
    assert stats.prison_count == 2
    assert stats.by_legal_status.count(LegalStatus.PRE_TRIAL) == 3
    assert stats.by_legal_status.count(LegalStatus.CONVICTED) == 2
    assert stats.by_legal_status.share(3) == 60.0
    assert stats.by_sex.count(Sex.FEMALE) == 1
    assert stats.by_age_group.count("juvenile") == 1 and stats.by_age_group.count("adult") == 4
    assert stats.by_nationality.count("KE") == 1
    assert stats.vep_total == 4
    rows = {sex: counts for sex, counts, _total in stats.vep_by_sex_and_status}
    assert rows["Male"][:2] == [1, 2] and rows["Female"][:2] == [1, 0]
    assert stats.terrorism_convicted.count("closed") == 1
    assert stats.terrorism_convicted.count("open") == 1
    assert stats.terrorism_convicted.count("probation") == 1


def test_page_renders_charts_without_inline_script(staff_client, staff_user, django_assert_max_num_queries):
    admit(actor=staff_user, offences=[TERRORISM])
    with django_assert_max_num_queries(18):
        response = staff_client.get(reverse("oversight:statistics"))
    html = response.content.decode()
    assert 'data-chart="chart-vep"' in html and 'id="chart-vep" type="application/json"' in html
    assert "<script>" not in html
