"""Rule 57: requests and complaints answered promptly, allegations of torture or ill-treatment
dealt with promptly by an independent authority. The complaints module says what is overdue
(complaints.selectors.overdue_q) and which allegations are not referred in time
(referral_missing_q); this check counts them prison by prison.

Complaints made in confidence to the inspection body are left out, counts and names alike:
counted per prison they could tell a director who complained, which the complaints figures never
let them see (complaints.figures). The inspection body follows them on its own pages."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.complaints.choices import Addressee, Status
from custodia.complaints.models import Complaint
from custodia.complaints.selectors import complaints_visible, overdue_q, referral_missing_q
from custodia.estate.models import Prison
from custodia.estate.selectors import active_profile
from custodia.register.models import Prisoner

from ..base import Tally
from ..held import listed


def _short(today: date) -> Q:
    return overdue_q(today) | referral_missing_q(today, active_profile().complaints.referral_days)


def _checked(complaints: QuerySet[Complaint], prisons: Sequence[Prison]) -> QuerySet[Complaint]:
    """What the prison owes an answer or a referral: awaiting an answer (or the answer on appeal),
    or an allegation not yet referred. A complaint of a person since released or transferred still
    counts at the prison it concerns: the answer is owed all the same."""
    awaiting = Q(status__in=(Status.OPEN, Status.APPEALED)) | Q(allegation=True, referred_on__isnull=True)
    return (
        complaints.filter(prison__in=prisons, prisoner__merged_into__isnull=True)
        .exclude(addressee=Addressee.INSPECTION)
        .filter(awaiting)
        .exclude(status=Status.CLOSED)
    )


class Complaints:
    key: str = "rule-57-complaints"
    rule: Promise = _("Rule 57")
    title: Promise = _("Requests and complaints answered in time")
    definition: Promise = _(
        "Requests and complaints still unanswered after the day their answer (or the answer on "
        "appeal) was due, and allegations of torture or ill-treatment not referred to an "
        "independent authority within the days the service allows (Rules 56 and 57). Those made "
        "in confidence to the inspection body are not counted here, so that no prison's count can "
        "reveal who complained."
    )
    unit: Promise = _("complaints awaiting an answer or a referral")
    not_recorded: Promise | None = None

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        rows = (
            _checked(Complaint.objects.all(), prisons)
            .order_by()
            .values("prison")
            .annotate(checked=Count("pk"), short=Count("pk", filter=_short(today)))
        )
        found = {row["prison"]: Tally(row["checked"], row["short"]) for row in rows}
        return {prison.pk: found.get(prison.pk, Tally(0, 0)) for prison in prisons}

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        # Only the complaints the reader may see name anyone (complaints_visible).
        seen = _checked(complaints_visible(user=user), [prison]).filter(_short(today))
        return listed(Prisoner.objects.filter(pk__in=seen.values("prisoner")), user=user)


COMPLAINTS = Complaints()
