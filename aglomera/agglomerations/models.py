from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aglomera.agglomerations import terms
from aglomera.core.i18n import I18nField
from aglomera.core.money import Currency
from aglomera.core.validators import normalize_ico, validate_ico, validate_nip, validate_regon


class Country(models.TextChoices):
    CZ = "CZ", _("Czechia")
    PL = "PL", _("Poland")


class Agglomeration(models.Model):
    """A tenant: one integrated territorial strategy office and its territory."""

    slug = models.SlugField(_("short name"), unique=True)
    name = I18nField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    time_zone = models.CharField(_("time zone"), max_length=60, default="Europe/Prague")
    office_name = I18nField(_("strategy office"), max_length=300)
    office_address = models.CharField(_("address"), max_length=300, blank=True)
    office_email = models.EmailField(_("e-mail"), blank=True)
    office_phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("agglomeration")
        verbose_name_plural = _("agglomerations")

    def __str__(self) -> str:
        return str(self.name) or self.slug

    @property
    def agglomeration_id(self) -> int:
        """Lets the permission layer treat an agglomeration like any object inside one."""
        return self.pk

    @property
    def language(self) -> str:
        """The office's working language: documents and mails default to it."""
        return "pl" if self.country == Country.PL else "cs"

    @property
    def district_term(self) -> str:
        """ "District" (okres) for a Czech agglomeration, "County" (powiat) for a Polish one."""
        return terms.district_term(self.country)

    @property
    def municipality_term(self) -> str:
        return terms.municipality_term(self.country)


class MunicipalityKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    CITY = "city", _("statutory city / city with county rights")
    GMINA = "gmina", _("gmina")
    POWIAT = "powiat", _("powiat (county)")


class Municipality(models.Model):
    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        Agglomeration, on_delete=models.CASCADE, related_name="municipalities"
    )
    code = models.CharField(_("official code"), max_length=20, help_text=_("LAU / TERYT code"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityKind.choices)
    district = models.CharField(_("district / county"), max_length=100, blank=True)
    nuts3 = models.CharField(_("NUTS 3"), max_length=5, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agglomeration", "code"], name="municipality_code_unique"
            )
        ]
        verbose_name = _("member municipality")
        verbose_name_plural = _("member municipalities")

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        """The kind in the terms of the agglomeration's country (not "statutory city / city with
        county rights")."""
        return terms.municipality_kind_label(
            self.kind, self.agglomeration.country, str(self.get_kind_display())
        )


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality or county")
    REGION = "region", _("region")
    STATE = "state", _("state body")
    UNIVERSITY = "university", _("university or research body")
    SCHOOL = "school", _("school")
    TRANSPORT = "transport", _("transport company")
    NGO = "ngo", _("non-governmental organisation")
    CHURCH = "church", _("church or religious body")
    ENTERPRISE = "enterprise", _("enterprise")
    # A beneficiary who is a person (a sole trader, a farmer): Art. 49(3) publishes only the
    # first name and surname, never the address, and removes them after two years.
    PERSON = "person", _("natural person (e.g. a sole trader or a farmer)")
    OTHER = "other", _("other")


class Organisation(models.Model):
    """An applicant or partner, identified by its national number."""

    TENANT_PATH = "agglomeration"

    agglomeration = models.ForeignKey(
        Agglomeration, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    ico = models.CharField(_("IČO"), max_length=8, blank=True, validators=[validate_ico])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    nip = models.CharField(_("NIP"), max_length=13, blank=True, validators=[validate_nip])
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agglomeration", "ico"],
                condition=~Q(ico=""),
                name="organisation_ico_unique",
            ),
            models.UniqueConstraint(
                fields=["agglomeration", "regon"],
                condition=~Q(regon=""),
                name="organisation_regon_unique",
            ),
            models.CheckConstraint(
                condition=Q(country="PL") | ~Q(ico=""),
                name="organisation_cz_has_ico",
                violation_error_message=_("A Czech organisation needs its IČO."),
            ),
            models.CheckConstraint(
                condition=Q(country="CZ") | ~Q(regon="") | ~Q(nip=""),
                name="organisation_pl_has_regon_or_nip",
                violation_error_message=_("A Polish organisation needs its REGON or NIP."),
            ),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        """The kind in the terms of the organisation's country (not "municipality or county")."""
        return terms.organisation_kind_label(self.kind, self.country, str(self.get_kind_display()))

    def clean(self) -> None:
        self.ico = normalize_ico(self.ico)
        if self.country == Country.CZ and not self.ico:
            raise ValidationError({"ico": _("A Czech organisation needs its IČO.")})
        if self.country == Country.PL and not (self.regon or self.nip):
            raise ValidationError({"regon": _("A Polish organisation needs its REGON or NIP.")})

    @property
    def identifier(self) -> str:
        if self.country == Country.CZ:
            return f"IČO {self.ico}"
        return f"REGON {self.regon}" if self.regon else f"NIP {self.nip}"
