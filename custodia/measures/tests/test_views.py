"""The restrictive measures pages: the file's section, the form that imposes a measure, a measure's
page with the forms each role may send, and the list of measures in force (the health-care staff's
daily round). Refusals come back on their fields with what was typed; every read is logged; each
page in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.core.models import AuditEvent
from custodia.measures import services
from custodia.measures.choices import MeasureStatus
from custodia.measures.models import Appeal, HealthVisit, Measure, Review
from custodia.measures.tests.factories import held, imposed, staff

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def iso(days: int = 0) -> str:
    return (TODAY() + timedelta(days=days)).isoformat()


@pytest.fixture
def here(make_staff):
    return staff(make_staff)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def section(html: str) -> str:
    return html.split('<section id="measures"', 1)[1].split("</section>", 1)[0]


# --- the file's section and the impose form --------------------------------------------------------


def test_the_director_imposes_a_measure_from_the_file(client, sign_in, here):
    person = held(here.prison)
    sign_in(client, here.director)
    file = page(client, reverse("register:prisoner_detail", args=[person.pk]))
    assert 'id="impose-measure"' in section(file) and "None recorded" in section(file)
    url = reverse("measures:impose", args=[person.pk])
    assert 'name="hours_without_contact"' in page(client, url)
    response = client.post(
        url,
        {
            "kind": "segregation",
            "legal_basis": "Prisons Act, section 80",
            "reason": "Threatened staff on the wing",
            "hours_without_contact": 23,
            "starts_on": iso(),
            "ends_on": iso(4),
            "health_view": "Fit",
        },
    )
    measure = Measure.objects.get(prisoner=person)
    assert response.status_code == 302 and response["Location"] == reverse("measures:detail", args=[measure.pk])
    assert measure.solitary and measure.imposed_by == here.director
    file = page(client, reverse("register:prisoner_detail", args=[person.pk]))
    shown = section(file)
    assert f'data-measure="{measure.pk}"' in shown and "Solitary confinement" in shown
    assert reverse("measures:detail", args=[measure.pk]) in shown
    assert 'id="glance-measures"' in file  # the file's summary names the measure in force


def test_a_refusal_is_shown_on_its_field_and_nothing_typed_is_lost(client, sign_in, here):
    woman = held(here.prison, sex="female", given_names="Amina")
    sign_in(client, here.director)
    response = client.post(
        reverse("measures:impose", args=[woman.pk]),
        {
            "kind": "disciplinary_confinement",
            "legal_basis": "Standing Order 14",
            "reason": "Fought in the yard",
            "hours_without_contact": 23,
            "starts_on": iso(),
            "ends_on": iso(3),
            "health_view": "Seen by the nurse",
        },
    )
    assert response.status_code == 200 and not Measure.objects.exists()
    html = response.content.decode()
    field = html.split('for="id_hours_without_contact"', 1)[1].split('<div class="mb-3">', 1)[0]
    assert "a woman may not be held in solitary confinement" in field and 'class="invalid-feedback' in field
    assert "data-error-summary" in html
    for typed in ("Standing Order 14", "Fought in the yard", "Seen by the nurse", 'value="23"'):
        assert typed in html
    assert '<option value="disciplinary_confinement" selected>' in html


def test_only_the_director_where_the_person_is_held_is_offered_to_impose(client, sign_in, here, make_staff):
    person = held(here.prison)
    url = reverse("register:prisoner_detail", args=[person.pk])
    sign_in(client, here.wing)
    assert 'id="impose-measure"' not in section(page(client, url))
    assert client.get(reverse("measures:impose", args=[person.pk])).status_code == 403
    elsewhere = make_staff("elsewhere-director", roles.DIRECTOR, prisons=[staff(make_staff, "other").prison])
    sign_in(client, elsewhere)
    assert client.get(reverse("measures:impose", args=[person.pk])).status_code == 404


def test_the_section_is_withheld_from_a_reader_without_the_right(client, sign_in, here, make_staff):
    person = held(here.prison)
    imposed(here.director, person)
    clerk = make_staff("records-clerk", prisons=[here.prison])
    post = Group.objects.create(name="Records clerk")
    post.permissions.add(Permission.objects.get(codename="view_prisoner_file"))
    clerk.groups.add(post)
    sign_in(client, clerk)
    shown = section(page(client, reverse("register:prisoner_detail", args=[person.pk])))
    assert "withheld" in shown and "data-measure=" not in shown


# --- a measure's page -------------------------------------------------------------------------------


FORMS = ("extend-form", "end-form", "review-form", "told-form", "appeal-form", "visit-form")


@pytest.mark.parametrize(
    "who, offered",
    [
        ("director", {"extend-form", "end-form", "told-form", "appeal-form"}),  # not the review of their own
        ("deputy", {"extend-form", "end-form", "review-form", "told-form", "appeal-form"}),
        ("nurse", {"visit-form"}),
        ("wing", {"told-form", "appeal-form"}),
        ("hq", {"review-form"}),
    ],
)
def test_each_form_is_offered_only_to_those_allowed(client, sign_in, here, make_staff, who, offered):
    measure = imposed(here.director, held(here.prison), first=2)
    services.appeal_lodge(actor=here.wing, measure=measure, lodged_on=TODAY(), grounds="Unfair")
    user = make_staff("hq", roles.HQ_VEP, nationwide=True) if who == "hq" else getattr(here, who)
    sign_in(client, user)
    html = page(client, reverse("measures:detail", args=[measure.pk]))
    assert {form for form in FORMS if f'id="{form}"' in html} == offered
    may_decide = who in ("deputy", "hq")
    assert (reverse("measures:appeal_decide", args=[measure.appeals.get().pk]) in html) == may_decide


def test_the_page_shows_the_days_the_solitary_run_and_the_days_missed(client, sign_in, here):
    person = held(here.prison)
    earlier = imposed(here.director, person, first=12, last=2)  # 3 days, then a day's break
    services.measure_end(actor=here.director, measure=earlier, reason="Calmer")
    Measure.objects.filter(pk=earlier.pk).update(ended_on=TODAY() - timedelta(days=10))
    measure = imposed(here.director, person, first=8, last=10)
    services.health_visit_record(
        actor=here.nurse, measure=measure, visited_on=TODAY() - timedelta(days=1), adverse_effects=False, note=""
    )
    sign_in(client, here.director)
    html = page(client, reverse("measures:detail", args=[measure.pk]))
    assert 'id="measure-day">Day 9<' in html
    # The break of one day does not restart the count: 3 days, then 9 so far (Rules 43-44).
    assert '<progress id="solitary-run" class="limit-progress near-limit" value="12" max="15">' in html
    assert "With the planned end: 14 consecutive days." in html
    missed = html.split('id="missed-visits"', 1)[1].split("</div>", 1)[0]
    assert "7 days without a health-care visit" in missed and missed.count("<time") == 7
    assert iso(-1) not in missed and iso(-8) in missed


def test_the_forms_of_the_page_record_each_step(client, sign_in, here, make_staff):
    measure = imposed(here.director, held(here.prison), first=1)
    url = reverse("measures:detail", args=[measure.pk])
    sign_in(client, here.nurse)
    response = client.post(
        reverse("measures:health_visit", args=[measure.pk]),
        {"visit-visited_on": iso(), "visit-adverse_effects": "on", "visit-note": "Withdrawn, not eating"},
    )
    assert response.status_code == 302 and response["Location"] == url
    assert HealthVisit.objects.get(measure=measure).adverse_effects
    sign_in(client, here.wing)
    client.post(reverse("measures:told", args=[measure.pk]), {"told-version": 1, "told-told_on": iso()})
    client.post(
        reverse("measures:appeal_lodge", args=[measure.pk]), {"appeal-lodged_on": iso(), "appeal-grounds": "Unfair"}
    )
    sign_in(client, here.deputy)
    client.post(
        reverse("measures:review", args=[measure.pk]),
        {"review-version": 2, "review-outcome": "continue", "review-note": "Still needed"},
    )
    appeal = Appeal.objects.get(measure=measure)
    response = client.post(
        reverse("measures:appeal_decide", args=[appeal.pk]),
        {f"decide-{appeal.pk}-outcome": "upheld", f"decide-{appeal.pk}-decision_note": "Not told why in time"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.told_on == TODAY() and Review.objects.get(measure=measure).note == "Still needed"
    assert measure.status == MeasureStatus.ENDED and measure.end_reason == "Not told why in time"
    html = page(client, url)
    assert "Upheld: the measure ends" in html and "extend-form" not in html and "review-form" not in html


def test_a_refused_form_of_the_page_keeps_what_was_typed(client, sign_in, here):
    measure = imposed(here.director, held(here.prison), first=1)
    sign_in(client, here.nurse)
    response = client.post(
        reverse("measures:health_visit", args=[measure.pk]),
        {"visit-visited_on": iso(), "visit-adverse_effects": "on", "visit-note": ""},
    )
    assert response.status_code == 200 and not HealthVisit.objects.exists()
    form = response.content.decode().split('id="visit-form"', 1)[1].split("</form>", 1)[0]
    assert "Describe the adverse effects, for the director." in form
    assert 'id="id_visit-adverse_effects" checked' in form
    response = client.post(
        reverse("measures:health_visit", args=[measure.pk]),
        {"visit-visited_on": iso(1), "visit-note": "Fine"},
    )
    form = response.content.decode().split('id="visit-form"', 1)[1].split("</form>", 1)[0]
    assert "The date cannot be in the future." in form and ">\nFine</textarea>" in form


def test_a_change_made_meanwhile_is_named_and_what_was_typed_can_be_sent_again(client, sign_in, here):
    measure = imposed(here.director, held(here.prison), last=5)
    services.measure_extend(actor=here.deputy, measure=measure, ends_on=TODAY() + timedelta(days=7), reason="More")
    sign_in(client, here.director)
    response = client.post(
        reverse("measures:extend", args=[measure.pk]),
        {"extend-version": 1, "extend-ends_on": iso(9), "extend-reason": "Threats go on"},
    )
    html = response.content.decode()
    form = html.split('id="extend-form"', 1)[1].split("</form>", 1)[0]
    assert "measures-deputy recorded" in form and "Threats go on" in form
    assert 'name="extend-version" value="2"' in form  # sent again, it applies to the measure as it is now
    response = client.post(
        reverse("measures:extend", args=[measure.pk]),
        {"extend-version": 2, "extend-ends_on": iso(9), "extend-reason": "Threats go on"},
    )
    measure.refresh_from_db()
    assert response.status_code == 302 and measure.ends_on == TODAY() + timedelta(days=9)


def test_the_imposer_may_not_review_and_is_told_why(client, sign_in, here):
    measure = imposed(here.director, held(here.prison))
    sign_in(client, here.director)
    response = client.post(
        reverse("measures:review", args=[measure.pk]),
        {"review-version": 1, "review-outcome": "continue", "review-note": "Mine"},
        follow=True,
    )
    assert "reviewed by someone other than who imposed it" in response.content.decode()
    assert not Review.objects.exists()


def test_health_notes_are_for_health_care_staff_and_readers_of_the_health_section(client, sign_in, here, make_staff):
    measure = imposed(here.director, held(here.prison), health_view="Asthma, inhaler at hand")
    services.health_visit_record(
        actor=here.nurse, measure=measure, visited_on=TODAY(), adverse_effects=True, note="Short of breath"
    )
    url = reverse("measures:detail", args=[measure.pk])
    for reader in (here.nurse, here.director, make_staff("cm", roles.CASE_MANAGER, prisons=[here.prison])):
        sign_in(client, reader)
        html = page(client, url)
        assert "Asthma, inhaler at hand" in html and "Short of breath" in html
    for reader in (here.wing, make_staff("sec", roles.SECURITY, prisons=[here.prison])):
        sign_in(client, reader)
        html = page(client, url)
        assert "Asthma" not in html and "Short of breath" not in html
        assert html.count('class="text-muted fst-italic mb-0 withheld"') == 2 and "measures-nurse" in html


def test_opening_a_measure_is_logged_against_the_person_and_hidden_elsewhere(client, sign_in, here, make_staff):
    person = held(here.prison)
    measure = imposed(here.director, person)
    sign_in(client, here.nurse)
    page(client, reverse("measures:detail", args=[measure.pk]))
    read = AuditEvent.objects.filter(action="read", actor=here.nurse).get()
    assert read.object_type == "register.prisoner" and read.object_id == str(person.pk)
    other = staff(make_staff, "other")
    sign_in(client, other.nurse)
    assert client.get(reverse("measures:detail", args=[measure.pk])).status_code == 404
    assert client.post(reverse("measures:health_visit", args=[measure.pk]), {}).status_code == 404


# --- the list of measures in force -------------------------------------------------------------------


@pytest.fixture
def round_(here, make_staff):
    """At the prison: a solitary confinement visited today; a segregation from eight days ago, never
    visited, its review overdue; a restraint (no visit due) with an appeal; an ended measure.
    Elsewhere: a measure in force."""
    visited = imposed(here.director, held(here.prison, given_names="Visited"), first=0)
    services.health_visit_record(actor=here.nurse, measure=visited, visited_on=TODAY(), adverse_effects=False, note="")
    overdue = imposed(here.director, held(here.prison, given_names="Overdue"), first=8, last=12, hours=10)
    restraint = imposed(here.director, held(here.prison, given_names="Restrained"), kind="restraint", hours=0)
    services.appeal_lodge(actor=here.wing, measure=restraint, lodged_on=TODAY(), grounds="Too tight")
    ended = imposed(here.director, held(here.prison, given_names="Ended"), first=3, hours=4)
    services.measure_end(actor=here.director, measure=ended, reason="Calm again")
    other = staff(make_staff, "other")
    imposed(other.director, held(other.prison, given_names="Elsewhere"))
    return {"visited": visited, "overdue": overdue, "restraint": restraint, "ended": ended}


def rows_of(html: str) -> dict[int, str]:
    body = html.split('id="measures"', 1)[1].split("</tbody>", 1)[0]
    return {int(row.split('"', 1)[0]): row for row in body.split('data-measure="')[1:]}


def test_the_list_is_the_daily_round(client, sign_in, here, round_):
    sign_in(client, here.nurse)
    html = page(client, reverse("measures:list"))
    rows = rows_of(html)
    assert set(rows) == {round_[key].pk for key in ("visited", "overdue", "restraint")}
    assert "visited-today" in rows[round_["visited"].pk] and "Day 1" in rows[round_["visited"].pk]
    overdue = rows[round_["overdue"].pk]
    assert "not-visited-today" in overdue and '<span class="badge text-bg-danger missed">8</span>' in overdue
    assert "Overdue" in overdue and "urgency-overdue" in overdue and "Record the visit" in overdue
    assert "not-visited-today" not in rows[round_["restraint"].pk]  # restraint holds nobody apart
    assert "Elsewhere" not in html and "Ended" not in html
    reads = AuditEvent.objects.filter(action="read", actor=here.nurse).count()
    assert reads == 3  # each person on the page (Rule 9)


@pytest.mark.parametrize(
    "show, expected",
    [
        ("to_visit", {"overdue"}),
        ("missed", {"overdue"}),
        ("review_due", {"overdue"}),
        ("appeals", {"restraint"}),
        ("", {"visited", "overdue", "restraint"}),
    ],
)
def test_the_lists_of_work(client, sign_in, here, round_, show, expected):
    sign_in(client, here.director)
    rows = rows_of(page(client, reverse("measures:list") + f"?show={show}"))
    assert set(rows) == {round_[key].pk for key in expected}


def test_an_ended_measure_with_an_appeal_is_on_the_list_of_appeals(client, sign_in, here, round_):
    services.appeal_lodge(actor=here.wing, measure=round_["ended"], lodged_on=TODAY(), grounds="Was unfair")
    sign_in(client, here.deputy)
    rows = rows_of(page(client, reverse("measures:list") + "?show=appeals"))
    assert set(rows) == {round_["restraint"].pk, round_["ended"].pk}
    assert "Ended" in rows[round_["ended"].pk] and "—" in rows[round_["ended"].pk]  # no cell, no review


def test_headquarters_choose_a_prison(client, sign_in, here, round_, make_staff):
    sign_in(client, make_staff("hq", roles.HQ_VEP, nationwide=True))
    everywhere = page(client, reverse("measures:list"))
    assert "Elsewhere" in everywhere and "All my prisons" in everywhere
    one = page(client, reverse("measures:list") + f"?prison={here.prison.pk}")
    assert "Elsewhere" not in one and len(rows_of(one)) == 3


def test_the_list_and_a_measure_in_a_fixed_number_of_queries(
    client, sign_in, here, round_, django_assert_max_num_queries
):
    sign_in(client, here.director)
    with django_assert_max_num_queries(20) as few:
        page(client, reverse("measures:list"))
    for n in range(6):
        measure = imposed(here.director, held(here.prison, given_names=f"More{n}"), first=1, hours=12)
        services.appeal_lodge(actor=here.wing, measure=measure, lodged_on=TODAY(), grounds="No")
    # One more query for each person added: the read in their file's log (Rule 9), nothing else.
    with django_assert_max_num_queries(len(few.captured_queries) + 6):
        page(client, reverse("measures:list"))
    measure = round_["visited"]
    for n in range(3):
        services.appeal_lodge(actor=here.wing, measure=measure, lodged_on=TODAY(), grounds=f"Appeal {n}")
    with django_assert_max_num_queries(30):
        page(client, reverse("measures:detail", args=[measure.pk]))


def test_the_oversight_page_is_linked_for_those_who_oversee(client, sign_in, here, make_staff):
    sign_in(client, here.director)
    assert 'id="measures-oversight"' in page(client, reverse("measures:list"))
    sign_in(client, here.nurse)
    html = page(client, reverse("measures:list"))
    assert 'id="measures-oversight"' not in html
    assert client.get(reverse("oversight:measures")).status_code == 403


def test_a_form_refused_because_the_measure_changed_meanwhile_says_why(client, sign_in, here, make_staff):
    measure = imposed(here.director, held(here.prison), first=1)
    appeal = services.appeal_lodge(actor=here.wing, measure=measure, lodged_on=TODAY(), grounds="Unfair")
    services.appeal_decide(actor=here.deputy, appeal=appeal, outcome="dismissed", note="Lawful")
    sign_in(client, make_staff("hq", roles.HQ_VEP, nationwide=True))
    response = client.post(
        reverse("measures:appeal_decide", args=[appeal.pk]),
        {f"decide-{appeal.pk}-outcome": "upheld", f"decide-{appeal.pk}-decision_note": "Unlawful"},
    )
    assert response.status_code == 200
    assert "This appeal has already been decided." in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.outcome == "dismissed"
