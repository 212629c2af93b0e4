"""The audit record of every committee write: codes under `committee.`."""

from __future__ import annotations

from typing import Any

from aglomera.core.audit import record


def audit(code: str, target: Any, agglomeration_id: int, actor: Any, **values: Any) -> None:
    record(
        f"committee.{code}",
        actor=actor,
        target=target,
        agglomeration_id=agglomeration_id,
        before=values.get("before"),
        after=values.get("after"),
        reason=values.get("reason", ""),
    )
