"""The form of an exchange: its texts side by side in Czech, Polish and English (marking a
translation missing or older than another language's, aglomera/core/language_pairs.py), its host and project among the
partnership's, its dates with their precision, and the revision the page showed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.forms.revision import RevisionForm
from aglomera.cooperation.models import (
    CooperationProject,
    DatePrecision,
    ExchangeKind,
    Partnership,
)
from aglomera.core.collation import collate_choices
from aglomera.core.dates import validate_years
from aglomera.core.language_pairs import pair_field as text_field
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput


class AgglomerationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ProjectChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ExchangeForm(RevisionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExchangeKind.choices)
    title = text_field(_("Title"), max_length=300)
    host = AgglomerationChoiceField(Agglomeration.objects.none(), label=_("Host"))
    project = ProjectChoiceField(
        CooperationProject.objects.none(), label=_("Cooperation project"), required=False
    )
    starts_on = forms.DateField(label=_("Start"), validators=[validate_years], widget=DateInput)
    ends_on = forms.DateField(
        label=_("End"), validators=[validate_years], widget=DateInput, required=False
    )
    dates_precision = forms.ChoiceField(
        label=_("The dates are known"),
        choices=[
            (DatePrecision.DAY, _("to the day")),
            (DatePrecision.MONTH, _("only to the month (enter the month's first day)")),
        ],
    )
    participants = text_field(_("Participants"), max_length=3000, textarea=True, required=False)
    programme = text_field(
        _("Programme and topics"), max_length=5000, textarea=True, required=False
    )
    outcomes = text_field(_("Outcomes"), max_length=5000, textarea=True, required=False)
    report = text_field(
        pgettext_lazy("exchange", "Report"), max_length=20000, textarea=True, required=False
    )
    source = forms.URLField(
        label=_("Source (web address)"), max_length=500, required=False, assume_scheme="https"
    )

    edit = True  # an edit requires the revision; adding a new exchange has none
    missing_revision = _(
        "This page does not say which version of the exchange it was opened from, so your save "
        "could overwrite someone else's. Open the edit form again and repeat your changes."
    )

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        hosts: list[Agglomeration],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Agglomeration.objects.filter(  # type: ignore[attr-defined]
            pk__in=[host.pk for host in hosts]
        )
        collate_choices(self.fields["host"])  # type: ignore[arg-type]
        self.fields["project"].queryset = CooperationProject.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        ).order_by("pk")
        for name in ("programme", "outcomes"):  # longer than a list of participants
            for widget in self.fields[name].widget.widgets:
                widget.attrs["rows"] = 5
        for widget in self.fields["report"].widget.widgets:  # a story of the exchange
            widget.attrs["rows"] = 12
        self.fields["report"].help_text = _(
            "What happened and what came of it, for the partners and the public (the news "
            "published from the exchange carries it). Plain text: an empty line starts a new "
            "paragraph."
        )
        self.fields["participants"].help_text = _(
            "Who took part, from both sides (also from municipalities and other organisations)."
        )
        self.fields["source"].help_text = _("Where the exchange is documented, if anywhere.")


class NewExchangeForm(OnceForm, ExchangeForm):
    edit = False
