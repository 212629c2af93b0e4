from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgglomerationsConfig(AppConfig):
    name = "aglomera.agglomerations"
    label = "agglomerations"
    verbose_name = _("Agglomerations")
