"""Web views of the information given on admission: the sheet in each language (to read on
screen, print or download as a PDF), what a person was given, and who still awaits it."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from custodia.core import audit
from custodia.core.http import AuthenticatedRequest
from custodia.core.paging import page_of
from custodia.core.pdf import html_to_pdf
from custodia.core.refusals import form_step
from custodia.core.rights import requires
from custodia.estate.selectors import active_profile
from custodia.jobs.exports import export_answer
from custodia.register.models import Prisoner

from . import forms, rules, selectors, services, sheet
from .exports import awaiting_selection

VIEW, RECORD = selectors.VIEW, selectors.RECORD


def _drawn(language: str) -> sheet.Drawn:
    try:
        return sheet.drawn(active_profile(), language)
    except KeyError as exc:
        raise Http404(_("The sheet is not given in this language.")) from exc


@requires(GET=VIEW)
def sheet_page(request: AuthenticatedRequest, language: str) -> HttpResponse:
    return render(
        request,
        "induction/sheet_page.html",
        {"sheet": _drawn(language), "sheet_languages": sheet.languages(active_profile())},
    )


@requires(GET=VIEW)
def sheet_pdf(request: AuthenticatedRequest, language: str) -> HttpResponse:
    drawn = _drawn(language)
    content = html_to_pdf(render_to_string("induction/sheet_pdf.html", {"sheet": drawn}))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="information-sheet-v{drawn.version}-{language}.pdf"'
    return response


def _person(request: AuthenticatedRequest, prisoner_id: int) -> Prisoner:
    try:
        return selectors.people(user=request.user).select_related("current_prison").get(pk=prisoner_id)
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc


def _person_page(request: AuthenticatedRequest, prisoner: Prisoner, form: forms.GivenForm | None) -> HttpResponse:
    may_record = services.record_refusal(request.user, prisoner) is None
    languages = sheet.languages(active_profile())
    return render(
        request,
        "induction/person.html",
        {
            "prisoner": prisoner,
            "records": selectors.given_to(user=request.user, prisoner_id=prisoner.pk),
            "sheet_languages": languages,
            "form": (form or forms.GivenForm(languages=languages)) if may_record else None,
        },
    )


@requires(GET=VIEW, POST=RECORD)
def person(request: AuthenticatedRequest, prisoner_id: int) -> HttpResponse:
    prisoner = _person(request, prisoner_id)
    if request.method != "POST":
        audit.record_read(actor=request.user, obj=prisoner, reason="information given on admission")
        return _person_page(request, prisoner, None)
    form = forms.GivenForm(request.POST, languages=sheet.languages(active_profile()))
    return form_step(
        request,
        form,
        lambda data: services.information_given_record(
            actor=request.user, prisoner=prisoner, data=services.GivenData(**data)
        ),
        done=_("The information given is recorded."),
        back=reverse("induction:person", args=[prisoner.pk]),
        again=lambda bound: _person_page(request, prisoner, bound),  # type: ignore[arg-type]
    )


@requires(GET=VIEW)
def awaiting(request: AuthenticatedRequest) -> HttpResponse:
    """The people not yet given the sheet since their latest admission, longest waiting first, at
    one prison or at all the prisons the user works at. Headquarters staff choose a prison: the
    sheet is given at reception, and a list of a whole country's roll would help nobody."""
    # The list as CSV or XLSX, the same rows as the page (induction.exports; custodia.jobs).
    if (export := export_answer(request, "induction-awaiting")) is not None:
        return export
    chosen = awaiting_selection(request.user, request.GET)
    prisons, prison, choose = chosen.prisons, chosen.prison, chosen.choose
    context = page_of(request, chosen.people, 50)
    today = timezone.localdate()
    context["rows"] = [
        (person, rules.late(timezone.localdate(person.admitted_at), today)) for person in context["page"]
    ]
    context.update(prisons=prisons, prison=prison, choose=choose)
    return render(request, "induction/awaiting.html", context)
