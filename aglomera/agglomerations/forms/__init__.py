"""Forms of the agglomeration pages, by area."""

from __future__ import annotations
