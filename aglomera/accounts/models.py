from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        blank=True,
        choices=[("cs", "Čeština"), ("pl", "Polski"), ("en", "English")],
    )

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined,misc]
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    MANAGER = "manager", _("strategy manager")
    COORDINATOR = "coordinator", _("thematic coordinator")
    WORKING_GROUP = "working_group", _("working-group member")
    COMMITTEE = "committee", _("steering-committee member")
    APPLICANT = "applicant", _("applicant")
    PARTNER = "partner", _("partner agglomeration staff")
    AUDITOR = "auditor", _("auditor")


class Membership(models.Model):
    """A user's role in one agglomeration. A user may hold several roles in several."""

    TENANT_PATH = "agglomeration"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "agglomerations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agglomeration", "role"], name="membership_unique_role"
            )
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} / {self.agglomeration_id} / {self.role}"
