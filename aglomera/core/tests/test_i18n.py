"""Texts entered in several languages: fallback, storage and the form field."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.translation import override

from aglomera.accounts.models import Role
from aglomera.core.i18n import (
    I18nField,
    I18nFormField,
    I18nText,
    Localized,
    as_i18n,
    fallback_order,
)
from aglomera.core.templatetags.aglomera import in_lang, lang_attr
from aglomera.strategy import actions
from aglomera.strategy.models import Goal
from aglomera.strategy.tests.builders import StrategyBuilder, make_olomouc, make_user

# ---- fallback -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "language", "expected"),
    [
        ({"cs": "Doprava", "pl": "Transport PL", "en": "Transport"}, "pl", "Transport PL"),
        ({"cs": "Doprava", "pl": "Transport PL", "en": "Transport"}, "cs", "Doprava"),
        ({"cs": "Doprava", "en": "Transport"}, "pl", "Transport"),
        ({"cs": "Doprava", "pl": "", "en": "Transport"}, "pl", "Transport"),
        ({"cs": "Doprava"}, "pl", "Doprava"),
        ({"pl": "Transport PL"}, "cs", "Transport PL"),
        ({"cs": "Doprava", "pl": "Transport PL"}, "en", "Doprava"),
        ({"cs": "Doprava", "en": "Transport"}, "en-gb", "Transport"),
        ({}, "cs", ""),
    ],
)
def test_it_shows_the_active_language_then_english_then_any_other(
    texts: dict[str, str], language: str, expected: str
) -> None:
    # Given a text entered in some languages
    text = I18nText(texts)

    # When it is shown with a language active
    with override(language):
        shown = str(text)

    # Then it is in that language, else in English, else in the first other one available
    assert shown == expected
    assert text.localized(language) == expected


@pytest.mark.parametrize(
    ("texts", "language", "expected"),
    [
        ({"cs": "Doprava", "pl": "Transport PL"}, "pl", ("Transport PL", "pl")),
        ({"cs": "Doprava", "en": "Transport"}, "pl", ("Transport", "en")),
        ({"cs": "Doprava"}, "pl", ("Doprava", "cs")),
        ({}, "cs", ("", "")),
    ],
)
def test_the_fallback_tells_which_language_it_gave(
    texts: dict[str, str], language: str, expected: tuple[str, str]
) -> None:
    picked = I18nText(texts).pick(language)
    assert (str(picked), picked.language) == expected


@pytest.mark.parametrize(
    ("page", "value", "language", "attr", "wrapped"),
    [
        ("pl", I18nText({"cs": "Přerov"}), "", ' lang="cs"', '<span lang="cs">Přerov</span>'),
        ("cs", I18nText({"cs": "Přerov"}), "", "", "Přerov"),
        ("en", I18nText({"cs": "A & B", "en": "A and B"}), "", "", "A and B"),
        ("en", I18nText({"cs": "A & B"}), "", ' lang="cs"', '<span lang="cs">A &amp; B</span>'),
        ("cs", Localized("Opole", "pl"), "", ' lang="pl"', '<span lang="pl">Opole</span>'),
        ("pl", "Šternberk", "cs", ' lang="cs"', '<span lang="cs">Šternberk</span>'),
        ("cs", "Šternberk", "cs", "", "Šternberk"),
        ("pl", "<b>", "", "", "&lt;b&gt;"),
        ("pl", "", "cs", "", ""),
        ("pl", None, "cs", "", ""),
    ],
)
def test_the_lang_filters_mark_a_text_in_another_language_than_the_page(
    page: str, value: object, language: str, attr: str, wrapped: str
) -> None:
    with override(page):
        assert lang_attr(value, language) == attr
        assert in_lang(value, language) == wrapped


def test_it_tries_languages_in_order_without_repeating_them() -> None:
    # Given the languages cs, pl and en
    # When the order is asked for Polish, English and a regional variant
    # Then the active one comes first, English second, then the rest, each once
    assert fallback_order("pl") == ["pl", "en", "cs"]
    assert fallback_order("en") == ["en", "cs", "pl"]
    assert fallback_order("cs-CZ") == ["cs", "en", "pl"]


def test_it_escapes_the_text_for_html() -> None:
    # Given a text with markup
    text = I18nText({"en": "<b>Roads & rails</b>"})

    # When it is shown in a template
    # Then the markup is escaped
    with override("en"):
        assert text.__html__() == "&lt;b&gt;Roads &amp; rails&lt;/b&gt;"


def test_it_reads_plain_strings_and_dicts_as_texts() -> None:
    # Given stored values of several shapes
    # When they are read as texts
    # Then plain strings belong to the default language and empty entries are dropped
    assert as_i18n("Doprava") == {"cs": "Doprava"}
    assert as_i18n(None) == {}
    assert as_i18n("") == {}
    assert as_i18n({"cs": "Doprava", "pl": ""}) == {"cs": "Doprava"}
    assert isinstance(as_i18n({"en": "x"}), I18nText)


# ---- the model field ----------------------------------------------------------------------


@pytest.mark.django_db
def test_it_stores_and_reads_back_a_goal_name_in_every_language() -> None:
    # Given a draft strategy of Olomouc
    olomouc = make_olomouc()
    alice = make_user("alice", (olomouc, Role.MANAGER))
    builder = StrategyBuilder(olomouc, alice)
    builder.build()
    assert builder.version is not None

    # When a goal is added with names in three languages
    goal = actions.add_goal(
        builder.version,
        "1",
        {"cs": "Udržitelná doprava", "pl": "Zrównoważony transport", "en": "Sustainable transport"},
        actor=alice,
    )

    # Then it reads back from the database as the same text, shown per language
    stored = Goal.objects.get(pk=goal.pk)
    assert isinstance(stored.name, I18nText)
    assert stored.name == {
        "cs": "Udržitelná doprava",
        "pl": "Zrównoważony transport",
        "en": "Sustainable transport",
    }
    assert isinstance(stored.description, I18nText)
    assert stored.description == {}
    with override("pl"):
        assert str(stored) == "1 Zrównoważony transport"
    with override("cs"):
        assert Goal.objects.values_list("name", flat=True).get(pk=goal.pk) == stored.name


def test_it_offers_a_required_form_field_unless_the_model_field_is_blank() -> None:
    # Given the name (required) and the description (optional) of a goal
    name = Goal._meta.get_field("name")
    description = Goal._meta.get_field("description")
    assert isinstance(name, I18nField) and isinstance(description, I18nField)

    # When their form fields are made
    name_field, description_field = name.formfield(), description.formfield()

    # Then both take one text per language, and only the name is required
    assert isinstance(name_field, I18nFormField)
    assert isinstance(description_field, I18nFormField)
    assert (name_field.required, description_field.required) == (True, False)


# ---- the form field -----------------------------------------------------------------------


class GoalForm(forms.Form):
    name = I18nFormField(max_length=20)
    description = I18nFormField(required=False, textarea=True)


def test_it_requires_the_text_in_at_least_one_language() -> None:
    # Given a goal form with every language of the name left empty or blank
    form = GoalForm(data={"name_cs": "", "name_pl": "  ", "name_en": ""})

    # When it is validated and its errors shown (in English; messages are lazy, so they are
    # rendered inside the override)
    with override("en"):
        valid = form.is_valid()
        errors = {name: list(messages) for name, messages in form.errors.items()}

    # Then the name is refused with one message
    assert not valid
    assert errors == {"name": ["Fill in the text in at least one language."]}


def test_it_accepts_a_text_in_one_language_and_strips_it() -> None:
    # Given a goal form with only the Polish name
    form = GoalForm(data={"name_cs": "", "name_pl": "  Transport ", "name_en": ""})

    # When it is validated
    # Then the name holds only the Polish text, and the optional description is empty
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == {"pl": "Transport"}
    assert isinstance(form.cleaned_data["name"], I18nText)
    assert form.cleaned_data["description"] == {}


def test_it_keeps_the_entered_values_when_the_form_is_refused() -> None:
    # Given a goal form whose English name is too long
    data = {"name_cs": "Doprava", "name_pl": "", "name_en": "Sustainable urban transport"}
    form = GoalForm(data=data)

    # When it is validated
    # Then it is refused and shows again what was typed, language by language
    assert not form.is_valid()
    assert list(form.errors) == ["name"]
    assert form["name"].value() == ["Doprava", "", "Sustainable urban transport"]


def test_it_shows_a_stored_text_in_its_language_inputs() -> None:
    # Given a stored name in Czech and English
    form = GoalForm(initial={"name": I18nText({"cs": "Doprava", "en": "Transport"})})

    # When the widget splits it into inputs
    widget = form.fields["name"].widget
    assert isinstance(widget, forms.MultiWidget)

    # Then each language input gets its text
    assert widget.decompress(form.initial["name"]) == ["Doprava", "", "Transport"]
    assert widget.decompress(None) == ["", "", ""]
