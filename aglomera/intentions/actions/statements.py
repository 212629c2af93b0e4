"""Compliance statements of the steering committee and the managing authority's record.

`issue_statement` is called by the committee area when a resolution decides an intention, and by
`actions.changes` when a change request is approved. Evidence numbers run per agglomeration and
year ("OLOMOUC/2025/0007"); the next one is computed while the agglomeration row is locked, so two
statements issued at the same moment never get the same number.

After the statement the intention goes on to the managing authority: `record_managing_authority`
keeps the registration number and the authority's state code and takes the next tracking step
(application filed, legal act, ... sustainability, or rejected by the authority).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration, Country
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.texts import Generated
from aglomera.core.unique import Unique, unique_errors
from aglomera.intentions import texts, transitions
from aglomera.intentions.models import (
    ChangeRequest,
    ChangeStatus,
    ComplianceStatement,
    IntentionStatus,
    ProjectIntention,
    StatementOutcome,
    StatementType,
)
from aglomera.intentions.queries.statements import TRACK_PERMISSION, track_targets
from aglomera.intentions.rules import AFTER_STATEMENT, FILED, TRACKED

if TYPE_CHECKING:
    from aglomera.committee.models import Resolution

S = IntentionStatus

# The intention's status that a committee decision with each outcome leaves behind.
OUTCOME_STATUS: dict[str, str] = {
    StatementOutcome.COMPLIANT: S.COMPLIANT,
    StatementOutcome.NON_COMPLIANT_OVERSUBSCRIBED: S.NON_COMPLIANT_OVERSUBSCRIBED,
    StatementOutcome.NON_COMPLIANT_NEGATIVE: S.NON_COMPLIANT_NEGATIVE,
    StatementOutcome.DEFERRED: S.DEFERRED,
}

# Registration numbers at the managing authorities.
REGISTRATION_FORMATS: dict[str, tuple[re.Pattern[str], ...]] = {
    Country.CZ: (
        # MS2021+ (2021-2027): CZ.06.02.01/00/22_012/0001234
        re.compile(r"CZ\.\d{2}\.\d{2}\.\d{2}/\d{2}/\d{2}_\d{3}/\d{7}"),
        # MS2014+ (2014-2020): CZ.04.1.40/0.0/0.0/16_019/0000068
        re.compile(r"CZ\.\d{1,2}\.\d\.\d{2}/\d\.\d/\d\.\d/\d{2}_\d{3}/\d{7}"),
    ),
    Country.PL: (
        # CST2021 (2021-2027): FEOP.02.01-IZ.00-0001/23; LSI (2014-2020): RPOP.03.01.00-16-0010/16
        re.compile(r"[A-Z]{4,6}\.\d{2}\.\d{2}(?:\.\d{2})?-(?:[A-Z]{2}\.\d{2}|\d{2})-\d{4}/\d{2}"),
    ),
}
REGISTRATION_EXAMPLES: dict[str, str] = {
    Country.CZ: "CZ.06.02.01/00/22_012/0001234, CZ.04.1.40/0.0/0.0/16_019/0000068",
    Country.PL: "FEOP.02.01-IZ.00-0001/23, RPOP.03.01.00-16-0010/16",
}
STATE_CODE = re.compile(r"[A-Z0-9][A-Z0-9._-]{0,19}")


def normalize_registration_number(value: str) -> str:
    return "".join(value.split()).upper()


def validate_registration_number(value: str, country: str) -> str:
    """The number in its normal form; ValidationError unless it has a format of the country."""
    number = normalize_registration_number(value)
    if any(p.fullmatch(number) for p in REGISTRATION_FORMATS.get(country, ())):
        return number
    raise ValidationError(
        _("This is not a registration number of the managing authority (e.g. %(examples)s).")
        % {"examples": REGISTRATION_EXAMPLES.get(country, "")},
        code="invalid",
    )


def next_evidence_number(agglomeration_id: int, year: int) -> str:
    """The next evidence number of the agglomeration and year; locks the agglomeration row.

    Call inside a transaction: the lock is held until it ends, so a concurrent issuance waits and
    then sees the number taken here.
    """
    agglomeration = Agglomeration.objects.select_for_update().get(pk=agglomeration_id)
    prefix = f"{agglomeration.slug.upper()}/{year}/"
    numbers = ComplianceStatement.objects.filter(evidence_number__startswith=prefix).values_list(
        "evidence_number", flat=True
    )
    last = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def _check_statement(
    intention: ProjectIntention,
    statement_type: str,
    outcome: str,
    change_request: ChangeRequest | None,
) -> None:
    if statement_type not in StatementType.values:
        raise ValidationError({"statement_type": _("Choose the type of the statement.")})
    if outcome not in StatementOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the statement.")})
    if statement_type == StatementType.CHANGE:
        if change_request is None or change_request.intention_id != intention.pk:
            raise ValidationError(
                {"change_request": _("A change statement answers a change request of the project.")}
            )
        if change_request.status != ChangeStatus.APPROVED:
            raise ValidationError(
                {"change_request": _("Only an approved change request gets a change statement.")}
            )
        if ComplianceStatement.objects.filter(change_request=change_request).exists():
            raise ValidationError(
                {"change_request": _("This change request already has its statement.")}
            )
        if outcome != StatementOutcome.COMPLIANT:
            raise ValidationError({"outcome": _("An approved change keeps the project compliant.")})
        return
    if change_request is not None:
        raise ValidationError(
            {"change_request": _("Only a change statement refers to a change request.")}
        )
    expected = OUTCOME_STATUS[outcome]
    updating_compliant = (
        statement_type == StatementType.UPDATED
        and outcome == StatementOutcome.COMPLIANT
        and intention.status in AFTER_STATEMENT
    )
    if intention.status != expected and not updating_compliant:
        raise ValidationError(
            {
                "outcome": _(
                    "The statement must follow the committee's decision; the project intention "
                    "is now: %(status)s."
                )
                % {"status": intention.get_status_display()}
            }
        )


@transaction.atomic
def issue_statement(
    intention: ProjectIntention,
    *,
    statement_type: str,
    outcome: str,
    resolution: Resolution | None = None,
    change_request: ChangeRequest | None = None,
    actor: Actor,
    issued_on: date | None = None,
    now: datetime | None = None,
) -> ComplianceStatement:
    """Issue the committee's statement with the next evidence number.

    An initial or updated compliant statement on a compliant intention moves it to
    "compliance statement issued" (at `now`, by default the present moment; `issued_on` is then
    its local date unless given). The outcome must match the committee's decision (the status
    of the intention); a change statement needs the approved change request it answers.
    """
    _require(actor, "intentions.issue_statement", intention)
    intention = (
        ProjectIntention.objects.select_for_update(of=("self",))
        .select_related("call__agglomeration", "applicant")
        .get(pk=intention.pk)
    )
    _check_statement(intention, statement_type, outcome, change_request)
    issued_on = issued_on or timezone.localdate(now)
    statement = ComplianceStatement.objects.create(
        intention=intention,
        statement_type=statement_type,
        outcome=outcome,
        evidence_number=next_evidence_number(intention.call.agglomeration_id, issued_on.year),
        issued_on=issued_on,
        resolution=resolution,
        change_request=change_request,
        issued_by=actor,
    )
    record(
        "intentions.statement.issued",
        actor=actor,
        target=statement,
        agglomeration_id=intention.call.agglomeration_id,
        after={
            "intention": intention.pk,
            "evidence_number": statement.evidence_number,
            "type": statement_type,
            "outcome": outcome,
            "issued_on": issued_on.isoformat(),
            "resolution": getattr(resolution, "number", None),
            "change_request": change_request.pk if change_request else None,
        },
        at=now,
    )
    if outcome == StatementOutcome.COMPLIANT and intention.status == S.COMPLIANT:
        transitions.INTENTION.step(
            intention,
            S.STATEMENT_ISSUED,
            actor=actor,
            reason=Generated(texts.STATEMENT, {"number": statement.evidence_number}),
            now=now,
        )
    return statement


def _clean_record(
    intention: ProjectIntention, registration_number: str, ma_state_code: str, to: str
) -> tuple[str, str]:
    errors: dict[str, str] = {}
    number = normalize_registration_number(registration_number)
    if number:
        try:
            number = validate_registration_number(number, intention.call.agglomeration.country)
        except ValidationError as exc:
            errors["registration_number"] = exc.messages[0]
    elif intention.status in FILED or to in FILED:
        errors["registration_number"] = _(
            "Enter the registration number of the application at the managing authority."
        )
    code = "".join(ma_state_code.split()).upper()
    if code and not STATE_CODE.fullmatch(code):
        errors["ma_state_code"] = _(
            "Enter the state code as the managing authority's system shows it, e.g. PP30."
        )
    if errors:
        raise ValidationError(errors)
    return number, code


@transaction.atomic
def record_managing_authority(
    intention: ProjectIntention,
    *,
    registration_number: str,
    ma_state_code: str,
    to: str = "",
    reason: str = "",
    actor: Actor,
    now: datetime | None = None,
) -> ProjectIntention:
    """Keep the registration number and state code; optionally take the next tracking step (at
    `now`, by default the present moment)."""
    _require(actor, TRACK_PERMISSION, intention)
    intention = (
        ProjectIntention.objects.select_for_update(of=("self",))
        .select_related("call__agglomeration", "applicant")
        .get(pk=intention.pk)
    )
    if intention.status not in TRACKED:
        raise ValidationError(
            _("The managing authority's record starts once the compliance statement is issued."),
            code="not_tracked",
        )
    if to and to not in track_targets(intention, actor):
        raise ValidationError({"to": _("This step is not possible from the current state.")})
    number, code = _clean_record(intention, registration_number, ma_state_code, to)
    before = {
        "registration_number": intention.registration_number,
        "ma_state_code": intention.ma_state_code,
    }
    after = {"registration_number": number, "ma_state_code": code}
    if before != after:
        intention.registration_number = number
        intention.ma_state_code = code
        intention.revision += 1
        taken = Unique(
            ProjectIntention,
            "intention_registration_number_unique",
            "registration_number",
            _("Another project already has this registration number."),
        )
        with unique_errors(taken):  # the number belongs to another project
            intention.save(
                update_fields=["registration_number", "ma_state_code", "revision", "updated_at"]
            )
        record(
            "intentions.intention.managing_authority",
            actor=actor,
            target=intention,
            agglomeration_id=intention.call.agglomeration_id,
            before=before,
            after=after,
            reason=reason,
            at=now,
        )
    if to:  # allowed: checked above under the same row lock
        intention = transitions.INTENTION.step(intention, to, actor=actor, reason=reason, now=now)
    return intention
