"""The file printed as a PDF (file_pdf.py): the file as its reader sees it, and the person's own
copy (Mandela Rule 9). Thin: the print, its refusal and its logging are file_pdf's."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from custodia.core.http import staff_user
from custodia.core.rights import requires, right

from . import file_pdf
from .choices import FileCopy
from .models import Prisoner

OPEN_FILES = right("view_prisoner_file")
PRINT_OWN_COPY = right("print_own_file_copy")


def _printed(request: HttpRequest, prisoner_id: int, copy: FileCopy) -> HttpResponse:
    try:
        printed = file_pdf.print_file(
            user=staff_user(request), prisoner_id=prisoner_id, copy=copy, reader_language=request.LANGUAGE_CODE
        )
    except Prisoner.DoesNotExist as exc:
        raise Http404(_("No such prisoner.")) from exc
    response = HttpResponse(printed.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    response["Content-Language"] = printed.language
    return response


@requires(GET=OPEN_FILES)
def file_pdf_view(request: HttpRequest, prisoner_id: int) -> HttpResponse:
    """The file as its reader sees it, each section they may not see withheld as on screen."""
    return _printed(request, prisoner_id, FileCopy.STAFF)


@requires(GET=PRINT_OWN_COPY)
def own_copy_pdf_view(request: HttpRequest, prisoner_id: int) -> HttpResponse:
    """The person's own copy of their file, in their language when the file names one."""
    return _printed(request, prisoner_id, FileCopy.OWN)
