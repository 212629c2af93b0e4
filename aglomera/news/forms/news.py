"""Forms of the office's news pages: the texts side by side per language (with a marker where
a translation is missing), a photo, a moment of publication."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.dates import validate_years
from aglomera.core.fields import ModelChoicesField
from aglomera.core.i18n import I18nFormField, I18nWidget
from aglomera.core.once import OnceForm
from aglomera.news.models import NewsTag

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class MarkedI18nWidget(I18nWidget):
    """The languages side by side; an empty language is marked once another one is filled."""

    template_name = "news/widgets/i18n_marked.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        context["widget"]["any_filled"] = any(sub.get("value") for sub in subwidgets)
        return context


def text_field(
    label: Any, *, max_length: int, textarea: bool = False, required: bool = True
) -> I18nFormField:
    return I18nFormField(
        label=label,
        max_length=max_length,
        textarea=textarea,
        required=required,
        widget=MarkedI18nWidget(textarea=textarea),
    )


class TagChoiceField(ModelChoicesField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class NewsForm(forms.Form):
    title = text_field(_("Title"), max_length=200)
    lead = text_field(_("Lead"), max_length=600, textarea=True)
    body = text_field(_("Text"), max_length=20_000, textarea=True, required=False)
    tags = TagChoiceField(
        NewsTag.objects.none(),
        label=_("Tags"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_tag = text_field(_("New tag"), max_length=60, required=False)

    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = NewsTag.objects.filter(  # type: ignore[attr-defined]
            agglomeration=agglomeration
        ).order_by("slug")
        for widget in self.fields["body"].widget.widgets:  # the text is longer than a lead
            widget.attrs["rows"] = 10
        self.fields["body"].help_text = _(
            "Plain text: an empty line starts a new paragraph. Markup is shown as typed."
        )


class NewNewsForm(OnceForm, NewsForm):
    pass


class PhotoForm(OnceForm):
    file = forms.FileField(label=_("Photo (JPEG, PNG or WebP)"))
    alt = text_field(_("Alternative text"), max_length=300)
    credit = forms.CharField(label=_("Credit"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alt"].help_text = _("What the photo shows, for people who cannot see it.")
        self.fields["credit"].help_text = _("Who took the photo or owns its rights.")
        self.fields["file"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish on"),
        validators=[validate_years],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
    )
