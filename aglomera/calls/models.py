"""Calls of the strategy office (výzva nositele ITI / nabór) and their yearly schedule.

Each model names its way to the agglomeration in `TENANT_PATH` (aglomera.core.tenant).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aglomera.core.i18n import I18nField
from aglomera.core.money import money_field


class CallSchedule(models.Model):
    """The yearly plan of calls (harmonogram výzev), approved by the steering committee."""

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="call_schedules"
    )
    year = models.PositiveIntegerField(_("year"))
    note = I18nField(_("note"), blank=True, textarea=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta:
        ordering = ["agglomeration", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agglomeration", "year"], name="call_schedule_unique")
        ]
        verbose_name = _("call schedule")
        verbose_name_plural = _("call schedules")

    def __str__(self) -> str:
        return f"{self.year}"


class CallStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ANNOUNCED = "announced", _("Announced")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class CallMode(models.TextChoices):
    """Who selects: the office's own call (CZ) or a managing-authority call for the sub-region (PL)."""

    OFFICE = "office", _("call of the strategy office")
    MANAGING_AUTHORITY = "managing_authority", _("call of the managing authority for the territory")
    NON_COMPETITIVE = "non_competitive", _("non-competitive projects listed in the strategy")


class Call(models.Model):
    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="calls"
    )
    strategy = models.ForeignKey(
        "strategy.Strategy",
        verbose_name=_("strategy"),
        on_delete=models.PROTECT,
        related_name="calls",
    )
    schedule = models.ForeignKey(
        CallSchedule,
        verbose_name=_("call schedule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    number = models.CharField(_("call number"), max_length=30)
    name = I18nField(_("name"), max_length=300)
    mode = models.CharField(
        _("mode"), max_length=20, choices=CallMode.choices, default=CallMode.OFFICE
    )
    measure_code = models.CharField(
        _("measure"), max_length=20, help_text=_("Code of the strategy measure, e.g. 2.1.1")
    )
    specific_objective = models.ForeignKey(
        "strategy.SpecificObjective",
        verbose_name=_("programme specific objective"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    allocation = money_field(_("allocation"), validators=[MinValueValidator(Decimal("0"))])
    opens_at = models.DateTimeField(_("open from"))
    closes_at = models.DateTimeField(_("deadline"))
    eligible_applicants = I18nField(_("eligible applicants"), blank=True, textarea=True)
    supported_activities = I18nField(_("supported activities"), blank=True, textarea=True)
    min_eligible_cost = money_field(_("minimum eligible cost"), null=True, blank=True)
    max_eligible_cost = money_field(_("maximum eligible cost"), null=True, blank=True)
    aid_rate = models.DecimalField(
        _("aid rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    territory = models.ManyToManyField(
        "agglomerations.Municipality", verbose_name=_("territory"), blank=True, related_name="+"
    )
    managing_authority_call = models.CharField(
        _("linked managing-authority call"), max_length=100, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agglomeration", "-opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="call_number_unique"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_window"
            ),
            models.CheckConstraint(
                condition=Q(allocation__gte=0), name="call_allocation_not_negative"
            ),
        ]
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def is_open_at(self, moment: datetime) -> bool:
        return self.status == CallStatus.ANNOUNCED and self.opens_at <= moment < self.closes_at

    @property
    def currency(self) -> str:
        return self.specific_objective.programme.currency


class CallModificationKind(models.TextChoices):
    ALLOCATION = "allocation", _("allocation changed")
    DEADLINE = "deadline", _("deadline changed")
    OTHER = "other", _("other change")


class CallModification(models.Model):
    """A change of an announced call (top-up, extension), kept and shown as its history."""

    TENANT_PATH = "call__agglomeration"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="modifications")
    kind = models.CharField(_("change"), max_length=20, choices=CallModificationKind.choices)
    before = models.JSONField(_("before"), encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("call modification")
        verbose_name_plural = _("call modifications")

    def __str__(self) -> str:
        return f"{self.call.number}: {self.get_kind_display()}"


class CriterionKind(models.TextChoices):
    GATE = "gate", _("yes/no gate")
    SCORED = "scored", _("scored")


class Criterion(models.Model):
    TENANT_PATH = "call__agglomeration"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveIntegerField(_("order"), default=0)
    name = I18nField(_("criterion"), max_length=400)
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_points = models.PositiveIntegerField(_("maximum points"), default=0)

    class Meta:
        ordering = ["call", "order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return str(self.name)


class FormalCheckItem(models.Model):
    """One line of the call's formal checklist (e.g. 'the budget is attached')."""

    TENANT_PATH = "call__agglomeration"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="checklist")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = I18nField(_("check"), max_length=400)

    class Meta:
        ordering = ["call", "order", "id"]
        verbose_name = _("formal check item")
        verbose_name_plural = _("formal check items")

    def __str__(self) -> str:
        return str(self.text)


class AttachmentKind(models.Model):
    """An attachment a call asks for; mandatory ones must be present before submission."""

    TENANT_PATH = "call__agglomeration"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="attachment_kinds")
    name = I18nField(_("attachment"), max_length=200)
    mandatory = models.BooleanField(_("mandatory"), default=True)

    class Meta:
        ordering = ["call", "id"]
        verbose_name = _("required attachment")
        verbose_name_plural = _("required attachments")

    def __str__(self) -> str:
        return str(self.name)
