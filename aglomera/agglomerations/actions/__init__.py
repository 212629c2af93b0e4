"""Writes to agglomerations and their organisations, by area; the names are re-exported here
for callers that import the package."""

from __future__ import annotations

from aglomera.agglomerations.actions.organisations import (
    register_organisation,
    register_own_organisation,
)

__all__ = ["register_organisation", "register_own_organisation"]
