"""A resolution's text kept, after the proposal, a line per intention with its outcome and
counts, and the casting-vote sentence, in the language of the moment. The minutes render those
from the outcomes in the reader's language: the written lines go."""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext

LANGUAGES = ("cs", "pl", "en")
COUNTS = "for %(for)s, against %(against)s, abstained %(abstained)s, recused %(recused)s"
CASTING = "The votes were tied; the chair's casting vote decided."


def _generated(line: str) -> bool:
    for language in LANGUAGES:
        with translation.override(language):
            if line == gettext(CASTING):
                return True
            counts = re.escape(gettext(COUNTS).split("%(")[0])
            outcomes = "|".join(re.escape(gettext(word)) for word in ("adopted", "not adopted"))
            if re.match(rf"^- .*: (?:{outcomes}) \({counts}", line):
                return True
    return False


def forwards(apps: Any, schema_editor: Any) -> None:
    resolution = apps.get_model("committee", "Resolution")
    changed = []
    for row in resolution.objects.select_related("item"):
        lines = row.text.split("\n")
        kept = [line for line in lines if not _generated(line)]
        if len(kept) == len(lines):
            continue
        # The first line was the proposal, or the item's title when it had none.
        row.text = "\n".join(kept).strip() if row.item.proposal.strip() else ""
        changed.append(row)
    resolution.objects.bulk_update(changed, ["text"])


class Migration(migrations.Migration):
    dependencies = [("committee", "0004_statute_rules")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
