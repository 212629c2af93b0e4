"""A vote cast online, and the votes of the room."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.committee.forms.members import person_label
from aglomera.committee.forms.rows import RowsForm
from aglomera.committee.models import CommitteeMember, VoteChoice
from aglomera.committee.queries import members as queries


class VoteForm(forms.Form):
    member = forms.ModelChoiceField(queryset=CommitteeMember.objects.none())
    choice = forms.ChoiceField(choices=VoteChoice.choices)

    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = queries.members_of(agglomeration)  # type: ignore[attr-defined]


class RoomVotesForm(RowsForm):
    row_prefix = "vote_"
    unknown_row = _("Record votes of committee members only.")

    def __init__(self, *args: Any, members: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=person_label(member.user),
                choices=[("", "—"), *VoteChoice.choices],
                required=False,
            )

    def choices(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[f"vote_{m.pk}"]
            for m in self.members
            if self.cleaned_data[f"vote_{m.pk}"]
        }
