"""An import stored why it refused its file (`error`) and each row (`refused[...]["reason"]`) as
sentences in the language of the moment it ran. It stores a code and its parameters now
(aglomera/monitoring/texts.py), written in the reader's language when shown.

The sentences without parameters that an earlier import stored, in any of the product's
languages, become their codes; every other old sentence stays as it is and is shown as it is."""

from __future__ import annotations

from typing import Any

import django.core.serializers.json
from django.db import migrations, models
from django.utils import translation

LANGUAGES = ("en", "cs", "pl")
# The codes of the sentences without parameters, with the sentence as it was written in English
# (frozen here: texts.py may word them otherwise later).
FILE_CODES = {
    "monitoring.import_file_unexpected": (
        "The import failed unexpectedly; nothing was written. Please report it."
    ),
    "monitoring.import_file_file_gone": "The uploaded file is no longer stored; upload it again.",
    "monitoring.import_file_empty": "The file is empty.",
    "monitoring.import_file_pdf": "This is a PDF document, not a list of operations.",
    "monitoring.import_file_zip_not_spreadsheet": (
        "This is a zip archive, but not an Excel workbook (.xlsx) or an "
        "OpenDocument spreadsheet (.ods)."
    ),
    "monitoring.import_file_binary": "This is a binary file, not a CSV list.",
    "monitoring.import_file_xls_unreadable": (
        "The Excel 97-2003 workbook (.xls) cannot be read; it may be damaged or password-protected."
    ),
    "monitoring.import_file_ods_unreadable": (
        "The OpenDocument spreadsheet (.ods) cannot be read; it may be damaged or "
        "password-protected."
    ),
    "monitoring.import_file_xlsx_damaged": "The Excel workbook cannot be read; it may be damaged.",
    "monitoring.import_file_no_rows": "The file has a header but no rows of data.",
}
ROW_CODES = {
    "monitoring.import_row_missing": "This value is missing.",
    "monitoring.import_row_not_amount": "This is not an amount.",
    "monitoring.import_row_misplaced_separators": (
        "This is not an amount: the thousands separators are misplaced."
    ),
    "monitoring.import_row_negative": "An amount must not be negative.",
    "monitoring.import_row_amount_too_large": "The amount is too large.",
    "monitoring.import_row_not_date": "This is not a date.",
    "monitoring.import_row_number_missing": "The registration number is missing.",
}


def _sentences(codes: dict[str, str]) -> dict[str, str]:
    """Each sentence as every language wrote it -> its code."""
    found: dict[str, str] = {}
    for language in LANGUAGES:
        with translation.override(language):
            for code, sentence in codes.items():
                found[translation.gettext(sentence)] = code
    return found


def _row(refusal: Any, sentences: dict[str, str]) -> Any:
    if not isinstance(refusal, dict) or "code" in refusal:
        return refusal
    code = sentences.get(str(refusal.get("reason", "")))
    if code is None:
        return refusal  # shown as it is
    return {
        "row": refusal.get("row"),
        "column": refusal.get("column", ""),
        "field": "",
        "code": code,
        "params": {},
    }


def forwards(apps: Any, schema_editor: Any) -> None:
    import_job = apps.get_model("monitoring", "ImportJob")
    file_sentences = _sentences(FILE_CODES)
    row_sentences = _sentences(ROW_CODES)
    changed = []
    jobs = import_job.objects.filter(error_code="").exclude(error="", refused=[])
    for job in jobs.only("pk", "error", "refused").iterator():
        code = file_sentences.get(job.error)
        refused = (
            [_row(r, row_sentences) for r in job.refused]
            if isinstance(job.refused, list)
            else job.refused
        )
        if code is None and refused == job.refused:
            continue
        if code is not None:
            job.error, job.error_code = "", code
        job.refused = refused
        changed.append(job)
    import_job.objects.bulk_update(changed, ["error", "error_code", "refused"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0015_intention_stage_spans")]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="error_code",
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.AddField(
            model_name="importjob",
            name="error_params",
            field=models.JSONField(
                blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
