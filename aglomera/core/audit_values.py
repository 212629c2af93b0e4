"""The values before and after an audit event, as a person reads them.

`AuditEvent.before` / `after` are JSON: status codes, ids, ISO dates, amounts as text, texts in
several languages. Each changed key becomes a `Change`: a label (the field's verbose name on the
event's model when it has one, else `KEY_LABELS`) and the old and new value in the reader's
language and formats: choices by their label, booleans yes/no, dates and amounts in the locale's
format, ids of related objects by name (looked up beforehand, see `references`), nested values
as "label: value" lists. Never a Python repr, never a raw status code where the field names its
choices.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aglomera.core.i18n import I18nText, language_codes
from aglomera.core.templatetags.aglomera import money, quantity

EMPTY = "—"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")

# Keys written by actions that are not a field of the event's object.
KEY_LABELS: dict[str, Promise] = {
    "attachment": _("attachment"),
    "check": _("check"),
    "criterion": _("criterion"),
    "mandatory": _("mandatory"),
    "kinds": _("kinds of change"),
    "proposed": _("proposed values"),
    "indicators": _("indicators"),
    "activities": _("activities"),
    "gates": _("gate criteria"),
    "points": _("points"),
    "passed": _("passed"),
    "note": _("note"),
    "file": _("file"),
    "size": _("size in bytes"),
    "sha256": _("checksum (SHA-256)"),
    "source": _("source"),
    "currency": _("currency"),
    "rows_total": _("rows in the file"),
    "rows_done": _("rows read"),
    "created": _("created"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "outside": _("outside the scope"),
    "removed": _("removed"),
    "snapshots": _("snapshots"),
    "as_of": _("as of"),
    "intentions_moved": _("intentions moved"),
    "intention_steps": _("intention steps"),
    "intentions_left_behind": _("intentions left behind"),
    "forecast": _("forecast"),
    "programme": _("programme"),
    "fund": _("fund"),
    "tranches": _("annual tranches"),
    "pre_financing": _("pre-financing"),
    "values": _("values"),
    "on": _("on"),
    "intentions": _("intentions"),
    "recipients": _("recipients"),
    "asked": _("asked"),
    "nobody_to_ask": _("nobody to ask"),
    "from": _("from"),
    "to": _("to"),
    "amount": _("amount"),
    "measures": _("measures"),
    "specific_goal": _("specific goal"),
    "specific_objective": _("specific objective"),
    "base": _("based on version"),
    "for": _("for"),
    "against": _("against"),
    "abstained": _("abstained"),
    "recused": _("recused"),
    "quorate": _("quorate"),
    "casting_vote": _("casting vote"),
    "applied": _("applied"),
    "skipped": _("skipped"),
    "status": _("status"),
    "name": _("name"),
    "code": _("code"),
    "title": _("title"),
    "number": _("number"),
    "reason": _("reason"),
}

# Keys whose text values are amounts of money (when not a DecimalField of the object).
MONEY_KEYS = frozenset({"amount", "allocation", "total_cost", "eligible_cost", "requested_eu"})


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Keyed:
    """A value that is a dict keyed by ids: whose ids (a model) and what its values mean."""

    model: type[models.Model] | None = None
    words: Mapping[str, Promise] = field(default_factory=dict)


Ref = tuple[type[models.Model], int]


def model_field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    """The concrete field `key` (or `key` without `_id`) of `model`, else None."""
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(found, models.Field):
            return found
    return None


def label(model: type[models.Model] | None, key: str) -> str:
    found = model_field(model, key)
    if found is not None:
        name = found.verbose_name
        if isinstance(name, Promise):
            return str(capfirst(str(name)))
        # Django's default, made of the field's name: English
        return str(capfirst(str(KEY_LABELS.get(key) or gettext(str(name)))))
    if key in KEY_LABELS:
        return str(capfirst(str(KEY_LABELS[key])))
    if key.isdigit():
        return f"#{key}"
    return str(capfirst(key.replace("_", " ")))


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def references(
    model: type[models.Model] | None, values: Mapping[str, Any], keyed: Keyed | None
) -> Iterator[Ref]:
    """The related objects `values` name by id, to be looked up in one go before rendering."""
    for key, value in values.items():
        found = model_field(model, key)
        number = _as_int(value)
        if isinstance(found, models.ForeignKey) and number is not None:
            yield found.related_model, number  # type: ignore[misc]
        if keyed is not None and keyed.model is not None and (pk := _as_int(key)) is not None:
            yield keyed.model, pk


def _moment(value: datetime) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(formats.date_format(value, "SHORT_DATETIME_FORMAT"))


def _text(value: str) -> str:
    if ISO_DATE.match(value):
        day = _parse(parse_date, value)
        if isinstance(day, date):
            return str(formats.date_format(day, "DATE_FORMAT"))
    if ISO_MOMENT.match(value):
        moment = _parse(parse_datetime, value)
        if isinstance(moment, datetime):
            return _moment(moment)
    return value


def _parse(parser: Any, value: str) -> Any:
    try:
        return parser(value)
    except ValueError:
        return None


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _is_i18n(value: Mapping[str, Any]) -> bool:
    return bool(value) and set(value) <= set(language_codes())


def render(  # noqa: PLR0911 - one return per kind of value reads best
    value: Any,
    found: models.Field[Any, Any] | None = None,
    names: Mapping[Ref, str] | None = None,
    *,
    key: str = "",
    keyed: Keyed | None = None,
) -> str:
    """One value for a person: in the active language and the locale's formats."""
    names = names or {}
    if value is None or (isinstance(value, (str, list, dict)) and not value):
        return EMPTY
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if found is not None and found.choices and not isinstance(value, (dict, list)):
        choices = {str(k): v for k, v in found.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    if isinstance(found, models.ForeignKey) and (pk := _as_int(value)) is not None:
        return names.get((found.related_model, pk), f"#{pk}")  # type: ignore[arg-type]
    if isinstance(found, models.DecimalField) or (key in MONEY_KEYS and isinstance(value, str)):
        number = _decimal(value)
        if number is not None:
            places = found.decimal_places if isinstance(found, models.DecimalField) else 2
            return money(number) if places == 2 else quantity(number)
    if isinstance(value, dict):
        return _mapping(value, names, keyed)
    if isinstance(value, list):
        return ", ".join(
            f"({render(item, names=names)})"
            if isinstance(item, list)
            else render(item, names=names)
            for item in value
        )
    if isinstance(value, (int, float, Decimal)):
        return str(formats.number_format(value, use_l10n=True, force_grouping=True))
    if isinstance(value, str) and keyed is not None and value in keyed.words:
        return str(keyed.words[value])
    return _text(str(value))


def _mapping(value: Mapping[str, Any], names: Mapping[Ref, str], keyed: Keyed | None) -> str:
    if _is_i18n(value):
        return I18nText({str(k): str(v) for k, v in value.items() if v}).localized() or EMPTY
    parts = []
    for key, item in value.items():
        pk = _as_int(key)
        if keyed is not None and keyed.model is not None and pk is not None:
            name = names.get((keyed.model, pk), f"#{pk}")
        else:
            name = label(None, str(key))
        parts.append(f"{name}: {render(item, names=names, key=str(key), keyed=keyed)}")
    return "; ".join(parts)


def changes(
    model: type[models.Model] | None,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    names: Mapping[Ref, str],
    keyed: Keyed | None = None,
) -> list[Change]:
    """One line per key, in the order written: old → new (an em dash where there was none).
    With `keyed` (values keyed by ids), each id is a line named after its object."""
    if keyed is not None and keyed.model is not None:
        return _keyed_changes(keyed, before, after, names)
    rows = []
    for key in dict.fromkeys([*before, *after]):
        found = model_field(model, key)
        old = render(before.get(key), found, names, key=key, keyed=keyed)
        new = render(after.get(key), found, names, key=key, keyed=keyed)
        rows.append(Change(label(model, key), old if key in before else EMPTY, new))
    return rows


def _keyed_changes(
    keyed: Keyed, before: Mapping[str, Any], after: Mapping[str, Any], names: Mapping[Ref, str]
) -> list[Change]:
    rows = []
    for key in dict.fromkeys([*before, *after]):
        pk = _as_int(key)
        name = names.get((keyed.model, pk), f"#{key}") if pk is not None else label(None, key)  # type: ignore[arg-type]
        old = render(before.get(key), names=names, key=key, keyed=keyed)
        new = render(after.get(key), names=names, key=key, keyed=keyed)
        rows.append(Change(name, old, new))
    return rows
