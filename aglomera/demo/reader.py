"""A validating reader for the demo's YAML files.

Every value is read through a typed getter that names the file and the key (with its path, e.g.
`calls[3].intentions[0].eligible`) when the value is missing or malformed, and a mapping that
still holds a key nobody read is refused: a misspelt key is an error, not a fact silently left
out of the demo. Amounts are written as text ("120000000", "1.6") or whole numbers, never as
YAML floats, which would lose digits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

LANGUAGES = ("cs", "pl", "en")
# libyaml's safe loader when PyYAML was built with it (the wheels are): ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MOMENT_FORMAT = "%Y-%m-%d %H:%M"  # a local time of the agglomeration, e.g. 2017-04-07 11:00


class DemoDataError(ValueError):
    """A data file that does not follow the schema; the message names the file and the key."""


def read_yaml(path: Path) -> Node:
    """The top-level mapping of one YAML file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError) as exc:
        raise DemoDataError(f"{path}: cannot be read: {exc}") from exc
    return Node(data, path, "")


class Node:
    """One mapping of a data file, read key by key."""

    def __init__(self, value: object, file: Path, where: str) -> None:
        self.file = file
        self.where = where
        if not isinstance(value, dict):
            raise self._error(f"expected a mapping of keys, got {_kind(value)}")
        self._value: dict[object, object] = value
        self._read: set[object] = set()

    # ---- errors and bookkeeping -------------------------------------------------------------

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _error(self, problem: str, key: str | None = None) -> DemoDataError:
        where = self._path(key) if key is not None else (self.where or "(top level)")
        return DemoDataError(f"{self.file}: {where}: {problem}")

    def has(self, key: str) -> bool:
        return key in self._value

    def data_keys(self) -> list[str]:
        """The keys of a mapping whose keys are data (codes, intention keys); all are read."""
        found = []
        for key in self._value:
            if not isinstance(key, str):
                raise self._error(f"expected text keys, got {_kind(key)} {key!r}")
            found.append(key)
        return found

    def _get(self, key: str, required: bool) -> object:
        self._read.add(key)
        if key not in self._value:
            if required:
                raise self._error("this key is missing", key)
            return None
        return self._value[key]

    def done(self) -> None:
        """Refuse the keys nobody read (a misspelt or unknown key)."""
        unknown = [str(k) for k in self._value if k not in self._read]
        if unknown:
            raise self._error(f"unknown key {unknown[0]!r}", unknown[0])

    # ---- scalars ---------------------------------------------------------------------------

    def text(self, key: str, default: str | None = None) -> str:
        value = self._get(key, default is None)
        if value is None and default is not None:
            return default
        if not isinstance(value, str) or not value.strip():
            raise self._error(f"expected text, got {_kind(value)} (quote it)", key)
        return value

    def integer(self, key: str, default: int | None = None) -> int:
        value = self._get(key, default is None)
        if value is None and default is not None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._error(f"expected a whole number, got {_kind(value)}", key)
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self._error(f"expected true or false, got {_kind(value)}", key)
        return value

    def amount(self, key: str) -> Decimal:
        return self._amount(self._get(key, True), key)

    def optional_amount(self, key: str) -> Decimal | None:
        value = self._get(key, False)
        return None if value is None else self._amount(value, key)

    def amount_or(self, key: str, word: str) -> Decimal | None:
        """An amount, or None where the file says `word` instead."""
        value = self._get(key, True)
        return None if value == word else self._amount(value, key)

    def _amount(self, value: object, key: str) -> Decimal:
        if isinstance(value, float):
            raise self._error(f"write the amount {value!r} in quotes: a float loses digits", key)
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        if isinstance(value, str):
            try:
                number = Decimal(value)
            except InvalidOperation:
                pass
            else:
                if number.is_finite():
                    return number
        raise self._error(f"expected an amount such as '1250.50', got {value!r}", key)

    def fraction(self, key: str) -> Decimal:
        """A share written as '5/85' (exact: 5 divided by 85) or as an amount ('0', '1')."""
        value = self._get(key, True)
        if isinstance(value, str) and "/" in value:
            numerator, _slash, denominator = value.partition("/")
            try:
                return Decimal(numerator.strip()) / Decimal(denominator.strip())
            except (InvalidOperation, ArithmeticError):
                raise self._error(
                    f"expected a fraction such as '5/85', got {value!r}", key
                ) from None
        return self._amount(value, key)

    def day(self, key: str) -> date:
        return self._day(self._get(key, True), key)

    def optional_day(self, key: str) -> date | None:
        value = self._get(key, False)
        return None if value is None else self._day(value, key)

    def _day(self, value: object, key: str) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        raise self._error(f"expected a date such as 2024-06-30, got {value!r}", key)

    def moment(self, key: str, zone: ZoneInfo) -> datetime:
        return self._moment(self._get(key, True), key, zone)

    def optional_moment(self, key: str, zone: ZoneInfo) -> datetime | None:
        value = self._get(key, False)
        return None if value is None else self._moment(value, key, zone)

    def _moment(self, value: object, key: str, zone: ZoneInfo) -> datetime:
        if isinstance(value, str):
            try:
                naive = datetime.strptime(value, MOMENT_FORMAT)  # noqa: DTZ007 - zone added below
            except ValueError:
                pass
            else:
                return naive.replace(tzinfo=zone)
        raise self._error(f"expected a local time such as '2024-06-30 10:00', got {value!r}", key)

    def choice(self, key: str, choices: Iterable[str], default: str | None = None) -> str:
        allowed = [str(c) for c in choices]
        value = self._get(key, default is None)
        if value is None and default is not None:
            return default
        if value not in allowed:
            raise self._error(f"expected one of {', '.join(allowed)}, got {value!r}", key)
        return str(value)

    def translated(self, key: str) -> dict[str, str]:
        """A text in the three languages of the product: {cs: ..., pl: ..., en: ...}."""
        node = self.child(key)
        texts = {language: node.text(language) for language in LANGUAGES}
        node.done()
        return texts

    def texts(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        values = self._list(key, default is not None)
        if values is None:
            return default or ()
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise self._error(f"expected text, got {_kind(value)}", f"{key}[{index}]")
        return tuple(str(v) for v in values)

    def days(self, key: str) -> tuple[date, ...]:
        values = self._list(key, False) or []
        return tuple(self._day(value, f"{key}[{index}]") for index, value in enumerate(values))

    def amounts(self, key: str) -> tuple[Decimal, ...]:
        values = self._list(key, False) or []
        return tuple(self._amount(value, f"{key}[{index}]") for index, value in enumerate(values))

    def integers(self, key: str) -> tuple[int, ...]:
        numbers = []
        for index, value in enumerate(self._list(key, False) or []):
            if not isinstance(value, int) or isinstance(value, bool):
                raise self._error(f"expected a whole number, got {_kind(value)}", f"{key}[{index}]")
            numbers.append(value)
        return tuple(numbers)

    # ---- nested mappings -------------------------------------------------------------------

    def child(self, key: str) -> Node:
        return Node(self._get(key, True), self.file, self._path(key))

    def optional_child(self, key: str) -> Node | None:
        value = self._get(key, False)
        return None if value is None else Node(value, self.file, self._path(key))

    def children(self, key: str, *, required: bool = False) -> Iterator[Node]:
        """The mappings of a list (none when an optional key is absent)."""
        values = self._list(key, not required) or []
        for index, value in enumerate(values):
            yield Node(value, self.file, self._path(f"{key}[{index}]"))

    def _list(self, key: str, optional: bool) -> list[object] | None:
        value = self._get(key, not optional)
        if value is None:
            return None
        if not isinstance(value, list):
            raise self._error(f"expected a list, got {_kind(value)}", key)
        return value

    def fail(self, key: str, problem: str) -> DemoDataError:
        """An error about a value that is well formed but wrong (e.g. an unknown reference)."""
        return self._error(problem, key)


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        int: "a number",
        float: "a decimal number",
        date: "a date",
        datetime: "a date and time",
    }.get(type(value), type(value).__name__)
