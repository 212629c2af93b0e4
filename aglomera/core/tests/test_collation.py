"""Lists read in the alphabetical order of their language (issue 11, point 9)."""

from __future__ import annotations

from django import forms
from django.utils import translation

from aglomera.agglomerations.models import Agglomeration, Municipality
from aglomera.core.collation import collate_choices, collated, sort_key


def ordered(names: list[str], language: str) -> list[str]:
    return sorted(names, key=lambda name: sort_key(name, language))


def test_czech_ch_comes_after_h() -> None:
    names = ["Chomutov", "Hranice", "Cheb", "Horka", "Ivanovice", "Cvikov"]
    assert ordered(names, "cs") == ["Cvikov", "Horka", "Hranice", "Cheb", "Chomutov", "Ivanovice"]


def test_czech_hacek_letters_follow_their_base_letter() -> None:
    names = ["Žatec", "Zlín", "Šternberk", "Svitavy", "Řepčín", "Rýmařov", "Černovír", "Cvikov"]
    assert ordered(names, "cs") == [
        "Cvikov",
        "Černovír",
        "Rýmařov",
        "Řepčín",
        "Svitavy",
        "Šternberk",
        "Zlín",
        "Žatec",
    ]


def test_czech_acute_and_ring_only_break_ties() -> None:
    assert ordered(["Duby", "Dúbrava", "Dub", "Úvaly", "Uničov"], "cs") == [
        "Dub",
        "Dúbrava",
        "Duby",
        "Uničov",
        "Úvaly",
    ]


def test_polish_letters_follow_their_base_letter() -> None:
    names = ["Żary", "Źrebce", "Zabrze", "Łódź", "Lublin", "Ósemka", "Opole", "Ścinawa", "Sanok"]
    assert ordered(names, "pl") == [
        "Lublin",
        "Łódź",
        "Opole",
        "Ósemka",
        "Sanok",
        "Ścinawa",
        "Zabrze",
        "Źrebce",
        "Żary",
    ]


def test_polish_has_no_ch_digraph() -> None:
    assert ordered(["Chełm", "Dęblin", "Hel", "Ćmielów", "Cieszyn"], "pl") == [
        "Chełm",
        "Cieszyn",
        "Ćmielów",
        "Dęblin",
        "Hel",
    ]


def test_english_folds_accents_and_case() -> None:
    assert ordered(["zeta", "Łódź", "Ostrava", "Černá", "alpha"], "en") == [
        "alpha",
        "Černá",
        "Łódź",
        "Ostrava",
        "zeta",
    ]


def test_spaces_digits_and_case() -> None:
    assert ordered(["Nováček", "Nová Ves", "2. ZŠ", "nová"], "cs") == [
        "2. ZŠ",
        "nová",
        "Nová Ves",
        "Nováček",
    ]


def test_collated_sorts_objects_in_the_active_language() -> None:
    names = ["Chrudim", "Hodonín"]
    with translation.override("cs"):
        assert collated(names, key=str) == ["Hodonín", "Chrudim"]
    with translation.override("pl"):
        assert collated(names, key=str) == ["Chrudim", "Hodonín"]


def test_a_choice_field_offers_its_choices_in_the_readers_alphabet(olomouc: Agglomeration) -> None:
    for number, name in enumerate(["Chomutov", "Hranice", "Černovír", "Cvikov"]):
        Municipality.objects.create(
            agglomeration=olomouc, code=str(number), name=name, kind="municipality"
        )
    field = forms.ModelMultipleChoiceField(Municipality.objects.order_by("name"))
    collate_choices(field)
    with translation.override("cs"):
        assert [label for _value, label in field.widget.choices] == [
            "Cvikov",
            "Černovír",
            "Hranice",
            "Chomutov",
        ]
