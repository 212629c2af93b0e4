"""Clients of the agglomerations' tests: signed in as someone, errors answered as pages."""

from __future__ import annotations

from django.test import Client

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration
from aglomera.intentions.tests.builders import PipelineWorld

# The roles of the agglomeration that do not manage it (the partner's staff reads elsewhere).
OTHER_ROLES = [Role.COORDINATOR, Role.WORKING_GROUP, Role.COMMITTEE, Role.APPLICANT, Role.AUDITOR]


def client_for(user: User) -> Client:
    """Signed in as `user`; a server error is answered as a page (500), not raised."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def manager_client(world: PipelineWorld) -> Client:
    return client_for(world.user(Role.MANAGER))


def role_client(agglomeration: Agglomeration, role: Role) -> Client:
    """Signed in as a new user `u-<role>` holding `role` in the agglomeration (a server error is
    raised, as by Django's test client)."""
    user = User.objects.create_user(f"u-{role.value}", password="pw-123456")
    Membership.objects.create(user=user, agglomeration=agglomeration, role=role)
    client = Client()
    client.force_login(user)
    return client
