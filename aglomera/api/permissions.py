"""Who may call the staff endpoints: a signed-in user (token) who is a member of the
agglomeration in the URL, resolved exactly as the staff pages resolve it
(`aglomera.core.tenant.resolve_tenant`): 404 for an outsider, 403 for a member without the
permission. What a member may do to an object is then asked of the one permission table
(`aglomera.accounts.permissions`) by the same helpers the pages use."""

from __future__ import annotations

from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from aglomera.core.tenant import Tenant, resolve_tenant


class IsSignedIn(IsAuthenticated):
    """401 without a valid token (`Authorization: Token <key>`)."""


def tenant_of(request: Request, slug: str, perm: str = "agglomerations.view") -> Tenant:
    """The agglomeration of the URL as the request's user acts in it (404 / 403)."""
    return resolve_tenant(request.user, slug, perm)
