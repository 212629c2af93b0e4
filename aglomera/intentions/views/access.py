"""Who opens an intention and its parts (attachments, statements, change requests).

`intentions.view` opens them: staff of the agglomeration, and the applicant for its own
organisation's project. An applicant of another organisation may see projects in general but
must not learn that this one exists (404); a member without the right gets 403. A draft is the
applicant's own until it is submitted: staff get 403 when they open it (the lists hide drafts
from them), while a step on it is judged by its permission alone (the manager may withdraw it).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from aglomera.core.tenant import Tenant, TenantRequest, get_in_tenant
from aglomera.intentions.models import ProjectIntention
from aglomera.intentions.queries import submission as queries
from aglomera.intentions.rules import is_private_draft

VIEW = "intentions.view"


def require_own(tenant: Tenant, perm: str, obj: models.Model) -> None:
    """403 for members without `perm` on the project's `obj`; 404 for an applicant of another
    organisation."""
    if tenant.can(VIEW, obj):
        tenant.require(perm, obj)
        return
    if tenant.can(VIEW):
        raise Http404
    raise PermissionDenied


def intention_of(request: TenantRequest, pk: int, perm: str = VIEW) -> ProjectIntention:
    """The tenant's intention `pk`, when the user holds `perm` on it (and, to read it, when it is
    not another organisation's draft)."""
    tenant = request.tenant
    intention = get_in_tenant(queries.intentions(), tenant, pk=pk)
    require_own(tenant, perm, intention)
    if perm == VIEW and is_private_draft(intention, tenant.organisations):
        raise PermissionDenied
    return intention
