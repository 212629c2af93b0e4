"""The demo monitoring as plain data: payments, forecasts, progress reports, imported lists.

Everything here is **INVENTED** demo data built around the intentions of
`aglomera.demo.pipeline_content` (referred to by their keys); provenance and caveats in
DATA_SOURCES.md (section "Monitoring"). The engine is `aglomera.demo.monitoring`.
Percentages are shares of the intention's requested EU support.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PaymentPlan:
    key: str  # intention key in pipeline_content
    paid: tuple[tuple[date, str], ...] = ()  # (day the beneficiary was paid, % of EU support)
    forecast: tuple[tuple[date, str], ...] = ()  # (expected day, % of EU support)
    certified_after_days: int = 100  # each paid tranche is certified to the Commission later


PAYMENT_PLANS: tuple[PaymentPlan, ...] = (
    # Olomouc 2014-2020: the tram line, paid and certified in full before the sustainability.
    PaymentPlan(
        "tram-1-maje",
        paid=((date(2018, 3, 22), "45"), (date(2018, 9, 20), "55")),
        certified_after_days=90,
    ),
    # Olomouc 2021-2027, in implementation: quarterly payment requests.
    PaymentPlan(
        "library-olomouc",
        paid=(
            (date(2023, 12, 14), "8"),
            (date(2024, 3, 21), "10"),
            (date(2024, 6, 20), "12"),
            (date(2024, 9, 19), "12"),
            (date(2024, 12, 12), "10"),
            (date(2025, 3, 20), "10"),
            (date(2025, 6, 19), "8"),
            (date(2025, 9, 18), "6"),
            (date(2026, 4, 16), "6"),  # part of the final payment request
        ),
        forecast=((date(2027, 3, 31), "18"),),
    ),
    PaymentPlan(
        "zs-prostejov",
        paid=(
            (date(2024, 2, 22), "15"),
            (date(2024, 6, 20), "20"),
            (date(2024, 10, 17), "20"),
            (date(2025, 2, 20), "15"),
            (date(2025, 6, 19), "10"),
            (date(2026, 2, 19), "5"),
        ),
        forecast=((date(2027, 2, 26), "10"),),
    ),
    PaymentPlan(
        "azylovy-dum",
        paid=(
            (date(2024, 6, 20), "20"),
            (date(2024, 9, 19), "25"),
            (date(2024, 12, 12), "25"),
            (date(2025, 6, 19), "20"),
        ),
        forecast=((date(2027, 1, 29), "10"),),
    ),
    # Legal act since 2023 but the works have not started: everything is still to come.
    PaymentPlan(
        "library-prerov",
        forecast=(
            (date(2027, 6, 30), "15"),
            (date(2027, 12, 15), "25"),
            (date(2028, 6, 30), "30"),
            (date(2028, 12, 15), "20"),
            (date(2029, 6, 29), "10"),
        ),
    ),
    # Applications filed or statements issued: forecasts only.
    PaymentPlan(
        "ms-nemilany",
        forecast=((date(2027, 9, 30), "30"), (date(2028, 6, 30), "40"), (date(2029, 3, 30), "30")),
    ),
    PaymentPlan("ebuses", forecast=((date(2027, 6, 30), "50"), (date(2028, 3, 31), "50"))),
    PaymentPlan(
        "tram-brnenska",
        forecast=(
            (date(2027, 12, 15), "25"),
            (date(2028, 12, 15), "35"),
            (date(2029, 12, 14), "30"),
        ),
    ),
    # Opole (PLN).
    PaymentPlan(
        "nk-autobusy",
        paid=(
            (date(2024, 12, 18), "20"),
            (date(2025, 4, 16), "30"),
            (date(2025, 9, 17), "25"),
            (date(2026, 3, 18), "10"),
        ),
        forecast=((date(2027, 3, 31), "15"),),
    ),
    PaymentPlan("nk-przesiadki", forecast=((date(2027, 6, 30), "40"), (date(2028, 6, 30), "60"))),
)


@dataclass(frozen=True)
class ProgressSpec:
    key: str  # intention key
    period_end: date
    values: tuple[tuple[str, str], ...]  # (indicator code, achieved so far)
    narrative: str
    outcome: str  # "approved", "returned" (with `reason`) or "submitted" (waiting)
    reason: str = ""


PROGRESS_REPORTS: tuple[ProgressSpec, ...] = (
    ProgressSpec(
        "library-olomouc",
        date(2024, 12, 31),
        (("RCO77", "0"), ("RCR77", "0")),
        "Stavební práce dokončeny z 55 %: nová nosná konstrukce, střecha a fasáda do ulice.",
        "approved",
    ),
    ProgressSpec(
        "library-olomouc",
        date(2025, 12, 31),
        (("RCO77", "1"), ("RCR77", "0")),
        "Stavba dokončena a zkolaudována v prosinci 2025; knihovna se otevře v lednu 2026.",
        "approved",
    ),
    ProgressSpec(
        "library-olomouc",
        date(2026, 9, 30),
        (("RCO77", "1"), ("RCR77", "61400")),
        "Knihovna je v provozu od 12. 1. 2026; návštěvnost za leden až září 2026.",
        "submitted",
    ),
    ProgressSpec(
        "zs-prostejov",
        date(2025, 6, 30),
        (("RCO67", "60"),),
        "První etapa (učebny fyziky a chemie) předána do užívání.",
        "approved",
    ),
    ProgressSpec(
        "zs-prostejov",
        date(2026, 6, 30),
        (("RCO67", "120"),),
        "Druhá etapa (učebny biologie a jazyků) dokončena.",
        "returned",
        reason="Doložte prosím kolaudační souhlas ke druhé etapě; bez něj nelze uznat plnou "
        "kapacitu učeben.",
    ),
    ProgressSpec(
        "nk-autobusy",
        date(2025, 6, 30),
        (("RCO57", "450"),),
        "Dostarczono 5 z 10 autobusów elektrycznych; trwa budowa ładowarek w zajezdni.",
        "approved",
    ),
    ProgressSpec(
        "nk-autobusy",
        date(2025, 12, 31),
        (("RCO57", "900"),),
        "Wszystkie 10 autobusów w eksploatacji, ładowarki odebrane.",
        "approved",
    ),
)


# ---- the managing authority's list of operations (Czech 2021-2027 layout) ------------------

IMPORT_SOURCE = "ŘO IROP – seznam operací (Olomoucký kraj)"
IMPORT_DATES = (date(2025, 12, 31), date(2026, 9, 30))
# Registration numbers of the demo intentions the list carries (selected operations only:
# legal act or later). Their amounts come from the intentions and the demo payments.
IMPORTED_KEYS = ("library-olomouc", "library-prerov", "zs-prostejov", "azylovy-dum")
# The managing authority's state per intention status (codes as in the 2014-2020 lists).
MA_STATES = {
    "legal_act": ("PP30", "Projekt s právním aktem o poskytnutí / převodu podpory"),
    "in_implementation": ("PP36", "Projekt ve fyzické realizaci"),
}
# Changes the second list reports: tender savings lowered the eligible cost and EU contribution
# of the Přerov library before its works start.
SAVINGS = {"library-prerov": ("26900000.00", "22865000.00")}


@dataclass(frozen=True)
class ForeignOperation:
    """An operation of the list no intention carries the number of (to link by hand, or not)."""

    number: str
    name: str
    beneficiary: str
    ico: str
    state: tuple[str, str]
    eligible: str
    eu: str
    paid: str
    signed: date
    start: date
    end: date
    from_list: int = 0  # index in IMPORT_DATES of the first list it appears in


FOREIGN_OPERATIONS: tuple[ForeignOperation, ...] = (
    ForeignOperation(
        "CZ.06.02.01/00/22_010/0000271",
        "Cyklostezka Bystrovany – Velký Týnec",
        "Obec Bystrovany",
        "99900050",
        MA_STATES["in_implementation"],
        "14200000.00",
        "12070000.00",
        "5300000.00",
        date(2024, 5, 14),
        date(2024, 7, 1),
        date(2026, 6, 30),
    ),
    ForeignOperation(
        "CZ.06.04.06/00/22_033/0000456",
        "Modernizace depozitáře Muzea Litovel",
        "Město Litovel",
        "99900068",
        MA_STATES["legal_act"],
        "9800000.00",
        "8330000.00",
        "0.00",
        date(2025, 10, 2),
        date(2026, 3, 1),
        date(2027, 6, 30),
    ),
    # ZŠ Bohuňovice (statement issued in the demo) got its legal act before the office recorded
    # the registration number: unmatched by number, to be linked to its intention by hand.
    ForeignOperation(
        "CZ.06.04.02/00/22_036/0001187",
        "Přístavba a vybudování odborných učeben – ZŠ Bohuňovice",
        "Základní škola Bohuňovice",
        "99900025",
        MA_STATES["legal_act"],
        "24000000.00",
        "20400000.00",
        "0.00",
        date(2026, 8, 20),
        date(2026, 9, 1),
        date(2027, 12, 31),
        from_list=1,
    ),
)

# ---- generated reports ------------------------------------------------------------------------

FULFILMENT_PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
FULFILMENT_NARRATIVE = {
    "introduction": "Zpráva o plnění integrované strategie ITI Olomoucké aglomerace za rok 2025.",
    "progress": "V roce 2025 byla dokončena Knihovna města Olomouce; projekty základních škol a "
    "azylového domu čerpají podle plánu.",
    "problems": "Rekonstrukce Městské knihovny Přerov má právní akt od roku 2023, ale stavba "
    "dosud nezačala; hrozí nevyčerpání alokace opatření 3.2.2 podle pravidla n+3.",
    "outlook": "V roce 2026 očekáváme právní akty pro elektrobusy a mateřskou školu Nemilany.",
}
OPERATIONS_AS_OF = IMPORT_DATES[-1]

# ---- types of intervention (CPR 2021/1060 Annex I, Table 1) -----------------------------------

# The code each office publishes in its list of operations (Art. 49(3)(n)) for the operations of
# a programme specific objective of its 2021-2027 strategy: (programme, objective, code).
# INVENTED choices: one code per objective, picked from the codebook by the names of the
# objective and of the strategy's measures that draw on it (in the real programmes an objective
# spans several codes, each with its share of the money).
INTERVENTION_FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "olomouc": (
        # transfer terminals, cycle paths, safety, low-emission vehicles
        ("IROP", "RSO 2.8", "081"),  # Clean urban transport infrastructure
        ("IROP", "RSO 4.2", "122"),  # Infrastructure for primary and secondary education
        ("IROP", "RSO 4.3", "127"),  # Other social infrastructure contributing to social inclusion
        ("IROP", "RSO 4.6", "166"),  # Protection, development and promotion of cultural heritage
        ("IROP", "RSO 5.1", "168"),  # Physical regeneration and security of public spaces
        (
            "OPD",
            "RSO 2.8",
            "081",
        ),  # urban rail infrastructure: clean urban transport infrastructure
        ("OP JAK", "RSO 1.1", "004"),  # fixed assets in public research centres and universities
        ("OP TAK", "RSO 1.1", "028"),  # Technology transfer and cooperation (science parks)
        ("OP TAK", "RSO 1.2", "013"),  # Digitising SMEs
        ("OPZ+", "ESO 4.1", "134"),  # Measures to improve access to employment
        ("OPZ+", "ESO 4.11", "158"),  # Equal and timely access to quality, affordable services
        ("OPŽP", "RSO 2.4", "064"),  # Water management (rainwater) incl. climate adaptation
        ("OPŽP", "RSO 2.7", "079"),  # Nature and biodiversity protection, green infrastructure
    ),
    "opole": (
        ("FEO 2021-2027", "Działanie 2.1", "044"),  # energy efficiency of public buildings
        ("FEO 2021-2027", "Działanie 2.5", "060"),  # climate adaptation: storms and drought
        ("FEO 2021-2027", "Działanie 2.8", "081"),  # Clean urban transport infrastructure
        ("FEO 2021-2027", "Działanie 5.1", "122"),  # Infrastructure for primary and secondary
        ("FEO 2021-2027", "Działanie 5.3", "166"),  # cultural heritage and cultural services
        ("FEO 2021-2027", "Działanie 6.1", "168"),  # Physical regeneration of public spaces
        ("FEO 2021-2027", "Działanie 7.3", "149"),  # primary to secondary (vocational) education
        ("FEO 2021-2027", "Działanie 7.6", "158"),  # access to quality, affordable services
    ),
}

# ---- commitment profiles (yearly tranches of a programme's EU money) ---------------------------

# The share in percent of the programme's EU money committed in each year 2021-2027, as each
# office enters it for the main programme of its 2021-2027 strategy; early warning spreads every
# measure's EU allocation in the programme by it (the decommitment rule, N+3 / N+2).
# INVENTED shares, shaped like the programmes' financial tables (little in 2021, when the
# programmes were not yet adopted, most in the middle of the period); not the real tables.
COMMITMENT_PROFILES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "olomouc": (("IROP", ("5", "12", "17", "18", "18", "15", "15")),),
    "opole": (("FEO 2021-2027", ("3", "10", "16", "19", "19", "17", "16")),),
}
