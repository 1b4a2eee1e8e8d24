"""Fast inserts for the demo's million rows: plain tuples and `executemany`.

Building a model instance and compiling its INSERT in the ORM made a full-size demo take minutes;
tuples written with executemany (COPY on PostgreSQL) take seconds. Ids are given here (the database is
empty of these rows, see builder.existing_data) so that rows can point at each other before
they are written, and sequences are moved past them afterwards where the backend needs it.
Columns come from the models' own metadata, so a renamed column cannot go unnoticed; a field
added later is filled with its default, and one without a default stops the demo with a
clear message instead of writing rows the models would refuse.
"""

from collections.abc import Sequence
from datetime import date, datetime

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max


class Table:
    def __init__(self, model: type[models.Model], attnames: Sequence[str]) -> None:
        meta = model._meta
        concrete = {field.attname: field for field in meta.concrete_fields}
        unknown = [name for name in attnames if name not in concrete]
        if unknown:
            raise LookupError(f"{meta.label} has no fields {unknown}")
        pk = meta.pk
        assert pk is not None
        rest = [field for field in meta.concrete_fields if field.attname not in attnames and field is not pk]
        for field in rest:
            # A blank text field without a default gets "", as the ORM would give it.
            if not (field.null or field.has_default() or (field.blank and field.empty_strings_allowed)):
                raise LookupError(
                    f"the demo does not know what to put in {meta.label}.{field.name}: add it to custodia/demo"
                )
        fields = [concrete[name] for name in attnames] + rest
        self.model = model
        self.defaults = tuple(field.get_default() for field in rest)
        # Positions of dates and times, adapted as the ORM would (UTC text on SQLite).
        self.dates = [
            i + 1
            for i, f in enumerate(fields)
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
        ]
        self.datetimes = [i + 1 for i, f in enumerate(fields) if isinstance(f, models.DateTimeField)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in [pk.column] + [f.column for f in fields])
        placeholders = ", ".join(["%s"] * (len(fields) + 1))
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
        self.copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        self.next_id = (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        self.rows: list[tuple] = []
        self.written = 0

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, *values: object, id: int | None = None) -> int:
        """A row with its values in the order of `attnames`; returns its id."""
        row_id = self.new_id() if id is None else id
        self.rows.append((row_id, *values, *self.defaults))
        return row_id

    def flush(self) -> int:
        if not self.rows:
            return 0
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk load, several times faster than inserts; psycopg turns
            # dates, aware times, booleans and None into their COPY text itself.
            with connection.cursor() as cursor, cursor.cursor.copy(self.copy_sql) as copy:
                for row in self.rows:
                    copy.write_row(row)
            return self._done()
        ops = connection.ops
        rows = self.rows
        if self.dates or self.datetimes:
            adapted = []
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


def reset_sequences(tables: Sequence[Table]) -> None:
    """Move the id sequences past the ids given here, so that the services' own inserts go on
    from there (PostgreSQL; SQLite does this by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [table.model for table in tables])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
