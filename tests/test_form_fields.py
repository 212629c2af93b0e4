"""Every form field of a kind uses the product's one widget or field for it (issue 11).

A date field renders through `aglomera.core.widgets.DateInput` (an <input type=date> needs
YYYY-MM-DD in every language); an amount through `aglomera.core.fields.AmountField`.
Checked on the classes (every Form subclass of the project) and on the source (fields a form
adds in its __init__).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

from django import forms

import aglomera
from aglomera.core.widgets import DateInput

PACKAGE = Path(aglomera.__file__).resolve().parent


def _import_every_module() -> None:
    for info in pkgutil.walk_packages([str(PACKAGE)], "aglomera."):
        if ".tests" in info.name or ".migrations" in info.name or ".management" in info.name:
            continue
        importlib.import_module(info.name)


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_forms() -> list[type[forms.BaseForm]]:
    _import_every_module()
    return sorted(
        {c for c in _subclasses(forms.BaseForm) if c.__module__.startswith("aglomera.")},
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def test_every_date_field_of_every_form_uses_the_shared_date_widget() -> None:
    found = []
    wrong = []
    for form in _project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                found.append(f"{form.__name__}.{name}")
                if not isinstance(field.widget, DateInput):
                    wrong.append(f"{form.__module__}.{form.__name__}.{name}")
    assert found, "no date field found: the walk over the forms is broken"
    assert wrong == []


def _form_sources() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts
    )


def _calls_of(path: Path, names: set[str]) -> Iterator[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func  # forms.DateField(...): a form field, not a model or an expression
            if (
                isinstance(func, ast.Attribute)
                and func.attr in names
                and isinstance(func.value, ast.Name)
                and func.value.id == "forms"
            ):
                yield node


def test_every_date_field_in_the_source_names_the_shared_widget() -> None:
    wrong = []
    for path in _form_sources():
        for call in _calls_of(path, {"DateField"}):
            widget = next((k.value for k in call.keywords if k.arg == "widget"), None)
            if not (isinstance(widget, ast.Name) and widget.id == "DateInput"):
                wrong.append(f"{path.relative_to(PACKAGE)}:{call.lineno}")
    assert wrong == []


def test_every_money_field_of_every_form_is_an_amount_field() -> None:
    from aglomera.core.fields import AmountField
    from aglomera.core.money import MONEY_DIGITS, MONEY_PLACES

    found = []
    wrong = []
    for form in _project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.DecimalField) and (
                field.max_digits,
                field.decimal_places,
            ) == (MONEY_DIGITS, MONEY_PLACES):
                found.append(name)
                if not isinstance(field, AmountField):
                    wrong.append(f"{form.__module__}.{form.__name__}.{name}")
    assert found, "no money field found: the walk over the forms is broken"
    assert wrong == []


# Date fields whose form checks a narrower range in clean(), with the rule it names: the
# programming period (calls) or the eligibility of expenditure (intentions and their changes);
# aglomera/strategy/eligibility.py.
NARROWER_RULE = {
    "aglomera.calls.forms.calls.CallForm.opens_at",
    "aglomera.calls.forms.calls.CallForm.closes_at",
    "aglomera.intentions.forms.submission.IntentionForm.start_date",
    "aglomera.intentions.forms.submission.IntentionForm.end_date",
    "aglomera.intentions.forms.changes.ChangeRequestForm.start_date",
    "aglomera.intentions.forms.changes.ChangeRequestForm.end_date",
}


def test_every_date_field_refuses_a_year_outside_2000_to_2100() -> None:
    """A typed "0202" or "20226" is refused at the field (the actions check it again)."""
    found, unchecked = set(), []
    for form in _project_forms():
        if ".tests." in form.__module__:  # a test's own form, when the whole suite runs
            continue
        for name, field in getattr(form, "base_fields", {}).items():
            if not isinstance(field, forms.DateField | forms.DateTimeField):
                continue
            key = f"{form.__module__}.{form.__name__}.{name}"
            found.add(key)
            if key in NARROWER_RULE:
                continue
            typed = (
                "1999-12-31" if not isinstance(field, forms.DateTimeField) else "1999-12-31 10:00"
            )
            try:
                field.clean(typed)
            except forms.ValidationError:
                continue
            unchecked.append(key)
    assert unchecked == []
    assert found >= NARROWER_RULE, NARROWER_RULE - found


def test_every_multiple_choice_of_objects_refuses_an_id_past_the_databases_range() -> None:
    """Django's own field queries a 20-digit id, which SQLite cannot bind (500): every form uses
    the product's `ModelChoicesField`, which refuses it as an invalid choice first."""
    from aglomera.core.fields import ModelChoicesField

    found, wrong = [], []
    for form in _project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.ModelMultipleChoiceField):
                found.append(name)
                if not isinstance(field, ModelChoicesField):
                    wrong.append(f"{form.__module__}.{form.__name__}.{name}")
    assert found, "no multiple choice found: the walk over the forms is broken"
    assert wrong == []
    field = next(
        f
        for form in _project_forms()
        for f in getattr(form, "base_fields", {}).values()
        if isinstance(f, ModelChoicesField)
    )
    for huge in ("99999999999999999999999", str(-(2**63) - 1)):
        try:
            field.clean([huge])
        except forms.ValidationError as refused:
            assert refused.code == "invalid_choice"
        else:  # pragma: no cover - the assertion names what went wrong
            raise AssertionError(f"{huge} was accepted")


def test_an_amount_of_minus_zero_is_zero() -> None:
    from decimal import Decimal

    from aglomera.core.fields import AmountField

    value = AmountField().clean("-0")
    assert value == 0 and str(value) == "0" and value == Decimal(0)
