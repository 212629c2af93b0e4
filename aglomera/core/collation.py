"""Alphabetical order as each language has it, for lists sorted in Python before display.

Python's sorted() orders by code point: "Černá" after "Zlín", "Łódź" after "Żary". Czech puts
č after c, ř after r, š after s, ž after z and the digraph "ch" after h; Polish puts ą, ć, ę, ł,
ń, ó, ś, ź, ż after their base letter (ź before ż). The other accents (á, é, ů...) are a second-
level difference: "Dub" < "Dúbrava" < "Duby" sorts as if unaccented, accents breaking ties only.
No ICU on the servers, so the alphabets are written here (CLDR's cs and pl tailorings, letters
only); letters outside them sort by their unaccented form, other characters after all letters.

`sort_key(text, language)` gives a key for sorted(); `collated(items, key, language)` sorts
objects by a text of theirs in the active language; `collate_choices(field)` makes a model choice
field offer its (bounded) queryset in that order, sorted by the labels the reader sees.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language

T = TypeVar("T")

_LATIN = "a b c d e f g h i j k l m n o p q r s t u v w x y z"
_ALPHABETS: dict[str, str] = {
    "cs": "a b c č d e f g h ch i j k l m n o p q r ř s š t u v w x y z ž",
    "pl": "a ą b c ć d e ę f g h i j k l ł m n ń o ó p q r s ś t u v w x y z ź ż",
    "en": _LATIN,
}
# Letters NFD does not split into a base letter and an accent.
_FOLDS = {"ł": "l", "ø": "o", "đ": "d", "ß": "s", "æ": "a", "œ": "o", "ı": "i"}

Key = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


def _weights(language: str) -> dict[str, int]:
    return {letter: rank for rank, letter in enumerate(_ALPHABETS[language].split())}


_WEIGHTS = {language: _weights(language) for language in _ALPHABETS}


def _base(letter: str) -> str:
    if letter in _FOLDS:
        return _FOLDS[letter]
    decomposed = unicodedata.normalize("NFD", letter)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(text: str, weights: dict[str, int]) -> list[str]:
    """The letters of `text`, lower case, a digraph of the alphabet ("ch") as one letter."""
    lower = unicodedata.normalize("NFC", text.lower())
    digraphs = [letter for letter in weights if len(letter) == 2]
    tokens: list[str] = []
    index = 0
    while index < len(lower):
        pair = lower[index : index + 2]
        if pair in digraphs:
            tokens.append(pair)
            index += 2
        else:
            tokens.append(lower[index])
            index += 1
    return tokens


def _primary(token: str, weights: dict[str, int]) -> tuple[int, int]:
    if token in weights:
        return (2, weights[token])
    base = _base(token)
    if base in weights:
        return (2, weights[base])
    if token.isdigit():
        return (1, unicodedata.digit(token, 0))
    if token.isspace() or unicodedata.category(token)[0] in "PSZ":
        return (0, 0)  # spaces and punctuation before any letter: "Nová Ves" < "Nováček"
    return (3, ord(token))


def sort_key(text: str, language: str | None = None) -> Key:
    """A key that orders texts alphabetically in `language` (the active one by default):
    letters first, then accents that are not letters of their own, then lower before upper
    case."""
    code = (language or get_language() or "en").split("-")[0]
    weights = _WEIGHTS.get(code, _WEIGHTS["en"])
    tokens = _tokens(text, weights)
    primary = tuple(_primary(token, weights) for token in tokens)
    secondary = tuple(0 if token in weights else ord(token) for token in tokens)
    tertiary = tuple(int(c.isupper()) for c in unicodedata.normalize("NFC", text))
    return primary, secondary, tertiary


def collated(items: Iterable[T], key: Callable[[T], str], language: str | None = None) -> list[T]:
    """`items` in the alphabetical order of `key(item)` in `language` (the active one)."""
    return sorted(items, key=lambda item: sort_key(key(item), language))


class _CollatedChoices(ModelChoiceIterator):
    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in collated(self.queryset, key=self.field.label_from_instance):
            yield self.choice(obj)


def collate_choices(field: forms.ModelChoiceField[Any]) -> None:
    """Offer the field's choices in the alphabetical order of their labels in the reader's
    language (call it after the field's queryset and label_from_instance are set)."""
    field.iterator = _CollatedChoices
    field.widget.choices = field.choices
