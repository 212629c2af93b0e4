from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "aglomera.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Every committed workflow step (core.signals.status_changed) queues its e-mails.
        from aglomera.core.signals import status_changed
        from aglomera.notifications.tasks import enqueue_status_notification

        status_changed.connect(
            enqueue_status_notification, dispatch_uid="notifications.status_changed"
        )
