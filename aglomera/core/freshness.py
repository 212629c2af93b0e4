"""The data generation: a token in the cache that changes whenever the product's data changes.

Caches of what the product shows (the portal's pages, the monitoring dashboard's figures) put
the generation in their keys, so a write makes every cached copy unreachable at once, on every
app server that shares the cache (Redis in production, `REDIS_URL`).

A write is noticed where every write passes: the database cursor. An execute wrapper, installed
on each connection Django opens, looks at the first words of each statement; an INSERT, UPDATE
or DELETE on a table of the product's own apps changes the generation. This also catches
`bulk_create`, `QuerySet.update()`, raw SQL and the importer's `INSERT ... SELECT`, which model
signals miss. Tables of sessions, login attempts and the task queue are not the product's data
and do not count, nor does an import job's progress (monitoring_importjob), which is written
every few hundred rows.

Inside a transaction the generation changes at the first write (so a reader that raced the
write cannot keep an old copy under the new token for long) and once more when the transaction
commits (so a copy rendered from the uncommitted state is dropped too). A rollback leaves a
changed token behind, which costs one cache miss.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

GENERATION_KEY = "aglomera:data-generation"

# The apps whose tables hold what pages show (their db_table prefixes).
WATCHED_APPS = (
    "accounts",
    "agglomerations",
    "calls",
    "committee",
    "intentions",
    "monitoring",
    "news",
    "portal",
    "strategy",
)
IGNORED_TABLES = frozenset({"monitoring_importjob"})

_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE
)


def current_generation() -> str:
    """The token of the data as it is now (a new one after a cache flush or restart)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    return str(token)


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def data_changed(using: str = "default") -> None:
    """Make every cached copy stale: now, and again when the current transaction commits."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _new_generation()
        return
    if any(callback is _new_generation for _, callback, _ in connection.run_on_commit):
        return  # this transaction has already changed it and will again on commit
    _new_generation()
    transaction.on_commit(_new_generation, using=using)


# A login stamps the user's last_login: nothing any cached page shows.
_LAST_LOGIN = re.compile(
    r'^\s*UPDATE\s+"?accounts_user"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE', re.I
)


def writes_watched_table(sql: str) -> bool:
    found = _WRITE.match(sql)
    if found is None or _LAST_LOGIN.match(sql):
        return False
    table = found.group(1).lower()
    return table not in IGNORED_TABLES and table.split("_", 1)[0] in WATCHED_APPS


def _watch(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and writes_watched_table(sql):
        data_changed(context["connection"].alias)
    return result


def watch_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver (core/apps.py)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)
