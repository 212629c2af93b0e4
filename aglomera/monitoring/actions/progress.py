"""Beneficiaries' progress reports: the applicant writes and submits, a coordinator decides.

    draft ──submit──▶ submitted ──approve──▶ approved
                          └──return (reason)──▶ returned ──edit, submit──▶ submitted

A report says what the project has achieved SO FAR (cumulative values) by the end of its period,
one value per indicator the project committed. Reports can be written once the project is in
implementation (or later). Errors are keyed by the form's field names: `period_end`,
`narrative`, `indicator_<IndicatorCode id>` and `reason`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.unique import Unique, unique_errors
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.monitoring.models import ProgressReport, ProgressValue, ReportStatus
from aglomera.monitoring.transitions import PROGRESS_REPORT
from aglomera.strategy.eligibility import report_period_error

S = IntentionStatus
R = ReportStatus

REPORTABLE = (
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
)
EDITABLE = (R.DRAFT, R.RETURNED)
REPORT = "monitoring.report_progress"
APPROVE = "monitoring.approve_progress"
MAX_VALUE = Decimal(10) ** 15  # the column holds 15 integer digits
NARRATIVE_MAX = 10000

Values = Mapping[int, Any]  # IndicatorCode id -> achieved value (Decimal, int or text)


def value_field(indicator_id: int) -> str:
    """The form field an indicator's achieved value is entered in (errors are keyed by it)."""
    return f"indicator_{indicator_id}"


def _parse_value(raw: Any) -> Decimal:
    """A non-negative number with at most three decimals; ValidationError with the reason."""
    if isinstance(raw, bool) or raw is None:
        raise ValidationError(_("Enter the value achieved so far, for example 12.5 (0 if none)."))
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Enter a number, for example 12.5.")) from None
    if not value.is_finite():
        raise ValidationError(_("Enter a number, for example 12.5."))
    if value < 0:
        raise ValidationError(_("An achieved value cannot be negative."))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        raise ValidationError(_("Use at most three decimal places."))
    if value >= MAX_VALUE:
        raise ValidationError(_("The value is too large."))
    return value


def _period_taken(period_end: date) -> str:
    return _("There is already a report for the period ending %(day)s.") % {
        "day": date_format(period_end, "SHORT_DATE_FORMAT")
    }


def _one_per_period(period_end: date) -> Unique:
    """Another request may report the same period at the same moment."""
    return Unique(ProgressReport, "progress_report_unique", "period_end", _period_taken(period_end))


def _period_error(
    intention: ProjectIntention, period_end: Any, today: date, report: ProgressReport | None
) -> str:
    """Why the period's end is refused ("" when it is not): a day once the project's expenditure
    can be eligible, not in the future, and not the end of another report's period."""
    if not isinstance(period_end, date):
        return _("Enter the date the reported period ends.")
    if period_end > today:
        return _("The period cannot end in the future; report what was achieved by today.")
    if problem := report_period_error(intention.call.strategy.period, period_end):
        return problem
    duplicates = ProgressReport.objects.filter(intention=intention, period_end=period_end)
    if report is not None:
        duplicates = duplicates.exclude(pk=report.pk)
    return _period_taken(period_end) if duplicates.exists() else ""


def _clean(
    intention: ProjectIntention,
    *,
    period_end: Any,
    narrative: str,
    values: Values,
    today: date,
    report: ProgressReport | None,
) -> dict[int, Decimal]:
    """Check a report's input against the rules; returns the parsed values per indicator."""
    errors: dict[str, list[str]] = {}
    if problem := _period_error(intention, period_end, today, report):
        errors["period_end"] = [problem]
    if len(narrative) > NARRATIVE_MAX:
        errors["narrative"] = [
            _("Keep the description under %(count)s characters.") % {"count": NARRATIVE_MAX}
        ]
    committed = {
        row.indicator_id: row
        for row in IntentionIndicator.objects.filter(intention=intention).select_related(
            "indicator"
        )
    }
    parsed: dict[int, Decimal] = {}
    for indicator_id, raw in values.items():
        if indicator_id not in committed:
            errors[value_field(indicator_id)] = [
                _("This project has not committed this indicator; report only its own ones.")
            ]
            continue
        try:
            parsed[indicator_id] = _parse_value(raw)
        except ValidationError as exc:
            errors[value_field(indicator_id)] = list(exc.messages)
    for indicator_id, row in committed.items():
        if indicator_id not in values:
            errors[value_field(indicator_id)] = [
                _("Enter the value of %(code)s achieved so far (0 if nothing yet).")
                % {"code": row.indicator.code}
            ]
    if errors:
        raise ValidationError(errors)
    return parsed


def _snapshot(report: ProgressReport, values: Mapping[int, Decimal]) -> dict[str, Any]:
    return {
        "period_end": report.period_end.isoformat(),
        "narrative": report.narrative,
        "values": {str(key): str(value) for key, value in sorted(values.items())},
    }


def _store_values(report: ProgressReport, values: Mapping[int, Decimal]) -> None:
    ProgressValue.objects.filter(report=report).delete()
    ProgressValue.objects.bulk_create(
        ProgressValue(report=report, indicator_id=indicator_id, achieved=value)
        for indicator_id, value in values.items()
    )


@transaction.atomic
def create_progress_report(
    intention: ProjectIntention,
    *,
    period_end: Any,
    narrative: str = "",
    values: Values,
    actor: Actor,
    today: date | None = None,
    form_token: UUID | None = None,
) -> ProgressReport:
    """A draft report of the applicant's project for the period ending `period_end` (the same
    form sent again returns the report its first submission created)."""
    _require(actor, REPORT, intention)
    earlier = once.claim(form_token, actor=actor, model=ProgressReport)
    if earlier is not None:
        return earlier
    locked = (
        ProjectIntention.objects.select_for_update().select_related("call").get(pk=intention.pk)
    )
    if locked.status not in REPORTABLE:
        raise ValidationError(
            _(
                "Progress can be reported once the project is in implementation; it is now: "
                "%(status)s."
            )
            % {"status": locked.get_status_display()},
            code="not_reportable",
        )
    narrative = narrative.strip()
    parsed = _clean(
        locked,
        period_end=period_end,
        narrative=narrative,
        values=values,
        today=today or timezone.localdate(),
        report=None,
    )
    with unique_errors(_one_per_period(period_end)):
        report = ProgressReport.objects.create(
            intention=locked, period_end=period_end, narrative=narrative
        )
    _store_values(report, parsed)
    once.bind(form_token, report)
    record(
        "monitoring.progress_report.created",
        actor=actor,
        target=report,
        agglomeration_id=locked.call.agglomeration_id,
        after=_snapshot(report, parsed),
    )
    return report


def _lock(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_for_update()
        .select_related("intention__call")
        .get(pk=report.pk)
    )


@transaction.atomic
def update_progress_report(
    report: ProgressReport,
    *,
    period_end: Any,
    narrative: str = "",
    values: Values,
    actor: Actor,
    today: date | None = None,
) -> ProgressReport:
    """Edit a draft or returned report (a submitted or approved one stays as it is)."""
    _require(actor, REPORT, report)
    locked = _lock(report)
    if locked.status not in EDITABLE:
        raise ValidationError(
            _("This report is %(status)s and can no longer be edited.")
            % {"status": locked.get_status_display()},
            code="not_editable",
        )
    narrative = narrative.strip()
    parsed = _clean(
        locked.intention,
        period_end=period_end,
        narrative=narrative,
        values=values,
        today=today or timezone.localdate(),
        report=locked,
    )
    before = _snapshot(
        locked,
        dict(locked.values.values_list("indicator_id", "achieved")),
    )
    locked.period_end = period_end
    locked.narrative = narrative
    with unique_errors(_one_per_period(period_end)):
        locked.save(update_fields=["period_end", "narrative"])
    _store_values(locked, parsed)
    record(
        "monitoring.progress_report.updated",
        actor=actor,
        target=locked,
        agglomeration_id=locked.intention.call.agglomeration_id,
        before=before,
        after=_snapshot(locked, parsed),
    )
    return locked


@transaction.atomic
def move_progress_report(
    report: ProgressReport, to: str, *, actor: Actor, reason: str = ""
) -> ProgressReport:
    """Submit (applicant), approve or return (coordinator, with a reason) a report.

    Raises PermissionDenied for an actor without the right, TransitionNotAllowed for a step the
    workflow does not have from the report's current state, ValidationError (on `reason`) for a
    return without a reason.
    """
    _require(actor, APPROVE if to in (R.APPROVED, R.RETURNED) else REPORT, report)
    return PROGRESS_REPORT.step(_lock(report), to, actor=actor, reason=reason.strip())
