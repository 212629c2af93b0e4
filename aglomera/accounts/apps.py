from __future__ import annotations

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "aglomera.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from aglomera.accounts.demo_passwords import check_demo_passwords

        checks.register(check_demo_passwords, checks.Tags.security)
