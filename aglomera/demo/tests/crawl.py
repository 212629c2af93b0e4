"""Crawling the staff side as one person: the pages reachable by links from the dashboard, their
visible text. Used by the language crawl test (and handy from a shell while hunting a string)."""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.contrib.auth import get_user_model
from django.test import Client

# Links that download a file, sign out or only answer a POST: never followed.
SKIPPED = re.compile(
    r"logout|/download|/export|/files?/|/attachments?/|\.(csv|pdf|xlsx|docx|zip|json)$|/pdf/?$"
    r"|/csv/?$|/print/?$|/i18n/",
    re.IGNORECASE,
)
# Pages of the same kind (an intention, a meeting...) differ by their numbers: a few of each kind
# show the kind's strings, the rest would only spend the bounded budget.
SAME_KIND_LIMIT = 2
INVISIBLE = {"script", "style", "template", "noscript"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in INVISIBLE:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in INVISIBLE and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def _kind(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(client: Client, username: str, language: str, limit: int) -> list[tuple[str, str]]:
    """(address, visible text) of up to `limit` pages `username` reaches from the dashboard."""
    client.force_login(get_user_model().objects.get(username=username))
    prefix = f"/{language}/app/"
    queue: deque[str] = deque([prefix])
    seen = {prefix}
    kinds: Counter[str] = Counter()
    pages: list[tuple[str, str]] = []
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        response.close()  # a file answered (a report, an export) is not read
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        pages.append((url, "\n".join(page.text)))
        for href in page.links:
            target = urldefrag(href)[0]
            path = urlsplit(target).path
            if not path.startswith(prefix) or SKIPPED.search(path) or target in seen:
                continue
            seen.add(target)
            kind = _kind(path)
            if kinds[kind] >= SAME_KIND_LIMIT:
                continue
            kinds[kind] += 1
            queue.append(target)
    client.logout()
    return pages
