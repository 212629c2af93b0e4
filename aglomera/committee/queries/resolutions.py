"""The resolutions of the committee."""

from __future__ import annotations

from aglomera.agglomerations.models import Agglomeration
from aglomera.committee.models import Resolution


def list_resolutions(agglomeration: Agglomeration) -> list[Resolution]:
    return list(
        Resolution.objects.filter(committee__agglomeration=agglomeration)
        .select_related("item__meeting")
        .order_by("-year", "-sequence")
    )
