"""The oversight pages count on the replica when there is one, and nothing else does
(custodia.core.replica, docs/deployment.md). PostgreSQL only: the replica here is a second database,
a copy of the test database made before the test, opened read-only as the settings open a standby.
What a test writes on `default` afterwards is not in the copy, as a change not yet replicated."""

import os
from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import InternalError, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custodia.accounts import roles
from custodia.core.actions import AuditAction
from custodia.core.models import AuditEvent
from custodia.core.replica import REPLICA, reads_from_replica, replica_database
from custodia.estate.tests.factories import PrisonFactory
from custodia.oversight.models import ComplianceSnapshot
from custodia.oversight.selectors import population_counts
from custodia.oversight.services import compliance_snapshot_record
from custodia.register.models import Prisoner
from custodia.register.tests.factories import admit

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the replica is a PostgreSQL standby"
    ),
    pytest.mark.django_db(databases=["default", REPLICA]),
]

SUFFIX = "replica"


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The `replica` alias configured as DATABASE_REPLICA_URL configures it, pointing at a copy of
    this worker's test database (CREATE DATABASE ... TEMPLATE, as Django copies test databases for
    parallel runs). The copy is made once for the module, before any test writes; the test's
    transaction is not opened on it (a test mirror), so it sees none of what the test writes."""
    with django_db_blocker.unblock():
        default = connections["default"]
        default.creation.clone_test_db(suffix=SUFFIX, verbosity=0)
        name = default.creation.get_test_db_clone_settings(SUFFIX)["NAME"]
        databases = connections.settings  # settings.DATABASES itself: the router looks for the alias there
        databases[REPLICA] = replica_database({**default.settings_dict, "NAME": name})
        try:
            yield
        finally:
            connections[REPLICA].close()
            del connections[REPLICA]
            del databases[REPLICA]
            default.creation.destroy_test_db(verbosity=0, suffix=SUFFIX)


def people_counted(user) -> int:
    return sum(population_counts(user=user).groups.values())


def test_marked_reads_come_from_the_replica_and_the_rest_from_default(replica, staff_user):
    before = Prisoner.objects.on_roll().count()
    prison = PrisonFactory()
    for _ in range(3):
        admit(actor=staff_user, prison=prison)

    with reads_from_replica():
        assert Prisoner.objects.on_roll().count() == before  # the copy has not seen the admissions
    assert Prisoner.objects.on_roll().count() == before + 3

    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        assert people_counted(staff_user) == before
    assert any("register_prisoner" in query["sql"] for query in on_replica.captured_queries)
    assert not any("register_prisoner" in query["sql"] for query in on_default.captured_queries)


def test_inside_a_transaction_marked_reads_stay_on_default(replica, staff_user):
    """A transaction reads back what it wrote: the replica has not seen it yet."""
    before = Prisoner.objects.on_roll().count()
    with transaction.atomic(), reads_from_replica():
        admit(actor=staff_user, prison=PrisonFactory())
        assert Prisoner.objects.on_roll().count() == before + 1


def test_the_replica_refuses_writes_and_marked_blocks_write_to_default(replica, staff_user):
    with pytest.raises(InternalError, match="read-only transaction"), transaction.atomic(using=REPLICA):
        Group.objects.using(REPLICA).create(name="Written on the replica")

    with reads_from_replica():
        person = admit(actor=staff_user, prison=PrisonFactory())
    assert Prisoner.objects.filter(pk=person.pk).exists()


def test_a_counted_page_reads_the_replica_and_audits_its_export_on_default(replica, client, make_staff, sign_in):
    hq = make_staff("hq-replica", roles.HQ_STATISTICS, nationwide=True)
    sign_in(client, hq)
    PrisonFactory(name="Luzira")
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = client.get(reverse("oversight:compliance"), {"csv": "compliance"})
    assert response.status_code == 200
    assert on_replica.captured_queries, "the compliance counts were not read from the replica"
    assert AuditEvent.objects.filter(actor=hq, action=AuditAction.EXPORT).count() == 1


def test_an_object_read_from_the_replica_is_written_to_default(replica):
    """Django would send the save of an object to the database it was read from, the read-only
    replica: the router sends every write to default."""
    with reads_from_replica():
        group = Group.objects.order_by("pk").first()  # the roles the migrations seed, in both
    assert group is not None and group._state.db == REPLICA
    group.name = "Renamed on default"
    group.save()
    assert Group.objects.get(pk=group.pk).name == "Renamed on default"


def test_the_uncts_export_counts_on_the_replica(replica, tmp_path):
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        call_command("export_uncts", year=2025, output=tmp_path / "uncts.csv", stdout=StringIO())
    assert any("register_prisoner" in query["sql"] for query in on_replica.captured_queries)
    assert (tmp_path / "uncts.csv").stat().st_size > 0


def test_the_compliance_snapshot_counts_on_the_replica_and_records_on_default(replica, staff_user):
    """The copy has not seen the people admitted after it was made: the day's figures count as the
    standby would, and the rows land on the primary."""
    prison = PrisonFactory()  # after the copy: known on default only, as the list of prisons is read there
    admit(actor=staff_user, prison=prison)
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        recorded = compliance_snapshot_record()
    assert on_replica.captured_queries, "the compliance counts were not read from the replica"
    assert ComplianceSnapshot.objects.filter(day=recorded.day, prison=prison).count() == recorded.checks
    assert not ComplianceSnapshot.objects.using(REPLICA).filter(day=recorded.day).exists()
