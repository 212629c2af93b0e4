"""Forms of the call pages, by area (calls, parts, modifications, schedules)."""

from __future__ import annotations
