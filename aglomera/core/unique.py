"""A unique violation that a race can reach answers with a clear message, never a 500.

Actions check uniqueness before they write ("the strategy already has a call numbered 5"), but
two requests can pass the check at the same moment; the database's unique index then refuses
the second write with an IntegrityError. `unique_errors` runs the write in a savepoint and turns
a violation of one of the named constraints into the same ValidationError the check gives, on
the field the constraint is about:

    with unique_errors(Unique(Call, "call_number_unique", "number", message)):
        call.save()

The violated constraint is recognised on PostgreSQL by its name (or its table and columns) and
on SQLite by the table and columns in the error message. Any other IntegrityError propagates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

_SQLITE = re.compile(r"UNIQUE constraint failed: (?P<columns>.+)$")
_PG_DETAIL = re.compile(r"^Key \((?P<columns>.+?)\)=\(")


@dataclass(frozen=True)
class Violation:
    """What the database says was violated: a constraint name and/or a table and its columns."""

    name: str = ""
    table: str = ""
    columns: frozenset[str] = frozenset()


def violation_of(exc: IntegrityError) -> Violation | None:
    """The unique constraint an IntegrityError reports, or None if it is not a unique violation."""
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None:  # psycopg
        if getattr(cause, "sqlstate", None) != "23505":
            return None
        match = _PG_DETAIL.match(diag.message_detail or "")
        columns = (
            frozenset(c.strip().strip('"') for c in match.group("columns").split(","))
            if match
            else frozenset()
        )
        return Violation(diag.constraint_name or "", diag.table_name or "", columns)
    found = _SQLITE.search(str(exc))
    if found is None:
        return None
    pairs = [part.strip().rsplit(".", 1) for part in found.group("columns").split(",")]
    if any(len(pair) != 2 for pair in pairs):
        return None
    return Violation("", pairs[0][0], frozenset(column for _table, column in pairs))


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise LookupError(f"{model.__name__}.{name} has no column")
    return column


@dataclass(frozen=True)
class Unique:
    """A unique constraint of `model` (by its name, or a field with unique=True) and the error
    to give when a race reaches it: `message` on `field` (None: a message for the whole form)."""

    model: type[models.Model]
    constraint: str
    field: str | None
    message: str

    def _columns(self) -> frozenset[str]:
        meta = self.model._meta
        for constraint in meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and (
                constraint.name == self.constraint
            ):
                return frozenset(_column(self.model, name) for name in constraint.fields)
        if not getattr(meta.get_field(self.constraint), "unique", False):
            raise LookupError(f"{self.model.__name__} has no unique {self.constraint}")
        return frozenset([_column(self.model, self.constraint)])

    def matches(self, violation: Violation) -> bool:
        columns = self._columns()  # also checks that the rule names a real unique constraint
        if violation.name and violation.name == self.constraint:
            return True
        return violation.table == self.model._meta.db_table and violation.columns == columns

    def error(self) -> ValidationError:
        if self.field is None:
            return ValidationError(self.message, code="unique")
        return ValidationError({self.field: ValidationError(self.message, code="unique")})


@contextmanager
def unique_errors(*rules: Unique) -> Iterator[None]:
    """Run the block in a savepoint; a violation of one of `rules` raises its ValidationError."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        violation = violation_of(exc)
        if violation is not None:
            for rule in rules:
                if rule.matches(violation):
                    raise rule.error() from exc
        raise


__all__ = ["Unique", "Violation", "unique_errors", "violation_of"]
