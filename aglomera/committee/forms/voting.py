"""A vote cast online, and the votes of the room."""

from __future__ import annotations

from typing import Any

from django import forms

from aglomera.committee.forms.members import person_label
from aglomera.committee.models import CommitteeMember, VoteChoice


class VoteForm(forms.Form):
    member = forms.IntegerField(min_value=1)
    choice = forms.ChoiceField(choices=VoteChoice.choices)


class RoomVotesForm(forms.Form):
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
