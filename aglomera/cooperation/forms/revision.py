"""The revision an edit form of a joint item (an exchange, a partnership, a cooperation project)
was opened from: a hidden input the conflict check needs (aglomera/cooperation/merge.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise


class RevisionForm(forms.Form):
    """Base (or mixin) of an edit form: a missing or malformed revision is refused with
    `missing_revision`, a message the page shows (the input is hidden). A subclass with
    `edit = False` (a creation form) ignores whatever was sent."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    edit = True
    missing_revision: str | Promise = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.edit:
            self.errors.pop("revision", None)
            cleaned.pop("revision", None)
        elif "revision" in self.errors or cleaned.get("revision") is None:
            self.errors.pop("revision", None)
            cleaned.pop("revision", None)
            self.add_error(None, forms.ValidationError(str(self.missing_revision), code="revision"))
        return cleaned
