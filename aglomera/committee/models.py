"""The steering committee (řídicí výbor / komitet): members, meetings, votes and resolutions.

Each model names its way to the agglomeration in `TENANT_PATH` (aglomera.core.tenant).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aglomera.core.i18n import I18nField


class MajorityRule(models.TextChoices):
    """The majority an item needs: a share of the members voting or of all members entitled to
    vote on it. Half is "more than half"; the qualified shares are "at least" (the arithmetic is
    `calculations.voting.RULES`)."""

    OF_VOTING = "of_voting", _("more than half of the members voting")
    OF_ALL = "of_all", _("more than half of all members entitled to vote")
    THREE_FIFTHS_OF_VOTING = (
        "three_fifths_of_voting",
        _("at least three fifths of the members voting"),
    )
    THREE_FIFTHS_OF_ALL = (
        "three_fifths_of_all",
        _("at least three fifths of all members entitled to vote"),
    )
    TWO_THIRDS_OF_VOTING = "two_thirds_of_voting", _("at least two thirds of the members voting")
    TWO_THIRDS_OF_ALL = (
        "two_thirds_of_all",
        _("at least two thirds of all members entitled to vote"),
    )
    THREE_QUARTERS_OF_VOTING = (
        "three_quarters_of_voting",
        _("at least three quarters of the members voting"),
    )
    THREE_QUARTERS_OF_ALL = (
        "three_quarters_of_all",
        _("at least three quarters of all members entitled to vote"),
    )


class SteeringCommittee(models.Model):
    """One committee per agglomeration, with the rules of its statute: quorum, majority (one for
    every kind of item, unless `KindMajority` sets another for a kind), the chair's casting vote,
    whether rejections are numbered and whether a written vote may close early."""

    TENANT_PATH = "agglomeration"

    agglomeration = models.OneToOneField(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="committee"
    )
    name = I18nField(_("name"), max_length=300)
    quorum = models.DecimalField(
        _("quorum (share of members)"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("The meeting is quorate when more than this share of members takes part."),
    )
    # Statute: may a written (per rollam) vote be closed before its window ends while some
    # member has not voted yet? Without it, only a vote in which everyone voted closes early.
    early_close = models.BooleanField(
        _("a written vote may close before its window ends"), default=False
    )
    majority = models.CharField(
        _("majority"), max_length=30, choices=MajorityRule.choices, default=MajorityRule.OF_VOTING
    )
    # Statute: on a tie (the votes for are exactly half of what the simple majority counts), the
    # chair's vote decides, when the chair voted and is not recused.
    casting_vote = models.BooleanField(_("on a tie, the chair's vote decides"), default=False)
    # Statute: does an item that is not adopted get a resolution number? Some statutes number
    # only adopted resolutions.
    number_rejections = models.BooleanField(
        _("an item not adopted gets a resolution number too"), default=True
    )

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")

    def __str__(self) -> str:
        return str(self.name)


class CommitteeMember(models.Model):
    TENANT_PATH = "committee__agglomeration"

    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    alternate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("alternate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "agglomerations.Organisation",
        verbose_name=_("represents"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="committee_member_unique")
        ]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return str(self.user)


class MeetingForm(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PER_ROLLAM = "per_rollam", _("in writing (per rollam)")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    VOTING = "voting", _("Voting open")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    TENANT_PATH = "committee__agglomeration"

    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.CASCADE, related_name="meetings"
    )
    number = models.PositiveIntegerField(_("number"))
    period = models.CharField(_("programming period"), max_length=9)
    form = models.CharField(_("form"), max_length=20, choices=MeetingForm.choices)
    starts_at = models.DateTimeField(_("starts"))
    voting_closes_at = models.DateTimeField(
        _("voting closes"),
        null=True,
        blank=True,
        help_text=_("Per rollam only: end of the voting window."),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes_note = models.TextField(_("notes for the minutes"), blank=True)

    class Meta:
        ordering = ["committee", "-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "period", "number"], name="meeting_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(form="in_person") | Q(voting_closes_at__isnull=False),
                name="per_rollam_has_window",
            ),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.number}/{self.period}"

    @property
    def agglomeration_id(self) -> int:
        return self.committee.agglomeration_id


class Attendance(models.Model):
    TENANT_PATH = "meeting__committee__agglomeration"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("present"), default=True)
    by_alternate = models.BooleanField(_("represented by the alternate"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.meeting}"


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn from the agenda")


class DecisionKind(models.TextChoices):
    CALL_INTENTIONS = "call_intentions", _("compliance of a call's project intentions")
    CHANGE_REQUEST = "change_request", _("change request")
    STRATEGY_AMENDMENT = "strategy_amendment", _("strategy amendment")
    OTHER = "other", _("other")


class KindMajority(models.Model):
    """The statute's majority for one kind of item, where it differs from the committee's."""

    TENANT_PATH = "committee__agglomeration"

    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.CASCADE, related_name="majorities"
    )
    kind = models.CharField(_("kind of item"), max_length=30, choices=DecisionKind.choices)
    rule = models.CharField(_("majority"), max_length=30, choices=MajorityRule.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "kind"], name="kind_majority_unique")
        ]
        verbose_name = _("majority for a kind of item")
        verbose_name_plural = _("majorities for kinds of items")

    def __str__(self) -> str:
        return f"{self.kind}: {self.rule}"


class AgendaItem(models.Model):
    """What the committee decides; `target` is the call, change request or amendment concerned.

    `concerned_organisations`: the organisations whose representatives may not vote on the item
    at all (the applicant and partners of a change request's intention). On a call item, each
    intention has its own (its applicant and partners): the item keeps only the organisations
    concerned by every one of its intentions."""

    TENANT_PATH = "meeting__committee__agglomeration"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("order"))
    title = I18nField(_("title"), max_length=400)
    kind = models.CharField(_("decides on"), max_length=30, choices=DecisionKind.choices)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    proposal = models.TextField(_("proposed resolution"), blank=True)
    concerned_organisations = models.ManyToManyField(
        "agglomerations.Organisation",
        verbose_name=_("organisations concerned"),
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PENDING
    )

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_order_unique")
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def agglomeration_id(self) -> int:
        return self.meeting.committee.agglomeration_id


class VoteChoice(models.TextChoices):
    YES = "yes", _("for")
    NO = "no", _("against")
    ABSTAIN = "abstain", _("abstain")


class Vote(models.Model):
    TENANT_PATH = "item__meeting__committee__agglomeration"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="one_vote_per_member")
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.member}: {self.choice}"


class ProposedDecision(models.TextChoices):
    """What a call item proposes for one intention (the committee's decision states)."""

    COMPLIANT = "compliant", _("compliant")
    NON_COMPLIANT_OVERSUBSCRIBED = (
        "non_compliant_oversubscribed",
        _("non-compliant: call oversubscribed"),
    )
    NON_COMPLIANT_NEGATIVE = "non_compliant_negative", _("non-compliant: negative assessment")
    DEFERRED = "deferred", _("deferred")


class ItemProposal(models.Model):
    """The decision a call item proposes for one project intention of the call."""

    TENANT_PATH = "item__meeting__committee__agglomeration"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="proposals")
    intention = models.ForeignKey(
        "intentions.ProjectIntention", on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        _("proposed decision"), max_length=30, choices=ProposedDecision.choices
    )

    class Meta:
        ordering = ["item", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "intention"], name="item_proposal_unique")
        ]
        verbose_name = _("proposed decision")
        verbose_name_plural = _("proposed decisions")

    def __str__(self) -> str:
        return f"{self.intention_id}: {self.decision}"


class ConflictDeclaration(models.Model):
    """A member's declared personal conflict of interest: on the whole item, or (`intention`) on
    one intention of a call item. The member is recused from what it covers."""

    TENANT_PATH = "item__meeting__committee__agglomeration"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="conflicts")
    intention = models.ForeignKey(
        "intentions.ProjectIntention",
        verbose_name=_("project intention"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, related_name="conflicts")
    reason = models.TextField(_("reason"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared"))

    class Meta:
        ordering = ["item", "declared_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member"],
                condition=Q(intention__isnull=True),
                name="conflict_whole_item_unique",
            ),
            models.UniqueConstraint(
                fields=["item", "intention", "member"],
                condition=Q(intention__isnull=False),
                name="conflict_intention_unique",
            ),
        ]
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.item_id}/{self.intention_id or '*'}"


class Resolution(models.Model):
    """A decided agenda item: numbered per committee and year (e.g. 12/2024), with the counts.

    An item not adopted has no number (`sequence` empty, `number` "") when the statute numbers
    only adopted resolutions. On a call item each intention has its own outcome
    (`ProposalOutcome`); the resolution is adopted when at least one of them is, and its counts
    are the votes on the item of the members not recused from all of its intentions."""

    TENANT_PATH = "committee__agglomeration"

    committee = models.ForeignKey(
        SteeringCommittee, on_delete=models.PROTECT, related_name="resolutions"
    )
    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="resolution")
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence in the year"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=30, blank=True)
    adopted = models.BooleanField(_("adopted"))
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    abstentions = models.PositiveIntegerField(_("abstained"))
    recused = models.PositiveIntegerField(_("recused (conflict of interest)"))
    quorate = models.BooleanField(_("quorate"))
    casting_vote = models.BooleanField(
        _("a tie decided by the chair's casting vote"), default=False
    )
    text = models.TextField(_("text"))
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "sequence"], name="resolution_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["committee", "number"],
                condition=~Q(number=""),
                name="resolution_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(number="", sequence__isnull=True)
                | (~Q(number="") & Q(sequence__isnull=False)),
                name="resolution_numbered_with_sequence",
            ),
        ]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return self.number or f"({self.item_id})"

    @property
    def agglomeration_id(self) -> int:
        return self.committee.agglomeration_id


class ProposalOutcome(models.Model):
    """How the committee decided one intention of a call item: the members recused from it do
    not count, and quorum and majority are its own."""

    TENANT_PATH = "resolution__committee__agglomeration"

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="outcomes")
    proposal = models.OneToOneField(ItemProposal, on_delete=models.PROTECT, related_name="outcome")
    adopted = models.BooleanField(_("adopted"))
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    abstentions = models.PositiveIntegerField(_("abstained"))
    recused = models.PositiveIntegerField(_("recused (conflict of interest)"))
    quorate = models.BooleanField(_("quorate"))
    casting_vote = models.BooleanField(
        _("a tie decided by the chair's casting vote"), default=False
    )

    class Meta:
        ordering = ["resolution", "proposal"]
        verbose_name = _("outcome for a project intention")
        verbose_name_plural = _("outcomes for project intentions")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.adopted}"
