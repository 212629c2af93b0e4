"""The form adding a participant to an exchange: the name and function (no contact data), the
side among the partnership's members and/or the organisation, and guest or host."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.cooperation.forms.exchanges import AgglomerationChoiceField
from aglomera.cooperation.models import ParticipantPart
from aglomera.core.collation import collate_choices
from aglomera.core.once import OnceForm


class ParticipantForm(OnceForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    function = forms.CharField(label=_("Role or function"), max_length=300, required=False)
    side = AgglomerationChoiceField(Agglomeration.objects.none(), label=_("Side"), required=False)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=300,
        required=False,
        help_text=_(
            "A member municipality (choose it from the list as you type) or another "
            "organisation, if not the office itself."
        ),
    )
    part = forms.ChoiceField(
        label=_("Guest or host"), choices=ParticipantPart.choices, initial=ParticipantPart.GUEST
    )

    def __init__(
        self,
        *args: Any,
        members: list[Agglomeration],
        organisations: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # offered as the input's suggestions (a <datalist>): any other name may still be typed
        self.organisations = organisations or []
        self.fields["organisation"].widget.attrs["list"] = "participant-organisations"
        self.fields["side"].queryset = Agglomeration.objects.filter(  # type: ignore[attr-defined]
            pk__in=[member.pk for member in members]
        )
        collate_choices(self.fields["side"])  # type: ignore[arg-type]
        self.fields["name"].help_text = _("Only the name and function: no contact data.")
