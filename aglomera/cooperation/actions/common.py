"""What the cooperation actions share: the acting side's permission and membership, cleaned
per-language texts, and the dates with their precision."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm
from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.models import DatePrecision, Partnership, PartnershipMember
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.dates import date_errors
from aglomera.core.i18n import I18nText, as_i18n
from aglomera.core.language_pairs import restamp
from aglomera.core.text import trimmed

M = TypeVar("M", bound=models.Model)


class StaleEdit(ValidationError):  # noqa: N818 - reads as the domain rule it is
    """Someone else saved the item since the form was loaded."""


def clean_text(value: Any) -> I18nText:
    """Per-language text with surrounding blanks removed and empty languages dropped."""
    return I18nText({code: trimmed(text) for code, text in as_i18n(value).items() if trimmed(text)})


def require_member(
    actor: Actor, perm: str, partnership: Partnership, agglomeration: Agglomeration
) -> None:
    """The actor holds `perm` in `agglomeration`, and that agglomeration is a member of the
    partnership (403 otherwise: the pages have already 404ed everyone else)."""
    require_perm(actor, perm, agglomeration)
    if not PartnershipMember.objects.filter(
        partnership=partnership, agglomeration=agglomeration
    ).exists():
        raise PermissionDenied


def precision_error(value: date | None, precision: str) -> str:
    """Why a date does not fit its precision ("" when it does): a month-only date is stored as
    the month's first day, a year-only date as 1 January."""
    if precision not in DatePrecision.values:
        return _("Choose how precise the date is.")
    if value is None or precision == DatePrecision.DAY:
        return ""
    if value.day != 1 or (precision == DatePrecision.YEAR and value.month != 1):
        if precision == DatePrecision.MONTH:
            return _("A date known only to the month is entered as the month's first day.")
        return _("A date known only to the year is entered as 1 January of that year.")
    return ""


def dates_errors(
    start: tuple[str, date | None, str],
    end: tuple[str, date | None, str] | None = None,
) -> dict[str, str]:
    """Field -> why its date is refused: outside 2000..2100, an end before the start, or a
    date that does not fit its precision. Each part: (field name, date, precision)."""
    parts = [start] if end is None else [start, end]
    values = {name: value for name, value, _precision in parts}
    order = (start[0], end[0]) if end is not None else None
    errors = date_errors(values, order=order)
    for name, value, precision in parts:
        message = precision_error(value, precision)
        if message and name not in errors:
            errors[name] = message
    return errors


def url_error(value: str) -> str:
    """Why a source address is refused ("" when it is empty or a web address)."""
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return _("Enter the web address of the source (http:// or https://).")
    return ""


def lock_revision(item: M, expected_revision: int | None, *, missing: str, stale: str) -> M:
    """The joint item locked for its edit, when the form names the revision it showed and that
    is still the item's; refused otherwise (`missing`: the message without a revision, `stale`:
    the one of a `StaleEdit`, nothing written)."""
    if expected_revision is None:  # without it a stale page would overwrite unseen
        raise ValidationError(missing, code="revision")
    locked = type(item)._default_manager.select_for_update().get(pk=item.pk)
    if locked.revision != expected_revision:  # type: ignore[attr-defined]
        raise StaleEdit(stale, code="stale")
    return locked


def save_edit(
    locked: M,
    values: dict[str, Any],
    text_fields: Sequence[str],
    snapshot: Callable[[M], dict[str, Any]],
    *,
    code: str,
    agglomeration: Agglomeration,
    actor: Actor,
) -> M:
    """Write the validated `values` to the locked item: the changed languages of its texts
    stamped (language pairs), its revision raised, and an audit `code` with the values before
    and after of what changed (`snapshot`: the item as the audit log keeps it)."""
    before = snapshot(locked)
    # the texts as saved now (also what a merged stale edit was merged with), not as the page
    # showed them: only the languages this save changes are stamped
    texts_before = {name: getattr(locked, name) for name in text_fields}
    for name, value in values.items():
        setattr(locked, name, value)
    locked.text_changed = restamp(  # type: ignore[attr-defined]
        locked.text_changed,  # type: ignore[attr-defined]
        texts_before,
        {name: values[name] for name in text_fields},
        now=timezone.now(),
    )
    locked.revision += 1  # type: ignore[attr-defined]
    locked.save()
    after = snapshot(locked)
    changed = [name for name in after if before[name] != after[name]]
    record(
        code,
        actor=actor,
        target=locked,
        agglomeration_id=agglomeration.pk,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return locked
