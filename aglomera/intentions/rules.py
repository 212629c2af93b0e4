"""Domain rules of project intentions: checks and groupings that write nothing.

- Where an intention stands: the groups of statuses the pages and actions test, and that a
  draft is its applicant's own (`is_private_draft`).
- Submission: when a call accepts intentions (`check_call_open`) and the money rules
  (`cost_errors`); the workflow's guards and the applicant's actions both ask them.
- Who answers a change request (`decide_routing`), from the competence rules below.

Who answers a change request: the competence rules (domain.md section 4), kept as data.
Each agglomeration has one `CompetenceRule` row per `ChangeKind` saying whether the strategy
manager decides alone or the steering committee decides. A request is routed to the committee
when ANY of its kinds maps to the committee, else to the manager (`decide_routing`); there are
no code branches per kind, only the rows.

Default rules (`DEFAULT_RULES`), created lazily: `actions.changes.routing_for` creates them the
first time it meets an agglomeration without a rule for a kind it needs, so a new agglomeration
works without any setup, and the manager can change the rows afterwards on the competence rules
page. Creating the defaults is idempotent (existing rows, edited or not, are never overwritten).
Reading the rules for display (`queries.changes.effective_rules`) never writes: a kind without a
row shows its default.

Our reading of domain.md:
- the manager alone: a lower requested support, higher indicator values, formal edits, a date
  move with no effect on the financial plan;
- the steering committee: lower indicator values, a date move that shifts money between years;
- a lower cost is not named there. We give it to the committee: a lower cost usually lowers the
  outputs bought with it and can change the call's financial picture, so the body that declared
  compliance should see it. An office that reads it otherwise edits one row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format, number_format, time_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from aglomera.calls.models import Call, CallStatus
from aglomera.core.amounts import EXAMPLE, format_amount
from aglomera.core.money import CENT
from aglomera.core.zones import zone_name
from aglomera.intentions.models import ChangeKind, Decider, IntentionStatus, ProjectIntention
from aglomera.strategy.rules import validate_amount

S = IntentionStatus

# --- Where an intention stands ---------------------------------------------------------------

# After the statement: the states the managing authority's record is kept in.
AFTER_STATEMENT: tuple[str, ...] = (
    S.STATEMENT_ISSUED,
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
)
TRACKED: tuple[str, ...] = (*AFTER_STATEMENT, S.REJECTED_BY_MA)
# From filing on, the application has a registration number at the managing authority.
FILED: tuple[str, ...] = tuple(s for s in TRACKED if s != S.STATEMENT_ISSUED)


def is_private_draft(intention: ProjectIntention, organisations: Iterable[int]) -> bool:
    """A draft is the applicant's own until it is submitted: only its organisation opens it."""
    return intention.status == S.DRAFT and intention.applicant_id not in set(organisations)


# A change can be asked for once the statement is issued and until the project is closed.
CHANGEABLE: tuple[str, ...] = (
    S.STATEMENT_ISSUED,
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
)
# The values a change request may change, in the order its pages show them.
CHANGE_MONEY_FIELDS = ("requested_eu", "requested_national", "total_cost", "eligible_cost")
CHANGE_DATE_FIELDS = ("start_date", "end_date")

# --- Who answers a change request ------------------------------------------------------------

DEFAULT_RULES: dict[str, str] = {
    ChangeKind.LOWER_SUPPORT: Decider.MANAGER,
    ChangeKind.HIGHER_INDICATOR: Decider.MANAGER,
    ChangeKind.FORMAL_EDIT: Decider.MANAGER,
    ChangeKind.DATE_MOVE: Decider.MANAGER,
    ChangeKind.LOWER_INDICATOR: Decider.COMMITTEE,
    ChangeKind.DATE_MOVE_SHIFTING_MONEY: Decider.COMMITTEE,
    ChangeKind.LOWER_COST: Decider.COMMITTEE,
}


@dataclass(frozen=True)
class RuleRow:
    """The decider for one kind of change, and whether it is still the product's default."""

    kind: str
    decider: str
    is_default: bool

    @property
    def kind_label(self) -> str | Promise:
        return ChangeKind(self.kind).label

    @property
    def decider_label(self) -> str | Promise:
        return Decider(self.decider).label


@dataclass(frozen=True)
class Routing:
    """Where a request goes and why: the rule applied to each of its kinds."""

    decider: str
    rules: list[RuleRow]

    @property
    def decider_label(self) -> str | Promise:
        return Decider(self.decider).label

    @property
    def deciding_rules(self) -> list[RuleRow]:
        """The rules that make the decider what it is (for the committee: those that send it)."""
        return [rule for rule in self.rules if rule.decider == self.decider]


def decide_routing(rules: dict[str, str], kinds: Iterable[str]) -> Routing:
    """Route a set of kinds with the given rules (kind -> decider): committee if any says so."""
    rows = [
        RuleRow(kind=kind, decider=rules[kind], is_default=rules[kind] == DEFAULT_RULES[kind])
        for kind in kinds
    ]
    committee = any(row.decider == Decider.COMMITTEE for row in rows)
    return Routing(decider=Decider.COMMITTEE if committee else Decider.MANAGER, rules=rows)


# --- Submission: when a call accepts intentions, and the money rules --------------------------

# The money fields of an intention, in the order their errors are listed.
MONEY_FIELDS = ("total_cost", "eligible_cost", "requested_eu", "requested_national")


def _amount(value: Decimal, currency: str) -> str:
    return f"{number_format(value, 2, use_l10n=True, force_grouping=True)} {currency}"


def _local(moment: datetime, zone: str) -> dict[str, str]:
    try:
        tzinfo = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = settings.TIME_ZONE
        tzinfo = ZoneInfo(zone)
    local = timezone.localtime(moment, tzinfo)
    return {
        "date": date_format(local, "DATE_FORMAT"),
        "time": time_format(local, "TIME_FORMAT"),
        "zone": zone_name(zone),
    }


def max_support(call: Call, eligible_cost: Decimal) -> Decimal:
    """The most support an eligible cost can get at the call's aid rate, to the cent."""
    return (Decimal(eligible_cost) * Decimal(call.aid_rate) / 100).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


def check_call_open(call: Call, now: datetime) -> None:
    """Refuse unless the call is announced and `now` lies in [opens_at, closes_at)."""
    zone = call.agglomeration.time_zone
    if call.status != CallStatus.ANNOUNCED:
        if call.status == CallStatus.CLOSED:
            raise ValidationError(
                _("The call closed on %(date)s at %(time)s (%(zone)s).")
                % _local(call.closes_at, zone),
                code="deadline",
            )
        raise ValidationError(
            _("The call does not accept intentions (it is %(status)s).")
            % {"status": call.get_status_display().lower()},
            code="call_not_open",
        )
    if now < call.opens_at:
        raise ValidationError(
            _("The call opens on %(date)s at %(time)s (%(zone)s).") % _local(call.opens_at, zone),
            code="not_yet_open",
        )
    if now >= call.closes_at:
        raise ValidationError(
            _("The call closed on %(date)s at %(time)s (%(zone)s).") % _local(call.closes_at, zone),
            code="deadline",
        )


def _money_errors(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in MONEY_FIELDS:
        value = values.get(name)
        if not isinstance(value, Decimal) or not value.is_finite():
            errors[name] = [
                _("Enter an amount, for example %(example)s.") % {"example": format_amount(EXAMPLE)}
            ]
            continue
        try:
            validate_amount(value)
        except ValidationError as exc:
            errors[name] = list(exc.messages)
    return errors


def cost_errors(call: Call, values: dict[str, Any], *, with_range: bool) -> dict[str, list[str]]:
    """Money rules: whole cents, eligible <= total, support <= eligible x aid rate and, for
    the form, eligible cost within the call's minimum and maximum."""
    errors = _money_errors(values)
    if errors:
        return errors
    currency = call.currency
    total, eligible = values["total_cost"], values["eligible_cost"]
    support = values["requested_eu"] + values["requested_national"]
    if eligible > total:
        errors["eligible_cost"] = [
            _("The eligible cost (%(eligible)s) cannot exceed the total cost (%(total)s).")
            % {"eligible": _amount(eligible, currency), "total": _amount(total, currency)}
        ]
    elif with_range and call.min_eligible_cost is not None and eligible < call.min_eligible_cost:
        errors["eligible_cost"] = [
            _("The call supports projects with an eligible cost of at least %(minimum)s.")
            % {"minimum": _amount(call.min_eligible_cost, currency)}
        ]
    elif with_range and call.max_eligible_cost is not None and eligible > call.max_eligible_cost:
        errors["eligible_cost"] = [
            _("The call supports projects with an eligible cost of at most %(maximum)s.")
            % {"maximum": _amount(call.max_eligible_cost, currency)}
        ]
    ceiling = max_support(call, eligible)
    if support > ceiling:
        errors["requested_eu"] = [
            _(
                "The requested support (EU and national together, %(support)s) cannot exceed "
                "%(ceiling)s: the eligible cost times the call's aid rate of %(rate)s %%."
            )
            % {
                "support": _amount(support, currency),
                "ceiling": _amount(ceiling, currency),
                "rate": number_format(Decimal(call.aid_rate).normalize(), use_l10n=True),
            }
        ]
    return errors
