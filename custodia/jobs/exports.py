"""The export control of a list page: `?format=csv|xlsx` answered at once for a small list, as a
background job for a large one (docs/exports.md). A view calls `export_answer` first:

    if (answer := export_answer(request, "prisoners")) is not None:
        return answer
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from custodia.core.exports import download, request_filters, requested_format

from . import exporters, services


def export_answer(request: HttpRequest, name: str) -> HttpResponse | None:
    fmt = requested_format(request)
    if fmt is None:
        return None
    params = request_filters(request)
    table = exporters.build(name, user=request.user, params=params)
    if table.count <= settings.EXPORT_SYNC_LIMIT:
        return download(request.user, table, fmt)
    job = services.export_job_create(actor=request.user, table=table, fmt=fmt, params=params)
    return redirect("jobs:detail", job.pk)
