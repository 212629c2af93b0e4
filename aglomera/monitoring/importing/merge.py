"""Write validated rows into the operations with a few set-based statements.

The rows go into a temporary staging table first (PostgreSQL `COPY`, SQLite `executemany`),
then plain SQL compares them with the agglomeration's operations and applies the difference:

1. match each row to its intention (registration number) and to its existing operation;
2. flag the rows that change an operation, and those that change its state or amounts;
3. classify each row inside or outside the agglomeration (importing/scope.py);
4. count created / updated / unchanged among the rows inside, and rows and totals per money
   basis on each side (a dry run stops here);
5. remove the stored operations the list now shows outside, update the changed operations,
   insert the new ones inside, and write one dated snapshot for every new operation and every
   operation whose state or amounts changed. Rows outside are never stored.

Nothing is loaded into Python objects, so the time is spent in the database, where it grows
with the rows written rather than with Python work per row. The caller holds the one
transaction around it, so an import lands whole or not at all. The SQL is the common subset of
PostgreSQL and SQLite (3.33+, for `UPDATE … FROM`).
"""

# The SQL is built from model metadata and constants only; every value is a query parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Field, Max

from aglomera.intentions.models import ProjectIntention
from aglomera.monitoring.importing import scope
from aglomera.monitoring.importing.runner import Validated
from aglomera.monitoring.models import ImportJob, Operation, OperationSnapshot

STAGING = "monitoring_import_staging"
# A change of these writes a dated snapshot.
SNAPSHOT_FIELDS = (
    "state_code",
    "total_cost",
    "eligible_cost",
    "eu_contribution",
    "national_public",
    "paid_eligible",
    "paid_eu",
    "paid_eu_derived",
    "certified_eu",
)
EXECUTEMANY_BATCH = 2000


@dataclass(frozen=True)
class MergeCounts:
    """Counts of the rows inside the agglomeration, and the scope of the whole list."""

    created: int
    updated: int
    unchanged: int
    snapshots: int
    scope: scope.ScopeSummary
    removed: int = 0

    @property
    def outside(self) -> int:
        return self.scope.outside.rows


def _field(name: str) -> Field[Any, Any]:
    field = Operation._meta.get_field(name)
    assert isinstance(field, Field)  # noqa: S101 - every name here is a concrete field
    return field


def _column(name: str) -> str:
    return connection.ops.quote_name(_field(name).column)


def _distinct(left: str, right: str) -> str:
    """`left IS DISTINCT FROM right`, spelled so that SQLite before 3.39 understands it too."""
    return f"(COALESCE({left} <> {right}, FALSE) OR ({left} IS NULL) <> ({right} IS NULL))"


class _Merge:
    def __init__(self, job: ImportJob, validated: Validated, currency: str) -> None:
        self.job = job
        self.validated = validated
        self.currency = currency
        self.provided = tuple(f for f in validated.fields if f != "registration_number")
        self.operations = connection.ops.quote_name(Operation._meta.db_table)
        self.snapshots = connection.ops.quote_name(OperationSnapshot._meta.db_table)

    # -- staging ------------------------------------------------------------------------------

    def create_staging(self, cursor: Any) -> None:
        columns = ", ".join(
            f"{_column(name)} {_field(name).db_type(connection)}"
            for name in ("registration_number", *self.provided)
        )
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        suffix = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING} ({columns}, intention_id bigint NULL, "
            f"operation_id bigint NULL, changed boolean NOT NULL DEFAULT FALSE, "
            f"snapshot boolean NOT NULL DEFAULT FALSE, inside boolean NOT NULL DEFAULT FALSE)"
            f"{suffix}"
        )

    def _staged_rows(self) -> Iterator[list[Any]]:
        names = self.provided
        for key, values in self.validated.rows.items():
            yield [key, *(values[name] for name in names)]

    def fill_staging(self, cursor: Any) -> None:
        names = ", ".join(_column(n) for n in ("registration_number", *self.provided))
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {STAGING} ({names}) FROM STDIN") as copy:
                for row in self._staged_rows():
                    copy.write_row(row)
            return
        fields = [_field(n) for n in ("registration_number", *self.provided)]
        marks = ", ".join(["%s"] * len(fields))
        batch: list[list[Any]] = []
        for row in self._staged_rows():
            batch.append(
                [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
            )
            if len(batch) == EXECUTEMANY_BATCH:
                cursor.executemany(f"INSERT INTO {STAGING} ({names}) VALUES ({marks})", batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {STAGING} ({names}) VALUES ({marks})", batch)

    # -- comparing ----------------------------------------------------------------------------

    def match(self, cursor: Any) -> None:
        numbers = (
            ProjectIntention.objects.filter(call__agglomeration_id=self.job.agglomeration_id)
            .exclude(registration_number="")
            .values("registration_number")
            .annotate(intention_pk=Max("pk"))
            .values("registration_number", "intention_pk")
        )
        sql, params = numbers.query.sql_with_params()
        cursor.execute(
            f"UPDATE {STAGING} SET intention_id = i.intention_pk FROM ({sql}) i "
            f"WHERE i.registration_number = {STAGING}.registration_number",
            params,
        )
        cursor.execute(
            f"UPDATE {STAGING} SET operation_id = o.id FROM {self.operations} o "
            f"WHERE o.agglomeration_id = %s "
            f"AND o.registration_number = {STAGING}.registration_number",
            [self.job.agglomeration_id],
        )

    def flag_changes(self, cursor: Any) -> None:
        changes = [_distinct(f"o.{_column(n)}", f"{STAGING}.{_column(n)}") for n in self.provided]
        changes.append("o.currency <> %s")
        # A list from another source that reports the same figures changes nothing: the
        # operation keeps the source that last changed it.
        # A match by number wins; a manual link stays while the number matches no intention.
        changes.append(
            f"({STAGING}.intention_id IS NOT NULL AND "
            f"{_distinct('o.intention_id', f'{STAGING}.intention_id')})"
        )
        snapshot = [
            _distinct(f"o.{_column(n)}", f"{STAGING}.{_column(n)}")
            for n in SNAPSHOT_FIELDS
            if n in self.provided
        ] or ["FALSE"]
        cursor.execute(
            f"UPDATE {STAGING} SET changed = ({' OR '.join(changes)}), "
            f"snapshot = ({' OR '.join(snapshot)}) "
            f"FROM {self.operations} o WHERE o.id = {STAGING}.operation_id",
            [self.currency],
        )

    def classify(self, cursor: Any) -> None:
        scope.classify(cursor, self.job, STAGING, self.provided, self.operations)

    def count(self, cursor: Any) -> tuple[int, int, int, int]:
        cursor.execute(
            "SELECT "
            "COALESCE(SUM(CASE WHEN operation_id IS NULL THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN changed THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN operation_id IS NOT NULL AND NOT changed THEN 1 ELSE 0 END), "
            "0), "
            "COALESCE(SUM(CASE WHEN operation_id IS NULL OR snapshot THEN 1 ELSE 0 END), 0) "
            f"FROM {STAGING} WHERE inside"
        )
        created, updated, unchanged, snapshots = cursor.fetchone()
        return int(created), int(updated), int(unchanged), int(snapshots)

    def remove_outside(self, cursor: Any, *, dry_run: bool) -> int:
        """Operations an earlier import stored that this list shows outside the agglomeration
        (none is linked to an intention: a link keeps a row inside); a dry run only counts."""
        cursor.execute(
            f"SELECT operation_id FROM {STAGING} WHERE operation_id IS NOT NULL AND NOT inside"
        )
        ids = [row[0] for row in cursor.fetchall()]
        if ids and not dry_run:
            Operation.objects.filter(pk__in=ids, intention__isnull=True).delete()
        return len(ids)

    # -- writing ------------------------------------------------------------------------------

    def update_changed(self, cursor: Any) -> None:
        assignments = [f"{_column(n)} = {STAGING}.{_column(n)}" for n in self.provided]
        assignments += [
            "currency = %s",
            "source_id = %s",
            f"intention_id = COALESCE({STAGING}.intention_id, {self.operations}.intention_id)",
        ]
        cursor.execute(
            f"UPDATE {self.operations} SET {', '.join(assignments)} FROM {STAGING} "
            f"WHERE {self.operations}.id = {STAGING}.operation_id AND {STAGING}.changed "
            f"AND {STAGING}.inside",
            [self.currency, self.job.source_id],
        )

    def insert_new(self, cursor: Any) -> None:
        """New operations; the fields this list does not provide get the model's defaults."""
        missing = [
            f
            for f in Operation._meta.concrete_fields
            if not f.primary_key
            and f.name not in self.provided
            and f.name
            not in ("agglomeration", "registration_number", "currency", "intention", "source")
        ]
        columns = [
            "agglomeration_id",
            "registration_number",
            "currency",
            "source_id",
            "intention_id",
            *(_column(n) for n in self.provided),
            *(connection.ops.quote_name(f.column) for f in missing),
        ]
        values = [
            "%s",
            "registration_number",
            "%s",
            "%s",
            "intention_id",
            *(_column(n) for n in self.provided),
            *(["%s"] * len(missing)),
        ]
        params = [
            self.job.agglomeration_id,
            self.currency,
            self.job.source_id,
            *(f.get_db_prep_save(f.get_default(), connection) for f in missing),
        ]
        cursor.execute(
            f"INSERT INTO {self.operations} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM {STAGING} WHERE operation_id IS NULL AND inside",
            params,
        )

    def write_snapshots(self, cursor: Any, as_of: date) -> None:
        fields = ", ".join(_column(n) for n in SNAPSHOT_FIELDS)
        taken = ", ".join(f"o.{_column(n)}" for n in SNAPSHOT_FIELDS)
        cursor.execute(
            f"INSERT INTO {self.snapshots} (operation_id, job_id, as_of, {fields}) "
            f"SELECT o.id, %s, %s, {taken} FROM {STAGING} s JOIN {self.operations} o "
            f"ON o.agglomeration_id = %s AND o.registration_number = s.registration_number "
            f"WHERE s.inside AND (s.operation_id IS NULL OR s.snapshot)",
            [
                self.job.pk,
                OperationSnapshot._meta.get_field("as_of").get_db_prep_save(as_of, connection),
                self.job.agglomeration_id,
            ],
        )


def merge(
    job: ImportJob, validated: Validated, *, currency: str, as_of: date, dry_run: bool
) -> MergeCounts:
    """Compare the rows with the stored operations and, unless a dry run, write the difference.

    Must run inside a transaction (the caller's `transaction.atomic`).
    """
    step = _Merge(job, validated, currency)
    with connection.cursor() as cursor:
        # A failure rolls the transaction back, and the staging table with it.
        step.create_staging(cursor)
        step.fill_staging(cursor)
        step.match(cursor)
        step.flag_changes(cursor)
        step.classify(cursor)
        created, updated, unchanged, snapshots = step.count(cursor)
        summary = scope.summarise(cursor, STAGING, step.provided)
        removed = step.remove_outside(cursor, dry_run=dry_run)
        if not dry_run:
            step.update_changed(cursor)
            step.insert_new(cursor)
            step.write_snapshots(cursor, as_of)
        cursor.execute(f"DROP TABLE {STAGING}")
    return MergeCounts(created, updated, unchanged, snapshots, summary, removed)
