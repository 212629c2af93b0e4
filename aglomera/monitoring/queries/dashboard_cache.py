"""The dashboard's figures kept in the cache, so that looking at them again (another member of
staff, the same filters, a language switch back) costs no recomputation.

The figures are stored under the data generation (core/freshness.py): any write to the
product's data, an import or a summary rebuild included, makes them unreachable. They also
expire after `DASHBOARD_CACHE_SECONDS` (0 turns this off, as the test settings do) and with the
day, since the day is in the key (the default "as of" is today). The key names the
agglomeration, so one agglomeration's figures are never served to another's staff; the view
has checked the reader's role before asking.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.freshness import current_generation
from aglomera.monitoring.calculations.funnel import FunnelFilters
from aglomera.monitoring.queries.dashboard import Dashboard, get_dashboard


def cached_dashboard(
    agglomeration: Agglomeration, *, strategy_id: int | None, filters: FunnelFilters
) -> Dashboard:
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if seconds <= 0:
        return get_dashboard(agglomeration, strategy_id=strategy_id, filters=filters)
    key = _key(agglomeration, strategy_id, filters)
    board: Dashboard | None = cache.get(key)
    if board is None:
        board = get_dashboard(agglomeration, strategy_id=strategy_id, filters=filters)
        cache.set(key, board, timeout=seconds)
    return board


def _key(agglomeration: Agglomeration, strategy_id: int | None, filters: FunnelFilters) -> str:
    # Labels in the figures are in the reader's language, so the language is part of the key.
    parts = {
        "agglomeration": agglomeration.pk,
        "strategy": strategy_id,
        "filters": dataclasses.asdict(filters),
        "language": translation.get_language(),
        "today": timezone.localdate(),
    }
    digest = hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()
    return f"dashboard:{current_generation()}:{digest}"
