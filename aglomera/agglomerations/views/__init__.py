"""Pages of an agglomeration, by area."""

from __future__ import annotations
