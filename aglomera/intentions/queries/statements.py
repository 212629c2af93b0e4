"""The read side of compliance statements and the managing authority's record.

Each function runs a fixed number of queries whatever the amount of data (pinned in tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from aglomera.core.actors import Actor
from aglomera.intentions.models import ChangeRequest, ComplianceStatement, ProjectIntention
from aglomera.intentions.rules import CHANGEABLE, TRACKED
from aglomera.intentions.transitions import INTENTION

TRACK_PERMISSION = "intentions.track"


def statements() -> QuerySet[ComplianceStatement]:
    """Statements with everything their documents show, for `get_in_tenant` (one query)."""
    return ComplianceStatement.objects.select_related(
        "intention__call__agglomeration",
        "intention__call__strategy",
        "intention__applicant",
        "resolution",
        "issued_by",
        "change_request",
    )


@dataclass
class StatementsPage:
    intention: ProjectIntention
    statements: list[ComplianceStatement]
    changes: list[ChangeRequest]
    track_targets: list[str]
    can_track: bool
    can_request_change: bool

    @property
    def is_tracked(self) -> bool:
        return self.intention.status in TRACKED


def get_statements_page(intention: ProjectIntention, user: Actor) -> StatementsPage:
    """The intention's statements, its change requests and the managing-authority panel: two
    queries (the actor's roles are loaded once per request)."""
    statements = list(
        ComplianceStatement.objects.filter(intention=intention)
        .select_related("resolution", "issued_by")
        .order_by("issued_on", "id")
    )
    changes = list(
        ChangeRequest.objects.filter(intention=intention)
        .select_related("requested_by")
        .order_by("-created_at", "-id")
    )
    for statement in statements:
        statement.intention = intention
    for change in changes:
        change.intention = intention
    return StatementsPage(
        intention=intention,
        statements=statements,
        changes=changes,
        track_targets=track_targets(intention, user),
        can_track=intention.status in TRACKED and user.has_perm("intentions.track", intention),
        can_request_change=intention.status in CHANGEABLE
        and user.has_perm("changes.request", intention),
    )


def track_targets(intention: ProjectIntention, actor: Actor) -> list[str]:
    """The managing-authority steps the actor may take on the intention now."""
    return [
        to
        for to in INTENTION.allowed(intention, actor)
        if INTENTION.permission(intention.status, to) == TRACK_PERMISSION
    ]
