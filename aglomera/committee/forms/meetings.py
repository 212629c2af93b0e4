"""Planning a meeting, its steps and its attendance."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.committee.actions.meetings import MAX_WINDOW_DAYS, Presence
from aglomera.committee.forms.members import person_label
from aglomera.committee.forms.rows import RowsForm
from aglomera.committee.models import CommitteeMember, MeetingForm, MeetingStatus
from aglomera.core.dates import validate_years
from aglomera.core.once import OnceForm
from aglomera.strategy.models import Period


class PlanMeetingForm(OnceForm):
    period = forms.ChoiceField(label=_("Programming period"), choices=Period.choices)
    form = forms.ChoiceField(label=_("Form of the meeting"), choices=MeetingForm.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts (for a written vote: the voting opens)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        validators=[validate_years],
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    window_days = forms.IntegerField(
        label=_("Voting window in days (written vote)"),
        min_value=1,
        max_value=MAX_WINDOW_DAYS,
        required=False,
    )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=MeetingStatus.choices)
    reason = forms.CharField(max_length=500, required=False)


class AttendanceForm(RowsForm):
    row_prefix = "member_"
    unknown_row = _("Record attendance of committee members only.")

    def __init__(
        self, *args: Any, members: list[CommitteeMember], current: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (Presence.PRESENT, _("present")),
            (Presence.ALTERNATE, _("represented by the alternate")),
            (Presence.ABSENT, _("absent")),
        ]
        self.members = members
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=person_label(member.user),
                choices=choices,
                initial=current.get(member.pk, Presence.ABSENT),
            )

    def presence(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"member_{m.pk}"] for m in self.members}
