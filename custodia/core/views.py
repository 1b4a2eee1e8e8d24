from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect


def home(request):
    return redirect("register:prisoner_list")


@login_not_required
def ping(request):
    """The lightest possible view: the framework floor in benchmarks, a health check in operations."""
    return HttpResponse("ok", content_type="text/plain")
