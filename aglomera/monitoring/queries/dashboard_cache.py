"""The dashboard's figures and their rendered tables kept in the cache, so that looking at them
again (another member of staff, the same filters, a language switch back) costs neither the
sums nor the rendering of a few thousand formatted amounts.

Both are stored under the data generation (core/freshness.py): any write to the product's data,
an import or a summary rebuild included, makes them unreachable. They also expire after
`DASHBOARD_CACHE_SECONDS` (0 turns this off, as the test settings do) and with the day, since
the day is in the key (the default "as of" is today). The key names the agglomeration, so one
agglomeration's figures are never served to another's staff; the view has checked the reader's
role before asking. Amounts and labels are in the reader's language and formats, so the
language is in the key too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.freshness import current_generation
from aglomera.monitoring.calculations.funnel import FunnelFilters

T = TypeVar("T")


def dashboard_key(
    agglomeration: Agglomeration, strategy_id: int | None, filters: FunnelFilters, query: str
) -> str | None:
    """The key of one reader's view of the dashboard (None: the cache is off)."""
    if settings.DASHBOARD_CACHE_SECONDS <= 0:
        return None
    parts = {
        "agglomeration": agglomeration.pk,
        "strategy": strategy_id,
        "filters": dataclasses.asdict(filters),
        "query": query,  # the CSV links repeat the query string
        "language": translation.get_language(),
        "today": timezone.localdate(),
    }
    digest = hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()
    return f"dashboard:{current_generation()}:{digest}"


def remembered(key: str | None, part: str, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave last time under `key` (always computed when key is None)."""
    if key is None:
        return compute()
    found: T | None = cache.get(f"{key}:{part}")
    if found is None:
        found = compute()
        cache.set(f"{key}:{part}", found, timeout=settings.DASHBOARD_CACHE_SECONDS)
    return found
