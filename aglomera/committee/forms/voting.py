"""A vote cast online, the votes of the room, and a declared conflict of interest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.committee.forms.members import person_label
from aglomera.committee.forms.rows import RowsForm
from aglomera.committee.models import AgendaItem, CommitteeMember, VoteChoice
from aglomera.committee.queries import members as queries
from aglomera.core.once import OnceForm
from aglomera.intentions.models import ProjectIntention


class VoteForm(OnceForm):
    """For whom and how; `confirmed` is set only by the confirmation step, which alone casts."""

    member = forms.ModelChoiceField(queryset=CommitteeMember.objects.none())
    choice = forms.ChoiceField(choices=VoteChoice.choices)
    confirmed = forms.BooleanField(required=False)

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


class ConflictForm(forms.Form):
    """A declared conflict of interest: who, on the whole item or on one of its intentions, and
    why."""

    member = forms.ModelChoiceField(queryset=CommitteeMember.objects.none())
    intention = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    reason = forms.CharField(max_length=1000)

    def __init__(
        self, *args: Any, agglomeration: Agglomeration, item: AgendaItem, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.item_id = item.pk  # the meeting page shows a refused declaration again on its item
        self.fields["member"].queryset = queries.members_of(agglomeration)  # type: ignore[attr-defined]
        on_item = item.proposals.values_list("intention_id", flat=True)
        self.fields["intention"].choices = [  # type: ignore[attr-defined]
            ("", _("the whole item")),
            *((pk, str(pk)) for pk in on_item),
        ]

    def intention_on_item(self) -> ProjectIntention | None:
        pk = self.cleaned_data["intention"]
        return None if pk is None else ProjectIntention.objects.get(pk=pk)
