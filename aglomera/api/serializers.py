"""Input and output of the API; serializers only translate, the actions and queries decide.

Texts entered per language (I18nField) are objects {"cs": ..., "pl": ..., "en": ...}, a missing
language as null. Money is a decimal string in the currency named beside it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from aglomera.api.queries import public as queries
from aglomera.calls.queries.calls import PHASES, public_phase
from aglomera.cooperation.models import (
    DatePrecision,
    ExchangeKind,
    GoodPractice,
    IdeaStatus,
    JointIdeaComment,
    JointIdeaSide,
    MoneyBasis,
    Visibility,
)
from aglomera.core.i18n import as_i18n
from aglomera.intentions import transitions
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.monitoring.calculations.funnel import STAGE_LABELS, STAGES, SUBSTAGES, Funnel
from aglomera.strategy.funds import fund_abbreviation

LANGUAGES = ("cs", "pl", "en")
I18N_SCHEMA = {
    "type": "object",
    "properties": {code: {"type": "string", "nullable": True} for code in LANGUAGES},
    "required": list(LANGUAGES),
    "description": "A text in each language; null where it is not written in that language.",
}
MAX_ID = 2**63 - 1
# The choice sets of the schema, named in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
INTENTION_STATES = [(status.value, status.value) for status in IntentionStatus]
PUBLIC_CALL_STATES = [(status.value, status.value) for status in queries.PUBLIC_CALL_STATES]
CALL_PHASES = [(phase, phase) for phase in PHASES]
FUNNEL_STAGES = [(stage, stage) for stage in STAGES]
RECOMMENDATIONS = [
    (IntentionStatus.RECOMMENDED.value, IntentionStatus.RECOMMENDED.value),
    (IntentionStatus.NOT_RECOMMENDED.value, IntentionStatus.NOT_RECOMMENDED.value),
]


@extend_schema_field(I18N_SCHEMA)
class I18nTextField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict[str, str | None]:
        text = as_i18n(value)
        return {code: text.get(code) or None for code in LANGUAGES}


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, **kwargs)


# ---- agglomerations ---------------------------------------------------------------------------


class AgglomerationSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = I18nTextField()
    country = serializers.CharField(read_only=True)
    currency = serializers.CharField(read_only=True)
    office_name = I18nTextField()
    office_address = serializers.CharField(read_only=True)
    office_email = serializers.CharField(read_only=True)
    office_phone = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)


# ---- strategy ---------------------------------------------------------------------------------


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(source="indicator.code", read_only=True)
    kind = serializers.CharField(source="indicator.kind", read_only=True)
    name = I18nTextField(source="indicator.name")
    unit = I18nTextField(source="indicator.unit")
    baseline = serializers.DecimalField(max_digits=18, decimal_places=3, read_only=True)
    milestone_2024 = serializers.DecimalField(
        max_digits=18, decimal_places=3, read_only=True, allow_null=True
    )
    target_2029 = serializers.DecimalField(max_digits=18, decimal_places=3, read_only=True)


class MeasureSerializer(serializers.Serializer):
    code = serializers.CharField(source="measure.code", read_only=True)
    name = I18nTextField(source="measure.name")
    description = I18nTextField(source="measure.description")
    indicators = IndicatorSerializer(many=True, read_only=True)


class SpecificGoalSerializer(serializers.Serializer):
    code = serializers.CharField(source="specific_goal.code", read_only=True)
    name = I18nTextField(source="specific_goal.name")
    description = I18nTextField(source="specific_goal.description")
    measures = MeasureSerializer(many=True, read_only=True)


class GoalSerializer(serializers.Serializer):
    code = serializers.CharField(source="goal.code", read_only=True)
    name = I18nTextField(source="goal.name")
    description = I18nTextField(source="goal.description")
    specific_goals = SpecificGoalSerializer(many=True, read_only=True)


class StrategySerializer(serializers.Serializer):
    period = serializers.CharField(source="strategy.period", read_only=True)
    name = I18nTextField(source="strategy.name")
    version = serializers.IntegerField(read_only=True, allow_null=True)
    goals = GoalSerializer(many=True, read_only=True)


# ---- calls ------------------------------------------------------------------------------------


class CallFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=PUBLIC_CALL_STATES,
        required=False,
        help_text="planned, announced (open or opening) or closed",
    )


class CallSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    name = I18nTextField()
    status = serializers.ChoiceField(choices=PUBLIC_CALL_STATES, read_only=True)
    phase = serializers.SerializerMethodField(
        help_text="The public phase, as the portal shows it: open between the opening and the "
        "deadline, planned before it opens (also an announced call not open yet), closed after "
        "the deadline."
    )
    mode = serializers.CharField(read_only=True)
    measure_code = serializers.CharField(read_only=True)
    programme = serializers.CharField(source="specific_objective.programme.code", read_only=True)
    specific_objective = serializers.CharField(source="specific_objective.code", read_only=True)
    fund = serializers.SerializerMethodField()
    currency = serializers.CharField(source="specific_objective.programme.currency", read_only=True)
    allocation = _money()
    opens_at = serializers.DateTimeField(read_only=True)
    closes_at = serializers.DateTimeField(read_only=True)
    eligible_applicants = I18nTextField()
    supported_activities = I18nTextField()
    min_eligible_cost = _money(allow_null=True)
    max_eligible_cost = _money(allow_null=True)
    aid_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, read_only=True, allow_null=True
    )
    managing_authority_call = serializers.CharField(read_only=True)

    def get_fund(self, call: Any) -> str:
        return fund_abbreviation(call.specific_objective.fund, "en")

    @extend_schema_field(serializers.ChoiceField(choices=CALL_PHASES))
    def get_phase(self, call: Any) -> str:
        return public_phase(call, self.context.get("now") or timezone.now())


# ---- projects ---------------------------------------------------------------------------------


class ProjectFilterSerializer(serializers.Serializer):
    measure = serializers.CharField(
        required=False, max_length=20, help_text="A measure code; 2.1 also finds 2.1.1, 2.1.2"
    )
    municipality = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="A municipality id"
    )
    q = serializers.CharField(
        required=False,
        max_length=200,
        trim_whitespace=True,
        help_text="Words of the name, beneficiary, place or registration number (diacritics "
        "ignored)",
    )


class PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, read_only=True, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, read_only=True, allow_null=True
    )


class ProjectSerializer(serializers.Serializer):
    """An operation selected for support, with the items of CPR 2021/1060 Art. 49(3) only."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.SerializerMethodField()
    name = I18nTextField()
    purpose = serializers.SerializerMethodField()
    beneficiary = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=INTENTION_STATES, read_only=True)
    measure_code = serializers.CharField(read_only=True)
    call = serializers.CharField(source="call.number", read_only=True)
    start_date = serializers.DateField(read_only=True)
    end_date = serializers.DateField(read_only=True)
    total_cost = _money()
    currency = serializers.CharField(source="call.specific_objective.programme.currency")
    cofinancing_rate = serializers.SerializerMethodField()
    fund = serializers.SerializerMethodField()
    programme = serializers.CharField(source="call.specific_objective.programme.code")
    specific_objective = serializers.CharField(source="call.specific_objective.code")
    country = serializers.SerializerMethodField()
    places = serializers.SerializerMethodField()

    def get_code(self, project: ProjectIntention) -> str:
        slug = self.context["agglomeration"].slug.upper()
        return project.registration_number or f"{slug}-{project.pk}"

    @extend_schema_field(I18N_SCHEMA)
    def get_purpose(self, project: ProjectIntention) -> dict[str, str | None]:
        stated = as_i18n(project.art49_purpose)
        return I18nTextField().to_representation(stated or project.activities)

    @extend_schema_field(
        {
            "type": "string",
            "nullable": True,
            "description": "null when the beneficiary is a natural person",
        }
    )
    def get_beneficiary(self, project: ProjectIntention) -> str | None:
        return None if queries.is_person(project) else project.applicant.name

    @extend_schema_field({"type": "string", "format": "decimal", "nullable": True})
    def get_cofinancing_rate(self, project: ProjectIntention) -> str | None:
        rate = queries.cofinancing_rate(project)
        return None if rate is None else str(rate)

    def get_fund(self, project: ProjectIntention) -> str:
        return fund_abbreviation(project.call.specific_objective.fund, "en")

    def get_country(self, project: ProjectIntention) -> str:
        return str(self.context["agglomeration"].country)

    @extend_schema_field(PlaceSerializer(many=True))
    def get_places(self, project: ProjectIntention) -> list[dict[str, Any]]:
        if queries.is_person(project):
            return []
        data: list[dict[str, Any]] = PlaceSerializer(project.municipalities.all(), many=True).data
        return data


# ---- steering committee -----------------------------------------------------------------------


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    period = serializers.CharField(read_only=True)
    form = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    voting_closes_at = serializers.DateTimeField(read_only=True, allow_null=True)
    place = serializers.CharField(read_only=True)


class ResolutionFilterSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="A meeting id"
    )


class MeetingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    period = serializers.CharField(read_only=True)


class ResolutionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    year = serializers.IntegerField(read_only=True)
    title = I18nTextField(source="item.title")
    meeting = MeetingRefSerializer(source="item.meeting", read_only=True)
    adopted = serializers.BooleanField(read_only=True)
    quorate = serializers.BooleanField(read_only=True)
    votes_for = serializers.IntegerField(read_only=True)
    votes_against = serializers.IntegerField(read_only=True)
    abstentions = serializers.IntegerField(read_only=True)
    recused = serializers.IntegerField(read_only=True)
    decided_at = serializers.DateTimeField(read_only=True)
    text = serializers.CharField(read_only=True)


# ---- money funnel -----------------------------------------------------------------------------


class FunnelFilterSerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text="The day the funnel is computed for (default: today)"
    )

    def validate_as_of(self, value: Any) -> Any:
        if not 2000 <= value.year <= 2100:
            raise serializers.ValidationError(_("Give a day between 2000 and 2100."))
        return value


class StageSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=FUNNEL_STAGES, read_only=True)
    label = serializers.CharField(read_only=True)
    amount = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="EU money; null when every amount of the stage is unknown",
    )
    eur = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="In EUR; null when an exchange rate is missing or the amount is unknown",
    )
    count = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Intentions in the stage"
    )
    unknown_count = serializers.IntegerField(
        read_only=True, help_text="Intentions whose amount is unknown (not in `amount`)"
    )


class CurrencyFunnelSerializer(serializers.Serializer):
    currency = serializers.CharField(read_only=True)
    stages = StageSerializer(many=True, read_only=True)


class FunnelSerializer(serializers.Serializer):
    as_of = serializers.DateField(read_only=True)
    basis = serializers.CharField(read_only=True, help_text="Always `eu`: EU support")
    strategy_period = serializers.CharField(read_only=True, allow_null=True)
    currencies = CurrencyFunnelSerializer(many=True, read_only=True)
    missing_rates = serializers.ListField(child=serializers.CharField(), read_only=True)


def funnel_data(result: queries.PublicFunnel) -> dict[str, Any]:
    """The funnel as the API shows it: a stage whose every amount is unknown is null."""
    funnel: Funnel | None = result.funnel
    currencies = []
    for totals in funnel.totals if funnel is not None else []:
        contracted = totals.counts.get("contracted", 0)
        stages = []
        for cell in totals.cells:
            unknown = cell.unknown
            all_unknown = cell.stage in SUBSTAGES and unknown and unknown >= contracted
            stages.append(
                {
                    "stage": cell.stage,
                    "label": str(STAGE_LABELS[cell.stage]),
                    "amount": None if all_unknown else cell.amount,
                    "eur": None if all_unknown else cell.eur,
                    "count": cell.count,
                    "unknown_count": unknown,
                }
            )
        currencies.append({"currency": totals.currency, "stages": stages})
    return {
        "as_of": result.as_of,
        "basis": "eu",
        "strategy_period": result.strategy.period if result.strategy is not None else None,
        "currencies": currencies,
        "missing_rates": [str(m) for m in funnel.missing_rates] if funnel is not None else [],
    }


# ---- staff: the pipeline ----------------------------------------------------------------------


class IntentionFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=INTENTION_STATES, required=False)
    call = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class IntentionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = I18nTextField()
    status = serializers.ChoiceField(choices=INTENTION_STATES, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    revision = serializers.IntegerField(
        read_only=True, help_text="Send it back with an action: a stale one is refused (409)"
    )
    call = serializers.IntegerField(source="call_id", read_only=True)
    call_number = serializers.CharField(source="call.number", read_only=True)
    applicant = serializers.CharField(source="applicant.name", read_only=True)
    measure_code = serializers.CharField(read_only=True)
    start_date = serializers.DateField(read_only=True)
    end_date = serializers.DateField(read_only=True)
    total_cost = _money()
    eligible_cost = _money()
    requested_eu = _money()
    requested_national = _money()
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    registration_number = serializers.CharField(read_only=True)
    allowed_steps = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "array",
            "items": {"$ref": "#/components/schemas/IntentionStatusEnum"},
            "description": "The states the client may move the intention to (guards not run)",
        }
    )
    def get_allowed_steps(self, intention: ProjectIntention) -> list[str]:
        actor = self.context["request"].user
        return [str(step) for step in transitions.INTENTION.allowed(intention, actor)]


class RevisionSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The revision the client last read; omit to act on the current one",
    )


class ReturnSerializer(RevisionSerializer):
    comment = serializers.CharField(max_length=5000, help_text="What the applicant must complete")


class CheckAnswerSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    passed = serializers.BooleanField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class FormalCheckSerializer(RevisionSerializer):
    answers = CheckAnswerSerializer(many=True, allow_empty=False)


class RecommendSerializer(RevisionSerializer):
    to = serializers.ChoiceField(choices=RECOMMENDATIONS)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class FormalCheckResultSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id", read_only=True)
    passed = serializers.BooleanField(read_only=True)
    note = serializers.CharField(read_only=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the request's language")
    code = serializers.CharField(help_text="A stable code, e.g. not_found, stale, wrong_status")
    errors = serializers.DictField(
        required=False, help_text="Per field, when the input names the fields"
    )


# ---- staff: cooperation -----------------------------------------------------------------------

DATE_PRECISIONS = [(precision.value, precision.value) for precision in DatePrecision]
MONEY_BASES = [(basis.value, basis.value) for basis in MoneyBasis]
EXCHANGE_KINDS = [(kind.value, kind.value) for kind in ExchangeKind]
IDEA_STATES = [(status.value, status.value) for status in IdeaStatus]
CARD_VISIBILITIES = [(visibility.value, visibility.value) for visibility in Visibility]
TAGS_SCHEMA = {
    "type": "object",
    "properties": {code: {"type": "array", "items": {"type": "string"}} for code in LANGUAGES},
    "required": list(LANGUAGES),
    "description": "The tags written in each language (an empty list where none are).",
}
PRECISION_HELP = (
    "How much of the date is known: day, month (stored as its first day) or year (stored as "
    "1 January)"
)


class AgglomerationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = I18nTextField()


class MoneySerializer(serializers.Serializer):
    """An amount as it was stated: never added to another (currencies and bases differ)."""

    amount = _money()
    currency = serializers.CharField(read_only=True)
    basis = serializers.ChoiceField(choices=MONEY_BASES, read_only=True)


def _stated_money(row: Any) -> dict[str, Any] | None:
    """{"amount", "currency", "basis"} of a row whose money may be unknown: null, never 0."""
    if row.amount is None:
        return None
    data: dict[str, Any] = MoneySerializer(row).data
    return data


class MemberSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="agglomeration.slug", read_only=True)
    name = I18nTextField(source="agglomeration.name")
    joined_on = serializers.DateField(read_only=True, allow_null=True)


class BudgetSerializer(MoneySerializer):
    """One partner's budget in a cooperation project, in its own currency and on one basis."""

    partner = serializers.SlugField(source="agglomeration.slug", read_only=True)
    eu_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        read_only=True,
        allow_null=True,
        help_text="The EU co-financing rate (0.85 = 85 %); null when not stated",
    )


class CooperationProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = I18nTextField()
    programme = I18nTextField()
    registration_number = serializers.CharField(read_only=True)
    starts_on = serializers.DateField(read_only=True, allow_null=True)
    starts_precision = serializers.ChoiceField(
        choices=DATE_PRECISIONS, read_only=True, help_text=PRECISION_HELP
    )
    ends_on = serializers.DateField(read_only=True, allow_null=True)
    ends_precision = serializers.ChoiceField(
        choices=DATE_PRECISIONS, read_only=True, help_text=PRECISION_HELP
    )
    source = serializers.CharField(read_only=True)
    budgets = BudgetSerializer(
        source="budgets.all",
        many=True,
        read_only=True,
        help_text="Per partner and basis, each in its own currency; never summed",
    )


class PartnershipSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="partnership.pk", read_only=True)
    name = I18nTextField(source="partnership.name")
    members = MemberSerializer(many=True, read_only=True)
    agreement_signed_on = serializers.DateField(
        source="partnership.agreement_signed_on", read_only=True, allow_null=True
    )
    agreement_precision = serializers.ChoiceField(
        source="partnership.agreement_precision",
        choices=DATE_PRECISIONS,
        read_only=True,
        help_text=PRECISION_HELP,
    )
    agreement_source = serializers.CharField(source="partnership.agreement_source", read_only=True)
    projects = CooperationProjectSerializer(many=True, read_only=True)


class ExchangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=EXCHANGE_KINDS, read_only=True)
    host = serializers.SlugField(source="host.slug", read_only=True)
    project = serializers.IntegerField(source="project_id", read_only=True, allow_null=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True, allow_null=True)
    dates_precision = serializers.ChoiceField(
        choices=DATE_PRECISIONS, read_only=True, help_text=PRECISION_HELP
    )
    title = I18nTextField()
    participants = I18nTextField()
    programme = I18nTextField()
    outcomes = I18nTextField()
    report = I18nTextField()
    source = serializers.CharField(read_only=True)


class LibraryFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Words of the titles, texts or tags in any language (case and diacritics "
        "ignored)",
    )
    tag = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="A tag in any language (case and diacritics ignored)",
    )


class GoodPracticeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    agglomeration = serializers.SlugField(
        source="agglomeration.slug", read_only=True, help_text="The owner of the card"
    )
    title = I18nTextField()
    what = I18nTextField()
    why = I18nTextField()
    money = serializers.SerializerMethodField()
    contact = serializers.CharField(read_only=True)
    tags = serializers.SerializerMethodField()
    visibility = serializers.ChoiceField(choices=CARD_VISIBILITIES, read_only=True)
    source = serializers.CharField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(MoneySerializer(allow_null=True, help_text="null: not stated (not 0)"))
    def get_money(self, card: GoodPractice) -> dict[str, Any] | None:
        return _stated_money(card)

    @extend_schema_field(TAGS_SCHEMA)
    def get_tags(self, card: GoodPractice) -> dict[str, list[str]]:
        by_language = card.tags_by_language()
        return {code: by_language.get(code, []) for code in LANGUAGES}


class MeasureRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = I18nTextField()


class IdeaSideSerializer(serializers.Serializer):
    agglomeration = serializers.SlugField(source="agglomeration.slug", read_only=True)
    measure = MeasureRefSerializer(
        read_only=True, allow_null=True, help_text="null: no measure named yet"
    )
    money = serializers.SerializerMethodField()

    @extend_schema_field(MoneySerializer(allow_null=True, help_text="null: not stated (not 0)"))
    def get_money(self, side: JointIdeaSide) -> dict[str, Any] | None:
        return _stated_money(side)


class IdeaCommentSerializer(serializers.Serializer):
    author = serializers.SerializerMethodField()
    agglomeration = serializers.SlugField(
        source="agglomeration.slug", read_only=True, help_text="On behalf of which member"
    )
    text = serializers.CharField(read_only=True)
    written_in = serializers.CharField(read_only=True)
    created = serializers.DateTimeField(source="created_at", read_only=True)

    @extend_schema_field(
        {"type": "string", "nullable": True, "description": "null: the account was deleted"}
    )
    def get_author(self, comment: JointIdeaComment) -> str | None:
        return None if comment.author is None else str(comment.author)


class JointIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="idea.pk", read_only=True)
    partnership = serializers.IntegerField(source="idea.partnership_id", read_only=True)
    title = I18nTextField(source="idea.title")
    summary = I18nTextField(source="idea.summary")
    fit = I18nTextField(source="idea.fit")
    programme = I18nTextField(source="idea.programme")
    priority = I18nTextField(source="idea.priority")
    status = serializers.ChoiceField(source="idea.status", choices=IDEA_STATES, read_only=True)
    revision = serializers.IntegerField(source="idea.revision", read_only=True)
    updated_at = serializers.DateTimeField(source="idea.updated_at", read_only=True)
    sides = IdeaSideSerializer(
        many=True, read_only=True, help_text="The reader's own side first; never added up"
    )
    comments = IdeaCommentSerializer(many=True, read_only=True, help_text="Oldest first")
