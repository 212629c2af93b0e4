from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntentionsConfig(AppConfig):
    name = "aglomera.intentions"
    label = "intentions"
    verbose_name = _("Intentions")
