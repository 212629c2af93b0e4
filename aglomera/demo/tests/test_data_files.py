"""The demo's data files are read and checked on load: a malformed file is refused with a message
that names the file and the key."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from aglomera.demo.dataset import DATA_DIR, demo_data, load_data
from aglomera.demo.reader import DemoDataError


def test_the_data_set_reads_every_agglomeration() -> None:
    data = demo_data()
    assert [folder.slug for folder in data.agglomerations] == ["olomouc", "opole"]
    olomouc = data.of("olomouc")
    assert len(olomouc.calls.calls) == 23
    assert sum(len(folder.intentions()) for folder in data.agglomerations) == 37
    assert sum(len(folder.committee.meetings) for folder in data.agglomerations) == 21
    _call, library = olomouc.intentions()["library-olomouc"]
    assert library.eligible == Decimal("38000000")
    assert library.submitted is None  # four days after the call opens
    tram = olomouc.intentions()["tram-1-maje"][1]
    assert tram.submitted is not None
    assert tram.submitted.isoformat() == "2017-04-07T11:00:00+02:00"  # local time of Olomouc
    assert data.cofinancing["IROP"].national == Decimal(5) / 85


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (  # a misspelt key is not silently left out
            "olomouc/calls.yaml",
            "  - key: tram-1-maje\n    name:",
            "  - key: tram-1-maje\n    nmae:",
            r"olomouc/calls\.yaml: calls\[0\]\.intentions\[0\]\.name: this key is missing",
        ),
        (  # a float would lose digits
            "olomouc/calls.yaml",
            "eligible: '44260786.55'",
            "eligible: 44260786.55",
            r"calls\[0\]\.intentions\[0\]\.eligible: write the amount 44260786\.55 in quotes",
        ),
        (
            "olomouc/calls.yaml",
            "applicant: olomouc",
            "applicant: nobody",
            r"calls\[0\]\.intentions\[0\]\.applicant: no organisation has the key 'nobody'",
        ),
        (
            "olomouc/calls.yaml",
            "submitted: 2017-04-07 11:00",
            "submitted: 7. 4. 2017",
            r"intentions\[0\]\.submitted: expected a local time such as '2024-06-30 10:00'",
        ),
        (
            "olomouc/calls.yaml",
            "stage: returned",
            "stage: lost",
            r"\.stage: expected one of draft, submitted, returned",
        ),
        (  # every text shown to users has the three languages
            "shared/programmes.yaml",
            "    en: Integrated Regional Operational Programme 2021–2027\n",
            "",
            r"shared/programmes\.yaml: programmes\[0\]\.name\.en: this key is missing",
        ),
        (
            "opole/agglomeration.yaml",
            "time_zone: Europe/Warsaw",
            "time_zone: Europe/Opole",
            r"opole/agglomeration\.yaml: time_zone: unknown time zone 'Europe/Opole'",
        ),
        (
            "olomouc/committee.yaml",
            "call: '3'",
            "call: '99'",
            r"meetings\[0\]\.items\[0\]\.call: no call of 2014-2020 has the number '99'",
        ),
        (  # the statute's majorities are the product's rules, per kind of agenda item
            "olomouc/committee.yaml",
            "strategy_amendment: three_fifths_of_all",
            "strategy_amendment: most",
            r"committee\.yaml: statute\.majorities\.strategy_amendment: expected one of",
        ),
        (
            "olomouc/committee.yaml",
            "strategy_amendment: three_fifths_of_all",
            "amendment: three_fifths_of_all",
            r"committee\.yaml: statute\.majorities\.amendment: not a kind of agenda item",
        ),
        (
            "olomouc/monitoring.yaml",
            "- intention: tram-1-maje",
            "- intention: tram-2",
            r"monitoring\.yaml: payment_plans\[0\]\.intention: no intention has the key 'tram-2'",
        ),
        (
            "opole/strategies.yaml",
            "consultation: true",
            "consultation: yes please",
            r"strategies\.yaml: .*consultation: expected true or false",
        ),
        (
            "olomouc/exchange_rates.yaml",
            "rates:\n",
            "rates:\n- just a rate\n",
            r"exchange_rates\.yaml: rates\[0\]: expected a mapping of keys, got text",
        ),
        (
            "shared/calls.yaml",
            "checklist:",
            "checklist: [",
            r"shared/calls\.yaml: cannot be read",
        ),
        (  # a planned call is not announced yet: it opens after the load
            "opole/calls.yaml",
            "relative: {opens: 60, closes: 120}",
            "relative: {opens: -10, closes: 120}",
            r"opole/calls\.yaml: calls\[3\]\.planned: a planned call opens after the load",
        ),
        (
            "opole/committee.yaml",
            "days: 21",
            "days: 0",
            r"opole/committee\.yaml: next_meeting\.days: the meeting in preparation is after",
        ),
        (
            "opole/monitoring.yaml",
            "file: wykaz-projektow-FEO-2026-09-30.csv",
            "file: wykaz.csv",
            r"opole/monitoring\.yaml: waiting_import\.file: no such CSV file: wykaz\.csv",
        ),
    ],
)
def test_a_malformed_file_is_refused_naming_the_file_and_the_key(
    data_dir: Path, file: str, old: str, new: str, message: str
) -> None:
    _edit(data_dir / file, old, new)
    with pytest.raises(DemoDataError, match=message):
        load_data(data_dir)


def test_an_intention_key_is_unique_across_the_data_set(data_dir: Path) -> None:
    _edit(data_dir / "opole/calls.yaml", "key: nk-rower-krapkowice", "key: library-olomouc")
    with pytest.raises(DemoDataError, match="intention key 'library-olomouc' is used by olomouc"):
        load_data(data_dir)
