"""Requesting a report: it is queued and generated in the background (report_tasks)."""

from __future__ import annotations

from datetime import date
from functools import partial
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.dates import date_errors
from aglomera.core.text import CONTROL_CHARACTERS, without_control_characters
from aglomera.monitoring.models import GeneratedReport, GeneratedReportKind
from aglomera.monitoring.queries.strategies import strategies_with_versions
from aglomera.monitoring.report_tasks import generate_report
from aglomera.monitoring.reports.calendar import HORIZON
from aglomera.monitoring.reports.fulfilment_content import NARRATIVE_FIELDS

NARRATIVE_MAX = 20_000
BEFORE_SHOWN = 40  # characters of the text before a control character, to find it by
K = GeneratedReportKind


def _control_character_error(text: str) -> str:
    """Why a narrative cannot go into the DOCX (python-docx refuses what XML 1.0 cannot hold,
    such as Word's manual line break U+000B pasted in), naming the character and the words
    before it; "" when there is nothing to say."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return ""
    code = f"U+{ord(found.group()):04X}"
    before = " ".join(without_control_characters(text[: found.start()]).split())
    if not before:
        return _(
            "The text starts with an invisible control character (%(code)s), probably pasted "
            "in from another program. Delete it and send the form again."
        ) % {"code": code}
    if len(before) > BEFORE_SHOWN:
        end = before[-BEFORE_SHOWN:]
        before = f"…{end.partition(' ')[2] or end}"  # whole words
    return _(
        "The text contains an invisible control character (%(code)s) after “%(before)s”, "
        "probably pasted in from another program. Delete it and send the form again."
    ) % {"code": code, "before": before}


def _fulfilment_errors(
    agglomeration: Agglomeration, start: date | None, end: date | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if start is None:
        errors["period_start"] = _("Enter the first day of the reporting period.")
    if end is None:
        errors["period_end"] = _("Enter the last day of the reporting period.")
    if not strategies_with_versions(agglomeration).exists():
        errors["kind"] = _("The agglomeration has no approved strategy to report on.")
    dates = {"period_start": start, "period_end": end}
    return date_errors(dates, order=("period_start", "period_end")) | errors


@transaction.atomic
def request_report(
    agglomeration: Agglomeration,
    *,
    kind: str,
    period_start: date | None = None,
    period_end: date | None = None,
    narrative: dict[str, str] | None = None,
    actor: Actor,
    form_token: UUID | None = None,
    scheduled: bool = False,
) -> GeneratedReport:
    """Queue a report. Fulfilment: the period and the office's narrative (in its language);
    list of operations: `period_end` is the day it is stated as of (default today); calls
    calendar: `period_start` is the first day of the twelve months it covers (default today).
    The same form sent again returns the report its first submission queued. `scheduled`: the
    schedule of the list of operations queues it in its owner's name (actions/schedule.py)."""
    if not actor.has_perm("monitoring.report", agglomeration):
        raise PermissionDenied
    earlier = once.claim(form_token, actor=actor, model=GeneratedReport)
    if earlier is not None:
        return earlier
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    today = timezone.localdate()
    if kind not in K.values:
        errors["kind"] = _("Choose a report.")
    elif kind == K.FULFILMENT:
        errors.update(_fulfilment_errors(agglomeration, period_start, period_end))
        for name in NARRATIVE_FIELDS:
            text = str((narrative or {}).get(name) or "").strip()
            if len(text) > NARRATIVE_MAX:
                errors[name] = _("At most %(count)s characters.") % {"count": NARRATIVE_MAX}
            elif problem := _control_character_error(text):
                errors[name] = problem
            texts[name] = text
    elif kind == K.OPERATIONS:
        period_start, period_end = None, period_end or today
        errors.update(date_errors({"period_end": period_end}))
    else:
        period_start = period_start or today
        errors.update(date_errors({"period_start": period_start}))
        period_end = period_start + HORIZON
    if errors:
        raise ValidationError(errors)
    report = GeneratedReport.objects.create(
        agglomeration=agglomeration,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        narrative=texts,
        created_by=actor,
        scheduled=scheduled,
    )
    once.bind(form_token, report)
    record(
        "monitoring.report.requested",
        actor=actor,
        target=report,
        agglomeration_id=agglomeration.pk,
        after={
            "kind": kind,
            "period_start": period_start.isoformat() if period_start else None,
            "period_end": period_end.isoformat() if period_end else None,
            "scheduled": scheduled,
        },
    )
    transaction.on_commit(partial(generate_report.enqueue, report.pk))
    return report
