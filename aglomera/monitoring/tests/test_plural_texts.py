"""Counted nouns take the plural form of their number (issue 11, point 9): the templates pass the
count to {% blocktranslate count %}, so Czech and Polish get their three forms (1 / 2-4 / 5+) once
the lead translates them. English shows the mechanism: 1 row, 2 rows."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation


@pytest.mark.parametrize(
    ("total", "text"), [(1, "1 of 1 row (100 %)"), (2, "1 of 2 rows (50 %)"), (5, "1 of 5 rows")]
)
def test_import_progress_counts_rows(total: int, text: str) -> None:
    job = SimpleNamespace(
        pk=7,
        status="running",
        get_status_display="Running",
        rows_total=total,
        rows_done=1,
        progress_percent=100 // total,
    )
    with translation.override("en"):
        page = render_to_string(
            "monitoring/imports/_progress.html",
            {"job": job, "agglomeration": SimpleNamespace(slug="olomouc")},
        )
    assert text in page
