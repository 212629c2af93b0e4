"""What the public portal needs beyond the office's own data: the host names bound to a portal."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

host_name = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    _("Enter a host name in lower case, such as aglomerace.example.cz."),
)


class PortalHost(models.Model):
    """A host name bound to one agglomeration: its portal is served at the root of that host."""

    host = models.CharField(_("host name"), max_length=253, unique=True, validators=[host_name])
    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration",
        on_delete=models.CASCADE,
        related_name="portal_hosts",
        verbose_name=_("agglomeration"),
    )

    class Meta:
        ordering = ["host"]
        verbose_name = _("portal host name")
        verbose_name_plural = _("portal host names")

    def __str__(self) -> str:
        return self.host
