"""The forms of the manager's pages of organisations and members."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aglomera.accounts.models import Role, User
from aglomera.agglomerations.actions.organisations import ORGANISATION_FIELDS
from aglomera.agglomerations.models import Organisation, OrganisationStatus

REASON_HELP = _("Kept in the audit log with the change.")


def _reason_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=required,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, IČO, REGON or NIP"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any status")), *OrganisationStatus.choices],
    )


class OrganisationEditForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS


class ReasonForm(forms.Form):
    reason = _reason_field()


class MergeForm(forms.Form):
    KEEP_THIS, KEEP_OTHER = "this", "other"
    DEACTIVATE, DELETE = "merged", "delete"

    other = forms.ModelChoiceField(
        label=_("The other organisation"), queryset=Organisation.objects.none()
    )
    keep = forms.ChoiceField(
        label=_("Which one is kept"),
        widget=forms.RadioSelect,
        choices=[
            (KEEP_THIS, _("this organisation")),
            (KEEP_OTHER, _("the other organisation")),
        ],
        initial=KEEP_THIS,
    )
    duplicate = forms.ChoiceField(
        label=_("What happens to the other one"),
        widget=forms.RadioSelect,
        choices=[
            (DEACTIVATE, _("keep it marked as merged (its own history stays readable)")),
            (DELETE, _("delete it")),
        ],
        initial=DEACTIVATE,
    )
    reason = _reason_field()
    # Set only by the confirmation page, whose button alone merges.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, candidates: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        other: Any = self.fields["other"]
        other.queryset = candidates
        other.label_from_instance = lambda o: f"{o.name} ({o.identifier})"

    def kept_and_duplicate(self, organisation: Organisation) -> tuple[Organisation, Organisation]:
        """Which one is kept and which one goes, given the organisation whose page this is."""
        other = self.cleaned_data["other"]
        if self.cleaned_data["keep"] == self.KEEP_OTHER:
            return other, organisation
        return organisation, other


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, username or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("any role")), *Role.choices]
    )


def _organisation_field() -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        label=_("Acts for the organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("For an applicant: the organisation in whose name they file intentions."),
    )


def _role_field() -> forms.ChoiceField:
    """No role is preselected: a manager role is never granted by an unchanged default."""
    return forms.ChoiceField(label=_("Role"), choices=[("", "—"), *Role.choices])


class _RoleForm(forms.Form):
    role = _role_field()

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class GrantRoleForm(_RoleForm):
    organisation = _organisation_field()
    reason = _reason_field()


class AddMemberForm(_RoleForm):
    user = forms.CharField(label=_("Username or e-mail address"), max_length=254)
    role = _role_field()
    organisation = _organisation_field()
    reason = _reason_field()

    field_order = ["user", "role", "organisation", "reason"]


class CreateAccountForm(_RoleForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        # The model's own validators but its length limit, which max_length already checks
        # (both would say the same message twice).
        validators=[
            v
            for v in User._meta.get_field("username").validators
            if not isinstance(v, MaxLengthValidator)
        ],
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"))
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        required=False,
        choices=[("", "—"), *User._meta.get_field("preferred_language").choices],  # type: ignore[misc]
    )
    role = _role_field()
    organisation = _organisation_field()
    reason = _reason_field()


class RevokeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    reason = _reason_field()

    def __init__(self, *args: Any, held: frozenset[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Role.choices if value in held
        ]
