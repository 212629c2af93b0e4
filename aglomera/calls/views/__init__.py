"""Staff and applicant pages of calls, by area (calls, parts, modifications, schedules)."""

from __future__ import annotations
