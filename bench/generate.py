"""A national-scale data set for the benchmark, written fast with PostgreSQL COPY.

At scale 1.0: 40 agglomerations (13 Czech ITI, 27 Polish ZIT), each with an approved 2021-2027
strategy (3 goals, 6 specific goals, 15 measures, 45 plan lines, 45 measure indicators),
monthly exchange rates, 60 calls and organisations; 50,000 project intentions spread over every
state of the workflow with their status history (StatusChange), compliance statements,
operations of the managing authority with snapshots; about 500,000 indicator values
(IntentionIndicator + ProgressValue, the progress reports with their workflow history) and about 1,000,000 payments (forecast, paid, certified).
Sizes follow a weight per agglomeration, so Praha is the largest and Mladá Boleslav the smallest
Czech one. Everything is derived from a seeded random generator: the same scale gives the same
data.

Small reference rows (agglomerations, strategy trees, calls...) go through the ORM's
bulk_create; the big tables are streamed with psycopg's `cursor.copy()` with explicit ids, and
the identity sequences are moved past them afterwards. This module writes rows directly and so
bypasses actions and transitions on purpose: it is a generator for a throwaway database, never
product code.

`write_operations_files` writes the list of operations to import, in the Czech 2014-2020 layout
of shared/data/real/operations (same header, same value styles), as CSV and XLSX.
"""

from __future__ import annotations

import csv
import json
import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models

from aglomera.accounts.models import Membership, Role, User
from aglomera.agglomerations.models import Agglomeration, Municipality, Organisation
from aglomera.calls.models import Call, CallSchedule, CallStatus
from aglomera.core.models import StatusChange
from aglomera.intentions.models import (
    ComplianceStatement,
    IntentionIndicator,
    IntentionStatus,
    ProjectIntention,
)
from aglomera.monitoring.actions.summary import rebuild_summaries
from aglomera.monitoring.models import (
    ImportJob,
    ImportStatus,
    IndicatorAchievedSpan,
    IntentionStageSpan,
    Operation,
    OperationSnapshot,
    OperationSource,
    Payment,
    ProgressReport,
    ProgressValue,
    ReportStatus,
    SourceLayout,
)
from aglomera.monitoring.transitions import PROGRESS_WORKFLOW
from aglomera.strategy.models import (
    ExchangeRate,
    FinancialPlanLine,
    Fund,
    Goal,
    IndicatorCode,
    Measure,
    MeasureIndicator,
    Period,
    Programme,
    SpecificGoal,
    SpecificObjective,
    Strategy,
    StrategyVersion,
    VersionStatus,
)

ANCHOR = date(2025, 6, 30)  # the "today" of the generated history: everything is before it
NOW = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
PASSWORD = "bench12345"  # noqa: S105 - throwaway benchmark database only
BASE_INTENTIONS = 50_000
INTENTION_WORKFLOW = "intentions.intention"

Log = Callable[[str], None]

# ---- the agglomerations ---------------------------------------------------------------------


@dataclass(frozen=True)
class AgglomerationSpec:
    slug: str
    country: str
    name: str
    weight: float
    nuts3: str
    core: str  # the core city


SPECS: tuple[AgglomerationSpec, ...] = (
    AgglomerationSpec("praha", "CZ", "Pražská metropolitní oblast", 10.0, "CZ010", "Praha"),
    AgglomerationSpec("brno", "CZ", "Brněnská metropolitní oblast", 6.0, "CZ064", "Brno"),
    AgglomerationSpec("ostrava", "CZ", "Ostravská aglomerace", 5.0, "CZ080", "Ostrava"),
    AgglomerationSpec("plzen", "CZ", "Plzeňská metropolitní oblast", 3.0, "CZ032", "Plzeň"),
    AgglomerationSpec("olomouc", "CZ", "Olomoucká aglomerace", 2.5, "CZ071", "Olomouc"),
    AgglomerationSpec(
        "usti-chomutov", "CZ", "Ústecko-chomutovská aglomerace", 2.5, "CZ042", "Ústí nad Labem"
    ),
    AgglomerationSpec(
        "hradec-pardubice", "CZ", "Hradecko-pardubická aglomerace", 2.5, "CZ052", "Hradec Králové"
    ),
    AgglomerationSpec(
        "liberec-jablonec", "CZ", "Liberecko-jablonecká aglomerace", 1.5, "CZ051", "Liberec"
    ),
    AgglomerationSpec(
        "ceske-budejovice", "CZ", "Českobudějovická aglomerace", 1.5, "CZ031", "České Budějovice"
    ),
    AgglomerationSpec("zlin", "CZ", "Zlínská aglomerace", 1.2, "CZ072", "Zlín"),
    AgglomerationSpec("jihlava", "CZ", "Jihlavská aglomerace", 1.0, "CZ063", "Jihlava"),
    AgglomerationSpec("karlovy-vary", "CZ", "Karlovarská aglomerace", 1.0, "CZ041", "Karlovy Vary"),
    AgglomerationSpec(
        "mlada-boleslav", "CZ", "Mladoboleslavská aglomerace", 0.5, "CZ020", "Mladá Boleslav"
    ),
    AgglomerationSpec("warszawa", "PL", "Warszawski Obszar Funkcjonalny", 6.0, "PL911", "Warszawa"),
    AgglomerationSpec("krakow", "PL", "Krakowski Obszar Metropolitalny", 4.0, "PL213", "Kraków"),
    AgglomerationSpec("gzm", "PL", "Górnośląsko-Zagłębiowska Metropolia", 5.0, "PL22A", "Katowice"),
    AgglomerationSpec("wroclaw", "PL", "Wrocławski Obszar Funkcjonalny", 3.5, "PL514", "Wrocław"),
    AgglomerationSpec("poznan", "PL", "Metropolia Poznań", 3.0, "PL415", "Poznań"),
    AgglomerationSpec("lodz", "PL", "Łódzki Obszar Metropolitalny", 3.0, "PL711", "Łódź"),
    AgglomerationSpec(
        "trojmiasto", "PL", "Obszar Metropolitalny Gdańsk Gdynia Sopot", 3.0, "PL633", "Gdańsk"
    ),
    AgglomerationSpec(
        "szczecin", "PL", "Szczeciński Obszar Metropolitalny", 2.0, "PL428", "Szczecin"
    ),
    AgglomerationSpec(
        "bydgoszcz-torun", "PL", "Bydgosko-Toruński Obszar Funkcjonalny", 2.0, "PL613", "Bydgoszcz"
    ),
    AgglomerationSpec("lublin", "PL", "Lubelski Obszar Funkcjonalny", 2.0, "PL814", "Lublin"),
    AgglomerationSpec(
        "bialystok", "PL", "Białostocki Obszar Funkcjonalny", 1.5, "PL841", "Białystok"
    ),
    AgglomerationSpec("rzeszow", "PL", "Rzeszowski Obszar Funkcjonalny", 1.5, "PL825", "Rzeszów"),
    AgglomerationSpec("kielce", "PL", "Kielecki Obszar Funkcjonalny", 1.2, "PL721", "Kielce"),
    AgglomerationSpec("olsztyn", "PL", "Olsztyński Obszar Funkcjonalny", 1.2, "PL622", "Olsztyn"),
    AgglomerationSpec("opole", "PL", "Aglomeracja Opolska", 1.2, "PL524", "Opole"),
    AgglomerationSpec(
        "zielona-gora",
        "PL",
        "Miejski Obszar Funkcjonalny Zielonej Góry",
        1.0,
        "PL432",
        "Zielona Góra",
    ),
    AgglomerationSpec(
        "gorzow",
        "PL",
        "Miejski Obszar Funkcjonalny Gorzowa Wielkopolskiego",
        1.0,
        "PL431",
        "Gorzów Wielkopolski",
    ),
    AgglomerationSpec(
        "koszalin",
        "PL",
        "Koszalińsko-Kołobrzesko-Białogardzki Obszar Funkcjonalny",
        0.8,
        "PL427",
        "Koszalin",
    ),
    AgglomerationSpec("slupsk", "PL", "Słupski Obszar Funkcjonalny", 0.8, "PL631", "Słupsk"),
    AgglomerationSpec("elblag", "PL", "Elbląski Obszar Funkcjonalny", 0.8, "PL621", "Elbląg"),
    AgglomerationSpec("walbrzych", "PL", "Aglomeracja Wałbrzyska", 1.0, "PL517", "Wałbrzych"),
    AgglomerationSpec(
        "jelenia-gora", "PL", "Aglomeracja Jeleniogórska", 0.8, "PL515", "Jelenia Góra"
    ),
    AgglomerationSpec(
        "legnica", "PL", "Legnicko-Głogowski Obszar Funkcjonalny", 0.8, "PL516", "Legnica"
    ),
    AgglomerationSpec("kalisz", "PL", "Aglomeracja Kalisko-Ostrowska", 0.8, "PL418", "Kalisz"),
    AgglomerationSpec("konin", "PL", "Koniński Obszar Funkcjonalny", 0.6, "PL414", "Konin"),
    AgglomerationSpec("tarnow", "PL", "Tarnowski Obszar Funkcjonalny", 0.8, "PL218", "Tarnów"),
    AgglomerationSpec("nowy-sacz", "PL", "Subregion Sądecki", 0.4, "PL218", "Nowy Sącz"),
)

VILLAGES = {
    "CZ": (
        "Nová Ves",
        "Horní Lhota",
        "Dolní Újezd",
        "Březová",
        "Kostelec",
        "Bystřice",
        "Lipník",
        "Hrušovany",
        "Velká Bystřice",
        "Dubá",
        "Tišnov",
        "Kralupy",
        "Řevnice",
        "Jesenice",
        "Šlapanice",
        "Hlučín",
        "Litovel",
        "Přelouč",
        "Chrastava",
        "Lišov",
    ),
    "PL": (
        "Nowa Wieś",
        "Dąbrowa",
        "Zielonka",
        "Brzezie",
        "Kobylin",
        "Wola",
        "Lipowa",
        "Jabłonna",
        "Kamionka",
        "Radom Wielki",
        "Górki",
        "Łomianki",
        "Piaseczno",
        "Skawina",
        "Siechnice",
        "Komorniki",
        "Pruszcz",
        "Dobrzeń Wielki",
        "Krapkowice",
        "Gogolin",
    ),
}

# Regional programmes of the Polish ZIT, by NUTS 2 (four to six capitals, as in their numbers).
PL_PROGRAMMES = {
    "PL91": "FEMA", "PL21": "FEMP", "PL22": "FESL", "PL51": "FEDS", "PL41": "FEWP",
    "PL71": "FELD", "PL63": "FEPM", "PL42": "FEPZ", "PL61": "FEKP", "PL81": "FELU",
    "PL84": "FEPD", "PL82": "FEPK", "PL72": "FESW", "PL62": "FEWM", "PL52": "FEOP",
    "PL43": "FELB",
}  # fmt: skip

# ---- the strategy tree ----------------------------------------------------------------------

GOALS = (
    ("1", "Mobilita a životní prostředí", "Mobilność i środowisko", "Mobility and environment"),
    ("2", "Vzdělání a soudržnost", "Edukacja i spójność", "Education and cohesion"),
    ("3", "Atraktivní město", "Atrakcyjne miasto", "An attractive city"),
)
SPECIFIC_GOALS = (
    ("1.1", "Udržitelná doprava", "Zrównoważony transport", "Sustainable transport"),
    ("1.2", "Odolnost vůči změně klimatu", "Odporność na zmiany klimatu", "Climate resilience"),
    ("2.1", "Vzdělávání", "Edukacja", "Education"),
    ("2.2", "Sociální začleňování a zdraví", "Włączenie społeczne i zdrowie", "Inclusion, health"),
    ("3.1", "Kultura a cestovní ruch", "Kultura i turystyka", "Culture and tourism"),
    ("3.2", "Veřejná prostranství", "Przestrzenie publiczne", "Public spaces"),
)


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    cs: str
    pl: str
    en: str
    objective: str  # programme specific objective code
    indicators: tuple[str, str, str]
    objects_cs: tuple[str, ...]
    objects_pl: tuple[str, ...]


MEASURES: tuple[MeasureSpec, ...] = (
    MeasureSpec(
        "1.1.1",
        "Veřejná doprava",
        "Transport publiczny",
        "Public transport",
        "RSO 2.8",
        ("RCO57", "RCO56", "RCR62"),
        ("tramvajové trati", "trolejbusové trati", "zastávek MHD", "vozového parku MHD"),
        ("linii tramwajowej", "taboru komunikacji miejskiej", "przystanków", "zajezdni"),
    ),
    MeasureSpec(
        "1.1.2",
        "Cyklistická a pěší doprava",
        "Ruch rowerowy i pieszy",
        "Cycling and walking",
        "RSO 2.8",
        ("RCO58", "RCR64", "RCO54"),
        ("cyklostezky", "cyklotrasy", "chodníků a bezbariérových tras", "lávky pro pěší"),
        ("drogi rowerowej", "ciągów pieszo-rowerowych", "kładki dla pieszych", "chodników"),
    ),
    MeasureSpec(
        "1.1.3",
        "Přestupní terminály a P+R",
        "Węzły przesiadkowe i P&R",
        "Interchanges, P+R",
        "RSO 2.8",
        ("RCO54", "RCO59", "RCR62"),
        ("přestupního terminálu", "parkoviště P+R", "parkovacího domu B+R", "autobusového nádraží"),
        ("centrum przesiadkowego", "parkingu Park&Ride", "parkingu Bike&Ride", "dworca"),
    ),
    MeasureSpec(
        "1.2.1",
        "Modrozelená infrastruktura",
        "Błękitno-zielona infrastruktura",
        "Blue-green infrastructure",
        "RSO 2.4",
        ("RCO26", "RCO121", "RCR37"),
        ("zeleně ve městě", "vegetačních střech", "retenčních nádrží", "vnitrobloku"),
        ("zieleni miejskiej", "zielonych dachów", "zbiorników retencyjnych", "podwórza"),
    ),
    MeasureSpec(
        "1.2.2",
        "Protipovodňová opatření",
        "Ochrona przeciwpowodziowa",
        "Flood protection",
        "RSO 2.4",
        ("RCO25", "RCO121", "RCR35"),
        ("protipovodňové hráze", "poldru", "koryta potoka"),
        ("wału przeciwpowodziowego", "polderu", "koryta potoku"),
    ),
    MeasureSpec(
        "2.1.1",
        "Předškolní vzdělávání",
        "Edukacja przedszkolna",
        "Pre-school education",
        "RSO 4.2",
        ("RCO66", "RCR70", "RCO74"),
        ("mateřské školy", "dětské skupiny", "zahrady mateřské školy"),
        ("przedszkola", "żłobka", "ogrodu przedszkolnego"),
    ),
    MeasureSpec(
        "2.1.2",
        "Základní školy",
        "Szkoły podstawowe",
        "Primary schools",
        "RSO 4.2",
        ("RCO67", "RCR71", "RCO74"),
        ("základní školy", "odborných učeben ZŠ", "tělocvičny ZŠ", "školní jídelny"),
        ("szkoły podstawowej", "pracowni przedmiotowych", "sali gimnastycznej", "stołówki"),
    ),
    MeasureSpec(
        "2.1.3",
        "Odborné vzdělávání",
        "Kształcenie zawodowe",
        "Vocational education",
        "RSO 4.2",
        ("RCO67", "RCR71", "RCO113"),
        ("dílen střední odborné školy", "laboratoří SPŠ", "centra odborného výcviku"),
        ("warsztatów szkoły zawodowej", "laboratoriów technikum", "centrum kształcenia"),
    ),
    MeasureSpec(
        "2.2.1",
        "Sociální služby",
        "Usługi społeczne",
        "Social services",
        "RSO 4.3",
        ("RCO70", "RCO113", "RCO74"),
        ("komunitního centra", "denního stacionáře", "domova se zvláštním režimem"),
        ("centrum aktywności lokalnej", "dziennego domu pomocy", "domu pomocy społecznej"),
    ),
    MeasureSpec(
        "2.2.2",
        "Sociální bydlení",
        "Mieszkalnictwo socjalne",
        "Social housing",
        "RSO 4.3",
        ("RCO65", "RCR67", "RCO113"),
        ("sociálních bytů", "bytového domu pro sociální bydlení", "startovacích bytů"),
        ("mieszkań socjalnych", "budynku komunalnego", "mieszkań treningowych"),
    ),
    MeasureSpec(
        "2.2.3",
        "Zdravotní péče",
        "Opieka zdrowotna",
        "Health care",
        "RSO 4.5",
        ("RCO69", "RCR73", "RCO74"),
        ("urgentního příjmu", "zdravotnického střediska", "rehabilitačního oddělení"),
        ("szpitalnego oddziału ratunkowego", "przychodni", "oddziału rehabilitacji"),
    ),
    MeasureSpec(
        "3.1.1",
        "Kulturní dědictví",
        "Dziedzictwo kulturowe",
        "Cultural heritage",
        "RSO 4.6",
        ("RCO77", "RCR77", "RCO74"),
        ("kulturní památky", "městského muzea", "zámeckého areálu", "knihovny"),
        ("zabytku", "muzeum miejskiego", "zespołu pałacowego", "biblioteki"),
    ),
    MeasureSpec(
        "3.1.2",
        "Cestovní ruch",
        "Turystyka",
        "Tourism",
        "RSO 4.6",
        ("RCO77", "RCR77", "RCO113"),
        ("turistické stezky", "návštěvnického centra", "rozhledny"),
        ("szlaku turystycznego", "centrum informacji turystycznej", "wieży widokowej"),
    ),
    MeasureSpec(
        "3.2.1",
        "Veřejná prostranství",
        "Przestrzenie publiczne",
        "Public spaces",
        "RSO 5.1",
        ("RCO114", "RCO74", "RCR52"),
        ("náměstí", "městského parku", "nábřeží", "sídlištního prostranství"),
        ("rynku", "parku miejskiego", "bulwaru", "przestrzeni osiedlowej"),
    ),
    MeasureSpec(
        "3.2.2",
        "Brownfieldy",
        "Tereny poprzemysłowe",
        "Brownfields",
        "RSO 5.1",
        ("RCR52", "RCO76", "RCO113"),
        ("brownfieldu bývalé továrny", "areálu bývalých kasáren", "nádražního areálu"),
        ("terenów pofabrycznych", "terenów powojskowych", "terenów kolejowych"),
    ),
)

OBJECTIVE_NAMES = {
    "RSO 2.4": "Climate change adaptation and disaster risk prevention",
    "RSO 2.8": "Sustainable multimodal urban mobility",
    "RSO 4.2": "Equal access to quality education through accessible infrastructure",
    "RSO 4.3": "Socioeconomic inclusion, including housing and social services",
    "RSO 4.5": "Equal access to health care",
    "RSO 4.6": "Culture and sustainable tourism",
    "RSO 5.1": "Integrated and inclusive development in urban areas",
}
ACTIONS = {
    "CZ": ("Rekonstrukce", "Modernizace", "Výstavba", "Revitalizace", "Rozšíření", "Vybavení"),
    "PL": ("Przebudowa", "Modernizacja", "Budowa", "Rewitalizacja", "Rozbudowa", "Wyposażenie"),
}

# ---- the workflow of an intention -----------------------------------------------------------

S = IntentionStatus
MAIN_PATH = (
    S.DRAFT, S.SUBMITTED, S.FORMAL_CHECK_PASSED, S.RECOMMENDED, S.COMPLIANT, S.STATEMENT_ISSUED,
    S.APPLICATION_FILED, S.LEGAL_ACT, S.IN_IMPLEMENTATION, S.PHYSICALLY_COMPLETED,
    S.FINANCIALLY_CLOSED, S.SUSTAINABILITY,
)  # fmt: skip
SIDE_PATHS: dict[str, tuple[str, ...]] = {
    S.RETURNED: (S.DRAFT, S.SUBMITTED, S.RETURNED),
    S.WITHDRAWN: (S.DRAFT, S.SUBMITTED, S.WITHDRAWN),
    S.NOT_RECOMMENDED: (S.DRAFT, S.SUBMITTED, S.FORMAL_CHECK_PASSED, S.NOT_RECOMMENDED),
    S.NON_COMPLIANT_OVERSUBSCRIBED: (*MAIN_PATH[:4], S.NON_COMPLIANT_OVERSUBSCRIBED),
    S.NON_COMPLIANT_NEGATIVE: (*MAIN_PATH[:3], S.NOT_RECOMMENDED, S.NON_COMPLIANT_NEGATIVE),
    S.DEFERRED: (*MAIN_PATH[:4], S.DEFERRED),
    S.REJECTED_BY_MA: (*MAIN_PATH[:7], S.REJECTED_BY_MA),
}
# Share of intentions per state (per cent), like a strategy four years into the period.
STATE_WEIGHTS: dict[str, int] = {
    S.DRAFT: 4, S.SUBMITTED: 5, S.RETURNED: 2, S.FORMAL_CHECK_PASSED: 4, S.RECOMMENDED: 4,
    S.NOT_RECOMMENDED: 1, S.COMPLIANT: 3, S.NON_COMPLIANT_OVERSUBSCRIBED: 2,
    S.NON_COMPLIANT_NEGATIVE: 1, S.DEFERRED: 1, S.STATEMENT_ISSUED: 5, S.APPLICATION_FILED: 10,
    S.LEGAL_ACT: 10, S.IN_IMPLEMENTATION: 25, S.PHYSICALLY_COMPLETED: 10,
    S.FINANCIALLY_CLOSED: 7, S.SUSTAINABILITY: 3, S.WITHDRAWN: 2, S.REJECTED_BY_MA: 1,
}  # fmt: skip
COMPLETED = frozenset({S.PHYSICALLY_COMPLETED, S.FINANCIALLY_CLOSED, S.SUSTAINABILITY})
IMPLEMENTING = frozenset(COMPLETED | {S.IN_IMPLEMENTATION})
FUNDED = frozenset(IMPLEMENTING | {S.LEGAL_ACT})
REGISTERED = frozenset(FUNDED | {S.APPLICATION_FILED, S.REJECTED_BY_MA})
STATEMENT = frozenset(REGISTERED | {S.STATEMENT_ISSUED})
EARLY = frozenset(
    {S.DRAFT, S.SUBMITTED, S.RETURNED, S.FORMAL_CHECK_PASSED, S.RECOMMENDED, S.NOT_RECOMMENDED}
)
# The managing authority's state (MS2021+ codes) of a registered intention.
MA_STATES: dict[str, tuple[str, str, str]] = {  # status -> code, Czech name, Polish name
    S.APPLICATION_FILED: ("PP21", "Žádost o podporu zaregistrována", "Wniosek zarejestrowany"),
    S.REJECTED_BY_MA: ("PN40", "Žádost o podporu nesplnila podmínky", "Wniosek odrzucony"),
    S.LEGAL_ACT: ("PP30", "Projekt s\xa0právním aktem o poskytnutí / převodu podpory", "Umowa"),
    S.IN_IMPLEMENTATION: ("PP36", "Projekt ve fyzické realizaci", "Projekt w realizacji"),
    S.PHYSICALLY_COMPLETED: ("PP40", "Projekt fyzicky ukončen", "Projekt zakończony"),
    S.FINANCIALLY_CLOSED: ("PP41", "Projekt finančně ukončen ze strany ŘO", "Projekt rozliczony"),
    S.SUSTAINABILITY: ("PP43", "Projekt v udržitelnosti", "Okres trwałości"),
}


# ---- what the generator hands back ----------------------------------------------------------


@dataclass
class AgglomerationData:
    slug: str
    pk: int
    country: str
    language: str
    currency: str
    strategy_id: int
    manager_id: int
    intentions: int = 0
    registration_numbers: list[str] = field(default_factory=list)


@dataclass
class Dataset:
    scale: float
    agglomerations: list[AgglomerationData]
    counts: dict[str, int]
    seconds: float

    @property
    def largest(self) -> AgglomerationData:
        return max(self.agglomerations, key=lambda a: a.intentions)

    def smallest(self, country: str) -> AgglomerationData:
        return min(
            (a for a in self.agglomerations if a.country == country), key=lambda a: a.intentions
        )

    @property
    def indicator_values(self) -> int:
        return self.counts["intention indicators"] + self.counts["progress values"]


# ---- COPY -----------------------------------------------------------------------------------


def _db_default(model_field: models.Field[Any, Any]) -> Any:
    """The value of a column the generator does not fill (new fields keep working)."""
    if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
        return NOW
    if model_field.has_default():
        value = model_field.get_default()
        return json.dumps(value) if isinstance(value, dict | list) else value
    if model_field.null:
        return None
    if model_field.blank and model_field.empty_strings_allowed:
        return ""  # a CharField or TextField left blank (e.g. StatusChange.reason_code)
    raise RuntimeError(f"bench: no value for {model_field.model.__name__}.{model_field.name}")


def copy_rows(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Stream rows into the model's table with COPY; `names` are attnames (`call_id`)."""
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    missing = [f for name, f in by_name.items() if name not in names]
    constant = tuple(_db_default(f) for f in missing)
    columns = [by_name[name].column for name in names] + [f.column for f in missing]
    qn = connection.ops.quote_name
    sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"
    count = 0
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None  # noqa: S101 - ensure_connection() opened it
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, *constant))
            count += 1
    with connection.cursor() as cursor:
        table = model._meta.db_table
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 1)) FROM {qn(table)}",  # noqa: S608 - table name from the model
            [table],
        )
    return count


def _next_id(model: type[models.Model]) -> int:
    found = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return int(found or 0) + 1


def money(cents: int) -> str:
    """Cents as a decimal string (COPY text and CSV)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def i18n(language: str, text: str, en: str = "") -> str:
    value = {language: text, "en": en} if en else {language: text}
    return json.dumps(value, ensure_ascii=False)


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime(
        day.year, day.month, day.day, 8 + rng.randrange(9), rng.randrange(60), tzinfo=UTC
    )


def _months(first: date, last: date, step: int) -> Iterator[date]:
    year, month = first.year, first.month
    while True:
        day = date(year, month, 28)
        if day > last:
            return
        yield day
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def _ico(base: int) -> str:
    """A valid Czech IČO (weighted checksum) from a 7-digit base."""
    digits = f"{base % 10_000_000:07d}"
    total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 10
    return f"{digits}{check}"


def _regon(base: int) -> str:
    digits = f"{base % 100_000_000:08d}"
    total = sum(int(d) * w for d, w in zip(digits, (8, 9, 2, 3, 4, 5, 6, 7), strict=True))
    return f"{digits}{total % 11 % 10}"


# ---- reference data and the strategies (ORM) ------------------------------------------------


@dataclass
class CallInfo:
    pk: int
    year: int
    number: str
    measure: MeasureSpec
    objective_id: int
    opens: date


@dataclass
class AggContext:
    spec: AgglomerationSpec
    data: AgglomerationData
    programme_code: str
    budget_cents: int  # EU allocation of the strategy
    organisations: list[tuple[int, str, str]]  # pk, name, ico/regon
    municipalities: list[str]
    calls_by_year: dict[int, list[CallInfo]]
    measure_ids: dict[str, int]
    version_id: int
    indicator_ids: dict[str, list[int]]  # measure code -> its 3 indicators


def _programmes() -> dict[str, dict[str, int]]:
    """Programme code -> {objective code: SpecificObjective pk}."""
    specs = [("IROP", "CZ", "CZK"), ("OPŽP", "CZ", "CZK")]
    specs += [(code, "PL", "PLN") for code in PL_PROGRAMMES.values()]
    result: dict[str, dict[str, int]] = {}
    for code, country, currency in specs:
        programme, _created = Programme.objects.get_or_create(
            code=code,
            period=Period.P2021,
            defaults={
                "name": {"en": f"{code} 2021-2027"},
                "country": country,
                "managing_authority": {"en": f"Managing authority of {code}"},
                "currency": currency,
            },
        )
        codes = {"RSO 2.4"} if code == "OPŽP" else set(OBJECTIVE_NAMES) - {"RSO 2.4"}
        if country == "PL":
            codes = set(OBJECTIVE_NAMES)
        result[code] = {}
        for objective in sorted(codes):
            so, _created = SpecificObjective.objects.get_or_create(
                programme=programme,
                code=objective,
                defaults={"name": {"en": OBJECTIVE_NAMES[objective]}, "fund": Fund.ERDF},
            )
            result[code][objective] = so.pk
    return result


def _indicator_ids() -> dict[str, int]:
    return dict(IndicatorCode.objects.values_list("code", "pk"))


def _measure_indicators(spec: MeasureSpec, known: dict[str, int]) -> list[int]:
    chosen = [known[c] for c in spec.indicators if c in known]
    spare = iter(sorted(known.values()))
    while len(chosen) < 3:
        candidate = next(spare)
        if candidate not in chosen:
            chosen.append(candidate)
    return chosen


def _build_agglomerations(
    counts: dict[str, int], rng: random.Random, scale: float
) -> list[AggContext]:
    programmes = _programmes()
    indicators = _indicator_ids()
    password = make_password(PASSWORD)
    sizes = _sizes(scale)
    contexts: list[AggContext] = []
    for index, spec in enumerate(SPECS):
        language = "cs" if spec.country == "CZ" else "pl"
        currency = "CZK" if spec.country == "CZ" else "PLN"
        agglomeration = Agglomeration.objects.create(
            slug=spec.slug,
            name={language: spec.name, "en": spec.name},
            country=spec.country,
            currency=currency,
            time_zone="Europe/Prague" if spec.country == "CZ" else "Europe/Warsaw",
            office_name={language: f"Kancelář {spec.core}" if language == "cs" else spec.name},
        )
        village_pool = VILLAGES[spec.country]
        municipalities = [spec.core, *rng.sample(village_pool, 9)]
        Municipality.objects.bulk_create(
            Municipality(
                agglomeration=agglomeration,
                code=f"{500000 + index * 100 + i}" if spec.country == "CZ" else f"{1000000 + i}",
                name=name,
                kind="city" if i == 0 else ("municipality" if spec.country == "CZ" else "gmina"),
                nuts3=spec.nuts3,
                population=rng.randrange(800, 30000) if i else rng.randrange(90_000, 1_300_000),
            )
            for i, name in enumerate(municipalities)
        )
        n_intentions = sizes[index]
        organisations = _organisations(agglomeration, spec, municipalities, n_intentions, index)
        manager = User.objects.create(
            username=f"{spec.slug}-manager",
            first_name="Bench",
            last_name=spec.core,
            email=f"{spec.slug}-manager@example.org",
            password=password,
            preferred_language=language,
        )
        Membership.objects.create(user=manager, agglomeration=agglomeration, role=Role.MANAGER)
        programme_code = "IROP" if spec.country == "CZ" else PL_PROGRAMMES[spec.nuts3[:4]]
        strategy = Strategy.objects.create(
            agglomeration=agglomeration,
            period=Period.P2021,
            name={
                language: (
                    f"Integrovaná strategie {spec.name} 2021–2027"
                    if language == "cs"
                    else f"Strategia ZIT {spec.name} 2021–2027"
                ),
                "en": f"Integrated strategy {spec.name} 2021–2027",
            },
        )
        version = StrategyVersion.objects.create(
            strategy=strategy,
            number=1,
            status=VersionStatus.APPROVED,
            title="Schválená strategie" if language == "cs" else "Przyjęta strategia",
            approved_on=date(2022, 3, 15),
            approved_by_body="Řídicí výbor ITI" if language == "cs" else "Komitet Sterujący ZIT",
            approval_reference="1/2022",
            created_by=manager,
        )
        Strategy.objects.filter(pk=strategy.pk).update(current_version=version)
        measure_ids, indicator_ids = _tree(version, language, indicators)
        objective_ids = {
            m.code: programmes["OPŽP" if m.objective == "RSO 2.4" and spec.country == "CZ"
                              else programme_code][m.objective]
            for m in MEASURES
        }  # fmt: skip
        for measure in Measure.objects.filter(version=version):
            measure.specific_objectives.add(objective_ids[measure.code])
        _rates(agglomeration, currency, rng)
        calls = _calls(agglomeration, strategy, spec, language, objective_ids, programme_code)
        budget = round(spec.weight * (450e6 if spec.country == "CZ" else 300e6) * 100)
        data = AgglomerationData(
            slug=spec.slug,
            pk=agglomeration.pk,
            country=spec.country,
            language=language,
            currency=currency,
            strategy_id=strategy.pk,
            manager_id=manager.pk,
            intentions=n_intentions,
        )
        calls_by_year: dict[int, list[CallInfo]] = defaultdict(list)
        for call in calls:
            calls_by_year[call.year].append(call)
        contexts.append(
            AggContext(
                spec=spec,
                data=data,
                programme_code=programme_code,
                budget_cents=budget,
                organisations=organisations,
                municipalities=municipalities,
                calls_by_year=dict(calls_by_year),
                measure_ids=measure_ids,
                version_id=version.pk,
                indicator_ids=indicator_ids,
            )
        )
    counts["agglomerations"] = len(contexts)
    counts["calls"] = sum(len(v) for c in contexts for v in c.calls_by_year.values())
    counts["organisations"] = sum(len(c.organisations) for c in contexts)
    return contexts


def _sizes(scale: float) -> list[int]:
    """Intentions per agglomeration by weight, adding up to exactly 50,000 x scale."""
    total = round(BASE_INTENTIONS * scale)
    weight = sum(s.weight for s in SPECS)
    sizes = [max(12, int(total * s.weight / weight)) for s in SPECS]
    sizes[0] += max(0, total - sum(sizes))  # the rounding remainder goes to the largest
    return sizes


def _organisations(
    agglomeration: Agglomeration,
    spec: AgglomerationSpec,
    municipalities: list[str],
    n_intentions: int,
    index: int,
) -> list[tuple[int, str, str]]:
    count = max(12, n_intentions // 12)
    rows = []
    for i in range(count):
        place = municipalities[i % len(municipalities)]
        if spec.country == "CZ":
            kinds = (
                ("municipality", f"Obec {place}" if i % len(municipalities) else f"Město {place}"),
                ("school", f"Základní škola {place} č. {i}, příspěvková organizace"),
                ("ngo", f"Spolek pro rozvoj {place} {i}, z.s."),
                ("enterprise", f"Technické služby {place} {i}, s.r.o."),
                ("transport", f"Dopravní podnik {place} {i}, a.s."),
            )
        else:
            kinds = (
                (
                    "municipality",
                    f"Gmina {place}" if i % len(municipalities) else f"Miasto {place}",
                ),
                ("school", f"Szkoła Podstawowa nr {i} w {place}"),
                ("ngo", f"Stowarzyszenie Rozwoju {place} {i}"),
                ("enterprise", f"Przedsiębiorstwo Komunalne {place} {i} sp. z o.o."),
                ("transport", f"Miejski Zakład Komunikacji {place} {i} sp. z o.o."),
            )
        kind, name = kinds[i % len(kinds)]
        base = 1_000_000 + index * 20_000 + i
        rows.append(
            Organisation(
                agglomeration=agglomeration,
                name=name,
                kind=kind,
                country=spec.country,
                ico=_ico(base) if spec.country == "CZ" else "",
                regon=_regon(base) if spec.country == "PL" else "",
            )
        )
    created = Organisation.objects.bulk_create(rows)
    return [(o.pk, o.name, o.ico or o.regon) for o in created]


def _tree(
    version: StrategyVersion, language: str, indicators: dict[str, int]
) -> tuple[dict[str, int], dict[str, list[int]]]:
    col = 1 if language == "cs" else 2
    goals = Goal.objects.bulk_create(
        Goal(version=version, code=g[0], name={language: g[col], "en": g[3]}) for g in GOALS
    )
    goal_by_code = {g.code: g for g in goals}
    specific_goals = SpecificGoal.objects.bulk_create(
        SpecificGoal(
            version=version,
            goal=goal_by_code[s[0].split(".")[0]],
            code=s[0],
            name={language: s[col], "en": s[3]},
        )
        for s in SPECIFIC_GOALS
    )
    sg_by_code = {s.code: s for s in specific_goals}
    measures = Measure.objects.bulk_create(
        Measure(
            version=version,
            specific_goal=sg_by_code[m.code.rsplit(".", 1)[0]],
            code=m.code,
            name={language: m.cs if language == "cs" else m.pl, "en": m.en},
        )
        for m in MEASURES
    )
    indicator_ids = {m.code: _measure_indicators(m, indicators) for m in MEASURES}
    return {m.code: m.pk for m in measures}, indicator_ids


def _rates(agglomeration: Agglomeration, currency: str, rng: random.Random) -> None:
    rate = 24.6 if currency == "CZK" else 4.45
    rows = []
    for day in _months(date(2021, 1, 1), date(2025, 12, 31), 1):
        rate *= 1 + rng.uniform(-0.012, 0.012)
        rows.append(
            ExchangeRate(
                agglomeration=agglomeration,
                currency=currency,
                valid_from=day.replace(day=1),
                units_per_eur=f"{rate:.6f}",
                source="EC InforEuro (bench)",
            )
        )
    ExchangeRate.objects.bulk_create(rows)


def _calls(
    agglomeration: Agglomeration,
    strategy: Strategy,
    spec: AgglomerationSpec,
    language: str,
    objective_ids: dict[str, int],
    programme_code: str,
) -> list[CallInfo]:
    schedules = {
        year: CallSchedule.objects.create(
            agglomeration=agglomeration, year=year, approved_on=date(year - 1, 12, 10)
        )
        for year in (2022, 2023, 2024, 2025)
    }
    rows: list[Call] = []
    meta: list[tuple[int, MeasureSpec, date]] = []
    sequence = 0
    for year in (2022, 2023, 2024, 2025):
        for measure in MEASURES:
            sequence += 1
            opens = date(year, 1 + sequence % (5 if year == 2025 else 9), 1)
            closes = opens + timedelta(days=90) if year < 2025 else date(2025, 12, 31)
            if spec.country == "CZ":
                number = str(sequence)
                name = f"{sequence}. výzva ITI {spec.core} – {measure.cs}"
            else:
                so = measure.objective.split()[1].replace(".", ".0")
                number = f"{programme_code}.0{so}-IZ.00-{sequence:03d}/{year % 100}"
                name = f"Nabór ZIT {spec.core} – {measure.pl}"
            rows.append(
                Call(
                    agglomeration=agglomeration,
                    strategy=strategy,
                    schedule=schedules[year],
                    number=number,
                    name={language: name},
                    measure_code=measure.code,
                    specific_objective_id=objective_ids[measure.code],
                    allocation=0,
                    opens_at=datetime(opens.year, opens.month, opens.day, 8, tzinfo=UTC),
                    closes_at=datetime(closes.year, closes.month, closes.day, 14, tzinfo=UTC),
                    aid_rate=85,
                    status=CallStatus.ANNOUNCED if year == 2025 else CallStatus.CLOSED,
                )
            )
            meta.append((year, measure, opens))
    created = Call.objects.bulk_create(rows)
    return [
        CallInfo(c.pk, year, c.number, measure, c.specific_objective_id, opens)
        for c, (year, measure, opens) in zip(created, meta, strict=True)
    ]


# ---- intentions (in memory, then COPY) ------------------------------------------------------


@dataclass(slots=True)
class IntentionRow:
    pk: int
    ctx: AggContext
    call: CallInfo
    applicant: tuple[int, str, str]
    status: str
    path: tuple[str, ...]
    steps: list[datetime]  # when each state of the path was entered
    name: str
    place: str
    start: date
    end: date
    eligible: int  # cents
    total: int
    eu: int
    national: int
    registration_number: str = ""
    indicators: list[tuple[int, int]] = field(default_factory=list)  # indicator pk, committed

    def entered(self, status: str) -> datetime:
        return self.steps[self.path.index(status)]


def _year_for(status: str, rng: random.Random) -> int:
    if status in EARLY:
        return rng.choice((2024, 2025, 2025))
    if status in FUNDED:
        return rng.choice((2022, 2022, 2023))
    return rng.choice((2023, 2024))


def _intentions(contexts: list[AggContext], rng: random.Random) -> list[IntentionRow]:
    states = list(STATE_WEIGHTS)
    weights = list(STATE_WEIGHTS.values())
    rows: list[IntentionRow] = []
    pk = _next_id(ProjectIntention)
    counters: dict[str, int] = defaultdict(int)
    for ctx in contexts:
        language = ctx.data.language
        country = ctx.spec.country
        picked = rng.choices(states, weights, k=ctx.data.intentions)
        per_measure: dict[str, list[IntentionRow]] = defaultdict(list)
        for status in picked:
            call = rng.choice(ctx.calls_by_year[_year_for(status, rng)])
            path = SIDE_PATHS.get(status) or MAIN_PATH[: MAIN_PATH.index(status) + 1]
            steps = _timeline(call.opens, path, rng)
            place = rng.choice(ctx.municipalities)
            objects = call.measure.objects_cs if language == "cs" else call.measure.objects_pl
            name = f"{rng.choice(ACTIONS[country])} {rng.choice(objects)} – {place}"
            start = steps[-1].date() + timedelta(days=30)
            if status in FUNDED:
                start = steps[path.index(S.LEGAL_ACT)].date() + timedelta(days=rng.randrange(40))
            end = start + timedelta(days=30 * rng.randrange(12, 49))
            if status in COMPLETED:
                end = min(end, steps[path.index(S.PHYSICALLY_COMPLETED)].date())
                end = max(end, start + timedelta(days=60))
            row = IntentionRow(
                pk=pk,
                ctx=ctx,
                call=call,
                applicant=rng.choice(ctx.organisations),
                status=status,
                path=path,
                steps=steps,
                name=name,
                place=place,
                start=start,
                end=end,
                eligible=0,
                total=0,
                eu=0,
                national=0,
            )
            if status in REGISTERED:
                row.registration_number = _registration_number(ctx, call, counters)
                ctx.data.registration_numbers.append(row.registration_number)
            per_measure[call.measure.code].append(row)
            rows.append(row)
            pk += 1
        _amounts(ctx, per_measure, rng)
    return rows


def _timeline(opens: date, path: tuple[str, ...], rng: random.Random) -> list[datetime]:
    gaps = [rng.randrange(3, 30)] + [rng.randrange(10, 120) for _ in path[1:]]
    if S.PHYSICALLY_COMPLETED in path:  # implementation takes a year or more
        gaps[path.index(S.PHYSICALLY_COMPLETED)] += rng.randrange(300, 700)
    start = datetime(opens.year, opens.month, opens.day, 9, tzinfo=UTC)
    available = max(1.0, (NOW - start).total_seconds() / 86400 - 1)
    factor = min(1.0, available / sum(gaps))
    moments, elapsed = [], 0.0
    for gap in gaps:
        elapsed += gap * factor
        moments.append(start + timedelta(days=elapsed, minutes=rng.randrange(600)))
    return [min(m, NOW - timedelta(hours=1)) for m in moments]


def _registration_number(ctx: AggContext, call: CallInfo, counters: dict[str, int]) -> str:
    """CZ 2021-2027 (`CZ.06.02.08/00/22_012/0001234`) or PL (`FEOP.02.08-IZ.00-0001/22`)."""
    year = call.year % 100
    if ctx.spec.country == "CZ":
        so = call.measure.objective.split()[1].replace(".", "")
        prefix = f"CZ.06.{so[0]:0>2}.{so[1:]:0>2}/00/{year}_{int(call.number) % 1000:03d}/"
        counters[prefix] += 1
        return f"{prefix}{counters[prefix]:07d}"
    so = call.measure.objective.split()[1].replace(".", ".0")
    prefix = f"{ctx.programme_code}.0{so}-IZ.00-"
    counters[prefix + str(year)] += 1
    return f"{prefix}{counters[prefix + str(year)]:04d}/{year}"


def _amounts(
    ctx: AggContext, per_measure: dict[str, list[IntentionRow]], rng: random.Random
) -> None:
    """Requested EU money per measure adds up to about 1.3 times the measure's allocation."""
    per_measure_budget = ctx.budget_cents / len(MEASURES)
    national_share = 0.05 if ctx.spec.country == "CZ" else 0.0
    for rows in per_measure.values():
        shares = [rng.lognormvariate(0, 0.7) for _ in rows]
        factor = 1.3 * per_measure_budget / sum(shares)
        for row, share in zip(rows, shares, strict=True):
            row.eu = max(100_000_00, round(share * factor / 100) * 100)
            row.eligible = round(row.eu / 0.85)
            row.national = round(row.eligible * national_share)
            row.total = round(row.eligible * rng.uniform(1.0, 1.25))
            indicator_ids = list(ctx.indicator_ids[row.call.measure.code])
            for other in rng.sample(MEASURES, 2):  # two more from other measures
                extra = [i for i in ctx.indicator_ids[other.code] if i not in indicator_ids]
                if extra:
                    indicator_ids.append(extra[0])
            scale = max(1, row.eu // 1_000_000_00)
            row.indicators = [(i, rng.randrange(1, 40) * scale) for i in indicator_ids]


def _copy_intentions(rows: list[IntentionRow]) -> int:
    names = (
        "id", "call_id", "applicant_id", "name", "measure_code", "activities", "start_date",
        "end_date", "total_cost", "eligible_cost", "requested_eu", "requested_national",
        "status", "submitted_at", "registration_number", "ma_state_code", "created_at",
        "updated_at", "revision",
    )  # fmt: skip

    def produce() -> Iterator[tuple[Any, ...]]:
        for r in rows:
            language = r.ctx.data.language
            submitted = r.steps[1] if len(r.steps) > 1 else None
            activities = (
                "Stavební práce, technický dozor, publicita."
                if language == "cs"
                else "Roboty budowlane, nadzór, promocja."
            )
            ma_state = MA_STATES[r.status][0] if r.status in MA_STATES else ""
            yield (
                r.pk, r.call.pk, r.applicant[0], i18n(language, r.name), r.call.measure.code,
                i18n(language, activities), r.start, r.end, money(r.total), money(r.eligible),
                money(r.eu), money(r.national), r.status, submitted, r.registration_number,
                ma_state, r.steps[0], r.steps[-1], len(r.path) - 1,
            )  # fmt: skip

    return copy_rows(ProjectIntention, names, produce())


def _copy_status_changes(rows: list[IntentionRow]) -> int:
    content_type = ContentType.objects.get_for_model(ProjectIntention).pk
    pk = _next_id(StatusChange)

    def produce() -> Iterator[tuple[Any, ...]]:
        nonlocal pk
        for r in rows:
            for old, new, moment in zip(r.path, r.path[1:], r.steps[1:], strict=False):
                yield (pk, moment, r.ctx.data.manager_id, INTENTION_WORKFLOW, content_type,
                       r.pk, old, new, "")  # fmt: skip
                pk += 1

    names = (
        "id", "created_at", "actor_id", "workflow", "content_type_id", "object_id",
        "old_status", "new_status", "reason",
    )  # fmt: skip
    return copy_rows(StatusChange, names, produce())


def _copy_statements(rows: list[IntentionRow]) -> int:
    pk = _next_id(ComplianceStatement)
    counters: dict[tuple[str, int], int] = defaultdict(int)

    def produce() -> Iterator[tuple[Any, ...]]:
        nonlocal pk
        for r in rows:
            if r.status not in STATEMENT:
                continue
            issued = r.entered(S.STATEMENT_ISSUED).date()
            key = (r.ctx.spec.slug, issued.year)
            counters[key] += 1
            evidence = f"{r.ctx.spec.slug.upper()}/{issued.year}/{counters[key]:05d}"
            yield (pk, r.pk, "initial", "compliant", evidence, issued, r.ctx.data.manager_id)
            pk += 1

    names = (
        "id", "intention_id", "statement_type", "outcome", "evidence_number", "issued_on",
        "issued_by_id",
    )  # fmt: skip
    return copy_rows(ComplianceStatement, names, produce())


def _copy_intention_indicators(rows: list[IntentionRow]) -> int:
    pk = _next_id(IntentionIndicator)

    def produce() -> Iterator[tuple[Any, ...]]:
        nonlocal pk
        for r in rows:
            for indicator, value in r.indicators:
                yield (pk, r.pk, indicator, value)
                pk += 1

    return copy_rows(
        IntentionIndicator, ("id", "intention_id", "indicator_id", "committed_value"), produce()
    )


def _progress_fraction(r: IntentionRow) -> float:
    if r.status in COMPLETED:
        return 1.0
    if r.status not in FUNDED:
        return 0.0
    span = max(1, (r.end - r.start).days)
    return max(0.0, min(0.95, (ANCHOR - r.start).days / span))


def _report_steps(
    r: IntentionRow, period_end: date, status: str, rng: random.Random
) -> list[tuple[str, str, datetime]]:
    """A report's workflow history: submitted 10-20 days after its period, approved 10-40 days
    later, everything before the anchor day."""
    submitted = period_end + timedelta(days=rng.randint(10, 20))
    approved = min(submitted + timedelta(days=rng.randint(10, 40)), ANCHOR - timedelta(days=1))
    submitted = min(submitted, approved)
    steps = [(ReportStatus.DRAFT, ReportStatus.SUBMITTED, _moment(submitted, rng))]
    if status == ReportStatus.APPROVED:
        steps.append((ReportStatus.SUBMITTED, ReportStatus.APPROVED, _moment(approved, rng)))
    return sorted(steps, key=lambda step: step[2])


def _copy_progress(rows: list[IntentionRow], rng: random.Random) -> tuple[int, int, int]:
    """Reports, their values and their workflow history (a generator of its own for the
    history, so that the values stay those drawn before it existed)."""
    report_pk = _next_id(ProgressReport)
    value_pk = _next_id(ProgressValue)
    change_pk = _next_id(StatusChange)
    content_type = ContentType.objects.get_for_model(ProgressReport).pk
    history_rng = random.Random(12)  # noqa: S311 - reproducible data, not secrets
    values: list[tuple[int, int, int, str]] = []
    changes: list[tuple[Any, ...]] = []

    def reports() -> Iterator[tuple[Any, ...]]:
        nonlocal report_pk, value_pk, change_pk
        for r in rows:
            if r.status not in IMPLEMENTING:
                continue
            last = min(r.end, ANCHOR)
            ends = [
                date(y, m, 30 if m == 6 else 31)
                for y in range(r.start.year, last.year + 1)
                for m in (6, 12)
                if r.start < date(y, m, 30 if m == 6 else 31) <= last
            ] or [last]
            fraction = _progress_fraction(r)
            for i, period_end in enumerate(ends):
                final = i == len(ends) - 1
                status = (
                    ReportStatus.SUBMITTED
                    if final and r.status == S.IN_IMPLEMENTATION
                    else ReportStatus.APPROVED
                )
                yield (report_pk, r.pk, period_end, "", status)
                for indicator, committed in r.indicators[:4]:
                    share = fraction / len(ends) * rng.uniform(0.7, 1.2)
                    values.append((value_pk, report_pk, indicator, f"{committed * share:.3f}"))
                    value_pk += 1
                for old, new, moment in _report_steps(r, period_end, status, history_rng):
                    changes.append((change_pk, moment, r.ctx.data.manager_id, PROGRESS_WORKFLOW,
                                    content_type, report_pk, old, new, ""))  # fmt: skip
                    change_pk += 1
                report_pk += 1

    n_reports = copy_rows(
        ProgressReport, ("id", "intention_id", "period_end", "narrative", "status"), reports()
    )
    n_values = copy_rows(ProgressValue, ("id", "report_id", "indicator_id", "achieved"), values)
    names = (
        "id", "created_at", "actor_id", "workflow", "content_type_id", "object_id",
        "old_status", "new_status", "reason",
    )  # fmt: skip
    n_changes = copy_rows(StatusChange, names, iter(changes))
    return n_reports, n_values, n_changes


def _payments(r: IntentionRow) -> Iterator[tuple[str, date, int]]:
    """Forecast monthly or every two months, paid monthly so far, certified quarterly."""
    planned = list(_months(r.start, r.end, 1 + r.pk % 2)) or [r.end]
    remaining = r.eu
    for i, day in enumerate(planned):
        amount = remaining if i == len(planned) - 1 else r.eu // len(planned)
        remaining -= amount
        yield "forecast", day, amount
    if r.status not in IMPLEMENTING:
        return
    paid_until = min(r.end, ANCHOR)
    months = list(_months(r.start + timedelta(days=45), paid_until, 1)) or [paid_until]
    to_pay = round(r.eu * _progress_fraction(r))
    paid = certified = 0
    for i, day in enumerate(months):
        amount = to_pay - paid if i == len(months) - 1 else to_pay // len(months)
        paid += amount
        yield "paid", day, amount
        target = round(paid * 0.8)
        if (i % 3 == 2 or i == len(months) - 1) and target > certified:
            yield "certified", min(day + timedelta(days=20), ANCHOR), target - certified
            certified = target


def _copy_payments(rows: list[IntentionRow]) -> tuple[int, dict[int, tuple[int, int]]]:
    pk = _next_id(Payment)
    totals: dict[int, tuple[int, int]] = {}

    def produce() -> Iterator[tuple[Any, ...]]:
        nonlocal pk
        for r in rows:
            if r.status not in FUNDED:
                continue
            paid = certified = 0
            for kind, day, amount in _payments(r):
                if kind == "certified":
                    certified += amount
                elif kind == "paid":
                    paid += amount
                yield (pk, r.pk, kind, day, money(amount))
                pk += 1
            totals[r.pk] = (paid, certified)

    count = copy_rows(Payment, ("id", "intention_id", "kind", "on", "amount"), produce())
    return count, totals


def _copy_operations(
    contexts: list[AggContext], rows: list[IntentionRow], paid: dict[int, tuple[int, int]]
) -> tuple[int, int]:
    """The managing authority's view of registered intentions, as if imported once."""
    jobs: dict[int, int] = {}
    for ctx in contexts:
        source = OperationSource.objects.create(
            agglomeration_id=ctx.data.pk, name="Seznam operací (bench)", layout=SourceLayout.CZ_2014
        )
        job = ImportJob.objects.create(
            agglomeration_id=ctx.data.pk,
            source=source,
            file_name="bench-seed.csv",
            as_of=ANCHOR,
            status=ImportStatus.SUCCEEDED,
            created_by_id=ctx.data.manager_id,
            finished_at=NOW,
        )
        jobs[ctx.data.pk] = job.pk
    operation_pk = _next_id(Operation)
    snapshots: list[tuple[Any, ...]] = []
    snapshot_pk = _next_id(OperationSnapshot)

    def produce() -> Iterator[tuple[Any, ...]]:
        nonlocal operation_pk, snapshot_pk
        for r in rows:
            if not r.registration_number:
                continue
            ctx = r.ctx
            code, cs_name, pl_name = MA_STATES[r.status]
            paid_cents, certified_cents = paid.get(r.pk, (0, 0))
            contracted = r.entered(S.LEGAL_ACT).date() if r.status in FUNDED else None
            job = jobs[ctx.data.pk]
            yield (
                operation_pk, ctx.data.pk, r.registration_number, r.pk, r.name, r.applicant[1],
                r.applicant[2] if ctx.spec.country == "CZ" else "",
                "06" if ctx.spec.country == "CZ" else ctx.programme_code,
                r.call.number, code, cs_name if ctx.data.language == "cs" else pl_name,
                ctx.data.currency, money(r.eligible), money(r.eu), money(paid_cents),
                money(certified_cents), contracted, r.start, r.end, ctx.spec.nuts3,
            )  # fmt: skip
            filed = r.entered(S.APPLICATION_FILED).date()
            snapshots.append((snapshot_pk, operation_pk, job, filed, "PP21", money(r.eligible),
                              money(r.eu), "0.00", "0.00"))  # fmt: skip
            snapshot_pk += 1
            if code != "PP21":
                snapshots.append((snapshot_pk, operation_pk, job, ANCHOR, code,
                                  money(r.eligible), money(r.eu), money(paid_cents),
                                  money(certified_cents)))  # fmt: skip
                snapshot_pk += 1
            operation_pk += 1

    names = (
        "id", "agglomeration_id", "registration_number", "intention_id", "name", "beneficiary",
        "beneficiary_id", "programme_code", "call_number", "state_code", "state_name",
        "currency", "eligible_cost", "eu_contribution", "paid_eu", "certified_eu", "contracted_on",
        "start_date", "end_date", "nuts3",
    )  # fmt: skip
    n_operations = copy_rows(Operation, names, produce())
    snapshot_names = (
        "id", "operation_id", "job_id", "as_of", "state_code", "eligible_cost",
        "eu_contribution", "paid_eu", "certified_eu",
    )  # fmt: skip
    n_snapshots = copy_rows(OperationSnapshot, snapshot_names, snapshots)
    return n_operations, n_snapshots


def _plan(contexts: list[AggContext], rows: list[IntentionRow], rng: random.Random) -> int:
    """Plan lines and measure indicators, sized to the pipeline so the dashboards make sense."""
    committed: dict[tuple[int, str, int], int] = defaultdict(int)
    for r in rows:
        if r.status in STATEMENT:
            for indicator, value in r.indicators[:3]:
                committed[(r.ctx.data.pk, r.call.measure.code, indicator)] += value
    lines: list[FinancialPlanLine] = []
    targets: list[MeasureIndicator] = []
    for ctx in contexts:
        objective = {c.measure.code: c.objective_id for v in ctx.calls_by_year.values() for c in v}
        per_measure = ctx.budget_cents // len(MEASURES)
        for measure in MEASURES:
            eu = round(per_measure * rng.uniform(0.8, 1.2) / 100)
            version_id, measure_id = ctx.version_id, ctx.measure_ids[measure.code]
            for source, amount in (("eu", eu), ("national", eu * 5 // 85), ("own", eu * 10 // 85)):
                lines.append(
                    FinancialPlanLine(
                        version_id=version_id,
                        measure_id=measure_id,
                        specific_objective_id=objective[measure.code],
                        source=source,
                        amount=amount,
                    )
                )
            for indicator in ctx.indicator_ids[measure.code]:
                expected = committed[(ctx.data.pk, measure.code, indicator)] or 10
                targets.append(
                    MeasureIndicator(
                        version_id=version_id,
                        measure_id=measure_id,
                        indicator_id=indicator,
                        baseline=0,
                        milestone_2024=math.ceil(expected * 0.3),
                        target_2029=math.ceil(expected * rng.uniform(1.0, 1.3)),
                    )
                )
    FinancialPlanLine.objects.bulk_create(lines, batch_size=5000)
    MeasureIndicator.objects.bulk_create(targets, batch_size=5000)
    return len(lines)


def generate(scale: float, *, seed: int = 4, log: Log = print) -> Dataset:
    """Fill the (empty, migrated) database; returns what the measurements need."""
    started = perf_counter()
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    counts: dict[str, int] = {}

    def step(what: str, since: float) -> float:
        now = perf_counter()
        log(f"  {what:<44} {now - since:7.1f} s")
        return now

    mark = perf_counter()
    contexts = _build_agglomerations(counts, rng, scale)
    mark = step("agglomerations, strategies, calls (ORM)", mark)
    rows = _intentions(contexts, rng)
    counts["plan lines"] = _plan(contexts, rows, rng)
    mark = step("intentions in memory, plan lines", mark)
    counts["intentions"] = _copy_intentions(rows)
    counts["status changes"] = _copy_status_changes(rows)
    counts["compliance statements"] = _copy_statements(rows)
    mark = step("intentions, status history, statements (COPY)", mark)
    counts["intention indicators"] = _copy_intention_indicators(rows)
    (
        counts["progress reports"],
        counts["progress values"],
        counts["report status changes"],
    ) = _copy_progress(rows, rng)
    mark = step("indicator values (COPY)", mark)
    counts["payments"], paid = _copy_payments(rows)
    mark = step("payments (COPY)", mark)
    counts["operations"], counts["operation snapshots"] = _copy_operations(contexts, rows, paid)
    mark = step("operations and snapshots (COPY)", mark)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    mark = step("ANALYZE", mark)
    # What `manage.py rebuild_strategy_summary` does: the monitoring summary of every strategy
    summary = rebuild_summaries(Strategy.objects.order_by("pk"))
    counts["summary spans"] = summary.spans
    counts["achieved value spans"] = summary.achieved_spans
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {IntentionStageSpan._meta.db_table}")
        cursor.execute(f"ANALYZE {IndicatorAchievedSpan._meta.db_table}")
    step("monitoring summaries (rebuild_strategy_summary)", mark)
    return Dataset(
        scale=scale,
        agglomerations=[c.data for c in contexts],
        counts=counts,
        seconds=perf_counter() - started,
    )


# ---- the list of operations to import (Czech 2014-2020 layout) ------------------------------

CZ_2014_HEADER = (
    "Registrační číslo projektu", "Název projektu CZ", "Žadatel", "Kód stavu", "Název stavu",
    "Číslo výzvy", "Název výzvy", "Operační program", "CZV projektu", "Příspěvek EU",
)  # fmt: skip
# Two-digit programme codes of 2014-2020 with realistic weights (the real August 2016 list).
OPERATIONAL_PROGRAMMES = (("03", 55), ("01", 14), ("06", 12), ("02", 10), ("08", 4),
                          ("05", 2), ("11", 2), ("30", 1))  # fmt: skip
IMPORT_STATES = (
    ("PP30", "Projekt s\xa0právním aktem o poskytnutí / převodu podpory", 30),
    ("PP36", "Projekt ve fyzické realizaci", 60),
    ("PP37", "Projekt v\xa0plné (fyzické i finanční) realizaci", 10),
)
CALL_TOPICS = (
    "Podpora sociálního začleňování", "Infrastruktura pro předškolní vzdělávání",
    "Udržitelná doprava", "Záruky pro mladé", "Podpora zaměstnanosti", "Ochrana ovzduší",
    "Energetické úspory veřejných budov", "Revitalizace památek", "Inovace v podnicích",
)  # fmt: skip
TOWNS_CZ = (
    "Praha", "Brno", "Ostrava", "Plzeň", "Liberec", "Olomouc", "Ústí nad Labem", "Zlín",
    "Hradec Králové", "Pardubice", "České Budějovice", "Jihlava", "Karlovy Vary", "Kladno",
    "Opava", "Frýdek-Místek", "Havířov", "Most", "Teplice", "Děčín", "Chomutov", "Přerov",
    "Prostějov", "Mladá Boleslav", "Třebíč", "Tábor", "Znojmo", "Kolín", "Příbram", "Cheb",
)  # fmt: skip


def operation_rows(count: int, matching: Sequence[str], seed: int = 14) -> Iterator[list[str]]:
    """`count` rows of the 2014-2020 list; the first rows carry `matching` numbers."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    programmes = [p for p, _w in OPERATIONAL_PROGRAMMES]
    programme_weights = [w for _p, w in OPERATIONAL_PROGRAMMES]
    state_weights = [w for *_s, w in IMPORT_STATES]
    all_objects = [o for m in MEASURES for o in m.objects_cs]
    for i in range(count):
        programme = rng.choices(programmes, programme_weights)[0]
        year = rng.choice((15, 16, 17, 18, 19, 20))
        call = rng.randrange(1, 140)
        if i < len(matching):
            number = matching[i]
        else:
            number = (
                f"CZ.{programme}.{rng.randrange(1, 5)}.{rng.randrange(10, 120)}/0.0/0.0/"
                f"{year}_{call:03d}/{i:07d}"
            )
        state = rng.choices(IMPORT_STATES, state_weights)[0]
        town = rng.choice(TOWNS_CZ)
        name = f"{rng.choice(ACTIONS['CZ'])} {rng.choice(all_objects)} – {town}"
        applicant = rng.choice(
            (f"Město {town}", f"Statutární město {town}", f"Obec {rng.choice(VILLAGES['CZ'])}",
             f"Základní škola {town}, příspěvková organizace", f"{town} Invest, s.r.o.",
             "Úřad práce České republiky", f"Charita {town}", f"Nemocnice {town}, a.s.")
        )  # fmt: skip
        eligible = round(rng.lognormvariate(15.5, 1.1) * 100)  # cents, median ~5 million CZK
        eligible_text = str(eligible // 100) if rng.random() < 0.6 else money(eligible)
        eu = round(eligible * 0.85)
        eu_text = money(eu).rstrip("0").rstrip(".")
        yield [
            number, name, applicant, state[0], state[1], f"{programme}_{year}_{call:03d}",
            f"{rng.choice(CALL_TOPICS)} ({call}. výzva)", programme, eligible_text, eu_text,
        ]  # fmt: skip


def write_operations_files(
    directory: Path, count: int, matching: Sequence[str]
) -> tuple[Path, Path]:
    """The same list as UTF-8 CSV and as XLSX (sheet `Export`, amounts as numbers)."""
    from openpyxl import Workbook

    csv_path = directory / "seznam-operaci-2014-2020.csv"
    xlsx_path = directory / "seznam-operaci-2014-2020.xlsx"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Export")
    sheet.append(list(CZ_2014_HEADER))
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CZ_2014_HEADER)
        for row in operation_rows(count, matching):
            writer.writerow(row)
            sheet.append([*row[:8], float(row[8]), float(row[9])])
    workbook.save(xlsx_path)
    return csv_path, xlsx_path
