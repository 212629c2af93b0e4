"""The EU support bands of the projects' "amount" facet, per currency (bounds in that currency,
each band from its lower bound up to the next one's)."""

from __future__ import annotations

from decimal import Decimal

# currency -> lower bounds of bands 2, 3 and 4 (band 1 starts at zero)
BOUNDS: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    "CZK": (Decimal("5000000"), Decimal("20000000"), Decimal("50000000")),
    "PLN": (Decimal("1000000"), Decimal("4000000"), Decimal("10000000")),
    "EUR": (Decimal("200000"), Decimal("1000000"), Decimal("2000000")),
}
BANDS = (1, 2, 3, 4)


def band_of(amount: Decimal, currency: str) -> int:
    bounds = BOUNDS.get(currency, BOUNDS["EUR"])
    return 1 + sum(1 for bound in bounds if amount >= bound)


def band_range(band: int, currency: str) -> tuple[Decimal | None, Decimal | None]:
    """(from, below) of a band; None where it is open."""
    bounds = (None, *BOUNDS.get(currency, BOUNDS["EUR"]), None)
    return bounds[band - 1], bounds[band]
