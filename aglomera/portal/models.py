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


class PublicProject(models.Model):
    """What the portal shows of one public project (an intention from its legal act on): a
    projection rebuilt by `manage.py rebuild_public_projects` and refreshed after every workflow
    step and every edit of what it shows (aglomera/portal/actions/projects.py). It carries only
    what CPR 2021/1060 Art. 49(3) allows to publish: a natural person's project has no
    beneficiary name, no municipality and no position here.

    `search_text` is the name (every language), the beneficiary and the purpose, in lower case
    without diacritics ("namesti" finds "náměstí") on SQLite and PostgreSQL alike."""

    intention = models.OneToOneField(
        "intentions.ProjectIntention",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    agglomeration = models.ForeignKey(
        "agglomerations.Agglomeration", on_delete=models.CASCADE, related_name="+"
    )
    name = models.JSONField(default=dict)  # I18nText: the project's name per language
    sort_name = models.CharField(max_length=400)  # folded name in the agglomeration's language
    beneficiary = models.CharField(max_length=300, blank=True)  # "" for a natural person
    search_text = models.TextField(blank=True)
    measure_code = models.CharField(max_length=20)
    programme = models.ForeignKey("strategy.Programme", on_delete=models.CASCADE, related_name="+")
    fund = models.CharField(max_length=5)
    state = models.CharField(max_length=30)
    currency = models.CharField(max_length=3)
    total_cost = models.DecimalField(max_digits=16, decimal_places=2)
    eu_amount = models.DecimalField(max_digits=16, decimal_places=2)
    band = models.PositiveSmallIntegerField()  # the EU support band (queries/projects.py)
    selected_on = models.DateField()  # the legal act: the project became public
    year = models.PositiveSmallIntegerField()  # of `selected_on`
    latitude = models.FloatField(null=True, blank=True)  # centroid of its municipalities
    longitude = models.FloatField(null=True, blank=True)
    municipalities = models.ManyToManyField("agglomerations.Municipality", related_name="+")

    class Meta:
        ordering = ["sort_name", "intention_id"]
        indexes = [
            models.Index(fields=["agglomeration", "sort_name"]),
            models.Index(fields=["agglomeration", "latitude", "longitude"]),
        ]

    def __str__(self) -> str:
        return self.sort_name
