"""Publishing an exchange as news on the portal of every member of its partnership (issue 13).

One news item per member agglomeration, on that member's portal, linked back to the exchange
(`NewsItem.exchange`). The texts are written once, in each language the exchange's title has
(`translation.override`): the title, a lead saying what kind of exchange it was, where and when,
and a text of the report (when written in that language), the programme, the outcomes and the
participants. The exchange's photos are copied into each new item's gallery: each item gets its
own stored files (the same re-encoded bytes), so removing a photo from the news or from the
exchange leaves the other one whole. A news item is the office's
own text, which its office may then edit, not a text rendered anew when it is read (the same
pattern as the committee meeting's news, aglomera/news/actions/meetings.py).

Who publishes on a portal is that agglomeration's manager (`news.publish`). The acting manager's
own portal gets the item published at once (the news workflow's "publish now" step, audited);
on a partner's portal the item waits as a draft for the partner's manager, unless the actor is
a manager there too. Publishing again creates nothing new: the items already made are returned,
and a draft still waiting on a portal the actor may publish on is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from aglomera.accounts.permissions import require_perm
from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.common import require_member
from aglomera.cooperation.models import (
    Exchange,
    ExchangeKind,
    ExchangePhoto,
    ExchangeProgrammeItem,
    PartnershipMember,
    ProgrammeItemKind,
)
from aglomera.cooperation.templatetags.cooperation import partial_date
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.core.i18n import I18nText, as_i18n, language_codes
from aglomera.news import photos
from aglomera.news.actions import publish_now
from aglomera.news.models import NewsItem, NewsPhoto, NewsStatus
from aglomera.portal.models import PublicProject

# The longest title and lead a news item takes (aglomera/news/models.py).
TITLE_LENGTH = 200
LEAD_LENGTH = 600


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _dates(exchange: Exchange) -> str:
    start = partial_date(exchange.starts_on, exchange.dates_precision, "DATE_FORMAT")
    if exchange.ends_on is None or exchange.ends_on == exchange.starts_on:
        return start
    return f"{start} – {partial_date(exchange.ends_on, exchange.dates_precision, 'DATE_FORMAT')}"


def _lead(exchange: Exchange, language: str) -> str:
    values = {
        "host": as_i18n(exchange.host.name).localized(language),
        "dates": _dates(exchange),
        "partnership": as_i18n(exchange.partnership.name).localized(language),
    }
    if exchange.kind == ExchangeKind.INTERNSHIP:
        text = _(
            "An internship hosted by %(host)s, %(dates)s, within the partnership %(partnership)s."
        )
    elif exchange.kind == ExchangeKind.STUDY_VISIT:
        text = _(
            "A study visit hosted by %(host)s, %(dates)s, within the partnership %(partnership)s."
        )
    else:
        text = _(
            "An exchange hosted by %(host)s, %(dates)s, within the partnership %(partnership)s."
        )
    return _cut(text % values, LEAD_LENGTH)


def _item_line(item: ExchangeProgrammeItem, language: str) -> str:
    """One item of the programme as a line of the news: its day and time when known, its
    title, place and project. A project record's name only when the record is on the host's
    portal (the news is public; the other records are not)."""
    when = ""
    if item.day is not None:
        when = partial_date(item.day, "day", "DATE_FORMAT")
        if item.starts_at is not None:
            when += " " + str(formats.time_format(item.starts_at, "TIME_FORMAT"))
        when += ": "
    details = [item.place] if item.place else []
    project = item.project_text
    if item.intention is not None and item.public_project:  # type: ignore[attr-defined]
        project = as_i18n(item.intention.name).localized(language)
    if project:
        details.append(_("project: %(project)s") % {"project": project})
    line = f"• {when}{as_i18n(item.title).localized(language)}"
    if item.kind == ProgrammeItemKind.SITE_VISIT:
        line += " (" + _("site visit") + ")"
    return line + (f" – {'; '.join(details)}" if details else "")


def _items(exchange: Exchange) -> list[ExchangeProgrammeItem]:
    """The exchange's programme, each item knowing whether its record is public (1 query)."""
    public = PublicProject.objects.filter(intention_id=OuterRef("intention_id"))
    return list(
        ExchangeProgrammeItem.objects.filter(exchange=exchange)
        .select_related("intention")
        .annotate(public_project=Exists(public))
        .order_by(F("day").asc(nulls_last=True), F("starts_at").asc(nulls_first=True), "pk")
    )


def _body(exchange: Exchange, language: str, items: list[ExchangeProgrammeItem]) -> str:
    sections = [
        (pgettext("exchange", "Report"), exchange.report.get(language, "")),
        (_("Programme and topics"), exchange.programme.get(language, "")),
        (_("Programme"), "\n".join(_item_line(item, language) for item in items)),
        (_("Outcomes"), exchange.outcomes.get(language, "")),
        (_("Participants"), exchange.participants.get(language, "")),
    ]
    return "\n\n".join(f"{heading}\n\n{text}" for heading, text in sections if text)


def exchange_news_texts(exchange: Exchange) -> dict[str, I18nText]:
    """Title, lead and text of the news about the exchange, in each language its title has
    (the exchange's `host` and `partnership` loaded)."""
    texts: dict[str, dict[str, str]] = {"title": {}, "lead": {}, "body": {}}
    items = _items(exchange)
    for language in language_codes():
        title = exchange.title.get(language, "")
        if not title:
            continue
        with translation.override(language):
            texts["title"][language] = _cut(title, TITLE_LENGTH)
            texts["lead"][language] = _lead(exchange, language)
            if body := _body(exchange, language, items):
                texts["body"][language] = body
    return {name: I18nText(value) for name, value in texts.items()}


def _read(name: str) -> bytes | None:
    try:
        with photos.open_stored(name) as handle:
            return handle.read()
    except (OSError, ValueError):  # the file is gone: the photo is left out
        return None


def copy_photos(exchange: Exchange, item: NewsItem) -> list[NewsPhoto]:
    """The exchange's photos in the item's gallery, each under newly stored copies of the same
    re-encoded files (a photo whose files are gone is left out)."""
    copied: list[NewsPhoto] = []
    for order, photo in enumerate(ExchangePhoto.objects.filter(exchange=exchange), start=1):
        image, thumbnail = _read(photo.image), _read(photo.thumbnail)
        if image is None or thumbnail is None:
            continue
        processed = photos.Processed(image, thumbnail, photo.width, photo.height)
        stored_image, stored_thumbnail = photos.store(item.agglomeration_id, processed)
        copied.append(
            NewsPhoto.objects.create(
                item=item,
                image=stored_image,
                thumbnail=stored_thumbnail,
                width=photo.width,
                height=photo.height,
                alt=photo.alt,
                credit=photo.credit,
                order=order,
            )
        )
    return copied


@dataclass(frozen=True)
class PortalNews:
    """The item on one member's portal, and what this call did to it."""

    agglomeration: Agglomeration
    item: NewsItem
    created: bool
    published: bool


@dataclass(frozen=True)
class ExchangeNews:
    portals: list[PortalNews]  # the acting agglomeration's portal first

    @property
    def changed(self) -> bool:
        """Whether this call made or published anything (else: already published)."""
        return any(portal.created or portal.published for portal in self.portals)


def portal_members(exchange: Exchange, first: Agglomeration) -> list[Agglomeration]:
    """The members of the exchange's partnership: `first`, then the others in the order they
    joined (1 query)."""
    members = [
        member.agglomeration
        for member in PartnershipMember.objects.filter(partnership_id=exchange.partnership_id)
        .select_related("agglomeration")
        .order_by("pk")
    ]
    return sorted(members, key=lambda member: member.pk != first.pk)


@transaction.atomic
def publish_exchange_as_news(
    exchange: Exchange,
    *,
    agglomeration: Agglomeration,
    actor: Actor,
    now: datetime | None = None,
) -> ExchangeNews:
    """A news item about the exchange on the portal of each member of its partnership, made by
    the manager of `agglomeration` (a member): published where the actor holds `news.publish`,
    a draft for the partner's manager elsewhere. Items made before are kept, never doubled."""
    require_member(actor, "cooperation.manage", exchange.partnership, agglomeration)
    require_perm(actor, "news.publish", agglomeration)
    # The exchange's row is the lock: two clicks at once make one item per portal.
    locked = (
        Exchange.objects.select_for_update(of=("self",))
        .select_related("host", "partnership")
        .get(pk=exchange.pk)
    )
    made = NewsItem.objects.select_for_update().filter(exchange=locked)
    existing = {item.agglomeration_id: item for item in made}
    texts = exchange_news_texts(locked)
    portals: list[PortalNews] = []
    for member in portal_members(locked, agglomeration):
        item = existing.get(member.pk)
        created = item is None
        if item is None:
            item = NewsItem.objects.create(
                agglomeration=member, author=actor, exchange=locked, **texts
            )
            copied = copy_photos(locked, item)
            record(
                "news.item.from_exchange",
                actor=actor,
                target=item,
                agglomeration_id=member.pk,
                after={
                    "exchange": locked.pk,
                    "by_agglomeration": agglomeration.pk,
                    **{name: dict(value) for name, value in texts.items()},
                    "photos": [photo.pk for photo in copied],
                },
            )
        published = item.status == NewsStatus.DRAFT and actor.has_perm("news.publish", member)
        if published:
            item = publish_now(item, actor=actor, now=now)
        portals.append(PortalNews(member, item, created, published))
    result = ExchangeNews(portals)
    if result.changed:
        record(
            "cooperation.exchange.published_as_news",
            actor=actor,
            target=locked,
            agglomeration_id=agglomeration.pk,
            after={
                "items": {str(p.agglomeration.pk): p.item.pk for p in portals},
                "published": [p.item.pk for p in portals if p.published],
                "drafts": [p.item.pk for p in portals if p.item.status == NewsStatus.DRAFT],
            },
        )
    return result
