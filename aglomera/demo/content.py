"""The demo content as plain data: agglomerations, people, programmes, strategies, rates.

Provenance of every fact is in DATA_SOURCES.md at the repository root. Values marked there as
INVENTED or approximate are demo data, not facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import OrganisationKind
from aglomera.strategy.models import Fund, IndicatorKind, Period


def t(cs: str, pl: str, en: str) -> dict[str, str]:
    """A text in the three languages of the product."""
    return {"cs": cs, "pl": pl, "en": en}


# ---- agglomerations -------------------------------------------------------------------------


@dataclass(frozen=True)
class AgglomerationSpec:
    slug: str
    name: dict[str, str]
    country: str
    currency: str
    time_zone: str
    office_name: dict[str, str]
    office_address: str
    website: str
    language: str
    territory_file: str


OLOMOUC = AgglomerationSpec(
    slug="olomouc",
    name=t("Olomoucká aglomerace", "Aglomeracja ołomuniecka", "Olomouc agglomeration"),
    country="CZ",
    currency="CZK",
    time_zone="Europe/Prague",
    office_name=t(
        "Statutární město Olomouc", "Miasto statutarne Ołomuniec", "Statutory City of Olomouc"
    ),
    office_address="Horní náměstí 583, 779 11 Olomouc",
    website="https://olomoucka-aglomerace.eu",
    language="cs",
    territory_file="olomouc/municipalities.csv",
)
OPOLE = AgglomerationSpec(
    slug="opole",
    name=t("Opolská aglomerace", "Aglomeracja Opolska", "Opole agglomeration"),
    country="PL",
    currency="PLN",
    time_zone="Europe/Warsaw",
    office_name=t(
        "Sdružení Opolská aglomerace",
        "Stowarzyszenie Aglomeracja Opolska",
        "Opole Agglomeration Association",
    ),
    office_address="ul. Firmowa 1, 45-594 Opole",
    website="https://aglomeracja-opolska.pl",
    language="pl",
    territory_file="opole/members.csv",
)
AGGLOMERATIONS = (OLOMOUC, OPOLE)


# ---- organisations --------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str
    ico: str = ""
    regon: str = ""
    nip: str = ""
    address: str = ""


ORGANISATIONS: dict[str, tuple[OrganisationSpec, ...]] = {
    "olomouc": (
        OrganisationSpec(
            "olomouc",
            "Statutární město Olomouc",
            OrganisationKind.MUNICIPALITY,
            ico="00299308",
            address="Horní náměstí 583, 779 00 Olomouc",
        ),
        OrganisationSpec(
            "prerov",
            "Statutární město Přerov",
            OrganisationKind.MUNICIPALITY,
            ico="00301825",
            address="Bratrská 709/34, 750 02 Přerov",
        ),
        OrganisationSpec(
            "prostejov",
            "Statutární město Prostějov",
            OrganisationKind.MUNICIPALITY,
            ico="00288659",
            address="nám. T. G. Masaryka 130/14, 796 01 Prostějov",
        ),
        OrganisationSpec(
            "kraj",
            "Olomoucký kraj",
            OrganisationKind.REGION,
            ico="60609460",
            address="Jeremenkova 1191/40a, 779 00 Olomouc",
        ),
        OrganisationSpec(
            "upol",
            "Univerzita Palackého v Olomouci",
            OrganisationKind.UNIVERSITY,
            ico="61989592",
            address="Křížkovského 511/8, 779 00 Olomouc",
        ),
        OrganisationSpec(
            "dpmo",
            "Dopravní podnik města Olomouce, a.s.",
            OrganisationKind.TRANSPORT,
            ico="47676639",
            address="Koželužská 563/1, 779 00 Olomouc",
        ),
        OrganisationSpec(
            "fnol",
            "Fakultní nemocnice Olomouc",
            OrganisationKind.STATE,
            ico="00098892",
            address="I. P. Pavlova 185/6, 779 00 Olomouc",
        ),
    ),
    "opole": (
        OrganisationSpec(
            "opole",
            "Miasto Opole",
            OrganisationKind.MUNICIPALITY,
            regon="531413001",
            nip="7549000026",
            address="Rynek-Ratusz, 45-015 Opole",
        ),
        OrganisationSpec(
            "po",
            "Politechnika Opolska",
            OrganisationKind.UNIVERSITY,
            nip="7540008109",
            address="ul. Prószkowska 76, 45-758 Opole",
        ),
        OrganisationSpec(
            "krapkowice",
            "Gmina Krapkowice",
            OrganisationKind.MUNICIPALITY,
            regon="531413018",
            nip="7549000032",
            address="ul. 3 Maja 17, 47-303 Krapkowice",
        ),
    ),
}


# ---- people ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSpec:
    role: Role
    first_name: str
    last_name: str
    language: str
    organisation: str = ""  # key into ORGANISATIONS of the same agglomeration


PEOPLE: dict[str, tuple[PersonSpec, ...]] = {
    "olomouc": (
        PersonSpec(Role.MANAGER, "Jana", "Dvořáková", "cs", "olomouc"),
        PersonSpec(Role.COORDINATOR, "Petr", "Novotný", "cs", "olomouc"),
        PersonSpec(Role.WORKING_GROUP, "Lucie", "Horáková", "cs", "kraj"),
        PersonSpec(Role.COMMITTEE, "Martin", "Procházka", "cs", "prostejov"),
        PersonSpec(Role.APPLICANT, "Tomáš", "Kučera", "cs", "prerov"),
        # staff of the partner agglomeration (Opole) reading Olomouc's shared content
        PersonSpec(Role.PARTNER, "Katarzyna", "Nowak", "pl"),
        PersonSpec(Role.AUDITOR, "Eva", "Marešová", "cs"),
    ),
    "opole": (
        PersonSpec(Role.MANAGER, "Anna", "Kowalska", "pl"),
        PersonSpec(Role.COORDINATOR, "Piotr", "Wiśniewski", "pl"),
        PersonSpec(Role.WORKING_GROUP, "Magdalena", "Wójcik", "pl", "krapkowice"),
        PersonSpec(Role.COMMITTEE, "Tomasz", "Kamiński", "pl", "opole"),
        PersonSpec(Role.APPLICANT, "Agnieszka", "Lewandowska", "pl", "po"),
        # staff of the partner agglomeration (Olomouc) reading Opole's shared content
        PersonSpec(Role.PARTNER, "Ondřej", "Svoboda", "cs"),
        PersonSpec(Role.AUDITOR, "Krzysztof", "Zieliński", "pl"),
    ),
}


# ---- programmes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveSpec:
    code: str
    fund: str
    name: dict[str, str]


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    period: str
    country: str
    currency: str
    name: dict[str, str]
    managing_authority: dict[str, str]
    objectives: tuple[ObjectiveSpec, ...]
    cci: str = ""


MMR = t(
    "Ministerstvo pro místní rozvoj",
    "Ministerstwo Rozwoju Regionalnego RCz",
    "Ministry of Regional Development",
)
MD = t("Ministerstvo dopravy", "Ministerstwo Transportu RCz", "Ministry of Transport")
MSMT = t(
    "Ministerstvo školství, mládeže a tělovýchovy",
    "Ministerstwo Szkolnictwa, Młodzieży i Wychowania Fizycznego RCz",
    "Ministry of Education, Youth and Sports",
)
MPO = t(
    "Ministerstvo průmyslu a obchodu",
    "Ministerstwo Przemysłu i Handlu RCz",
    "Ministry of Industry and Trade",
)
MZP = t(
    "Ministerstvo životního prostředí", "Ministerstwo Środowiska RCz", "Ministry of the Environment"
)
MPSV = t(
    "Ministerstvo práce a sociálních věcí",
    "Ministerstwo Pracy i Spraw Socjalnych RCz",
    "Ministry of Labour and Social Affairs",
)

RSO_1_1 = t(
    "Rozvoj a posilování výzkumných a inovačních kapacit a zavádění pokročilých technologií",
    "Rozwijanie i wzmacnianie zdolności badawczych i innowacyjnych oraz wykorzystywanie "
    "zaawansowanych technologii",
    "Developing and enhancing research and innovation capacities and the uptake of advanced "
    "technologies",
)
RSO_2_8 = t(
    "Podpora udržitelné multimodální městské mobility",
    "Wspieranie zrównoważonej multimodalnej mobilności miejskiej",
    "Promoting sustainable multimodal urban mobility",
)

P21 = Period.P2021
P14 = Period.P2014

PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(
        "IROP",
        P21,
        "CZ",
        "CZK",
        t(
            "Integrovaný regionální operační program 2021–2027",
            "Zintegrowany Regionalny Program Operacyjny 2021–2027",
            "Integrated Regional Operational Programme 2021–2027",
        ),
        MMR,
        (
            ObjectiveSpec("RSO 2.8", Fund.ERDF, RSO_2_8),
            ObjectiveSpec(
                "RSO 4.2",
                Fund.ERDF,
                t(
                    "Zlepšování rovného přístupu ke kvalitnímu vzdělávání rozvojem dostupné "
                    "infrastruktury",
                    "Poprawa równego dostępu do wysokiej jakości edukacji poprzez rozwój dostępnej "
                    "infrastruktury",
                    "Improving equal access to quality education through accessible infrastructure",
                ),
            ),
            ObjectiveSpec(
                "RSO 4.3",
                Fund.ERDF,
                t(
                    "Socioekonomické začleňování znevýhodněných skupin včetně bydlení a sociálních "
                    "služeb",
                    "Włączenie społeczno-gospodarcze grup w niekorzystnej sytuacji, w tym usługi "
                    "mieszkaniowe i społeczne",
                    "Socioeconomic inclusion of disadvantaged groups, including housing and social "
                    "services",
                ),
            ),
            ObjectiveSpec(
                "RSO 4.5",
                Fund.ERDF,
                t(
                    "Zajištění rovného přístupu ke zdravotní péči",
                    "Zapewnienie równego dostępu do opieki zdrowotnej",
                    "Ensuring equal access to health care",
                ),
            ),
            ObjectiveSpec(
                "RSO 4.6",
                Fund.ERDF,
                t(
                    "Posílení úlohy kultury a udržitelného cestovního ruchu",
                    "Wzmacnianie roli kultury i zrównoważonej turystyki",
                    "Enhancing the role of culture and sustainable tourism",
                ),
            ),
            ObjectiveSpec(
                "RSO 5.1",
                Fund.ERDF,
                t(
                    "Integrovaný a inkluzivní rozvoj v městských oblastech",
                    "Zintegrowany i sprzyjający włączeniu społecznemu rozwój obszarów miejskich",
                    "Integrated and inclusive development in urban areas",
                ),
            ),
        ),
    ),
    ProgrammeSpec(
        "OPD",
        P21,
        "CZ",
        "CZK",
        t(
            "Operační program Doprava 2021–2027",
            "Program Operacyjny Transport 2021–2027",
            "Operational Programme Transport 2021–2027",
        ),
        MD,
        (ObjectiveSpec("RSO 2.8", Fund.CF, RSO_2_8),),
    ),
    ProgrammeSpec(
        "OP JAK",
        P21,
        "CZ",
        "CZK",
        t(
            "Operační program Jan Amos Komenský",
            "Program Operacyjny Jan Amos Komeński",
            "Operational Programme Johannes Amos Comenius",
        ),
        MSMT,
        (ObjectiveSpec("RSO 1.1", Fund.ERDF, RSO_1_1),),
    ),
    ProgrammeSpec(
        "OP TAK",
        P21,
        "CZ",
        "CZK",
        t(
            "Operační program Technologie a aplikace pro konkurenceschopnost",
            "Program Operacyjny Technologie i Zastosowania dla Konkurencyjności",
            "Operational Programme Technologies and Applications for Competitiveness",
        ),
        MPO,
        (
            ObjectiveSpec("RSO 1.1", Fund.ERDF, RSO_1_1),
            ObjectiveSpec(
                "RSO 1.2",
                Fund.ERDF,
                t(
                    "Využívání přínosů digitalizace pro občany, podniky a veřejné orgány",
                    "Czerpanie korzyści z cyfryzacji dla obywateli, przedsiębiorstw i instytucji "
                    "publicznych",
                    "Reaping the benefits of digitisation for citizens, companies and public "
                    "authorities",
                ),
            ),
        ),
    ),
    ProgrammeSpec(
        "OPŽP",
        P21,
        "CZ",
        "CZK",
        t(
            "Operační program Životní prostředí 2021–2027",
            "Program Operacyjny Środowisko 2021–2027",
            "Operational Programme Environment 2021–2027",
        ),
        MZP,
        (
            ObjectiveSpec(
                "RSO 2.4",
                Fund.ERDF,
                t(
                    "Podpora přizpůsobení se změně klimatu a prevence rizika katastrof",
                    "Wspieranie przystosowania się do zmian klimatu i zapobiegania ryzyku klęsk",
                    "Promoting climate change adaptation and disaster risk prevention",
                ),
            ),
            ObjectiveSpec(
                "RSO 2.7",
                Fund.ERDF,
                t(
                    "Ochrana přírody, biologické rozmanitosti a zelené infrastruktury",
                    "Ochrona przyrody, różnorodności biologicznej i zielonej infrastruktury",
                    "Protecting nature, biodiversity and green infrastructure",
                ),
            ),
        ),
    ),
    ProgrammeSpec(
        "OPZ+",
        P21,
        "CZ",
        "CZK",
        t(
            "Operační program Zaměstnanost plus",
            "Program Operacyjny Zatrudnienie Plus",
            "Operational Programme Employment Plus",
        ),
        MPSV,
        (
            ObjectiveSpec(
                "ESO 4.1",
                Fund.ESF_PLUS,
                t(
                    "Zlepšování přístupu k zaměstnání pro všechny uchazeče o zaměstnání",
                    "Poprawa dostępu do zatrudnienia dla wszystkich osób poszukujących pracy",
                    "Improving access to employment for all jobseekers",
                ),
            ),
            ObjectiveSpec(
                "ESO 4.11",
                Fund.ESF_PLUS,
                t(
                    "Rovný a včasný přístup ke kvalitním a dostupným službám",
                    "Równy i szybki dostęp do dobrej jakości i przystępnych cenowo usług",
                    "Equal and timely access to quality and affordable services",
                ),
            ),
        ),
    ),
    # ---- 2014-2020 (CCI numbers from the cohesiondata planned-finances file)
    ProgrammeSpec(
        "IROP",
        P14,
        "CZ",
        "CZK",
        t(
            "Integrovaný regionální operační program 2014–2020",
            "Zintegrowany Regionalny Program Operacyjny 2014–2020",
            "Integrated Regional Operational Programme 2014–2020",
        ),
        MMR,
        (
            ObjectiveSpec(
                "SC 1.1",
                Fund.ERDF,
                t(
                    "Zvýšení regionální mobility modernizací regionální silniční infrastruktury",
                    "Zwiększenie mobilności regionalnej poprzez modernizację dróg regionalnych",
                    "Regional mobility through modernised regional roads",
                ),
            ),
            ObjectiveSpec(
                "SC 1.2",
                Fund.ERDF,
                t(
                    "Zvýšení podílu udržitelných forem dopravy",
                    "Zwiększenie udziału zrównoważonych form transportu",
                    "Increasing the share of sustainable transport modes",
                ),
            ),
            ObjectiveSpec(
                "SC 2.4",
                Fund.ERDF,
                t(
                    "Zvýšení kvality a dostupnosti infrastruktury pro vzdělávání "
                    "a celoživotní učení",
                    "Poprawa jakości i dostępności infrastruktury edukacji "
                    "i uczenia się przez całe "
                    "życie",
                    "Quality and accessible infrastructure for education and lifelong learning",
                ),
            ),
            ObjectiveSpec(
                "SC 3.1",
                Fund.ERDF,
                t(
                    "Zefektivnění prezentace, posílení ochrany a rozvoje kulturního dědictví",
                    "Skuteczniejsza prezentacja, ochrona i rozwój dziedzictwa kulturowego",
                    "Presenting, protecting and developing cultural heritage",
                ),
            ),
        ),
        cci="2014CZ16RFOP002",
    ),
    ProgrammeSpec(
        "OPD",
        P14,
        "CZ",
        "CZK",
        t(
            "Operační program Doprava 2014–2020",
            "Program Operacyjny Transport 2014–2020",
            "Operational Programme Transport 2014–2020",
        ),
        MD,
        (
            ObjectiveSpec(
                "SC 1.4",
                Fund.CF,
                t(
                    "Zvýšení využití městské drážní dopravy a inteligentních dopravních systémů",
                    "Zwiększenie wykorzystania miejskiego transportu szynowego "
                    "i inteligentnych systemów "
                    "transportowych",
                    "More use of urban rail transport and intelligent transport systems",
                ),
            ),
        ),
        cci="2014CZ16M1OP001",
    ),
    ProgrammeSpec(
        "OP VVV",
        P14,
        "CZ",
        "CZK",
        t(
            "Operační program Výzkum, vývoj a vzdělávání",
            "Program Operacyjny Badania, Rozwój i Edukacja",
            "Operational Programme Research, Development and Education",
        ),
        MSMT,
        (
            ObjectiveSpec(
                "SC 1.1",
                Fund.ERDF,
                t(
                    "Posílení kapacit pro kvalitní výzkum",
                    "Wzmocnienie zdolności do prowadzenia badań wysokiej jakości",
                    "Strengthening capacities for quality research",
                ),
            ),
        ),
        cci="2014CZ05M2OP001",
    ),
    ProgrammeSpec(
        "OP PIK",
        P14,
        "CZ",
        "CZK",
        t(
            "Operační program Podnikání a inovace pro konkurenceschopnost",
            "Program Operacyjny Przedsiębiorczość i Innowacje dla Konkurencyjności",
            "Operational Programme Enterprise and Innovation for Competitiveness",
        ),
        MPO,
        (
            ObjectiveSpec(
                "SC 1.2",
                Fund.ERDF,
                t(
                    "Zvýšit intenzitu a účinnost spolupráce ve výzkumu, vývoji a inovacích",
                    "Zwiększenie intensywności i skuteczności współpracy w badaniach, rozwoju "
                    "i innowacjach",
                    "More intensive and effective cooperation in research, development "
                    "and innovation",
                ),
            ),
        ),
        cci="2014CZ16RFOP001",
    ),
    ProgrammeSpec(
        "OPŽP",
        P14,
        "CZ",
        "CZK",
        t(
            "Operační program Životní prostředí 2014–2020",
            "Program Operacyjny Środowisko 2014–2020",
            "Operational Programme Environment 2014–2020",
        ),
        MZP,
        (
            ObjectiveSpec(
                "SC 3.2",
                Fund.CF,
                t(
                    "Zvýšit podíl materiálového a energetického využití odpadů",
                    "Zwiększenie udziału materiałowego i energetycznego wykorzystania odpadów",
                    "Increasing material and energy recovery of waste",
                ),
            ),
        ),
        cci="2014CZ16M1OP002",
    ),
    ProgrammeSpec(
        "OPZ",
        P14,
        "CZ",
        "CZK",
        t(
            "Operační program Zaměstnanost",
            "Program Operacyjny Zatrudnienie",
            "Operational Programme Employment",
        ),
        MPSV,
        # 2014-2020 money came from the ESF; the code list of funds only has ESF+.
        (
            ObjectiveSpec(
                "SC 2.1.1",
                Fund.ESF_PLUS,
                t(
                    "Zvýšit uplatnitelnost osob ohrožených sociálním vyloučením na trhu práce",
                    "Zwiększenie szans na rynku pracy osób zagrożonych wykluczeniem społecznym",
                    "Employability of people at risk of social exclusion",
                ),
            ),
        ),
        cci="2014CZ05M9OP001",
    ),
    # ---- Poland 2021-2027
    ProgrammeSpec(
        "FEO 2021-2027",
        P21,
        "PL",
        "PLN",
        t(
            "Evropské fondy pro Opolské vojvodství 2021–2027",
            "Fundusze Europejskie dla Opolskiego 2021–2027",
            "European Funds for Opolskie 2021–2027",
        ),
        t(
            "Správa Opolského vojvodství",
            "Zarząd Województwa Opolskiego",
            "Board of the Opolskie Voivodeship",
        ),
        (
            ObjectiveSpec(
                "Działanie 2.1",
                Fund.ERDF,
                t("Energetická účinnost", "Efektywność energetyczna", "Energy efficiency"),
            ),
            ObjectiveSpec(
                "Działanie 2.5",
                Fund.ERDF,
                t(
                    "Přizpůsobení se změně klimatu",
                    "Adaptacja do zmian klimatu",
                    "Climate change adaptation",
                ),
            ),
            ObjectiveSpec(
                "Działanie 2.8",
                Fund.ERDF,
                t(
                    "Udržitelná městská mobilita",
                    "Zrównoważona mobilność miejska",
                    "Sustainable urban mobility",
                ),
            ),
            ObjectiveSpec(
                "Działanie 5.1",
                Fund.ERDF,
                t(
                    "Vzdělávací infrastruktura",
                    "Infrastruktura edukacyjna",
                    "Education infrastructure",
                ),
            ),
            ObjectiveSpec(
                "Działanie 5.3",
                Fund.ERDF,
                t("Kultura a cestovní ruch", "Kultura i turystyka", "Culture and tourism"),
            ),
            ObjectiveSpec(
                "Działanie 6.1",
                Fund.ERDF,
                t(
                    "Integrovaný rozvoj městských oblastí (ZIT)",
                    "Zintegrowany rozwój obszarów miejskich (ZIT)",
                    "Integrated development of urban areas (ITI)",
                ),
            ),
            ObjectiveSpec(
                "Działanie 7.3",
                Fund.ESF_PLUS,
                t("Odborné vzdělávání", "Kształcenie zawodowe", "Vocational education"),
            ),
            ObjectiveSpec(
                "Działanie 7.6",
                Fund.ESF_PLUS,
                t(
                    "Sociální a zdravotní služby",
                    "Usługi społeczne i zdrowotne",
                    "Social and health services",
                ),
            ),
        ),
    ),
)

# Co-financing: national (state budget) and own shares as a fraction of the EU amount, per
# programme. E.g. IROP 85 % EU / 5 % state / 10 % own -> national = EU x 5/85.
COFINANCING: dict[str, tuple[Decimal, Decimal]] = {
    "IROP": (Decimal(5) / 85, Decimal(10) / 85),
    "OPD": (Decimal(0), Decimal(15) / 85),
    "OP JAK": (Decimal(15) / 85, Decimal(0)),
    "OP VVV": (Decimal(15) / 85, Decimal(0)),
    "OP TAK": (Decimal(0), Decimal(1)),
    "OP PIK": (Decimal(0), Decimal(1)),
    "OPŽP": (Decimal(0), Decimal(15) / 85),
    "OPZ+": (Decimal(10) / 85, Decimal(5) / 85),
    "OPZ": (Decimal(10) / 85, Decimal(5) / 85),
    "FEO 2021-2027": (Decimal(0), Decimal(15) / 85),
}


# ---- strategies -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    baseline: str
    milestone: str | None
    target: str


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    name: dict[str, str]
    # (programme code, objective code, EU amount in the programme currency)
    money: tuple[tuple[str, str, str], ...] = ()
    indicators: tuple[IndicatorSpec, ...] = ()


@dataclass(frozen=True)
class SpecificGoalSpec:
    code: str
    name: dict[str, str]
    measures: tuple[MeasureSpec, ...]


@dataclass(frozen=True)
class GoalSpec:
    code: str
    name: dict[str, str]
    specific_goals: tuple[SpecificGoalSpec, ...]


@dataclass(frozen=True)
class SolutionSpec:
    code: str
    name: dict[str, str]
    description: dict[str, str]
    measures: tuple[str, ...]


@dataclass(frozen=True)
class StrategySpec:
    agglomeration: str
    period: str
    name: dict[str, str]
    goals: tuple[GoalSpec, ...]
    approved_on: date
    approved_by: str
    reference: str
    consultation: bool = False
    solutions: tuple[SolutionSpec, ...] = field(default_factory=tuple)


def ind(code: str, baseline: str, milestone: str | None, target: str) -> IndicatorSpec:
    return IndicatorSpec(code, baseline, milestone, target)


def m(
    code: str,
    name: dict[str, str],
    money: tuple[tuple[str, str, str], ...] = (),
    indicators: tuple[IndicatorSpec, ...] = (),
) -> MeasureSpec:
    return MeasureSpec(code, name, money, indicators)


# National codebook entries (CZ NČI 21+ style). INVENTED demo codes, not from the codebook.
NATIONAL_CODES: tuple[dict[str, object], ...] = (
    {
        "code": "500 901",
        "kind": IndicatorKind.OUTPUT,
        "name": t(
            "Počet podpořených strategických projektů ITI",
            "Liczba wspartych projektów strategicznych ZIT",
            "Strategic ITI projects supported",
        ),
        "unit": t("projekty", "projekty", "projects"),
        "note": "INVENTED demo code in the style of the CZ NČI 21+ codebook (6 digits).",
    },
    {
        "code": "600 901",
        "kind": IndicatorKind.OUTPUT,
        "name": t(
            "Účastníci podpořených aktivit zaměstnanosti v území ITI",
            "Uczestnicy wspartych działań na rzecz zatrudnienia na obszarze ZIT",
            "Participants in supported employment activities in the ITI area",
        ),
        "unit": t("osoby", "osoby", "persons"),
        "note": "INVENTED demo code in the style of the CZ NČI 21+ codebook (6 digits).",
    },
)

# Olomouc 2014-2020. Codes 1.1.1, 1.1.2, 1.1.4 (IROP SC 2.4, change No. 7) and 3.1.3 (tram
# infrastructure, OPD) are from public sources; the other codes and all names are INVENTED.
OLOMOUC_2014 = StrategySpec(
    agglomeration="olomouc",
    period=P14,
    name=t(
        "Integrovaná strategie ITI Olomoucké aglomerace 2014–2020",
        "Zintegrowana strategia ZIT Aglomeracji ołomunieckiej 2014–2020",
        "Integrated ITI strategy of the Olomouc agglomeration 2014–2020",
    ),
    approved_on=date(2016, 6, 30),
    approved_by="Ministerstvo pro místní rozvoj – Národní orgán pro koordinaci",
    reference="schválení strategie ITI (demo)",
    goals=(
        GoalSpec(
            "1",
            t(
                "Vzdělanost a konkurenceschopnost",
                "Edukacja i konkurencyjność",
                "Education and competitiveness",
            ),
            (
                SpecificGoalSpec(
                    "1.1",
                    t(
                        "Kvalitní a dostupné vzdělávání",
                        "Dobra i dostępna edukacja",
                        "Quality and accessible education",
                    ),
                    (
                        m(
                            "1.1.1",
                            t(
                                "Infrastruktura pro předškolní vzdělávání",
                                "Infrastruktura edukacji przedszkolnej",
                                "Pre-school education infrastructure",
                            ),
                            (("IROP", "SC 2.4", "120000000"),),
                        ),
                        m(
                            "1.1.2",
                            t(
                                "Infrastruktura základních škol",
                                "Infrastruktura szkół podstawowych",
                                "Primary school infrastructure",
                            ),
                            (("IROP", "SC 2.4", "260000000"),),
                        ),
                        m(
                            "1.1.3",
                            t(
                                "Infrastruktura středních škol",
                                "Infrastruktura szkół średnich",
                                "Secondary school infrastructure",
                            ),
                            (("IROP", "SC 2.4", "200000000"),),
                        ),
                        m(
                            "1.1.4",
                            t(
                                "Infrastruktura pro celoživotní učení",
                                "Infrastruktura uczenia się przez całe życie",
                                "Lifelong learning infrastructure",
                            ),
                            (("IROP", "SC 2.4", "60000000"),),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "1.2",
                    t(
                        "Výzkum, vývoj a inovace",
                        "Badania, rozwój i innowacje",
                        "Research, development and innovation",
                    ),
                    (
                        m(
                            "1.2.1",
                            t(
                                "Spolupráce výzkumu a podniků",
                                "Współpraca nauki i przedsiębiorstw",
                                "Research–business cooperation",
                            ),
                            (("OP PIK", "SC 1.2", "400000000"),),
                        ),
                        m(
                            "1.2.2",
                            t(
                                "Kapacity pro kvalitní výzkum",
                                "Potencjał badawczy",
                                "Research capacities",
                            ),
                            (("OP VVV", "SC 1.1", "450000000"),),
                        ),
                    ),
                ),
            ),
        ),
        GoalSpec(
            "2",
            t(
                "Sociální soudržnost a kulturní dědictví",
                "Spójność społeczna i dziedzictwo kulturowe",
                "Social cohesion and cultural heritage",
            ),
            (
                SpecificGoalSpec(
                    "2.1",
                    t(
                        "Začlenění na trh práce",
                        "Integracja na rynku pracy",
                        "Labour-market inclusion",
                    ),
                    (
                        m(
                            "2.1.1",
                            t(
                                "Začlenění osob ohrožených sociálním vyloučením",
                                "Integracja osób zagrożonych wykluczeniem społecznym",
                                "Inclusion of people at risk of social exclusion",
                            ),
                            (("OPZ", "SC 2.1.1", "247600000"),),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "2.2",
                    t("Kulturní dědictví", "Dziedzictwo kulturowe", "Cultural heritage"),
                    (
                        m(
                            "2.2.1",
                            t(
                                "Obnova kulturních památek",
                                "Odnowa zabytków",
                                "Restoration of cultural monuments",
                            ),
                            (("IROP", "SC 3.1", "390000000"),),
                        ),
                    ),
                ),
            ),
        ),
        GoalSpec(
            "3",
            t("Mobilita a životní prostředí", "Mobilność i środowisko", "Mobility and environment"),
            (
                SpecificGoalSpec(
                    "3.1",
                    t("Udržitelná doprava", "Zrównoważony transport", "Sustainable transport"),
                    (
                        m(
                            "3.1.1",
                            t(
                                "Přestupní terminály veřejné dopravy",
                                "Węzły przesiadkowe transportu publicznego",
                                "Public transport interchanges",
                            ),
                            (("IROP", "SC 1.2", "250000000"),),
                        ),
                        m(
                            "3.1.2",
                            t("Cyklodoprava", "Transport rowerowy", "Cycling"),
                            (("IROP", "SC 1.2", "200000000"),),
                        ),
                        m(
                            "3.1.3",
                            t(
                                "Infrastruktura městské drážní dopravy",
                                "Infrastruktura miejskiego transportu szynowego",
                                "Urban rail infrastructure",
                            ),
                            (("OPD", "SC 1.4", "700000000"),),
                        ),
                        m(
                            "3.1.4",
                            t(
                                "Telematika pro veřejnou dopravu",
                                "Telematyka w transporcie publicznym",
                                "Public transport telematics",
                            ),
                            (("OPD", "SC 1.4", "150000000"),),
                        ),
                        m(
                            "3.1.5",
                            t(
                                "Regionální silniční síť",
                                "Regionalna sieć drogowa",
                                "Regional road network",
                            ),
                            (("IROP", "SC 1.1", "240000000"),),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "3.2",
                    t("Odpadové hospodářství", "Gospodarka odpadami", "Waste management"),
                    (
                        m(
                            "3.2.1",
                            t(
                                "Zařízení pro sběr, třídění a využití odpadů",
                                "Instalacje do zbierania, sortowania i odzysku odpadów",
                                "Waste collection, sorting and recovery facilities",
                            ),
                            (("OPŽP", "SC 3.2", "180000000"),),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

# The real strategy change No. 7 (IROP SC 2.4), approved by the steering committee 2018-10-22.
CHANGE_NO_7_TITLE = "Změna strategie č. 7: přesun alokace v IROP SC 2.4 do opatření 1.1.2"
CHANGE_NO_7_MOVES = (("1.1.1", "1.1.2", "24994324"), ("1.1.4", "1.1.2", "1188016"))
CHANGE_NO_7_DATE = date(2018, 10, 22)
CHANGE_NO_7_BODY = "Řídicí výbor ITI Olomoucké aglomerace"
CHANGE_NO_7_REFERENCE = "23. zasedání ŘV ITI OA"

IROP_2021_TOTAL = Decimal("2016099590")

# Olomouc 2021-2027. Measure codes 2.1.1, 3.1.3 and 3.2.2 and the OPD, OP JAK and IROP totals
# are from public sources; goal and specific-goal names and the other codes are INVENTED.
OLOMOUC_2021 = StrategySpec(
    agglomeration="olomouc",
    period=P21,
    name=t(
        "Integrovaná strategie ITI Olomoucké aglomerace 2021–2027",
        "Zintegrowana strategia ZIT Aglomeracji ołomunieckiej 2021–2027",
        "Integrated ITI strategy of the Olomouc agglomeration 2021–2027",
    ),
    approved_on=date(2022, 4, 12),
    approved_by="Ministerstvo pro místní rozvoj – Národní orgán pro koordinaci",
    reference="schválení strategie ITI 2021–2027 (demo)",
    goals=(
        GoalSpec(
            "1",
            t(
                "Udržitelná a bezpečná mobilita",
                "Zrównoważona i bezpieczna mobilność",
                "Sustainable and safe mobility",
            ),
            (
                SpecificGoalSpec(
                    "1.1",
                    t(
                        "Kapacitní a ekologická veřejná doprava",
                        "Pojemny i ekologiczny transport publiczny",
                        "High-capacity, clean public transport",
                    ),
                    (
                        m(
                            "1.1.1",
                            t(
                                "Infrastruktura městské drážní dopravy",
                                "Infrastruktura miejskiego transportu szynowego",
                                "Urban rail infrastructure",
                            ),
                            (("OPD", "RSO 2.8", "602000000"),),
                            (ind("RCO55", "0", "0", "1.6"), ind("RCO56", "0", "1.2", "4.8")),
                        ),
                        m(
                            "1.1.2",
                            t("Přestupní terminály", "Węzły przesiadkowe", "Transfer terminals"),
                            (("IROP", "RSO 2.8", "95000000"),),
                            (ind("RCO54", "0", "1", "4"),),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "1.2",
                    t(
                        "Aktivní a bezpečná mobilita",
                        "Aktywna i bezpieczna mobilność",
                        "Active and safe mobility",
                    ),
                    (
                        m(
                            "1.2.1",
                            t(
                                "Výstavba a rekonstrukce cyklistické infrastruktury",
                                "Budowa i przebudowa infrastruktury rowerowej",
                                "Building and rebuilding cycling infrastructure",
                            ),
                            (("IROP", "RSO 2.8", "160000000"),),
                            (
                                ind("RCO58", "0", "5", "18.5"),
                                ind("RCR64", "120000", "135000", "210000"),
                            ),
                        ),
                        m(
                            "1.2.2",
                            t(
                                "Zvyšování bezpečnosti v dopravě",
                                "Poprawa bezpieczeństwa ruchu",
                                "Improving transport safety",
                            ),
                            (("IROP", "RSO 2.8", "130000000"),),
                            (ind("RCO74", "0", "60000", "180000"),),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "1.3",
                    t(
                        "Čistá vozidla veřejné dopravy",
                        "Czysty tabor transportu publicznego",
                        "Clean public transport vehicles",
                    ),
                    (
                        m(
                            "1.3.1",
                            t(
                                "Nízkoemisní a bezemisní vozidla",
                                "Pojazdy niskoemisyjne i zeroemisyjne",
                                "Low- and zero-emission vehicles",
                            ),
                            (("IROP", "RSO 2.8", "150000000"),),
                            (ind("RCO57", "0", "200", "1000"),),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "1.4",
                    t("Řízení dopravy", "Zarządzanie ruchem", "Traffic management"),
                    (
                        m(
                            "1.4.1",
                            t(
                                "Inteligentní dopravní systémy a telematika",
                                "Inteligentne systemy transportowe i telematyka",
                                "Intelligent transport systems and telematics",
                            ),
                            (("OPD", "RSO 2.8", "148000000"),),
                            (ind("RCO60", "0", "1", "3"),),
                        ),
                    ),
                ),
            ),
        ),
        GoalSpec(
            "2",
            t(
                "Vzdělávání a sociální soudržnost",
                "Edukacja i spójność społeczna",
                "Education and social cohesion",
            ),
            (
                SpecificGoalSpec(
                    "2.1",
                    t(
                        "Dostupné a kvalitní vzdělávání",
                        "Dostępna i dobra edukacja",
                        "Accessible, quality education",
                    ),
                    (
                        m(
                            "2.1.1",
                            t(
                                "Zvýšení kapacity předškolního vzdělávání",
                                "Zwiększenie liczby miejsc w edukacji przedszkolnej",
                                "More pre-school places",
                            ),
                            (("IROP", "RSO 4.2", "85000000"),),
                            (ind("RCO66", "0", "120", "420"), ind("RCR70", "0", "100", "400")),
                        ),
                        m(
                            "2.1.2",
                            t(
                                "Zvýšení kvality infrastruktury základních škol",
                                "Poprawa jakości infrastruktury szkół podstawowych",
                                "Better primary school infrastructure",
                            ),
                            (("IROP", "RSO 4.2", "420000000"),),
                            (ind("RCO67", "0", "900", "3200"),),
                        ),
                        m(
                            "2.1.3",
                            t(
                                "Zájmové a neformální vzdělávání a celoživotní učení",
                                "Edukacja pozaformalna i uczenie się przez całe życie",
                                "Non-formal education and lifelong learning",
                            ),
                            (("IROP", "RSO 4.2", "60000000"),),
                            (ind("RCO67", "0", "100", "600"),),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "2.2",
                    t("Sociální začleňování", "Włączenie społeczne", "Social inclusion"),
                    (
                        m(
                            "2.2.1",
                            t("Sociální bydlení", "Mieszkalnictwo socjalne", "Social housing"),
                            (("IROP", "RSO 4.3", "70000000"),),
                            (ind("RCO65", "0", "20", "90"),),
                        ),
                        m(
                            "2.2.2",
                            t(
                                "Infrastruktura sociálních služeb",
                                "Infrastruktura usług społecznych",
                                "Social services infrastructure",
                            ),
                            (("IROP", "RSO 4.3", "90000000"),),
                            (ind("RCO70", "0", "60", "300"),),
                        ),
                        m(
                            "2.2.3",
                            t(
                                "Zaměstnanost a sociální služby v území",
                                "Zatrudnienie i usługi społeczne na obszarze",
                                "Local employment and social services",
                            ),
                            (("OPZ+", "ESO 4.1", "45000000"), ("OPZ+", "ESO 4.11", "35000000")),
                            (ind("600 901", "0", "300", "1400"),),
                        ),
                    ),
                ),
            ),
        ),
        GoalSpec(
            "3",
            t(
                "Kultura, cestovní ruch a veřejný prostor",
                "Kultura, turystyka i przestrzeń publiczna",
                "Culture, tourism and public space",
            ),
            (
                SpecificGoalSpec(
                    "3.1",
                    t(
                        "Atraktivní veřejný prostor",
                        "Atrakcyjna przestrzeń publiczna",
                        "Attractive public space",
                    ),
                    (
                        m(
                            "3.1.1",
                            t(
                                "Revitalizace parků a zeleně",
                                "Rewitalizacja parków i zieleni",
                                "Parks and green areas",
                            ),
                            (("OPŽP", "RSO 2.7", "60000000"),),
                            (ind("RCO36", "0", "2", "9.5"), ind("RCR95", "0", "5000", "40000")),
                        ),
                        m(
                            "3.1.2",
                            t(
                                "Udržitelný cestovní ruch",
                                "Zrównoważona turystyka",
                                "Sustainable tourism",
                            ),
                            (("IROP", "RSO 4.6", "75000000"),),
                            (ind("RCO77", "0", "2", "8"),),
                        ),
                        m(
                            "3.1.3",
                            t(
                                "Zvýšení kvality veřejného prostoru",
                                "Poprawa jakości przestrzeni publicznej",
                                "Quality of public space",
                            ),
                            (("IROP", "RSO 5.1", "260000000"),),
                            (
                                ind("RCO114", "0", "8000", "45000"),
                                ind("RCO74", "0", "150000", "310000"),
                                ind("500 901", "0", "6", "18"),
                            ),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "3.2",
                    t(
                        "Kulturní dědictví a instituce",
                        "Dziedzictwo i instytucje kultury",
                        "Cultural heritage and institutions",
                    ),
                    (
                        m(
                            "3.2.1",
                            t(
                                "Obnova kulturních památek",
                                "Odnowa zabytków",
                                "Restoration of cultural monuments",
                            ),
                            (("IROP", "RSO 4.6", "178350000"),),
                            (ind("RCO77", "0", "4", "17"),),
                        ),
                        # balancing measure: its IROP amount makes the IROP total exact (see loader)
                        m(
                            "3.2.2",
                            t(
                                "Rozvoj infrastruktury a vybavení muzeí a knihoven",
                                "Rozwój infrastruktury i wyposażenia muzeów i bibliotek",
                                "Museum and library infrastructure and equipment",
                            ),
                            (("IROP", "RSO 4.6", "BALANCE"),),
                            (
                                ind("RCO77", "0", "3", "9"),
                                ind("RCR77", "250000", "260000", "320000"),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        GoalSpec(
            "4",
            t(
                "Inovace a životní prostředí",
                "Innowacje i środowisko",
                "Innovation and environment",
            ),
            (
                SpecificGoalSpec(
                    "4.1",
                    t(
                        "Výzkum, vývoj a inovace",
                        "Badania, rozwój i innowacje",
                        "Research, development and innovation",
                    ),
                    (
                        m(
                            "4.1.1",
                            t(
                                "Výzkumné kapacity veřejných výzkumných organizací",
                                "Potencjał badawczy publicznych organizacji badawczych",
                                "Research capacities of public research organisations",
                            ),
                            (("OP JAK", "RSO 1.1", "380000000"),),
                            (ind("RCO06", "0", "120", "420"),),
                        ),
                        m(
                            "4.1.2",
                            t(
                                "Vědeckotechnické parky, inovační centra a inkubátory",
                                "Parki naukowo-technologiczne, centra innowacji i inkubatory",
                                "Science parks, innovation centres and incubators",
                            ),
                            (("OP TAK", "RSO 1.1", "120000000"),),
                            (ind("RCO15", "0", "10", "45"),),
                        ),
                        m(
                            "4.1.3",
                            t(
                                "Digitalizace podniků",
                                "Cyfryzacja przedsiębiorstw",
                                "Digitalisation of enterprises",
                            ),
                            (("OP TAK", "RSO 1.2", "50000000"),),
                            (ind("RCO01", "0", "10", "40"),),
                        ),
                        m(
                            "4.1.4",
                            t(
                                "Transfer technologií a inovace ve zdravotnictví",
                                "Transfer technologii i innowacje w ochronie zdrowia",
                                "Technology transfer and health innovation",
                            ),
                            (("OP TAK", "RSO 1.1", "80000000"),),
                            (ind("RCO10", "0", "5", "25"),),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "4.2",
                    t(
                        "Přizpůsobení se změně klimatu",
                        "Adaptacja do zmian klimatu",
                        "Climate change adaptation",
                    ),
                    (
                        m(
                            "4.2.1",
                            t(
                                "Hospodaření se srážkovou vodou",
                                "Gospodarowanie wodami opadowymi",
                                "Rainwater management",
                            ),
                            (("OPŽP", "RSO 2.4", "90000000"),),
                            (ind("RCO26", "0", "1.5", "6"),),
                        ),
                        m(
                            "4.2.2",
                            t(
                                "Ochrana přírody a krajiny",
                                "Ochrona przyrody i krajobrazu",
                                "Nature and landscape protection",
                            ),
                            (("OPŽP", "RSO 2.7", "40000000"),),
                            (ind("RCO36", "0", "1", "5"),),
                        ),
                    ),
                ),
            ),
        ),
    ),
    solutions=(
        SolutionSpec(
            "IŘ1",
            t(
                "Udržitelná mobilita v jádru aglomerace",
                "Zrównoważona mobilność w rdzeniu aglomeracji",
                "Sustainable mobility in the agglomeration core",
            ),
            t(
                "Tramvajové tratě, cyklistická infrastruktura, přestupní terminály a řízení "
                "dopravy v Olomouci, Přerově a Prostějově jako jeden celek.",
                "Linie tramwajowe, infrastruktura rowerowa, węzły przesiadkowe i zarządzanie "
                "ruchem w Ołomuńcu, Przerowie i Prościejowie jako jedna całość.",
                "Tram lines, cycling infrastructure, transfer terminals and traffic management "
                "in Olomouc, Přerov and Prostějov as one bundle.",
            ),
            ("1.1.1", "1.1.2", "1.2.1", "1.4.1"),
        ),
        SolutionSpec(
            "IŘ2",
            t("Živá centra měst", "Żywe centra miast", "Living town centres"),
            t(
                "Veřejná prostranství, památky a kulturní instituce v historických centrech.",
                "Przestrzenie publiczne, zabytki i instytucje kultury w historycznych centrach.",
                "Public spaces, monuments and cultural institutions in historic centres.",
            ),
            ("3.1.3", "3.2.1", "3.2.2"),
        ),
    ),
)

# The open draft amendment of Olomouc 2021-2027 (INVENTED): IROP call 27 (non-formal
# education II) received no projects, so money moves to primary schools and the target grows.
OLOMOUC_2021_DRAFT_TITLE = "Změna č. 1: přesun alokace z opatření 2.1.3 do 2.1.2 (návrh)"
OLOMOUC_2021_DRAFT_MOVE = ("2.1.3", "2.1.2", "15000000")
OLOMOUC_2021_DRAFT_TARGET = ("2.1.2", "RCO67", "3400")

# Opole: EU money given in EUR (88,718,560), planned in PLN at one stated rate.
OPOLE_EUR_TOTAL = Decimal("88718560")
OPOLE_PLANNING_RATE = Decimal("4.3372")
OPOLE_PLANNING_RATE_DATE = date(2024, 1, 1)

# Opole ZIT 2021+: structure and all amounts INVENTED (the total in EUR is public).
# Amounts here are EUR; the loader converts them to PLN at OPOLE_PLANNING_RATE.
OPOLE_2021 = StrategySpec(
    agglomeration="opole",
    period=P21,
    name=t(
        "Strategie ZIT Opolské aglomerace 2021+",
        "Strategia ZIT Aglomeracji Opolskiej 2021+",
        "ITI strategy of the Opole agglomeration 2021+",
    ),
    approved_on=date(2023, 6, 27),
    approved_by=(
        "Walne Zebranie Członków Stowarzyszenia Aglomeracja Opolska "
        "(po pozytywnej opinii IZ FEO 2021-2027)"
    ),
    reference="uchwała Walnego Zebrania (demo)",
    consultation=True,
    goals=(
        GoalSpec(
            "1",
            t(
                "Udržitelná mobilita a klima",
                "Zrównoważona mobilność i klimat",
                "Sustainable mobility and climate",
            ),
            (
                SpecificGoalSpec(
                    "1.1",
                    t("Městská mobilita", "Mobilność miejska", "Urban mobility"),
                    (
                        m(
                            "1.1.1",
                            t(
                                "Udržitelná městská mobilita a veřejná doprava",
                                "Zrównoważona mobilność miejska i transport publiczny",
                                "Sustainable urban mobility and public transport",
                            ),
                            (("FEO 2021-2027", "Działanie 2.8", "30000000"),),
                            (
                                ind("RCO57", "0", "300", "1500"),
                                ind("RCR62", "9500000", "9600000", "10400000"),
                            ),
                        ),
                        m(
                            "1.1.2",
                            t(
                                "Cyklistická infrastruktura",
                                "Infrastruktura rowerowa",
                                "Cycling infrastructure",
                            ),
                            (("FEO 2021-2027", "Działanie 2.8", "6500000"),),
                            (ind("RCO58", "0", "6", "32"),),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "1.2",
                    t("Energie a klima", "Energia i klimat", "Energy and climate"),
                    (
                        m(
                            "1.2.1",
                            t(
                                "Energetická účinnost veřejných budov",
                                "Efektywność energetyczna budynków publicznych",
                                "Energy efficiency of public buildings",
                            ),
                            (("FEO 2021-2027", "Działanie 2.1", "14000000"),),
                            (
                                ind("RCO19", "0", "6000", "38000"),
                                ind("RCR26", "14500", "13800", "10200"),
                            ),
                        ),
                        m(
                            "1.2.2",
                            t(
                                "Modrozelená infrastruktura a adaptace",
                                "Błękitno-zielona infrastruktura i adaptacja",
                                "Blue-green infrastructure and adaptation",
                            ),
                            (("FEO 2021-2027", "Działanie 2.5", "7500000"),),
                            (ind("RCO26", "0", "1", "7.5"),),
                        ),
                    ),
                ),
            ),
        ),
        GoalSpec(
            "2",
            t(
                "Vzdělávání a sociální služby",
                "Edukacja i usługi społeczne",
                "Education and social services",
            ),
            (
                SpecificGoalSpec(
                    "2.1",
                    t("Vzdělávání", "Edukacja", "Education"),
                    (
                        m(
                            "2.1.1",
                            t(
                                "Vzdělávací infrastruktura",
                                "Infrastruktura edukacyjna",
                                "Education infrastructure",
                            ),
                            (("FEO 2021-2027", "Działanie 5.1", "8000000"),),
                            (ind("RCO67", "0", "400", "1800"),),
                        ),
                        m(
                            "2.1.2",
                            t("Odborné vzdělávání", "Kształcenie zawodowe", "Vocational education"),
                            (("FEO 2021-2027", "Działanie 7.3", "4200000"),),
                            (ind("RCO74", "0", "50000", "120000"),),
                        ),
                    ),
                ),
                SpecificGoalSpec(
                    "2.2",
                    t("Sociální služby", "Usługi społeczne", "Social services"),
                    (
                        m(
                            "2.2.1",
                            t(
                                "Sociální a zdravotní služby v komunitě",
                                "Usługi społeczne i zdrowotne w społeczności lokalnej",
                                "Community social and health services",
                            ),
                            (("FEO 2021-2027", "Działanie 7.6", "5018560"),),
                            (ind("RCO74", "0", "40000", "95000"),),
                        ),
                    ),
                ),
            ),
        ),
        GoalSpec(
            "3",
            t(
                "Kulturní dědictví a veřejný prostor",
                "Dziedzictwo kulturowe i przestrzeń publiczna",
                "Cultural heritage and public space",
            ),
            (
                SpecificGoalSpec(
                    "3.1",
                    t(
                        "Kultura a veřejný prostor",
                        "Kultura i przestrzeń publiczna",
                        "Culture and public space",
                    ),
                    (
                        m(
                            "3.1.1",
                            t(
                                "Kulturní dědictví a cestovní ruch",
                                "Dziedzictwo kulturowe i turystyka",
                                "Cultural heritage and tourism",
                            ),
                            (("FEO 2021-2027", "Działanie 5.3", "7000000"),),
                            (
                                ind("RCO77", "0", "3", "12"),
                                ind("RCR77", "180000", "185000", "230000"),
                            ),
                        ),
                        m(
                            "3.1.2",
                            t(
                                "Revitalizace veřejných prostranství",
                                "Rewitalizacja przestrzeni publicznych",
                                "Regeneration of public spaces",
                            ),
                            (("FEO 2021-2027", "Działanie 6.1", "6500000"),),
                            (
                                ind("RCO114", "0", "10000", "52000"),
                                ind("RCO74", "0", "120000", "255000"),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

STRATEGIES = (OLOMOUC_2014, OLOMOUC_2021, OPOLE_2021)


# ---- exchange rates (approximate, see DATA_SOURCES.md) ------------------------------------

RATE_SOURCE = "Approximate demo value (monthly EUR rate, not an official publication)"

CZK_OLDER: tuple[tuple[date, str], ...] = (
    (date(2016, 6, 1), "27.030"),
    (date(2018, 10, 1), "25.740"),
    (date(2022, 4, 1), "24.440"),
)
CZK_MONTHLY: tuple[str, ...] = (
    # 2024-01 .. 2024-12
    "24.720",
    "24.810",
    "25.070",
    "25.290",
    "25.250",
    "24.750",
    "25.020",
    "25.280",
    "25.090",
    "25.170",
    "25.260",
    "25.200",
    # 2025-01 .. 2025-12
    "25.180",
    "25.070",
    "24.950",
    "25.060",
    "24.980",
    "24.890",
    "24.780",
    "24.730",
    "24.700",
    "24.720",
    "24.760",
    "24.810",
    # 2026-01 .. 2026-11
    "24.850",
    "24.900",
    "24.880",
    "24.950",
    "25.000",
    "24.970",
    "24.930",
    "24.890",
    "24.860",
    "24.840",
    "24.870",
)
PLN_MONTHLY: tuple[str, ...] = (
    # 2024-01 is the Opole planning rate
    "4.337200",
    "4.340",
    "4.320",
    "4.300",
    "4.310",
    "4.320",
    "4.300",
    "4.285",
    "4.280",
    "4.290",
    "4.330",
    "4.300",
    "4.270",
    "4.260",
    "4.270",
    "4.290",
    "4.260",
    "4.280",
    "4.260",
    "4.270",
    "4.260",
    "4.265",
    "4.255",
    "4.270",
    "4.280",
    "4.290",
    "4.300",
    "4.285",
    "4.275",
    "4.270",
    "4.265",
    "4.260",
    "4.270",
    "4.280",
    "4.275",
)
