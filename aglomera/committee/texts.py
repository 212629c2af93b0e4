"""What the system writes about committee decisions, rendered in the reader's language
(aglomera/core/texts.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from aglomera.core.texts import generated_text

RESOLUTION = "committee.resolution"
NOT_ADOPTED = "committee.not_adopted"


@generated_text(RESOLUTION)
def resolution(params: Mapping[str, Any]) -> str:
    return _("Resolution %(number)s of the steering committee") % {"number": params["number"]}


@generated_text(NOT_ADOPTED)
def not_adopted(params: Mapping[str, Any]) -> str:
    return _("not adopted (no resolution number)")
