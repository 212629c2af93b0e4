"""The quorum reads as a share and a count, never "more than 0,500 of the members" (issue 11,
point 9). English here; the lead translates the Czech and Polish plural forms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from aglomera.committee.calculations.quorum import members_needed, quorum_text
from aglomera.committee.tests.world import CommitteeWorld


@pytest.mark.parametrize(
    ("quorum", "members", "needed"),
    [("0.5", 5, 3), ("0.5", 4, 3), ("0.5", 1, 1), ("0.667", 6, 5), ("0", 5, 1), ("0.6", 5, 4)],
)
def test_members_needed_is_more_than_the_share(quorum: str, members: int, needed: int) -> None:
    assert members_needed(Decimal(quorum), members) == needed


@pytest.mark.parametrize(
    ("quorum", "members", "text"),
    [
        (
            "0.500",
            5,
            "more than half of the members entitled to vote take part (at least 3 of 5 members)",
        ),
        (
            "0.667",
            6,
            "more than 2/3 of the members entitled to vote take part (at least 5 of 6 members)",
        ),
        (
            "0.550",
            1,
            "more than 55\xa0% of the members entitled to vote take part (at least 1 of 1 member)",
        ),
        ("0.000", 0, "at least one member entitled to vote takes part"),
    ],
)
def test_the_quorum_in_words(quorum: str, members: int, text: str) -> None:
    with translation.override("en"):
        assert quorum_text(Decimal(quorum), members) == text


def test_a_czech_percentage_has_a_decimal_comma() -> None:
    with translation.override("cs"):
        assert "55,5\xa0%" in quorum_text(Decimal("0.555"), 0)


def test_the_committee_page_says_half_and_counts_the_active_members(cw: CommitteeWorld) -> None:
    client = Client()
    client.force_login(cw.manager)
    page = client.get(f"/en/app/{cw.world.agglomeration.slug}/committee/").content.decode()
    assert (
        "<dd>more than half of the members entitled to vote take part "
        "(at least 3 of 4 members)</dd>" in page
    )
    assert "0.500" not in page and "0,500" not in page
