"""The committee and its members: the statute, adding and editing members."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aglomera.accounts.models import Membership, Role, User
from aglomera.accounts.permissions import require_perm as _require
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.committee.actions.audit import audit
from aglomera.committee.models import (
    CommitteeMember,
    DecisionKind,
    KindMajority,
    MajorityRule,
    SteeringCommittee,
)
from aglomera.core import once
from aglomera.core.actors import Actor
from aglomera.core.i18n import I18nText, as_i18n


@transaction.atomic
def ensure_committee(
    agglomeration: Agglomeration,
    *,
    name: I18nText | dict[str, str] | None = None,
    quorum: Decimal | None = None,
    majority: str | None = None,
    early_close: bool | None = None,
    casting_vote: bool | None = None,
    number_rejections: bool | None = None,
    majorities: Mapping[str, str] | None = None,
    actor: Actor,
) -> SteeringCommittee:
    """Create the agglomeration's committee, or update its statute where values are given.

    `majorities` sets the majority of a kind of item (DecisionKind -> MajorityRule); an empty
    rule makes the kind follow the committee's `majority` again."""
    _require(actor, "committee.manage", agglomeration)
    _check_statute(quorum, majority, majorities or {})
    Agglomeration.objects.select_for_update().get(pk=agglomeration.pk)
    committee = SteeringCommittee.objects.filter(agglomeration=agglomeration).first()
    before: dict[str, Any] = {}
    if committee is None:
        committee = SteeringCommittee(
            agglomeration=agglomeration, name=as_i18n(name or {"en": "Steering committee"})
        )
    else:
        before = _statute(committee)
        if name:
            committee.name = as_i18n(name)
    given = {
        "quorum": quorum,
        "majority": majority,
        "early_close": early_close,
        "casting_vote": casting_vote,
        "number_rejections": number_rejections,
    }
    for field, value in given.items():
        if value is not None:
            setattr(committee, field, value)
    committee.save()
    for kind, rule in (majorities or {}).items():
        if rule:
            KindMajority.objects.update_or_create(
                committee=committee, kind=kind, defaults={"rule": rule}
            )
        else:
            KindMajority.objects.filter(committee=committee, kind=kind).delete()
    audit(
        "committee.saved",
        committee,
        agglomeration.pk,
        actor,
        before=before,
        after=_statute(committee),
    )
    return committee


def _check_statute(
    quorum: Decimal | None, majority: str | None, majorities: Mapping[str, str]
) -> None:
    if quorum is not None and not Decimal("0") <= quorum < Decimal("1"):
        raise ValidationError(
            {"quorum": _("The quorum is a share of the members from 0 up to (not including) 1.")}
        )
    if majority is not None and majority not in MajorityRule.values:
        raise ValidationError({"majority": _("Choose one of the majority rules.")})
    for kind, rule in majorities.items():
        if kind not in DecisionKind.values:
            raise ValidationError({"majorities": _("Choose a kind of item.")})
        if rule and rule not in MajorityRule.values:
            raise ValidationError({f"majority_{kind}": _("Choose one of the majority rules.")})


def _statute(committee: SteeringCommittee) -> dict[str, Any]:
    return {
        "name": dict(committee.name),
        "quorum": str(committee.quorum),
        "majority": committee.majority,
        "early_close": committee.early_close,
        "casting_vote": committee.casting_vote,
        "number_rejections": committee.number_rejections,
        "majorities": dict(
            KindMajority.objects.filter(committee=committee)
            .order_by("kind")
            .values_list("kind", "rule")
        ),
    }


def _check_person(committee: SteeringCommittee, user: User, field: str) -> None:
    if not Membership.objects.filter(
        user=user, agglomeration_id=committee.agglomeration_id, role=Role.COMMITTEE
    ).exists():
        raise ValidationError(
            {field: _("Give this person the steering-committee member role first.")}
        )


def _check_member_fields(
    committee: SteeringCommittee,
    user: User,
    alternate: User | None,
    organisation: Organisation | None,
) -> None:
    if alternate is not None:
        if alternate.pk == user.pk:
            raise ValidationError({"alternate": _("A member cannot be their own alternate.")})
        _check_person(committee, alternate, "alternate")
    if organisation is not None and organisation.agglomeration_id != committee.agglomeration_id:
        raise ValidationError({"organisation": _("Choose an organisation of this agglomeration.")})


def _member_values(member: CommitteeMember) -> dict[str, Any]:
    return {
        "user": member.user_id,
        "alternate": member.alternate_id,
        "organisation": member.organisation_id,
        "is_chair": member.is_chair,
        "active": member.active,
    }


def _only_chair(member: CommitteeMember) -> None:
    if member.is_chair:
        CommitteeMember.objects.filter(committee_id=member.committee_id, is_chair=True).exclude(
            pk=member.pk
        ).update(is_chair=False)


@transaction.atomic
def add_member(
    committee: SteeringCommittee,
    *,
    user: User,
    alternate: User | None = None,
    organisation: Organisation | None = None,
    is_chair: bool = False,
    actor: Actor,
    form_token: UUID | None = None,
) -> CommitteeMember:
    _require(actor, "committee.manage", committee)
    earlier = once.claim(form_token, actor=actor, model=CommitteeMember)
    if earlier is not None:
        return earlier
    committee = SteeringCommittee.objects.select_for_update().get(pk=committee.pk)
    _check_person(committee, user, "user")
    _check_member_fields(committee, user, alternate, organisation)
    if CommitteeMember.objects.filter(committee=committee, user=user).exists():
        raise ValidationError({"user": _("This person is already a member of the committee.")})
    member = CommitteeMember.objects.create(
        committee=committee,
        user=user,
        alternate=alternate,
        organisation=organisation,
        is_chair=is_chair,
    )
    _only_chair(member)
    once.bind(form_token, member)
    audit("member.added", member, committee.agglomeration_id, actor, after=_member_values(member))
    return member


@transaction.atomic
def update_member(
    member: CommitteeMember,
    *,
    alternate: User | None,
    organisation: Organisation | None,
    is_chair: bool,
    active: bool,
    actor: Actor,
) -> CommitteeMember:
    _require(actor, "committee.manage", member.committee)
    committee = SteeringCommittee.objects.select_for_update().get(pk=member.committee_id)
    member = CommitteeMember.objects.select_related("user").get(pk=member.pk)
    _check_member_fields(committee, member.user, alternate, organisation)
    before = _member_values(member)
    member.alternate = alternate
    member.organisation = organisation
    member.is_chair = is_chair and active
    member.active = active
    member.save()
    _only_chair(member)
    audit(
        "member.updated",
        member,
        committee.agglomeration_id,
        actor,
        before=before,
        after=_member_values(member),
    )
    return member
