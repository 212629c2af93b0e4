"""Monitoring: managing-authority lists of operations, money and indicator tracking, reports.

Imported operations are matched to project intentions by registration number. Each import that
changes an operation's state or amounts writes a dated OperationSnapshot, so any earlier "as of"
view can be reproduced; re-importing the same file changes nothing.

Each model of an agglomeration names its way to it in `TENANT_PATH` (aglomera.core.tenant).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from aglomera.core.i18n import I18nField
from aglomera.core.money import Currency, money_field
from aglomera.intentions.models import PartOfIntention
from aglomera.strategy.models import Fund


class SourceLayout(models.TextChoices):
    CZ_2014 = "cz_2014", _("Czech list of operations 2014-2020")
    CZ_2021 = "cz_2021", _("Czech list of operations 2021-2027")
    PL = "pl", _("Polish list of projects (cp1250, semicolon)")
    CUSTOM = "custom", _("other list with a saved column mapping")


class OperationSource(models.Model):
    """Where lists come from; a custom source keeps its column mapping for the next import."""

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="operation_sources"
    )
    name = models.CharField(_("name"), max_length=200)
    layout = models.CharField(_("layout"), max_length=20, choices=SourceLayout.choices)
    column_mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=1, blank=True)
    # Each source has its own currency: an Austrian list is in EUR even in a Czech agglomeration.
    # Blank means the agglomeration's currency.
    currency = models.CharField(
        _("currency of the list"), max_length=3, choices=Currency.choices, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agglomeration", "name"], name="operation_source_unique"
            )
        ]
        verbose_name = _("source of operations")
        verbose_name_plural = _("sources of operations")

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Imported")
    FAILED = "failed", _("Refused")


# A generated report runs as a job with the import's statuses, but is generated, not imported.
REPORT_STATUS_LABELS: dict[str, StrOrPromise] = {
    ImportStatus.QUEUED: _("Queued"),
    ImportStatus.RUNNING: _("Generating"),
    ImportStatus.SUCCEEDED: _("Generated"),
    ImportStatus.FAILED: _("Failed"),
}


class LeasedJob(models.Model):
    """A background job (an import, a generated report) that its worker holds by a lease.

    Taking the job to running starts attempt N and a lease of JOB_LEASE_SECONDS; the worker
    renews it while it works (aglomera/monitoring/leases.py). A job whose lease ran out lost its
    worker (the process was killed): it is marked failed with `lease_expired` and may be started
    again. Every write of a worker names its attempt, so a worker that was only slow and comes
    back after that cannot overwrite the newer run.
    """

    STATUS_LABELS: ClassVar[
        Mapping[str, StrOrPromise]
    ] = {}  # a status that reads otherwise for this job

    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempt = models.PositiveIntegerField(_("attempt"), default=0)
    heartbeat_at = models.DateTimeField(_("last sign of its worker"), null=True, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires"), null=True, blank=True)
    lease_expired = models.BooleanField(_("worker stopped"), default=False)

    objects = models.Manager()
    agglomeration_id: int  # each kind of job belongs to an agglomeration
    # "... (lease expired at %(time)s) ..." in each kind of job's words.
    STOPPED_MESSAGE: ClassVar[StrOrPromise]

    class Meta:
        abstract = True

    @property
    def running_attempt(self) -> int | None:
        """The attempt that holds the job now: its attempt while it runs, None otherwise. A
        worker's step names it (the workflow's revision), so that a run which lost the job
        writes nothing."""
        return self.attempt if self.status == ImportStatus.RUNNING else None

    @property
    def lease_message(self) -> str:
        """What the user reads about a job whose worker stopped (in the active language)."""
        expired = self.lease_expires_at
        when = (
            formats.date_format(timezone.localtime(expired), "SHORT_DATETIME_FORMAT")
            if expired
            else ""
        )
        return str(self.STOPPED_MESSAGE) % {"time": when}

    @property
    def status_label(self) -> str:
        """The status as the pages show it: a failed job whose worker stopped says so."""
        if self.lease_expired:
            return str(_("Worker stopped"))
        return str(self.STATUS_LABELS.get(self.status) or self.get_status_display())

    @property
    def failure_message(self) -> str:
        """Why the job failed, for its page: the lease message in the reader's language."""
        return self.lease_message if self.lease_expired else self.error


class ImportJob(LeasedJob):
    """One upload of a list; runs in the background and lands whole or not at all."""

    TENANT_PATH = "agglomeration"

    STOPPED_MESSAGE = _(
        "The background worker stopped while working on this import (lease expired at "
        "%(time)s). Start it again."
    )

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="import_jobs"
    )
    source = models.ForeignKey(OperationSource, on_delete=models.PROTECT, related_name="jobs")
    file_name = models.CharField(_("file"), max_length=255)
    stored_file = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    as_of = models.DateField(_("data as of"))
    dry_run = models.BooleanField(_("dry run"), default=False)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # Why the import refused its file, as a code of aglomera/monitoring/texts.py and its
    # parameters, written in the reader's language when shown (`failure_message`). `error`
    # keeps the sentence of an import from before codes (shown as it is).
    error_code = models.CharField(max_length=80, blank=True)
    error_params = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    # The refused rows: {"row", "column" (the file's header), "field", "code", "params"} each
    # (importing/runner.py: Refusal); `refused_rows` writes them out. A row refused before
    # codes has its sentence under "reason" instead.
    refused = models.JSONField(
        _("refused rows"), default=list, blank=True, encoder=DjangoJSONEncoder
    )
    # Rows inside and outside the agglomeration, with their totals per money basis
    # (importing/scope.py: ScopeSummary.as_dict).
    scope = models.JSONField(_("inside and outside"), default=dict, blank=True)
    outside = models.PositiveIntegerField(_("outside the agglomeration"), default=0)
    removed = models.PositiveIntegerField(_("removed as outside"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["lease_expires_at"],
                condition=Q(status="running"),
                name="import_job_running_lease",
            )
        ]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name  # no status: audit records keep this text

    @property
    def progress_percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def failure_message(self) -> str:
        """Why the import failed, in the reader's language (the sentence an import from before
        codes stored, as it is)."""
        from aglomera.monitoring.texts import import_text

        if self.lease_expired:
            return self.lease_message
        if self.error_code:
            return import_text(self.error_code, self.error_params)
        return self.error

    @property
    def refused_rows(self) -> list[dict[str, Any]]:
        """The refused rows as shown: row, column and reason in the reader's language (and the
        reason's code, blank for a row refused before codes)."""
        from aglomera.monitoring.texts import field_label, row_text

        rows: list[dict[str, Any]] = []
        for refusal in self.refused if isinstance(self.refused, list) else []:
            if not isinstance(refusal, dict):
                continue
            code = str(refusal.get("code") or "")
            field = str(refusal.get("field") or "")
            column = refusal.get("column") or (field_label(field) if field else "")
            reason = (
                row_text(code, refusal.get("params") or {})
                if code or "reason" not in refusal
                else str(refusal["reason"])
            )
            rows.append(
                {"row": refusal.get("row"), "column": column, "reason": reason, "code": code}
            )
        return rows


class Operation(models.Model):
    """An operation from a managing authority's list, linked to an intention when matched."""

    TENANT_PATH = "agglomeration"

    # No index of its own: operation_unique and the state index both start with it, and every
    # index less is less work for an import of 100,000 rows.
    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        on_delete=models.CASCADE,
        related_name="operations",
        db_index=False,
    )
    registration_number = models.CharField(_("registration number"), max_length=80)
    intention = models.ForeignKey(
        "intentions.ProjectIntention",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="operations",
    )
    name = models.CharField(_("name"), max_length=1000)
    beneficiary = models.CharField(_("beneficiary"), max_length=500)
    beneficiary_id = models.CharField(_("beneficiary ID"), max_length=20, blank=True)
    programme_code = models.CharField(_("programme"), max_length=30, blank=True)
    call_number = models.CharField(_("call"), max_length=60, blank=True)
    state_code = models.CharField(_("state code"), max_length=20, blank=True)
    state_name = models.CharField(_("state"), max_length=300, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    # Amounts keep the basis their list states (domain.md section 6, "Money basis"). None is
    # unknown: the list has no such column. It is shown as unknown and never summed as 0.
    total_cost = money_field(_("total cost"), null=True, blank=True)
    eligible_cost = money_field(_("total eligible expenditure"), null=True, blank=True)
    eu_contribution = money_field(_("EU contribution"), null=True, blank=True)
    national_public = money_field(_("national public contribution"), null=True, blank=True)
    paid_eligible = money_field(
        _("claimed in payment applications (total eligible)"), null=True, blank=True
    )
    # The EU share of the claims: the list's EU column, or derived (paid_eu_derived) from the
    # total eligible claims with the operation's co-financing rate (EU / total eligible).
    paid_eu = money_field(_("claimed in payment applications (EU)"), null=True, blank=True)
    paid_eu_derived = models.BooleanField(_("EU share derived"), default=False)
    certified_eu = money_field(_("certified to the Commission (EU)"), null=True, blank=True)
    source = models.ForeignKey(
        OperationSource,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="operations",
    )
    contracted_on = models.DateField(_("legal act signed"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    nuts3 = models.CharField(_("NUTS 3"), max_length=5, blank=True)

    class Meta:
        ordering = ["registration_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agglomeration", "registration_number"], name="operation_unique"
            )
        ]
        indexes = [models.Index(fields=["agglomeration", "state_code"])]
        verbose_name = _("operation")
        verbose_name_plural = _("operations")

    def __str__(self) -> str:
        return self.registration_number

    @property
    def co_financing_rate(self) -> Decimal | None:
        """The EU share of total eligible expenditure (CPR 2021/1060 Art. 112), unknown
        without both amounts."""
        if self.eu_contribution is None or not self.eligible_cost:
            return None
        return Decimal(self.eu_contribution) / Decimal(self.eligible_cost)


class OperationSnapshot(models.Model):
    """The state and amounts of an operation as of a date (written only when they change)."""

    TENANT_PATH = "operation__agglomeration"

    # Indexed by (operation, as_of) below, which also serves lookups by operation alone.
    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="snapshots", db_index=False
    )
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="snapshots")
    as_of = models.DateField(_("as of"))
    state_code = models.CharField(max_length=20, blank=True)
    total_cost = money_field(_("total cost"), null=True)
    eligible_cost = money_field(_("total eligible expenditure"), null=True)
    eu_contribution = money_field(_("EU contribution"), null=True)
    national_public = money_field(_("national public contribution"), null=True)
    paid_eligible = money_field(_("claimed (total eligible)"), null=True)
    paid_eu = money_field(_("claimed (EU)"), null=True)
    paid_eu_derived = models.BooleanField(default=False)
    certified_eu = money_field(_("certified (EU)"), null=True)

    class Meta:
        ordering = ["operation", "as_of", "id"]
        indexes = [models.Index(fields=["operation", "as_of"])]

    def __str__(self) -> str:
        return f"{self.operation_id} @ {self.as_of}"


class ScopeRule(models.Model):
    """A rule that ties operations of a list to the agglomeration (domain.md section 7: a
    national list is not the agglomeration's list).

    An operation of an imported list is the agglomeration's when it is matched to one of its
    intentions (or linked by hand), when its call is one the agglomeration runs or assesses
    (a call's managing-authority call number), or when a rule matches: every condition that is
    filled in must hold (the call number starts with the prefix; the place of realisation is the
    NUTS 3 region). A rule with no condition takes every row of its source: a list the managing
    authority extracted for the agglomeration. The office sees and edits the rules.
    """

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="scope_rules"
    )
    source = models.ForeignKey(
        OperationSource,
        verbose_name=_("only in the list"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scope_rules",
    )
    call_prefix = models.CharField(
        _("call number starts with"),
        max_length=60,
        blank=True,
        help_text=_("E.g. 06_23_ for the ITI calls of IROP; empty for any call."),
    )
    nuts3 = models.CharField(
        _("realised in the NUTS 3 region"),
        max_length=5,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Z]{2}[0-9A-Z]{3}$", _("Enter a NUTS 3 code, e.g. CZ071."))
        ],
    )
    note = models.CharField(_("why"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agglomeration", "id"]
        verbose_name = _("rule of what is ours")
        verbose_name_plural = _("rules of what is ours")

    def __str__(self) -> str:
        return f"{self.call_prefix or '*'} {self.nuts3 or '*'}"


class PaymentKind(models.TextChoices):
    FORECAST = "forecast", _("forecast")
    PAID = "paid", _("paid to the beneficiary")
    CERTIFIED = "certified", _("certified to the Commission")


class Payment(models.Model):
    """A payment (or a forecast one) of an intention, by date."""

    TENANT_PATH = "intention__call__agglomeration"

    intention = models.ForeignKey(
        "intentions.ProjectIntention", on_delete=models.CASCADE, related_name="payments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PaymentKind.choices)
    on = models.DateField(_("date"))
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["intention", "on"]
        indexes = [models.Index(fields=["intention", "kind", "on"])]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.intention_id} {self.kind} {self.on} {self.amount}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class ProgressReport(PartOfIntention):
    """A beneficiary's report of achieved indicator values for a period."""

    TENANT_PATH = "intention__call__agglomeration"

    intention = models.ForeignKey(
        "intentions.ProjectIntention", on_delete=models.CASCADE, related_name="progress_reports"
    )
    period_end = models.DateField(_("period ends"))
    narrative = models.TextField(_("what was achieved"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["intention", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["intention", "period_end"], name="progress_report_unique"
            )
        ]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.intention} {formats.date_format(self.period_end, 'SHORT_DATE_FORMAT')}"


class ProgressValue(models.Model):
    TENANT_PATH = "report__intention__call__agglomeration"

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        "strategy.IndicatorCode", on_delete=models.PROTECT, related_name="+"
    )
    achieved = models.DecimalField(
        _("achieved"), max_digits=18, decimal_places=3, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="progress_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.achieved}"


class GeneratedReportKind(models.TextChoices):
    FULFILMENT = "fulfilment", _("strategy fulfilment report")
    OPERATIONS = "operations", _("list of operations (CPR Art. 49(3))")
    CALLS_CALENDAR = "calls_calendar", _("calls calendar (CPR Art. 49(2))")


class GeneratedReport(LeasedJob):
    """A report generated in the background and kept with its history."""

    STATUS_LABELS = REPORT_STATUS_LABELS

    TENANT_PATH = "agglomeration"

    STOPPED_MESSAGE = _(
        "The background worker stopped while generating this report (lease expired at "
        "%(time)s). Start it again."
    )

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("report"), max_length=20, choices=GeneratedReportKind.choices)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    narrative = models.JSONField(_("narrative"), default=dict, blank=True)
    files = models.JSONField(default=dict, blank=True)  # format -> stored file name
    # Queued by the schedule of the list of operations (ListSchedule), in its owner's name.
    scheduled = models.BooleanField(_("on schedule"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="report_period",
            )
        ]
        indexes = [
            models.Index(
                fields=["lease_expires_at"],
                condition=Q(status="running"),
                name="report_running_lease",
            )
        ]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")

    def __str__(self) -> str:
        day = formats.date_format(timezone.localtime(self.created_at), "SHORT_DATE_FORMAT")
        return f"{self.get_kind_display()} {day}"


class ListSchedule(models.Model):
    """How often the agglomeration's list of operations (CPR 2021/1060 Art. 49(3)) is generated
    by itself: `manage.py regenerate_art49` (cron) queues a new one, in the name of the person
    who set the schedule, once the newest generated list is `interval_days` old. At most 120
    days, which is never more than the four months within which Art. 49(3) requires the list
    to be updated."""

    TENANT_PATH = "agglomeration"
    DEFAULT_DAYS = 30
    MAX_DAYS = 120

    agglomeration = models.OneToOneField(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="list_schedule"
    )
    enabled = models.BooleanField(_("generate by itself"), default=True)
    interval_days = models.PositiveSmallIntegerField(
        _("every (days)"),
        default=DEFAULT_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS)],
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_days__gte=1) & Q(interval_days__lte=120),
                name="list_schedule_interval",
            )
        ]
        verbose_name = _("schedule of the list of operations")
        verbose_name_plural = _("schedules of the list of operations")

    def __str__(self) -> str:
        return f"{self.agglomeration_id}: {self.interval_days}"


class InterventionField(models.Model):
    """A code of CPR 2021/1060 Annex I, Table 1 (dimension 1, intervention field), 001-182.

    Shipped with the product (aglomera/monitoring/data/intervention_fields.csv, loaded by data
    migrations 0003 and 0013): names in Czech, Polish and English, each name's provenance in
    intervention_fields_sources.csv (DATA_SOURCES.md section 5); 031 has none.
    """

    code = models.CharField(
        _("code"),
        max_length=3,
        primary_key=True,
        validators=[RegexValidator(r"^\d{3}$", _("Enter the three-digit code, e.g. 083."))],
    )
    name = I18nField(_("name"), max_length=400, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("intervention field")
        verbose_name_plural = _("intervention fields")

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class InterventionFieldMapping(models.Model):
    """The type of intervention (CPR 2021/1060 Annex I, Table 1 code) that an agglomeration
    publishes for the operations of a programme specific objective in its list of operations
    (Art. 49(3)(n)). Programmes are shared between agglomerations, so the code is per
    agglomeration."""

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        on_delete=models.CASCADE,
        related_name="intervention_field_mappings",
    )
    specific_objective = models.ForeignKey(
        "strategy.SpecificObjective",
        verbose_name=_("programme specific objective"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    code = models.ForeignKey(
        InterventionField,
        verbose_name=_("intervention field"),
        on_delete=models.PROTECT,
        related_name="+",
        db_column="code",
    )

    class Meta:
        ordering = ["specific_objective__programme__code", "specific_objective__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agglomeration", "specific_objective"],
                name="intervention_field_mapping_unique",
            )
        ]
        verbose_name = _("intervention field of a specific objective")
        verbose_name_plural = _("intervention fields of specific objectives")

    def __str__(self) -> str:
        return f"{self.specific_objective_id}: {self.code_id}"


class RegionCategory(models.TextChoices):
    """The category of region a programme's ERDF and ESF+ money is split by in its financial
    table (CPR 2021/1060: less developed, transition, more developed); the Cohesion Fund has
    none."""

    LESS_DEVELOPED = "less_developed", _("less developed regions")
    TRANSITION = "transition", _("transition regions")
    MORE_DEVELOPED = "more_developed", _("more developed regions")
    NONE = "none", _("no category of region (e.g. Cohesion Fund)")


class ProgrammeFinancing(models.Model):
    """The EU money of one programme and fund (in one category of region) as an office keeps
    it: the yearly commitment tranches of the programme's financial table and the
    pre-financing the programme received (`ProgrammeYear`), and the decommitments its managing
    authority reported (`ReportedDecommitment`). Early warning tests the decommitment rule on
    it (aglomera/monitoring/calculations/early_warning.py).

    Per agglomeration, because programmes are shared and each office keeps its own copy. One
    category of region per programme and fund: an agglomeration lies in one NUTS 2 region, so
    its measures draw on one category. `shares_only`: the yearly amounts are shares in percent
    migrated from a commitment profile (the programme's money was never entered), not money.
    """

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        on_delete=models.CASCADE,
        related_name="programme_financing",
    )
    programme = models.ForeignKey(
        "strategy.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    fund = models.CharField(_("fund"), max_length=5, choices=Fund.choices)
    region_category = models.CharField(
        _("category of region"), max_length=20, choices=RegionCategory.choices, blank=True
    )
    shares_only = models.BooleanField(_("yearly shares only (no amounts)"), default=False)

    class Meta:
        ordering = ["programme__code", "fund"]
        constraints = [
            models.UniqueConstraint(
                fields=["agglomeration", "programme", "fund"], name="programme_financing_unique"
            )
        ]
        verbose_name = _("programme financing")
        verbose_name_plural = _("programme financing")

    def __str__(self) -> str:
        return f"{self.programme} {self.fund}"


class ProgrammeYear(models.Model):
    """One year of a programme's financing: the EU commitment tranche of that year (0 when
    the year has none, e.g. the 2021 tranche moved to 2022-2025) and the pre-financing the
    programme received in it, both in the programme currency."""

    TENANT_PATH = "financing__agglomeration"

    financing = models.ForeignKey(
        ProgrammeFinancing, on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    tranche = money_field(
        _("commitment tranche"), default=Decimal(0), validators=[MinValueValidator(Decimal(0))]
    )
    pre_financing = money_field(
        _("pre-financing received"),
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        ordering = ["financing", "year"]
        constraints = [
            models.UniqueConstraint(fields=["financing", "year"], name="programme_year_unique"),
            models.CheckConstraint(
                condition=Q(tranche__gte=0) & Q(pre_financing__gte=0),
                name="programme_year_not_negative",
            ),
        ]
        verbose_name = _("programme year")
        verbose_name_plural = _("programme years")

    def __str__(self) -> str:
        return f"{self.financing_id} {self.year}: {self.tranche} / {self.pre_financing}"


class ReportedDecommitment(models.Model):
    """A decommitment the managing authority reported: EU money of a programme's tranche that
    the Commission decommitted (CPR 2021/1060 Art. 105-107). Only these are ever called lost."""

    TENANT_PATH = "financing__agglomeration"

    financing = models.ForeignKey(
        ProgrammeFinancing, on_delete=models.CASCADE, related_name="decommitments"
    )
    tranche_year = models.PositiveSmallIntegerField(_("tranche of the year"))
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    decided_on = models.DateField(_("decided on"))
    reference = models.CharField(_("reference"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["financing", "tranche_year", "decided_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="decommitment_amount_positive")
        ]
        verbose_name = _("reported decommitment")
        verbose_name_plural = _("reported decommitments")

    def __str__(self) -> str:
        return f"{self.financing} {self.tranche_year}: {self.amount}"


class IntentionStageSpan(models.Model):
    """The monitoring summary (docs/monitoring.md, "Speed: the strategy summary"): the days an
    intention spent in one state of the money funnel, derived from its status history, its
    matched operations (with their snapshots) and its payment records; rebuilt by
    `manage.py rebuild_strategy_summary` and kept current by the writes that change them
    (actions/summary.py). The funnel on a day D is then a grouped sum over the spans covering D
    (calculations/funnel.py). Only stages count: days as a draft, withdrawn or rejected have none.

    The measure, call and requested EU support are read from the intention itself when summed,
    so that editing them needs no rebuild."""

    intention = models.ForeignKey(
        "intentions.ProjectIntention", on_delete=models.CASCADE, related_name="+"
    )
    # The strategy of the intention's call (a call never changes), to read a strategy's spans
    # without joining every intention first
    strategy = models.ForeignKey("strategy.Strategy", on_delete=models.CASCADE, related_name="+")
    valid_from = models.DateField()  # first day, in the agglomeration's time zone
    valid_to = models.DateField(null=True)  # first day after the span; None: still lasts
    # Whether the span lasts past the end of the month it starts in (valid_to after month end)
    reaches_month_end = models.BooleanField()
    status = models.CharField(max_length=40)
    stage = models.CharField(max_length=20)
    # Contracted only: the operations' EU contribution; None: the intention's requested EU support
    contracted_eu = money_field(_("contracted (EU)"), null=True)
    # Contracted only: paid / certified EU money, as the funnel sums it (zero when unknown)
    paid_eu = money_field(_("paid (EU)"), default=Decimal("0"))
    certified_eu = money_field(_("certified (EU)"), default=Decimal("0"))
    # The operations do not know the amount: the intention's own payment records stand in from
    # the day of the first one (`*_records_from`); before it (or without any) it is unknown.
    paid_unknown = models.BooleanField(default=False)
    certified_unknown = models.BooleanField(default=False)
    paid_records_from = models.DateField(null=True)
    certified_records_from = models.DateField(null=True)
    paid_derived = models.BooleanField(default=False)
    # Contracted with a non-zero (or derived) amount: it moves the absorption over time
    moves = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["intention", "valid_from"]),
            models.Index(fields=["strategy", "valid_from"]),
        ]
        verbose_name = _("stage span")
        verbose_name_plural = _("stage spans")

    def __str__(self) -> str:
        return f"{self.intention_id} {self.stage} {self.valid_from}–{self.valid_to or ''}"


class IndicatorAchievedSpan(models.Model):
    """The indicator part of the monitoring summary (docs/monitoring.md, "Speed: the indicator
    summary"): the value a project has achieved in one indicator over a span of days, as the
    indicators count it (calculations/indicators.py): that of its approved progress report with
    the latest period ended by then. Derived from its reports, their values and their status
    history; rebuilt with the rest of the summary (`manage.py rebuild_strategy_summary`) and
    rewritten by every step of a report's workflow (actions/summary.py). Days without an
    approved value have no row.

    `current` rows hold the value by the reports' present status whatever their period (the
    indicators without an as-of date); their days are empty. The measure and the committed
    values are read from the intention when summed, so that editing them needs no rebuild."""

    intention = models.ForeignKey(
        "intentions.ProjectIntention", on_delete=models.CASCADE, related_name="+"
    )
    # the index below serves the strategy's rows
    strategy = models.ForeignKey(
        "strategy.Strategy", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    indicator = models.ForeignKey(
        "strategy.IndicatorCode", on_delete=models.CASCADE, related_name="+"
    )
    current = models.BooleanField(default=False)
    valid_from = models.DateField(null=True)  # first day, in the agglomeration's time zone
    valid_to = models.DateField(null=True)  # first day after the span; None: still lasts
    achieved = models.DecimalField(max_digits=18, decimal_places=3)

    class Meta:
        # a strategy's current rows, or its spans started by a day
        indexes = [models.Index(fields=["strategy", "current", "valid_from"])]
        verbose_name = _("achieved value span")
        verbose_name_plural = _("achieved value spans")

    def __str__(self) -> str:
        days = "now" if self.current else f"{self.valid_from}–{self.valid_to or ''}"
        return f"{self.intention_id} {self.indicator_id} {days}: {self.achieved}"
