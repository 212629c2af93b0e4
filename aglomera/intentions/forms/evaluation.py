"""Forms of the evaluation pages: the formal checklist, return, pass, who reviews by when, the
review, the recommendation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aglomera.accounts.models import User
from aglomera.calls.models import Criterion, CriterionKind, FormalCheckItem
from aglomera.core.collation import collated
from aglomera.core.dates import validate_years
from aglomera.core.once import OnceForm
from aglomera.core.templatetags.aglomera import quantity
from aglomera.core.widgets import DateInput
from aglomera.intentions.actions.assignments import latest_due_date
from aglomera.intentions.actions.evaluation import CheckAnswer
from aglomera.intentions.models import FormalCheckResult, IntentionStatus, Recommendation

YES, NO = "yes", "no"


class RevisionForm(forms.Form):
    """The revision of the intention the page showed: a stale page is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class FormalCheckForm(RevisionForm):
    def __init__(
        self,
        *args: Any,
        items: Iterable[FormalCheckItem],
        results: dict[int, FormalCheckResult] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        results = results or {}
        self.items = list(items)
        choices = [("", _("not checked yet")), (YES, _("fulfilled")), (NO, _("not fulfilled"))]
        for item in self.items:
            result = results.get(item.pk)
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=str(item.text),
                choices=choices,
                required=False,
                initial="" if result is None else (YES if result.passed else NO),
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"),
                max_length=500,
                required=False,
                initial=result.note if result else "",
            )

    def lines(self) -> list[tuple[FormalCheckItem, forms.BoundField, forms.BoundField]]:
        return [(item, self[f"item_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def answers(self) -> dict[int, CheckAnswer]:
        data = self.cleaned_data
        return {
            item.pk: CheckAnswer(data[f"item_{item.pk}"] == YES, data[f"note_{item.pk}"])
            for item in self.items
            if data.get(f"item_{item.pk}")
        }


class ReturnForm(RevisionForm):
    comment = forms.CharField(
        label=_("What the applicant must complete"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={
            "required": _("Tell the applicant what to complete before returning the intention.")
        },
    )


class PassForm(RevisionForm):
    pass


class RecommendForm(RevisionForm):
    to = forms.ChoiceField(
        label=_("Working group's recommendation"),
        choices=[
            (IntentionStatus.RECOMMENDED, _("recommended")),
            (IntentionStatus.NOT_RECOMMENDED, _("not recommended")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


# The due date a new assignment proposes: two weeks from today.
DEFAULT_REVIEW_DAYS = 14


class AssignReviewerForm(OnceForm):
    """A working-group member and the day their review is due. Every member of the working group
    is a valid choice (the action refuses one already assigned, with a message saying so); the
    list offers those not assigned yet, in alphabetical order."""

    reviewer = forms.ModelChoiceField(
        label=_("Working-group member"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Choose a member of the working group."),
            "invalid_choice": _("Choose a member of the working group."),
        },
    )
    due_on = forms.DateField(
        label=_("Review due by"),
        widget=DateInput,
        # The action allows today up to a year ahead and says so; the field refuses a mistyped year.
        validators=[validate_years],
        error_messages={"required": _("Give the day by which the review is due.")},
    )

    def __init__(
        self,
        *args: Any,
        reviewers: QuerySet[User],
        assigned: Iterable[int],
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[User]", self.fields["reviewer"])
        field.queryset = reviewers
        taken = set(assigned)
        self.available = [u for u in collated(reviewers, key=str) if u.pk not in taken]
        field.widget.choices = [("", "—"), *((u.pk, str(u)) for u in self.available)]
        due = self.fields["due_on"]
        due.initial = today + timedelta(days=DEFAULT_REVIEW_DAYS)
        due.widget.attrs.update(min=today.isoformat(), max=latest_due_date(today).isoformat())


class UnassignForm(forms.Form):
    """Withdraw one assignment (the URL names it); carries the refusal's message."""


class ReviewForm(forms.Form):
    conflict_of_interest = forms.BooleanField(
        label=_("I declare a conflict of interest and will not assess this intention"),
        required=False,
    )

    def __init__(self, *args: Any, criteria: Iterable[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            name = f"criterion_{criterion.pk}"
            if criterion.kind == CriterionKind.GATE:
                self.fields[name] = forms.ChoiceField(
                    label=str(criterion.name),
                    choices=[("", "—"), (YES, _("yes")), (NO, _("no"))],
                    required=False,
                )
            else:
                self.fields[name] = forms.IntegerField(
                    label=str(criterion.name),
                    min_value=0,
                    max_value=criterion.max_points,
                    required=False,
                    help_text=ngettext(
                        "0 to %(max)s point, weight %(weight)s",
                        "0 to %(max)s points, weight %(weight)s",
                        criterion.max_points,
                    )
                    % {"max": criterion.max_points, "weight": quantity(criterion.weight)},
                )
        self.fields["recommendation"] = forms.ChoiceField(
            label=_("Recommendation"),
            choices=[("", "—"), *Recommendation.choices],
            required=False,
        )
        self.fields["comment"] = forms.CharField(
            label=_("Comment"),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=5000,
            required=False,
        )

    def gates(self) -> dict[int, bool | None]:
        data = self.cleaned_data
        return {
            c.pk: {YES: True, NO: False}.get(data[f"criterion_{c.pk}"])
            for c in self.criteria
            if c.kind == CriterionKind.GATE
        }

    def points(self) -> dict[int, int | None]:
        data = self.cleaned_data
        return {
            c.pk: data[f"criterion_{c.pk}"] for c in self.criteria if c.kind == CriterionKind.SCORED
        }


def review_initial(review: Any) -> dict[str, Any]:
    """The form's initial values from a stored review (with its prefetched scores)."""
    if review is None:
        return {}
    initial: dict[str, Any] = {
        "conflict_of_interest": review.conflict_of_interest,
        "recommendation": review.recommendation,
        "comment": review.comment,
    }
    for score in review.scores.all():
        if score.passed is not None:
            initial[f"criterion_{score.criterion_id}"] = YES if score.passed else NO
        else:
            initial[f"criterion_{score.criterion_id}"] = score.points
    return initial
