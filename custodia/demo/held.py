"""The people on roll at one prison, as the demo's assessments and classifications pick them."""

from typing import TYPE_CHECKING, cast

from django.db.models import OuterRef, Subquery

from custodia.register.models import Admission, Prisoner
from custodia.register.selectors import terrorism_linked

if TYPE_CHECKING:
    from datetime import datetime
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    class _Annotations(TypedDict):
        is_vep: bool  # linked to violent extremism (register.selectors.terrorism_linked)
        admitted_at: datetime | None  # the latest admission

    HeldPrisoner = WithAnnotations[Prisoner, _Annotations]


def on_roll_at(prison_id: int) -> "list[HeldPrisoner]":
    """Everyone on roll at the prison, by id, with whether they are linked to violent extremism
    and when they were last admitted."""
    latest_admission = Admission.objects.filter(prisoner=OuterRef("pk")).order_by("-admitted_at").values("admitted_at")
    people = (
        Prisoner.objects.on_roll()
        .filter(current_prison_id=prison_id)
        .select_related("current_prison")
        .annotate(is_vep=terrorism_linked(), admitted_at=Subquery(latest_admission[:1]))
        .order_by("pk")
    )
    # The stubs type the annotations but not the rows a custom queryset yields.
    return cast("list[HeldPrisoner]", list(people))
