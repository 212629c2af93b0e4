"""Writing joint project ideas of a partnership, their workflow steps and their comments.

The office (manager, coordinators) of any member writes an idea (`cooperation.manage` in the
acting agglomeration, which must be a member). An edit names the revision its form showed: when
someone else (also the other side's office, or a workflow step) changed the idea meanwhile, the
save is refused (`StaleEdit`, nothing written) and the page merges the two versions
(`aglomera/cooperation/merge.py`, docs/cooperation.md). The staff of either member who read the
partnership and work on it (`cooperation.comment`: the office and partner staff, not the auditor)
comment; both sides' offices are e-mailed in their language. Creating and editing keep the
stamps of when each language version of the title, summary and fit changed (`text_changed`,
aglomera/core/language_pairs.py): a saved merge of a stale edit is stamped against the version
saved meanwhile (the locked row), never against the page the editor started from.
Every write leaves an audit record in the acting office's log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.common import StaleEdit, clean_text, require_member
from aglomera.cooperation.models import (
    IdeaStatus,
    JointIdea,
    JointIdeaComment,
    JointIdeaSide,
    MoneyBasis,
    Partnership,
    PartnershipMember,
)
from aglomera.cooperation.tasks import notify_idea_comment
from aglomera.cooperation.transitions import JOINT_IDEA
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText
from aglomera.core.language_pairs import restamp
from aglomera.core.money import CENT, Currency
from aglomera.core.text import trimmed
from aglomera.strategy.models import Measure

TEXT_FIELDS = ("title", "summary", "fit", "programme", "priority")
SIDE_FIELDS = ("measure", "amount", "currency", "basis")
MAX_COMMENT = 5000


@dataclass
class SideFields:
    """One member's part: the measure of its strategy and its budget (all optional)."""

    agglomeration: Agglomeration
    measure: Measure | None = None
    amount: Decimal | None = None
    currency: str = ""
    basis: str = ""


@dataclass
class IdeaFields:
    """What the offices type for an idea; the same names as the form fields (a side's inputs
    are named `<field>_<agglomeration id>`)."""

    title: I18nText | dict[str, str]
    summary: I18nText | dict[str, str] = field(default_factory=I18nText)
    fit: I18nText | dict[str, str] = field(default_factory=I18nText)
    programme: I18nText | dict[str, str] = field(default_factory=I18nText)
    priority: I18nText | dict[str, str] = field(default_factory=I18nText)
    sides: list[SideFields] = field(default_factory=list)


def side_key(name: str, agglomeration_id: int) -> str:
    """The form input (and audit key) of a side's field: `measure_12`."""
    return f"{name}_{agglomeration_id}"


def _amount_text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(Decimal(amount).quantize(CENT))


def _side_errors(side: SideFields) -> dict[str, str]:
    pk = side.agglomeration.pk
    errors: dict[str, str] = {}
    measure = side.measure
    if measure is not None and measure.version.strategy.agglomeration_id != pk:
        errors[side_key("measure", pk)] = _("Choose a measure of this partner's own strategy.")
    money = (side.amount is not None, bool(side.currency), bool(side.basis))
    if any(money) and not all(money):
        errors[side_key("amount", pk)] = _(
            "Give the amount with its currency and money basis, or leave all three empty "
            "(the budget is then shown as not stated)."
        )
    elif side.amount is not None and side.amount < 0:
        errors[side_key("amount", pk)] = _("The amount cannot be negative.")
    if side.currency and side.currency not in Currency.values:
        errors[side_key("currency", pk)] = _("Choose a currency.")
    if side.basis and side.basis not in MoneyBasis.values:
        errors[side_key("basis", pk)] = _("Choose a money basis.")
    return errors


def _validate(
    partnership: Partnership, data: IdeaFields
) -> tuple[dict[str, Any], list[SideFields]]:
    texts = {name: clean_text(getattr(data, name)) for name in TEXT_FIELDS}
    errors: dict[str, str] = {}
    if not texts["title"]:
        errors["title"] = _("Fill in the title in at least one language.")
    members = set(
        PartnershipMember.objects.filter(partnership=partnership).values_list(
            "agglomeration_id", flat=True
        )
    )
    seen: set[int] = set()
    for side in data.sides:
        if side.agglomeration.pk not in members or side.agglomeration.pk in seen:
            errors["__all__"] = _("Each side of the idea is one member of the partnership.")
            continue
        seen.add(side.agglomeration.pk)
        errors.update(_side_errors(side))
    if errors:
        raise ValidationError(errors)
    return texts, data.sides


def snapshot(idea: JointIdea) -> dict[str, Any]:
    """The idea as the audit log keeps it: texts per language, programme and priority, and each
    side's measure (id), amount (text), currency and basis under `<field>_<agglomeration id>`."""
    version: dict[str, Any] = {name: dict(getattr(idea, name)) for name in TEXT_FIELDS}
    for side in idea.sides.all():
        pk = side.agglomeration_id
        version[side_key("measure", pk)] = side.measure_id
        version[side_key("amount", pk)] = _amount_text(side.amount)
        version[side_key("currency", pk)] = side.currency
        version[side_key("basis", pk)] = side.basis
    return version


def fields_snapshot(data: IdeaFields) -> dict[str, Any]:
    """What a form sent, in the shape of `snapshot`."""
    version: dict[str, Any] = {name: dict(clean_text(getattr(data, name))) for name in TEXT_FIELDS}
    for side in data.sides:
        pk = side.agglomeration.pk
        version[side_key("measure", pk)] = side.measure.pk if side.measure else None
        version[side_key("amount", pk)] = _amount_text(side.amount)
        version[side_key("currency", pk)] = side.currency
        version[side_key("basis", pk)] = side.basis
    return version


def _write_sides(idea: JointIdea, sides: list[SideFields]) -> None:
    """Every member has its side; a side the form did not send stays as it is."""
    existing = {side.agglomeration_id: side for side in idea.sides.all()}
    given = {side.agglomeration.pk: side for side in sides}
    members = PartnershipMember.objects.filter(partnership_id=idea.partnership_id).values_list(
        "agglomeration_id", flat=True
    )
    for pk in members:
        row = existing.get(pk) or JointIdeaSide(idea=idea, agglomeration_id=pk)
        fields = given.get(pk)
        if fields is not None:
            row.measure = fields.measure
            row.amount = fields.amount
            row.currency = fields.currency if fields.amount is not None else ""
            row.basis = fields.basis if fields.amount is not None else ""
        row.save()


@transaction.atomic
def create_idea(
    partnership: Partnership,
    data: IdeaFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    form_token: uuid.UUID | None = None,
) -> JointIdea:
    """A joint idea of the partnership (status "idea"), with a side for every member."""
    require_member(actor, "cooperation.manage", partnership, agglomeration)
    values, sides = _validate(partnership, data)
    earlier = once.claim(form_token, actor=actor, model=JointIdea)
    if earlier is not None:
        return earlier
    texts = {name: values[name] for name in TEXT_FIELDS}
    idea = JointIdea.objects.create(
        partnership=partnership,
        status=IdeaStatus.IDEA,
        text_changed=restamp({}, {}, texts, now=timezone.now()),
        **values,
    )
    _write_sides(idea, sides)
    record(
        "cooperation.joint_idea.created",
        actor=actor,
        target=idea,
        agglomeration_id=agglomeration.pk,
        after={"partnership": partnership.pk, **snapshot(idea)},
    )
    once.bind(form_token, idea)
    return idea


@transaction.atomic
def update_idea(
    idea: JointIdea,
    data: IdeaFields,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    expected_revision: int | None,
) -> JointIdea:
    """Save the edits; refused (`StaleEdit`, nothing written) when the idea's revision is no
    longer the one the form showed, and refused when the form does not name one."""
    partnership = idea.partnership
    require_member(actor, "cooperation.manage", partnership, agglomeration)
    values, sides = _validate(partnership, data)
    if expected_revision is None:
        raise ValidationError(
            _(
                "This page does not say which version of the idea it was opened from, so your "
                "save could overwrite someone else's. Open the edit form again and repeat your "
                "changes."
            ),
            code="revision",
        )
    locked = JointIdea.objects.select_for_update().get(pk=idea.pk)
    if locked.revision != expected_revision:
        raise StaleEdit(
            _(
                "Someone else changed this joint idea while you were editing it. Nothing of "
                "yours was saved yet: the form below keeps your input and takes in what was "
                "changed meanwhile where you changed nothing. Check the changes listed above "
                "(and any conflicts) and save again."
            ),
            code="stale",
        )
    before = snapshot(locked)
    # the texts as saved now (also what a merged stale edit was merged with), not as the page
    # showed them: only the languages this save changes are stamped
    texts_before = {name: getattr(locked, name) for name in TEXT_FIELDS}
    for name, value in values.items():
        setattr(locked, name, value)
    locked.text_changed = restamp(
        locked.text_changed,
        texts_before,
        {name: values[name] for name in TEXT_FIELDS},
        now=timezone.now(),
    )
    locked.revision += 1
    locked.save()
    _write_sides(locked, sides)
    after = snapshot(locked)
    changed = [name for name in after if before.get(name) != after[name]]
    record(
        "cooperation.joint_idea.edited",
        actor=actor,
        target=locked,
        agglomeration_id=agglomeration.pk,
        before={name: before.get(name) for name in changed},
        after={name: after[name] for name in changed},
    )
    return locked


def step_idea(
    idea: JointIdea,
    to: IdeaStatus | str,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    reason: str = "",
    expected_revision: int | None = None,
) -> JointIdea:
    """A workflow step taken by the office of `agglomeration` (a member): through the one engine
    (`transitions.JOINT_IDEA`), which checks the table, the permission and the revision, and
    records the StatusChange and the audit record; both sides are e-mailed after commit."""
    require_member(actor, "cooperation.manage", idea.partnership, agglomeration)
    return JOINT_IDEA.step(
        idea,
        to,
        actor=actor,
        reason=reason.strip(),
        expected_revision=expected_revision,
        data={"agglomeration_id": agglomeration.pk},
    )


@transaction.atomic
def comment_idea(
    idea: JointIdea,
    text: str,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    written_in: str,
    form_token: uuid.UUID | None = None,
) -> JointIdeaComment:
    """A comment by the staff of a member (`cooperation.comment` there: its office and partner
    staff); the offices of both sides (but the author) are e-mailed after commit, each in their
    language."""
    require_member(actor, "cooperation.comment", idea.partnership, agglomeration)
    body = trimmed(text)
    errors: dict[str, str] = {}
    if not body:
        errors["text"] = _("Write the comment.")
    elif len(body) > MAX_COMMENT:
        errors["text"] = _("Write at most 5,000 characters.")
    if written_in not in dict(settings.LANGUAGES):
        errors["written_in"] = _("Choose the language of the comment.")
    if errors:
        raise ValidationError(errors)
    earlier = once.claim(form_token, actor=actor, model=JointIdeaComment)
    if earlier is not None:
        return earlier
    comment = JointIdeaComment.objects.create(
        idea=idea, author=actor, agglomeration=agglomeration, text=body, written_in=written_in
    )
    record(
        "cooperation.joint_idea.commented",
        actor=actor,
        target=idea,
        agglomeration_id=agglomeration.pk,
        after={"comment": comment.pk, "text": body, "written_in": written_in},
    )
    once.bind(form_token, comment)
    transaction.on_commit(partial(notify_idea_comment.enqueue, comment.pk), robust=True)
    return comment
