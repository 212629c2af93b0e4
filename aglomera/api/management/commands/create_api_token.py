"""`manage.py create_api_token <username>`: issue an API token and print it (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aglomera.accounts.models import User
from aglomera.api.actions.tokens import issue_api_token


class Command(BaseCommand):
    help = (
        "Issue an API token for an active user and print it; an earlier token of the user "
        "stops working."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> str:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']!r}.")
        token = issue_api_token(user, actor=None)
        return f"API token of {user.username}: {token.key}"
