from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what to which object, with the values before and after."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        verbose_name=_("agglomeration"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_events",
    )
    code = models.CharField(_("event"), max_length=80)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agglomeration", "-created_at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.code} {self.object_repr}"


class StatusChange(models.Model):
    """One step through a workflow: from, to, who, when and why."""

    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    workflow = models.CharField(max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    old_status = models.CharField(_("from"), max_length=40)
    new_status = models.CharField(_("to"), max_length=40)
    reason = models.TextField(_("reason"), blank=True)  # a person's own words
    # A reason the system gave (aglomera/core/texts.py), rendered in the reader's language.
    reason_code = models.CharField(max_length=80, blank=True)
    reason_params = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            # "As of a day" reads the history of one workflow for a set of objects.
            models.Index(fields=["workflow", "object_id", "created_at"]),
        ]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.workflow}: {self.old_status} -> {self.new_status}"

    @property
    def old_label(self) -> str:
        from aglomera.core.states import state_label  # the workflows import this module

        return state_label(self.workflow, self.old_status)

    @property
    def new_label(self) -> str:
        from aglomera.core.states import state_label

        return state_label(self.workflow, self.new_status)

    @property
    def reason_text(self) -> str:
        """The reason as the reader reads it: the system's text in their language, then the
        person's own words."""
        from aglomera.core.texts import with_note

        if not self.reason_code:
            return self.reason
        return with_note(self.reason_code, self.reason_params, self.reason)


def model_snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """Values of the given fields, JSON-ready, for AuditEvent.before/after."""
    return {name: getattr(obj, name) for name in fields}


class SubmissionToken(models.Model):
    """A creation form's one-time token: which object the first submission of the form created.

    A second submission with the same token (a double click, a retried request, a parallel post)
    answers with that object instead of creating another one (`aglomera.core.once`).
    """

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submission token")
        verbose_name_plural = _("submission tokens")

    def __str__(self) -> str:
        return str(self.token)
