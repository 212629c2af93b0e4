"""Per-language texts stored in one JSON column, with a fallback order.

User content (names of agglomerations, goals, measures, indicators...) is entered in Czech,
Polish and/or English. `I18nText` is a dict {"cs": ..., "pl": ..., "en": ...} whose str() is the
text in the active language, falling back to English, then to the other languages.
`I18nText.pick()` says which language the fallback gave (a `Localized` text), so that a page can
mark a name left in another language with `lang` (WCAG 3.1.2; the filters `lang_attr` and
`in_lang` of `{% load aglomera %}`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def fallback_order(language: str | None) -> list[str]:
    first = (language or settings.LANGUAGE_CODE).split("-")[0]
    order = [first, "en", *language_codes()]
    return list(dict.fromkeys(order))


class Localized(str):
    """A text with the language it is written in (`language`, "" when not known)."""

    language: str

    def __new__(cls, text: str, language: str = "") -> Localized:
        obj = super().__new__(cls, text)
        obj.language = language
        return obj


class I18nText(dict[str, str]):
    """A text in several languages; str() picks the active language with fallback."""

    def pick(self, language: str | None = None) -> Localized:
        """The text in `language` (else the active one) or the fallback, with the language it
        is in: a Czech-only name asked for in Polish is `Localized("...", "cs")`."""
        for code in fallback_order(language or get_language()):
            value = self.get(code)
            if value:
                return Localized(value, code)
        return Localized("")

    def localized(self, language: str | None = None) -> str:
        return str(self.pick(language))

    def __str__(self) -> str:
        return self.localized()

    def __html__(self) -> str:
        from django.utils.html import conditional_escape

        return str(conditional_escape(self.localized()))


def as_i18n(value: Any) -> I18nText:
    if isinstance(value, I18nText):
        return value
    if isinstance(value, dict):
        return I18nText({str(k): str(v) for k, v in value.items() if v})
    if value in (None, ""):
        return I18nText()
    return I18nText({settings.LANGUAGE_CODE: str(value)})


class I18nWidget(forms.MultiWidget):
    template_name = "core/widgets/i18n.html"

    def __init__(self, textarea: bool = False) -> None:
        widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            code: widget for code in language_codes()
        }
        super().__init__(widgets)

    def id_for_label(self, id_: str) -> str:
        """The first language's input (`id_title_cs`; Django's default is none). Forms render
        the field as a fieldset whose legend names all the inputs (`core/_form.html`)."""
        return f"{id_}_{language_codes()[0]}" if id_ else ""

    def decompress(self, value: Any) -> list[str]:
        text = as_i18n(value)
        return [text.get(code, "") for code in language_codes()]


class I18nFormField(forms.MultiValueField):
    """Form field with one input per language; at least one language is required."""

    default_error_messages = {
        "required": _("Fill in the text in at least one language."),
    }

    def __init__(self, *, max_length: int | None = None, textarea: bool = False, **kwargs: Any):
        fields = tuple(
            forms.CharField(max_length=max_length, required=False) for _code in language_codes()
        )
        kwargs.setdefault("widget", I18nWidget(textarea=textarea))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> I18nText:
        values = dict(zip(language_codes(), data_list or [], strict=False))
        text = I18nText(
            {code: value.strip() for code, value in values.items() if value and value.strip()}
        )
        if self.required and not text:
            raise ValidationError(self.error_messages["required"], code="required")
        return text


class I18nField(models.JSONField):
    """Model field holding an I18nText."""

    def __init__(
        self, *args: Any, max_length: int | None = None, textarea: bool = False, **kwargs: Any
    ):
        self.text_max_length = max_length
        self.textarea = textarea
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.text_max_length is not None:
            kwargs["max_length"] = self.text_max_length
        if self.textarea:
            kwargs["textarea"] = True
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> I18nText:
        return as_i18n(super().from_db_value(value, expression, connection))

    def to_python(self, value: Any) -> I18nText:
        return as_i18n(super().to_python(value))

    def get_prep_value(self, value: Any) -> Any:
        return super().get_prep_value(dict(as_i18n(value)))

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        defaults: dict[str, Any] = {
            "form_class": I18nFormField,
            "max_length": self.text_max_length,
            "textarea": self.textarea,
            "required": not self.blank,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        defaults.pop("encoder", None)
        defaults.pop("decoder", None)
        return form_class(
            required=defaults.pop("required"),
            max_length=defaults.pop("max_length"),
            textarea=defaults.pop("textarea"),
            label=defaults.pop("label", self.verbose_name),
            help_text=defaults.pop("help_text", self.help_text),
            initial=defaults.pop("initial", None),
        )
