from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from custodia.core.exports import CONTENT_TYPES
from custodia.core.http import staff_user, swaps_into
from custodia.core.paging import page_of
from custodia.core.rights import SIGNED_IN, requires, right

from . import selectors, services
from .choices import JobState
from .models import ExportJob

PAGE_SIZE = 50


def _own_job_or_404(request: HttpRequest, job_id: int) -> ExportJob:
    try:
        return selectors.export_job_get(user=staff_user(request), job_id=job_id)
    except ExportJob.DoesNotExist as exc:
        raise Http404 from exc


@requires(GET=SIGNED_IN)
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's progress, polled by htmx until it is done or failed, then the download link."""
    services.reap_stale_jobs()
    job = _own_job_or_404(request, job_id)
    context = {"job": job, "finished": job.state in (JobState.DONE, JobState.FAILED), "file": services.export_file(job)}
    template = "jobs/_job_progress.html" if swaps_into(request, "job-progress") else "jobs/job_detail.html"
    return render(request, template, context)


@requires(GET=SIGNED_IN)
def job_download(request: HttpRequest, job_id: int) -> HttpResponseBase:
    """The file, to who asked for it only, once complete and while it is kept."""
    job = _own_job_or_404(request, job_id)
    path = services.export_file(job)
    if path is None:
        raise Http404
    name = f"{job.list_name}-{job.created_at.date().isoformat()}.{job.format}"
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[job.format])


@requires(GET=right("manage_users"))
def job_list(request: HttpRequest) -> HttpResponse:
    """Every background job, with its state, who asked, when, and why it failed."""
    services.reap_stale_jobs()
    failed_tasks = selectors.task_list().filter(status="FAILED")[:20]
    return render(
        request,
        "jobs/job_list.html",
        {**page_of(request, selectors.job_list(), PAGE_SIZE), "failed_tasks": failed_tasks},
    )
