from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "aglomera.strategy"
    label = "strategy"
    verbose_name = _("Strategy")
