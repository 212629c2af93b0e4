"""The constant list of demo logins (read by production's demo-password check) is the loader's."""

from __future__ import annotations

from aglomera.demo.credentials import ADMIN_USERNAME, DEMO_USERNAMES
from aglomera.demo.dataset import demo_data
from aglomera.demo.loader import username


def test_the_demo_usernames_are_every_user_the_loader_creates() -> None:
    # The loader's names: <slug>-<role> (loader.ensure_people), <slug>-<role>-<suffix>
    # (pipeline._world), and the superuser (loader.ensure_admin).
    created = {ADMIN_USERNAME}
    for folder in demo_data().agglomerations:
        spec = folder.agglomeration
        created.update(username(spec.slug, person.role) for person in spec.people)
        created.update(
            username(spec.slug, f"{extra.role}-{extra.suffix}") for extra in spec.extra_people
        )
    assert created == DEMO_USERNAMES
    assert len(created) == 39  # the superuser and 38 users
