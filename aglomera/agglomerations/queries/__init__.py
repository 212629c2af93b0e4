"""The read side of agglomerations, by area; the names are re-exported here for callers that
import the package."""

from __future__ import annotations

from aglomera.agglomerations.queries.overview import (
    list_memberships,
    list_municipalities,
    list_organisations,
)

__all__ = ["list_memberships", "list_municipalities", "list_organisations"]
