"""Forms with one field per row of a list the page shows (a member, an intention)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class RowsForm(forms.Form):
    """Its fields are named `<row_prefix><id>`, one per row of the list it was built from (the
    agglomeration's own members or intentions). A posted row the list does not hold (another
    agglomeration's, or one gone in the meantime) is refused with `unknown_row`, not ignored."""

    row_prefix: ClassVar[str]
    unknown_row: ClassVar[StrPromise]  # gettext_lazy

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(key.startswith(self.row_prefix) and key not in self.fields for key in self.data):
            raise ValidationError(self.unknown_row, code="unknown_row")
        return cleaned
