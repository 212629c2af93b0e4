"""A user's preferred language: set by the language switch, only to a language the site offers."""

from __future__ import annotations

import pytest
from django.test import Client

from aglomera.accounts.actions.preferences import set_preferred_language
from aglomera.accounts.models import User
from aglomera.core.models import AuditEvent


@pytest.fixture
def user(db: None) -> User:
    return User.objects.create(username="jana", preferred_language="cs")


def test_the_language_switch_remembers_the_choice(user: User) -> None:
    client = Client()
    client.force_login(user)
    assert (
        client.get(
            "/cs/app/language/pl/", {"next": "/cs/app/"}, headers={"Sec-Fetch-Site": "same-origin"}
        ).status_code
        == 302
    )
    user.refresh_from_db()
    assert user.preferred_language == "pl"
    assert not AuditEvent.objects.exists()


def test_a_language_the_site_does_not_offer_is_refused(user: User) -> None:
    with pytest.raises(ValueError, match="de"):
        set_preferred_language(user.pk, "de")
    user.refresh_from_db()
    assert user.preferred_language == "cs"
