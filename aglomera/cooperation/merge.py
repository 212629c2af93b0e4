"""Merging a refused (stale) edit of a joint item (an exchange, a joint project idea) with the
version saved meanwhile.

Three versions of the item, each flattened to one value per form input (`title_cs`,
`title_pl`, ..., `kind`, `host`, `starts_on`, ...); a `Shape` says which inputs an item's form
has, how they are labelled and how a value reads for people (`EXCHANGE`; a joint idea's is
built per idea by `idea_shape`, its sides' inputs being per member):

A partnership's (`PARTNERSHIP`) and a cooperation project's (`PROJECT`) shapes are fixed like
the exchange's.

- base: the version the refused page was opened from (rebuilt from the audit log,
  `queries.version_as_of`; None when the log does not reach back),
- theirs: the version saved meanwhile,
- mine: what the refused page sent.

Per input: what only the other side changed is taken from theirs, what only I changed is kept,
what both changed differently is a conflict (my input is kept and flagged). Without a base,
every input where mine and theirs differ is a conflict. The form shown again carries the merged
values and the new revision, so saving it again without looking loses nothing of the other
side's edit except where a conflict was flagged on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions import ideas, partnerships
from aglomera.cooperation.actions.common import clean_text
from aglomera.cooperation.actions.exchanges import TEXT_FIELDS, ExchangeFields
from aglomera.cooperation.models import DatePrecision, ExchangeKind, MoneyBasis
from aglomera.cooperation.templatetags.cooperation import partial_date
from aglomera.core.amounts import format_amount
from aglomera.core.i18n import language_codes
from aglomera.core.language_pairs import mark_stale

LABELS: dict[str, Promise] = {
    "title": _("Title"),
    "participants": _("Participants"),
    "programme": _("Programme and topics"),
    "outcomes": _("Outcomes"),
    "report": pgettext_lazy("exchange", "Report"),
    "kind": _("Kind"),
    "host": _("Host"),
    "project": _("Cooperation project"),
    "starts_on": _("Start"),
    "ends_on": _("End"),
    "dates_precision": _("The dates are known"),
    "source": _("Source (web address)"),
}
OTHER_FIELDS = (
    "kind",
    "host",
    "project",
    "starts_on",
    "ends_on",
    "dates_precision",
    "source",
)

Display = Callable[[str, Any, dict[str, Any], dict[str, dict[int, str]]], str]


@dataclass(frozen=True)
class Shape:
    """The inputs of an item's form: texts per language, the other inputs, their labels and how
    a value reads for people (field, value, the version it belongs to, names of ids)."""

    text_fields: tuple[str, ...]
    other_fields: tuple[str, ...]
    labels: Mapping[str, Any]
    display: Display


TAKEN = "taken"  # only the other side changed it: the form now has their value
SAME = "same"  # both made the same change
CONFLICT = "conflict"  # both changed it differently: my input is kept, flagged


def fields_snapshot(data: ExchangeFields) -> dict[str, Any]:
    """What a form sent, in the shape of `actions.snapshot` (the audit log's)."""
    return {
        **{name: dict(clean_text(getattr(data, name))) for name in TEXT_FIELDS},
        "kind": data.kind,
        "host": data.host.pk,
        "project": data.project.pk if data.project is not None else None,
        "starts_on": data.starts_on.isoformat(),
        "ends_on": data.ends_on.isoformat() if data.ends_on else None,
        "dates_precision": data.dates_precision,
        "source": data.source.strip(),
    }


def flatten(version: dict[str, Any], shape: Shape | None = None) -> dict[str, Any]:
    """One value per form input; an empty language is ""."""
    shape = shape or EXCHANGE
    flat: dict[str, Any] = {}
    for name in shape.text_fields:
        for code in language_codes():
            flat[f"{name}_{code}"] = (version.get(name) or {}).get(code, "")
    for name in shape.other_fields:
        flat[name] = version.get(name)
    return flat


@dataclass(frozen=True)
class Difference:
    """One input the other side changed (or, without a base, where the two differ)."""

    key: str  # the form input: title_cs, host, ...
    field: str  # the form field: title, host, ...
    language: str  # "cs", "pl", "en" for texts, "" otherwise
    base: Any
    theirs: Any
    mine: Any
    outcome: str  # TAKEN, SAME or CONFLICT


@dataclass(frozen=True)
class Merge:
    values: dict[str, Any]  # per form input, what the form shows again
    differences: list[Difference]
    base_known: bool

    @property
    def conflicts(self) -> list[Difference]:
        return [d for d in self.differences if d.outcome == CONFLICT]

    def form_data(self, revision: int) -> dict[str, str]:
        """The form's data for the page shown again: the merged values, the new revision."""
        data = {key: "" if value is None else str(value) for key, value in self.values.items()}
        data["revision"] = str(revision)
        return data


def _field_of(key: str, shape: Shape) -> tuple[str, str]:
    name, _sep, code = key.rpartition("_")
    if name in shape.text_fields:
        return name, code
    return key, ""


def merge(
    base: dict[str, Any] | None,
    theirs: dict[str, Any],
    mine: dict[str, Any],
    shape: Shape | None = None,
) -> Merge:
    """Three-way merge per form input (see the module's docstring)."""
    shape = shape or EXCHANGE
    flat_base = flatten(base, shape) if base is not None else None
    flat_theirs, flat_mine = flatten(theirs, shape), flatten(mine, shape)
    values: dict[str, Any] = {}
    differences: list[Difference] = []
    for key, their_value in flat_theirs.items():
        my_value = flat_mine[key]
        base_value = flat_base[key] if flat_base is not None else None
        values[key] = my_value
        if flat_base is not None and their_value == base_value:
            continue  # the other side left it alone: mine stands
        if flat_base is not None and my_value == base_value:
            values[key] = their_value
            outcome = TAKEN
        elif my_value == their_value:
            if flat_base is None:
                continue
            outcome = SAME
        else:
            outcome = CONFLICT
        field, language = _field_of(key, shape)
        differences.append(
            Difference(key, field, language, base_value, their_value, my_value, outcome)
        )
    return Merge(values, differences, base_known=flat_base is not None)


def _display(
    field: str, value: Any, version: dict[str, Any], names: dict[str, dict[int, str]]
) -> str:
    """A value of an exchange for people: names for ids and codes, dates to their precision."""
    precision = version.get("dates_precision")
    if value is None or value == "":
        return "—"
    if field == "kind":
        return str(ExchangeKind(value).label) if value in ExchangeKind.values else str(value)
    if field == "dates_precision":
        return str(DatePrecision(value).label) if value in DatePrecision.values else str(value)
    if field in names:
        return names[field].get(value, str(value))
    if field in ("starts_on", "ends_on"):
        return partial_date(date.fromisoformat(value), precision or DatePrecision.DAY)
    return str(value)


@dataclass(frozen=True)
class Row:
    """A line of the refused page's comparison, its values written for people."""

    difference: Difference
    label: str
    language: str
    base: str
    theirs: str
    now: str  # what the form shows again

    @property
    def outcome(self) -> str:
        return self.difference.outcome


EXCHANGE = Shape(TEXT_FIELDS, OTHER_FIELDS, LABELS, _display)


def rows(
    result: Merge,
    base: dict[str, Any] | None,
    theirs: dict[str, Any],
    names: dict[str, dict[int, str]],
    shape: Shape | None = None,
) -> list[Row]:
    """The differences for the page; `names`: ids -> names per input (host, project, ...)."""
    shape = shape or EXCHANGE
    languages = dict(settings.LANGUAGES)
    versions = (base or {}, theirs, result.values)
    show = shape.display
    return [
        Row(
            difference,
            str(shape.labels[difference.field]),
            str(languages.get(difference.language, "")),
            show(difference.field, difference.base, versions[0], names)
            if result.base_known
            else str(_("unknown")),
            show(difference.field, difference.theirs, versions[1], names),
            show(difference.field, result.values[difference.key], versions[2], names),
        )
        for difference in result.differences
    ]


# ---- a joint project idea: its texts, programme and priority, and per member side its measure,
# budget, currency and basis (inputs named `<field>_<agglomeration id>`)

IDEA_LABELS: dict[str, Promise] = {
    "title": _("Title"),
    "summary": _("Summary"),
    "fit": _("Fit with the programme's priorities"),
    "programme": _("Programme"),
    "priority": _("Priority"),
}
SIDE_LABELS: dict[str, Promise] = {
    "measure": _("%(side)s: measure of its strategy"),
    "amount": _("%(side)s: budget"),
    "currency": _("%(side)s: currency"),
    "basis": _("%(side)s: money basis"),
}


def _idea_display(
    field: str, value: Any, version: dict[str, Any], names: dict[str, dict[int, str]]
) -> str:
    """A value of an idea for people: the measure's code and name, an amount the local way, the
    basis by its label."""
    if value is None or value == "":
        return "—"
    name = field.rpartition("_")[0]
    if name == "measure":
        return names.get("measure", {}).get(value, str(value))
    if name == "amount":
        return format_amount(Decimal(value))
    if name == "basis":
        return str(MoneyBasis(value).label) if value in MoneyBasis.values else str(value)
    return str(value)


def idea_shape(members: list[Agglomeration]) -> Shape:
    """The inputs of an idea's form for these member sides."""
    other: list[str] = []
    labels: dict[str, Any] = dict(IDEA_LABELS)
    for member in members:
        for name in ideas.SIDE_FIELDS:
            key = ideas.side_key(name, member.pk)
            other.append(key)
            labels[key] = str(SIDE_LABELS[name]) % {"side": member.name}
    return Shape(ideas.TEXT_FIELDS, tuple(other), labels, _idea_display)


def flag_conflicts(form: forms.Form, result: Merge) -> None:
    """Mark each input both sides changed differently with an error naming the languages (the
    user's input is kept; the page shows the saved version beside it)."""
    languages = dict(settings.LANGUAGES)
    conflicts: dict[str, list[str]] = {}
    for conflict in result.conflicts:
        conflicts.setdefault(conflict.field, []).append(conflict.language)
    for field, codes in conflicts.items():
        named = ", ".join(str(languages[code]) for code in codes if code)
        form.add_error(
            field,
            _(
                "Changed both by you and in the version saved meanwhile (%(languages)s): your "
                "input is kept, compare it with the saved one above."
            )
            % {"languages": named}
            if named
            else _(
                "Changed both by you and in the version saved meanwhile: your input is kept, "
                "compare it with the saved one above."
            ),
        )


# ---- a partnership (its name, description and agreement) and a cooperation project


def dated_display(precisions: Mapping[str, str]) -> Display:
    """How a value reads for people, where `precisions` names, per date input, the input of its
    precision (the dates shown to that precision, a precision by its label)."""

    def display(
        field: str, value: Any, version: dict[str, Any], names: dict[str, dict[int, str]]
    ) -> str:
        if value is None or value == "":
            return "—"
        if field in precisions.values():
            return str(DatePrecision(value).label) if value in DatePrecision.values else str(value)
        if field in precisions:
            precision = version.get(precisions[field]) or DatePrecision.DAY
            return partial_date(date.fromisoformat(value), precision)
        return str(value)

    return display


PARTNERSHIP = Shape(
    partnerships.PARTNERSHIP_TEXTS,
    ("agreement_signed_on", "agreement_precision", "agreement_source"),
    {
        "name": _("Name"),
        "description": _("Description"),
        "agreement_signed_on": _("Agreement signed on"),
        "agreement_precision": _("The date is known"),
        "agreement_source": _("Agreement document (web address)"),
    },
    dated_display({"agreement_signed_on": "agreement_precision"}),
)
PROJECT = Shape(
    partnerships.PROJECT_TEXTS,
    (
        "registration_number",
        "starts_on",
        "starts_precision",
        "ends_on",
        "ends_precision",
        "source",
    ),
    {
        "name": _("Name"),
        "programme": _("Programme"),
        "activities": _("Activities"),
        "registration_number": _("Registration number"),
        "starts_on": _("Start"),
        "starts_precision": _("The start is known"),
        "ends_on": _("End"),
        "ends_precision": _("The end is known"),
        "source": _("Source (web address)"),
    },
    dated_display({"starts_on": "starts_precision", "ends_on": "ends_precision"}),
)


def is_stale(form: forms.Form) -> bool:
    """Whether the form's save was refused because the item was saved meanwhile (`StaleEdit`)."""
    return any(error.code == "stale" for error in form.non_field_errors().as_data())


def merged_page(
    form: forms.Form,
    current: Any,
    *,
    base: dict[str, Any] | None,
    mine: dict[str, Any],
    theirs: dict[str, Any],
    texts: dict[str, Any],
    shape: Shape | None = None,
    names: dict[str, dict[int, str]] | None = None,
    local: Callable[[dict[str, str]], dict[str, str]] | None = None,
) -> dict[str, Any]:
    """An edit refused because `current` (read anew) was saved meanwhile: the typed input `mine`
    merged with that version against `base` (the version the page was opened from), the form
    showing the merge (`local`: its values as the reader types them) with the new revision and
    the markers of the version saved meanwhile, and what the page lists of it (the page's
    context: docs/cooperation.md)."""
    result = merge(base, theirs, mine, shape)
    flag_conflicts(form, result)
    data = result.form_data(current.revision)
    form.data = local(data) if local else data
    # the markers of the version saved meanwhile: its stamps are what the next save starts from
    mark_stale(form, current.text_changed, texts)
    return {
        "current": current,
        "rows": rows(result, base, theirs, names or {}, shape),
        "base_known": result.base_known,
        "conflicts": len(result.conflicts),
    }
