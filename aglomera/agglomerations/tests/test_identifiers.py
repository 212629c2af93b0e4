"""National identifiers of organisations: Czech IČO, Polish REGON and NIP."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from aglomera.agglomerations.models import Agglomeration, Country, Organisation, OrganisationKind
from aglomera.core.validators import normalize_ico, validate_ico, validate_nip, validate_regon

# ---- IČO --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ico",
    [
        "00299308",  # Statutární město Olomouc
        "61989592",  # Univerzita Palackého v Olomouci
        "47676639",  # Dopravní podnik města Olomouce
        "70888337",  # Olomoucký kraj
        "299308",  # as official lists print it, without the leading zeros
        " 00299308 ",
    ],
)
def test_it_accepts_a_valid_ico(ico: str) -> None:
    # Given a valid IČO
    # When it is checked
    # Then it passes
    validate_ico(ico)


@pytest.mark.parametrize(
    ("ico", "code"),
    [
        ("00299309", "ico_checksum"),
        ("61989593", "ico_checksum"),
        ("299307", "ico_checksum"),
        ("0029930A", "ico_format"),
        ("00 299 308", "ico_format"),
        ("002993080", "ico_format"),
        ("-0299308", "ico_format"),
        ("", "ico_format"),
    ],
)
def test_it_rejects_an_ico_with_a_wrong_check_digit_or_not_digits(ico: str, code: str) -> None:
    # Given an IČO with a wrong check digit, letters, spaces or too many digits
    # When it is checked
    # Then it is refused with the reason
    with pytest.raises(ValidationError) as error:
        validate_ico(ico)
    assert error.value.code == code


def test_it_restores_the_leading_zeros_of_an_ico() -> None:
    # Given IČOs as typed
    # When they are normalised
    # Then they have 8 digits, and an empty one stays empty
    assert [normalize_ico(v) for v in ("299308", " 00299308 ", "", "  ")] == [
        "00299308",
        "00299308",
        "",
        "",
    ]


# ---- REGON and NIP ----------------------------------------------------------------------------


@pytest.mark.parametrize("regon", ["531412421", "123456785", "12345678512347"])
def test_it_accepts_a_valid_regon(regon: str) -> None:
    # Given a 9- or 14-digit REGON with correct check digits
    # When it is checked
    # Then it passes
    validate_regon(regon)


@pytest.mark.parametrize("regon", ["531412420", "12345678", "12345678512348", "53141242A", ""])
def test_it_rejects_an_invalid_regon(regon: str) -> None:
    # Given a REGON with a wrong check digit, length or characters
    # When it is checked
    # Then it is refused
    with pytest.raises(ValidationError) as error:
        validate_regon(regon)
    assert error.value.code == "regon_invalid"


@pytest.mark.parametrize("nip", ["8567346215", "856-734-62-15"])
def test_it_accepts_a_valid_nip(nip: str) -> None:
    # Given a NIP with a correct check digit, with or without dashes
    # When it is checked
    # Then it passes
    validate_nip(nip)


@pytest.mark.parametrize("nip", ["8567346216", "856734621", "85673462150", "ABCDEFGHIJ", ""])
def test_it_rejects_an_invalid_nip(nip: str) -> None:
    # Given a NIP with a wrong check digit, length or characters
    # When it is checked
    # Then it is refused
    with pytest.raises(ValidationError) as error:
        validate_nip(nip)
    assert error.value.code == "nip_invalid"


# ---- the organisation model -------------------------------------------------------------------


def test_it_puts_a_wrong_ico_on_the_ico_field(olomouc: Agglomeration) -> None:
    # Given a Czech organisation with a mistyped IČO
    organisation = Organisation(
        agglomeration=olomouc,
        name="Statutární město Olomouc",
        kind=OrganisationKind.MUNICIPALITY,
        country=Country.CZ,
        ico="00299309",
    )

    # When it is validated
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    # Then the error is on the IČO field only
    assert list(error.value.message_dict) == ["ico"]


def test_it_puts_a_wrong_regon_and_nip_on_their_fields(olomouc: Agglomeration) -> None:
    # Given a Polish organisation with a wrong REGON and NIP
    organisation = Organisation(
        agglomeration=olomouc,
        name="Miasto Opole",
        kind=OrganisationKind.MUNICIPALITY,
        country=Country.PL,
        regon="531412420",
        nip="8567346216",
    )

    # When it is validated
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    # Then each error is on its field
    assert sorted(error.value.message_dict) == ["nip", "regon"]


def test_it_accepts_valid_organisations(olomouc: Agglomeration) -> None:
    # Given a Czech organisation with an IČO and Polish ones with a REGON or a NIP
    organisations = [
        Organisation(
            agglomeration=olomouc,
            name="Univerzita Palackého",
            kind=OrganisationKind.UNIVERSITY,
            country=Country.CZ,
            ico="61989592",
        ),
        Organisation(
            agglomeration=olomouc,
            name="Miasto Opole",
            kind=OrganisationKind.MUNICIPALITY,
            country=Country.PL,
            regon="531412421",
        ),
        Organisation(
            agglomeration=olomouc,
            name="Firma",
            kind=OrganisationKind.ENTERPRISE,
            country=Country.PL,
            nip="8567346215",
        ),
    ]

    # When they are validated and saved
    for organisation in organisations:
        organisation.full_clean()
        organisation.save()

    # Then they are stored with their identifiers
    assert [o.identifier for o in Organisation.objects.order_by("pk")] == [
        "IČO 61989592",
        "REGON 531412421",
        "NIP 8567346215",
    ]


def test_it_restores_the_leading_zeros_when_an_organisation_is_validated(
    olomouc: Agglomeration,
) -> None:
    # Given the city of Olomouc typed with its IČO as official lists print it
    organisation = Organisation(
        agglomeration=olomouc,
        name="Statutární město Olomouc",
        kind=OrganisationKind.MUNICIPALITY,
        country=Country.CZ,
        ico="299308",
    )

    # When it is validated and saved
    organisation.full_clean()
    organisation.save()

    # Then it is stored with 8 digits
    assert Organisation.objects.get().ico == "00299308"


@pytest.mark.parametrize(
    ("country", "key"), [(Country.CZ, "ico"), (Country.PL, "regon")], ids=["cz", "pl"]
)
def test_it_asks_for_the_national_identifier_of_the_country(
    country: str, key: str, olomouc: Agglomeration
) -> None:
    # Given a Czech or Polish organisation with no identifier at all
    organisation = Organisation(
        agglomeration=olomouc, name="Bez čísla", kind=OrganisationKind.OTHER, country=country
    )

    # When it is validated
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    # Then the form is told which identifier is missing
    assert list(error.value.message_dict) == [key]


@pytest.mark.parametrize(
    "fields",
    [
        {"country": Country.CZ},
        {"country": Country.CZ, "regon": "531412421", "nip": "8567346215"},
        {"country": Country.PL},
        {"country": Country.PL, "ico": "00299308"},
    ],
    ids=["cz-without-ico", "cz-with-only-polish-ids", "pl-without-ids", "pl-with-only-ico"],
)
def test_it_refuses_to_store_an_organisation_without_its_national_identifier(
    fields: dict[str, str], olomouc: Agglomeration
) -> None:
    # Given a Czech organisation without an IČO, or a Polish one without REGON and NIP
    # When it is stored bypassing validation
    # Then the database refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            agglomeration=olomouc, name="Bez čísla", kind=OrganisationKind.OTHER, **fields
        )
    assert not Organisation.objects.exists()
