"""Read the demo data set: `data/shared/` and one folder per agglomeration (YAML and CSV files).

Each file is read through `aglomera.demo.reader`, which refuses a missing, malformed or unknown
key with a message that names the file and the key; references between the files (organisation
and intention keys, call numbers) are checked here. The result is the typed `DemoData` of
`aglomera.demo.specs`. Provenance of every fact: DATA_SOURCES.md.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import OrganisationKind
from aglomera.calls.models import CallMode, CriterionKind
from aglomera.committee.models import DecisionKind, MajorityRule, ProposedDecision
from aglomera.demo.reader import LANGUAGES, DemoDataError, Node, read_yaml
from aglomera.demo.specs import (
    AgglomerationData,
    AgglomerationSpec,
    AmendmentSpec,
    ApprovalSpec,
    BalanceSpec,
    CallSpec,
    CallsSpec,
    ChangeRequestSpec,
    Cofinancing,
    CommitteeSpec,
    CriterionSpec,
    DemoData,
    ExchangeRatesSpec,
    ExtraPersonSpec,
    ForeignOperationSpec,
    FulfilmentSpec,
    GoalSpec,
    IndicatorCodeSpec,
    IndicatorTargetSpec,
    IntentionSpec,
    InterventionFieldSpec,
    ItemSpec,
    MaStateSpec,
    MeasureSpec,
    MeetingSpec,
    MoneySpec,
    MonitoringSpec,
    MoveSpec,
    NextMeetingSpec,
    ObjectiveSpec,
    OfficeRoleSpec,
    OpenVoteSpec,
    OperationsListsSpec,
    OrganisationSpec,
    PaymentPlanSpec,
    PersonSpec,
    ProgrammeSpec,
    ProgrammeTranchesSpec,
    ProgressSpec,
    RateSpec,
    ReportsSpec,
    ReturnSpec,
    ScheduleSpec,
    SolutionSpec,
    SpecificGoalSpec,
    StatuteSpec,
    StrategySpec,
    TargetChangeSpec,
    WaitingImportSpec,
)
from aglomera.intentions.models import ChangeKind, ChangeStatus, IntentionStatus, LandOwnership
from aglomera.intentions.models import Readiness as PermitReadiness
from aglomera.monitoring.models import RegionCategory, ReportStatus
from aglomera.strategy.models import Fund, IndicatorKind, OfficeRoleKind, Period

DATA_DIR = Path(__file__).resolve().parent / "data"
SHARED = "shared"
S = IntentionStatus
# How far an intention's evaluation goes before the committee.
EVALUATION_STAGES = ("draft", "submitted", "returned", "checked", "recommended", "not_recommended")
# Where it goes after the statement: the managing authority's states, or withdrawn.
AFTER_STATEMENT = (
    S.APPLICATION_FILED,
    S.LEGAL_ACT,
    S.IN_IMPLEMENTATION,
    S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED,
    S.SUSTAINABILITY,
    S.WITHDRAWN,
)
BALANCE = "balance"  # the EU amount of the measure that balances a programme's total
# Defaults of a call and of an intention where the file says nothing.
AID_RATE = Decimal("85")
START, END = date(2023, 6, 1), date(2025, 12, 31)
DEFAULT_SCORE = (8, 8)


@cache
def demo_data() -> DemoData:
    """The data set of the repository (read once per process)."""
    return load_data(DATA_DIR)


def load_data(root: Path) -> DemoData:
    shared = read_yaml(root / SHARED / "programmes.yaml")
    programmes = tuple(_programme(node) for node in shared.children("programmes", required=True))
    cofinancing_node = shared.child("cofinancing")
    cofinancing = {}
    for code in cofinancing_node.data_keys():
        shares = cofinancing_node.child(code)
        cofinancing[code] = Cofinancing(shares.fraction("national"), shares.fraction("own"))
        shares.done()
    shared.done()
    calls = read_yaml(root / SHARED / "calls.yaml")
    checklist = tuple(_translated_list(calls, "checklist"))
    feasibility_study = calls.translated("feasibility_study")
    calls.done()
    folders = sorted(p for p in root.iterdir() if p.is_dir() and p.name != SHARED)
    agglomerations = tuple(_agglomeration_data(folder) for folder in folders)
    seen: dict[str, str] = {}
    for folder in agglomerations:
        for key in folder.intentions():
            if key in seen:  # monitoring finds the intentions by key across the data set
                raise DemoDataError(
                    f"{root / folder.slug / 'calls.yaml'}: intention key {key!r} is used by "
                    f"{seen[key]} too"
                )
            seen[key] = folder.slug
    return DemoData(
        programmes=programmes,
        cofinancing=cofinancing,
        checklist=checklist,
        feasibility_study=feasibility_study,
        agglomerations=agglomerations,
    )


def _translated_list(node: Node, key: str) -> list[dict[str, str]]:
    texts = []
    for item in node.children(key, required=True):
        texts.append({language: item.text(language) for language in LANGUAGES})
        item.done()
    return texts


# ---- programmes ----------------------------------------------------------------------------


def _programme(node: Node) -> ProgrammeSpec:
    spec = ProgrammeSpec(
        code=node.text("code"),
        period=node.choice("period", Period.values),
        country=node.text("country"),
        currency=node.text("currency"),
        name=node.translated("name"),
        managing_authority=node.translated("managing_authority"),
        cci=node.text("cci", ""),
        objectives=tuple(_objective(n) for n in node.children("objectives", required=True)),
    )
    node.done()
    return spec


def _objective(node: Node) -> ObjectiveSpec:
    spec = ObjectiveSpec(
        code=node.text("code"),
        fund=node.choice("fund", Fund.values),
        name=node.translated("name"),
    )
    node.done()
    return spec


# ---- one agglomeration ---------------------------------------------------------------------


def _agglomeration_data(folder: Path) -> AgglomerationData:
    agglomeration = _agglomeration(read_yaml(folder / "agglomeration.yaml"), folder)
    zone = agglomeration.zone
    organisations = {
        o.key for o in (*agglomeration.organisations, *agglomeration.extra_organisations)
    }
    calls = _calls(read_yaml(folder / "calls.yaml"), zone, organisations)
    intentions = {i.key for call in calls.calls for i in call.intentions}
    codes = folder / "indicator_codes.yaml"
    changes = folder / "changes.yaml"
    return AgglomerationData(
        agglomeration=agglomeration,
        strategies=_strategies(read_yaml(folder / "strategies.yaml")),
        rates=_rates(read_yaml(folder / "exchange_rates.yaml")),
        indicator_codes=_indicator_codes(read_yaml(codes)) if codes.exists() else (),
        calls=calls,
        committee=_committee(read_yaml(folder / "committee.yaml"), zone, calls),
        change_requests=_changes(read_yaml(changes), intentions) if changes.exists() else (),
        monitoring=_monitoring(read_yaml(folder / "monitoring.yaml"), intentions, folder),
    )


def _agglomeration(node: Node, folder: Path) -> AgglomerationSpec:
    time_zone = node.text("time_zone")
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise node.fail("time_zone", f"unknown time zone {time_zone!r}") from None
    territory = folder / node.text("territory")
    if not territory.is_file():
        raise node.fail("territory", f"no such file: {territory.name}")
    organisations = tuple(_organisation(n) for n in node.children("organisations"))
    extra_organisations = tuple(_organisation(n) for n in node.children("extra_organisations"))
    keys = {o.key for o in (*organisations, *extra_organisations)}
    spec = AgglomerationSpec(
        slug=node.text("slug"),
        name=node.translated("name"),
        country=node.text("country"),
        currency=node.text("currency"),
        time_zone=time_zone,
        language=node.choice("language", LANGUAGES),
        office_name=node.translated("office_name"),
        office_address=node.text("office_address"),
        website=node.text("website"),
        office_email=node.text("office_email", default=""),
        office_phone=node.text("office_phone", default=""),
        territory=territory,
        organisations=organisations,
        people=tuple(_person(n, keys) for n in node.children("people", required=True)),
        extra_organisations=extra_organisations,
        extra_people=tuple(_extra_person(n, keys) for n in node.children("extra_people")),
        office_roles=tuple(_office_role(n) for n in node.children("office_roles")),
    )
    if spec.slug != folder.name:
        raise node.fail("slug", f"the folder is {folder.name!r}, the slug {spec.slug!r}")
    node.done()
    return spec


def _organisation(node: Node) -> OrganisationSpec:
    spec = OrganisationSpec(
        key=node.text("key"),
        name=node.text("name"),
        kind=node.choice("kind", OrganisationKind.values),
        ico=node.text("ico", ""),
        regon=node.text("regon", ""),
        nip=node.text("nip", ""),
        address=node.text("address", ""),
    )
    if not (spec.ico or spec.regon or spec.nip):
        raise node.fail("ico", "an organisation needs an ico, a regon or a nip")
    node.done()
    return spec


def _organisation_key(node: Node, keys: set[str]) -> str:
    key = node.text("organisation", "")
    if key and key not in keys:
        raise node.fail("organisation", f"no organisation has the key {key!r}")
    return key


def _person(node: Node, organisations: set[str]) -> PersonSpec:
    spec = PersonSpec(
        role=node.choice("role", Role.values),
        first_name=node.text("first_name"),
        last_name=node.text("last_name"),
        language=node.choice("language", LANGUAGES),
        organisation=_organisation_key(node, organisations),
    )
    node.done()
    return spec


def _extra_person(node: Node, organisations: set[str]) -> ExtraPersonSpec:
    spec = ExtraPersonSpec(
        suffix=node.text("suffix"),
        role=node.choice("role", Role.values),
        first_name=node.text("first_name"),
        last_name=node.text("last_name"),
        organisation=_organisation_key(node, organisations),
        chair=node.flag("chair"),
    )
    node.done()
    return spec


def _office_role(node: Node) -> OfficeRoleSpec:
    spec = OfficeRoleSpec(
        programme=node.text("programme"),
        objective=node.text("objective"),
        role=node.choice("role", OfficeRoleKind.values),
    )
    node.done()
    return spec


# ---- strategies, rates, national indicator codes -----------------------------------------------


def _strategies(node: Node) -> tuple[StrategySpec, ...]:
    strategies = tuple(_strategy(n) for n in node.children("strategies", required=True))
    node.done()
    return strategies


def _approval(node: Node) -> ApprovalSpec:
    return ApprovalSpec(
        approved_on=node.day("approved_on"),
        approved_by=node.text("approved_by"),
        reference=node.text("reference"),
    )


def _strategy(node: Node) -> StrategySpec:
    balance = node.optional_child("balance")
    spec = StrategySpec(
        period=node.choice("period", Period.values),
        name=node.translated("name"),
        approval=_approval(node),
        consultation=node.flag("consultation"),
        planning_rate=node.optional_amount("planning_rate"),
        balance=_balance(balance) if balance is not None else None,
        goals=tuple(_goal(n) for n in node.children("goals", required=True)),
        solutions=tuple(_solution(n) for n in node.children("solutions")),
        amendments=tuple(_amendment(n) for n in node.children("amendments")),
    )
    balancing = [
        money
        for goal in spec.goals
        for sgoal in goal.specific_goals
        for measure in sgoal.measures
        for money in measure.money
        if money.eu is None
    ]
    if len(balancing) > 1 or (balancing and spec.balance is None):
        raise node.fail("balance", f"one measure may take the balance (found {len(balancing)})")
    node.done()
    return spec


def _balance(node: Node) -> BalanceSpec:
    spec = BalanceSpec(programme=node.text("programme"), eu_total=node.amount("eu_total"))
    node.done()
    return spec


def _goal(node: Node) -> GoalSpec:
    spec = GoalSpec(
        code=node.text("code"),
        name=node.translated("name"),
        specific_goals=tuple(
            _specific_goal(n) for n in node.children("specific_goals", required=True)
        ),
    )
    node.done()
    return spec


def _specific_goal(node: Node) -> SpecificGoalSpec:
    spec = SpecificGoalSpec(
        code=node.text("code"),
        name=node.translated("name"),
        measures=tuple(_measure(n) for n in node.children("measures", required=True)),
    )
    node.done()
    return spec


def _measure(node: Node) -> MeasureSpec:
    spec = MeasureSpec(
        code=node.text("code"),
        name=node.translated("name"),
        money=tuple(_money(n) for n in node.children("money")),
        indicators=tuple(_indicator_target(n) for n in node.children("indicators")),
    )
    node.done()
    return spec


def _money(node: Node) -> MoneySpec:
    spec = MoneySpec(
        programme=node.text("programme"),
        objective=node.text("objective"),
        eu=node.amount_or("eu", BALANCE),
    )
    node.done()
    return spec


def _indicator_target(node: Node) -> IndicatorTargetSpec:
    spec = IndicatorTargetSpec(
        code=node.text("code"),
        baseline=node.amount("baseline"),
        milestone=node.optional_amount("milestone"),
        target=node.amount("target"),
    )
    node.done()
    return spec


def _solution(node: Node) -> SolutionSpec:
    spec = SolutionSpec(
        code=node.text("code"),
        name=node.translated("name"),
        description=node.translated("description"),
        measures=node.texts("measures"),
    )
    node.done()
    return spec


def _amendment(node: Node) -> AmendmentSpec:
    approved = node.has("approved_on")
    spec = AmendmentSpec(
        title=node.text("title"),
        moves=tuple(_move(n) for n in node.children("moves")),
        targets=tuple(_target_change(n) for n in node.children("targets")),
        approval=_approval(node) if approved else None,
    )
    node.done()
    return spec


def _move(node: Node) -> MoveSpec:
    spec = MoveSpec(
        programme=node.text("programme"),
        objective=node.text("objective"),
        from_measure=node.text("from"),
        to_measure=node.text("to"),
        amount=node.amount("amount"),
    )
    node.done()
    return spec


def _target_change(node: Node) -> TargetChangeSpec:
    spec = TargetChangeSpec(
        measure=node.text("measure"),
        indicator=node.text("indicator"),
        target=node.amount("target"),
    )
    node.done()
    return spec


def _rates(node: Node) -> ExchangeRatesSpec:
    rates = []
    for row in node.children("rates", required=True):
        rates.append(RateSpec(row.day("valid_from"), row.amount("units_per_eur")))
        row.done()
    spec = ExchangeRatesSpec(
        currency=node.text("currency"), source=node.text("source"), rates=tuple(rates)
    )
    node.done()
    return spec


def _indicator_codes(node: Node) -> tuple[IndicatorCodeSpec, ...]:
    codes = []
    for row in node.children("indicator_codes", required=True):
        codes.append(
            IndicatorCodeSpec(
                code=row.text("code"),
                kind=row.choice("kind", IndicatorKind.values),
                name=row.translated("name"),
                unit=row.translated("unit"),
                note=row.text("note"),
            )
        )
        row.done()
    node.done()
    return tuple(codes)


# ---- calls and intentions ------------------------------------------------------------------


def _calls(node: Node, zone: ZoneInfo, organisations: set[str]) -> CallsSpec:
    comments = node.child("review_comments")
    review_comments = (comments.text("recommend"), comments.text("not_recommend"))
    comments.done()
    returned = node.optional_child("return")
    return_texts = None
    if returned is not None:
        return_texts = ReturnSpec(returned.text("failed_check"), returned.text("comment"))
        returned.done()
    schedules = []
    for row in node.children("schedules"):
        schedules.append(ScheduleSpec(row.integer("year"), row.day("approved_on")))
        row.done()
    spec = CallsSpec(
        schedules=tuple(schedules),
        criteria=tuple(_criterion(n) for n in node.children("criteria", required=True)),
        review_comments=review_comments,
        return_texts=return_texts,
        calls=tuple(_call(n, zone, organisations) for n in node.children("calls", required=True)),
    )
    keys = [i.key for call in spec.calls for i in call.intentions]
    if len(keys) != len(set(keys)):
        raise node.fail("calls", "two intentions have the same key")
    if return_texts is None and any(
        i.stage == "returned" for call in spec.calls for i in call.intentions
    ):
        raise node.fail("return", "an intention is returned: say what the coordinator writes")
    node.done()
    return spec


def _criterion(node: Node) -> CriterionSpec:
    kind = node.choice("kind", CriterionKind.values)
    scored = kind == CriterionKind.SCORED
    spec = CriterionSpec(
        name=node.translated("name"),
        kind=kind,
        weight=node.amount("weight") if scored else None,
        max_points=node.integer("max_points") if scored else None,
    )
    node.done()
    return spec


def _call(node: Node, zone: ZoneInfo, organisations: set[str]) -> CallSpec:
    relative = node.optional_child("relative")
    window = None
    if relative is not None:
        window = (relative.integer("opens"), relative.integer("closes"))
        relative.done()
    min_eligible = node.optional_amount("min_eligible")
    spec = CallSpec(
        period=node.choice("period", Period.values),
        number=node.text("number"),
        name=node.text("name"),
        measure=node.text("measure"),
        programme=node.text("programme"),
        objective=node.text("objective"),
        allocation=node.amount("allocation"),
        opens=node.optional_moment("opens", zone),
        closes=node.optional_moment("closes", zone),
        relative=window,
        aid_rate=node.optional_amount("aid_rate") or AID_RATE,
        mode=node.choice("mode", CallMode.values, CallMode.OFFICE),
        min_eligible=min_eligible,
        ma_call=node.text("ma_call", ""),
        eligible_applicants=node.text("eligible_applicants", ""),
        feasibility_study=node.flag("feasibility_study"),
        schedule_year=node.integer("schedule_year") if node.has("schedule_year") else None,
        intentions=tuple(_intention(n, zone, organisations) for n in node.children("intentions")),
        planned=node.flag("planned"),
    )
    if (spec.opens is None or spec.closes is None) == (spec.relative is None):
        raise node.fail("opens", "give either opens and closes, or relative")
    if spec.planned and (spec.relative is None or spec.relative[0] <= 0 or spec.intentions):
        raise node.fail(
            "planned", "a planned call opens after the load (relative) and has no intentions"
        )
    node.done()
    return spec


def _intention(node: Node, zone: ZoneInfo, organisations: set[str]) -> IntentionSpec:
    indicators = node.optional_child("indicators")
    values: list[tuple[str, Decimal]] = []
    if indicators is not None:
        values = [(code, indicators.amount(code)) for code in indicators.data_keys()]
        indicators.done()
    score = node.integers("score") if node.has("score") else DEFAULT_SCORE
    if len(score) != 2:
        raise node.fail("score", "give the points on the two scored criteria, e.g. [8, 7]")
    applicant = node.text("applicant")
    if applicant not in organisations:
        raise node.fail("applicant", f"no organisation has the key {applicant!r}")
    after = node.choice("after", [str(s) for s in AFTER_STATEMENT], "") if node.has("after") else ""
    spec = IntentionSpec(
        key=node.text("key"),
        name=node.text("name"),
        applicant=applicant,
        eligible=node.amount("eligible"),
        eu=node.amount("eu"),
        total=node.optional_amount("total"),
        stage=node.choice("stage", EVALUATION_STAGES, "recommended"),
        score=(score[0], score[1]),
        submitted=node.optional_moment("submitted", zone),
        places=node.texts("places", ()),
        start=node.optional_day("start") or START,
        end=node.optional_day("end") or END,
        indicators=tuple(values),
        land=node.choice("land", LandOwnership.values, LandOwnership.OWNED),
        permit=node.choice("permit", PermitReadiness.values, PermitReadiness.OBTAINED),
        after=after,
        registration=node.text("registration", ""),
        withdrawal_reason=node.text("withdrawal_reason", ""),
    )
    if (spec.after == S.WITHDRAWN) != bool(spec.withdrawal_reason):
        raise node.fail("withdrawal_reason", "a withdrawn intention (and only it) says why")
    if spec.after and spec.after != S.WITHDRAWN and not spec.registration:
        raise node.fail("registration", "the managing authority's record needs the number")
    node.done()
    return spec


# ---- the committee and the change requests -----------------------------------------------------


def _committee(node: Node, zone: ZoneInfo, calls: CallsSpec) -> CommitteeSpec:
    numbers = {(c.period, c.number): c for c in calls.calls}
    vote = node.optional_child("open_vote")
    open_vote = None
    if vote is not None:
        open_vote = OpenVoteSpec(
            period=vote.choice("period", Period.values),
            call=vote.text("call"),
            title=vote.text("title"),
            change_title=vote.text("change_title"),
            voters=vote.texts("voters"),
        )
        if (open_vote.period, open_vote.call) not in numbers:
            raise vote.fail("call", f"no call of {open_vote.period} has this number")
        vote.done()
    following = node.optional_child("next_meeting")
    spec = CommitteeSpec(
        name=node.translated("name"),
        meetings=tuple(_meeting(n, zone, numbers) for n in node.children("meetings")),
        open_vote=open_vote,
        statute=_statute(node.optional_child("statute")),
        next_meeting=_next_meeting(following, numbers) if following is not None else None,
    )
    node.done()
    return spec


def _statute(node: Node | None) -> StatuteSpec | None:
    if node is None:
        return None
    majorities: dict[str, str] = {}
    rules = node.optional_child("majorities")
    if rules is not None:
        for kind in rules.data_keys():
            if kind not in DecisionKind.values:
                raise rules.fail(kind, "not a kind of agenda item")
            majorities[kind] = rules.choice(kind, MajorityRule.values)
        rules.done()
    spec = StatuteSpec(
        casting_vote=node.flag("casting_vote"),
        number_rejections=node.flag("number_rejections", default=True),
        early_close=node.flag("early_close"),
        majorities=majorities,
    )
    node.done()
    return spec


def _meeting(node: Node, zone: ZoneInfo, calls: dict[tuple[str, str], CallSpec]) -> MeetingSpec:
    period = node.choice("period", Period.values)
    window_days = node.integer("window_days", 0)
    spec = MeetingSpec(
        period=period,
        number=node.integer("number") if node.has("number") else None,
        starts=node.moment("starts", zone),
        place=node.text("place", ""),
        window_days=window_days,
        items=tuple(_item(n, period, calls) for n in node.children("items", required=True)),
    )
    if not spec.place and not spec.window_days:
        raise node.fail("place", "a meeting in person needs a place (or window_days: per rollam)")
    node.done()
    return spec


def _next_meeting(node: Node, calls: dict[tuple[str, str], CallSpec]) -> NextMeetingSpec:
    period = node.choice("period", Period.values)
    spec = NextMeetingSpec(
        period=period,
        days=node.integer("days"),
        place=node.text("place"),
        items=tuple(_item(n, period, calls) for n in node.children("items", required=True)),
    )
    if spec.days <= 0:
        raise node.fail("days", "the meeting in preparation is after the load (days > 0)")
    node.done()
    return spec


def _item(node: Node, period: str, calls: dict[tuple[str, str], CallSpec]) -> ItemSpec:
    number = node.text("call", "")
    call = calls.get((period, number))
    if number and call is None:
        raise node.fail("call", f"no call of {period} has the number {number!r}")
    decisions_node = node.optional_child("decisions")
    decisions: dict[str, str] = {}
    if decisions_node is not None:
        keys = {i.key for i in call.intentions} if call is not None else set()
        for key in decisions_node.data_keys():
            if key not in keys:
                raise decisions_node.fail(key, "not an intention of the item's call")
            decisions[key] = decisions_node.choice(key, ProposedDecision.values)
        decisions_node.done()
    spec = ItemSpec(
        title=node.text("title"),
        call=number,
        decisions=decisions,
        updated_statements=node.texts("updated_statements", ()),
    )
    node.done()
    return spec


def _changes(node: Node, intentions: set[str]) -> tuple[ChangeRequestSpec, ...]:
    changes = []
    for row in node.children("change_requests", required=True):
        kind = row.choice("kind", [ChangeKind.DATE_MOVE, ChangeKind.LOWER_INDICATOR])
        dated = kind == ChangeKind.DATE_MOVE
        spec = ChangeRequestSpec(
            intention=_intention_key(row, "intention", intentions),
            kind=kind,
            end_date=row.day("end_date") if dated else None,
            indicator="" if dated else row.text("indicator"),
            value="" if dated else str(row.amount("value")),
            justification=row.text("justification"),
            decision=row.choice("decision", [ChangeStatus.APPROVED, ChangeStatus.WITH_COMMITTEE]),
        )
        row.done()
        changes.append(spec)
    node.done()
    return tuple(changes)


def _intention_key(node: Node, key: str, intentions: set[str]) -> str:
    value = node.text(key)
    if value not in intentions:
        raise node.fail(key, f"no intention has the key {value!r}")
    return value


# ---- monitoring ----------------------------------------------------------------------------


def _monitoring(node: Node, intentions: set[str], folder: Path) -> MonitoringSpec:
    lists = node.optional_child("operations_lists")
    reports = node.optional_child("reports")
    waiting = node.optional_child("waiting_import")
    spec = MonitoringSpec(
        payment_plans=tuple(_payment_plan(n, intentions) for n in node.children("payment_plans")),
        progress_reports=tuple(_progress(n, intentions) for n in node.children("progress_reports")),
        operations_lists=_operations_lists(lists, intentions) if lists is not None else None,
        reports=_reports(reports) if reports is not None else None,
        intervention_fields=tuple(
            _intervention_field(n) for n in node.children("intervention_fields")
        ),
        programme_tranches=tuple(
            _programme_tranches(n) for n in node.children("programme_tranches")
        ),
        waiting_import=_waiting_import(waiting, folder) if waiting is not None else None,
    )
    node.done()
    return spec


def _tranches(node: Node, key: str) -> tuple[tuple[date, Decimal], ...]:
    tranches = []
    for row in node.children(key):
        tranches.append((row.day("day"), row.amount("percent")))
        row.done()
    return tuple(tranches)


def _payment_plan(node: Node, intentions: set[str]) -> PaymentPlanSpec:
    spec = PaymentPlanSpec(
        intention=_intention_key(node, "intention", intentions),
        paid=_tranches(node, "paid"),
        forecast=_tranches(node, "forecast"),
        certified_after_days=node.integer("certified_after_days", 100),
    )
    node.done()
    return spec


def _progress(node: Node, intentions: set[str]) -> ProgressSpec:
    values_node = node.child("values")
    values = tuple((code, values_node.amount(code)) for code in values_node.data_keys())
    values_node.done()
    outcome = node.choice(
        "outcome", [ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.RETURNED]
    )
    spec = ProgressSpec(
        intention=_intention_key(node, "intention", intentions),
        period_end=node.day("period_end"),
        values=values,
        narrative=node.text("narrative"),
        outcome=outcome,
        reason=node.text("reason") if outcome == ReportStatus.RETURNED else "",
    )
    node.done()
    return spec


def _operations_lists(node: Node, intentions: set[str]) -> OperationsListsSpec:
    states_node = node.child("states")
    states = {}
    for status in states_node.data_keys():
        if status not in S.values:
            raise states_node.fail(status, "not a status of an intention")
        state = states_node.child(status)
        states[status] = MaStateSpec(state.text("code"), state.text("name"))
        state.done()
    states_node.done()
    savings_node = node.child("savings")
    savings = {}
    for key in savings_node.data_keys():
        row = savings_node.child(key)
        if key not in intentions:
            raise savings_node.fail(key, f"no intention has the key {key!r}")
        savings[key] = (row.amount("eligible"), row.amount("eu"))
        row.done()
    savings_node.done()
    as_of = node.days("as_of")
    keys = node.texts("intentions")
    for index, key in enumerate(keys):
        if key not in intentions:
            raise node.fail(f"intentions[{index}]", f"no intention has the key {key!r}")
    spec = OperationsListsSpec(
        source=node.text("source"),
        as_of=as_of,
        intentions=keys,
        states=states,
        savings=savings,
        foreign_operations=tuple(
            _foreign_operation(n, states, as_of) for n in node.children("foreign_operations")
        ),
        scope_rules=tuple(_scope_rule(n) for n in node.children("scope_rules")),
    )
    node.done()
    return spec


def _scope_rule(node: Node) -> tuple[str, str, str]:
    rule = (node.text("call_prefix", ""), node.text("nuts3", ""), node.text("note"))
    node.done()
    return rule


def _foreign_operation(
    node: Node, states: dict[str, MaStateSpec], as_of: tuple[date, ...]
) -> ForeignOperationSpec:
    state = node.choice("state", states)
    first_list = node.optional_day("first_list") or as_of[0]
    if first_list not in as_of:
        raise node.fail("first_list", "not the date of one of the lists (as_of)")
    spec = ForeignOperationSpec(
        number=node.text("number"),
        name=node.text("name"),
        beneficiary=node.text("beneficiary"),
        ico=node.text("ico"),
        state=states[state],
        eligible=node.amount("eligible"),
        eu=node.amount("eu"),
        paid=node.amount("paid"),
        signed=node.day("signed"),
        start=node.day("start"),
        end=node.day("end"),
        first_list=first_list,
        nuts3=node.text("nuts3", "CZ071"),
        nuts3_name=node.text("nuts3_name", "Olomoucký kraj"),
    )
    node.done()
    return spec


def _waiting_import(node: Node, folder: Path) -> WaitingImportSpec:
    name = node.text("file")
    spec = WaitingImportSpec(
        source=node.text("source"), file=folder / name, as_of=node.day("as_of")
    )
    if spec.file.suffix != ".csv" or not spec.file.is_file():
        raise node.fail("file", f"no such CSV file: {name}")
    node.done()
    return spec


def _reports(node: Node) -> ReportsSpec:
    fulfilment = node.child("fulfilment")
    narrative_node = fulfilment.child("narrative")
    narrative = {key: narrative_node.text(key) for key in narrative_node.data_keys()}
    narrative_node.done()
    spec = ReportsSpec(
        fulfilment=FulfilmentSpec(
            period_start=fulfilment.day("period_start"),
            period_end=fulfilment.day("period_end"),
            narrative=narrative,
        ),
        operations_as_of=node.day("operations_as_of"),
    )
    fulfilment.done()
    node.done()
    return spec


def _intervention_field(node: Node) -> InterventionFieldSpec:
    spec = InterventionFieldSpec(
        programme=node.text("programme"),
        objective=node.text("objective"),
        code=node.text("code"),
    )
    node.done()
    return spec


def _programme_tranches(node: Node) -> ProgrammeTranchesSpec:
    spec = ProgrammeTranchesSpec(
        programme=node.text("programme"),
        fund=node.choice("fund", Fund.values),
        region_category=node.choice("region_category", RegionCategory.values),
        tranches=node.amounts("tranches"),
        pre_financing=node.amounts("pre_financing"),
    )
    if len(spec.tranches) != 7 or len(spec.pre_financing) != 7:
        raise node.fail("tranches", "give the seven years 2021-2027 of tranches and pre-financing")
    node.done()
    return spec
