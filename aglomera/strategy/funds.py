"""Fund abbreviations as each language writes them: cs EFRR/FS/ESF+/FST, pl EFRR/FS/EFS+/FST,
en ERDF/CF/ESF+/JTF.

The stored code (Fund, "ERDF") is a key, never shown: tables, filters, exports and reports print
`fund_abbreviation(code)`, translated with the context "fund abbreviation" so a translator can
tell it from other short words.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from aglomera.strategy.models import Fund

_ABBREVIATIONS: dict[str, Promise] = {
    Fund.ERDF: pgettext_lazy("fund abbreviation", "ERDF"),
    Fund.CF: pgettext_lazy("fund abbreviation", "CF"),
    Fund.ESF_PLUS: pgettext_lazy("fund abbreviation", "ESF+"),
    Fund.JTF: pgettext_lazy("fund abbreviation", "JTF"),
}


def fund_abbreviation(code: str, language: str | None = None) -> str:
    """The fund's abbreviation in `language` (the active one by default); an unknown code as
    it is."""
    abbreviation = _ABBREVIATIONS.get(code)
    if abbreviation is None:
        return code
    if language is None:
        return str(abbreviation)
    with translation.override(language):
        return str(abbreviation)
