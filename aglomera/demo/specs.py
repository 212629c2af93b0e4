"""The schema of the demo data: one frozen dataclass per kind of fact in aglomera/demo/data/.

`aglomera.demo.dataset` reads the YAML files into these (checking every key), and the loaders
(`loader`, `pipeline`, `monitoring`) turn them into records through the product's actions.
Texts in the three languages of the product are `Text` ({"cs": ..., "pl": ..., "en": ...});
texts in the agglomeration's own language (names of calls and intentions) are plain `str`.
Local times are read in the agglomeration's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

Text = dict[str, str]

# ---- agglomerations, organisations and people --------------------------------------------------


@dataclass(frozen=True)
class OrganisationSpec:
    key: str  # how people and intentions of the same agglomeration refer to it
    name: str
    kind: str
    ico: str = ""
    regon: str = ""
    nip: str = ""
    address: str = ""


@dataclass(frozen=True)
class PersonSpec:
    """The demo login of one role: username <slug>-<role>."""

    role: str
    first_name: str
    last_name: str
    language: str
    organisation: str = ""  # organisation key


@dataclass(frozen=True)
class ExtraPersonSpec:
    """A further committee member, reviewer or applicant: username <slug>-<role>-<suffix>."""

    suffix: str
    role: str
    first_name: str
    last_name: str
    organisation: str = ""
    chair: bool = False


@dataclass(frozen=True)
class OfficeRoleSpec:
    programme: str
    objective: str
    role: str


@dataclass(frozen=True)
class AgglomerationSpec:
    slug: str
    name: Text
    country: str
    currency: str
    time_zone: str
    language: str
    office_name: Text
    office_address: str
    website: str
    territory: Path  # the CSV of municipalities
    organisations: tuple[OrganisationSpec, ...]
    people: tuple[PersonSpec, ...]
    extra_organisations: tuple[OrganisationSpec, ...]  # created by the pipeline
    extra_people: tuple[ExtraPersonSpec, ...]
    office_roles: tuple[OfficeRoleSpec, ...]
    # The office's public contacts, only when an official source publishes them (else absent:
    # the portal then says they are not published).
    office_email: str = ""
    office_phone: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


# ---- programmes and strategies -----------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveSpec:
    code: str
    fund: str
    name: Text


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    period: str
    country: str
    currency: str
    name: Text
    managing_authority: Text
    objectives: tuple[ObjectiveSpec, ...]
    cci: str = ""


@dataclass(frozen=True)
class Cofinancing:
    """National and own money as a fraction of the EU amount."""

    national: Decimal
    own: Decimal


@dataclass(frozen=True)
class MoneySpec:
    programme: str
    objective: str
    eu: Decimal | None  # None: the balance that makes the strategy's `balance` total exact


@dataclass(frozen=True)
class IndicatorTargetSpec:
    code: str
    baseline: Decimal
    milestone: Decimal | None
    target: Decimal


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    name: Text
    money: tuple[MoneySpec, ...]
    indicators: tuple[IndicatorTargetSpec, ...]


@dataclass(frozen=True)
class SpecificGoalSpec:
    code: str
    name: Text
    measures: tuple[MeasureSpec, ...]


@dataclass(frozen=True)
class GoalSpec:
    code: str
    name: Text
    specific_goals: tuple[SpecificGoalSpec, ...]


@dataclass(frozen=True)
class SolutionSpec:
    code: str
    name: Text
    description: Text
    measures: tuple[str, ...]


@dataclass(frozen=True)
class ApprovalSpec:
    approved_on: date
    approved_by: str
    reference: str


@dataclass(frozen=True)
class MoveSpec:
    """EU money moved from one measure's plan line of a programme objective to another measure."""

    programme: str
    objective: str
    from_measure: str
    to_measure: str
    amount: Decimal


@dataclass(frozen=True)
class TargetChangeSpec:
    measure: str
    indicator: str
    target: Decimal


@dataclass(frozen=True)
class AmendmentSpec:
    title: str
    moves: tuple[MoveSpec, ...]
    targets: tuple[TargetChangeSpec, ...]
    approval: ApprovalSpec | None  # None: the draft stays open


@dataclass(frozen=True)
class BalanceSpec:
    """The published EU total of one programme that the balancing measure makes exact."""

    programme: str
    eu_total: Decimal


@dataclass(frozen=True)
class StrategySpec:
    period: str
    name: Text
    approval: ApprovalSpec
    consultation: bool  # goes through public consultation before it is submitted
    planning_rate: Decimal | None  # EU amounts are in EUR, planned at this rate
    balance: BalanceSpec | None
    goals: tuple[GoalSpec, ...]
    solutions: tuple[SolutionSpec, ...]
    amendments: tuple[AmendmentSpec, ...]


@dataclass(frozen=True)
class RateSpec:
    valid_from: date
    units_per_eur: Decimal


@dataclass(frozen=True)
class ExchangeRatesSpec:
    currency: str
    source: str
    rates: tuple[RateSpec, ...]


@dataclass(frozen=True)
class IndicatorCodeSpec:
    code: str
    kind: str
    name: Text
    unit: Text
    note: str


# ---- calls and intentions -------------------------------------------------------------------


@dataclass(frozen=True)
class IntentionSpec:
    key: str  # the handle meetings, change requests and monitoring use
    name: str  # in the agglomeration's language
    applicant: str  # organisation key
    eligible: Decimal
    eu: Decimal
    total: Decimal | None  # None: eligible + 15 %
    # how far the evaluation goes before the committee (EVALUATION_STAGES)
    stage: str
    score: tuple[int, int]  # points on the two scored criteria
    submitted: datetime | None  # None: four days after the call opens
    places: tuple[str, ...]
    start: date
    end: date
    indicators: tuple[tuple[str, Decimal], ...]
    land: str
    permit: str
    # after the statement: the managing authority's state it reaches (or withdrawn)
    after: str
    registration: str
    withdrawal_reason: str


@dataclass(frozen=True)
class CallSpec:
    period: str
    number: str
    name: str
    measure: str
    programme: str
    objective: str
    allocation: Decimal
    opens: datetime | None
    closes: datetime | None
    # (days from the day of loading to the opening, to the deadline) for calls dated at load time
    relative: tuple[int, int] | None
    aid_rate: Decimal
    mode: str
    min_eligible: Decimal | None
    ma_call: str
    eligible_applicants: str
    feasibility_study: bool
    schedule_year: int | None
    intentions: tuple[IntentionSpec, ...]
    # in preparation: created, not yet announced (dated relative to the load, opening after it)
    planned: bool = False


@dataclass(frozen=True)
class CriterionSpec:
    name: Text
    kind: str
    weight: Decimal | None  # scored criteria only
    max_points: int | None


@dataclass(frozen=True)
class ScheduleSpec:
    year: int
    approved_on: date


@dataclass(frozen=True)
class ReturnSpec:
    """What the coordinator writes when an intention is returned after the formal check."""

    failed_check: str  # the answer to the last checklist item
    comment: str


@dataclass(frozen=True)
class CallsSpec:
    schedules: tuple[ScheduleSpec, ...]
    criteria: tuple[CriterionSpec, ...]
    review_comments: tuple[str, str]  # (recommend, not recommend)
    return_texts: ReturnSpec | None
    calls: tuple[CallSpec, ...]


# ---- the steering committee ---------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSpec:
    title: str
    call: str  # call number (of the meeting's period): an item about the call's intentions
    # proposed decision per intention key where it differs from the working group's proposal
    decisions: dict[str, str]
    # intention keys that get an updated compliant statement under this item's resolution
    updated_statements: tuple[str, ...]


@dataclass(frozen=True)
class MeetingSpec:
    period: str
    number: int | None  # the real number; None: the next free one
    starts: datetime
    place: str
    window_days: int  # > 0: per rollam
    items: tuple[ItemSpec, ...]

    @property
    def decided_at(self) -> datetime:
        """When its items were decided: two hours after an in-person meeting started, an hour
        after a written vote closed."""
        if self.window_days:
            return self.starts + timedelta(days=self.window_days, hours=1)
        return self.starts + timedelta(hours=2)


@dataclass(frozen=True)
class NextMeetingSpec:
    """The meeting in preparation: planned, its agenda drafted, its voting not open yet."""

    period: str
    days: int  # from the day of loading to the meeting (at 10:00 local time)
    place: str
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True)
class OpenVoteSpec:
    period: str
    call: str
    title: str
    change_title: str
    voters: tuple[str, ...]  # suffixes of the committee members who already voted


@dataclass(frozen=True)
class StatuteSpec:
    """The rules of the committee's statute (SteeringCommittee, KindMajority)."""

    casting_vote: bool
    number_rejections: bool
    early_close: bool
    majorities: dict[str, str]  # DecisionKind -> MajorityRule, where it differs


@dataclass(frozen=True)
class CommitteeSpec:
    name: Text
    meetings: tuple[MeetingSpec, ...]
    open_vote: OpenVoteSpec | None
    statute: StatuteSpec | None = None
    next_meeting: NextMeetingSpec | None = None


@dataclass(frozen=True)
class ChangeRequestSpec:
    intention: str
    kind: str  # date_move (a new end_date) or lower_indicator (indicator, value)
    end_date: date | None
    indicator: str
    value: str
    justification: str
    decision: str  # approved (by the manager alone) or with_committee


# ---- monitoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentPlanSpec:
    intention: str
    paid: tuple[tuple[date, Decimal], ...]  # (day the beneficiary was paid, % of EU support)
    forecast: tuple[tuple[date, Decimal], ...]  # (expected day, % of EU support)
    certified_after_days: int  # each paid tranche is certified to the Commission later


@dataclass(frozen=True)
class ProgressSpec:
    intention: str
    period_end: date
    values: tuple[tuple[str, Decimal], ...]  # (indicator code, achieved so far)
    narrative: str
    outcome: str  # approved, returned (with `reason`) or submitted (waiting)
    reason: str


@dataclass(frozen=True)
class MaStateSpec:
    code: str
    name: str


@dataclass(frozen=True)
class ForeignOperationSpec:
    """An operation of the list no intention carries the number of (to link by hand, or not)."""

    number: str
    name: str
    beneficiary: str
    ico: str
    state: MaStateSpec
    eligible: Decimal
    eu: Decimal
    paid: Decimal
    signed: date
    start: date
    end: date
    first_list: date  # the first list (as of) it appears in
    nuts3: str = "CZ071"  # where it is realised: outside the agglomeration's region, it is not ours
    nuts3_name: str = "Olomoucký kraj"


@dataclass(frozen=True)
class OperationsListsSpec:
    """The managing authority's lists of operations, imported as of each date."""

    source: str
    as_of: tuple[date, ...]
    intentions: tuple[str, ...]  # the selected operations (legal act or later) they carry
    states: dict[str, MaStateSpec]  # by intention status
    savings: dict[str, tuple[Decimal, Decimal]]  # intention -> (eligible, EU) in the last list
    foreign_operations: tuple[ForeignOperationSpec, ...]
    # The office's rules of which rows are ours: (call number prefix, NUTS 3, why)
    scope_rules: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class WaitingImportSpec:
    """A list in the source's own layout, uploaded on the day of loading and left waiting for
    the mapping of its columns (a custom source with no mapping saved yet)."""

    source: str
    file: Path  # a CSV file of the agglomeration's folder
    as_of: date


@dataclass(frozen=True)
class FulfilmentSpec:
    period_start: date
    period_end: date
    narrative: dict[str, str]


@dataclass(frozen=True)
class ReportsSpec:
    fulfilment: FulfilmentSpec
    operations_as_of: date


@dataclass(frozen=True)
class InterventionFieldSpec:
    programme: str
    objective: str
    code: str


@dataclass(frozen=True)
class ProgrammeTranchesSpec:
    """A programme's EU money in one fund, per year of its period (programme currency)."""

    programme: str
    fund: str
    region_category: str
    tranches: tuple[Decimal, ...]  # the yearly commitment tranches (0: no tranche that year)
    pre_financing: tuple[Decimal, ...]  # pre-financing received per year


@dataclass(frozen=True)
class MonitoringSpec:
    payment_plans: tuple[PaymentPlanSpec, ...]
    progress_reports: tuple[ProgressSpec, ...]
    operations_lists: OperationsListsSpec | None
    reports: ReportsSpec | None
    intervention_fields: tuple[InterventionFieldSpec, ...]
    programme_tranches: tuple[ProgrammeTranchesSpec, ...]
    waiting_import: WaitingImportSpec | None = None


# ---- the whole data set ---------------------------------------------------------------------


@dataclass(frozen=True)
class AgglomerationData:
    """Everything in one agglomeration's folder."""

    agglomeration: AgglomerationSpec
    strategies: tuple[StrategySpec, ...]
    rates: ExchangeRatesSpec
    indicator_codes: tuple[IndicatorCodeSpec, ...]
    calls: CallsSpec
    committee: CommitteeSpec
    change_requests: tuple[ChangeRequestSpec, ...]
    monitoring: MonitoringSpec

    @property
    def slug(self) -> str:
        return self.agglomeration.slug

    def intentions(self) -> dict[str, tuple[CallSpec, IntentionSpec]]:
        """Every intention by its key, with its call."""
        return {i.key: (call, i) for call in self.calls.calls for i in call.intentions}


@dataclass(frozen=True)
class DemoData:
    programmes: tuple[ProgrammeSpec, ...]
    cofinancing: dict[str, Cofinancing]  # by programme code
    checklist: tuple[Text, ...]
    feasibility_study: Text
    agglomerations: tuple[AgglomerationData, ...]

    def of(self, slug: str) -> AgglomerationData:
        return next(a for a in self.agglomerations if a.slug == slug)
