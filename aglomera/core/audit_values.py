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
    "shares_only": _("shares only"),
    "target": _("decided object"),
    "item": _("agenda item"),
    "member": _("committee member"),
    "conflict_of_interest": _("conflict of interest declared"),
    "majorities": _("majorities by kind of decision"),
    "adopted": _("adopted"),
    "kind": _("kind"),
    "comment": _("comment"),
    "recommendation": _("recommendation"),
    "choice": _("vote"),
    "user": _("user"),
    "organisation": _("organisation"),
}

# Keys whose values (also nested: {year: amount}, [[day, amount]]) are amounts of money, when
# they are not a DecimalField of the object.
MONEY_KEYS = frozenset(
    {"amount", "allocation", "total_cost", "eligible_cost", "requested_eu", "requested_national"}
    | {"tranches", "pre_financing", "forecast"}
)


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Reading:
    """How to read one kind of event's values beyond the fields of its object.

    ids: the top-level keys are ids of this model (each id a line named after its object);
    words: what the values mean (e.g. "present"); fields: the field that gives a key its label
    and choices when the object has none of that name; nested: keys whose value is {id: value},
    and whose ids they are; keyed: keys whose value is {choice: choice}, with the field naming
    the inner keys and the field naming the inner values (e.g. {kind of item: majority});
    labels: a key's own label, where the field's would read ambiguously."""

    ids: type[models.Model] | None = None
    words: Mapping[str, Promise] = field(default_factory=dict)
    fields: Mapping[str, models.Field[Any, Any]] = field(default_factory=dict)
    nested: Mapping[str, type[models.Model]] = field(default_factory=dict)
    keyed: Mapping[str, tuple[models.Field[Any, Any], models.Field[Any, Any]]] = field(
        default_factory=dict
    )
    labels: Mapping[str, Promise] = field(default_factory=dict)


PLAIN = Reading()
Ref = tuple[type[models.Model], str]  # (model, primary key as text)


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


def concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The field `name` of `model`, for a `Reading` (fails at import when it is not one)."""
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return found


def label(model: type[models.Model] | None, key: str, reading: Reading = PLAIN) -> str:
    if key in reading.labels:
        return str(capfirst(str(reading.labels[key])))
    found = reading.fields.get(key) or model_field(model, key)
    if found is not None:
        name = found.verbose_name
        if isinstance(name, Promise):
            return str(capfirst(str(name)))
        # Django's default, made of the field's name: English
        return str(capfirst(str(KEY_LABELS.get(key) or gettext(str(name)))))
    if key in KEY_LABELS:
        return str(capfirst(str(KEY_LABELS[key])))
    if key.isdigit():
        return key
    return str(capfirst(key.replace("_", " ")))


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def pk_of(model: type[models.Model], value: Any) -> str | None:
    """`value` as a primary key of `model` (as text), or None when it cannot be one."""
    if isinstance(model._meta.pk, models.IntegerField):  # the auto fields are integer fields
        number = _as_int(value)
        return None if number is None else str(number)
    if isinstance(value, (str, int)) and not isinstance(value, bool) and 0 < len(str(value)) <= 100:
        return str(value)
    return None


def references(
    model: type[models.Model] | None, values: Mapping[str, Any], reading: Reading = PLAIN
) -> Iterator[Ref]:
    """The related objects `values` name by id, to be looked up in one go before rendering."""
    for key, value in values.items():
        found = reading.fields.get(key) or model_field(model, key)
        if (related := _related(found)) is not None and (pk := pk_of(related, value)) is not None:
            yield related, pk
        if reading.ids is not None and (pk := pk_of(reading.ids, key)) is not None:
            yield reading.ids, pk
        if key in reading.nested and isinstance(value, dict):
            nested = reading.nested[key]
            for inner in value:
                if (pk := pk_of(nested, inner)) is not None:
                    yield nested, pk


def _related(found: models.Field[Any, Any] | None) -> type[models.Model] | None:
    """The model a foreign key names by primary key (not by a code: `to_field`), else None."""
    if isinstance(found, models.ForeignKey) and found.target_field.primary_key:
        related = found.related_model
        return related if isinstance(related, type) else None
    return None


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


class _Reader:
    """Renders the values of one event: its related objects' names and how to read it."""

    def __init__(self, names: Mapping[Ref, str], reading: Reading) -> None:
        self.names = names
        self.reading = reading

    def name(self, model: type[models.Model], key: str) -> str:
        pk = pk_of(model, key)
        return self.names.get((model, pk), f"#{key}") if pk is not None else label(None, key)

    def value(  # noqa: PLR0911 - one return per kind of value reads best
        self,
        value: Any,
        found: models.Field[Any, Any] | None = None,
        *,
        key: str = "",
        in_money: bool = False,
    ) -> str:
        """One value for a person: in the active language and the locale's formats."""
        if value is None or (isinstance(value, (str, list, dict)) and not value):
            return EMPTY
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        if key == "fund" and isinstance(value, str):
            # Imported here: core is imported by strategy, not the other way round at import time.
            from aglomera.strategy.funds import fund_abbreviation

            return fund_abbreviation(value)
        if found is not None and found.choices and not isinstance(value, (dict, list)):
            choices = {str(k): v for k, v in found.flatchoices}
            if str(value) in choices:
                return str(choices[str(value)])
        if (related := _related(found)) is not None and (pk := pk_of(related, value)) is not None:
            return self.names.get((related, pk), f"#{pk}")
        in_money = in_money or key in MONEY_KEYS
        if isinstance(found, models.DecimalField) or (in_money and isinstance(value, str)):
            number = _decimal(value)
            if number is not None:
                places = found.decimal_places if isinstance(found, models.DecimalField) else 2
                return money(number) if places == 2 else quantity(number)
        if isinstance(value, dict):
            return self.mapping(value, key=key, in_money=in_money)
        if isinstance(value, list):
            items = (self.value(item, found, in_money=in_money) for item in value)
            return ", ".join(
                f"({text})" if isinstance(item, list) else text
                for item, text in zip(value, items, strict=True)
            )
        if isinstance(value, (int, float, Decimal)):
            return str(formats.number_format(value, use_l10n=True, force_grouping=True))
        if isinstance(value, str) and value in self.reading.words:
            return str(self.reading.words[value])
        return _text(str(value))

    def mapping(self, value: Mapping[str, Any], *, key: str, in_money: bool) -> str:
        if _is_i18n(value):
            return I18nText({str(k): str(v) for k, v in value.items() if v}).localized() or EMPTY
        if key in self.reading.keyed:
            names, values = self.reading.keyed[key]
            return "; ".join(
                f"{capfirst(self.value(inner, names))}: {self.value(item, values)}"
                for inner, item in value.items()
            )
        ids = self.reading.nested.get(key)
        parts = []
        for inner, item in value.items():
            name = self.name(ids, str(inner)) if ids is not None else label(None, str(inner))
            parts.append(f"{name}: {self.value(item, key=str(inner), in_money=in_money)}")
        return "; ".join(parts)


def render(value: Any, found: models.Field[Any, Any] | None = None, *, key: str = "") -> str:
    """One value for a person, without related objects to name."""
    return _Reader({}, PLAIN).value(value, found, key=key)


def changes(
    model: type[models.Model] | None,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    names: Mapping[Ref, str],
    reading: Reading = PLAIN,
) -> list[Change]:
    """One line per key, in the order written: old → new (an em dash where there was none).
    When the keys are ids (`reading.ids`), each line is named after its object."""
    reader = _Reader(names, reading)
    rows = []
    for key in dict.fromkeys([*before, *after]):
        if reading.ids is not None:
            name, found = reader.name(reading.ids, key), None
        else:
            name, found = (
                label(model, key, reading),
                reading.fields.get(key) or model_field(model, key),
            )
        old = reader.value(before.get(key), found, key=key) if key in before else EMPTY
        new = reader.value(after.get(key), found, key=key) if key in after else EMPTY
        rows.append(Change(name, old, new))
    return rows
