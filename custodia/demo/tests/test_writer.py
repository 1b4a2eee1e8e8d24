"""The demo's bulk writer: every field of every table it writes is either filled on each row or
left, by name, at the model's default, so that a field added to a model is never silently missing."""

import pytest

from custodia.demo.files import Tables
from custodia.demo.writer import Table
from custodia.register.models import Hearing, Prisoner

pytestmark = pytest.mark.django_db


def test_each_table_names_every_field_of_its_model():
    for table in Tables().all():
        meta = table.model._meta
        fields = {field.attname for field in meta.concrete_fields if field is not meta.pk}
        assert set(table.columns) | table.defaulted == fields, meta.label
        assert not set(table.columns) & table.defaulted


def test_a_row_without_a_field_is_refused_naming_it():
    hearings = Table(Hearing)
    with pytest.raises(LookupError, match=r"without \['outcome'\]"):
        hearings.add(case_id=1, held_on=None, purpose="Plea")
    with pytest.raises(LookupError, match=r"unknown \['judge'\]"):
        hearings.add(case_id=1, held_on=None, purpose="Plea", outcome="", judge="X")
    assert hearings.rows == []


def test_only_a_field_with_a_default_may_be_left_out():
    Table(Prisoner, defaulted=("gender_identity", "version"))
    with pytest.raises(LookupError, match="Prisoner.sex has no default"):
        Table(Prisoner, defaulted=("sex",))
    with pytest.raises(LookupError, match="no fields"):
        Table(Prisoner, defaulted=("religion",))
