"""The read side of joint project ideas: a partnership's ideas, one idea's page (its sides with
the measure and budget of each, its history and comments), the measures a side may choose, and
an idea as it was at an earlier revision (for the merge of a refused edit). Every read starts
from the agglomeration of the URL: an idea of a partnership it is not a member of is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.ideas import snapshot
from aglomera.cooperation.models import (
    IdeaStatus,
    JointIdea,
    JointIdeaComment,
    JointIdeaSide,
    Partnership,
    PartnershipMember,
    PartnershipShare,
    ShareKind,
)
from aglomera.cooperation.queries.cooperation import missing_languages, version_as_of
from aglomera.cooperation.transitions import JOINT_IDEA
from aglomera.core.actors import Actor
from aglomera.core.collation import sort_key
from aglomera.core.i18n import I18nText
from aglomera.core.language_pairs import StaleRow, stale_rows
from aglomera.core.models import StatusChange
from aglomera.core.tenant import get_in_tenant
from aglomera.strategy.models import Measure

# The audit codes that raise an idea's revision: its edits and its workflow steps.
REVISION_CODES = [
    "cooperation.joint_idea.edited",
    *(f"{JOINT_IDEA.name}.{status}" for status in IdeaStatus.values),
]


def idea_missing(idea: JointIdea) -> list[str]:
    return missing_languages(idea.title, idea.summary, idea.fit, idea.programme, idea.priority)


IDEA_TEXTS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "fit": _("Fit with the programme's priorities"),
    "programme": _("Programme"),
    "priority": _("Priority"),
}


def idea_texts(idea: JointIdea) -> dict[str, I18nText]:
    """The idea's texts as saved, {field: {language: text}} (for the language pairs)."""
    return {name: getattr(idea, name) for name in IDEA_TEXTS}


def idea_stale(idea: JointIdea) -> list[StaleRow]:
    """The translations of the idea's title, summary and fit older than their source (read from
    the row's stamps: no query)."""
    texts = idea_texts(idea)
    return stale_rows(
        idea.text_changed, {name: (label, texts[name]) for name, label in IDEA_TEXTS.items()}
    )


def _sides() -> Any:
    return Prefetch(
        "sides",
        queryset=JointIdeaSide.objects.select_related(
            "agglomeration", "measure", "measure__version__strategy"
        ),
    )


def _ordered(sides: list[JointIdeaSide], agglomeration: Agglomeration) -> list[JointIdeaSide]:
    """The reader's own side first, then the others by name."""
    return sorted(
        sides,
        key=lambda side: (
            side.agglomeration_id != agglomeration.pk,
            sort_key(str(side.agglomeration.name)),
        ),
    )


def get_idea(agglomeration: Agglomeration, pk: int) -> JointIdea:
    """One idea of a partnership the agglomeration is a member of, with its sides (2 queries;
    404 for anybody else's)."""
    queryset = JointIdea.objects.select_related("partnership").prefetch_related(_sides())
    return get_in_tenant(queryset, agglomeration, pk=pk)


@dataclass(frozen=True)
class IdeaPage:
    idea: JointIdea
    sides: list[JointIdeaSide]  # the reader's own first; budgets never added up
    history: list[StatusChange]  # oldest first
    comments: list[JointIdeaComment]  # oldest first
    steps: list[IdeaStatus]  # what the reader may do now (the buttons)
    missing: list[str]
    stale: list[StaleRow]  # the translations older than their source


def idea_page(agglomeration: Agglomeration, pk: int, actor: Actor) -> IdeaPage:
    """Everything the idea's page shows (5 queries: the idea, its sides, history, comments,
    and the partnership's members for the steps the reader may take)."""
    idea = get_idea(agglomeration, pk)
    history = list(
        StatusChange.objects.filter(
            workflow=JOINT_IDEA.name,
            content_type=ContentType.objects.get_for_model(JointIdea),
            object_id=idea.pk,
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    comments = list(
        JointIdeaComment.objects.filter(idea=idea)
        .select_related("author", "agglomeration")
        .order_by("created_at", "pk")
    )
    return IdeaPage(
        idea,
        _ordered(list(idea.sides.all()), agglomeration),
        history,
        comments,
        JOINT_IDEA.allowed(idea, actor),
        idea_missing(idea),
        idea_stale(idea),
    )


def idea_as_of(idea: JointIdea, revision: int) -> dict[str, Any] | None:
    """The idea as it was at an earlier `revision`, in the shape of `actions.ideas.snapshot`
    (None when the audit log does not reach back that far)."""
    return version_as_of(idea, revision, snapshot(idea), REVISION_CODES)


def partnership_members(partnership: Partnership) -> list[Agglomeration]:
    """The members, by name (the sides of a new idea)."""
    members = PartnershipMember.objects.filter(partnership=partnership).select_related(
        "agglomeration"
    )
    return sorted((member.agglomeration for member in members), key=lambda a: sort_key(str(a.name)))


def measure_choices(
    agglomeration: Agglomeration,
    keep: int | None = None,
    *,
    reader: Agglomeration | None = None,
    partnership: Partnership | None = None,
) -> QuerySet[Measure]:
    """The measures a side may name: those of the current version of each of its strategies
    (the newest period first), and `keep` (the one the idea names already, even if a later
    version of the strategy replaced it). Offered to the staff of another member (`reader`),
    only the strategies this side shares with `partnership` are listed, so an idea's form never
    shows a partner's unshared strategy (`keep` stays: the idea names it already)."""
    current = Q(
        version__strategy__agglomeration=agglomeration,
        version=F("version__strategy__current_version"),
    )
    if reader is not None and partnership is not None and reader.pk != agglomeration.pk:
        current &= Q(
            Exists(
                PartnershipShare.objects.filter(
                    partnership=partnership,
                    agglomeration=agglomeration,
                    kind=ShareKind.STRATEGY,
                    object_id=OuterRef("version__strategy_id"),
                )
            )
        )
    wanted = current
    if keep is not None:
        wanted |= Q(pk=keep, version__strategy__agglomeration=agglomeration)
    return (
        Measure.objects.filter(wanted)
        .select_related("version__strategy")
        .order_by("-version__strategy__period", "code", "pk")
    )
