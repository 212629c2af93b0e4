"""Reasons the system wrote as sentences (in the language of the moment) become codes with their
parameters, read in the reader's language (aglomera/core/texts.py). A reason that matches none of
the system's sentences in Czech, Polish or English is a person's own and stays as it is."""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

LANGUAGES = ("cs", "pl", "en")
# The sentence as earlier versions stored it; marked so that its translations stay in the
# catalogues, which this migration reads to recognise Czech and Polish copies.
CONSOLIDATION = gettext_noop(
    "Consolidated score %(score)s from %(counted)s reviews (%(conflicted)s excluded for a "
    "conflict of interest); %(yes)s recommend, %(no)s do not; gates %(gates)s."
)
NUMBERED = {
    "intentions.statement": "Compliance statement %(number)s",
    "committee.resolution": "Resolution %(number)s of the steering committee",
}
FIXED = {
    "intentions.formal_check_passed": "All checklist items fulfilled.",
    "committee.not_adopted": "not adopted (no resolution number)",
}


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)s", template)
    regex = "".join(
        f"(?P<{part}>.+?)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$")


def _decode(reason: str) -> tuple[str, dict[str, Any], str] | None:
    first, _newline, note = reason.partition("\n")
    for language in LANGUAGES:
        with translation.override(language):
            for code, msgid in FIXED.items():
                if reason == gettext(msgid):
                    return code, {}, ""
            for code, msgid in NUMBERED.items():
                match = _pattern(gettext(msgid)).match(reason)
                if match:
                    return code, {"number": match["number"]}, ""
            match = _pattern(gettext(CONSOLIDATION)).match(first)
            if match and match["gates"] in (gettext("failed"), gettext("fulfilled")):
                params = {
                    "score": match["score"].replace("\xa0", "").replace(" ", "").replace(",", "."),
                    **{key: int(match[key]) for key in ("counted", "conflicted", "yes", "no")},
                    "gate_failed": match["gates"] == gettext("failed"),
                }
                return "intentions.consolidation", params, note.strip()
    return None


def forwards(apps: Any, schema_editor: Any) -> None:
    status_change = apps.get_model("core", "StatusChange")
    changed = []
    for change in status_change.objects.filter(reason_code="").exclude(reason=""):
        decoded = _decode(change.reason)
        if decoded is None:
            continue
        change.reason_code, change.reason_params, change.reason = decoded
        changed.append(change)
    status_change.objects.bulk_update(changed, ["reason_code", "reason_params", "reason"])


class Migration(migrations.Migration):
    dependencies = [("core", "0005_status_change_reason_code")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
