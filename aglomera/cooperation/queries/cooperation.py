"""The read side of cooperation: an agglomeration's partnerships, one partnership's page
(members, agreement, projects with each partner's budget, the exchanges newest first) and one
exchange. Every read starts from the agglomeration of the URL: a partnership it is not a member
of is a 404 (`get_in_tenant` through the members)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aglomera.agglomerations.models import Agglomeration, Municipality
from aglomera.cooperation.actions.exchanges import snapshot
from aglomera.cooperation.actions.partnerships import partnership_snapshot, project_snapshot
from aglomera.cooperation.models import (
    CooperationProject,
    Exchange,
    ExchangeParticipant,
    ExchangePhoto,
    ExchangeProgrammeItem,
    JointIdea,
    Partnership,
    PartnershipMember,
    ProjectBudget,
)
from aglomera.core.collation import sort_key
from aglomera.core.i18n import I18nText, language_codes
from aglomera.core.language_pairs import StaleRow, stale_rows
from aglomera.core.models import AuditEvent
from aglomera.core.tenant import get_in_tenant, in_tenant
from aglomera.portal.models import PublicProject


def missing_languages(*texts: I18nText) -> list[str]:
    """The languages some of the filled texts lack: the marker of a missing translation."""
    filled = [text for text in texts if text]
    return [code for code in language_codes() if any(not text.get(code) for text in filled)]


def exchange_missing(exchange: Exchange) -> list[str]:
    return missing_languages(
        exchange.title,
        exchange.participants,
        exchange.programme,
        exchange.outcomes,
        exchange.report,
    )


EXCHANGE_TEXTS = {
    "title": _("Title"),
    "participants": _("Participants"),
    "programme": _("Programme and topics"),
    "outcomes": _("Outcomes"),
    "report": pgettext_lazy("exchange", "Report"),
}


def exchange_texts(exchange: Exchange) -> dict[str, I18nText]:
    """The exchange's texts as saved, {field: {language: text}} (for the language pairs)."""
    return {name: getattr(exchange, name) for name in EXCHANGE_TEXTS}


def exchange_stale(exchange: Exchange) -> list[StaleRow]:
    """The translations of the exchange's texts older than their source."""
    texts = exchange_texts(exchange)
    return stale_rows(
        exchange.text_changed,
        {name: (label, texts[name]) for name, label in EXCHANGE_TEXTS.items()},
    )


PARTNERSHIP_TEXTS = {"name": _("Name"), "description": _("Description")}
PROJECT_TEXTS = {"name": _("Name"), "programme": _("Programme"), "activities": _("Activities")}


def item_texts(item: Partnership | CooperationProject) -> dict[str, I18nText]:
    """A partnership's or project's texts as saved, {field: {language: text}}."""
    labels = PARTNERSHIP_TEXTS if isinstance(item, Partnership) else PROJECT_TEXTS
    return {name: getattr(item, name) for name in labels}


def item_missing(item: Partnership | CooperationProject) -> list[str]:
    """The languages the partnership's or project's filled texts lack."""
    return missing_languages(*item_texts(item).values())


def item_stale(item: Partnership | CooperationProject) -> list[StaleRow]:
    """The translations of a partnership's or project's texts older than their source (read
    from the row's stamps: no query)."""
    labels = PARTNERSHIP_TEXTS if isinstance(item, Partnership) else PROJECT_TEXTS
    texts = item_texts(item)
    return stale_rows(
        item.text_changed, {name: (label, texts[name]) for name, label in labels.items()}
    )


@dataclass(frozen=True)
class PartnershipRow:
    partnership: Partnership
    partners: list[Agglomeration]  # the other members, by name
    projects: int
    exchanges: int


def _members() -> Any:
    return Prefetch("members", queryset=PartnershipMember.objects.select_related("agglomeration"))


def _partners(partnership: Partnership, agglomeration: Agglomeration) -> list[Agglomeration]:
    others = [
        member.agglomeration
        for member in partnership.members.all()
        if member.agglomeration_id != agglomeration.pk
    ]
    return sorted(others, key=lambda other: sort_key(str(other.name)))


def list_partnerships(agglomeration: Agglomeration) -> list[PartnershipRow]:
    """The partnerships the agglomeration is a member of (2 queries)."""
    partnerships = (
        in_tenant(Partnership, agglomeration)
        .annotate(
            project_count=Count("projects", distinct=True),
            exchange_count=Count("exchanges", distinct=True),
        )
        .prefetch_related(_members())
        .order_by("-agreement_signed_on", "pk")
    )
    return [
        PartnershipRow(
            partnership,
            _partners(partnership, agglomeration),
            partnership.project_count,
            partnership.exchange_count,
        )
        for partnership in partnerships
    ]


@dataclass(frozen=True)
class ProjectRow:
    project: CooperationProject
    budgets: list[ProjectBudget]  # per partner and basis; never added up
    missing: list[str]  # languages its texts lack
    stale: list[StaleRow]  # its translations older than their source


@dataclass(frozen=True)
class PartnershipPage:
    partnership: Partnership
    members: list[PartnershipMember]
    projects: list[ProjectRow]
    exchanges: list[Exchange]  # newest first
    ideas: list[JointIdea]  # joint project ideas, the latest changed first
    missing: list[str]  # languages the partnership's texts lack
    stale: list[StaleRow]  # its translations older than their source


def get_partnership(agglomeration: Agglomeration, pk: int) -> PartnershipPage:
    """A partnership of the agglomeration with everything its page shows (6 queries)."""
    budgets = ProjectBudget.objects.select_related("agglomeration").order_by(
        "agglomeration__slug", "basis"
    )
    projects: Any = Prefetch(
        "projects",
        queryset=CooperationProject.objects.prefetch_related(
            Prefetch("budgets", queryset=budgets)
        ).order_by("pk"),  # in the order they were recorded (some lack their dates)
    )
    queryset = Partnership.objects.prefetch_related(_members(), projects)
    partnership = get_in_tenant(queryset, agglomeration, pk=pk)
    exchanges = list(
        Exchange.objects.filter(partnership=partnership)
        .select_related("host", "project")
        .order_by("-starts_on", "-pk")
    )
    members = sorted(
        partnership.members.all(), key=lambda member: sort_key(str(member.agglomeration.name))
    )
    projects = [
        ProjectRow(project, list(project.budgets.all()), item_missing(project), item_stale(project))
        for project in partnership.projects.all()
    ]
    ideas = list(JointIdea.objects.filter(partnership=partnership).order_by("-updated_at", "-pk"))
    return PartnershipPage(
        partnership,
        members,
        projects,
        exchanges,
        ideas,
        item_missing(partnership),
        item_stale(partnership),
    )


def partnership_of(agglomeration: Agglomeration, pk: int) -> Partnership:
    """The partnership alone (1 query; 404 unless the agglomeration is a member)."""
    return get_in_tenant(Partnership, agglomeration, pk=pk)


def project_of(agglomeration: Agglomeration, pk: int) -> CooperationProject:
    """A cooperation project with its partnership (1 query; 404 unless the agglomeration is a
    member of the project's partnership)."""
    return get_in_tenant(
        CooperationProject.objects.select_related("partnership"), agglomeration, pk=pk
    )


def get_exchange(agglomeration: Agglomeration, pk: int) -> Exchange:
    """One exchange of a partnership the agglomeration is a member of (404 for another's)."""
    queryset = Exchange.objects.select_related("partnership", "project", "host")
    return get_in_tenant(queryset, agglomeration, pk=pk)


def exchange_people(exchange: Exchange) -> list[ExchangeParticipant]:
    """The participants of the exchange, the hosts first, in the order they were added (1 query)."""
    return list(
        ExchangeParticipant.objects.filter(exchange=exchange)
        .select_related("side")
        .order_by("-part", "pk")
    )


def exchange_items(exchange: Exchange) -> list[ExchangeProgrammeItem]:
    """The programme of the exchange by day and time (items without a day last), each with its
    project record's name and `public_project`: whether that record is on the host's portal
    (1 query, however many items). Only the record's name and id are read: a partner's staff
    see no more of the host's records."""
    public = PublicProject.objects.filter(intention_id=OuterRef("intention_id"))
    return list(
        ExchangeProgrammeItem.objects.filter(exchange=exchange)
        .select_related("intention")
        .only(*ITEM_FIELDS, "intention__id", "intention__name")
        .annotate(public_project=Exists(public))
        .order_by(F("day").asc(nulls_last=True), F("starts_at").asc(nulls_first=True), "pk")
    )


ITEM_FIELDS = (
    "id",
    "exchange_id",
    "day",
    "starts_at",
    "kind",
    "title",
    "place",
    "intention_id",
    "project_text",
    "project_url",
)


def get_item(agglomeration: Agglomeration, exchange_pk: int, pk: int) -> ExchangeProgrammeItem:
    """An item of an exchange of a partnership the agglomeration is a member of (404 for anyone
    else's, and for an item of another exchange)."""
    queryset = ExchangeProgrammeItem.objects.select_related("exchange__partnership")
    return get_in_tenant(queryset, agglomeration, pk=pk, exchange_id=exchange_pk)


def get_participant(agglomeration: Agglomeration, exchange_pk: int, pk: int) -> ExchangeParticipant:
    """A participant of an exchange of a partnership the agglomeration is a member of (404 for
    anyone else's, and for a participant of another exchange)."""
    queryset = ExchangeParticipant.objects.select_related("exchange__partnership")
    return get_in_tenant(queryset, agglomeration, pk=pk, exchange_id=exchange_pk)


def exchange_photos(exchange: Exchange) -> list[ExchangePhoto]:
    """The photos of the exchange's report, in the gallery's order (1 query)."""
    return list(ExchangePhoto.objects.filter(exchange=exchange).order_by("order", "pk"))


def get_photo(agglomeration: Agglomeration, exchange_pk: int, pk: int) -> ExchangePhoto:
    """A photo of an exchange of a partnership the agglomeration is a member of (404 for
    anyone else's, and for a photo of another exchange)."""
    queryset = ExchangePhoto.objects.select_related("exchange__partnership")
    return get_in_tenant(queryset, agglomeration, pk=pk, exchange_id=exchange_pk)


def member_agglomerations(partnership: Partnership) -> list[Agglomeration]:
    """The members of the partnership, by name (the form's choice of host)."""
    agglomerations = Agglomeration.objects.filter(partnership_memberships__partnership=partnership)
    return sorted(agglomerations, key=lambda other: sort_key(str(other.name)))


def member_municipality_names(partnership: Partnership) -> list[str]:
    """The names of every member's municipalities, in the reader's collation, each once: the
    suggestions for a participant's organisation (1 query)."""
    names = set(
        Municipality.objects.filter(
            agglomeration__partnership_memberships__partnership=partnership
        ).values_list("name", flat=True)
    )
    return sorted(names, key=sort_key)


def exchange_as_of(exchange: Exchange, revision: int) -> dict[str, Any] | None:
    """The exchange as it was at an earlier `revision` (see `version_as_of`)."""
    return version_as_of(exchange, revision, snapshot(exchange), ["cooperation.exchange.edited"])


def partnership_as_of(partnership: Partnership, revision: int) -> dict[str, Any] | None:
    """The partnership as it was at an earlier `revision` (see `version_as_of`)."""
    return version_as_of(
        partnership,
        revision,
        partnership_snapshot(partnership),
        ["cooperation.partnership.edited"],
    )


def project_as_of(project: CooperationProject, revision: int) -> dict[str, Any] | None:
    """The cooperation project as it was at an earlier `revision` (see `version_as_of`)."""
    return version_as_of(
        project, revision, project_snapshot(project), ["cooperation.project.edited"]
    )


def version_as_of(
    obj: Exchange | Any, revision: int, current: dict[str, Any], codes: list[str]
) -> dict[str, Any] | None:
    """A joint item as it was at an earlier `revision`, in the shape of the audit log's
    snapshot: `current` (its snapshot now) with the changes since undone from their audit
    records. Each record of `codes` on the item raised the revision by one and recorded the
    values it replaced (an edit: the changed inputs; a workflow step: the status, which is no
    input and is ignored). None when `revision` is not an earlier one or the log does not reach
    back that far."""
    steps = int(obj.revision) - revision
    if steps < 0:
        return None
    changes = list(
        AuditEvent.objects.filter(
            code__in=codes,
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
        )
        .order_by("-created_at", "-id")
        .values_list("before", flat=True)[:steps]
    )
    if len(changes) < steps:
        return None
    version = dict(current)
    for before in changes:  # newest first
        version.update({key: value for key, value in (before or {}).items() if key in current})
    return version
