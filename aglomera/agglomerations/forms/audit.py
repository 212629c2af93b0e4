"""The filter of the audit log: who, what kind of event, which object, from / to."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from aglomera.accounts.models import User
from aglomera.agglomerations.queries.audit import AuditFilter
from aglomera.core import audit_text
from aglomera.core.dates import validate_years
from aglomera.core.widgets import DateInput

ISO = "%Y-%m-%d"
CHOOSE = _("Choose one of the listed options.")


class IsoDateField(forms.DateField):
    """A day typed as the date input sends it (YYYY-MM-DD), within the years a log can hold."""

    widget = DateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [ISO])
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter a date as YYYY-MM-DD, for example 2026-01-31.")}
        )
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        validate_years(value)


def kind_choices() -> list[tuple[str, Any]]:
    """Kinds of event grouped by area, each named by its sentence."""
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, sentence in audit_text.kinds().items():
        grouped[key.partition(".")[0]].append((key, audit_text.kind_label(sentence)))
    choices: list[tuple[str, Any]] = [("", _("any kind"))]
    for area, label in audit_text.AREAS.items():
        options = sorted(grouped.get(area, []), key=lambda option: option[1].casefold())
        if options:
            choices.append((str(label), options))
    return choices


class AuditFilterForm(forms.Form):
    actor = forms.TypedChoiceField(
        label=_("Who"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": CHOOSE},
    )
    kind = forms.ChoiceField(
        label=_("What"), required=False, error_messages={"invalid_choice": CHOOSE}
    )
    object_type = forms.TypedChoiceField(
        label=_("Kind of object"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": CHOOSE},
    )
    q = forms.CharField(label=_("Object name contains"), required=False, max_length=100, strip=True)
    date_from = IsoDateField(label=_("From the day"), required=False)
    date_to = IsoDateField(label=_("Up to the day"), required=False)

    def __init__(self, data: Any, *, actors: list[User], object_types: list[ContentType]) -> None:
        super().__init__(data)
        self.fields["actor"].choices = [("", _("anyone")), *((u.pk, str(u)) for u in actors)]  # type: ignore[attr-defined]
        self.fields["kind"].choices = kind_choices()  # type: ignore[attr-defined]
        models = [(ct.pk, ct.model_class()) for ct in object_types]
        types = sorted(
            ((pk, str(capfirst(model._meta.verbose_name))) for pk, model in models if model),
            key=lambda option: option[1].casefold(),
        )
        self.fields["object_type"].choices = [("", _("any object")), *types]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

    def wanted(self) -> AuditFilter:
        """The filter from the fields that are valid; a field with an error is ignored."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        data = self.cleaned_data
        return AuditFilter(
            actor=data.get("actor"),
            kind=data.get("kind") or "",
            content_type=data.get("object_type"),
            search=data.get("q") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
        )
