"""Statuses as people read them: the label of a workflow's status in the reader's language.

Pages never print a status code; they ask here (or the `state_label` filter, or
`StatusChange.old_label` / `new_label`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils.module_loading import autodiscover_modules

from aglomera.core.transitions import WORKFLOWS, Workflow


@cache
def _discovered() -> bool:
    """Every app's workflow registers itself when its transitions module is imported."""
    autodiscover_modules("transitions")
    return True


def workflow(name: str) -> Workflow[Any, Any] | None:
    _discovered()
    return WORKFLOWS.get(name)


def state_label(workflow_name: str, code: str) -> str:
    """The label of `code` in the workflow named `workflow_name`, in the active language."""
    flow = workflow(workflow_name)
    return code if flow is None else flow.label(str(code))


def all_state_codes() -> set[str]:
    """Every status code of every workflow (the crawl test looks for them in pages)."""
    _discovered()
    return {str(member.value) for flow in WORKFLOWS.values() for member in flow.statuses}
