"""Writes the small fixture lists of the import tests (run: python make_fixtures.py).

The rows are invented; the headers are those of the real lists (CZ "Seznam operací" 2014-2020
and 2021-2027, Polish mapadotacji exports). Amounts carry the quirks of real files: decimal
commas, non-breaking spaces as thousands separators, IČO without its leading zeros.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

HERE = Path(__file__).resolve().parent
NBSP = "\u00a0"

CZ_2014_HEADER = [
    "Registrační číslo projektu",
    "Název projektu CZ",
    "Žadatel",
    "Kód stavu",
    "Název stavu",
    "Číslo výzvy",
    "Název výzvy",
    "Operační program",
    "CZV projektu",
    "Příspěvek EU",
]
CZ_2014_ROWS = [
    [
        "CZ.06.2.56/0.0/0.0/16_043/0001234",
        "Cyklostezka Olomouc – Přerov",
        "Statutární město Přerov",
        "PP37",
        f"Projekt v{NBSP}plné (fyzické i finanční) realizaci",
        "06_16_043",
        "ITI Olomouc – cyklodoprava",
        "06",
        f"12{NBSP}345{NBSP}678,50",
        f"10{NBSP}493{NBSP}826,72",
    ],
    [
        "CZ.02.1.01/0.0/0.0/16_019/0000068",
        "Mateřská škola Hodolany",
        "Statutární město Olomouc",
        "PP30",
        "Projekt s vydaným právním aktem",
        "02_16_019",
        "ITI – předškolní vzdělávání",
        "02",
        "4500000",
        "3825000.25",
    ],
    [
        "CZ.03.1.48/0.0/0.0/15_004/0000004",
        "Záruky pro mladé v Olomouckém kraji",
        "Úřad práce České republiky",
        "PP27",
        "Žádost o podporu zaregistrována",
        "03_15_004",
        "Záruky pro mladé",
        "03",
        "1 000 000",
        "850 000",
    ],
]
CZ_2014_XLSX_ROWS = [
    [
        *row[:8],
        float(e.replace(NBSP, "").replace(" ", "").replace(",", ".")),
        float(u.replace(NBSP, "").replace(" ", "").replace(",", ".")),
    ]
    for row in CZ_2014_ROWS
    for e, u in [(row[8], row[9])]
]

CZ_2021_CZ_HEADER = [
    "Číslo programu",
    "Registrační číslo projektu",
    "Název projektu",
    "Příjemce - název",
    "IČ příjemce",
    "Kód stavu",
    "Název stavu",
    "Místo realizace Kód NUTS 3",
    "Místo realizace Název NUTS 3",
    "Celkové náklady na operaci (CZK)",
    "Finanční prostředky v právních aktech celkové způsobilé výdaje CZK",
    "Finanční prostředky v právních aktech příspěvek Unie CZK",
    "Finanční prostředky v právních aktech národní veřejné zdroje CZK",
    "Finanční prostředky vyúčtované v žádostech o platbu celkové způsobilé výdaje CZK",
    "Datum podepsání právního aktu",
    "Skutečné datum zahájení fyzické realizace projektu",
]
CZ_2021_EN_HEADER = [
    "Programme number",
    "Project registration number",
    "Project name",
    "Beneficiary - name",
    "Beneficiary ID",
    "State code",
    "State name",
    "Place of implementation NUTS 3 code",
    "Place of implementation NUTS 3 name",
    "Total cost of the operation (CZK)",
    "Legal acts: total eligible expenditure CZK",
    "Legal acts: Union contribution CZK",
    "Legal acts: national public sources CZK",
    "Claimed in payment requests: total eligible expenditure CZK",
    "Date of signature of the legal act",
    "Actual start date of physical implementation",
]
CZ_2021_ROWS = [
    [
        "06",
        "CZ.06.02.01/00/22_012/0001234",
        "Rekonstrukce MŠ Přerov",
        "Statutární město Přerov",
        301825,  # IČO 00301825 with its zeros lost
        "PP41",
        "Projekt v realizaci",
        "CZ071",
        "Olomoucký kraj",
        25_000_000,
        f"20{NBSP}000{NBSP}000,00",
        17_000_000,
        1_000_000,
        "5 250 000,5",
        datetime(2024, 5, 31),  # noqa: DTZ001 - a naive Excel date, as openpyxl writes it
        "31. 5. 2024",
    ],
    [
        "06",
        "CZ.06.04.01/00/23_034/0000077",
        "Přestupní terminál Olomouc",
        "Univerzita Palackého v Olomouci",
        "61989592",
        "PP30",
        "Projekt s vydaným právním aktem",
        "CZ071",
        "Olomoucký kraj",
        9_000_000,
        8_000_000,
        6_800_000,
        400_000,
        0,
        "2024-02-15",
        45352,  # an Excel serial date: 1 March 2024
    ],
]

PL_HEADER = [
    "Tytuł projektu",
    "Nazwa beneficjenta",
    "Wartość projektu",
    "Dofinansowanie z EU",
    "Multimedia",
    "Dziedzina",
    "Czy projekt jest realizowany na obszarze większym niż jedna jednostka administracyjna?",
]
PL_ROWS = [
    [
        "Budowa ścieżki rowerowej „Opole – Dobrzeń Wielki”",
        "GMINA DOBRZEŃ WIELKI",
        "2450000.00",
        "2082500.00",
        "Nie",
        "transport",
        "Nie",
    ],
    [
        'Termomodernizacja szkoły nr 5 w Opolu, etap "B"',
        "MIASTO OPOLE",
        "1200000.50",
        "1020000.43",
        "Nie",
        "energia",
        "Nie",
    ],
    [
        "Przegląd zespołów muzycznych",
        "GMINNY OŚRODEK KULTURY W KOMPRACHCICACH",
        "10271.00",
        "5135.50",
        "Nie",
        "kultura",
        "Tak",
    ],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], **kwargs: str) -> None:
    encoding = kwargs.pop("encoding", "utf-8")
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, **kwargs)  # type: ignore[arg-type]
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "Export") -> None:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    workbook.save(path)


def main() -> None:
    write_csv(HERE / "cz_2014.csv", CZ_2014_HEADER, CZ_2014_ROWS)
    write_xlsx(HERE / "cz_2014.xlsx", [CZ_2014_HEADER, *CZ_2014_XLSX_ROWS])
    write_xlsx(
        HERE / "cz_2021.xlsx",
        [
            ["Seznam operací / List of operations 2021-2027"],
            ["Datum generování / Generated on: 3. 6. 2024"],
            [],
            CZ_2021_CZ_HEADER,
            CZ_2021_EN_HEADER,
            *CZ_2021_ROWS,
        ],
        sheet="Seznam operací",
    )
    write_csv(HERE / "pl.csv", PL_HEADER, PL_ROWS, encoding="cp1250", delimiter=";")


if __name__ == "__main__":
    main()
