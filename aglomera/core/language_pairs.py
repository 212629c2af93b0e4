"""Language pairs: which translation of a text is older than its source (issue 13).

Shared texts are written in Czech, Polish and English side by side. Besides a *missing*
translation (a language left empty), a page marks a translation **older than its source**: one
language version of a field was changed after another one was last brought up to date.

Storage: a model keeps one JSON column `text_changed` (`text_changed_field()`), per text field
and per language the moment the content of that version stems from, as ISO 8601 in UTC::

    {"title": {"cs": "2026-12-03T09:15:00+00:00", "pl": "2026-11-20T...", "en": "..."}}

An empty column (rows older than the column, data loaded outside the actions) is *unknown*: no
marker. A language without a stamp next to stamped ones was last changed before any stamped
change (every write since goes through the actions), so it counts as older than them.

The actions keep the stamps with `restamp(stamps, before, after, now=...)` on every create and
edit; only languages whose value changed get a new stamp:

- a **source edit** (a language that was up to date changes) stamps the changed languages with
  `now`: every other version of the field becomes older than it;
- a **catch-up** (every changed language was older than another version, or empty before: a
  translation brought up to date, or added) stamps the changed languages with the stamp of the
  newest unchanged version, so the translation is as new as its source and bringing the Polish
  title up to date never marks the Czech one;
- a language emptied loses its stamp (no version, nothing to mark).

Reading: `stale_versions(stamps, field, values)` says, per language, what a version is older
than (`Staleness`: the source's language and when it changed); its str() is the sentence
"Translation older than the Czech version (changed 3. 12. 2026)" written when the page is
rendered, in the reader's language and date format (nothing of it is stored).

Showing it:

- forms: `pair_field(label, max_length=..., textarea=..., required=...)` is the per-language
  field whose widget (`LanguagePairWidget`) marks a missing translation and, once the view
  calls `mark_stale(form, obj.text_changed, {"title": obj.title, ...})`, an older one beside
  each input;
- detail pages: `stale_rows(obj.text_changed, {"title": (_("Title"), obj.title), ...})` in the
  view and `{% include "core/_language_pairs.html" with rows=stale %}` in the template.

Applying it to another model (as for joint project ideas): add `text_changed =
text_changed_field()` and a migration; in the create action
`obj.text_changed = restamp({}, {}, texts, now=now)`, in the edit action
`obj.text_changed = restamp(obj.text_changed, texts_before, texts_after, now=now)` (texts as
{field: {language: value}}); `pair_field` in the form, `mark_stale` in the edit view,
`stale_rows` and the include on the detail page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from aglomera.core.i18n import I18nFormField, I18nWidget, language_codes

Stamps = dict[str, dict[str, str]]
Texts = Mapping[str, Mapping[str, Any]]  # field -> language -> value (text, list of tags)


def text_changed_field() -> models.JSONField[Any]:
    """The column of the stamps: {field: {language: ISO moment}}; empty = unknown."""
    return models.JSONField(
        gettext_lazy("when each language version changed"), default=dict, blank=True
    )


def _filled(values: Mapping[str, Any]) -> set[str]:
    return {code for code, value in values.items() if value}


def _moment(text: Any) -> datetime | None:
    """A stored stamp as a moment (None for a missing or unreadable one: unknown)."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _is_behind(own: datetime | None, others: list[datetime | None]) -> bool:
    """Whether a version stamped `own` is older than one of the `others` (unknown = older
    than any known stamp)."""
    return any(other is not None and (own is None or other > own) for other in others)


def _field_stamps(
    stamps: Mapping[str, str], before: Mapping[str, Any], after: Mapping[str, Any], now: datetime
) -> dict[str, str]:
    old = {code: _moment(stamps.get(code)) for code in _filled(before)}
    changed = {code for code in _filled(after) if after.get(code) != before.get(code)}
    unchanged = _filled(after) - changed
    kept = {code: stamp for code, stamp in stamps.items() if code in unchanged}
    if not changed:
        return kept
    catch_up = unchanged and all(
        code not in old or _is_behind(old[code], [old[o] for o in old if o != code])
        for code in changed
    )
    if not catch_up:
        return {**kept, **dict.fromkeys(changed, now.isoformat())}
    known = [stamp for code in unchanged if (stamp := _moment(stamps.get(code))) is not None]
    if not known:  # the versions caught up with are unknown: so is the translation
        return kept
    source = max(known).isoformat()
    return {**kept, **dict.fromkeys(changed, source)}


def restamp(stamps: Mapping[str, Any], before: Texts, after: Texts, *, now: datetime) -> Stamps:
    """The stamps after a write that turned the texts `before` into `after` ({field:
    {language: value}}, the fields the write covers; a create passes `before={}`), see the
    module's docstring. Fields not in `after` keep their stamps."""
    result: Stamps = {
        str(name): dict(value) for name, value in stamps.items() if isinstance(value, dict)
    }
    moment = now.astimezone(UTC)
    for name, values in after.items():
        field = _field_stamps(result.get(name, {}), before.get(name, {}), values, moment)
        if field:
            result[name] = field
        else:
            result.pop(name, None)
    return result


_OLDER_THAN: dict[str, Promise] = {
    "cs": gettext_lazy("Translation older than the Czech version (changed %(date)s)"),
    "pl": gettext_lazy("Translation older than the Polish version (changed %(date)s)"),
    "en": gettext_lazy("Translation older than the English version (changed %(date)s)"),
}


@dataclass(frozen=True)
class Staleness:
    """The version in `language` is older than the one in `source`, changed at `changed`."""

    language: str
    source: str
    changed: datetime

    @property
    def day(self) -> str:
        """The source's change as a date in the reader's format and time zone."""
        return str(formats.date_format(timezone.localtime(self.changed), "SHORT_DATE_FORMAT"))

    def __str__(self) -> str:
        template = _OLDER_THAN.get(self.source)
        if template is None:
            name = get_language_info(self.source)["name_translated"]
            text = _("Translation older than the %(language)s version (changed %(date)s)")
            return text % {"language": name, "date": self.day}
        return str(template) % {"date": self.day}


def stale_versions(
    stamps: Mapping[str, Any], field: str, values: Mapping[str, Any]
) -> dict[str, Staleness]:
    """Language -> what its version of `field` is older than, for the filled versions that are
    older than another filled version (the newest one is the source; on a tie the first in the
    product's language order). Empty stamps: nothing is marked."""
    field_stamps = stamps.get(field)
    if not isinstance(field_stamps, dict) or not field_stamps:
        return {}
    filled = [code for code in language_codes() if values.get(code)]
    moments = {code: _moment(field_stamps.get(code)) for code in filled}
    result: dict[str, Staleness] = {}
    for code in filled:
        own = moments[code]
        newer = [
            (moment, other)
            for other in filled
            if other != code
            and (moment := moments[other]) is not None
            and (own is None or moment > own)
        ]
        if newer:
            newest = max(moment for moment, _other in newer)
            source = next(other for moment, other in newer if moment == newest)
            result[code] = Staleness(code, source, newest)
    return result


@dataclass(frozen=True)
class StaleRow:
    """One outdated version on a detail page: the field's label and what it is older than."""

    label: str
    staleness: Staleness


def stale_rows(
    stamps: Mapping[str, Any], fields: Mapping[str, tuple[Any, Mapping[str, Any]]]
) -> list[StaleRow]:
    """The outdated versions of the fields {name: (label, {language: value})}, in order."""
    return [
        StaleRow(str(label), staleness)
        for name, (label, values) in fields.items()
        for staleness in stale_versions(stamps, name, values).values()
    ]


class LanguagePairWidget(I18nWidget):
    """The languages side by side; an empty language is marked "Translation missing" once
    another one is filled, and a language older than another one (`stale`, set by
    `mark_stale`) is marked with what it is older than."""

    template_name = "core/widgets/i18n_pairs.html"

    def __init__(self, textarea: bool = False) -> None:
        super().__init__(textarea=textarea)
        self.stale: dict[str, Staleness] = {}

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        any_filled = any(sub.get("value") for sub in subwidgets)
        context["widget"]["languages"] = [
            {
                "code": code,
                "widget": sub,
                "missing": any_filled and not sub.get("value"),
                "stale": self.stale.get(code),
            }
            for code, sub in zip(language_codes(), subwidgets, strict=False)
        ]
        return context


def pair_field(
    label: Any, *, max_length: int, textarea: bool = False, required: bool = True
) -> I18nFormField:
    """A per-language form field with the language-pair markers."""
    return I18nFormField(
        label=label,
        max_length=max_length,
        textarea=textarea,
        required=required,
        widget=LanguagePairWidget(textarea=textarea),
    )


def mark_stale(form: forms.BaseForm, stamps: Mapping[str, Any], stored: Texts) -> None:
    """Mark, beside each input of the form's per-language fields, the stored versions that are
    older than another one (`stored`: {field: {language: value}} as saved)."""
    for name, values in stored.items():
        field = form.fields.get(name)
        if field is not None and isinstance(field.widget, LanguagePairWidget):
            field.widget.stale = stale_versions(stamps, name, values)
