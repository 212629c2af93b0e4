"""Cross-border cooperation between agglomerations (domain.md section 8, issue 13, first slice).

A `Partnership` joins two or more agglomerations (also of different countries) under an
agreement; its `CooperationProject`s fund the cooperation (a programme, a registration number,
a `ProjectBudget` per partner in its own currency and on a stated money basis) and its
`Exchange`s are the internships and study visits. Every text is written in Czech, Polish and
English (`I18nField`).

A partnership belongs to each of its member agglomerations: `TENANT_PATH` goes through the
members, so `get_in_tenant` finds it from the slug of any member and 404s for anyone else.

Dates the sources give only to the month or the year ("2016-09", "2017") are stored as the first
day of that month or year with a `DatePrecision`, and shown as "September 2016" / "2017", never
as a made-up day.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aglomera.core.i18n import I18nField, Localized, fallback_order, language_codes
from aglomera.core.language_pairs import text_changed_field
from aglomera.core.money import Currency, money_field
from aglomera.news.models import GalleryPhoto


class DatePrecision(models.TextChoices):
    """How much of a stored date is known: the day, only the month, or only the year."""

    DAY = "day", _("exact day")
    MONTH = "month", _("month only")
    YEAR = "year", _("year only")


class MoneyBasis(models.TextChoices):
    """What an amount counts (domain.md section 6, "Money basis"): two bases never meet in one
    sum, nor two currencies."""

    TOTAL = "total", _("total cost")
    ELIGIBLE = "eligible", _("total eligible expenditure")
    EU = "eu", _("EU contribution")


class ExchangeKind(models.TextChoices):
    INTERNSHIP = "internship", _("Internship")
    STUDY_VISIT = "study_visit", _("Study visit")
    OTHER = "other", _("Other exchange")


class Partnership(models.Model):
    TENANT_PATH = "members__agglomeration"

    name = I18nField(_("name"), max_length=200)
    description = I18nField(_("description"), blank=True, textarea=True, max_length=5000)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_precision = models.CharField(
        _("precision of the agreement's date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    agreement_source = models.URLField(_("agreement (source)"), max_length=500, blank=True)
    # raised by every edit: a save from a page showing an older one is refused (StaleEdit)
    revision = models.PositiveIntegerField(default=0)
    # per text and language, when that version changed (aglomera/core/language_pairs.py)
    text_changed = text_changed_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-agreement_signed_on", "pk"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return str(self.name)


class PartnershipMember(models.Model):
    TENANT_PATH = "agglomeration"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        on_delete=models.PROTECT,
        related_name="partnership_memberships",
        verbose_name=_("agglomeration"),
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        ordering = ["partnership", "joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agglomeration"], name="cooperation_member_unique"
            )
        ]
        verbose_name = _("member of a partnership")
        verbose_name_plural = _("members of a partnership")

    def __str__(self) -> str:
        return str(self.agglomeration)


class CooperationProject(models.Model):
    """A project that funds the cooperation (e.g. Interreg V-A Czech Republic-Poland)."""

    TENANT_PATH = "partnership__members__agglomeration"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="projects")
    name = I18nField(_("name"), max_length=300)
    programme = I18nField(_("programme"), blank=True, max_length=300)
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    starts_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ends_on = models.DateField(_("end"), null=True, blank=True)
    ends_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    activities = I18nField(_("activities"), blank=True, textarea=True, max_length=5000)
    source = models.URLField(_("source"), max_length=500, blank=True)
    # raised by every edit: a save from a page showing an older one is refused (StaleEdit)
    revision = models.PositiveIntegerField(default=0)
    # per text and language, when that version changed (aglomera/core/language_pairs.py)
    text_changed = text_changed_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="cooperation_project_ends_after_start",
            )
        ]
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")

    def __str__(self) -> str:
        return str(self.name)


class ProjectBudget(models.Model):
    """One partner's budget in a cooperation project: an amount in its own currency, on one
    stated basis, with the EU co-financing rate. Never summed across bases or currencies."""

    TENANT_PATH = "project__partnership__members__agglomeration"

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="budgets"
    )
    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner"),
    )
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0"))])
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    basis = models.CharField(_("money basis"), max_length=10, choices=MoneyBasis.choices)
    eu_rate = models.DecimalField(
        _("EU co-financing rate"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )

    class Meta:
        ordering = ["project", "agglomeration", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "agglomeration", "basis"], name="cooperation_budget_unique"
            )
        ]
        verbose_name = _("partner's budget")
        verbose_name_plural = _("partners' budgets")

    def __str__(self) -> str:
        return f"{self.agglomeration} {self.amount} {self.currency} ({self.basis})"


class Exchange(models.Model):
    """An internship, a study visit or another exchange of people between the partners."""

    TENANT_PATH = "partnership__members__agglomeration"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="exchanges")
    project = models.ForeignKey(
        CooperationProject,
        verbose_name=_("cooperation project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchanges",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ExchangeKind.choices)
    host = models.ForeignKey(
        "agglomerations.Agglomeration",
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    dates_precision = models.CharField(
        _("precision of the dates"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    title = I18nField(_("title"), max_length=300)
    participants = I18nField(_("participants"), blank=True, textarea=True, max_length=3000)
    programme = I18nField(_("programme and topics"), blank=True, textarea=True, max_length=5000)
    outcomes = I18nField(_("outcomes"), blank=True, textarea=True, max_length=5000)
    # the report of the exchange: plain text, an empty line starts a new paragraph
    report = I18nField(_("report"), blank=True, textarea=True, max_length=20000)
    source = models.URLField(_("source"), max_length=500, blank=True)
    revision = models.PositiveIntegerField(default=0)
    # per text and language, when that version changed (aglomera/core/language_pairs.py)
    text_changed = text_changed_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership", "-starts_on", "-pk"]
        indexes = [models.Index(fields=["partnership", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="cooperation_exchange_ends_after_start",
            )
        ]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")

    def __str__(self) -> str:
        return str(self.title)


class Visibility(models.TextChoices):
    """Who reads a good-practice card besides its own office."""

    OWN = "own", _("own office only")
    PARTNERS = "partners", _("partners")
    PUBLIC = "public", _("public")


class GoodPractice(models.Model):
    """A card of the good-practice library: a project or a process of one agglomeration, what it
    was, why it worked, its money (one amount, currency and basis, never summed with another),
    the office's contact, a link to the project record (an intention of the same agglomeration)
    and tags. Only the owner's office writes it; `visibility` says who else reads it."""

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        on_delete=models.PROTECT,
        related_name="good_practices",
        verbose_name=_("agglomeration"),
    )
    title = I18nField(_("title"), max_length=300)
    what = I18nField(_("what"), blank=True, textarea=True, max_length=5000)
    why = I18nField(_("why it worked"), blank=True, textarea=True, max_length=5000)
    amount = money_field(
        _("amount"), null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    basis = models.CharField(
        _("money basis"), max_length=10, choices=MoneyBasis.choices, blank=True
    )
    contact = models.TextField(_("contact"), max_length=1000, blank=True)
    intention = models.ForeignKey(
        "intentions.ProjectIntention",
        verbose_name=_("project record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # tags per language (lists); shown in the reader's language, searched in every one
    tags_cs = models.JSONField(_("tags (Czech)"), default=list, blank=True)
    tags_pl = models.JSONField(_("tags (Polish)"), default=list, blank=True)
    tags_en = models.JSONField(_("tags (English)"), default=list, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.OWN
    )
    source = models.URLField(_("source"), max_length=500, blank=True)
    search_text = models.TextField(blank=True)  # folded (portal/search.py) titles, texts, tags
    # per text (and the tags) and language, when that version changed (core/language_pairs.py)
    text_changed = text_changed_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agglomeration", "-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="", basis="")
                | (Q(amount__isnull=False) & ~Q(currency="") & ~Q(basis="")),
                name="cooperation_good_practice_money_complete",
            )
        ]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self) -> str:
        return str(self.title)

    def tags_by_language(self) -> dict[str, list[str]]:
        """{"cs": [...], "pl": [...], "en": [...]}: the tags of each language."""
        return {code: list(getattr(self, f"tags_{code}", None) or []) for code in language_codes()}

    def local_tags(self, language: str | None = None) -> list[Localized]:
        """The tags in `language` (else the active one), or those of the first language of the
        fallback order that has any; each knows its language (for `lang_attr`)."""
        return pick_tags(self.tags_by_language(), language or get_language())

    @property
    def tag_text(self) -> Localized:
        """The tags in the reader's language, separated by commas, with their language."""
        tags = self.local_tags()
        return Localized(", ".join(tags), tags[0].language if tags else "")


def pick_tags(by_language: dict[str, list[str]], language: str | None) -> list[Localized]:
    """The tags of `language`, or of the first language of its fallback order that has any
    (English, then the others), each knowing its language."""
    for code in fallback_order(language):
        if by_language.get(code):
            return [Localized(tag, code) for tag in by_language[code]]
    return []


class ShareKind(models.TextChoices):
    """What a member of a partnership shares with the other members."""

    STRATEGY = "strategy", _("strategy")
    DASHBOARD = "dashboard", _("monitoring dashboard")
    PRACTICE = "practice", _("good-practice card")


class PartnershipShare(models.Model):
    """One item a member (`agglomeration`) shares with the other members of a partnership: one of
    its strategies (`strategy.Strategy`), the monitoring dashboard of one of its strategies, or
    one of its good-practice cards with the visibility "partners". `object_id` is the strategy's
    or the card's id; the actions check that the item is the member's own. What has no row is
    not shared with that partnership. Only that member's manager changes it
    (`cooperation.share`, `actions/sharing.py`), each change audited."""

    TENANT_PATH = "agglomeration"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="shares")
    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shared by"),
    )
    kind = models.CharField(_("what"), max_length=10, choices=ShareKind.choices)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "agglomeration", "kind", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agglomeration", "kind", "object_id"],
                name="cooperation_share_unique",
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"])]
        verbose_name = _("shared item")
        verbose_name_plural = _("shared items")

    def __str__(self) -> str:
        return f"{self.partnership_id} {self.agglomeration_id} {self.kind} {self.object_id}"


class IdeaStatus(models.TextChoices):
    """Where a joint project idea stands (its workflow: aglomera/cooperation/transitions.py)."""

    IDEA = "idea", _("Idea")
    CONCEPT = "concept", _("Concept")
    SUBMITTED = "submitted", _("Submitted to the programme")
    APPROVED = "approved", _("Approved")
    NOT_APPROVED = "not_approved", _("Not approved")


class JointIdea(models.Model):
    """A joint project idea co-authored by the staff of every member of a partnership: what it
    is, how it fits a cross-border programme's priority, and per side (`JointIdeaSide`) the
    measure of that side's strategy that would fund it and that side's budget. The staff of
    either member edit it (`revision` guards against a lost concurrent edit) and take its
    workflow steps."""

    TENANT_PATH = "partnership__members__agglomeration"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("partnership")
    )
    title = I18nField(_("title"), max_length=300)
    summary = I18nField(_("summary"), blank=True, textarea=True, max_length=5000)
    fit = I18nField(
        _("fit with the programme's priorities"), blank=True, textarea=True, max_length=5000
    )
    programme = I18nField(_("programme"), blank=True, max_length=300)
    priority = I18nField(_("priority"), blank=True, max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.IDEA
    )
    revision = models.PositiveIntegerField(default=0)
    # per text and language, when that version changed (aglomera/core/language_pairs.py)
    text_changed = text_changed_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership", "-updated_at", "-pk"]
        verbose_name = _("joint project idea")
        verbose_name_plural = _("joint project ideas")

    # The member whose office takes a workflow step (its audit log records it); set by the step.
    acting_agglomeration_id: int | None = None

    def __str__(self) -> str:
        return str(self.title)

    @property
    def agglomeration_ids(self) -> tuple[int, ...]:
        """Every member agglomeration: the idea belongs to each (the permission layer grants a
        permission when the actor's own membership in any of them does). One query, once."""
        cached: tuple[int, ...] | None = getattr(self, "_member_ids", None)
        if cached is None:
            cached = tuple(
                sorted(
                    PartnershipMember.objects.filter(
                        partnership_id=self.partnership_id
                    ).values_list("agglomeration_id", flat=True)
                )
            )
            self._member_ids = cached
        return cached


class JointIdeaSide(models.Model):
    """One member's part of a joint idea: the measure of its strategy that would fund it and its
    budget in its own currency on a stated basis. An unknown budget is not 0: it is left empty
    and shown as "not stated". Two sides' budgets are never added up."""

    TENANT_PATH = "idea__partnership__members__agglomeration"

    idea = models.ForeignKey(JointIdea, on_delete=models.CASCADE, related_name="sides")
    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner"),
    )
    measure = models.ForeignKey(
        "strategy.Measure",
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    amount = money_field(
        _("budget"), null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    basis = models.CharField(
        _("money basis"), max_length=10, choices=MoneyBasis.choices, blank=True
    )

    class Meta:
        ordering = ["idea", "agglomeration__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "agglomeration"], name="cooperation_side_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True, currency="", basis="")
                | (Q(amount__isnull=False) & ~Q(currency="") & ~Q(basis="")),
                name="cooperation_side_money_complete",
            ),
        ]
        verbose_name = _("side of a joint idea")
        verbose_name_plural = _("sides of a joint idea")

    def __str__(self) -> str:
        return f"{self.idea} – {self.agglomeration}"


class JointIdeaComment(models.Model):
    """A comment on a joint idea by the staff of either member, in the language it was written."""

    TENANT_PATH = "idea__partnership__members__agglomeration"

    idea = models.ForeignKey(JointIdea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=5000)
    written_in = models.CharField(_("written in"), max_length=2, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["idea", "created_at", "pk"]
        verbose_name = _("comment on a joint idea")
        verbose_name_plural = _("comments on joint ideas")

    def __str__(self) -> str:
        return f"{self.idea}: {self.text[:40]}"


class ParticipantPart(models.TextChoices):
    """On which side of an exchange a participant took part."""

    GUEST = "guest", _("guest")
    HOST = "host", _("host")


class ExchangeParticipant(models.Model):
    """One person who took part in an exchange: the name and function only (no contact data),
    the member agglomeration of the side they came with and/or the organisation (a member
    municipality or another organisation, as text), and whether they were a guest or a host."""

    TENANT_PATH = "exchange__partnership__members__agglomeration"

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("role or function"), max_length=300, blank=True)
    side = models.ForeignKey(
        "agglomerations.Agglomeration",
        verbose_name=_("side"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    part = models.CharField(
        _("guest or host"), max_length=5, choices=ParticipantPart.choices, default="guest"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exchange", "part", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(side__isnull=False) | ~Q(organisation=""),
                name="cooperation_participant_side_or_organisation",
            )
        ]
        verbose_name = _("participant of an exchange")
        verbose_name_plural = _("participants of an exchange")

    def __str__(self) -> str:
        return self.name


class ExchangePhoto(GalleryPhoto):
    """One photo of an exchange's report, served only to the staff of the partnership's
    members."""

    TENANT_PATH = "exchange__partnership__members__agglomeration"

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="photos")

    class Meta:
        ordering = ["exchange", "order", "id"]
        verbose_name = _("photo of an exchange")
        verbose_name_plural = _("photos of an exchange")


class ProgrammeItemKind(models.TextChoices):
    """What a programme item of an exchange was."""

    SESSION = "session", _("session or meeting")
    SITE_VISIT = "site_visit", _("site visit")
    OTHER = "other", _("other")


class ExchangeProgrammeItem(models.Model):
    """One item of an exchange's programme: a session or meeting, a site visit or another item,
    on a day of the exchange (empty: during the exchange, the day not stated by the source),
    perhaps at a time, with its title in Czech, Polish and English and its place. A site visit
    names the project it visited: a project record (`intention`) of the exchange's host, or a
    project the system does not hold (`project_text`, with `project_url` where it is
    documented)."""

    TENANT_PATH = "exchange__partnership__members__agglomeration"

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="items")
    day = models.DateField(_("day"), null=True, blank=True)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=ProgrammeItemKind.choices,
        default=ProgrammeItemKind.SESSION,
    )
    title = I18nField(_("title"), max_length=300)
    place = models.CharField(_("place"), max_length=200, blank=True)
    intention = models.ForeignKey(
        "intentions.ProjectIntention",
        verbose_name=_("project record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project_text = models.CharField(_("project (not in the system)"), max_length=300, blank=True)
    project_url = models.URLField(_("project (source)"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [
            "exchange",
            F("day").asc(nulls_last=True),
            F("starts_at").asc(nulls_first=True),
            "pk",
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="site_visit") | Q(intention__isnull=False) | ~Q(project_text=""),
                name="cooperation_item_site_visit_names_project",
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=False) | Q(starts_at__isnull=True),
                name="cooperation_item_time_on_a_day",
            ),
        ]
        verbose_name = _("programme item of an exchange")
        verbose_name_plural = _("programme items of an exchange")

    def __str__(self) -> str:
        return str(self.title)
