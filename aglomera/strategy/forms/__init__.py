"""Forms of the strategy pages, by area."""

from __future__ import annotations
