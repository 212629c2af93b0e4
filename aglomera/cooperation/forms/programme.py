"""The form adding an item to an exchange's programme: its day (empty: during the exchange, the
day not stated) and time, what it was, its title in Czech, Polish and English, its place, and
for a site visit the project it visited: a project record of the host or a project's name with
its source."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aglomera.cooperation.forms.library import IntentionChoiceField
from aglomera.cooperation.models import ProgrammeItemKind
from aglomera.core.collation import collate_choices
from aglomera.core.dates import validate_years
from aglomera.core.language_pairs import pair_field as text_field
from aglomera.core.once import OnceForm
from aglomera.core.widgets import DateInput
from aglomera.intentions.models import ProjectIntention


class ItemForm(OnceForm):
    day = forms.DateField(
        label=_("Day"), validators=[validate_years], widget=DateInput, required=False
    )
    starts_at = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    kind = forms.ChoiceField(
        label=_("What it was"), choices=ProgrammeItemKind.choices, initial="session"
    )
    title = text_field(_("Title"), max_length=300)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    intention = IntentionChoiceField(
        ProjectIntention.objects.none(), label=_("Project record of the host"), required=False
    )
    project_text = forms.CharField(
        label=_("Project not in the system"), max_length=300, required=False
    )
    project_url = forms.URLField(
        label=_("Project (web address of the source)"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    def __init__(self, *args: Any, intentions: QuerySet[ProjectIntention], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intention"].queryset = intentions  # type: ignore[attr-defined]
        collate_choices(self.fields["intention"])  # type: ignore[arg-type]
        self.fields["day"].help_text = _(
            "A day of the exchange; leave it empty when the sources do not say which day."
        )
        self.fields["intention"].help_text = _(
            "A site visit names the project it visited: its record here, or its name below."
        )
        self.fields["project_text"].help_text = _(
            "E.g. a project of another programme, such as “Centrum przesiadkowe Gogolin”."
        )
