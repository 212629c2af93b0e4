"""Project intentions (projektový záměr / fiszka projektowa) from idea to closure.

Also their evaluation (formal check, working-group reviews), change requests, the compliance
statements of the steering committee, and the managing authority's record. Each model names its
way to the agglomeration in `TENANT_PATH` (aglomera.core.tenant).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Country
from aglomera.core import private_files
from aglomera.core.i18n import I18nField
from aglomera.core.money import money_field


class IntentionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")
    FORMAL_CHECK_PASSED = "formal_check_passed", _("Formal check passed")
    RECOMMENDED = "recommended", _("Recommended by the working group")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended by the working group")
    COMPLIANT = "compliant", _("Compliant (steering committee)")
    NON_COMPLIANT_OVERSUBSCRIBED = (
        "non_compliant_oversubscribed",
        _("Non-compliant: call oversubscribed"),
    )
    NON_COMPLIANT_NEGATIVE = "non_compliant_negative", _("Non-compliant: negative assessment")
    DEFERRED = "deferred", _("Deferred")
    STATEMENT_ISSUED = "statement_issued", _("Compliance statement issued")
    APPLICATION_FILED = "application_filed", _("Application filed with the managing authority")
    LEGAL_ACT = "legal_act", _("Legal act issued")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    PHYSICALLY_COMPLETED = "physically_completed", _("Physically completed")
    FINANCIALLY_CLOSED = "financially_closed", _("Financially closed")
    SUSTAINABILITY = "sustainability", _("In the sustainability period")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED_BY_MA = "rejected_by_ma", _("Rejected by the managing authority")


class Readiness(models.TextChoices):
    NOT_NEEDED = "not_needed", _("not needed")
    IN_PREPARATION = "in_preparation", _("in preparation")
    OBTAINED = "obtained", _("obtained")


class LandOwnership(models.TextChoices):
    OWNED = "owned", _("owned by the applicant")
    LEASED = "leased", _("leased or with the owner's consent")
    UNRESOLVED = "unresolved", _("unresolved")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class ProjectIntention(models.Model):
    TENANT_PATH = "call__agglomeration"

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="intentions")
    applicant = models.ForeignKey(
        "agglomerations.Organisation",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="intentions",
    )
    partners = models.ManyToManyField(
        "agglomerations.Organisation", verbose_name=_("partners"), blank=True, related_name="+"
    )
    name = I18nField(_("project name"), max_length=400)
    measure_code = models.CharField(_("measure"), max_length=20)
    activities = I18nField(_("activities"), blank=True, textarea=True)
    municipalities = models.ManyToManyField(
        "agglomerations.Municipality", verbose_name=_("place of implementation"), blank=True
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    total_cost = money_field(_("total cost"), validators=[MinValueValidator(Decimal("0"))])
    eligible_cost = money_field(_("eligible cost"), validators=[MinValueValidator(Decimal("0"))])
    requested_eu = money_field(
        _("requested EU support"), validators=[MinValueValidator(Decimal("0"))]
    )
    requested_national = money_field(
        _("requested national support"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    building_permit = models.CharField(
        _("building permit"), max_length=20, choices=Readiness.choices, default=Readiness.NOT_NEEDED
    )
    land_ownership = models.CharField(
        _("land ownership"),
        max_length=20,
        choices=LandOwnership.choices,
        default=LandOwnership.NOT_APPLICABLE,
    )
    status = models.CharField(
        _("status"), max_length=30, choices=IntentionStatus.choices, default=IntentionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    registration_number = models.CharField(
        _("registration number at the managing authority"), max_length=60, blank=True
    )
    ma_state_code = models.CharField(
        _("state at the managing authority"), max_length=20, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The day a generated Art. 49(3) list first published the operation: a natural person's
    # name is removed two years after it (CPR 2021/1060 Art. 49(3)).
    art49_first_published_on = models.DateField(null=True, blank=True, editable=False)
    # What the list of operations publishes as the purpose and the expected or actual
    # achievements (CPR 2021/1060 Art. 49(3)(e)); when empty, the activities and the committed
    # indicators. The applicant or the office fills them after the application too.
    art49_purpose = I18nField(_("purpose of the operation"), blank=True, textarea=True)
    art49_achievements = I18nField(_("expected or actual achievements"), blank=True, textarea=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["call", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(eligible_cost__lte=F("total_cost")), name="intention_eligible_le_total"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="intention_dates"
            ),
            models.CheckConstraint(
                condition=Q(requested_eu__gte=0) & Q(requested_national__gte=0),
                name="intention_support_not_negative",
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="intention_registration_number_unique",
            ),
        ]
        verbose_name = _("project intention")
        verbose_name_plural = _("project intentions")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def agglomeration_id(self) -> int:
        return self.call.agglomeration_id

    @property
    def requested_support(self) -> Decimal:
        return Decimal(self.requested_eu) + Decimal(self.requested_national)


class PartOfIntention(models.Model):
    """An object inside an intention (attachment, change request, statement, progress report):
    the permission layer sees the intention's agglomeration and applicant organisation."""

    TENANT_PATH = "intention__call__agglomeration"

    intention: ProjectIntention

    class Meta:
        abstract = True

    @property
    def agglomeration_id(self) -> int:
        return self.intention.agglomeration_id

    @property
    def applicant_id(self) -> int:
        return self.intention.applicant_id


class IntentionIndicator(models.Model):
    TENANT_PATH = "intention__call__agglomeration"

    intention = models.ForeignKey(
        ProjectIntention, on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.ForeignKey(
        "strategy.IndicatorCode", on_delete=models.PROTECT, related_name="+"
    )
    committed_value = models.DecimalField(
        _("committed value"),
        max_digits=18,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["intention", "indicator"], name="intention_indicator_unique"
            )
        ]
        verbose_name = _("committed indicator")
        verbose_name_plural = _("committed indicators")

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.committed_value}"


class Attachment(PartOfIntention):
    """A file of an intention, checked by size and content, stored outside the web root."""

    intention = models.ForeignKey(
        ProjectIntention, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.ForeignKey(
        "calls.AttachmentKind", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # In the private storage every app server shares (never MEDIA_ROOT, never a URL).
    file = models.FileField(upload_to="attachments/%Y/%m/", storage=private_files.field_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["intention", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Contractor(PartOfIntention):
    """A contractor of the operation chosen by public procurement: the list of operations
    publishes its name (CPR 2021/1060 Art. 49(3)(a)). `identifier` holds the digits of the IČO
    (eight, leading zeros kept), REGON or NIP of a Czech or Polish contractor, or the number as
    given for another country (`country` empty); a natural person is published by name only."""

    intention = models.ForeignKey(
        ProjectIntention, on_delete=models.CASCADE, related_name="contractors"
    )
    name = models.CharField(_("name"), max_length=300)
    natural_person = models.BooleanField(_("natural person"), default=False)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    identifier = models.CharField(_("identification number"), max_length=20, blank=True)
    procurement_reference = models.CharField(_("public procurement"), max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["intention", "name", "id"]
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")

    def __str__(self) -> str:
        return self.name


class ReturnComment(models.Model):
    """Why an intention was returned for completion (shown to the applicant)."""

    TENANT_PATH = "intention__call__agglomeration"

    intention = models.ForeignKey(
        ProjectIntention, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class FormalCheckResult(models.Model):
    TENANT_PATH = "intention__call__agglomeration"

    intention = models.ForeignKey(
        ProjectIntention, on_delete=models.CASCADE, related_name="formal_checks"
    )
    item = models.ForeignKey("calls.FormalCheckItem", on_delete=models.CASCADE, related_name="+")
    passed = models.BooleanField(_("fulfilled"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intention", "item"], name="formal_check_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.passed}"


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("recommend")
    NOT_RECOMMEND = "not_recommend", _("do not recommend")


class Review(models.Model):
    """One working-group member's assessment; a declared conflict of interest excludes it."""

    TENANT_PATH = "intention__call__agglomeration"

    intention = models.ForeignKey(
        ProjectIntention, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    conflict_of_interest = models.BooleanField(_("conflict of interest declared"), default=False)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intention", "reviewer"], name="review_unique")
        ]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.reviewer} / {self.intention_id}"


class ReviewAssignment(models.Model):
    """A working-group member asked by the coordinator (or the manager) to review an intention
    that passed the formal check, by a due date. Only an assigned member reviews it; the to-do
    list shows the due date as the deadline. Unassigning deletes the row (the audit log keeps
    who assigned and unassigned whom, and when)."""

    TENANT_PATH = "intention__call__agglomeration"

    intention = models.ForeignKey(
        ProjectIntention, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    due_on = models.DateField(_("due date"))

    class Meta:
        ordering = ["intention", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["intention", "reviewer"], name="review_assignment_unique"
            )
        ]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")

    def __str__(self) -> str:
        return f"{self.reviewer} / {self.intention_id}"


class ReviewScore(models.Model):
    TENANT_PATH = "review__intention__call__agglomeration"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("calls.Criterion", on_delete=models.CASCADE, related_name="+")
    passed = models.BooleanField(_("gate fulfilled"), null=True, blank=True)
    points = models.PositiveIntegerField(_("points"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="review_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class ChangeKind(models.TextChoices):
    LOWER_SUPPORT = "lower_support", _("lower requested support")
    HIGHER_INDICATOR = "higher_indicator", _("higher indicator values")
    LOWER_INDICATOR = "lower_indicator", _("lower indicator values")
    FORMAL_EDIT = "formal_edit", _("formal edit")
    DATE_MOVE = "date_move", _("moved dates, no effect on the financial plan")
    DATE_MOVE_SHIFTING_MONEY = "date_move_money", _("moved dates shifting money between years")
    LOWER_COST = "lower_cost", _("lower cost")


class Decider(models.TextChoices):
    MANAGER = "manager", _("strategy manager alone")
    COMMITTEE = "committee", _("steering committee")


class CompetenceRule(models.Model):
    """Who answers a change request of a given kind: data, not code (domain.md section 4)."""

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="competence_rules"
    )
    change_kind = models.CharField(_("change"), max_length=20, choices=ChangeKind.choices)
    decider = models.CharField(_("decided by"), max_length=20, choices=Decider.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agglomeration", "change_kind"], name="competence_rule_unique"
            )
        ]
        verbose_name = _("competence rule")
        verbose_name_plural = _("competence rules")

    def __str__(self) -> str:
        return f"{self.get_change_kind_display()} → {self.get_decider_display()}"


class ChangeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITH_COMMITTEE = "with_committee", _("Referred to the steering committee")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChangeRequest(PartOfIntention):
    intention = models.ForeignKey(
        ProjectIntention, on_delete=models.CASCADE, related_name="change_requests"
    )
    kinds = models.JSONField(_("changes"), default=list)
    proposed = models.JSONField(_("proposed values"), default=dict)
    justification = models.TextField(_("justification"))
    decider = models.CharField(_("decided by"), max_length=20, choices=Decider.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.DRAFT
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self) -> str:
        day = formats.date_format(timezone.localtime(self.created_at), "SHORT_DATE_FORMAT")
        return f"{self.intention} ({day})"


class StatementType(models.TextChoices):
    INITIAL = "initial", _("initial")
    UPDATED = "updated", _("updated")
    CHANGE = "change", _("change")


class StatementOutcome(models.TextChoices):
    COMPLIANT = "compliant", _("compliant with the strategy")
    NON_COMPLIANT_OVERSUBSCRIBED = (
        "non_compliant_oversubscribed",
        _("non-compliant: call oversubscribed"),
    )
    NON_COMPLIANT_NEGATIVE = "non_compliant_negative", _("non-compliant: negative assessment")
    DEFERRED = "deferred", _("deferred")


class ComplianceStatement(PartOfIntention):
    """The steering committee's statement about an intention, with an evidence number."""

    intention = models.ForeignKey(
        ProjectIntention, on_delete=models.PROTECT, related_name="statements"
    )
    statement_type = models.CharField(_("type"), max_length=10, choices=StatementType.choices)
    outcome = models.CharField(_("outcome"), max_length=30, choices=StatementOutcome.choices)
    evidence_number = models.CharField(_("evidence number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    resolution = models.ForeignKey(
        "committee.Resolution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    change_request = models.ForeignKey(
        ChangeRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="statements"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["intention", "issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evidence_number"], name="statement_evidence_unique")
        ]
        verbose_name = _("compliance statement")
        verbose_name_plural = _("compliance statements")

    def __str__(self) -> str:
        return self.evidence_number
