"""Hooks that let higher apps react to core events without core importing them.

`status_changed` is sent once the transaction that recorded a workflow step has committed
(never for a step that was rolled back), with `status_change_id` (a core.StatusChange pk).
The notifications app connects to it in its AppConfig.ready().

`public_data_changed` is sent once the transaction that edited what the public portal shows of
some intentions (their name, money, purpose) outside a workflow step has committed, with
`intention_ids`; the portal connects to it to refresh its projection of public projects.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.dispatch import Signal

from aglomera.core.models import StatusChange

status_changed = Signal()
public_data_changed = Signal()


def announce_status_change(status_change_id: int) -> None:
    """Tell the receivers about a committed workflow step (called from on_commit)."""
    status_changed.send(sender=StatusChange, status_change_id=status_change_id)


def announce_public_data_change(intention_ids: Iterable[int]) -> None:
    """Once the current transaction commits, tell the receivers these intentions changed."""
    ids = sorted(set(intention_ids))
    transaction.on_commit(
        partial(public_data_changed.send, sender=StatusChange, intention_ids=ids), robust=True
    )
