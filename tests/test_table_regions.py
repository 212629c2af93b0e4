"""Every table of the staff pages scrolls inside a region the keyboard can reach (issue 11,
point 16: axe scrollable-region-focusable). The pattern, one per table:

    <div class="table-scroll" tabindex="0" role="region" aria-label="..."><table>...</table></div>

(`aria-labelledby` pointing at the heading instead of `aria-label` where the name is dynamic.)
The browser test tests/e2e/test_accessibility.py checks the rendered pages with axe-core.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(
    [*ROOT.glob("templates/**/*.html"), *ROOT.glob("aglomera/*/templates/**/*.html")]
)
REGION = re.compile(r'<div class="table-scroll"([^>]*)>')


def test_every_table_is_wrapped_in_a_focusable_named_region() -> None:
    problems = []
    for path in TEMPLATES:
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        regions = REGION.findall(html)
        if html.count("<table") != len(regions):
            problems.append(f"{name}: {html.count('<table')} tables, {len(regions)} regions")
        for attributes in regions:
            if 'tabindex="0"' not in attributes or 'role="region"' not in attributes:
                problems.append(f"{name}: a region without tabindex=0 or role=region")
            if "aria-label=" not in attributes and "aria-labelledby=" not in attributes:
                problems.append(f"{name}: a region without a name")
    assert TEMPLATES
    assert not problems, "\n".join(problems)
