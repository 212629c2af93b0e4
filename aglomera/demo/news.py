"""News of the demo portals: real facts of both agglomerations, retold in cs/pl/en in
`data/<slug>/news.yaml`, written, illustrated and published through the news actions, acting
as the agglomeration's demo manager, on their own dates (the audit log reads like real use).

Idempotent: an item whose Czech title the agglomeration already has is left alone. The photo is
an illustration drawn here with Pillow (the names of the two cities joined by an arrow), with
its alternative text from the data file and the credit "Aglomera demo".
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.core.tenant import zone_of
from aglomera.demo.dataset import DATA_DIR
from aglomera.demo.pipeline import Counter
from aglomera.demo.reader import Node, read_yaml
from aglomera.news import actions
from aglomera.news.models import NewsItem, NewsTag

CREDIT = "Aglomera demo"
PARTNER = {"olomouc": "Opole", "opole": "Olomouc"}


def illustration(first: str, second: str) -> bytes:
    """A 1200 x 675 picture: two city names joined by an arrow on a blue gradient."""
    width, height = 1200, 675
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = int(60 + 80 * y / height)
        draw.line([(0, y), (width, y)], fill=(20, shade, 140))
    font = ImageFont.load_default(size=72)
    draw.text((90, 290), first, fill=(255, 255, 255), font=font)
    draw.text((760, 290), second, fill=(255, 214, 0), font=font)
    draw.line([(470, 335), (700, 335)], fill=(255, 255, 255), width=10)
    draw.polygon([(700, 305), (745, 335), (700, 365)], fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _tags(agglomeration: Agglomeration, node: Node, manager: User) -> dict[str, NewsTag]:
    tags = {}
    for tag in node.children("tags"):
        key = tag.text("key")
        name = tag.translated("name")
        tag.done()
        tags[key] = actions.create_tag(agglomeration, name, actor=manager, slug=key)
    return tags


def load_news(agglomeration: Agglomeration, report: Counter, path: Path | None = None) -> None:
    path = path or DATA_DIR / agglomeration.slug / "news.yaml"
    if not path.exists():
        return
    manager = User.objects.get(username=f"{agglomeration.slug}-manager")
    node = read_yaml(path)
    tags = _tags(agglomeration, node, manager)
    zone = zone_of(agglomeration.time_zone)
    existing = {
        item.title.get("cs") for item in NewsItem.objects.filter(agglomeration=agglomeration)
    }
    for entry in node.children("news"):
        title = entry.translated("title")
        published = entry.moment("published", zone)
        fields = actions.NewsFields(
            title=title,
            lead=entry.translated("lead"),
            body=entry.translated("body"),
            tags=[tags[key] for key in entry.texts("tags", ())],
        )
        photo = entry.flag("photo")
        alt = entry.translated("photo_alt") if photo else {}
        entry.done()
        if title["cs"] in existing:
            continue
        item = actions.create_news_item(agglomeration, fields, actor=manager)
        if photo:
            picture = illustration(agglomeration.slug.title(), PARTNER.get(agglomeration.slug, ""))
            actions.add_photo(
                item,
                SimpleUploadedFile("illustration.png", picture, content_type="image/png"),
                alt=alt,
                credit=CREDIT,
                actor=manager,
            )
            report.count("news photos")
        actions.publish_now(item, actor=manager, now=published)
        report.count("news items")
    node.done()
