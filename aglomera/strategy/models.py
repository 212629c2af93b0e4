"""The strategy backbone: programmes, strategies, their versions and the versioned tree.

Each StrategyVersion owns a complete copy of the tree (goals, specific goals, measures,
integrated solutions, financial plan lines, measure indicators). Approved versions are never
edited; an amendment is a draft version cloned from the current one.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from aglomera.core.i18n import I18nField
from aglomera.core.money import Currency, money_field
from aglomera.core.templatetags.aglomera import quantity


class Period(models.TextChoices):
    P2014 = "2014-2020", "2014–2020"
    P2021 = "2021-2027", "2021–2027"
    P2028 = "2028-2034", "2028–2034"


class Fund(models.TextChoices):
    ERDF = "ERDF", _("European Regional Development Fund (ERDF)")
    CF = "CF", _("Cohesion Fund (CF)")
    ESF_PLUS = "ESF+", _("European Social Fund Plus (ESF+)")
    JTF = "JTF", _("Just Transition Fund (JTF)")


class Programme(models.Model):
    code = models.CharField(_("code"), max_length=30)
    name = I18nField(_("name"), max_length=300)
    period = models.CharField(_("programming period"), max_length=9, choices=Period.choices)
    country = models.CharField(_("country"), max_length=2)
    managing_authority = I18nField(_("managing authority"), max_length=300)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    cci = models.CharField(_("CCI number"), max_length=20, blank=True)

    class Meta:
        ordering = ["period", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "period"], name="programme_unique")]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.code


class SpecificObjective(models.Model):
    """A programme specific objective (e.g. IROP RSO 2.8) or programme action (FEO 2.1)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="specific_objectives"
    )
    code = models.CharField(_("code"), max_length=30)
    name = I18nField(_("name"), max_length=400)
    fund = models.CharField(_("fund"), max_length=5, choices=Fund.choices)

    class Meta:
        ordering = ["programme__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="specific_objective_unique")
        ]
        verbose_name = _("programme specific objective")
        verbose_name_plural = _("programme specific objectives")

    def __str__(self) -> str:
        return f"{self.programme.code} {self.code}"


class Strategy(models.Model):
    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="strategies"
    )
    period = models.CharField(_("programming period"), max_length=9, choices=Period.choices)
    name = I18nField(_("name"), max_length=300)
    current_version = models.ForeignKey(
        "StrategyVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # When the monitoring summary of the strategy (monitoring.IntentionStageSpan) was last rebuilt;
    # None: never, and the money funnel replays the history (monitoring/calculations/funnel.py).
    summary_built_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["agglomeration__slug", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["agglomeration", "period"], name="strategy_unique")
        ]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return str(self.name)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft amendment")
    IN_CONSULTATION = "in_consultation", _("In public consultation")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DISCARDED = "discarded", _("Discarded")


OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_CONSULTATION, VersionStatus.SUBMITTED)


class StrategyVersion(models.Model):
    """One version of a strategy. Drafts are amendments; approved versions are numbered."""

    TENANT_PATH = "strategy__agglomeration"

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    base_version = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("summary of the change"), max_length=300)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by_body = models.CharField(_("approved by"), max_length=300, blank=True)
    approval_reference = models.CharField(_("resolution or reference"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    revision = models.PositiveIntegerField(
        default=0, help_text="Incremented on every edit; guards against lost concurrent edits."
    )

    class Meta:
        ordering = ["strategy", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"],
                condition=Q(number__isnull=False),
                name="version_number_unique",
            ),
            models.UniqueConstraint(
                fields=["strategy"],
                condition=Q(status__in=["draft", "in_consultation", "submitted"]),
                name="one_open_amendment_per_strategy",
            ),
        ]
        verbose_name = _("strategy version")
        verbose_name_plural = _("strategy versions")

    def __str__(self) -> str:
        if self.number:
            return f"{self.strategy} v{self.number}"
        return f"{self.strategy}: {self.title}"

    @property
    def agglomeration_id(self) -> int:
        return self.strategy.agglomeration_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in (VersionStatus.DRAFT, VersionStatus.IN_CONSULTATION)


class VersionedModel(models.Model):
    TENANT_PATH = "version__strategy__agglomeration"

    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    @property
    def agglomeration_id(self) -> int:
        return self.version.strategy.agglomeration_id


class Goal(VersionedModel):
    code = models.CharField(_("code"), max_length=20)
    name = I18nField(_("name"), max_length=300)
    description = I18nField(_("description"), blank=True, textarea=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="goal_code_unique")]
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SpecificGoal(VersionedModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="specific_goals")
    code = models.CharField(_("code"), max_length=20)
    name = I18nField(_("name"), max_length=300)
    description = I18nField(_("description"), blank=True, textarea=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="specific_goal_code_unique")
        ]
        verbose_name = _("specific goal")
        verbose_name_plural = _("specific goals")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Measure(VersionedModel):
    specific_goal = models.ForeignKey(
        SpecificGoal,
        verbose_name=_("specific goal"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    code = models.CharField(_("code"), max_length=20)
    name = I18nField(_("name"), max_length=300)
    description = I18nField(_("description"), blank=True, textarea=True)
    specific_objectives = models.ManyToManyField(
        SpecificObjective, verbose_name=_("programme specific objectives"), blank=True
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="measure_code_unique")
        ]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IntegratedSolution(VersionedModel):
    code = models.CharField(_("code"), max_length=20)
    name = I18nField(_("name"), max_length=300)
    description = I18nField(_("description"), blank=True, textarea=True)
    measures = models.ManyToManyField(Measure, verbose_name=_("measures"), related_name="solutions")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="solution_code_unique")
        ]
        verbose_name = _("integrated solution")
        verbose_name_plural = _("integrated solutions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Source(models.TextChoices):
    EU = "eu", _("EU")
    NATIONAL = "national", _("national")
    OWN = "own", _("own")


class FinancialPlanLine(VersionedModel):
    """Money planned for one measure from one programme specific objective and one source."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="plan_lines")
    specific_objective = models.ForeignKey(
        SpecificObjective,
        verbose_name=_("programme specific objective"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["measure__code", "specific_objective__code", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "specific_objective", "source"], name="plan_line_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="plan_line_amount_not_negative"
            ),
        ]
        verbose_name = _("financial plan line")
        verbose_name_plural = _("financial plan lines")

    def __str__(self) -> str:
        return f"{self.measure.code} / {self.specific_objective} / {self.get_source_display()}"


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("output")
    RESULT = "result", _("result")


class IndicatorCodeSource(models.TextChoices):
    EU = "eu", _("EU common indicator")
    NATIONAL = "national", _("national codebook")


class Direction(models.TextChoices):
    INCREASE = "increase", _("should grow")
    DECREASE = "decrease", _("should fall")


class Aggregation(models.TextChoices):
    """How values of one indicator combine over projects and measures (issue 10, point 12)."""

    SUM = "sum", _("summed")
    # The same thing is counted again by every project (the population of the strategy's
    # territory for RCO74, the one strategy for RCO75): a sum would count it many times.
    MAX = "max", _("largest value")
    # One person may benefit from projects of several measures: neither a sum nor the largest
    # value is the number of persons, so measures are not combined.
    NONE = "none", _("not combined across measures")


class IndicatorCode(models.Model):
    """An entry of a code list: EU common indicators (RCO/RCR) or a national codebook."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("type"), max_length=10, choices=IndicatorKind.choices)
    source = models.CharField(_("code list"), max_length=10, choices=IndicatorCodeSource.choices)
    name = I18nField(_("name"), max_length=400)
    unit = I18nField(_("unit"), max_length=100)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    aggregation = models.CharField(
        _("combined over projects and measures"),
        max_length=4,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator code")
        verbose_name_plural = _("indicator codes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


indicator_value_kwargs = {"max_digits": 18, "decimal_places": 3}


class MeasureIndicator(VersionedModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.ForeignKey(
        IndicatorCode, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    baseline = models.DecimalField(_("baseline"), **indicator_value_kwargs)  # type: ignore[arg-type]
    milestone_2024 = models.DecimalField(
        _("milestone 2024"),
        null=True,
        blank=True,
        **indicator_value_kwargs,  # type: ignore[arg-type]
    )
    target_2029 = models.DecimalField(_("target 2029"), **indicator_value_kwargs)  # type: ignore[arg-type]

    class Meta:
        ordering = ["measure__code", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "indicator"], name="measure_indicator_unique"
            )
        ]
        verbose_name = _("measure indicator")
        verbose_name_plural = _("measure indicators")

    def __str__(self) -> str:
        return f"{self.measure.code} {self.indicator.code}"


class ExchangeRate(models.Model):
    """How many units of a currency make one euro, valid from a date (e.g. the EC monthly rate).

    Each agglomeration keeps its own table, so one office's correction never changes another
    office's EUR figures.
    """

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="exchange_rates"
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    valid_from = models.DateField(_("valid from"))
    units_per_eur = models.DecimalField(
        _("units per 1 EUR"),
        max_digits=12,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["agglomeration", "currency", "valid_from"], name="rate_unique"
            ),
            models.CheckConstraint(condition=Q(units_per_eur__gt=0), name="rate_positive"),
        ]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        # In the reader's formats: the audit log and the pickers name a rate by its str().
        rate = quantity(Decimal(self.units_per_eur))
        day = formats.date_format(self.valid_from, "SHORT_DATE_FORMAT")
        return f"1 EUR = {rate} {self.currency} ({day})"


class OfficeRoleKind(models.TextChoices):
    """What the strategy office does in a programme action (Polish ZIT; Czech ITI selects)."""

    SELECTS = "selects", _("selects projects (own calls or non-competitive list)")
    ASSESSES_CONSISTENCY = (
        "assesses_consistency",
        _("assesses consistency with the strategy in the managing authority's calls"),
    )
    MONITORS = "monitors", _("only monitors")


class OfficeRole(models.Model):
    """The office's role per programme specific objective / action, configured per agglomeration."""

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="office_roles"
    )
    specific_objective = models.ForeignKey(
        SpecificObjective,
        verbose_name=_("programme specific objective or action"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    role = models.CharField(_("role of the office"), max_length=30, choices=OfficeRoleKind.choices)

    class Meta:
        ordering = ["specific_objective__programme__code", "specific_objective__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agglomeration", "specific_objective"], name="office_role_unique"
            )
        ]
        verbose_name = _("role of the office")
        verbose_name_plural = _("roles of the office")

    def __str__(self) -> str:
        return f"{self.specific_objective}: {self.get_role_display()}"
