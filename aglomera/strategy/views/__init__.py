"""Staff pages of the strategy, by area."""

from __future__ import annotations
