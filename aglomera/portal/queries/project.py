"""A public project's page: what CPR 2021/1060 Art. 49(3) allows to publish of an intention from
its legal act on, read from the intention itself (not the projection, so the page never lags
behind), in a fixed number of queries (pinned in tests).

A natural person's project shows no beneficiary name, no municipality and no map: the list of
operations (monitoring/reports/art49.py) locates it by its region only, and the portal never
publishes more than that list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Prefetch
from django.utils import timezone

from aglomera.agglomerations.models import Agglomeration, Municipality, OrganisationKind
from aglomera.core.i18n import as_i18n
from aglomera.core.models import StatusChange
from aglomera.core.texts import render
from aglomera.intentions.models import IntentionIndicator, IntentionStatus, ProjectIntention
from aglomera.intentions.queries.publication import PUBLISHED_FROM
from aglomera.monitoring.models import InterventionFieldMapping
from aglomera.strategy.funds import fund_abbreviation
from aglomera.strategy.models import Measure

RESOLUTION_CODE = "committee.resolution"  # aglomera/committee/texts.py RESOLUTION
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class Step:
    day: datetime
    label: str


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    value: Decimal
    unit: str


@dataclass
class ProjectPage:
    intention: ProjectIntention
    name: str
    beneficiary: str  # "" for a natural person
    person: bool
    purpose: str
    measure: str
    programme: str
    objective: str
    fund: str
    currency: str
    total_cost: Decimal | None
    eligible_cost: Decimal | None
    eu_amount: Decimal | None
    amounts_as_of: date
    rate: Decimal | None
    indicators: list[IndicatorLine]
    timeline: list[Step]
    municipalities: list[Municipality]
    resolution: str
    intervention: str

    @property
    def located(self) -> list[Municipality]:
        return [
            m for m in self.municipalities if m.latitude is not None and m.longitude is not None
        ]


def _rate(eu: Decimal | None, eligible: Decimal | None) -> Decimal | None:
    if eu is None or not eligible:
        return None
    return (Decimal(eu) * HUNDRED / Decimal(eligible)).quantize(Decimal("0.01"))


def get_public_project(
    agglomeration: Agglomeration, pk: int, *, language: str
) -> ProjectPage | None:
    """The page of a public project of the agglomeration; None when there is no such public
    project (6 queries, 1 when there is none)."""
    intention = (
        ProjectIntention.objects.filter(
            pk=pk, call__agglomeration=agglomeration, status__in=PUBLISHED_FROM
        )
        .select_related("call__specific_objective__programme", "applicant")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name", "pk")),
            Prefetch(
                "indicators",
                queryset=IntentionIndicator.objects.select_related("indicator").order_by(
                    "indicator__code"
                ),
            ),
        )
        .first()
    )
    if intention is None:
        return None
    objective = intention.call.specific_objective
    person = intention.applicant.kind == OrganisationKind.PERSON
    changes = list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(ProjectIntention),
            object_id=intention.pk,
        ).order_by("created_at", "id")
    )
    resolution = ""
    for change in changes:
        if change.reason_code == RESOLUTION_CODE:
            resolution = render(change.reason_code, change.reason_params)
    mapping = (
        InterventionFieldMapping.objects.filter(
            agglomeration=agglomeration, specific_objective=objective
        )
        .select_related("code")
        .first()
    )
    measure = (
        Measure.objects.filter(
            version__strategy__agglomeration=agglomeration,
            version__strategy__current_version=F("version"),
            code=intention.measure_code,
        )
        .order_by("-version__strategy__period")
        .values_list("name", flat=True)
        .first()
    )
    name = as_i18n(intention.name)
    purpose = as_i18n(intention.art49_purpose) or as_i18n(intention.activities)
    return ProjectPage(
        intention=intention,
        name=name.pick(language),
        beneficiary="" if person else intention.applicant.name,
        person=person,
        purpose=purpose.pick(language),
        measure=f"{intention.measure_code} {as_i18n(measure).localized(language)}".strip(),
        programme=f"{objective.programme.code} {as_i18n(objective.programme.name).localized(language)}",
        objective=f"{objective.code} {as_i18n(objective.name).localized(language)}",
        fund=fund_abbreviation(objective.fund),
        currency=objective.programme.currency,
        total_cost=intention.total_cost,
        eligible_cost=intention.eligible_cost,
        eu_amount=intention.requested_eu,
        amounts_as_of=timezone.localdate(intention.updated_at),
        rate=_rate(intention.requested_eu, intention.eligible_cost),
        indicators=[
            IndicatorLine(
                line.indicator.code,
                as_i18n(line.indicator.name).pick(language),
                line.committed_value,
                as_i18n(line.indicator.unit).localized(language),
            )
            for line in intention.indicators.all()
        ],
        timeline=[
            Step(change.created_at, str(IntentionStatus(change.new_status).label))
            for change in changes
            if change.new_status in IntentionStatus.values
        ],
        municipalities=[] if person else list(intention.municipalities.all()),
        resolution=resolution,
        intervention=(
            f"{mapping.code.code} {as_i18n(mapping.code.name).localized(language)}"
            if mapping
            else ""
        ),
    )
