"""Rule 7: what the register holds of a person's admission. Only what it can see missing counts
(rules.admission_gaps says which and why the rest is left out)."""

from collections.abc import Collection, Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.register.models import Admission, FamilyMember, Photograph, Prisoner, PropertyItem

from ..base import Tally
from ..held import BLANK, held, latest_admission, listed, tally_people
from ..rules import AdmissionFacts, AdmissionGap, admission_gaps


def _people(prisons: Sequence[Prison]) -> QuerySet[Prisoner]:
    return held(prisons).annotate(admission_id=latest_admission())


def _lacking() -> Q:
    """rules.admission_gaps in SQL, on people annotated with `admission_id`: the same five gaps,
    so that the database counts what the rule names (the test holds them together)."""
    admission = Admission.objects.filter(pk=OuterRef("admission_id"))
    commitment = Q(commitment_authority__regex=BLANK) | Q(commitment_reference__regex=BLANK)
    commitment |= Q(commitment_reasons__regex=BLANK)
    arrest = Q(arrested_at__isnull=True) | Q(arrest_place__regex=BLANK)
    return (
        Q(admission_id__isnull=True)  # no admission at all: nothing of Rule 7 (b)-(e) is there
        | ~Exists(Photograph.objects.filter(prisoner=OuterRef("pk")))
        | Exists(admission.filter(commitment | arrest))
        | ~Exists(PropertyItem.objects.filter(admission=OuterRef("admission_id")))
        | ~Exists(FamilyMember.objects.filter(prisoner=OuterRef("pk")))
    )


class AdmissionRecord:
    key: str = "rule-7-admission"
    rule: Promise = _("Rule 7")
    title: Promise = _("Admission record complete")
    definition: Promise = _(
        "People held whose file lacks something Rule 7 asks to be recorded on admission: a "
        "photograph for identification; the committing authority, order and reasons; the date, "
        "time and place of arrest; an inventory of property (at least one item); a family member "
        "or emergency contact. The date or estimated year of birth is always recorded. Custodia "
        "cannot see whether injuries and complaints of ill-treatment were asked about, since an "
        "empty answer also means there were none, nor tell a person who brought nothing from an "
        "inventory not made."
    )
    unit: Promise = _("people held")
    not_recorded: Promise | None = None

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        return tally_people(_people(prisons), _lacking(), prisons)

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        return listed(_people([prison]).filter(_lacking()), user=user)

    def gaps(self, people: Collection[Prisoner]) -> dict[int, tuple[AdmissionGap, ...]]:
        """What each person's record lacks (rules.admission_gaps), for a page of people: three
        queries whatever their number."""
        ids = [person.pk for person in people]
        photographed = set(Photograph.objects.filter(prisoner__in=ids).values_list("prisoner_id", flat=True))
        relatives = dict(
            FamilyMember.objects.filter(prisoner__in=ids)
            .order_by()
            .values("prisoner")
            .annotate(n=Count("pk"))
            .values_list("prisoner", "n")
        )
        latest: dict[int, AdmissionFacts] = {}
        rows = (
            Admission.objects.filter(prisoner__in=ids)
            .annotate(items=Count("property_items"))
            .order_by("prisoner_id", "admitted_at", "id")  # each person's latest comes last
            .values_list(
                "prisoner_id",
                "commitment_authority",
                "commitment_reference",
                "commitment_reasons",
                "arrested_at",
                "arrest_place",
                "items",
            )
        )
        for prisoner_id, authority, reference, reasons, arrested_at, place, items in rows:
            latest[prisoner_id] = AdmissionFacts(
                has_photograph=prisoner_id in photographed,
                commitment=(authority, reference, reasons),
                arrested_at_known=arrested_at is not None,
                arrest_place=place,
                property_items=items,
                family_members=relatives.get(prisoner_id, 0),
            )
        gaps = {}
        for pk in ids:
            # A file without an admission (imported from paper) lacks all the admission holds.
            facts = latest.get(pk) or AdmissionFacts(
                pk in photographed, ("", "", ""), False, "", 0, relatives.get(pk, 0)
            )
            gaps[pk] = admission_gaps(facts)
        return gaps


ADMISSION_RECORD = AdmissionRecord()
