from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "aglomera.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        # The projection of public projects follows every committed intention step and every
        # edit of what it shows (actions/projects.py).
        from aglomera.core.signals import public_data_changed, status_changed
        from aglomera.portal.actions.projects import on_public_data_changed, on_status_changed

        status_changed.connect(on_status_changed, dispatch_uid="portal.status_changed")
        public_data_changed.connect(
            on_public_data_changed, dispatch_uid="portal.public_data_changed"
        )
