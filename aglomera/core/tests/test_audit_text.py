"""Every audit code the product writes reads as a sentence; an unknown one still does."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from aglomera.core import audit_text
from aglomera.core.transitions import WORKFLOWS

PACKAGE = Path(__file__).resolve().parents[2]
APPS = (
    "accounts|agglomerations|calls|committee|cooperation|core|intentions|monitoring|news|"
    "notifications|strategy"
)
CODE = re.compile(rf"^({APPS})\.[a-z0-9_]+\.[a-z0-9_.]*$")
# Helpers that put a prefix before the code they are given (`committee.actions.audit.audit`).
PREFIXING_HELPERS = {("committee", "audit"): "committee."}


def _source_files() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
    )


def written_codes() -> dict[str, str]:
    """Every code literal in the source (an f-string's constant head ends with "."), and the
    codes given to prefixing helpers, with the file that writes it."""
    found: dict[str, str] = {}
    for path in _source_files():
        app = path.relative_to(PACKAGE).parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if CODE.match(node.value):
                    found[node.value] = str(path)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
                prefix = PREFIXING_HELPERS.get((app, node.func.id))
                for inner in ast.walk(node.args[0]) if prefix else ():
                    if prefix and isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                        found[prefix + inner.value] = str(path)
    return found


def workflow_codes() -> list[str]:
    """`<workflow>.<status>` for every status a workflow's table can reach."""
    import aglomera.calls.transitions
    import aglomera.committee.transitions
    import aglomera.intentions.transitions
    import aglomera.monitoring.transitions
    import aglomera.news.transitions
    import aglomera.strategy.transitions  # noqa: F401 - each fills WORKFLOWS

    return sorted(
        f"{name}.{getattr(new, 'value', new)}"
        for name, workflow in WORKFLOWS.items()
        for _old, new in workflow.table
    )


def test_the_source_writes_codes_in_every_area() -> None:
    # A guard for the scan itself: if it found nothing, the next test would pass vacuously.
    codes = written_codes()
    assert "intentions.review.submitted" in codes
    assert "committee.vote.cast" in codes
    assert "calls.call.modified." in codes  # the head of f"calls.call.modified.{kind}"
    assert "intentions.intention.submitted" in workflow_codes()


def test_every_code_written_anywhere_has_a_sentence() -> None:
    missing = sorted(
        f"{code} ({where})"
        for code, where in written_codes().items()
        if not audit_text.is_known(code if not code.endswith(".") else code + "x")
    )
    missing += [code for code in workflow_codes() if not audit_text.is_known(code)]
    assert not missing, "add these codes to aglomera/core/audit_text.py:\n" + "\n".join(missing)


def test_a_family_prefix_is_declared_for_every_code_built_from_a_value() -> None:
    heads = [code for code in written_codes() if code.endswith(".")]
    assert heads and all(head in audit_text.FAMILIES for head in heads), heads


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("intentions.review.submitted", "Alice submitted a review of Cyklostezka"),
        ("calls.call.modified.deadline", "Alice changed the announced call Cyklostezka"),
        (
            "intentions.intention.submitted",
            "Alice moved the project intention Cyklostezka to “Submitted”",
        ),
        ("something.from.an.old.version", "Alice made a change to Cyklostezka"),
    ],
)
def test_it_describes_an_event_in_a_sentence(code: str, expected: str) -> None:
    assert (
        audit_text.describe(code, actor="Alice", obj="Cyklostezka", status="Submitted") == expected
    )


def test_an_unknown_event_without_actor_or_object_never_shows_its_code() -> None:
    sentence = audit_text.describe("legacy.thing.done", actor="", obj="")
    assert sentence == "The system made a change"


def test_every_kind_of_event_belongs_to_an_area_the_filter_offers() -> None:
    areas = {key.partition(".")[0] for key in audit_text.kinds()}
    assert areas <= set(audit_text.AREAS), areas - set(audit_text.AREAS)
