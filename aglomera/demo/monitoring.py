"""Load the demo monitoring: payments, forecasts, progress reports, two imported lists of
operations and two generated reports (Olomouc; payments and progress also in Opole).

Runs after `aglomera.demo.pipeline`, inside the loader's transaction and its quiet e-mail
settings. Everything goes through the actions and workflows of aglomera.monitoring, each step of
a progress report with `now=` its historical moment (written some weeks after the period,
decided a month later), except one thing the product has no action for, demo-only and documented
in DATA_SOURCES.md: **paid and certified payments** are written as Payment rows (the product only
enters forecasts; paid and certified amounts come from the managing authority).

Idempotent: payments, forecasts, progress reports, imports, types of intervention, programme
tranches and reports that exist are left alone.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
from django.contrib.auth import get_user_model
from django.core.files import File
from django.utils import timezone

from aglomera.accounts.models import Membership, Role
from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call
from aglomera.core.models import StatusChange
from aglomera.demo import timeline
from aglomera.demo.pipeline import Counter
from aglomera.demo.specs import (
    AgglomerationData,
    DemoData,
    ForeignOperationSpec,
    OperationsListsSpec,
)
from aglomera.intentions import transitions as intention_transitions
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.monitoring.actions import (
    commitments,
    imports,
    intervention,
    payments,
    progress,
    reports,
)
from aglomera.monitoring.actions import scope as scope_actions
from aglomera.monitoring.calculations.early_warning import PERIOD_YEARS
from aglomera.monitoring.models import (
    GeneratedReport,
    GeneratedReportKind,
    ImportJob,
    ImportStatus,
    InterventionFieldMapping,
    Operation,
    OperationSnapshot,
    Payment,
    PaymentKind,
    ProgrammeFinancing,
    ProgrammeYear,
    ProgressReport,
    ReportStatus,
    ScopeRule,
    SourceLayout,
)
from aglomera.monitoring.report_tasks import generate_report
from aglomera.monitoring.transitions import PROGRESS_REPORT
from aglomera.strategy.models import IndicatorCode, Period, Programme, SpecificObjective

S = IntentionStatus
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
COUNTED: tuple[tuple[str, Any], ...] = (
    ("payments", Payment),
    ("operations", Operation),
    ("operation snapshots", OperationSnapshot),
    ("imports", ImportJob),
    ("progress reports", ProgressReport),
    ("generated reports", GeneratedReport),
    ("types of intervention", InterventionFieldMapping),
    ("programme years", ProgrammeYear),
)


# ---- the demo intentions by key --------------------------------------------------------------


def demo_intentions(data: DemoData) -> dict[str, ProjectIntention]:
    """The pipeline's intentions by their key in the data files (matched by call and name)."""
    found: dict[str, ProjectIntention] = {}
    for folder in data.agglomerations:
        language = folder.agglomeration.language
        calls = {
            (c.strategy.period, c.number): c
            for c in Call.objects.filter(agglomeration__slug=folder.slug).select_related("strategy")
        }
        for spec in folder.calls.calls:
            call = calls.get((spec.period, spec.number))
            if call is None or not spec.intentions:
                continue
            by_name = {
                str(i.name.get(language)): i
                for i in ProjectIntention.objects.filter(call=call).select_related(
                    "call__specific_objective__programme", "applicant"
                )
            }
            for intention_spec in spec.intentions:
                if intention_spec.name in by_name:
                    found[intention_spec.key] = by_name[intention_spec.name]
    return found


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def _applicant(intention: ProjectIntention) -> Any:
    membership = (
        Membership.objects.filter(
            agglomeration_id=intention.call.agglomeration_id,
            role=Role.APPLICANT,
            organisation_id=intention.applicant_id,
        )
        .order_by("user__username")
        .first()
    )
    assert membership is not None, intention  # noqa: S101 - data invariant
    return get_user_model().objects.get(pk=membership.user_id)  # fresh: no cached roles


def _share(amount: Decimal, percent: Decimal) -> Decimal:
    return (amount * percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


# ---- payments and forecasts ------------------------------------------------------------------


def load_payments(
    folder: AgglomerationData, intentions: dict[str, ProjectIntention], today: date
) -> None:
    for plan in folder.monitoring.payment_plans:
        intention = intentions.get(plan.intention)
        if intention is None:
            continue
        support = intention.requested_eu
        done = Payment.objects.filter(intention=intention)
        if not done.filter(kind__in=[PaymentKind.PAID, PaymentKind.CERTIFIED]).exists():
            rows = []
            for day, percent in plan.paid:
                amount = _share(support, percent)
                certified_on = day + timedelta(days=plan.certified_after_days)
                if day <= today:
                    rows.append(
                        Payment(intention=intention, kind=PaymentKind.PAID, on=day, amount=amount)
                    )
                if certified_on <= today:
                    rows.append(
                        Payment(
                            intention=intention,
                            kind=PaymentKind.CERTIFIED,
                            on=certified_on,
                            amount=amount,
                        )
                    )
            Payment.objects.bulk_create(rows)
        future = [(day, _share(support, p)) for day, p in plan.forecast if day > today]
        if (
            future
            and intention.status in payments.FORECASTABLE
            and not done.filter(kind=PaymentKind.FORECAST).exists()
        ):
            coordinator = _user(f"{intention.call.agglomeration.slug}-coordinator")
            payments.set_payment_forecast(intention, future, actor=coordinator)


# ---- progress reports ------------------------------------------------------------------------


def _at(day: date, zone: ZoneInfo, ceiling: datetime) -> datetime:
    return min(datetime.combine(day, time(10), zone), ceiling)


def load_progress(
    folder: AgglomerationData,
    intentions: dict[str, ProjectIntention],
    today: date,
    ceiling: datetime,
) -> None:
    codes = dict(IndicatorCode.objects.values_list("code", "pk"))
    for spec in folder.monitoring.progress_reports:
        intention = intentions.get(spec.intention)
        if intention is None or spec.period_end > today:
            continue
        if intention.status not in progress.REPORTABLE:
            continue
        if ProgressReport.objects.filter(intention=intention, period_end=spec.period_end).exists():
            continue
        committed = set(
            IntentionIndicator.objects.filter(intention=intention).values_list(
                "indicator_id", flat=True
            )
        )
        values = {codes[code]: v for code, v in spec.values if codes[code] in committed}
        applicant = _applicant(intention)
        coordinator = _user(f"{intention.call.agglomeration.slug}-coordinator")
        created = progress.create_progress_report(
            intention,
            period_end=spec.period_end,
            narrative=spec.narrative,
            values=values,
            actor=applicant,
            today=today,
        )
        # Submitted some weeks after the period, decided a month later: the steps are taken
        # through the workflow at those moments (move_progress_report has no `now`; it only
        # checks the permission and the reason, which the workflow and the data file check).
        zone = folder.agglomeration.zone
        PROGRESS_REPORT.step(
            created,
            ReportStatus.SUBMITTED,
            actor=applicant,
            now=_at(spec.period_end + timedelta(days=20), zone, ceiling),
        )
        if spec.outcome in (ReportStatus.APPROVED, ReportStatus.RETURNED):
            PROGRESS_REPORT.step(
                created,
                spec.outcome,
                actor=coordinator,
                reason=spec.reason,
                now=_at(spec.period_end + timedelta(days=45), zone, ceiling),
            )


# ---- imported lists of operations ------------------------------------------------------------

HEADER = (
    "Číslo programu",
    "Registrační číslo projektu",
    "Název projektu",
    "Příjemce - název",
    "IČ příjemce",
    "Číslo výzvy",
    "Kód stavu",
    "Název stavu",
    "Místo realizace Kód NUTS 3",
    "Místo realizace Název NUTS 3",
    "Finanční prostředky v právních aktech celkové způsobilé výdaje CZK",
    "Finanční prostředky v právních aktech příspěvek Unie CZK",
    "Finanční prostředky vyúčtované v žádostech o platbu celkové způsobilé výdaje CZK",
    "Datum podepsání právního aktu",
    "Skutečné datum zahájení fyzické realizace projektu",
    "Předpokládané datum ukončení fyzické realizace projektu",
    "Celkové náklady na operaci (CZK)",
)
HEADER_EN = (
    "Programme number",
    "Project registration number",
    "Project name",
    "Beneficiary - name",
    "Beneficiary ID",
    "Call number",
    "State code",
    "State name",
    "Place of implementation NUTS 3 code",
    "Place of implementation NUTS 3 name",
    "Legal acts: total eligible expenditure CZK",
    "Legal acts: Union contribution CZK",
    "Claimed in payment requests: total eligible expenditure CZK",
    "Date of signature of the legal act",
    "Actual start date of physical implementation",
    "Expected end date of physical implementation",
    "Total cost of the operation (CZK)",
)


def _step_day(intention: ProjectIntention, status: str) -> date | None:
    row = (
        StatusChange.objects.filter(
            workflow=intention_transitions.WORKFLOW, object_id=intention.pk, new_status=status
        )
        .order_by("created_at")
        .first()
    )
    if row is None:
        return None
    zone = ZoneInfo(intention.call.agglomeration.time_zone)
    return timezone.localtime(row.created_at, zone).date()


def _call_number(registration: str) -> str:
    """CZ.06.04.06/00/22_031/0000417 -> 06_22_031 (the call part of the number)."""
    programme = registration.split(".")[1]
    return f"{programme}_{registration.split('/')[2]}"


def _operation_row(
    lists: OperationsListsSpec, intention: ProjectIntention, as_of: date, key: str
) -> list[Any]:
    eligible, eu = intention.eligible_cost, intention.requested_eu
    paid_eu = sum(
        Payment.objects.filter(
            intention=intention, kind=PaymentKind.PAID, on__lte=as_of
        ).values_list("amount", flat=True),
        Decimal(0),
    )
    # The list states claimed TOTAL eligible expenditure: the EU paid share grossed up.
    claimed = (paid_eu * eligible / eu).quantize(CENT, rounding=ROUND_HALF_UP) if eu else Decimal(0)
    if key in lists.savings and as_of >= lists.as_of[-1]:
        eligible, eu = lists.savings[key]
    state = lists.states[str(intention.status)]
    number = intention.registration_number
    return [
        "06",
        number,
        str(intention.name),
        intention.applicant.name,
        intention.applicant.ico,
        _call_number(number),
        state.code,
        state.name,
        "CZ071",
        "Olomoucký kraj",
        f"{eligible:.2f}",
        f"{eu:.2f}",
        f"{claimed:.2f}".replace(".", ","),  # decimal comma, as real files have
        _step_day(intention, S.LEGAL_ACT),
        _step_day(intention, S.IN_IMPLEMENTATION),
        intention.end_date,
        f"{max(intention.total_cost, eligible):.2f}",
    ]


def _foreign_row(operation: ForeignOperationSpec) -> list[Any]:
    return [
        "06",
        operation.number,
        operation.name,
        operation.beneficiary,
        operation.ico,
        _call_number(operation.number),
        operation.state.code,
        operation.state.name,
        operation.nuts3,
        operation.nuts3_name,
        f"{operation.eligible:.2f}",
        f"{operation.eu:.2f}",
        f"{operation.paid:.2f}",
        operation.signed,
        operation.start,
        operation.end,
        f"{operation.eligible:.2f}",  # the demo's foreign operations have no ineligible costs
    ]


def _write_list(path: Path, as_of: date, rows: list[list[Any]]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "Seznam operací"
    sheet.append(["Seznam operací / List of operations 2021-2027 – IROP, Olomoucký kraj"])
    sheet.append([f"Stav k / As of: {as_of.day}. {as_of.month}. {as_of.year}"])
    sheet.append([])
    sheet.append(list(HEADER))
    sheet.append(list(HEADER_EN))
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def load_imports(folder: AgglomerationData, intentions: dict[str, ProjectIntention]) -> None:
    """The managing authority's lists, as of their dates, through the real importer."""
    lists = folder.monitoring.operations_lists
    if lists is None:
        return
    agglomeration = Agglomeration.objects.get(slug=folder.slug)
    manager = _user(f"{agglomeration.slug}-manager")
    if not ScopeRule.objects.filter(agglomeration=agglomeration).exists():
        for call_prefix, nuts3, note in lists.scope_rules:
            scope_actions.add_scope_rule(
                agglomeration, call_prefix=call_prefix, nuts3=nuts3, note=note, actor=manager
            )
    imported = [intentions[k] for k in lists.intentions if k in intentions]
    imported = [i for i in imported if i.registration_number and str(i.status) in lists.states]
    with tempfile.TemporaryDirectory(prefix="aglomera-demo-") as temporary:
        for as_of in lists.as_of:
            if ImportJob.objects.filter(
                agglomeration=agglomeration, source__name=lists.source, as_of=as_of
            ).exists():
                continue
            rows = [_operation_row(lists, i, as_of, _key(intentions, i)) for i in imported]
            rows += [_foreign_row(o) for o in lists.foreign_operations if o.first_list <= as_of]
            name = f"seznam-operaci-IROP-{as_of.isoformat()}.xlsx"
            path = Path(temporary) / name
            _write_list(path, as_of, rows)
            with path.open("rb") as handle:
                job = imports.start_import(
                    agglomeration,
                    File(handle, name=name),
                    file_name=name,
                    source_name=lists.source,
                    layout=SourceLayout.CZ_2021,
                    as_of=as_of,
                    enqueue=False,
                    actor=manager,
                )
            job = imports.run_import(job, actor=manager)
            if job.status != ImportStatus.SUCCEEDED:
                raise RuntimeError(f"Demo import refused: {job.failure_message} {job.refused_rows}")


def load_waiting_import(folder: AgglomerationData) -> None:
    """A list in its source's own layout, uploaded and not imported yet: the source has no
    column mapping, so the job waits for the manager to map the file's columns (once)."""
    spec = folder.monitoring.waiting_import
    if spec is None:
        return
    agglomeration = Agglomeration.objects.get(slug=folder.slug)
    if ImportJob.objects.filter(agglomeration=agglomeration, source__name=spec.source).exists():
        return
    with spec.file.open("rb") as handle:
        imports.start_import(
            agglomeration,
            File(handle, name=spec.file.name),
            file_name=spec.file.name,
            source_name=spec.source,
            layout=SourceLayout.CUSTOM,
            as_of=spec.as_of,
            encoding="utf-8-sig",
            delimiter=";",
            enqueue=False,
            actor=_user(f"{agglomeration.slug}-manager"),
        )


def _key(intentions: dict[str, ProjectIntention], intention: ProjectIntention) -> str:
    return next(k for k, i in intentions.items() if i.pk == intention.pk)


# ---- types of intervention -------------------------------------------------------------------


def load_intervention_fields(data: DemoData) -> None:
    """Each manager sets the CPR Annex I code of the objectives of the 2021-2027 strategy, so
    that the Art. 49(3) list carries it; a code already set (by a user, too) is left alone."""
    for folder in data.agglomerations:
        agglomeration = Agglomeration.objects.get(slug=folder.slug)
        manager = _user(f"{folder.slug}-manager")
        done = set(
            InterventionFieldMapping.objects.filter(agglomeration=agglomeration).values_list(
                "specific_objective_id", flat=True
            )
        )
        for field in folder.monitoring.intervention_fields:
            objective = SpecificObjective.objects.select_related("programme").get(
                programme__code=field.programme,
                programme__period=Period.P2021,
                code=field.objective,
            )
            if objective.pk not in done:
                intervention.set_intervention_field(
                    agglomeration, specific_objective=objective, code=field.code, actor=manager
                )


# ---- programme tranches ----------------------------------------------------------------------


def load_programme_tranches(data: DemoData) -> None:
    """Each manager enters the yearly EU tranches and the pre-financing received of the
    programmes of the 2021-2027 strategy that the data file gives, so that early warning tests
    them; data entered in money (by a user, too) are left alone, yearly shares migrated from a
    commitment profile are replaced."""
    years = PERIOD_YEARS[Period.P2021]
    for folder in data.agglomerations:
        agglomeration = Agglomeration.objects.get(slug=folder.slug)
        manager = _user(f"{folder.slug}-manager")
        done = set(
            ProgrammeFinancing.objects.filter(
                agglomeration=agglomeration, shares_only=False
            ).values_list("programme__code", "fund")
        )
        for spec in folder.monitoring.programme_tranches:
            if (spec.programme, spec.fund) in done:
                continue
            commitments.set_programme_financing(
                agglomeration,
                programme=Programme.objects.get(code=spec.programme, period=Period.P2021),
                fund=spec.fund,
                region_category=spec.region_category,
                tranches=dict(zip(years, spec.tranches, strict=True)),
                pre_financing=dict(zip(years, spec.pre_financing, strict=True)),
                actor=manager,
            )


# ---- generated reports -----------------------------------------------------------------------


def load_reports(folder: AgglomerationData) -> None:
    """A fulfilment report and the Art. 49 list, generated at once (not only on commit)."""
    spec = folder.monitoring.reports
    if spec is None:
        return
    agglomeration = Agglomeration.objects.get(slug=folder.slug)
    manager = _user(f"{agglomeration.slug}-manager")
    wanted: list[dict[str, Any]] = [
        {
            "kind": GeneratedReportKind.FULFILMENT,
            "period_start": spec.fulfilment.period_start,
            "period_end": spec.fulfilment.period_end,
            "narrative": spec.fulfilment.narrative,
        },
        {"kind": GeneratedReportKind.OPERATIONS, "period_end": spec.operations_as_of},
    ]
    for request in wanted:
        if GeneratedReport.objects.filter(
            agglomeration=agglomeration, kind=request["kind"]
        ).exists():
            continue
        queued = reports.request_report(agglomeration, actor=manager, **request)
        generate_report.call(queued.pk)  # the task queued on commit then finds it done


# ---- entry point -----------------------------------------------------------------------------


def _today(folder: AgglomerationData, now: datetime) -> date:
    return timezone.localtime(now, folder.agglomeration.zone).date()


def load_monitoring(data: DemoData, report: Counter, now: datetime | None = None) -> None:
    """Add payments, progress, imports, the types of intervention, the programme tranches and
    reports to the pipeline's intentions."""
    now = now or timezone.now()
    before = {label: model.objects.count() for label, model in COUNTED}
    ceiling = timeline.ceiling(now)
    intentions = demo_intentions(data)
    for folder in data.agglomerations:
        load_payments(folder, intentions, _today(folder, now))
    for folder in data.agglomerations:
        load_progress(folder, intentions, _today(folder, now), ceiling)
    for folder in data.agglomerations:
        load_imports(folder, intentions)
        load_waiting_import(folder)
    load_intervention_fields(data)
    load_programme_tranches(data)
    for folder in data.agglomerations:
        load_reports(folder)
    for label, model in COUNTED:
        report.count(label, model.objects.count() - before[label])


def totals_line() -> str:
    """One line with what monitoring holds now (printed by `load_demo` on every run)."""
    matched = Operation.objects.exclude(intention=None).count()
    unmatched = Operation.objects.filter(intention=None).count()
    waiting = ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).count()
    done = GeneratedReport.objects.filter(status=ImportStatus.SUCCEEDED).count()
    return (
        f"Monitoring: {Payment.objects.count()} payments and forecasts, "
        f"{matched} matched and {unmatched} unmatched operations, "
        f"{ProgressReport.objects.count()} progress reports ({waiting} waiting), "
        f"{done} generated reports."
    )
