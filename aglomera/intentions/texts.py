"""What the system writes about an intention, rendered in the reader's language
(aglomera/core/texts.py)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aglomera.core.texts import generated_text

FORMAL_CHECK_PASSED = "intentions.formal_check_passed"
CONSOLIDATION = "intentions.consolidation"
STATEMENT = "intentions.statement"


@generated_text(FORMAL_CHECK_PASSED)
def formal_check_passed(params: Mapping[str, Any]) -> str:
    return _("All checklist items fulfilled.")


@generated_text(CONSOLIDATION)
def consolidation(params: Mapping[str, Any]) -> str:
    # The counts stand after a colon so that only the number of reviews needs a plural form.
    return ngettext(
        "Consolidated score %(score)s from %(counter)s review (excluded for a conflict of "
        "interest: %(conflicted)s); recommend: %(yes)s, do not recommend: %(no)s; gate "
        "criteria: %(gates)s.",
        "Consolidated score %(score)s from %(counter)s reviews (excluded for a conflict of "
        "interest: %(conflicted)s); recommend: %(yes)s, do not recommend: %(no)s; gate "
        "criteria: %(gates)s.",
        int(params["counted"]),
    ) % {
        "score": number_format(Decimal(str(params["score"])), 2, use_l10n=True),
        "counter": params["counted"],
        "conflicted": params["conflicted"],
        "yes": params["yes"],
        "no": params["no"],
        "gates": _("failed") if params["gate_failed"] else _("fulfilled"),
    }


@generated_text(STATEMENT)
def statement(params: Mapping[str, Any]) -> str:
    return _("Compliance statement %(number)s") % {"number": params["number"]}
