"""The assessment pages: what each role sees and may do, the rating form keeping everything
entered, the worklist in a fixed number of queries, and section rights."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.assessment import services
from custodia.assessment.models import Assessment, ReassessmentTrigger
from custodia.estate.tests.factories import CellFactory, PrisonFactory
from custodia.register import services as register_services
from custodia.register.choices import MovementKind
from custodia.register.tests.factories import admit

from .factories import completed, full_ratings, team

pytestmark = pytest.mark.django_db


def test_a_case_manager_starts_rates_and_submits_from_the_file(client, make_staff):
    t = team(make_staff)
    client.force_login(t.assessor)
    file_page = client.get(reverse("register:prisoner_detail", args=[t.prisoner.pk])).content.decode()
    assert 'data-instrument="general_screening"' in file_page and 'data-instrument="women_needs"' in file_page
    assert 'data-instrument="vep_spj"' not in file_page  # not linked to violent extremism
    response = client.post(reverse("assessment:start", args=[t.prisoner.pk]), {"instrument": "general_screening"})
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessment:edit", args=[assessment.pk])
    form = client.get(response["Location"]).content.decode()
    assert "Illustrative, not validated" in form and 'name="escape_risk"' in form

    # Submitted with two items missing: refused on those items, and what was entered is kept as a draft.
    data = {"version": assessment.version, "action": "submit"}
    for code, rating in full_ratings("general_screening").items():
        if code not in ("education", "peers"):
            data[code], data[f"{code}_evidence"] = rating.value, rating.evidence
    page = client.post(reverse("assessment:edit", args=[assessment.pk]), data)
    assert page.status_code == 200
    assert page.content.decode().split('id="rating-form"')[1].count("Rate this item.") == 2  # and in the summary
    assessment.refresh_from_db()
    assert assessment.status == "draft" and assessment.ratings.count() == 10

    data.update({"education": 2, "peers": 0, "version": assessment.version})
    response = client.post(reverse("assessment:edit", args=[assessment.pk]), data)
    assert response["Location"] == reverse("assessment:detail", args=[assessment.pk])
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.total_score == 12

    # The author cannot countersign; the second assessor can.
    detail = client.get(reverse("assessment:detail", args=[assessment.pk])).content.decode()
    assert "Countersign" not in detail.split('id="h-result"')[1]
    client.force_login(t.second)
    client.post(reverse("assessment:countersign", args=[assessment.pk]), {"version": assessment.version})
    assessment.refresh_from_db()
    assert assessment.status == "final"


def test_a_stale_form_is_refused_and_says_who_changed_what(client, make_staff):
    t = team(make_staff)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    seen = assessment.version
    services.assessment_rate(
        actor=t.second, assessment=assessment, ratings={"education": full_ratings("general_screening")["education"]}
    )
    client.force_login(t.assessor)
    page = client.post(
        reverse("assessment:edit", args=[assessment.pk]), {"version": seen, "action": "save", "education": 0}
    ).content.decode()
    assert t.second.username in page and "Assessment ratings saved" in page
    assert assessment.ratings.get(item_code="education").value == 1


def test_section_rights_decide_which_assessments_are_seen(client, make_staff, sign_in):
    t = team(make_staff, vep=True)
    general = completed(t, "general_screening")
    women = completed(t, "women_needs")
    security = make_staff("security-here", roles.SECURITY, prisons=[t.prisoner.current_prison])
    sign_in(client, security)  # security officers sign in with two factors
    page = client.get(reverse("register:prisoner_detail", args=[t.prisoner.pk])).content.decode()
    section = page.split('id="assessments"')[1].split("</section>")[0]
    assert reverse("assessment:detail", args=[general.pk]) in section
    assert reverse("assessment:detail", args=[women.pk]) not in section and "Withheld" in section
    assert client.get(reverse("assessment:detail", args=[women.pk])).status_code == 404
    # A wing officer has no right to assessments at all: the section is withheld, never empty.
    wing = make_staff("wing-here", roles.WING, prisons=[t.prisoner.current_prison])
    client.force_login(wing)
    page = client.get(reverse("register:prisoner_detail", args=[t.prisoner.pk])).content.decode()
    assert "withheld" in page.split('id="assessments"')[1].split("</section>")[0]
    assert client.get(reverse("assessment:detail", args=[general.pk])).status_code == 403


def test_the_director_reads_but_does_not_rate(client, make_staff):
    t = team(make_staff)
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    director = make_staff("director-here", roles.DIRECTOR, prisons=[t.prisoner.current_prison])
    client.force_login(director)
    assert client.get(reverse("assessment:detail", args=[assessment.pk])).status_code == 200
    assert client.get(reverse("assessment:edit", args=[assessment.pk])).status_code == 403
    assert (
        client.post(reverse("assessment:start", args=[t.prisoner.pk]), {"instrument": "women_needs"}).status_code == 403
    )


def test_each_step_is_offered_only_to_who_may_take_it(client, make_staff):
    t = team(make_staff)
    director = make_staff("director-here", roles.DIRECTOR, prisons=[t.prisoner.current_prison])
    assessment = services.assessment_start(actor=t.assessor, prisoner=t.prisoner, instrument_id="general_screening")
    detail, edit = reverse("assessment:detail", args=[assessment.pk]), reverse("assessment:edit", args=[assessment.pk])
    for user, offered in ((t.assessor, True), (director, False)):
        client.force_login(user)
        assert (edit in client.get(detail).content.decode()) is offered
        file_page = client.get(reverse("register:prisoner_detail", args=[t.prisoner.pk])).content.decode()
        assert ('data-instrument="women_needs"' in file_page) is offered
        assert (reverse("assessment:trigger_create", args=[t.prisoner.pk]) in file_page) is offered
    services.assessment_rate(actor=t.assessor, assessment=assessment, ratings=full_ratings("general_screening"))
    services.assessment_submit(actor=t.assessor, assessment=assessment)
    countersign = reverse("assessment:countersign", args=[assessment.pk])
    give_back = reverse("assessment:return", args=[assessment.pk])
    # The one who made it may not review it; a director, who does not assess, neither.
    for user, offered in ((t.second, True), (t.assessor, False), (director, False)):
        client.force_login(user)
        page = client.get(detail).content.decode()
        assert (countersign in page) is offered and (give_back in page) is offered


def test_a_former_prison_sees_the_assessments_it_made_only(client, make_staff, staff_user):
    t = team(make_staff)
    ours = completed(t, "general_screening")
    receiving = PrisonFactory()
    register_services.movement_record(
        actor=staff_user,
        prisoner=t.prisoner,
        data=register_services.MovementData(
            kind=MovementKind.TRANSFER, occurred_at=timezone.now(), to_prison=receiving
        ),
    )
    their_cm = make_staff("cm-receiving", roles.CASE_MANAGER, prisons=[receiving])
    theirs = services.assessment_start(actor=their_cm, prisoner=t.prisoner, instrument_id="women_needs")
    client.force_login(t.assessor)
    assert client.get(reverse("assessment:detail", args=[ours.pk])).status_code == 200
    assert client.get(reverse("assessment:detail", args=[theirs.pk])).status_code == 404
    page = client.get(reverse("register:prisoner_detail", args=[t.prisoner.pk])).content.decode()
    assert 'id="assessments-due"' not in page  # nothing to start: the person is held elsewhere


def test_worklist_shows_overdue_and_due_work_in_fixed_queries(client, make_staff, django_assert_max_num_queries):
    cell = CellFactory()
    prison = cell.unit.prison
    director = make_staff("director-worklist", roles.DIRECTOR, prisons=[prison])
    long_ago = admit(cell=cell, given_names="Early", admitted_at=timezone.now() - timedelta(days=40))
    admit(cell=cell, given_names="Recent")
    client.force_login(director)
    url = reverse("assessment:worklist") + f"?prison={prison.pk}"
    client.get(url)  # warm the per-user caches that every page shares
    with django_assert_max_num_queries(14) as small:
        page = client.get(url).content.decode()
    assert 'id="count-overdue">2 overdue' in page  # general screening and women's module for the early one
    assert page.index("Early") < page.index("Recent")
    for n in range(5):
        admit(cell=cell, given_names=f"More{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
    # An event brings the due date forward and says why.
    case_manager = make_staff("cm-worklist", roles.CASE_MANAGER, prisons=[prison])
    services.reassessment_trigger_record(
        actor=case_manager, prisoner=long_ago, event="release_planning", occurred_on=timezone.localdate()
    )
    assert ReassessmentTrigger.objects.count() == 1
    overdue = client.get(url + "&urgency=overdue").content.decode()
    assert "Early" in overdue and "Recent" not in overdue


def test_recording_an_event_from_the_file(client, make_staff):
    t = team(make_staff)
    client.force_login(t.assessor)
    url = reverse("assessment:trigger_create", args=[t.prisoner.pk])
    page = client.get(url).content.decode()
    # Only the events entered by hand are offered; the page says where the two others come from.
    assert 'value="transfer"' in page and 'value="serious_incident"' not in page
    assert 'value="reliable_intelligence"' not in page and 'id="events-from-records"' in page
    future = client.post(url, {"event": "transfer", "occurred_on": timezone.localdate() + timedelta(days=2)})
    assert "The date cannot be in the future." in future.content.decode()
    for event in ("serious_incident", "reliable_intelligence"):
        refused = client.post(url, {"event": event, "occurred_on": timezone.localdate(), "note": "Fight"})
        assert refused.status_code == 200 and "is not entered by hand" in refused.content.decode()
    assert not ReassessmentTrigger.objects.exists()
    response = client.post(url, {"event": "transfer", "occurred_on": timezone.localdate(), "note": "To Luzira"})
    assert response.status_code == 302 and ReassessmentTrigger.objects.get().note == "To Luzira"


def test_opening_an_assessment_is_logged_in_bounded_queries(client, make_staff, django_assert_max_num_queries):
    from custodia.core.models import AuditEvent

    t = team(make_staff, vep=True)
    assessment = completed(t, "vep_spj")
    client.force_login(t.second)
    url = reverse("assessment:detail", args=[assessment.pk])
    client.get(url)
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert 'id="judgement"' in page and "Protective" in page
    reads = AuditEvent.objects.filter(action="read", object_type="assessment.assessment", object_id=str(assessment.pk))
    assert reads.count() == 2 and reads.first().actor == t.second
