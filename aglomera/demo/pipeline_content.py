"""The demo pipeline as plain data: calls, project intentions, committee meetings (Olomouc, Opole).

Provenance is in DATA_SOURCES.md (section "Calls, intentions and the steering committee"). Real
facts come from shared/reference/iti-cz-calls.csv, iti-cz-projects.csv and
iti-cz-sc-meetings.csv; every value marked INVENTED there is demo data. The engine that turns
this data into records through the actions of the product is `aglomera.demo.pipeline`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypedDict
from zoneinfo import ZoneInfo

from aglomera.agglomerations.models import OrganisationKind
from aglomera.demo.content import OrganisationSpec, t
from aglomera.strategy.models import OfficeRoleKind

PRAGUE = ZoneInfo("Europe/Prague")
WARSAW = ZoneInfo("Europe/Warsaw")


def cz(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PRAGUE)


def pl(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WARSAW)


# ---- people and organisations that only the pipeline needs -------------------------------


@dataclass(frozen=True)
class ExtraUser:
    suffix: str  # username = <slug>-<role>-<suffix>
    role: str  # "committee", "working_group", "applicant"
    first_name: str
    last_name: str
    organisation: str = ""  # key of an organisation of the agglomeration
    chair: bool = False


# INVENTED organisations; the IČO values are made up (valid check digit, prefix 999).
EXTRA_ORGANISATIONS: dict[str, tuple[OrganisationSpec, ...]] = {
    "olomouc": (
        OrganisationSpec(
            "charita", "Charita Přerov", OrganisationKind.NGO, ico="99900017", address="Přerov"
        ),
        OrganisationSpec(
            "zs_bohunovice",
            "Základní škola Bohuňovice",
            OrganisationKind.SCHOOL,
            ico="99900025",
            address="Bohuňovice",
        ),
        OrganisationSpec(
            "farnost_sternberk",
            "Římskokatolická farnost Šternberk",
            OrganisationKind.CHURCH,
            ico="99900033",
            address="Šternberk",
        ),
        OrganisationSpec(
            "konice",
            "Město Konice",
            OrganisationKind.MUNICIPALITY,
            ico="99900041",
            address="Konice",
        ),
    ),
    "opole": (),
}

# All INVENTED people (plausible names, no real persons).
EXTRA_USERS: dict[str, tuple[ExtraUser, ...]] = {
    "olomouc": (
        ExtraUser("2", "committee", "Karel", "Veselý", "olomouc", chair=True),
        ExtraUser("3", "committee", "Hana", "Pospíšilová", "prerov"),
        ExtraUser("4", "committee", "Jiří", "Marek", "upol"),
        ExtraUser("5", "committee", "Zdeňka", "Kratochvílová", "kraj"),
        ExtraUser("6", "committee", "Pavel", "Urban"),
        ExtraUser("2", "working_group", "Michal", "Šťastný", "upol"),
        ExtraUser("3", "working_group", "Barbora", "Holubová", "prerov"),
        ExtraUser("olomouc", "applicant", "Radek", "Sedláček", "olomouc"),
        ExtraUser("prostejov", "applicant", "Ivana", "Čermáková", "prostejov"),
        ExtraUser("upol", "applicant", "Ondřej", "Kolář", "upol"),
        ExtraUser("dpmo", "applicant", "Libor", "Navrátil", "dpmo"),
        ExtraUser("fnol", "applicant", "Simona", "Bartošová", "fnol"),
        ExtraUser("kraj", "applicant", "Vladimír", "Polák", "kraj"),
        ExtraUser("charita", "applicant", "Markéta", "Jelínková", "charita"),
        ExtraUser("zs-bohunovice", "applicant", "Alena", "Růžičková", "zs_bohunovice"),
        ExtraUser("farnost-sternberk", "applicant", "Josef", "Beneš", "farnost_sternberk"),
        ExtraUser("konice", "applicant", "Stanislav", "Fiala", "konice"),
    ),
    "opole": (
        ExtraUser("2", "committee", "Ewa", "Mazur", "po", chair=True),
        ExtraUser("3", "committee", "Marek", "Krawczyk", "krapkowice"),
        ExtraUser("4", "committee", "Joanna", "Pawlak"),
        ExtraUser("2", "working_group", "Łukasz", "Dudek"),
        ExtraUser("opole", "applicant", "Barbara", "Grabowska", "opole"),
        ExtraUser("krapkowice", "applicant", "Adam", "Jabłoński", "krapkowice"),
    ),
}

COMMITTEE_NAMES: dict[str, dict[str, str]] = {
    "olomouc": t(
        "Řídicí výbor ITI Olomoucké aglomerace",
        "Komitet Sterujący ZIT Aglomeracji Ołomunieckiej",
        "Steering Committee of the Olomouc Agglomeration ITI",
    ),
    "opole": t(  # INVENTED name of the body
        "Rada ZIT Opolské aglomerace",
        "Rada ZIT Aglomeracji Opolskiej",
        "ZIT Council of the Opole Agglomeration",
    ),
}

# ---- evaluation texts shared by every call ----------------------------------------------

CRITERIA: dict[str, tuple[tuple[dict[str, str], str, str, int], ...]] = {
    # (name, kind, weight, max points)
    "olomouc": (
        (
            t(
                "Soulad se strategií ITI Olomoucké aglomerace",
                "Zgodność ze strategią ZIT Aglomeracji Ołomunieckiej",
                "Consistency with the Olomouc agglomeration ITI strategy",
            ),
            "gate",
            "0",
            0,
        ),
        (
            t(
                "Připravenost projektu k realizaci",
                "Gotowość projektu do realizacji",
                "Readiness of the project",
            ),
            "scored",
            "2",
            10,
        ),
        (
            t(
                "Přínos pro území aglomerace",
                "Oddziaływanie na obszar aglomeracji",
                "Benefit for the agglomeration",
            ),
            "scored",
            "1",
            10,
        ),
    ),
    "opole": (
        (
            t(
                "Soulad se strategií ZIT Opolské aglomerace",
                "Zgodność ze Strategią ZIT Aglomeracji Opolskiej",
                "Consistency with the Opole agglomeration ZIT strategy",
            ),
            "gate",
            "0",
            0,
        ),
        (
            t(
                "Připravenost projektu k realizaci",
                "Gotowość projektu do realizacji",
                "Readiness of the project",
            ),
            "scored",
            "2",
            10,
        ),
        (
            t(
                "Dopad na více obcí aglomerace",
                "Oddziaływanie na więcej niż jedną gminę aglomeracji",
                "Effect on more than one municipality of the agglomeration",
            ),
            "scored",
            "1",
            10,
        ),
    ),
}
CHECKLIST: tuple[dict[str, str], ...] = (
    t(
        "Projektový záměr je úplný a podepsaný",
        "Fiszka projektowa jest kompletna i podpisana",
        "The project intention is complete and signed",
    ),
    t(
        "Žadatel je oprávněným žadatelem výzvy",
        "Wnioskodawca jest uprawniony w naborze",
        "The applicant is eligible in the call",
    ),
)
FEASIBILITY_STUDY = t("Studie proveditelnosti", "Studium wykonalności", "Feasibility study")
REVIEW_COMMENT = {
    "olomouc": ("Záměr je připravený a odpovídá opatření strategie.", "Záměr nesplňuje soulad."),
    "opole": ("Projekt gotowy do realizacji, zgodny ze strategią.", "Brak zgodności ze strategią."),
}
RETURN_COMMENT = (
    "Doložte prosím souhlas vlastníka pozemku pod terminálem a aktualizovaný rozpočet "
    "(chybí položka pro přeložku sítí)."
)

# ---- calls and intentions ----------------------------------------------------------------


@dataclass(frozen=True)
class IntentionSpec:
    key: str  # the handle meetings and follow-ups use
    name: str  # in the agglomeration's language
    applicant: str  # organisation key
    eligible: str
    eu: str
    total: str = ""  # default: eligible + 15 %
    # how far the evaluation goes before the committee: draft, submitted, returned, checked,
    # recommended, not_recommended
    stage: str = "recommended"
    score: tuple[int, int] = (8, 8)  # points on the two scored criteria
    places: tuple[str, ...] = ()
    start: date = date(2023, 6, 1)
    end: date = date(2025, 12, 31)
    indicators: tuple[tuple[str, str], ...] = ()
    land: str = "owned"
    permit: str = "obtained"
    # after the statement: the managing authority's record (target state, registration number)
    after: str = ""
    registration: str = ""
    submitted: datetime | None = None  # default: four days after the call opens


@dataclass(frozen=True)
class CallSpec:
    number: str
    name: str
    measure: str
    programme: str
    objective: str
    allocation: str
    opens: datetime | None = None
    closes: datetime | None = None
    # (days from today to the opening, days to the deadline) for calls dated at load time
    relative: tuple[int, int] | None = None
    aid_rate: str = "85"
    mode: str = "office"
    min_eligible: str = ""
    ma_call: str = ""
    eligible_applicants: str = ""
    feasibility_study: bool = False
    schedule_year: int | None = None
    intentions: tuple[IntentionSpec, ...] = ()


@dataclass(frozen=True)
class PeriodCalls:
    agglomeration: str
    period: str
    calls: tuple[CallSpec, ...]


class Window(TypedDict):
    opens: datetime
    closes: datetime


IROP, OPD = "IROP", "OPD"
# INVENTED days within the months the sources give (calls 3-7 and 12: October 2022, ...)
AUTUMN_2022 = Window(opens=cz(2022, 10, 10, 9), closes=cz(2022, 12, 16, 12))
WINTER_2023 = Window(opens=cz(2023, 1, 9, 9), closes=cz(2023, 3, 17, 12))
SPRING_2023 = Window(opens=cz(2023, 2, 15, 9), closes=cz(2023, 3, 31, 12))

OLOMOUC_2014_CALLS = PeriodCalls(
    "olomouc",
    "2014-2020",
    (
        CallSpec(
            "3",
            "Výstavba a modernizace infrastruktury systémů městské a příměstské dopravy na "
            "drážním principu",
            "3.1.3",
            OPD,
            "SC 1.4",
            "120000000",
            opens=cz(2016, 11, 11, 14),
            closes=cz(2017, 6, 30, 12),
            intentions=(
                IntentionSpec(
                    "tram-1-maje",
                    "Modernizace tramvajové tratě 1. máje",
                    "olomouc",
                    eligible="44260786.55",
                    eu="30962633.23",
                    total="84453771.20",
                    score=(9, 9),
                    places=("Olomouc",),
                    start=date(2017, 4, 7),
                    end=date(2017, 11, 21),
                    submitted=cz(2017, 4, 7, 11),
                    after="sustainability",
                    registration="CZ.04.1.40/0.0/0.0/16_019/0000068",
                ),
            ),
        ),
    ),
)

OLOMOUC_2021_CALLS = PeriodCalls(
    "olomouc",
    "2021-2027",
    (
        CallSpec(
            "1",
            "Rozvoj infrastruktury muzeí a knihoven",
            "3.2.2",
            IROP,
            "RSO 4.6",
            "56269622",
            opens=cz(2022, 9, 15, 9),
            closes=cz(2022, 10, 17, 12),
            intentions=(
                IntentionSpec(
                    "library-olomouc",
                    "Modernizace Knihovny města Olomouce",
                    "olomouc",
                    eligible="38000000",
                    eu="32300000",
                    total="45250000",
                    score=(9, 8),
                    places=("Olomouc",),
                    indicators=(("RCO77", "1"), ("RCR77", "120000")),
                    after="in_implementation",
                    registration="CZ.06.04.06/00/22_031/0000417",
                ),
                IntentionSpec(
                    "library-prerov",
                    "Rekonstrukce Městské knihovny Přerov",
                    "prerov",
                    eligible="28000000",
                    eu="23800000",
                    total="35500000",
                    places=("Přerov",),
                    indicators=(("RCO77", "1"),),
                    after="legal_act",
                    registration="CZ.06.04.06/00/22_031/0000422",
                ),
            ),
        ),
        CallSpec(
            "2",
            "Zvýšení kapacity vzdělávací infrastruktury předškolního vzdělávání",
            "2.1.1",
            IROP,
            "RSO 4.2",
            "80348729",
            opens=cz(2022, 10, 3, 9),
            closes=cz(2022, 11, 4, 12),
            ma_call="IROP č. 20 – Mateřské školy (ITI), 29. 9. 2022 – 31. 12. 2027",
            eligible_applicants="Navýšení kapacit jen v ORP Olomouc a Šternberk.",
            intentions=(
                IntentionSpec(
                    "ms-nemilany",
                    "Přístavba pavilonu MŠ Olomouc-Nemilany",
                    "olomouc",
                    eligible="42000000",
                    eu="35700000",
                    score=(8, 9),
                    places=("Olomouc",),
                    indicators=(("RCO66", "56"),),
                    after="application_filed",
                    registration="CZ.06.04.02/00/22_020/0000388",
                ),
                IntentionSpec(
                    "ms-holice",
                    "Rozšíření kapacity MŠ Olomouc-Holice",
                    "olomouc",
                    eligible="30000000",
                    eu="25500000",
                    score=(6, 7),
                    places=("Olomouc",),
                    indicators=(("RCO66", "48"),),
                    land="unresolved",
                    permit="in_preparation",
                ),
            ),
        ),
        CallSpec("3", "Sociální bydlení", "2.2.1", IROP, "RSO 4.3", "60000000", **AUTUMN_2022),
        CallSpec(
            "4",
            "Základní školy",
            "2.1.2",
            IROP,
            "RSO 4.2",
            "250000000",
            **AUTUMN_2022,
            intentions=(
                IntentionSpec(
                    "zs-bohunovice",
                    "Přístavba a vybudování odborných učeben – ZŠ Bohuňovice",
                    "zs_bohunovice",
                    eligible="24000000",
                    eu="20400000",
                    total="27500000",
                    score=(7, 7),
                    places=("Bohuňovice",),
                    indicators=(("RCO67", "90"),),
                ),
                IntentionSpec(
                    "zs-prostejov",
                    "Modernizace odborných učeben ZŠ Prostějov, Melantrichova",
                    "prostejov",
                    eligible="18500000",
                    eu="15725000",
                    places=("Prostějov",),
                    indicators=(("RCO67", "120"),),
                    after="in_implementation",
                    registration="CZ.06.04.02/00/22_036/0000905",
                ),
                IntentionSpec(
                    "zs-prerov",
                    "Učebny přírodních věd ZŠ Přerov, Za mlýnem",
                    "prerov",
                    eligible="12000000",
                    eu="10200000",
                    score=(7, 8),
                    places=("Přerov",),
                    after="withdrawn",
                ),
            ),
        ),
        CallSpec("5", "Sociální služby", "2.2.2", IROP, "RSO 4.3", "40000000", **AUTUMN_2022),
        CallSpec(
            "6",
            "Nízkoemisní a bezemisní vozidla",
            "1.3.1",
            IROP,
            "RSO 2.8",
            "150000000",
            **AUTUMN_2022,
            intentions=(
                IntentionSpec(
                    "ebuses",
                    "Pořízení elektrobusů a dobíjecí infrastruktury",
                    "dpmo",
                    eligible="140000000",
                    eu="119000000",
                    total="165000000",
                    score=(9, 8),
                    places=("Olomouc",),
                    indicators=(("RCO57", "850"),),
                    start=date(2025, 3, 1),
                    end=date(2026, 12, 31),
                    after="application_filed",
                    registration="CZ.06.01.08/00/22_051/0000712",
                ),
            ),
        ),
        CallSpec(
            "7",
            "Infrastruktura pro cyklistickou dopravu",
            "1.2.1",
            IROP,
            "RSO 2.8",
            "90000000",
            **AUTUMN_2022,
        ),
        CallSpec(
            "9",
            "Infrastruktura městské drážní dopravy",
            "1.1.1",
            OPD,
            "RSO 2.8",
            "602000000",
            opens=cz(2022, 11, 21, 10),
            closes=cz(2022, 12, 7, 0),  # "6 Dec 2022 24:00"
            min_eligible="10000000",
            eligible_applicants="Města s tramvajovou nebo trolejbusovou dopravou.",
            feasibility_study=True,
            intentions=(
                IntentionSpec(
                    "tram-brnenska",
                    "Modernizace tramvajových tratí (Nová Ulice – Brněnská, Hraniční)",
                    "dpmo",
                    eligible="560700000",
                    eu="476500000",
                    total="640000000",
                    score=(9, 9),
                    places=("Olomouc",),
                    start=date(2024, 3, 1),
                    end=date(2026, 12, 31),
                ),
                IntentionSpec(
                    "tram-slavonin",
                    "Tramvajová trať Nové Sady – Slavonín, III. etapa vč. točny",
                    "olomouc",
                    eligible="147600000",
                    eu="125417748",
                    total="175000000",
                    score=(9, 8),
                    places=("Olomouc",),
                    start=date(2024, 6, 1),
                    end=date(2029, 6, 30),
                ),
            ),
        ),
        CallSpec(
            "12",
            "Zvýšení kvality infrastruktury zájmového a neformálního vzdělávání dětí a mládeže "
            "a celoživotní učení",
            "2.1.3",
            IROP,
            "RSO 4.2",
            "50000000",
            **AUTUMN_2022,
        ),
        CallSpec(
            "13",
            "Zvýšení kvality veřejného prostoru",
            "3.1.3",
            IROP,
            "RSO 5.1",
            "200000000",
            **WINTER_2023,
            schedule_year=2023,
            intentions=(
                IntentionSpec(
                    "namesti-prerov",
                    "Revitalizace náměstí Svobody v Přerově",
                    "prerov",
                    eligible="60000000",
                    eu="51000000",
                    places=("Přerov",),
                    start=date(2024, 4, 1),
                    end=date(2026, 10, 31),
                ),
                IntentionSpec(
                    "namesti-konice",
                    "Revitalizace Masarykova náměstí a rekonstrukce ulice Kostelní v Konici",
                    "konice",
                    eligible="35000000",
                    eu="29750000",
                    score=(7, 8),
                    places=("Konice",),
                    start=date(2024, 4, 1),
                    end=date(2026, 6, 30),
                ),
            ),
        ),
        CallSpec(
            "14",
            "Památky",
            "3.2.1",
            IROP,
            "RSO 4.6",
            "178300000",  # derived: 438.7 m CZK requested = 246 % of the allocation
            **WINTER_2023,
            schedule_year=2023,
            intentions=(
                IntentionSpec(
                    "chram-sternberk",
                    "Revitalizace chrámu Zvěstování Panny Marie ve Šternberku",
                    "farnost_sternberk",
                    eligible="47000000",
                    eu="39950000",
                    places=("Šternberk",),
                    indicators=(("RCO77", "1"),),
                ),
                IntentionSpec(
                    "hradby-olomouc",
                    "Obnova městských hradeb v Olomouci – bastion u Bezručových sadů",
                    "olomouc",
                    eligible="82000000",
                    eu="69700000",
                    score=(10, 8),
                    places=("Olomouc",),
                    indicators=(("RCO77", "1"),),
                ),
                IntentionSpec(
                    "zamek-prostejov",
                    "Obnova zámku v Prostějově – II. etapa",
                    "prostejov",
                    eligible="64000000",
                    eu="54400000",
                    score=(9, 8),
                    places=("Prostějov",),
                    indicators=(("RCO77", "1"),),
                ),
                IntentionSpec(
                    "zamek-prerov",
                    "Obnova zámku Přerov – jižní křídlo",
                    "prerov",
                    eligible="70000000",
                    eu="59500000",
                    score=(7, 6),
                    places=("Přerov",),
                ),
                IntentionSpec(
                    "zamek-konice",
                    "Obnova zámku Konice",
                    "konice",
                    eligible="52000000",
                    eu="44200000",
                    score=(6, 6),
                    places=("Konice",),
                ),
                IntentionSpec(
                    "konvikt-up",
                    "Rekonstrukce Uměleckého centra UP – Konvikt, západní křídlo",
                    "upol",
                    eligible="36000000",
                    eu="30600000",
                    stage="not_recommended",
                    score=(4, 4),
                    places=("Olomouc",),
                ),
            ),
        ),
        CallSpec("15", "Muzea", "3.2.2", IROP, "RSO 4.6", "120000000", **SPRING_2023),
        CallSpec("16", "Cestovní ruch", "3.1.2", IROP, "RSO 4.6", "40000000", **WINTER_2023),
        CallSpec("23", "Sociální bydlení II", "2.2.1", IROP, "RSO 4.3", "30000000", **SPRING_2023),
        CallSpec(
            "24",
            "Sociální služby II",
            "2.2.2",
            IROP,
            "RSO 4.3",
            "60000000",
            opens=cz(2023, 2, 15, 9),
            closes=cz(2023, 5, 31, 12),
            aid_rate="95",
            schedule_year=2023,
            intentions=(
                IntentionSpec(
                    "azylovy-dum",
                    "Azylový dům Přerov (Kojetínská ulice)",
                    "charita",
                    eligible="30000000",
                    eu="28500000",
                    total="32500000",
                    places=("Přerov",),
                    start=date(2023, 9, 1),
                    end=date(2024, 12, 31),
                    after="in_implementation",
                    registration="CZ.06.04.03/00/22_046/0001023",
                ),
            ),
        ),
        CallSpec(
            "25",
            "Infrastruktura pro cyklistickou dopravu II (Cyklodoprava II)",
            "1.2.1",
            IROP,
            "RSO 2.8",
            "45000000",
            **SPRING_2023,
        ),
        CallSpec("26", "Bezpečnost II", "1.2.2", IROP, "RSO 2.8", "60000000", **SPRING_2023),
        CallSpec(
            "27", "Neformální vzdělávání II", "2.1.3", IROP, "RSO 4.2", "20000000", **SPRING_2023
        ),
        CallSpec("28", "Knihovny II", "3.2.2", IROP, "RSO 4.6", "40000000", **SPRING_2023),
        CallSpec(
            "29",
            "Služby infrastruktury II",
            "4.1.2",
            "OP TAK",
            "RSO 1.1",
            "120000000",
            opens=cz(2023, 8, 21, 9),
            closes=cz(2023, 10, 31, 12),
            aid_rate="50",
            schedule_year=2023,
            intentions=(
                IntentionSpec(
                    "tafelberg",
                    "Inovační zázemí pro centrum digitálního zdravotnictví a transferu "
                    "technologií ve FNOL – pevnost TAFELBERG",
                    "fnol",
                    eligible="180000000",
                    eu="90000000",
                    total="210000000",
                    score=(9, 9),
                    places=("Olomouc",),
                    start=date(2024, 6, 1),
                    end=date(2027, 12, 31),
                ),
                IntentionSpec(
                    "envelopa",
                    "Rozšíření Vědeckotechnického parku UP – Envelopa Hub",
                    "upol",
                    eligible="40000000",
                    eu="20000000",
                    places=("Olomouc",),
                    start=date(2024, 6, 1),
                    end=date(2026, 12, 31),
                ),
            ),
        ),
        # INVENTED call numbers 30 and 31, dated relative to the day the demo is loaded.
        CallSpec(
            "30",
            "Přestupní terminály",
            "1.1.2",
            IROP,
            "RSO 2.8",
            "90000000",
            relative=(-150, -60),
            intentions=(
                IntentionSpec(
                    "terminal-prerov",
                    "Přestupní terminál Přerov – autobusové nádraží",
                    "prerov",
                    eligible="45000000",
                    eu="38250000",
                    places=("Přerov",),
                    start=date(2027, 3, 1),
                    end=date(2028, 12, 31),
                ),
                IntentionSpec(
                    "terminal-olomouc",
                    "Přestupní terminál Olomouc – Nové Sady, P+R",
                    "olomouc",
                    eligible="40000000",
                    eu="34000000",
                    score=(8, 7),
                    places=("Olomouc",),
                    start=date(2027, 3, 1),
                    end=date(2028, 12, 31),
                ),
                IntentionSpec(
                    "terminal-konice",
                    "Přestupní uzel Konice – náměstí",
                    "konice",
                    eligible="15000000",
                    eu="12750000",
                    stage="not_recommended",
                    score=(5, 4),
                    places=("Konice",),
                    start=date(2027, 3, 1),
                    end=date(2028, 6, 30),
                ),
                IntentionSpec(
                    "terminal-prostejov",
                    "Terminál Prostějov – Floriánské, II. etapa",
                    "prostejov",
                    eligible="25000000",
                    eu="21250000",
                    stage="checked",
                    places=("Prostějov",),
                    start=date(2027, 3, 1),
                    end=date(2028, 12, 31),
                ),
                IntentionSpec(
                    "terminal-litovel",
                    "Přestupní terminál Litovel",
                    "kraj",
                    eligible="22000000",
                    eu="18700000",
                    stage="returned",
                    places=("Litovel",),
                    land="unresolved",
                    start=date(2027, 3, 1),
                    end=date(2028, 12, 31),
                ),
            ),
        ),
        CallSpec(
            "31",
            "Zvyšování bezpečnosti v dopravě III",
            "1.2.2",
            IROP,
            "RSO 2.8",
            "40000000",
            relative=(-14, 28),
            intentions=(
                IntentionSpec(
                    "prechody-prerov",
                    "Bezpečné přechody pro chodce v Přerově",
                    "prerov",
                    eligible="8000000",
                    eu="6800000",
                    stage="draft",
                    places=("Přerov",),
                    start=date(2027, 4, 1),
                    end=date(2027, 11, 30),
                ),
                IntentionSpec(
                    "vrahovicka",
                    "Bezpečnost chodců v Prostějově – ulice Vrahovická",
                    "prostejov",
                    eligible="11000000",
                    eu="9350000",
                    stage="submitted",
                    places=("Prostějov",),
                    start=date(2027, 4, 1),
                    end=date(2027, 12, 31),
                ),
            ),
        ),
    ),
)

FEO = "FEO 2021-2027"
OPOLE_CALLS = PeriodCalls(
    "opole",
    "2021-2027",
    (
        CallSpec(
            "ZIT-AO/NK/1",
            "Wykaz projektów niekonkurencyjnych Strategii ZIT AO – mobilność miejska",
            "1.1.1",
            FEO,
            "Działanie 2.8",
            "150000000",
            opens=pl(2023, 9, 1, 9),
            closes=pl(2023, 10, 31, 15),
            mode="non_competitive",
            intentions=(
                IntentionSpec(
                    "nk-autobusy",
                    "Zintegrowany system transportu publicznego Aglomeracji Opolskiej – zakup "
                    "autobusów zeroemisyjnych",
                    "opole",
                    eligible="60000000",
                    eu="51000000",
                    total="70000000",
                    score=(9, 9),
                    places=("Opole",),
                    start=date(2024, 3, 1),
                    end=date(2026, 6, 30),
                    indicators=(("RCO57", "900"),),
                    after="in_implementation",
                    registration="FEOP.02.08-IZ.00-0001/24",
                ),
                IntentionSpec(
                    "nk-rower-krapkowice",
                    "Budowa drogi rowerowej Krapkowice – Gogolin",
                    "krapkowice",
                    eligible="18000000",
                    eu="15300000",
                    places=("Krapkowice", "Gogolin"),
                    start=date(2024, 4, 1),
                    end=date(2025, 11, 30),
                    indicators=(("RCO58", "9.4"),),
                ),
                IntentionSpec(
                    "nk-przesiadki",
                    "Centra przesiadkowe i parkingi Park&Ride w gminach aglomeracji",
                    "opole",
                    eligible="30000000",
                    eu="25500000",
                    places=("Opole", "Prószków", "Komprachcice"),
                    start=date(2024, 6, 1),
                    end=date(2026, 12, 31),
                    after="application_filed",
                    registration="FEOP.02.08-IZ.00-0002/24",
                ),
            ),
        ),
        CallSpec(
            "FEOP.02.01-IZ.00-001/24",
            "Efektywność energetyczna budynków publicznych na obszarze ZIT AO",
            "1.2.1",
            FEO,
            "Działanie 2.1",
            "40000000",
            opens=pl(2024, 3, 1, 9),
            closes=pl(2024, 4, 30, 15),
            mode="managing_authority",
            ma_call="FEOP.02.01-IZ.00-001/24",
            intentions=(
                IntentionSpec(
                    "ma-sp1-krapkowice",
                    "Termomodernizacja Szkoły Podstawowej nr 1 w Krapkowicach",
                    "krapkowice",
                    eligible="9000000",
                    eu="7650000",
                    score=(9, 8),
                    places=("Krapkowice",),
                    start=date(2024, 9, 1),
                    end=date(2025, 12, 31),
                    indicators=(("RCO19", "1"),),
                ),
                IntentionSpec(
                    "ma-politechnika",
                    "Głęboka termomodernizacja budynku Politechniki Opolskiej przy ul. "
                    "Prószkowskiej",
                    "po",
                    eligible="20000000",
                    eu="17000000",
                    places=("Opole",),
                    start=date(2024, 9, 1),
                    end=date(2026, 6, 30),
                    indicators=(("RCO19", "1"),),
                ),
                IntentionSpec(
                    "ma-opole-komunalne",
                    "Modernizacja energetyczna budynków komunalnych w Opolu",
                    "opole",
                    eligible="12000000",
                    eu="10200000",
                    stage="not_recommended",
                    score=(4, 5),
                    places=("Opole",),
                    start=date(2024, 9, 1),
                    end=date(2026, 6, 30),
                ),
            ),
        ),
    ),
)

PERIOD_CALLS = (OLOMOUC_2014_CALLS, OLOMOUC_2021_CALLS, OPOLE_CALLS)

# Yearly call schedule (harmonogram výzev 2023, approved at the 19th meeting, 1 Feb 2023).
SCHEDULES: dict[str, tuple[tuple[int, date], ...]] = {"olomouc": ((2023, date(2023, 2, 1)),)}

# Polish variant: what the ZIT office does per FEO action (INVENTED mapping, see DATA_SOURCES).
OFFICE_ROLES: tuple[tuple[str, str], ...] = (
    ("Działanie 2.8", OfficeRoleKind.SELECTS),
    ("Działanie 5.3", OfficeRoleKind.SELECTS),
    ("Działanie 6.1", OfficeRoleKind.SELECTS),
    ("Działanie 2.1", OfficeRoleKind.ASSESSES_CONSISTENCY),
    ("Działanie 7.6", OfficeRoleKind.MONITORS),
)

# ---- the steering committee ----------------------------------------------------------------


@dataclass(frozen=True)
class ItemSpec:
    title: str
    call: str = ""  # call number (of the meeting's period): an item about the call's intentions
    # proposed decision per intention key where it differs from the working group's proposal
    decisions: dict[str, str] = field(default_factory=dict)
    # intention keys that get an updated compliant statement under this item's resolution
    updated_statements: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingSpec:
    agglomeration: str
    period: str
    number: int | None  # the real number; None: the next free one
    starts: datetime
    items: tuple[ItemSpec, ...]
    place: str = ""
    window_days: int = 0  # > 0: per rollam


def _other(title: str) -> tuple[ItemSpec, ...]:
    return (ItemSpec(title),)


OVERSUBSCRIBED = "non_compliant_oversubscribed"
DEFERRED = "deferred"
COMPLIANT = "compliant"

MEETINGS: tuple[MeetingSpec, ...] = (
    MeetingSpec(
        "olomouc",
        "2014-2020",
        9,
        cz(2017, 5, 23),
        (ItemSpec("Projektové záměry výzvy č. 3 (drážní doprava)", call="3"),),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        2,
        cz(2021, 5, 26),
        _other("První verze Strategického rámce ITI Olomoucké aglomerace 2021–2027"),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        3,
        cz(2021, 6, 23),
        _other("Integrované prvky a logický rámec integrovaných řešení"),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        4,
        cz(2021, 8, 25),
        _other("Alokace operačních programů 2021–2027 a absorpční kapacita IROP"),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        5,
        cz(2021, 9, 29),
        _other("Absorpční kapacita území podle operačních programů"),
        place="Hranice",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        6,
        cz(2021, 11, 10),
        _other("Integrovaná řešení 2021–2027"),
        place="Šternberk",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        8,
        cz(2022, 2, 22, 0),
        _other("Změna projektu ARTECA (2014–2020)"),
        window_days=9,  # 22 Feb – 2 Mar 2022
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        11,
        cz(2022, 5, 16, 0),
        _other("Odpověď na výzvu MMR k doplnění žádosti o podporu strategie"),
        window_days=5,  # 16 – 20 May 2022
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        12,
        cz(2022, 6, 15),
        _other("Kritéria pro výběr strategických projektů do programových rámců IROP"),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        13,
        cz(2022, 7, 11, 0),
        _other("Zpráva o plnění integrované strategie za 1. pololetí 2022"),
        window_days=9,  # 11 – 19 Jul 2022
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        15,
        cz(2022, 10, 5),
        _other("Vyhlášení výzev nositele ITI č. 3–7 (IROP)"),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        16,
        cz(2022, 11, 9),
        (
            ItemSpec("Strategické projekty výzvy č. 1", call="1"),
            ItemSpec(
                "Strategické projekty výzvy č. 2", call="2", decisions={"ms-holice": DEFERRED}
            ),
        ),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        19,
        cz(2023, 2, 1),
        (
            ItemSpec(
                "Strategické projekty výzvy č. 4", call="4", decisions={"zs-bohunovice": DEFERRED}
            ),
            ItemSpec("Harmonogram výzev 2023"),
        ),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        22,
        cz(2023, 4, 19),
        (
            ItemSpec("Strategické projekty výzvy č. 13", call="13"),
            ItemSpec(
                "Strategické projekty výzvy č. 14",
                call="14",
                decisions={
                    "chram-sternberk": DEFERRED,
                    "zamek-prerov": OVERSUBSCRIBED,
                    "zamek-konice": OVERSUBSCRIBED,
                },
            ),
        ),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        26,
        cz(2023, 8, 16),
        (
            ItemSpec("Aktualizované strategické projekty výzvy č. 9 (PR OPD)", call="9"),
            ItemSpec("Strategické projekty výzvy č. 24", call="24"),
            ItemSpec("Vyhlášení výzvy č. 29 Služby infrastruktury II (OP TAK)"),
        ),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        None,
        cz(2024, 1, 17, 0),
        _other("Závěrečná zpráva o plnění strategie 2014–2020 a zpráva za rok 2023"),
        window_days=9,  # 17 – 25 Jan 2024
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        33,
        cz(2024, 2, 14),
        (
            ItemSpec(
                "Aktualizovaný záměr výzvy č. 4 (ZŠ Bohuňovice)",
                call="4",
                decisions={"zs-bohunovice": COMPLIANT},
            ),
            ItemSpec(
                "Aktualizovaný záměr výzvy č. 14 (farnost Šternberk)",
                call="14",
                decisions={"chram-sternberk": COMPLIANT},
            ),
            ItemSpec("Strategické projekty výzvy č. 29 (FNOL, UP)", call="29"),
        ),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        41,
        cz(2025, 1, 15),
        (
            ItemSpec("Aktualizovaný záměr výzvy č. 6 (elektrobusy)", call="6"),
            ItemSpec("Komunikační plán 2025"),
        ),
        place="Olomouc",
    ),
    MeetingSpec(
        "olomouc",
        "2021-2027",
        43,
        cz(2025, 3, 26),
        (
            ItemSpec(
                "Soulad aktualizovaných projektových záměrů",
                updated_statements=("namesti-prerov", "namesti-konice"),
            ),
        ),
        place="Velký zasedací sál, Magistrát města Olomouce",
    ),
    MeetingSpec(
        "opole",
        "2021-2027",
        None,
        pl(2023, 12, 5),
        (ItemSpec("Wykaz projektów niekonkurencyjnych – mobilność miejska", call="ZIT-AO/NK/1"),),
        place="Opole, ul. Firmowa 1",
    ),
    MeetingSpec(
        "opole",
        "2021-2027",
        None,
        pl(2024, 6, 4),
        (
            ItemSpec(
                "Ocena zgodności ze Strategią ZIT – nabór FEOP.02.01-IZ.00-001/24",
                call="FEOP.02.01-IZ.00-001/24",
            ),
        ),
        place="Opole, ul. Firmowa 1",
    ),
)

# The open written vote: call 30's intentions and the change request referred to the committee.
OPEN_VOTE_CALL = "30"
OPEN_VOTE_TITLE = "Strategické projekty výzvy č. 30 (hlasování per rollam)"
OPEN_VOTE_CHANGE_TITLE = "Změna projektu: Modernizace Knihovny města Olomouce (nižší indikátor)"
OPEN_VOTE_VOTERS = ("4", "5")  # suffixes of the committee users who already voted

# ---- changes after the statement ---------------------------------------------------------

# Routed to the manager (a date move without effect on the financial plan), approved.
MANAGER_CHANGE = (
    "azylovy-dum",
    date(2025, 3, 31),
    "Kolaudace se posunula o tři měsíce; provoz služby se tím nemění a finanční plán zůstává.",
)
# Routed to the committee (a lower indicator), referred and on the open written vote.
COMMITTEE_CHANGE = (
    "library-olomouc",
    "RCR77",
    "100000",
    "Po zpřesnění provozního modelu očekáváme nižší roční návštěvnost (100 000 místo 120 000).",
)
WITHDRAWAL_REASON = "Projekt bude financován z rozpočtu města; žádost o podporu nebude podána."
