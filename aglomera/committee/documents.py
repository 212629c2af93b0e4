"""The minutes of a meeting as an editable DOCX (python-docx), built from the meeting page."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument

from aglomera.committee.models import CommitteeMember, MeetingForm
from aglomera.committee.queries.meetings import ItemRow, MeetingPage
from aglomera.core.text import without_control_characters

# User text is printed through `clean`: a control character pasted from Word (its line break is
# U+000B) would make python-docx refuse the whole document.
clean = without_control_characters


def _person(member: CommitteeMember) -> str:
    return clean(member.user.get_full_name() or member.user.get_username())


def _when(page: MeetingPage) -> str:
    meeting = page.meeting
    start = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    if meeting.form == MeetingForm.PER_ROLLAM and meeting.voting_closes_at is not None:
        end = timezone.localtime(meeting.voting_closes_at).strftime("%Y-%m-%d %H:%M")
        return _("written vote (per rollam) from %(start)s to %(end)s") % {
            "start": start,
            "end": end,
        }
    return f"{start}, {clean(str(meeting.place))}"


def _resolution(document: DocxDocument, row: ItemRow) -> None:
    resolution = row.resolution
    if resolution is None:
        document.add_paragraph(_("Not decided."))
        return
    outcome = _("adopted") if resolution.adopted else _("not adopted")
    document.add_paragraph(
        _("Resolution %(number)s: %(outcome)s.") % {"number": resolution.number, "outcome": outcome}
    )
    document.add_paragraph(clean(str(resolution.text)))
    document.add_paragraph(
        _(
            "For %(for)s, against %(against)s, abstained %(abstained)s, "
            "recused %(recused)s; quorate: %(quorate)s."
        )
        % {
            "for": resolution.votes_for,
            "against": resolution.votes_against,
            "abstained": resolution.abstentions,
            "recused": resolution.recused,
            "quorate": _("yes") if resolution.quorate else _("no"),
        }
    )
    if row.recused_members:
        names = ", ".join(_person(m) for m in row.recused_members)
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
        for proposal in item_row.proposals:
            document.add_paragraph(
                f"{clean(str(proposal.intention.name))} "
                f"({clean(proposal.intention.applicant.name)}): "
                f"{proposal.get_decision_display()}",
                style="List Bullet",
            )
        _resolution(document, item_row)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
