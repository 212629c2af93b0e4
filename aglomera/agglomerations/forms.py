from __future__ import annotations

from django import forms

from aglomera.agglomerations.models import Organisation


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ["name", "kind", "country", "ico", "regon", "nip", "address"]
