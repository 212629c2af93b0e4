"""The shared mechanics of a workflow step; each aggregate's transitions.py owns its table."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aglomera.core.audit import record
from aglomera.core.models import StatusChange
from aglomera.core.signals import announce_status_change

Table = Mapping[tuple[str, str], str]


class TransitionNotAllowed(Exception):  # noqa: N818 - reads as the domain rule it is
    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        super().__init__(
            _("This step (%(old)s → %(new)s) is not allowed.") % {"old": old, "new": new}
        )


def allowed_targets(table: Table, current: str, actor: Any, obj: Any) -> list[str]:
    return [
        new for (old, new), perm in table.items() if old == current and actor.has_perm(perm, obj)
    ]


def check_transition(table: Table, current: str, new: str, actor: Any, obj: Any) -> None:
    perm = table.get((current, new))
    if perm is None or not actor.has_perm(perm, obj):
        raise TransitionNotAllowed(current, new)


def log_transition(
    workflow: str,
    obj: Any,
    old: str,
    new: str,
    *,
    actor: Any,
    reason: str,
    agglomeration_id: int | None,
) -> None:
    status_change = StatusChange.objects.create(
        workflow=workflow,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        old_status=old,
        new_status=new,
        actor=actor,
        reason=reason,
    )
    # Notifications (and any other receiver) run only once the step has committed.
    transaction.on_commit(partial(announce_status_change, status_change.pk), robust=True)
    record(
        f"{workflow}.{new}",
        actor=actor,
        target=obj,
        agglomeration_id=agglomeration_id,
        before={"status": old},
        after={"status": new},
        reason=reason,
    )
