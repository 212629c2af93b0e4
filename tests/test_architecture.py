"""The import layering and the one-way-to-change-status convention, checked on the source."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "aglomera"

# Layer module name -> project modules it must not import (matched on the last dotted part).
FORBIDDEN = {
    "models": {"actions", "transitions", "views", "forms", "queries"},
    "actions": {"views", "forms", "urls"},
    "transitions": {"views", "forms", "urls"},
    "queries": {"views", "forms", "urls"},
}

ENGINE = PACKAGE / "core" / "transitions.py"
STATUS_WRITE = re.compile(r"\.status\s*=(?!=)|\.update\([^)]*?\bstatus\s*=(?!=)")


def _is_excluded(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return "tests" in parts or "migrations" in parts


def _source_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if not _is_excluded(p))


def _layer(path: Path) -> str | None:
    """`aglomera/x/models.py` and `aglomera/x/models/*.py` both belong to the `models` layer."""
    rel = path.relative_to(PACKAGE).parts
    for name in FORBIDDEN:
        if rel[-1] == f"{name}.py" or name in rel[1:-1]:
            return name
    return None


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(path: Path) -> set[str]:
    """Every module imported anywhere in the file (also inside functions), made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            # `from aglomera.strategy import views` imports the module aglomera.strategy.views.
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("aglomera.")}


LAYERED = [p for p in _source_files() if _layer(p)]


@pytest.mark.parametrize("path", LAYERED, ids=lambda p: str(p.relative_to(ROOT)))
def test_layers_import_only_downwards(path: Path) -> None:
    layer = _layer(path)
    assert layer is not None
    forbidden = FORBIDDEN[layer]
    bad = sorted(m for m in _imported_modules(path) if set(m.split(".")[2:]) & forbidden)
    assert not bad, f"{layer} must not import {', '.join(sorted(forbidden))}; found {bad}"


def test_layer_files_exist() -> None:
    # Guards the test itself: a path typo would otherwise make the parametrized test vacuous.
    assert any(_layer(p) == "models" for p in LAYERED)
    assert any(_layer(p) == "transitions" for p in LAYERED)


def test_status_changes_only_in_transitions() -> None:
    """A status moves only through the one engine, aglomera/core/transitions.py (Workflow.step),
    which locks, checks, logs and audits the step; the apps' transitions.py declare its tables."""
    offenders = []
    for path in _source_files():
        if path == ENGINE:
            continue
        text = path.read_text(encoding="utf-8")
        for match in STATUS_WRITE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert not offenders, "Change status through Workflow.step():\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    ("code", "flagged"),
    [
        ("obj.status = to", True),
        ("Version.objects.filter(pk=1).update(status='approved')", True),
        ("Version.objects.update(\n    note='x', status=S.DRAFT)", True),
        ("if obj.status == S.DRAFT:", False),
        ("qs.update(old_status='x')", False),
        ("Version.objects.create(status=S.DRAFT)", False),
    ],
)
def test_status_pattern(code: str, flagged: bool) -> None:
    assert bool(STATUS_WRITE.search(code)) is flagged


# ---- one writer of CSV and XLSX ----------------------------------------------------------------

SPREADSHEET_WRITER = PACKAGE / "core" / "exports.py"
# Calls that write a spreadsheet; reading (csv.reader, openpyxl.load_workbook) stays free.
WRITER_CALLS = {
    "csv.writer",
    "csv.DictWriter",
    "openpyxl.Workbook",
    "openpyxl.workbook.Workbook",
    "openpyxl.workbook.workbook.Workbook",
    "openpyxl.cell.WriteOnlyCell",
    "xlsxwriter.Workbook",
}


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def spreadsheet_writers(source: str) -> list[int]:
    """Lines that use a spreadsheet writer, however it was imported (`import csv as c`, ...)."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    lines = []
    for node in ast.walk(tree):
        dotted = _dotted(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
        if not dotted:
            continue
        head, _, rest = dotted.partition(".")
        resolved = ".".join(filter(None, [aliases.get(head, head), rest]))
        if resolved in WRITER_CALLS:
            lines.append(getattr(node, "lineno", 0))
    return sorted(set(lines))


def test_every_csv_and_xlsx_is_written_by_the_one_writer() -> None:
    """Only aglomera/core/exports.py writes CSV and XLSX (it neutralises formulas); the demo
    loader, which writes input files for the import, and tests are left out."""
    offenders = []
    for path in _source_files():
        if path == SPREADSHEET_WRITER or path.relative_to(PACKAGE).parts[0] == "demo":
            continue
        for line in spreadsheet_writers(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert not offenders, "Write CSV and XLSX through aglomera.core.exports:\n" + "\n".join(
        offenders
    )
    assert spreadsheet_writers(SPREADSHEET_WRITER.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("code", "flagged"),
    [
        ("import csv\ncsv.writer(buffer)", True),
        ("import csv as c\nc.DictWriter(buffer, [])", True),
        ("from csv import writer\nwriter(buffer)", True),
        ("from csv import writer as w\nw(buffer)", True),
        ("import openpyxl\nopenpyxl.Workbook()", True),
        ("from openpyxl import Workbook\nWorkbook()", True),
        ("from openpyxl.workbook import Workbook as B\nB()", True),
        ("import csv\ncsv.reader(lines)", False),
        ("from openpyxl import load_workbook\nload_workbook(path)", False),
        ("writer = make()\nwriter.writerow([])", False),
    ],
)
def test_spreadsheet_writer_pattern(code: str, flagged: bool) -> None:
    assert bool(spreadsheet_writers(code)) is flagged


TRANSACTIONAL = re.compile(r"django_db\([^)]*transaction=True[^)]*\)")


def test_transactional_tests_restore_the_serialized_database() -> None:
    """A transactional test without serialized_rollback flushes the test database and re-creates
    the content types with new ids; the next test that restores the serialized database then
    fails on PostgreSQL with a duplicate content type. Browser journeys run in their own session."""
    offenders = []
    for path in sorted([*ROOT.glob("tests/*.py"), *PACKAGE.rglob("tests/*.py")]):
        for match in TRANSACTIONAL.finditer(path.read_text(encoding="utf-8")):
            if "serialized_rollback=True" not in match.group(0):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not offenders, "add serialized_rollback=True:\n" + "\n".join(offenders)


# ---- one shape per app (issue 9) ---------------------------------------------------------------

APPS = sorted(p.parent for p in PACKAGE.glob("*/apps.py") if (p.parent / "models.py").exists())
# Layers that are packages of area modules in every app that has them (style guide section 1).
PACKAGE_LAYERS = ("actions", "queries", "forms", "views")
# Layers that only read: no ORM write may appear in them.
READ_ONLY_LAYERS = ("queries", "calculations", "forms", "views", "templatetags")
WRITE_METHODS = frozenset(
    {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
)
QUERYSET_METHODS = frozenset({"objects", "filter", "exclude", "all", "select_for_update"})


def test_there_are_apps_to_check() -> None:
    assert len(APPS) >= 8, APPS


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_each_layer_of_an_app_is_a_package(app: Path) -> None:
    flat = [f"{layer}.py" for layer in PACKAGE_LAYERS if (app / f"{layer}.py").exists()]
    assert not flat, f"{app.name}: make {flat} packages (e.g. {app.name}/actions/<area>.py)"
    loose = sorted(
        str(p.relative_to(ROOT))
        for p in app.rglob("*.py")
        if re.fullmatch(r"(queries|forms|views|actions)_\w+\.py", p.name) and "tests" not in p.parts
    )
    assert not loose, f"move these into the layer's package: {loose}"


def _class_bases(tree: ast.AST) -> Iterator[tuple[str, list[str]]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            yield node.name, [_dotted(base) or "" for base in node.bases]


def form_classes(code: str) -> list[str]:
    """Classes that look like a Django form or formset (by their bases' names)."""
    tree = ast.parse(code)
    return [
        name
        for name, bases in _class_bases(tree)
        if any(re.search(r"(Form|FormSet)$", base.rsplit(".", 1)[-1]) for base in bases)
    ]


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ("class F(forms.Form): pass", ["F"]),
        ("class F(ModelForm): pass", ["F"]),
        ("class S(BaseFormSet): pass", ["S"]),
        ("class V(View): pass", []),
    ],
)
def test_form_class_pattern(code: str, found: list[str]) -> None:
    assert form_classes(code) == found


def _layer_of(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    for part in parts[1:]:
        name = part.removesuffix(".py")
        if name in READ_ONLY_LAYERS or name == "urls":
            return name
    return None


def test_no_form_class_is_defined_in_a_views_module() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {', '.join(found)}"
        for path in _source_files()
        if _layer_of(path) == "views" and (found := form_classes(path.read_text(encoding="utf-8")))
    ]
    assert not offenders, "forms live in <app>/forms/:\n" + "\n".join(offenders)


DYNAMIC_IMPORT = re.compile(r"\bimportlib\b|\bimport_module\b|__import__|\bgetattr\(")


def test_urls_are_an_explicit_list() -> None:
    """urls.py imports its view modules by name and lists path()s; nothing is looked up or
    skipped at run time."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted(PACKAGE.glob("*/urls.py"))
        if DYNAMIC_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"build these URL lists explicitly: {offenders}"


def orm_writes(code: str) -> list[int]:
    """Lines that write through the ORM: x.save(), Model.objects.create(), qs.update(...)."""
    lines = []
    for node in ast.walk(ast.parse(code)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if method in WRITE_METHODS and method != "create":
            lines.append(node.lineno)
        elif method in {"create", "update", "delete"}:
            inner = receiver.func if isinstance(receiver, ast.Call) else receiver
            if isinstance(inner, ast.Attribute) and inner.attr in QUERYSET_METHODS:
                lines.append(node.lineno)
    return sorted(set(lines))


@pytest.mark.parametrize(
    ("code", "flagged"),
    [
        ("obj.save()", True),
        ("Call.objects.create(number='1')", True),
        ("Call.objects.filter(pk=1).update(name='x')", True),
        ("Call.objects.filter(pk=1).delete()", True),
        ("item.delete()", True),
        ("context.update(extra)", False),
        ("Call.objects.filter(pk=1).exists()", False),
        ("form.create_form()", False),
    ],
)
def test_orm_write_pattern(code: str, flagged: bool) -> None:
    assert bool(orm_writes(code)) is flagged


def test_read_only_layers_never_write() -> None:
    """Views, queries, calculations, forms and template tags only read; writes are actions."""
    offenders = []
    for path in _source_files():
        if _layer_of(path) not in READ_ONLY_LAYERS:
            continue
        for line in orm_writes(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert not offenders, "write through an action instead:\n" + "\n".join(offenders)
