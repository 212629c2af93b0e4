"""When each step of the demo's story happened.

The loaders take every step through the product's workflows with `now=` its moment from here, so
the status history (StatusChange and AuditEvent) is written once, at the historical moment, and
never moved afterwards: an intention is submitted in the call window, checked two days after the
deadline (or two weeks before the committee decided, when it decided before the deadline), the
working group recommends ten days later, the committee decides at its meeting and issues the
statement with the decision; the managing authority's steps follow after INVENTED delays (filed
60 days later, legal act 150 days later, implementation 14 days later or at the project's start,
completion at its end). No step is dated in the future of the load: such a step is taken a
minute after the one before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from aglomera.demo.specs import AgglomerationData, CallSpec, IntentionSpec
from aglomera.intentions.models import IntentionStatus

S = IntentionStatus
TICK = timedelta(minutes=1)
# Steps are dated before this much ahead of the load.
MARGIN = timedelta(minutes=5)
# The managing authority's states after the statement, in order.
TRACK_PATH = (
    S.STATEMENT_ISSUED,
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
)
# Days from the step before to the managing authority's next one (INVENTED); others take 30.
MA_DELAYS = {
    S.APPLICATION_FILED: 60,
    S.LEGAL_ACT: 150,
    S.IN_IMPLEMENTATION: 14,
    S.WITHDRAWN: 75,
}
OTHER_DELAY = timedelta(days=30)
# What a call item proposes for an intention waiting for the committee (committee.actions).
DEFAULT_DECISION = {
    S.RECOMMENDED: S.COMPLIANT,
    S.NOT_RECOMMENDED: S.NON_COMPLIANT_NEGATIVE,
    S.DEFERRED: S.DEFERRED,
}


def ceiling(now: datetime) -> datetime:
    return now - MARGIN


def call_window(spec: CallSpec, zone: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    """When the call opens and closes; a call dated relative to the load day opens at 9:00 and
    closes at 12:00 that many days from it."""
    if spec.relative is None:
        assert spec.opens is not None and spec.closes is not None  # noqa: S101 - checked on read
        return spec.opens, spec.closes
    today = timezone.localtime(now, zone).date()
    opens = datetime.combine(today + timedelta(days=spec.relative[0]), time(9), zone)
    closes = datetime.combine(today + timedelta(days=spec.relative[1]), time(12), zone)
    return opens, closes


def submitted_at(spec: IntentionSpec, index: int, opens: datetime) -> datetime:
    """The data's moment, or four days after the call opens (an hour apart in the call's order)."""
    return spec.submitted or opens + timedelta(days=4, hours=index)


def decisions(data: AgglomerationData) -> dict[str, list[tuple[datetime, str]]]:
    """The committee's decisions on each intention, at its meetings in the data's order: an item
    about a call decides every intention of the call that waits for a decision."""
    calls = {(c.period, c.number): c for c in data.calls.calls}
    status = {key: spec.stage for key, (_call, spec) in data.intentions().items()}
    found: dict[str, list[tuple[datetime, str]]] = {}
    for meeting in data.committee.meetings:
        for item in meeting.items:
            if not item.call:
                continue
            for intention in calls[(meeting.period, item.call)].intentions:
                current = status[intention.key]
                if current not in DEFAULT_DECISION:
                    continue
                decision = item.decisions.get(intention.key, DEFAULT_DECISION[S(current)])
                if decision != current:
                    found.setdefault(intention.key, []).append((meeting.decided_at, decision))
                    status[intention.key] = decision
    for steps in found.values():
        steps.sort()
    return found


@dataclass
class _Clock:
    """The moments of one intention's steps, in order, each at least a minute after the one
    before and none in the future of the load."""

    ceiling: datetime
    previous: datetime

    def at(self, moment: datetime) -> datetime:
        moment = max(moment, self.previous + TICK)
        if moment >= self.ceiling:
            moment = self.previous + TICK
        self.previous = moment
        return moment


@dataclass(frozen=True)
class Story:
    """The moments of the steps of one intention."""

    submitted: datetime
    checked: datetime  # the formal check passed, or the intention returned
    recommended: datetime  # the working group's recommendation, either way
    decided: tuple[datetime, ...]  # the committee's decisions (taken by its resolutions)
    after: dict[str, datetime] = field(default_factory=dict)  # the MA's steps, or withdrawal


def story(
    spec: IntentionSpec,
    submitted: datetime,
    closes: datetime,
    decided: list[tuple[datetime, str]],
    zone: ZoneInfo,
    now: datetime,
) -> Story:
    # Delays are counted in hours (as the stored moments are), the project's dates in local time.
    submitted, closes = submitted.astimezone(UTC), closes.astimezone(UTC)
    decided = [(moment.astimezone(UTC), decision) for moment, decision in decided]
    clock = _Clock(ceiling=ceiling(now), previous=submitted - TICK)
    submitted = clock.at(submitted)
    check = closes + timedelta(days=2) if closes < clock.ceiling else submitted
    if decided and check + timedelta(days=10) >= decided[0][0]:  # decided before it closed
        check = max(submitted + timedelta(days=1), decided[0][0] - timedelta(days=14))
    checked = clock.at(check)
    recommended = clock.at(check + timedelta(days=10))
    moments = tuple(clock.at(moment) for moment, _decision in decided)
    after: dict[str, datetime] = {}
    if decided and decided[-1][1] == S.COMPLIANT:  # the statement is issued with the decision
        if spec.after == S.WITHDRAWN:
            after[S.WITHDRAWN] = clock.at(clock.previous + timedelta(days=MA_DELAYS[S.WITHDRAWN]))
        elif spec.after:
            stop = TRACK_PATH.index(S(spec.after))
            for state in TRACK_PATH[1 : stop + 1]:
                after[state] = clock.at(_track_moment(state, clock.previous, spec, zone))
    return Story(submitted, checked, recommended, moments, after)


def _track_moment(state: str, previous: datetime, spec: IntentionSpec, zone: ZoneInfo) -> datetime:
    if state == S.IN_IMPLEMENTATION:
        start = datetime.combine(spec.start, time(9), zone)
        return max(previous + timedelta(days=MA_DELAYS[S.IN_IMPLEMENTATION]), start)
    if state == S.PHYSICALLY_COMPLETED:
        return datetime.combine(spec.end, time(12), zone)
    if state in MA_DELAYS:
        return previous + timedelta(days=MA_DELAYS[S(state)])
    return previous + OTHER_DELAY


def stories(data: AgglomerationData, now: datetime) -> dict[str, Story]:
    """The story of every intention of an agglomeration, by key."""
    zone = data.agglomeration.zone
    decided = decisions(data)
    found = {}
    for call in data.calls.calls:
        opens, closes = call_window(call, zone, now)
        for index, spec in enumerate(call.intentions):
            submitted = submitted_at(spec, index, opens)
            found[spec.key] = story(spec, submitted, closes, decided.get(spec.key, []), zone, now)
    return found


def voting_opened(starts: datetime) -> datetime:
    """A meeting opens its voting just before it starts."""
    return starts - MARGIN


def voting_closed(decided: datetime) -> datetime:
    """... and closes it just before its items are decided."""
    return decided - MARGIN
