"""Security records for tests, made through the real services: for the security tests and for
the tests of several apps together (tests/)."""

from django.contrib.auth.models import User

from custodia.estate.tests.factories import PrisonFactory
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit
from custodia.security import services
from custodia.security.models import NonAssociation


def threatened_by_someone_elsewhere(actor: User, prisoner: Prisoner, other: Prisoner | None = None) -> NonAssociation:
    """An open non-association that `actor` records: `prisoner` threatened by `other`, a person
    held in another prison (admitted to a new one unless given), so the pair never shares a unit."""
    return services.non_association_open(
        actor=actor,
        prisoner=prisoner,
        other=other or admit(prison=PrisonFactory(), given_names="Other"),
        level="prison",
        reason="threats",
        role="victim",
        other_role="aggressor",
        comment="Threatened in the yard",
    ).non_association
