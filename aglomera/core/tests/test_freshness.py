"""The data generation changes with every write to the product's tables, and only then."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.freshness import GENERATION_KEY, current_generation, writes_watched_table


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("sql", "watched"),
    [
        ('INSERT INTO "news_newsitem" ("title") VALUES (%s)', True),
        ('  update "calls_call" SET "name" = %s', True),
        ('DELETE FROM "monitoring_operation" WHERE 1', True),
        ("INSERT INTO monitoring_intentionstagespan SELECT * FROM staging", True),
        ('UPDATE "monitoring_importjob" SET "progress" = 5', False),  # an import's progress
        ('UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s', False),
        ('UPDATE "accounts_user" SET "first_name" = %s WHERE "accounts_user"."id" = %s', True),
        ('INSERT INTO "django_session" VALUES (%s)', False),
        ('UPDATE "axes_accessattempt" SET "failures_since_start" = 2', False),
        ('SELECT * FROM "news_newsitem"', False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
    ],
)
def test_which_statements_count_as_a_change(sql: str, watched: bool) -> None:
    assert writes_watched_table(sql) is watched


def test_a_lost_token_is_replaced() -> None:
    first = current_generation()
    assert current_generation() == first
    cache.delete(GENERATION_KEY)
    assert current_generation() != first


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_outside_a_transaction_changes_the_token_at_once(
    olomouc: Agglomeration,
) -> None:
    before = current_generation()
    Agglomeration.objects.filter(pk=olomouc.pk).update(time_zone="Europe/Prague")
    assert current_generation() != before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transaction_changes_it_at_its_first_write_and_again_at_commit(
    olomouc: Agglomeration,
) -> None:
    before = current_generation()
    with transaction.atomic():
        Agglomeration.objects.filter(pk=olomouc.pk).update(time_zone="Europe/Prague")
        during = current_generation()
        assert during != before
        Agglomeration.objects.filter(pk=olomouc.pk).update(time_zone="Europe/Warsaw")
        assert current_generation() == during  # one change per transaction until it commits
        assert len(connection.run_on_commit) == 1
    assert current_generation() != during


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reading_changes_nothing(olomouc: Agglomeration) -> None:
    before = current_generation()
    list(Agglomeration.objects.all())
    assert current_generation() == before
