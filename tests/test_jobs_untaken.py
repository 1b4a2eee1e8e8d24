"""A job no worker takes is said to be one, to who asked and to the administrator: an export must
never wait in silence because the worker (manage.py db_worker) is not running."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from custodia.accounts import roles
from custodia.jobs.choices import JobState
from custodia.jobs.models import ExportJob

pytestmark = pytest.mark.django_db


def _job(user, *, waiting: timedelta) -> ExportJob:
    job = ExportJob.objects.create(requested_by=user, list_name="prisoners", title="People", format="csv", total=5000)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - waiting)
    return job


def test_a_job_waiting_past_a_minute_says_no_worker_took_it(client, sign_in, make_staff):
    officer = make_staff("reception", roles.RECEPTION, nationwide=True)
    fresh, stuck = _job(officer, waiting=timedelta(seconds=5)), _job(officer, waiting=timedelta(minutes=2))
    sign_in(client, officer)
    assert 'id="job-untaken"' not in client.get(reverse("jobs:detail", args=[fresh.pk])).content.decode()
    assert 'id="job-untaken"' in client.get(reverse("jobs:detail", args=[stuck.pk])).content.decode()

    sign_in(client, make_staff("admin", roles.ADMINISTRATOR, nationwide=True))
    page = client.get(reverse("jobs:list")).content.decode()
    assert page.count("no worker has taken it") == 1


def test_a_running_job_is_not_untaken():
    job = ExportJob(state=JobState.RUNNING, created_at=timezone.now() - timedelta(hours=1))
    assert not job.untaken
