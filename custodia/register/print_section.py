"""The file's way to its printed copies (file_pdf.py): the buttons in the file's summary, shown
to those selectors.print_refusal lets print them, as the networks' button is."""

from typing import Any

from django.contrib.auth.models import User

from . import selectors
from .choices import FileCopy
from .selectors import PrisonerFile


def context_for(*, user: User, file: PrisonerFile) -> dict[str, Any]:
    return {
        "may_print_file": selectors.print_refusal(user=user, file=file, copy=FileCopy.STAFF) is None,
        "may_print_own_copy": selectors.print_refusal(user=user, file=file, copy=FileCopy.OWN) is None,
    }
