"""Values of the audit log as a person reads them: never a Python repr or a raw choice."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Organisation
from aglomera.core.audit_values import Change, Reading, Ref, changes, render
from aglomera.strategy.models import Fund


@pytest.mark.parametrize(
    ("value", "english", "czech"),
    [
        (None, "—", "—"),
        ("", "—", "—"),
        ([], "—", "—"),
        ({}, "—", "—"),
        (True, "yes", "ano"),
        (False, "no", "ne"),
        (1234567, "1,234,567", "1\xa0234\xa0567"),
        ("2026-12-06", "6 December 2026", "6. prosince 2026"),
        ("2026-13-45", "2026-13-45", "2026-13-45"),  # not a date: shown as written
        ({"cs": "Cyklostezka", "en": "Cycle path"}, "Cycle path", "Cyklostezka"),
        ({"from": "2.1.3", "to": "2.1.2"}, "From: 2.1.3; To: 2.1.2", None),
        ([1, [2, "x"]], "1, (2, x)", "1, (2, x)"),
    ],
)
def test_a_value_is_written_for_people(value: Any, english: str, czech: str | None) -> None:
    assert render(value) == english
    if czech is not None:
        with translation.override("cs"):
            assert render(value) == czech


def test_money_is_grouped_also_inside_tranches_and_forecasts() -> None:
    with translation.override("cs"):
        assert render("9200000.50", key="amount") == "9\xa0200\xa0000,50"
        assert render({"2026": "1000.00"}, key="tranches") == "2026: 1\xa0000,00"
        assert render([["2027-06-30", "5.5"]], key="forecast") == "(30. června 2027, 5,50)"


def test_a_field_of_the_object_gives_the_label_and_the_choice() -> None:
    rows = changes(Organisation, {"kind": "school"}, {"kind": "region"}, {})
    assert rows == [Change("Kind", "school", "region")]
    with translation.override("cs"):
        rows = changes(Organisation, {"kind": "school"}, {"kind": "region"}, {})
    assert rows == [Change("Druh", "škola", "kraj")]


def test_values_keyed_by_ids_are_named_after_their_objects() -> None:
    reading = Reading(ids=User, words={"present": "present"})  # type: ignore[dict-item]
    names: dict[Ref, str] = {(User, "7"): "Karel Veselý"}
    rows = changes(None, {}, {"7": "present", "8": "absent"}, names, reading)
    assert rows == [Change("Karel Veselý", "—", "present"), Change("#8", "—", "absent")]


def test_a_fund_reads_as_its_abbreviation_in_the_readers_language() -> None:
    with translation.override("pl"):
        assert render(Fund.ESF_PLUS.value, key="fund") == "EFS+"
    with translation.override("en"):
        assert render("ERDF", key="fund") == "ERDF"
