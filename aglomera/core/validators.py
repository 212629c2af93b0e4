"""Checks of national identifiers of organisations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.pl import nip as pl_nip
from stdnum.pl import regon as pl_regon


def validate_ico(value: str) -> None:
    """Czech company ID (IČO): 8 digits, the last a mod-11 check digit."""
    digits = value.strip()
    if not digits.isdigit() or len(digits) > 8:
        raise ValidationError(_("An IČO has 8 digits."), code="ico_format")
    digits = digits.zfill(8)  # official lists drop leading zeros
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 10
    if check != int(digits[7]):
        raise ValidationError(
            _("The IČO %(value)s has a wrong check digit."),
            code="ico_checksum",
            params={"value": value},
        )


def normalize_ico(value: str) -> str:
    return value.strip().zfill(8) if value.strip() else ""


def validate_regon(value: str) -> None:
    if not pl_regon.is_valid(value):
        raise ValidationError(
            _("The REGON %(value)s is not valid (9 or 14 digits with a check digit)."),
            code="regon_invalid",
            params={"value": value},
        )


def validate_nip(value: str) -> None:
    if not pl_nip.is_valid(value):
        raise ValidationError(
            _("The NIP %(value)s is not valid (10 digits with a check digit)."),
            code="nip_invalid",
            params={"value": value},
        )
