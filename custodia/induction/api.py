"""The information given on admission over HTTP: the sheet in each language (for a tablet at
reception), what a person was given, and recording it, through the same selectors and services
as the pages."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from custodia.core import audit
from custodia.core.api import ERROR_RESPONSES, NOT_FOUND_RESPONSES, WRITE_RESPONSES, refusals
from custodia.core.http import AuthenticatedRequest
from custodia.core.rights import requires
from custodia.estate.selectors import active_profile

from . import selectors, services, sheet
from .schemas import GivenIn, GivenListIn, GivenOut, SheetLanguageOut, SheetOut, SheetSectionOut

router = Router(tags=["information on admission"])
VIEW, RECORD = selectors.VIEW, selectors.RECORD


@router.get(
    "/sheets",
    response={200: list[SheetLanguageOut], **ERROR_RESPONSES},
    summary="The languages the sheet is given in",
    description="The interface's languages the country profile offers, then those it adds, each by its own name.",
)
@requires(GET=VIEW)
def sheet_languages(request: AuthenticatedRequest) -> list[SheetLanguageOut]:
    return [SheetLanguageOut(code=code, name=name) for code, name in sheet.languages(active_profile())]


@router.get(
    "/sheets/{language}",
    response={200: SheetOut, **NOT_FOUND_RESPONSES},
    summary="The information sheet in one language",
    description="With the country profile's values in place; 404 for a language it is not given in.",
)
@requires(GET=VIEW)
def sheet_in(request: AuthenticatedRequest, language: str) -> SheetOut:
    try:
        drawn = sheet.drawn(active_profile(), language)
    except KeyError as exc:
        raise Http404(_("The sheet is not given in this language.")) from exc
    return SheetOut(
        version=drawn.version,
        language=drawn.language,
        right_to_left=drawn.right_to_left,
        title=drawn.title,
        introduction=drawn.introduction,
        sections=[SheetSectionOut(code=s.code, title=s.title, paragraphs=s.paragraphs) for s in drawn.sections],
        visits_per_month=drawn.visits_per_month,
    )


@router.get(
    "/given",
    response={200: list[GivenOut], **NOT_FOUND_RESPONSES},
    summary="When a person was given the sheet",
    description="For a person held where the user works (404 otherwise), newest first; the read is recorded.",
)
@requires(GET=VIEW)
def given_list(request: AuthenticatedRequest, filters: Query[GivenListIn]) -> list[GivenOut]:
    prisoner = selectors.people(user=request.user).filter(pk=filters.prisoner).first()
    if prisoner is None:
        raise Http404(_("No such prisoner."))
    audit.record_read(actor=request.user, obj=prisoner, reason="information given on admission")
    return [GivenOut.of(given, name) for given, name in selectors.given_to(user=request.user, prisoner_id=prisoner.pk)]


@router.post(
    "/given",
    response={201: GivenOut, **WRITE_RESPONSES},
    summary="Record that the sheet was given",
    description=(
        "Reception or the case manager of the prison that holds the person (403 otherwise), for the latest "
        "admission, on a day from that admission to today (422 otherwise)."
    ),
)
@requires(POST=RECORD)
def given_record(request: AuthenticatedRequest, payload: GivenIn) -> Status[GivenOut]:
    prisoner = selectors.people(user=request.user).filter(pk=payload.prisoner_id).first()
    if prisoner is None:
        raise Http404(_("No such prisoner."))
    data = services.GivenData(**payload.model_dump(exclude={"prisoner_id"}))
    with refusals(request):
        given = services.information_given_record(actor=request.user, prisoner=prisoner, data=data)
    return Status(201, GivenOut.of(given, sheet.current().languages.get(given.language, given.language)))
