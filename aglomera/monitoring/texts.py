"""What the system writes about imports, rendered in the reader's language
(aglomera/core/texts.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from aglomera.core.texts import generated_text

IMPORT_REFUSED = "monitoring.import_refused"
IMPORT_ERROR = "monitoring.import_error"
DRY_RUN = "monitoring.dry_run"


@generated_text(IMPORT_REFUSED)
def import_refused(params: Mapping[str, Any]) -> str:
    return _("The list was refused; nothing was imported.")


@generated_text(IMPORT_ERROR)
def import_error(params: Mapping[str, Any]) -> str:
    return _("The import failed unexpectedly; nothing was written.")


@generated_text(DRY_RUN)
def dry_run(params: Mapping[str, Any]) -> str:
    return _("A dry run: nothing was written.")
