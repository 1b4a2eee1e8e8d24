from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render


def home(request):
    """Each member of staff lands on the first page their role opens."""
    for right, page in (
        ("accounts.view_prisoner_file", "register:prisoner_list"),
        ("accounts.view_statistics", "oversight:statistics"),
        ("accounts.view_estate", "estate:prison_list"),
    ):
        if request.user.has_perm(right):
            return redirect(page)
    return render(request, "core/home.html")


@login_not_required
def ping(request):
    """The lightest possible view: the framework floor in benchmarks, a health check in operations."""
    return HttpResponse("ok", content_type="text/plain")
