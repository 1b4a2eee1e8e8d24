from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .home import HOME
from .rights import PUBLIC, SIGNED_IN, requires


@requires(GET=SIGNED_IN)
def home(request):
    """Each member of staff lands on the work of their roles (core.home). One whose rights come
    from a group made for a post, with no role of Custodia's, lands on the first page they open."""
    parts = HOME.parts_for(request.user)
    if parts:
        return render(request, "core/home.html", {"parts": parts})
    for right, page in (
        ("accounts.view_prisoner_file", "register:prisoner_list"),
        ("accounts.view_statistics", "oversight:statistics"),
        ("accounts.view_estate", "estate:prison_list"),
    ):
        if request.user.has_perm(right):
            return redirect(page)
    return render(request, "core/home.html", {"parts": []})


@requires(GET=PUBLIC)
@login_not_required
def ping(request):
    """The lightest possible view: the framework floor in benchmarks, a health check in operations."""
    return HttpResponse("ok", content_type="text/plain")
