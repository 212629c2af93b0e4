"""Funds are shown by their abbreviation in the reader's language, never by the stored code
(issue 11, point 8). The Czech and Polish abbreviations (EFRR, FS, ESF+/EFS+, FST) come from the
translations ("fund abbreviation" context); here a stand-in catalogue proves every place asks."""

from __future__ import annotations

import pytest
from django.utils import translation

from aglomera.accounts.models import Role
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.monitoring.tests import test_dashboard as dashboard
from aglomera.monitoring.tests.test_dashboard import client_for, csv_rows, url
from aglomera.strategy import funds
from aglomera.strategy.funds import fund_abbreviation

# The dashboard's world: one contracted intention of IROP 2.8, an ERDF objective.
contracted_world = dashboard.contracted_world
world = dashboard.world


@pytest.fixture
def national(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(funds._ABBREVIATIONS, "ERDF", "EFRR")


def test_english_abbreviations() -> None:
    with translation.override("en"):
        assert [fund_abbreviation(code) for code in ("ERDF", "CF", "ESF+", "JTF")] == [
            "ERDF",
            "CF",
            "ESF+",
            "JTF",
        ]
    assert fund_abbreviation("XYZ") == "XYZ"


def test_the_dashboard_table_and_csv_show_the_abbreviation(
    world: PipelineWorld, national: None
) -> None:
    client = client_for(world, Role.MANAGER)
    page = client.get(url(world, as_of="2025-10-31")).content.decode()
    assert "<td>EFRR</td>" in page
    assert "<td>ERDF</td>" not in page
    rows = csv_rows(
        client.get(url(world, as_of="2025-10-31", format="csv", chart="funnel")).content
    )
    assert rows[1][4] == "EFRR"
