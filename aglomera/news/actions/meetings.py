"""A news item drafted from a steering committee meeting's resolutions.

The texts are written once, in each language (`translation.override`), when the draft is made:
a news item is the office's own text, which the manager then edits, not a text the system
renders anew when it is read.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aglomera.accounts.permissions import require_perm
from aglomera.committee.models import Meeting, MeetingStatus, Resolution
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText, language_codes
from aglomera.core.tenant import zone_of
from aglomera.news.models import NewsItem


def _resolution_line(resolution: Resolution, language: str) -> str:
    subject = resolution.item.title.localized(language)
    if not resolution.adopted:
        return _("“%(subject)s”: the proposal was not adopted.") % {"subject": subject}
    return _("Resolution %(number)s: %(subject)s") % {
        "number": resolution.number,
        "subject": subject,
    }


def meeting_texts(meeting: Meeting, resolutions: list[Resolution]) -> dict[str, I18nText]:
    """Title, lead and text of the news, in every language."""
    agglomeration = meeting.committee.agglomeration
    day = timezone.localtime(meeting.starts_at, zone_of(agglomeration.time_zone)).date()
    adopted = sum(1 for r in resolutions if r.adopted)
    texts: dict[str, dict[str, str]] = {"title": {}, "lead": {}, "body": {}}
    for language in language_codes():
        with translation.override(language):
            values = {
                "number": str(meeting),
                "date": formats.date_format(day, "DATE_FORMAT"),
                "committee": meeting.committee.name.localized(language),
                "count": adopted,
            }
            texts["title"][language] = (
                _("The steering committee decided at its meeting %(number)s") % values
            )
            texts["lead"][language] = (
                ngettext(
                    "%(committee)s met on %(date)s (meeting %(number)s) and adopted "
                    "%(count)s resolution.",
                    "%(committee)s met on %(date)s (meeting %(number)s) and adopted "
                    "%(count)s resolutions.",
                    adopted,
                )
                % values
            )
            lines = [_resolution_line(r, language) for r in resolutions]
            texts["body"][language] = "\n\n".join(lines)
    return {name: I18nText(value) for name, value in texts.items()}


@transaction.atomic
def news_from_meeting(meeting: Meeting, *, actor: Actor) -> NewsItem:
    """A draft about a closed meeting's resolutions; the meeting's existing item if it has one
    (so the button pressed twice opens the same draft)."""
    require_perm(actor, "news.manage", meeting)
    agglomeration = meeting.committee.agglomeration
    existing = NewsItem.objects.filter(meeting=meeting).order_by("pk").first()
    if existing is not None:
        return existing
    if meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(
            _("Only a closed meeting's resolutions can be turned into news."), code="not_closed"
        )
    resolutions = list(
        Resolution.objects.filter(item__meeting=meeting)
        .select_related("item")
        .order_by("item__order", "pk")
    )
    if not resolutions:
        raise ValidationError(_("The meeting decided no resolution."), code="no_resolutions")
    item = NewsItem.objects.create(
        agglomeration=agglomeration,
        author=actor,
        meeting=meeting,
        **meeting_texts(meeting, resolutions),
    )
    record(
        "news.item.from_meeting",
        actor=actor,
        target=item,
        agglomeration_id=agglomeration.pk,
        after={"meeting": meeting.pk, "resolutions": [r.number for r in resolutions]},
    )
    return item
