"""What the checks about people held share: who is on the roll, the counts by prison in one query,
and the people listed only as the reader may open them."""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery

from custodia.core.days import day_start
from custodia.estate.models import Prison
from custodia.register.models import Admission, Prisoner
from custodia.register.selectors import file_visible

from .base import Tally

Condition = Q | Exists

# Text a field holds that says nothing: empty, or only spaces (an import may leave either).
BLANK = r"^\s*$"


def admitted_before(day: date) -> Q:
    """On people annotated with `admitted_at` (latest_admission("admitted_at")): admitted, on the
    service's local calendar, before `day`."""
    return Q(admitted_at__lt=day_start(day))


def latest_admission(field: str = "pk") -> Subquery:
    """A field of the person's latest admission (their present stay), for an outer query of people;
    null for a file without an admission (one imported from paper)."""
    return Subquery(Admission.objects.filter(prisoner=OuterRef("pk")).order_by("-admitted_at", "-id").values(field)[:1])


def held(prisons: Sequence[Prison]) -> QuerySet[Prisoner]:
    """The people on the roll of `prisons` today (register's on_roll: at court, in hospital or on
    temporary release included, as the occupancy counts them); a merged file is nobody."""
    return Prisoner.objects.on_roll().filter(current_prison__in=prisons, merged_into__isnull=True)


def tally_people(people: QuerySet[Prisoner], short: Condition, prisons: Sequence[Prison]) -> dict[int, Tally]:
    """{prison id: Tally} of `people` (held at `prisons`), those matching `short` falling short: one
    query whatever the number of prisons; a prison with no one held gets Tally(0, 0)."""
    rows = (
        people.annotate(falls_short=ExpressionWrapper(short, output_field=BooleanField()))
        .order_by()
        .values("current_prison")
        .annotate(checked=Count("pk"), short=Count("pk", filter=Q(falls_short=True)))
    )
    found = {row["current_prison"]: Tally(row["checked"], row["short"]) for row in rows}
    return {prison.pk: found.get(prison.pk, Tally(0, 0)) for prison in prisons}


def listed(people: QuerySet[Prisoner], *, user: User) -> QuerySet[Prisoner]:
    """`people` the user may open (register.selectors.visible_prisoners, as an EXISTS per row):
    none for a reader without the right to open files."""
    return people.filter(file_visible(user=user, person="pk")).order_by("display_name", "number")


def tally_rows(rows: Iterable[tuple[int, bool]], prisons: Sequence[Prison]) -> dict[int, Tally]:
    """{prison id: Tally} of rows (prison id, falls short) a check worked out in Python."""
    checked: Counter[int] = Counter()
    short: Counter[int] = Counter()
    for prison_id, falls_short in rows:
        checked[prison_id] += 1
        short[prison_id] += falls_short
    return {prison.pk: Tally(checked[prison.pk], short[prison.pk]) for prison in prisons}
