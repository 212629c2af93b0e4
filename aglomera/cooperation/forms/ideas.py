"""The forms of a joint project idea: its texts side by side in Czech, Polish and English (the
widget of the exchanges, marking a missing translation and one older than its source), the programme and its priority, per
member side the measure of that side's strategy and its budget (an amount typed the local way,
its currency and money basis), and the revision the page showed; a workflow step with its
reason; a comment with the language it is written in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.actions.ideas import MAX_COMMENT, side_key
from aglomera.cooperation.models import IdeaStatus, MoneyBasis
from aglomera.core.fields import AmountField
from aglomera.core.language_pairs import pair_field as text_field
from aglomera.core.money import Currency
from aglomera.core.once import OnceForm
from aglomera.strategy.models import Measure

# The cross-border programme a new idea most often aims at, by its names in each language.
INTERREG_CZ_PL = {
    "cs": "Interreg Česko – Polsko 2021–2027",
    "pl": "Interreg Czechy – Polska 2021–2027",
    "en": "Interreg Czechia – Poland 2021–2027",
}


class MeasureChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name} ({obj.version.strategy.get_period_display()})"


class IdeaForm(forms.Form):
    title = text_field(_("Title"), max_length=300)
    summary = text_field(_("Summary"), max_length=5000, textarea=True, required=False)
    fit = text_field(
        _("Fit with the programme's priorities"), max_length=5000, textarea=True, required=False
    )
    programme = text_field(_("Programme"), max_length=300, required=False)
    priority = text_field(_("Priority"), max_length=300, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    edit = True  # an edit requires the revision; a new idea has none

    def __init__(
        self,
        *args: Any,
        members: list[Agglomeration],
        measures: dict[int, QuerySet[Measure]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["programme"].help_text = _(
            "The cross-border programme, e.g. Interreg Czechia–Poland 2021–2027."
        )
        self.fields["priority"].help_text = _(
            "The programme's priority the idea fits, e.g. PO4 Tourism and culture."
        )
        for member in members:
            name = str(member.name)
            pk = member.pk
            self.fields[side_key("measure", pk)] = MeasureChoiceField(
                measures[pk],
                label=_("%(side)s: measure of its strategy") % {"side": name},
                required=False,
            )
            amount = AmountField(label=_("%(side)s: budget") % {"side": name}, required=False)
            amount.help_text = _(
                "Only a figure the side has estimated, with its currency and money basis; "
                "left empty it is shown as not stated. The sides' budgets are never added up."
            )
            self.fields[side_key("amount", pk)] = amount
            self.fields[side_key("currency", pk)] = forms.ChoiceField(
                label=_("%(side)s: currency") % {"side": name},
                required=False,
                choices=[("", "—"), *Currency.choices],
            )
            self.fields[side_key("basis", pk)] = forms.ChoiceField(
                label=_("%(side)s: money basis") % {"side": name},
                required=False,
                choices=[("", "—"), *MoneyBasis.choices],
            )

    def clean(self) -> dict[str, Any]:
        """An edit names the revision its page showed (the conflict check needs it)."""
        cleaned = super().clean() or {}
        if not self.edit:
            self.errors.pop("revision", None)
            cleaned.pop("revision", None)
        elif "revision" in self.errors or cleaned.get("revision") is None:
            self.errors.pop("revision", None)
            cleaned.pop("revision", None)
            self.add_error(
                None,
                forms.ValidationError(
                    _(
                        "This page does not say which version of the idea it was opened from, "
                        "so your save could overwrite someone else's. Open the edit form again "
                        "and repeat your changes."
                    ),
                    code="revision",
                ),
            )
        return cleaned


class NewIdeaForm(OnceForm, IdeaForm):
    edit = False


class IdeaStepForm(forms.Form):
    """A workflow step from the idea's page: where to, why, and the revision the page showed."""

    to = forms.ChoiceField(choices=IdeaStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason or comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # required: a step without the revision its page showed would skip the stale check
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class IdeaCommentForm(OnceForm):
    """A comment, once per rendering of the form (a double click adds it once)."""

    text = forms.CharField(
        label=_("Comment"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4})
    )
    written_in = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
