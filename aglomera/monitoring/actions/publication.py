"""What a generated Art. 49(3) list published, remembered for the rules that count from it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from aglomera.agglomerations.models import Agglomeration
from aglomera.core.actors import Actor
from aglomera.core.audit import record
from aglomera.intentions.models import ProjectIntention


@transaction.atomic
def record_art49_publication(
    agglomeration: Agglomeration, intention_ids: Iterable[int], *, on: date, actor: Actor
) -> int:
    """The day each intention was first published in the list of operations (a later list
    never moves it): a natural person's name leaves the list two years after it
    (CPR 2021/1060 Art. 49(3)). The requester of the list is the actor; returns how many
    intentions were published for the first time."""
    first_time = ProjectIntention.objects.filter(
        call__agglomeration=agglomeration,
        pk__in=list(intention_ids),
        art49_first_published_on__isnull=True,
    ).update(art49_first_published_on=on)
    if first_time:
        record(
            "monitoring.art49.first_published",
            actor=actor,
            agglomeration_id=agglomeration.pk,
            after={"on": on.isoformat(), "intentions": first_time},
        )
    return first_time
