"""Text folded for searching: lower case without diacritics, the same on SQLite and PostgreSQL
(the folding happens in Python, both when the projection is written and on the query)."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter and a diacritic.
_EXTRA = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"})


def fold(text: str) -> str:
    """'Náměstí Łódź' -> 'namesti lodz'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_EXTRA).split())
