"""The minutes of a meeting as an editable DOCX (python-docx), built from the meeting page."""

from __future__ import annotations

from io import BytesIO

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument

from aglomera.committee.models import CommitteeMember, MeetingForm, ProposalOutcome, Resolution
from aglomera.committee.queries.meetings import ItemRow, MeetingPage, Recusal
from aglomera.core.text import without_control_characters

# User text is printed through `clean`: a control character pasted from Word (its line break is
# U+000B) would make python-docx refuse the whole document.
clean = without_control_characters


def _person(member: CommitteeMember) -> str:
    return clean(member.user.get_full_name() or member.user.get_username())


def _when(page: MeetingPage) -> str:
    meeting = page.meeting
    start = formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")
    if meeting.form == MeetingForm.PER_ROLLAM and meeting.voting_closes_at is not None:
        end = formats.date_format(
            timezone.localtime(meeting.voting_closes_at), "SHORT_DATETIME_FORMAT"
        )
        return _("written vote (per rollam) from %(start)s to %(end)s") % {
            "start": start,
            "end": end,
        }
    return f"{start}, {clean(str(meeting.place))}"


def _recusal(recusal: Recusal) -> str:
    if recusal.organisation is not None:
        why = _("represents %(organisation)s") % {"organisation": clean(recusal.organisation.name)}
    elif recusal.declaration is not None:
        why = _("declared: %(reason)s") % {"reason": clean(recusal.declaration.reason)}
    else:
        why = _("recused from every project intention on it")
    return f"{_person(recusal.member)} ({why})"


def _counts(counted: Resolution | ProposalOutcome) -> str:
    text = _(
        "For %(for)s, against %(against)s, abstained %(abstained)s, "
        "recused %(recused)s; quorate: %(quorate)s."
    ) % {
        "for": counted.votes_for,
        "against": counted.votes_against,
        "abstained": counted.abstentions,
        "recused": counted.recused,
        "quorate": _("yes") if counted.quorate else _("no"),
    }
    if counted.casting_vote:
        text += " " + _("The votes were tied; the chair's casting vote decided.")
    return text


def _proposals(document: DocxDocument, row: ItemRow) -> None:
    """Each intention of a call item: its proposal, who is recused from it and its outcome."""
    for part in row.parts:
        intention = part.proposal.intention
        line = (
            f"{clean(str(intention.name))} ({clean(intention.applicant.name)}): "
            f"{part.proposal.get_decision_display()}"
        )
        if part.outcome is not None:
            outcome = _("adopted") if part.outcome.adopted else _("not adopted")
            line += f": {outcome}. {_counts(part.outcome)}"
        if part.recused:
            names = "; ".join(_recusal(r) for r in part.recused)
            line += " " + _("Recused: %(names)s.") % {"names": names}
        document.add_paragraph(line, style="List Bullet")


def _declarations(document: DocxDocument, row: ItemRow) -> None:
    for declaration in row.declarations:
        values = {"name": _person(declaration.member), "reason": clean(declaration.reason)}
        if declaration.intention is not None:
            text = _("%(name)s declared a conflict of interest on %(intention)s: %(reason)s") % {
                **values,
                "intention": clean(str(declaration.intention.name)),
            }
        else:
            text = _("%(name)s declared a conflict of interest on the whole item: %(reason)s") % (
                values
            )
        document.add_paragraph(text)


def _resolution(document: DocxDocument, row: ItemRow) -> None:
    resolution = row.resolution
    if resolution is None:
        document.add_paragraph(_("Not decided."))
        return
    outcome = _("adopted") if resolution.adopted else _("not adopted")
    if resolution.number:
        heading = _("Resolution %(number)s: %(outcome)s.") % {
            "number": resolution.number,
            "outcome": outcome,
        }
    else:
        heading = _("Decided, without a resolution number: %(outcome)s.") % {"outcome": outcome}
    document.add_paragraph(heading)
    if resolution.text:
        document.add_paragraph(clean(str(resolution.text)))
    document.add_paragraph(_counts(resolution))
    if row.recused:
        names = "; ".join(_recusal(r) for r in row.recused)
        document.add_paragraph(
            _("Did not vote because of a conflict of interest: %(names)s.") % {"names": names}
        )


def minutes_docx(page: MeetingPage) -> bytes:
    meeting = page.meeting
    document = Document()
    document.add_heading(
        _("Minutes of meeting %(number)s/%(period)s of the %(committee)s")
        % {
            "number": meeting.number,
            "period": meeting.period,
            "committee": clean(str(page.committee.name)),
        },
        level=1,
    )
    document.add_paragraph(_when(page))
    document.add_heading(_("Attendance"), level=2)
    if meeting.form == MeetingForm.IN_PERSON:
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = _("Member")
        table.rows[0].cells[1].text = _("Attendance")
        for member in page.members:
            if not member.active:
                continue
            presence = page.attendance.get(member.pk)
            if presence is None or not presence.present:
                state = _("absent")
            elif presence.by_alternate:
                state = _("represented by the alternate")
            else:
                state = _("present")
            cells = table.add_row().cells
            cells[0].text = _person(member)
            cells[1].text = state
    else:
        voted = {v.member_id for row in page.items for v in row.votes}
        for member in page.members:
            if member.active:
                state = _("voted") if member.pk in voted else _("did not vote")
                document.add_paragraph(f"{_person(member)}: {state}", style="List Bullet")
    document.add_heading(_("Agenda and resolutions"), level=2)
    for item_row in page.items:
        document.add_heading(f"{item_row.item.order}. {clean(str(item_row.item.title))}", level=3)
        _proposals(document, item_row)
        _declarations(document, item_row)
        _resolution(document, item_row)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
