"""Statuses and the system's own texts as the reader reads them."""

from __future__ import annotations

import importlib

import pytest
from django.template import Context, Template
from django.utils import translation

from aglomera.core.states import all_state_codes, state_label
from aglomera.core.texts import Generated, render


def test_a_status_reads_as_its_label_in_the_readers_language() -> None:
    with translation.override("en"):
        assert state_label("intentions.intention", "formal_check_passed") == "Formal check passed"
        assert state_label("calls.call", "announced") == "Announced"
    with translation.override("pl"):
        assert state_label("intentions.intention", "submitted") == "Złożono"


def test_a_report_job_is_generated_where_an_import_is_imported() -> None:
    with translation.override("en"):
        assert state_label("monitoring.import", "succeeded") == "Imported"
        assert state_label("monitoring.report", "succeeded") == "Generated"


def test_an_unknown_status_or_workflow_is_shown_as_it_is() -> None:
    assert state_label("calls.call", "bogus") == "bogus"
    assert state_label("no.such.workflow", "draft") == "draft"


def test_every_workflows_codes_are_known() -> None:
    codes = all_state_codes()
    assert {"formal_check_passed", "announced", "with_committee", "succeeded"} <= codes


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Resolution 1/2024 of the steering committee"),
        ("cs", "Usnesení řídicího výboru č. 1/2024"),
        ("pl", "Uchwała komitetu sterującego nr 1/2024"),
    ],
)
def test_a_generated_text_is_rendered_when_read(language: str, text: str) -> None:
    generated = Generated("committee.resolution", {"number": "1/2024"}, note="Agreed.")
    with translation.override(language):
        assert str(generated) == f"{text}\nAgreed."


def test_a_consolidation_shows_the_score_in_the_readers_format() -> None:
    params = {"score": "24.50", "counted": 2, "conflicted": 0, "yes": 2, "no": 0}
    with translation.override("cs"):
        text = render("intentions.consolidation", {**params, "gate_failed": False})
    assert text.startswith("Souhrnné bodové hodnocení 24,50 z 2 posudků")
    with translation.override("pl"):
        text = render("intentions.consolidation", {**params, "counted": 1, "gate_failed": False})
    assert text.startswith(
        "Łączna ocena 24,50 z 1 oceny (wyłączone z powodu konfliktu interesów: 0)"
    )
    with translation.override("en"):
        text = render("intentions.consolidation", {**params, "gate_failed": True})
    assert text.endswith("gate criteria: failed.")


def test_an_unknown_generated_text_renders_empty() -> None:
    assert render("no.such.text", {}) == ""
    assert str(Generated("no.such.text", note="only the note")) == "only the note"


MIGRATION = importlib.import_module("aglomera.core.migrations.0006_status_change_reason_codes")


@pytest.mark.parametrize(
    ("stored", "decoded"),
    [
        (
            "Všechny položky kontrolního seznamu jsou splněny.",
            ("intentions.formal_check_passed", {}, ""),
        ),
        (
            "Vyjádření o souladu č. OPOLE/2024/0001",
            ("intentions.statement", {"number": "OPOLE/2024/0001"}, ""),
        ),
        (
            "Uchwała komitetu sterującego nr 1/2024",
            ("committee.resolution", {"number": "1/2024"}, ""),
        ),
        (
            "Souhrnné bodové hodnocení 24.00 z 2 posudků (0 vyloučeno pro střet zájmů); "
            "2 doporučuje, 0 nedoporučuje; vylučovací kritéria: splněno.\nDohodnuto.",
            (
                "intentions.consolidation",
                {
                    "score": "24.00",
                    "counted": 2,
                    "conflicted": 0,
                    "yes": 2,
                    "no": 0,
                    "gate_failed": False,
                },
                "Dohodnuto.",
            ),
        ),
        ("Doložte prosím souhlas vlastníka pozemku.", None),
    ],
)
def test_the_migration_turns_stored_sentences_into_codes(
    stored: str, decoded: tuple[str, dict[str, object], str] | None
) -> None:
    assert MIGRATION._decode(stored) == decoded


def test_the_template_filter_prints_the_label() -> None:
    template = Template('{% load aglomera %}{{ code|state_label:"calls.call" }}')
    with translation.override("en"):
        assert template.render(Context({"code": "announced"})) == "Announced"
