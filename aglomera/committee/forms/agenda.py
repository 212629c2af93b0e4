"""An agenda item and the decisions it proposes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations.models import Agglomeration
from aglomera.calls.models import Call
from aglomera.committee.actions.agenda import TARGET_FIELD
from aglomera.committee.forms.rows import RowsForm
from aglomera.committee.models import DecisionKind, ProposedDecision
from aglomera.committee.queries import agenda
from aglomera.core.i18n import I18nFormField
from aglomera.core.once import OnceForm
from aglomera.intentions.models import ChangeRequest, ProjectIntention
from aglomera.strategy.models import StrategyVersion


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
        self.fields["call"].queryset = agenda.calls_with_intentions_awaiting(  # type: ignore[attr-defined]
            agglomeration
        )
        self.fields["change_request"].queryset = agenda.change_requests_with_committee(  # type: ignore[attr-defined]
            agglomeration
        )
        self.fields["amendment"].queryset = agenda.submitted_amendments(  # type: ignore[attr-defined]
            agglomeration
        )

    def target(self) -> Any:
        field = TARGET_FIELD.get(self.cleaned_data["kind"])
        return self.cleaned_data.get(field) if field else None


class ProposalsForm(RowsForm):
    """One choice per intention: the proposed decision, or off the item."""

    row_prefix = "decision_"
    unknown_row = _("A project intention on the list is not waiting for a decision any more.")

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
