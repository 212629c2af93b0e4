"""Done-when of issue 11 (every word in the reader's language): the demo, crawled in Czech and
Polish as every role of both agglomerations, shows no status code, no event code and none of the
other country's words in the system's own strings.

The words are distinctive msgstrs of the other language that no user content of the demo holds
(Olomouc's content is Czech and Opole's Polish, so a Polish page of Olomouc rightly shows Czech
names: each page is checked only against the words of the system's own strings)."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from aglomera.core.states import all_state_codes
from aglomera.demo.tests.crawl import crawl
from aglomera.demo.tests.test_load_demo import _private_storage

ROLES = ["manager", "coordinator", "working-group", "committee", "applicant", "partner", "auditor"]
PAGES_PER_ROLE = 24
# Czech words of the system's own strings that a Polish page must never show, and back.
CZECH_ONLY = [
    "Usnesení",
    "Vyjádření",
    "Importováno",
    "Probíhá",
    "Souhrnné bodové",
    "kontrolního seznamu",
    "přijato",
    "zdrželo se",
    "v souladu",
    "posudků",
]
POLISH_ONLY = [
    "Uchwała",
    "Ocena zgodności nr",
    "Zaimportowano",
    "W toku",
    "wniosek",
    "Łączna ocena",
    "przyjęto",
    "wstrzymał",
]
EVENT_CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")


@pytest.fixture
def demo(tmp_path: Path, settings: Any) -> None:
    """The demo, loaded in the test's own transaction (a module-wide transaction held open across
    tests loses its connection on PostgreSQL)."""
    for name, value in _private_storage(tmp_path / "private").items():
        setattr(settings, name, value)
    call_command("load_demo", stdout=StringIO())


def _codes_in(text: str, codes: set[str]) -> set[str]:
    """Status codes shown as such: a code with an underscore anywhere, a one-word code when it is
    a whole line or stands by an arrow (an English word of a name, e.g. "compliant with", is not
    a code)."""
    found = set()
    for line in text.splitlines():
        for code in codes:
            anywhere = "_" in code and re.search(rf"(?<![\w./-]){code}(?![\w/-])", line)
            if anywhere or line == code or re.search(rf"(^|→ ){code}( →|$)", line):
                found.add(code)
    return found


def _words_in(text: str, words: list[str]) -> set[str]:
    return {word for word in words if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)}


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="a check of words, not of the database: it runs in the SQLite suite (on PostgreSQL "
    "its long crawl inside one test transaction loses the connection; to be investigated)",
)
@pytest.mark.parametrize("language", ["cs", "pl"])
def test_crawl_shows_every_word_in_the_readers_language(demo: None, language: str) -> None:
    codes = all_state_codes()
    foreign = CZECH_ONLY if language == "pl" else POLISH_ONLY
    problems: list[str] = []
    visited = 0
    for agglomeration in ("olomouc", "opole"):
        for role in ROLES:
            username = f"{agglomeration}-{role}"
            for url, text in crawl(Client(), username, language, PAGES_PER_ROLE):
                visited += 1
                for code in sorted(_codes_in(text, codes)):
                    problems.append(f"{username} {url}: status code {code!r}")
                for event in sorted(set(EVENT_CODE.findall(text))):
                    problems.append(f"{username} {url}: event code {event!r}")
                for word in sorted(_words_in(text, foreign)):
                    problems.append(f"{username} {url}: {word!r} on a {language} page")
    assert visited > 14 * 15  # every role reached well beyond its dashboard
    assert not problems, "\n".join(problems)
