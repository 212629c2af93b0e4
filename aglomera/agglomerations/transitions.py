"""The workflow of an organisation: the manager deactivates, reactivates or merges it.

active ──deactivate──▶ inactive ──reactivate──▶ active
   └──merge──▶ merged ◀──merge──┘

A deactivated or merged organisation cannot be chosen for a new intention; its history stays.
"""

from __future__ import annotations

from aglomera.agglomerations.models import Organisation, OrganisationStatus
from aglomera.core.transitions import Workflow

S = OrganisationStatus
ADMINISTER = "agglomerations.administer_organisations"

TRANSITIONS: dict[tuple[OrganisationStatus, OrganisationStatus], str] = {
    (S.ACTIVE, S.INACTIVE): ADMINISTER,
    (S.INACTIVE, S.ACTIVE): ADMINISTER,
    (S.ACTIVE, S.MERGED): ADMINISTER,
    (S.INACTIVE, S.MERGED): ADMINISTER,
}

ORGANISATION = Workflow(
    name="agglomerations.organisation",
    model=Organisation,
    statuses=OrganisationStatus,
    table=TRANSITIONS,
    agglomeration_id=lambda organisation: organisation.agglomeration_id,
)

WORKFLOW = ORGANISATION.name
allowed_transitions = ORGANISATION.allowed
transition = ORGANISATION.step
