"""Rules 54-55: on admission every person is given written information on the rules, their rights
and how to make requests and complaints. The induction module records its giving and names who
still awaits it (induction.selectors.awaiting_information); this check counts, prison by prison,
those who have waited longer than induction.rules allows."""

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from custodia.estate.models import Prison
from custodia.induction.models import InformationGiven
from custodia.induction.rules import DUE_WITHIN_DAYS
from custodia.register.models import Prisoner

from ..base import Tally
from ..held import admitted_before, held, latest_admission, listed, tally_people
from ..rules import late_if_admitted_before
from ..texts import filled


def _people(prisons: Sequence[Prison]) -> QuerySet[Prisoner]:
    # Admitted through Custodia: awaiting_information leaves out a file without an admission too.
    return (
        held(prisons)
        .annotate(admission_id=latest_admission(), admitted_at=latest_admission("admitted_at"))
        .filter(admission_id__isnull=False)
    )


def _not_told(today: date) -> Q:
    # The sheet given for the latest admission, as awaiting_information asks it.
    given = Exists(InformationGiven.objects.filter(admission_id=OuterRef("admission_id")))
    return admitted_before(late_if_admitted_before(today, DUE_WITHIN_DAYS)) & Q(~given)


class InformationOnAdmission:
    key: str = "rules-54-55-information"
    rule: Promise = _("Rules 54-55")
    title: Promise = _("Information given on admission")
    definition: Promise = filled(
        _(
            "People admitted more than {days} days ago who have not been given the information sheet "
            "(the prison's rules, their rights, how to make requests and complaints, legal aid, visits) "
            "since their latest admission (Rules 54 and 55). Custodia sees only a giving recorded on the "
            "file; information given but not recorded counts as not given."
        ),
        days=lambda: DUE_WITHIN_DAYS,
    )
    unit: Promise = _("people held")
    not_recorded: Promise | None = None

    def tallies(self, *, prisons: Sequence[Prison], today: date) -> dict[int, Tally]:
        return tally_people(_people(prisons), _not_told(today), prisons)

    def people(self, *, user: User, prison: Prison, today: date) -> QuerySet[Prisoner]:
        return listed(_people([prison]).filter(_not_told(today)), user=user)


INFORMATION_ON_ADMISSION = InformationOnAdmission()
