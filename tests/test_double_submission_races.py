"""Double submissions and races through real parallel requests on PostgreSQL (issue 8, item 8).

Each request runs in its own thread with its own database connection, through Django's test
client (the whole stack: middleware, view, form, action); a barrier starts them together.
Before the fix, eight identical "new intention" posts created eight intentions, and two people
adding the same indicator code got one 500 (a unique violation). Now the form's one-time token
makes the repeats answer with the first request's object, and a unique violation that a race
reaches is a message on the form.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction

from aglomera.agglomerations.models import Organisation, OrganisationKind
from aglomera.calls.models import Call, CallStatus
from aglomera.intentions.models import ProjectIntention
from aglomera.intentions.tests.builders import PipelineWorld
from aglomera.strategy.models import IndicatorCode, Strategy
from tests.test_double_submission import (
    client_for,
    post,
    render_and_read_token,
    world_and_case,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def in_parallel(*requests: Callable[[], Any]) -> list[Any]:
    """Send the requests at the same moment, each in a thread with its own connection."""
    barrier = threading.Barrier(len(requests))
    results: list[Any] = [None] * len(requests)

    def run(index: int, request: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = request()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    return results


def test_eight_identical_new_intention_posts_create_one_intention_and_all_land_on_it() -> None:
    # Given the applicant's intention form, rendered once (one token)
    _world, case = world_and_case("intention")
    clients = [client_for(case.user) for _ in range(8)]
    with time_machine.travel(case.now, tick=False):
        token = render_and_read_token(clients[0], case)
        # When eight copies of the filled-in form arrive at the same moment
        responses = in_parallel(*(lambda c=c: post(c, case, token) for c in clients))
    # Then exactly one intention exists and every answer redirects to its page
    assert [getattr(r, "status_code", r) for r in responses] == [302] * 8
    intention = ProjectIntention.objects.get()
    assert {r["Location"] for r in responses} == {f"/en/app/olomouc/intentions/{intention.pk}/"}


@pytest.mark.parametrize("tokens", ["same form twice", "two tabs"])
def test_two_parallel_indicator_codes_make_one_code_and_no_500(tokens: str) -> None:
    # Given the new-indicator-code form open once, or in two tabs
    _world, case = world_and_case("indicator code")
    clients = [client_for(case.user), client_for(case.user)]
    first = render_and_read_token(clients[0], case)
    second = first if tokens == "same form twice" else render_and_read_token(clients[1], case)
    # When both are sent at the same moment with the same code
    responses = in_parallel(
        lambda: post(clients[0], case, first), lambda: post(clients[1], case, second)
    )
    codes = sorted(getattr(r, "status_code", 500) for r in responses)  # an exception is a 500
    # Then one code exists; the repeat of the same form lands on the same page, while the other
    # tab is told the code exists (never a 500)
    assert IndicatorCode.objects.filter(code="T-NOVY").count() == 1
    if tokens == "same form twice":
        assert codes == [302, 302]
        assert responses[0]["Location"] == responses[1]["Location"]
    else:
        assert codes == [302, 422]
        refused = next(r for r in responses if r.status_code == 422)
        assert "The indicator code T-NOVY already exists." in refused.content.decode()


# --- the unique index decides: a row inserted by another transaction that commits later -------


def _indicator_code(world: PipelineWorld) -> None:
    IndicatorCode.objects.create(
        code="T-NOVY", kind="output", source="national", name={"en": "x"}, unit={"en": "km"}
    )


def _call_number(world: PipelineWorld) -> None:
    Call.objects.create(
        agglomeration=world.agglomeration,
        strategy=world.strategy,
        number="7",
        name={"cs": "Souběžná výzva"},
        measure_code="2.1.1",
        specific_objective=world.objective,
        allocation=Decimal("1000.00"),
        opens_at=datetime(2025, 9, 1, tzinfo=UTC),
        closes_at=datetime(2025, 11, 1, tzinfo=UTC),
        aid_rate=Decimal("85"),
        status=CallStatus.PLANNED,
    )


def _strategy(world: PipelineWorld) -> None:
    Strategy.objects.create(agglomeration=world.agglomeration, period="2028-2034", name={"cs": "S"})


def _organisation(world: PipelineWorld) -> None:
    Organisation.objects.create(
        agglomeration=world.agglomeration,
        name="Obec",
        kind=OrganisationKind.MUNICIPALITY,
        country="CZ",
        ico="00299308",
    )


HELD = {
    "indicator code": (_indicator_code, "The indicator code T-NOVY already exists."),
    "call": (_call_number, "The strategy already has a call numbered 7."),
    "strategy": (_strategy, "This agglomeration already has a strategy for 2028–2034."),
    "organisation": (_organisation, "is already registered for"),
}


def _blocked_on_a_lock(thread: threading.Thread) -> bool:
    """Wait (bounded) until some session waits for a lock, or the request has finished."""
    for _ in range(400):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            (waiting,) = cursor.fetchone()
        if waiting or not thread.is_alive():
            return bool(waiting)
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("name", HELD)
def test_a_row_taken_by_a_concurrent_transaction_is_a_message_on_the_form(name: str) -> None:
    # Given the form, and another transaction that has just written the same unique value
    world, case = world_and_case(name)
    hold, message = HELD[name]
    client = client_for(case.user)
    token = render_and_read_token(client, case)
    before = case.model._default_manager.count()
    result: dict[str, Any] = {}

    def send() -> None:
        try:
            result["response"] = post(client, case, token)
        except Exception as exc:
            result["response"] = exc
        finally:
            connection.close()

    sender = threading.Thread(target=send)
    with transaction.atomic():
        hold(world)
        # When the form is sent before that transaction commits (its own check sees nothing,
        # so its insert waits on the unique index)
        sender.start()
        assert _blocked_on_a_lock(sender), "the request did not wait on the unique index"
    sender.join(timeout=60)
    # Then, once the other transaction commits, the form answers with the message, not a 500
    response = result.get("response")
    assert getattr(response, "status_code", response) == 422
    assert message in response.content.decode()
    assert case.model._default_manager.count() == before + 1  # only the other transaction's
