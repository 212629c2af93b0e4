"""An import's audit records named it "file (status)" with the status in the language of the
moment ("(Importováno)" on a Polish page): the name is the file alone now. Its steps' reasons
were English words ("refused", "error", "dry run"): they become generated texts
(aglomera/monitoring/texts.py), read in the reader's language."""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

STATUS_SUFFIX = re.compile(r" \([^()]*\)$")
REASONS = {
    "refused": "monitoring.import_refused",
    "error": "monitoring.import_error",
    "dry run": "monitoring.dry_run",
}


def forwards(apps: Any, schema_editor: Any) -> None:
    status_change = apps.get_model("core", "StatusChange")
    for reason, code in REASONS.items():
        status_change.objects.filter(
            workflow="monitoring.import", reason=reason, reason_code=""
        ).update(reason="", reason_code=code)
    content_type = apps.get_model("contenttypes", "ContentType")
    audit_event = apps.get_model("core", "AuditEvent")
    import_job = content_type.objects.filter(app_label="monitoring", model="importjob").first()
    if import_job is None:
        return
    events = list(audit_event.objects.filter(content_type=import_job, object_repr__endswith=")"))
    for event in events:
        event.object_repr = STATUS_SUFFIX.sub("", event.object_repr)
    audit_event.objects.bulk_update(events, ["object_repr"])


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0013_intervention_field_names_cs_pl"),
        ("core", "0006_status_change_reason_codes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
