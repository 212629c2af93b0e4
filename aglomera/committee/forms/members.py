"""The statute of the committee and its members; people and organisations are offered from
the agglomeration only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.accounts.models import User
from aglomera.agglomerations.models import Agglomeration
from aglomera.committee.models import DecisionKind, MajorityRule
from aglomera.committee.queries import members as queries
from aglomera.core.collation import collate_choices
from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm


def person_label(user: User) -> str:
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
    casting_vote = forms.BooleanField(
        label=_("On a tie, the chair's vote decides"),
        required=False,
        help_text=_(
            "A tie: under a majority of more than half, the votes for are exactly half. The "
            "chair's vote decides it only if the chair voted and is not recused."
        ),
    )
    number_rejections = forms.BooleanField(
        label=_("An item not adopted gets a resolution number too"),
        required=False,
        help_text=_("Without it, only adopted resolutions are numbered."),
    )
    early_close = forms.BooleanField(
        label=_("A written vote may close before its window ends"),
        required=False,
        help_text=_(
            "Without it, a written vote closes early only when every member has voted. "
            "Either way the reason is recorded."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in DecisionKind.choices:
            self.fields[f"majority_{kind}"] = forms.ChoiceField(
                label=_("Majority for an item about: %(kind)s") % {"kind": label},
                choices=[("", _("the majority above")), *MajorityRule.choices],
                required=False,
            )

    def statute(self) -> dict[str, Any]:
        """The cleaned values as `ensure_committee` takes them."""
        data = dict(self.cleaned_data)
        data["majorities"] = {kind: data.pop(f"majority_{kind}") for kind in DecisionKind.values}
        return data


class _MemberFields(forms.Form):
    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alternate"] = forms.ModelChoiceField(
            queries.committee_people(agglomeration), label=_("Alternate"), required=False
        )
        self.fields["organisation"] = forms.ModelChoiceField(
            queries.organisations(agglomeration),
            label=_("Organisation represented"),
            required=False,
        )
        self.fields["alternate"].label_from_instance = person_label  # type: ignore[attr-defined]
        collate_choices(self.fields["alternate"])  # type: ignore[arg-type]
        collate_choices(self.fields["organisation"])  # type: ignore[arg-type]
        self.order_fields(["user", "alternate", "organisation", "is_chair", "active"])


class MemberForm(OnceForm, _MemberFields):
    is_chair = forms.BooleanField(label=_("Chair"), required=False)

    def __init__(self, *args: Any, agglomeration: Agglomeration, **kwargs: Any) -> None:
        super().__init__(*args, agglomeration=agglomeration, **kwargs)
        self.fields["user"] = forms.ModelChoiceField(
            queries.committee_people(agglomeration), label=_("Member")
        )
        self.fields["user"].label_from_instance = person_label  # type: ignore[attr-defined]
        collate_choices(self.fields["user"])  # type: ignore[arg-type]
        self.order_fields(["user", "alternate", "organisation", "is_chair"])


class MemberEditForm(_MemberFields):
    is_chair = forms.BooleanField(label=_("Chair"), required=False)
    active = forms.BooleanField(label=_("Active member"), required=False)
