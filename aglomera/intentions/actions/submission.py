"""The applicant's writes: the intention (draft, edits), its attachments, submission, withdrawal.

Submission is a step of `transitions.INTENTION`, whose guards check that the call accepts
intentions at that moment and that the intention is complete (`aglomera.intentions.rules`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Municipality, Organisation
from aglomera.calls.models import AttachmentKind, Call
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText, as_i18n
from aglomera.core.transitions import TransitionNotAllowed
from aglomera.intentions import transitions, uploads
from aglomera.intentions.models import (
    Attachment,
    IntentionIndicator,
    IntentionStatus,
    LandOwnership,
    ProjectIntention,
    Readiness,
)
from aglomera.intentions.queries import submission as queries
from aglomera.intentions.rules import MONEY_FIELDS, check_call_open, cost_errors
from aglomera.strategy.eligibility import project_date_errors
from aglomera.strategy.models import IndicatorCode

S = IntentionStatus
EDITABLE = (S.DRAFT, S.RETURNED)

FIELDS = (
    "name",
    "measure_code",
    "activities",
    "start_date",
    "end_date",
    *MONEY_FIELDS,
    "building_permit",
    "land_ownership",
)
OTHER_ATTACHMENT = "attachment_other"

IndicatorLines = Sequence[tuple[IndicatorCode, Decimal]]
Uploads = Sequence[tuple[AttachmentKind | None, Any]]


class StaleEdit(ValidationError):  # noqa: N818 - reads as the domain rule it is
    """Someone else changed the intention since the form was loaded."""


def attachment_field(kind: AttachmentKind | None) -> str:
    """The form field a file of this kind is uploaded in (errors are keyed by it)."""
    return f"attachment_{kind.pk}" if kind is not None else OTHER_ATTACHMENT


# --- rules ----------------------------------------------------------------------------------


def _partner_errors(
    call: Call, applicant: Organisation, partners: Iterable[Organisation]
) -> dict[str, list[str]]:
    messages: list[str] = []
    for partner in partners:
        if partner.pk == applicant.pk:
            messages.append(
                _("%(name)s is the applicant; it cannot also be its own partner.")
                % {"name": applicant.name}
            )
        elif partner.agglomeration_id != call.agglomeration_id:
            messages.append(
                _("%(name)s is not an organisation of this agglomeration.") % {"name": partner}
            )
    return {"partners": messages} if messages else {}


def _indicator_errors(indicators: IndicatorLines) -> dict[str, list[str]]:
    messages: list[str] = []
    seen: set[int] = set()
    for indicator, value in indicators:
        if indicator.pk in seen:
            messages.append(_("The indicator %(code)s is listed twice.") % {"code": indicator.code})
        seen.add(indicator.pk)
        if value < 0 or value != value.quantize(Decimal("0.001")):
            messages.append(
                _(
                    "The committed value of %(code)s must be a number of at least 0 with at "
                    "most three decimal places."
                )
                % {"code": indicator.code}
            )
    return {"indicators": messages} if messages else {}


def _other_errors(
    call: Call,
    applicant: Organisation,
    values: dict[str, Any],
    partners: Iterable[Organisation],
    municipalities: Iterable[Municipality],
    indicators: IndicatorLines,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not as_i18n(values.get("name")):
        errors["name"] = [_("Fill in the project name in at least one language.")]
    if not str(values.get("measure_code") or "").strip():
        errors["measure_code"] = [_("Give the code of the strategy measure.")]
    start, end = values.get("start_date"), values.get("end_date")
    if not isinstance(start, date):
        errors["start_date"] = [_("Enter the start date.")]
    if not isinstance(end, date):
        errors["end_date"] = [_("Enter the end date.")]
    elif isinstance(start, date) and end < start:
        errors["end_date"] = [_("The project cannot end before it starts.")]
    for field, message in project_date_errors(call.strategy.period, start, end).items():
        errors.setdefault(field, [message])
    if values.get("building_permit") not in Readiness.values:
        errors["building_permit"] = [_("Choose the state of the building permit.")]
    if values.get("land_ownership") not in LandOwnership.values:
        errors["land_ownership"] = [_("Choose the state of the land ownership.")]
    errors.update(_partner_errors(call, applicant, partners))
    allowed = set(queries.municipality_choices(call).values_list("pk", flat=True))
    outside = [m.name for m in municipalities if m.pk not in allowed]
    if outside:
        errors["municipalities"] = [
            _("Outside the territory of the call: %(names)s.") % {"names": ", ".join(outside)}
        ]
    errors.update(_indicator_errors(indicators))
    return errors


def _check(
    call: Call,
    applicant: Organisation,
    values: dict[str, Any],
    partners: Sequence[Organisation],
    municipalities: Sequence[Municipality],
    indicators: IndicatorLines,
    attachments: Uploads,
) -> list[tuple[AttachmentKind | None, uploads.CheckedFile]]:
    errors = _other_errors(call, applicant, values, partners, municipalities, indicators)
    for field, messages in cost_errors(call, values, with_range=True).items():
        errors.setdefault(field, []).extend(messages)
    checked: list[tuple[AttachmentKind | None, uploads.CheckedFile]] = []
    for kind, upload in attachments:
        field = attachment_field(kind)
        if kind is not None and kind.call_id != call.pk:
            errors.setdefault(field, []).append(_("This attachment is not asked for by the call."))
            continue
        try:
            checked.append((kind, uploads.check_upload(upload)))
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def _text(value: Any) -> I18nText:
    return I18nText({code: text.strip() for code, text in as_i18n(value).items() if text.strip()})


def _values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown intention fields: {sorted(unknown)}")
    cleaned = dict(values)
    cleaned["name"] = _text(values.get("name"))
    cleaned["activities"] = _text(values.get("activities"))
    cleaned["measure_code"] = str(values.get("measure_code") or "").strip()
    cleaned.setdefault("requested_national", Decimal("0.00"))
    cleaned.setdefault("building_permit", Readiness.NOT_NEEDED)
    cleaned.setdefault("land_ownership", LandOwnership.NOT_APPLICABLE)
    return cleaned


def _snapshot(intention: ProjectIntention) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(intention, name) for name in FIELDS}
    data["name"] = dict(intention.name)
    data["activities"] = dict(intention.activities)
    return data


def _save_related(
    intention: ProjectIntention,
    partners: Sequence[Organisation],
    municipalities: Sequence[Municipality],
    indicators: IndicatorLines,
    checked: list[tuple[AttachmentKind | None, uploads.CheckedFile]],
    actor: Actor,
) -> None:
    intention.partners.set(partners)
    intention.municipalities.set(municipalities)
    IntentionIndicator.objects.filter(intention=intention).delete()
    IntentionIndicator.objects.bulk_create(
        IntentionIndicator(intention=intention, indicator=indicator, committed_value=value)
        for indicator, value in indicators
    )
    for kind, file in checked:
        _store(intention, kind, file, actor)


def _store(
    intention: ProjectIntention,
    kind: AttachmentKind | None,
    file: uploads.CheckedFile,
    actor: Actor,
) -> Attachment:
    attachment = Attachment.objects.create(
        intention=intention,
        kind=kind,
        file=uploads.store(file),
        original_name=file.original_name,
        content_type=file.file_type.content_type,
        size=file.size,
        sha256=file.sha256,
        uploaded_by=actor,
    )
    record(
        "intentions.attachment.added",
        actor=actor,
        target=intention,
        agglomeration_id=intention.call.agglomeration_id,
        after={
            "attachment": attachment.pk,
            "kind": kind.pk if kind else None,
            "name": file.original_name,
            "sha256": file.sha256,
        },
    )
    return attachment


# --- the intention --------------------------------------------------------------------------


@transaction.atomic
def create_intention(
    call: Call,
    *,
    actor: Actor,
    now: datetime | None = None,
    partners: Sequence[Organisation] = (),
    municipalities: Sequence[Municipality] = (),
    indicators: IndicatorLines = (),
    attachments: Uploads = (),
    form_token: UUID | None = None,
    **values: Any,
) -> ProjectIntention:
    """A new draft intention of the actor's organisation in a call that is open now.

    The same form sent again (`form_token`, see `aglomera.core.once`) returns the intention its
    first submission created instead of creating another one.
    """
    _require(actor, "intentions.create", call)
    earlier = once.claim(form_token, actor=actor, model=ProjectIntention)
    if earlier is not None:
        return earlier
    applicant = queries.applicant_organisation(actor, call.agglomeration)
    if applicant is None:
        raise ValidationError(
            _("Register your organisation first; intentions are filed in its name."),
            code="no_organisation",
        )
    call = Call.objects.select_for_update().select_related("agglomeration").get(pk=call.pk)
    check_call_open(call, now or timezone.now())
    cleaned = _values(values)
    checked = _check(call, applicant, cleaned, partners, municipalities, indicators, attachments)
    intention = ProjectIntention.objects.create(
        call=call, applicant=applicant, created_by=actor, **cleaned
    )
    _save_related(intention, partners, municipalities, indicators, checked, actor)
    once.bind(form_token, intention)
    record(
        "intentions.intention.created",
        actor=actor,
        target=intention,
        agglomeration_id=call.agglomeration_id,
        after=_snapshot(intention),
    )
    return intention


def _lock_editable(intention: ProjectIntention, expected_revision: int | None) -> ProjectIntention:
    locked = (
        ProjectIntention.objects.select_for_update()
        .select_related("call__agglomeration", "call__specific_objective__programme", "applicant")
        .get(pk=intention.pk)
    )
    if expected_revision is not None and locked.revision != expected_revision:
        raise StaleEdit(
            _(
                "Someone else changed this intention while you were editing (it is now: "
                "%(status)s). Your input is kept below; check the current values and save again."
            )
            % {"status": locked.get_status_display()},
            code="stale",
        )
    if locked.status not in EDITABLE:
        raise ValidationError(
            _("This intention is %(status)s and can no longer be edited.")
            % {"status": locked.get_status_display()},
            code="not_editable",
        )
    return locked


@transaction.atomic
def update_intention(
    intention: ProjectIntention,
    *,
    actor: Actor,
    expected_revision: int | None,
    partners: Sequence[Organisation] = (),
    municipalities: Sequence[Municipality] = (),
    indicators: IndicatorLines = (),
    attachments: Uploads = (),
    **values: Any,
) -> ProjectIntention:
    """Save the applicant's edits of a draft or returned intention (optimistic concurrency)."""
    _require(actor, "intentions.edit", intention)
    locked = _lock_editable(intention, expected_revision)
    cleaned = _values(values)
    checked = _check(
        locked.call,
        locked.applicant,
        cleaned,
        partners,
        municipalities,
        indicators,
        attachments,
    )
    before = _snapshot(locked)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.revision += 1
    locked.save()
    _save_related(locked, partners, municipalities, indicators, checked, actor)
    record(
        "intentions.intention.updated",
        actor=actor,
        target=locked,
        agglomeration_id=locked.call.agglomeration_id,
        before=before,
        after=_snapshot(locked),
    )
    return locked


def add_attachment(
    intention: ProjectIntention,
    upload: Any,
    *,
    kind: AttachmentKind | None = None,
    actor: Actor,
    form_token: UUID | None = None,
) -> Attachment:
    """Attach one more checked file to a draft or returned intention (the same form sent again
    returns the attachment its first submission stored).

    The file is checked (parsed whole, and scanned when clamd is configured) before the
    transaction starts, so that no lock is held while that runs."""
    _require(actor, "intentions.edit", intention)
    field = attachment_field(kind)
    try:
        checked = uploads.check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    return _attach_checked(intention, checked, kind=kind, actor=actor, form_token=form_token)


@transaction.atomic
def _attach_checked(
    intention: ProjectIntention,
    checked: uploads.CheckedFile,
    *,
    kind: AttachmentKind | None,
    actor: Actor,
    form_token: UUID | None,
) -> Attachment:
    earlier = once.claim(form_token, actor=actor, model=Attachment)
    if earlier is not None:
        return earlier
    locked = _lock_editable(intention, None)
    if kind is not None and kind.call_id != locked.call_id:
        raise ValidationError(
            {attachment_field(kind): _("This attachment is not asked for by the call.")}
        )
    attachment = _store(locked, kind, checked, actor)
    once.bind(form_token, attachment)
    return attachment


@transaction.atomic
def delete_attachment(attachment: Attachment, *, actor: Actor) -> None:
    """Remove a file from a draft or returned intention (the stored file goes too)."""
    _require(actor, "intentions.edit", attachment.intention)
    locked = _lock_editable(attachment.intention, None)
    name = attachment.file.name
    record(
        "intentions.attachment.deleted",
        actor=actor,
        target=locked,
        agglomeration_id=locked.call.agglomeration_id,
        before={"attachment": attachment.pk, "name": attachment.original_name},
    )
    Attachment.objects.filter(pk=attachment.pk).delete()
    transaction.on_commit(lambda: uploads.delete_stored(name))


# --- submission and withdrawal --------------------------------------------------------------


def _step(
    intention: ProjectIntention,
    to: str,
    *,
    actor: Actor,
    reason: str = "",
    now: datetime | None = None,
    expected_revision: int | None = None,
) -> ProjectIntention:
    try:
        return transitions.INTENTION.step(
            intention,
            to,
            actor=actor,
            reason=reason,
            now=now,
            expected_revision=expected_revision,
        )
    except TransitionNotAllowed as exc:
        raise ValidationError(str(exc), code="not_allowed") from exc


@transaction.atomic
def submit_intention(
    intention: ProjectIntention,
    *,
    actor: Actor,
    now: datetime | None = None,
    expected_revision: int | None = None,
) -> ProjectIntention:
    """Submit (or resubmit after a return); the workflow's guards check deadline and
    completeness."""
    _require(actor, "intentions.submit", intention)
    return _step(intention, S.SUBMITTED, actor=actor, now=now, expected_revision=expected_revision)


@transaction.atomic
def withdraw_intention(
    intention: ProjectIntention,
    reason: str,
    *,
    actor: Actor,
    expected_revision: int | None = None,
    now: datetime | None = None,
) -> ProjectIntention:
    """Withdraw the intention (at `now`, by default the present moment) with the reason why."""
    _require(actor, "intentions.withdraw", intention)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the intention is withdrawn.")})
    return _step(
        intention,
        S.WITHDRAWN,
        actor=actor,
        reason=reason.strip(),
        now=now,
        expected_revision=expected_revision,
    )
