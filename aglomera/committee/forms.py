"""Forms of the steering committee pages: they parse input; the actions decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.models import Agglomeration, Organisation
from aglomera.calls.models import Call
from aglomera.committee import queries
from aglomera.committee.actions import MAX_WINDOW_DAYS, TARGET_FIELD, Presence
from aglomera.committee.models import (
    CommitteeMember,
    DecisionKind,
    MajorityRule,
    MeetingForm,
    MeetingStatus,
    ProposedDecision,
    VoteChoice,
)
from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm
from aglomera.intentions.models import ChangeRequest, ProjectIntention
from aglomera.strategy.models import Period, StrategyVersion


def _people(agglomeration: Agglomeration) -> Any:
    return (
        User.objects.filter(
            memberships__agglomeration=agglomeration, memberships__role=Role.COMMITTEE
        )
        .distinct()
        .order_by("last_name", "username")
    )


def _person_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


class CommitteeForm(forms.Form):
    name = I18nFormField(label=_("Name"), max_length=300)
    quorum = forms.DecimalField(
        label=_("Quorum (share of members)"),
        min_value=Decimal("0"),
        max_value=Decimal("0.999"),
        max_digits=4,
        decimal_places=3,
        localize=True,
        help_text=_("0.5 means that more than half of the members must take part."),
    )
    majority = forms.ChoiceField(label=_("Majority"), choices=MajorityRule.choices)


class _MemberFields(forms.Form):
    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alternate"] = forms.ModelChoiceField(
            _people(agglomeration), label=_("Alternate"), required=False
        )
        self.fields["organisation"] = forms.ModelChoiceField(
            Organisation.objects.filter(agglomeration=agglomeration),
            label=_("Organisation represented"),
            required=False,
        )
        self.fields["alternate"].label_from_instance = _person_label  # type: ignore[attr-defined]
        self.order_fields(["user", "alternate", "organisation", "is_chair", "active"])


class MemberForm(OnceForm, _MemberFields):
    is_chair = forms.BooleanField(label=_("Chair"), required=False)

    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, agglomeration=agglomeration, **kwargs)
        self.fields["user"] = forms.ModelChoiceField(_people(agglomeration), label=_("Member"))
        self.fields["user"].label_from_instance = _person_label  # type: ignore[attr-defined]
        self.order_fields(["user", "alternate", "organisation", "is_chair"])


class MemberEditForm(_MemberFields):
    is_chair = forms.BooleanField(label=_("Chair"), required=False)
    active = forms.BooleanField(label=_("Active member"), required=False)


class PlanMeetingForm(OnceForm):
    period = forms.ChoiceField(label=_("Programming period"), choices=Period.choices)
    form = forms.ChoiceField(label=_("Form of the meeting"), choices=MeetingForm.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts (for a written vote: the voting opens)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    window_days = forms.IntegerField(
        label=_("Voting window in days (written vote)"),
        min_value=1,
        max_value=MAX_WINDOW_DAYS,
        required=False,
    )


class AgendaItemForm(OnceForm):
    title = I18nFormField(label=_("Title"), max_length=400)
    kind = forms.ChoiceField(label=_("Decides on"), choices=DecisionKind.choices)
    call = forms.ModelChoiceField(
        queryset=Call.objects.none(),
        label=_("Call whose project intentions are decided"),
        required=False,
    )
    change_request = forms.ModelChoiceField(
        queryset=ChangeRequest.objects.none(),
        label=_("Change request referred to the committee"),
        required=False,
    )
    amendment = forms.ModelChoiceField(
        queryset=StrategyVersion.objects.none(),
        label=_("Submitted strategy amendment"),
        required=False,
    )
    proposal = forms.CharField(
        label=_("Proposed resolution"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = queries.calls_with_intentions_awaiting(  # type: ignore[attr-defined]
            agglomeration
        )
        self.fields["change_request"].queryset = queries.change_requests_with_committee(  # type: ignore[attr-defined]
            agglomeration
        )
        self.fields["amendment"].queryset = queries.submitted_amendments(  # type: ignore[attr-defined]
            agglomeration
        )

    def target(self) -> Any:
        field = TARGET_FIELD.get(self.cleaned_data["kind"])
        return self.cleaned_data.get(field) if field else None


class ProposalsForm(forms.Form):
    """One choice per intention: the proposed decision, or off the item."""

    def __init__(
        self, *args: Any, intentions: list[tuple[ProjectIntention, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("not on this item")), *ProposedDecision.choices]
        self.rows = []
        for intention, decision in intentions:
            name = f"decision_{intention.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{intention.name} ({intention.applicant.name})",
                choices=choices,
                required=False,
                initial=decision,
            )
            self.rows.append((intention, name))

    def decisions(self) -> dict[int, str]:
        return {intention.pk: self.cleaned_data[name] for intention, name in self.rows}


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=MeetingStatus.choices)
    reason = forms.CharField(max_length=500, required=False)


class VoteForm(forms.Form):
    member = forms.IntegerField(min_value=1)
    choice = forms.ChoiceField(choices=VoteChoice.choices)


class DecideForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the resolution (leave empty to use the proposal)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AttendanceForm(forms.Form):
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
                label=_person_label(member.user),
                choices=choices,
                initial=current.get(member.pk, Presence.ABSENT),
            )

    def presence(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"member_{m.pk}"] for m in self.members}


class RoomVotesForm(forms.Form):
    def __init__(self, *args: Any, members: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=_person_label(member.user),
                choices=[("", "—"), *VoteChoice.choices],
                required=False,
            )

    def choices(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[f"vote_{m.pk}"]
            for m in self.members
            if self.cleaned_data[f"vote_{m.pk}"]
        }
