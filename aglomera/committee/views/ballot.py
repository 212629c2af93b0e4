"""The confirmation step of a vote cast online, and the receipt that follows it."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from aglomera.accounts.models import User
from aglomera.committee.forms.members import person_label
from aglomera.committee.models import AgendaItem, CommitteeMember, VoteChoice
from aglomera.committee.queries import meetings as queries
from aglomera.committee.views.pages import render_meeting
from aglomera.core.tenant import TenantRequest


def _refusal(
    page: queries.MeetingPage, row: queries.ItemRow | None, ballot: queries.Ballot | None
) -> str:
    """Why this ballot cannot be confirmed now ("" when it can); the cast checks it all again."""
    if row is None or not row.is_pending:
        return _("This item is not open for votes.")
    if ballot is None:
        return _("You can vote only for yourself or for the member whose alternate you are.")
    if not page.window_open:
        return _("The voting window is not open now.")
    name = person_label(ballot.member.user)
    if ballot.vote is not None:
        return _("A vote for %(member)s on this item is already recorded.") % {"member": name}
    if not ballot.recused:
        return ""
    return (
        _("%(member)s cannot vote on this item (conflict of interest).") % {"member": name}
        if ballot.as_alternate
        else _("You are recused from this item (conflict of interest).")
    )


def confirmation(
    request: TenantRequest, item: AgendaItem, member: CommitteeMember, choice: str
) -> HttpResponse:
    """The page that names the voter, the meeting, the item (and its project intentions) and the
    choice, with the button that casts it."""
    meeting = item.meeting
    page = queries.get_meeting_page(meeting, request.tenant.user)
    row = next((r for r in page.items if r.item.pk == item.pk), None)
    ballot = None if row is None else next((b for b in row.ballots if b.member == member), None)
    refusal = _refusal(page, row, ballot)
    if refusal:
        return render_meeting(request, meeting, error=refusal, status=422)
    assert ballot is not None  # noqa: S101  (_refusal said so)
    return render(
        request,
        "committee/vote_confirm.html",
        {
            "agglomeration": request.tenant.agglomeration,
            "committee": meeting.committee,
            "meeting": meeting,
            "row": row,
            "ballot": ballot,
            "voter": person_label(ballot.member.user),
            "caster": person_label(request.tenant.user),
            "choice": choice,
            "choice_label": VoteChoice(choice).label,
            "form_token": uuid.uuid4(),
        },
    )


def receipt(actor: User, item: AgendaItem, member: CommitteeMember, choice: str) -> str:
    """The message after the vote is cast: who voted, on what, and how."""
    values = {
        "person": person_label(member.user),
        "item": str(item),
        "meeting": str(item.meeting),
        "choice": VoteChoice(choice).label,
    }
    if member.user_id == actor.pk:
        return (
            _("The vote is recorded: %(person)s, item %(item)s of meeting %(meeting)s: %(choice)s.")
            % values
        )
    values["alternate"] = person_label(actor)
    return (
        _(
            "The vote is recorded: %(alternate)s as the alternate of %(person)s, item %(item)s of "
            "meeting %(meeting)s: %(choice)s."
        )
        % values
    )
