"""Hooks that let higher apps react to core events without core importing them.

`status_changed` is sent once the transaction that recorded a workflow step has committed
(never for a step that was rolled back), with `status_change_id` (a core.StatusChange pk).
The notifications app connects to it in its AppConfig.ready().
"""

from __future__ import annotations

from django.dispatch import Signal

from aglomera.core.models import StatusChange

status_changed = Signal()


def announce_status_change(status_change_id: int) -> None:
    """Tell the receivers about a committed workflow step (called from on_commit)."""
    status_changed.send(sender=StatusChange, status_change_id=status_change_id)
