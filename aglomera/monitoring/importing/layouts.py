"""The layouts of the lists we read: where the header is, which column feeds which field.

A layout names, per field of an Operation, the header(s) that may carry it. Headers are
compared after trimming, collapsing spaces and ignoring case, so `Příspěvek EU` and
`PŘÍSPĚVEK  EU ` match. A custom layout is built from the column mapping saved on the
OperationSource (field -> the file's header).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from aglomera.monitoring.importing import normalize
from aglomera.monitoring.models import OperationSource, SourceLayout


@dataclass(frozen=True)
class Field:
    name: str
    label: Any  # lazy translation
    parse: Callable[..., Any]
    country_aware: bool = False  # parse(value, country)


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field(
            "registration_number",
            _("registration number"),
            normalize.parse_registration_number,
            country_aware=True,
        ),
        Field("name", _("name"), normalize.clean_text),
        Field("beneficiary", _("beneficiary"), normalize.clean_text),
        Field("beneficiary_id", _("beneficiary ID (IČO)"), normalize.parse_ico),
        Field("programme_code", _("programme"), normalize.clean_text),
        Field("call_number", _("call"), normalize.clean_text),
        Field("state_code", _("state code"), normalize.clean_text),
        Field("state_name", _("state"), normalize.clean_text),
        Field("total_cost", _("total cost"), normalize.parse_amount),
        Field("eligible_cost", _("total eligible expenditure"), normalize.parse_amount),
        Field("eu_contribution", _("EU contribution"), normalize.parse_amount),
        Field("national_public", _("national public contribution"), normalize.parse_amount),
        Field(
            "paid_eligible",
            _("claimed in payment applications (total eligible)"),
            normalize.parse_amount,
        ),
        Field("paid_eu", _("claimed in payment applications (EU)"), normalize.parse_amount),
        Field("certified_eu", _("certified to the Commission (EU)"), normalize.parse_amount),
        Field("contracted_on", _("legal act signed"), normalize.parse_date),
        Field("start_date", _("start"), normalize.parse_date),
        Field("end_date", _("end"), normalize.parse_date),
        Field("nuts3", _("NUTS 3"), normalize.parse_nuts3),
    )
}
# Text fields and their lengths on Operation (longer values are refused, not cut).
MAX_LENGTHS = {
    "name": 1000,
    "beneficiary": 500,
    "programme_code": 30,
    "call_number": 60,
    "state_code": 20,
    "state_name": 300,
}
# Without these a row is not an operation.
ROW_REQUIRED = ("registration_number", "name", "beneficiary")
# Fields a custom mapping must provide (without a registration number the key is synthetic),
# and at least one amount of AMOUNTS.
CUSTOM_REQUIRED = ("name", "beneficiary")
# Amount columns, each on its own basis (domain.md section 6): a list that lacks one leaves it
# unknown (None), never 0.
AMOUNTS = (
    "total_cost",
    "eligible_cost",
    "eu_contribution",
    "national_public",
    "paid_eligible",
    "paid_eu",
    "certified_eu",
)


def header_key(value: Any) -> str:
    return " ".join(normalize.clean_text(value).split()).casefold()


@dataclass(frozen=True)
class Layout:
    key: str
    columns: Mapping[str, tuple[str, ...]]  # field -> accepted headers
    required: tuple[str, ...]  # fields whose column must be present
    encoding: str = "utf-8-sig"
    delimiter: str = ""  # "" = detect , ; or tab
    header_row: int = 1
    data_row: int = 2
    synthetic_key: bool = False  # no registration number: a key from beneficiary + name
    # Real CZ lists end with a blank row and a legend (e.g. "Zkratka OP, číslo kódů ..."):
    # after a blank row, rows whose first mapped cell is not a registration number are skipped.
    trailer_prefix: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields this layout provides (and so may change on an existing operation)."""
        return tuple(self.columns)


CZ_2014 = Layout(
    key=SourceLayout.CZ_2014,
    columns={
        "registration_number": ("Registrační číslo projektu",),
        "name": ("Název projektu CZ", "Název projektu"),
        "beneficiary": ("Žadatel", "Příjemce"),
        "state_code": ("Kód stavu",),
        "state_name": ("Název stavu",),
        "call_number": ("Číslo výzvy",),
        "programme_code": ("Operační program",),
        "eligible_cost": ("CZV projektu",),
        "eu_contribution": ("Příspěvek EU",),
    },
    required=(
        "registration_number",
        "name",
        "beneficiary",
        "state_code",
        "eligible_cost",
        "eu_contribution",
    ),
    trailer_prefix="CZ.",
)

_LEGAL_ACTS = "Finanční prostředky v právních aktech"
_CLAIMED = "Finanční prostředky vyúčtované v žádostech o platbu"
CZ_2021 = Layout(
    key=SourceLayout.CZ_2021,
    columns={
        "registration_number": ("Registrační číslo projektu",),
        "name": ("Název projektu",),
        "beneficiary": ("Příjemce - název", "Příjemce – název", "Název příjemce"),
        "beneficiary_id": ("IČ příjemce", "IČO příjemce"),
        "programme_code": ("Číslo programu",),
        "call_number": ("Číslo výzvy",),
        "state_code": ("Kód stavu", "Stav projektu - kód", "Kód stavu projektu", "Stav - kód"),
        "state_name": ("Název stavu", "Stav projektu - název", "Stav projektu"),
        "nuts3": ("Místo realizace Kód NUTS 3", "Místo realizace - kód NUTS 3"),
        "total_cost": ("Celkové náklady na operaci (CZK)", "Celkové náklady na operaci CZK"),
        "eligible_cost": (f"{_LEGAL_ACTS} celkové způsobilé výdaje CZK",),
        "eu_contribution": (f"{_LEGAL_ACTS} příspěvek Unie CZK",),
        "national_public": (f"{_LEGAL_ACTS} národní veřejné zdroje CZK",),
        # Claims in payment applications are given in total eligible expenditure; where the
        # list also has their Union share, it is used as is, otherwise it is derived.
        "paid_eligible": (f"{_CLAIMED} celkové způsobilé výdaje CZK",),
        "paid_eu": (f"{_CLAIMED} příspěvek Unie CZK",),
        "contracted_on": ("Datum podepsání právního aktu",),
        "start_date": ("Skutečné datum zahájení fyzické realizace projektu",),
        "end_date": (
            "Skutečné datum ukončení fyzické realizace projektu",
            "Předpokládané datum ukončení fyzické realizace projektu",
        ),
    },
    required=(
        "registration_number",
        "name",
        "beneficiary",
        "state_code",
        "eligible_cost",
        "eu_contribution",
    ),
    header_row=4,  # a title block above: title, generation date, an empty row
    data_row=6,  # row 5 repeats the header in English
    trailer_prefix="CZ.",
)

PL = Layout(
    key=SourceLayout.PL,
    columns={
        "name": ("Tytuł projektu",),
        "beneficiary": ("Nazwa beneficjenta",),
        # "Wartość projektu" is the project's total value, not its eligible expenditure.
        "total_cost": ("Wartość projektu",),
        "eu_contribution": ("Dofinansowanie z EU", "Dofinansowanie UE"),
    },
    required=("name", "beneficiary", "total_cost", "eu_contribution"),
    encoding="cp1250",
    delimiter=";",
    synthetic_key=True,
    notes=(
        "mapadotacji lists carry no project number: the key is PL-<hash of beneficiary and "
        "title>, and a repeated pair gets #2, #3 in file order",
    ),
)

FIXED: dict[str, Layout] = {layout.key: layout for layout in (CZ_2014, CZ_2021, PL)}


def custom_layout(mapping: Mapping[str, str], *, encoding: str = "", delimiter: str = "") -> Layout:
    """A layout from a saved column mapping (field -> header of the file)."""
    columns = {name: (header,) for name, header in mapping.items() if name in FIELDS and header}
    return Layout(
        key=SourceLayout.CUSTOM,
        columns=columns,
        required=tuple(columns),
        encoding=encoding or "utf-8-sig",
        delimiter=delimiter,
        synthetic_key="registration_number" not in columns,
    )


def layout_for(
    key: str, mapping: Mapping[str, str] | None = None, *, encoding: str = "", delimiter: str = ""
) -> Layout:
    if key == SourceLayout.CUSTOM:
        return custom_layout(mapping or {}, encoding=encoding, delimiter=delimiter)
    return FIXED[key]


def layout_of(source: OperationSource) -> Layout:
    """The layout an import of `source` reads its file with."""
    return layout_for(
        source.layout,
        source.column_mapping,
        encoding=source.encoding,
        delimiter=source.delimiter,
    )
