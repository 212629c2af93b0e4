"""Writes of the portal's projection of public projects (models.PublicProject).

The projection is derived data, never edited by hand: `refresh_public_projects` rewrites the
rows of the given intentions from the intentions themselves (a row for each one that is public,
none for the others), `rebuild_public_projects` rewrites an agglomeration's (or every) row. The
portal refreshes an intention's row after each committed workflow step (apps.py connects
`core.signals.status_changed`) and after each edit of what the row shows (the intention
actions send `core.signals.public_data_changed`). Nothing here is audited: the row says nothing
the intention's own audited history does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Min, Prefetch
from django.utils import timezone

from aglomera.agglomerations.models import Agglomeration, Municipality, OrganisationKind
from aglomera.core.i18n import as_i18n
from aglomera.core.models import StatusChange
from aglomera.intentions.models import ProjectIntention
from aglomera.intentions.queries.publication import PUBLISHED_FROM
from aglomera.portal.bands import band_of
from aglomera.portal.models import PublicProject
from aglomera.portal.search import fold

INTENTION_WORKFLOW = "intentions.intention"


def _selected_on(intention: ProjectIntention, first: dict[int, date]) -> date:
    """The day the intention became public: its first step into a public state."""
    return first.get(intention.pk) or timezone.localdate(intention.updated_at)


def _row(intention: ProjectIntention, selected_on: date) -> tuple[PublicProject, list[int]]:
    objective = intention.call.specific_objective
    person = intention.applicant.kind == OrganisationKind.PERSON
    places = [] if person else list(intention.municipalities.all())
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    name = as_i18n(intention.name)
    purpose = as_i18n(intention.art49_purpose) or as_i18n(intention.activities)
    beneficiary = "" if person else intention.applicant.name
    language = intention.call.agglomeration.language
    currency = objective.programme.currency
    row = PublicProject(
        intention=intention,
        agglomeration_id=intention.call.agglomeration_id,
        name=dict(name),
        sort_name=fold(name.localized(language))[:400],
        beneficiary=beneficiary,
        search_text=fold(" ".join([*name.values(), beneficiary, *purpose.values()])),
        measure_code=intention.measure_code,
        programme_id=objective.programme_id,
        fund=objective.fund,
        state=intention.status,
        currency=currency,
        total_cost=intention.total_cost,
        eu_amount=intention.requested_eu,
        band=band_of(intention.requested_eu, currency),
        selected_on=selected_on,
        year=selected_on.year,
        latitude=(sum(float(p.latitude or 0) for p in located) / len(located)) if located else None,
        longitude=(sum(float(p.longitude or 0) for p in located) / len(located))
        if located
        else None,
    )
    return row, [p.pk for p in places]


def _public(intentions: Iterable[ProjectIntention]) -> list[ProjectIntention]:
    return [i for i in intentions if i.status in PUBLISHED_FROM]


@transaction.atomic
def _write(intention_filter: dict[str, object]) -> int:
    """Rewrite the rows of the intentions matching `intention_filter` (5 queries + 1 per 1000)."""
    intentions = list(
        ProjectIntention.objects.filter(**intention_filter)
        .select_related("call__agglomeration", "call__specific_objective__programme", "applicant")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name", "pk"))
        )
    )
    ids = [i.pk for i in intentions]
    PublicProject.objects.filter(intention_id__in=ids).delete()
    public = _public(intentions)
    first = dict(
        StatusChange.objects.filter(
            workflow=INTENTION_WORKFLOW,
            object_id__in=[i.pk for i in public],
            new_status__in=PUBLISHED_FROM,
        )
        .values("object_id")
        .annotate(first=Min("created_at"))
        .values_list("object_id", "first")
    )
    first_day = {pk: timezone.localdate(moment) for pk, moment in first.items()}
    rows = [_row(intention, _selected_on(intention, first_day)) for intention in public]
    PublicProject.objects.bulk_create([row for row, _places in rows], batch_size=500)
    through = PublicProject.municipalities.through
    through.objects.bulk_create(
        [
            through(publicproject_id=row.pk, municipality_id=place)
            for row, places in rows
            for place in places
        ],
        batch_size=1000,
    )
    return len(rows)


def refresh_public_projects(intention_ids: Iterable[int]) -> int:
    """Rewrite the rows of these intentions; returns how many are public."""
    return _write({"pk__in": list(intention_ids)})


def rebuild_public_projects(agglomeration: Agglomeration | None = None) -> int:
    """Rewrite every row (of one agglomeration); returns how many projects are public."""
    if agglomeration is None:
        PublicProject.objects.all().delete()
        return _write({})
    PublicProject.objects.filter(agglomeration=agglomeration).delete()
    return _write({"call__agglomeration": agglomeration})


def on_status_changed(sender: object, status_change_id: int, **kwargs: object) -> None:
    """Receiver of core.signals.status_changed: an intention's step may publish or unpublish
    it, or change its state."""
    change = StatusChange.objects.filter(pk=status_change_id, workflow=INTENTION_WORKFLOW).first()
    if change is not None:
        refresh_public_projects([change.object_id])


def on_public_data_changed(sender: object, intention_ids: Iterable[int], **kwargs: object) -> None:
    """Receiver of core.signals.public_data_changed: an edit of what the portal shows."""
    refresh_public_projects(intention_ids)
