"""Fast inserts for the demo's million rows: plain tuples and `executemany`.

Building a model instance and compiling its INSERT in the ORM made a full-size demo take minutes;
tuples written with executemany (COPY on PostgreSQL) take seconds. Ids are given here (the database is
empty of these rows, see builder.existing_data) so that rows can point at each other before
they are written, and sequences are moved past them afterwards where the backend needs it.
The columns are the models' own fields, and every row names each of them, but those a table says
it leaves at the model's default: a field added to a model later stops the demo at its first row,
with a message naming it, until the demo fills it or says it leaves it at its default. No field is
ever silently missing, and no row the models would refuse is written.
"""

import json
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max


class Table:
    def __init__(self, model: type[models.Model], *, defaulted: Collection[str] = ()) -> None:
        """Rows of `model`, each naming every concrete field by its attribute name (`prisoner_id`),
        but the id (given to add) and the fields in `defaulted`, left at the model's default."""
        meta = model._meta
        pk = meta.pk
        assert pk is not None
        fields = {field.attname: field for field in meta.concrete_fields if field is not pk}
        unknown = sorted(set(defaulted) - fields.keys())
        if unknown:
            raise LookupError(f"{meta.label} has no fields {unknown}")
        for name in defaulted:
            field = fields[name]
            # A blank text field without a default gets "", as the ORM would give it.
            if not (field.null or field.has_default() or (field.blank and field.empty_strings_allowed)):
                raise LookupError(f"{meta.label}.{name} has no default: the demo must fill it")
        self.label = meta.label
        self.defaulted = frozenset(defaulted)
        self.columns = tuple(name for name in fields if name not in defaulted)
        self.names = frozenset(self.columns)
        left = [fields[name] for name in fields if name in defaulted]
        # JSON fields as the text the ORM would store (both SQLite and a COPY to jsonb read it).
        self.json = {name: field.encoder for name, field in fields.items() if isinstance(field, models.JSONField)}
        self.defaults = tuple(self._stored(field.attname, field.get_default()) for field in left)
        ordered = [fields[name] for name in self.columns] + left
        self.model = model
        # Positions of dates and times, adapted as the ORM would (UTC text on SQLite).
        self.dates = [
            i + 1
            for i, f in enumerate(ordered)
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
        ]
        self.datetimes = [i + 1 for i, f in enumerate(ordered) if isinstance(f, models.DateTimeField)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(_column(field)) for field in [pk, *ordered])
        placeholders = ", ".join(["%s"] * (len(ordered) + 1))
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
        self.copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        self.next_id = (model._default_manager.aggregate(last=Max("pk"))["last"] or 0) + 1
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, *, id: int | None = None, **values: Any) -> int:
        """A row naming each of `columns`; returns its id."""
        if values.keys() != self.names:
            missing = [name for name in self.columns if name not in values]
            unknown = [name for name in values if name not in self.names]
            raise LookupError(
                f"a row of {self.label} without {missing} or with unknown {unknown}: fill each field in "
                "custodia/demo, or name it in the table's `defaulted`"
            )
        row_id = self.new_id() if id is None else id
        if self.json:
            values = {name: self._stored(name, value) for name, value in values.items()}
        self.rows.append((row_id, *[values[name] for name in self.columns], *self.defaults))
        return row_id

    def _stored(self, name: str, value: Any) -> Any:
        if name not in self.json or value is None:
            return value
        return json.dumps(value, cls=self.json[name])

    def flush(self) -> int:
        if not self.rows:
            return 0
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk load, several times faster than inserts; psycopg turns
            # dates, aware times, booleans and None into their COPY text itself.
            with connection.cursor() as cursor, cursor.cursor.copy(self.copy_sql) as copy:
                for written in self.rows:
                    copy.write_row(written)
            return self._done()
        ops = connection.ops
        rows: Sequence[Sequence[Any]] = self.rows
        if self.dates or self.datetimes:
            adapted: list[Sequence[Any]] = []
            for row in rows:
                values = list(row)
                for i in self.dates:
                    value = values[i]
                    if isinstance(value, date):
                        values[i] = ops.adapt_datefield_value(value)
                for i in self.datetimes:
                    value = values[i]
                    if isinstance(value, datetime):
                        values[i] = ops.adapt_datetimefield_value(value)
                adapted.append(values)
            rows = adapted
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, rows)
        return self._done()

    def _done(self) -> int:
        count = len(self.rows)
        self.written += count
        self.rows = []
        return count


def _column(field: "models.Field[Any, Any]") -> str:
    # Every concrete field has a column; the type allows None for the others.
    assert field.column is not None
    return field.column


def reset_sequences(tables: Sequence[Table]) -> None:
    """Move the id sequences past the ids given here, so that the services' own inserts go on
    from there (PostgreSQL; SQLite does this by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [table.model for table in tables])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
