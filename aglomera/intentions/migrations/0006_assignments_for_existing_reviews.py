"""Reviews written before assignments existed: each reviewer is recorded as assigned to the
intention, due on the day the review was submitted (in the agglomeration's time zone), so that
a reviewer may still correct a review of an intention that waits for the working group. Nobody
is recorded as having assigned them."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def forwards(apps: Any, schema_editor: Any) -> None:
    review = apps.get_model("intentions", "Review")
    assignment = apps.get_model("intentions", "ReviewAssignment")
    now = timezone.now()
    existing = set(assignment.objects.values_list("intention_id", "reviewer_id"))
    rows = []
    for row in review.objects.select_related("intention__call__agglomeration").order_by("id"):
        if (row.intention_id, row.reviewer_id) in existing:
            continue
        moment = row.submitted_at or now
        zone = _zone(row.intention.call.agglomeration.time_zone)
        rows.append(
            assignment(
                intention_id=row.intention_id,
                reviewer_id=row.reviewer_id,
                assigned_by=None,
                assigned_at=moment,
                due_on=timezone.localtime(moment, zone).date(),
            )
        )
    assignment.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("intentions", "0005_review_assignment")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
