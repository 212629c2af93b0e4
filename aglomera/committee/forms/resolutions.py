"""Deciding an item."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DecideForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the resolution (leave empty to use the proposal)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
