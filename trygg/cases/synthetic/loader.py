"""Writing many rows fast: COPY on PostgreSQL, bulk_create elsewhere; ids and references reserved.

This is a bulk loader for benchmarks and demo data, not a way to record real work: it bypasses the
services (no per-row audit events, no timeline written by services, no validation beyond what the
generator builds correctly by construction). It must run alone on the tables it fills (it locks
them on PostgreSQL).
"""

import json
import operator
from contextlib import contextmanager

from django.db import connection
from django.db.models import JSONField

from trygg.core.models import ReferenceCounter


class BulkWriter:
    """Rows of one model, given as dicts of attribute names; missing ones take the field default."""

    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.table = model._meta.db_table
        self.postgres = connection.vendor == "postgresql"
        self.defaults = {}
        self.required = set()
        for f in self.fields:
            if f.primary_key:
                continue
            if f.has_default() and callable(f.default) and f.default not in (dict, list):
                self.required.add(f.attname)  # e.g. uuid4: every row needs its own
            else:
                self.defaults[f.attname] = f.get_default()
        self.json = {f.attname for f in self.fields if isinstance(f, JSONField)}
        self.written = 0

    def reserve_ids(self, count: int) -> int:
        """The first of `count` consecutive free primary keys, reserved for this transaction."""
        if count == 0:
            return 0
        with connection.cursor() as cursor:
            if self.postgres:
                # Writers of this table wait until we commit, so nobody takes ids in between.
                cursor.execute(f'LOCK TABLE "{self.table}" IN SHARE ROW EXCLUSIVE MODE')
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.table])
                (sequence,) = cursor.fetchone()
                cursor.execute("SELECT nextval(%s)", [sequence])
                (first,) = cursor.fetchone()
                cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
                return first
            # SQLite: one writer at a time once the transaction has written (the reference
            # counters are reserved first), so the next free id is the largest one plus one.
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{self.table}"')
            return cursor.fetchone()[0]

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        missing = self.required - rows[0].keys()
        if missing:
            raise ValueError(f"{self.model.__name__} rows need {sorted(missing)}")
        if self.postgres:
            self._copy(rows)
        else:
            defaults = self.defaults
            objects = [self.model(**{**defaults, **row}) for row in rows]
            self.model.objects.bulk_create(objects, batch_size=500)
        self.written += len(rows)

    def _copy(self, rows: list[dict]) -> None:
        names = ", ".join(f'"{f.column}"' for f in self.fields)
        defaults, json_fields = self.defaults, self.json
        values_of = operator.itemgetter(*self.attnames)
        dumps = json.dumps
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{self.table}" ({names}) FROM STDIN') as copy,
        ):
            write = copy.write_row
            for row in rows:
                merged = {**defaults, **row}
                for name in json_fields:
                    merged[name] = dumps(merged[name])
                write(values_of(merged))


def reserve_references(series: str, count: int) -> int:
    """The first of `count` numbers in a reference series (e.g. "KE-P"), reserved; the series'
    counter moves past them, so references handed out later by the services never collide."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(series=series)
    first = counter.last_value + 1
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_value=counter.last_value + count)
    return first


@contextmanager
def indexes_rebuilt_after(models):
    """PostgreSQL: drop the secondary indexes, unique and foreign-key constraints of these tables,
    run the block, then create them again (in the same transaction).

    Building an index once over a million rows is several times faster than updating it a million
    times, and a foreign key is then checked by one join instead of one lookup per row. The
    primary keys and check constraints stay. Elsewhere (SQLite) the block just runs.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        # Checks deferred to the commit of rows written earlier in this transaction run now:
        # PostgreSQL alters no table with such checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
            FROM pg_constraint c
            WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('u', 'f')
            ORDER BY c.contype DESC
            """,
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _definition, _kind in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # Unique constraints first: the foreign keys of other tables may need their indexes.
        for table, name, definition, _kind in sorted(constraints, key=lambda c: c[3] != "u"):
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            cursor.execute(definition)
