"""The fulfilment report's sections of issue 10, point 13: the money tables with certified money
and EUR (unknown never 0, missing rates listed), the breakdown per programme and specific
objective, the list of projects, the risk section from early warning, missed milestones, the
amendments of the period, the chart that fits one page with its legend, and the new sections'
titles in the Czech and the Polish document.

The world (PipelineWorld): measure 2.1.1 of the Olomouc strategy draws 80,348,729.00 CZK of EU
money from IROP 2.8 (ERDF); call 2 takes intentions from 1 March to 30 May 2025. Intentions are
submitted on 15 April 2025 and take their later steps on 10 June 2025 unless said otherwise.
The report is in Czech: numbers with a no-break space between thousands and a decimal comma.
"""

from __future__ import annotations

import doctest
import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import translation
from docx import Document
from docx.shared import Length
from PIL import Image
from pypdf import PdfReader

from aglomera.accounts.models import Role
from aglomera.agglomerations.models import Agglomeration
from aglomera.intentions.models import IntentionStatus, ProjectIntention
from aglomera.intentions.tests.builders import DURING, PipelineWorld
from aglomera.monitoring.actions.commitments import record_decommitment, set_programme_financing
from aglomera.monitoring.calculations.indicators import IndicatorRow
from aglomera.monitoring.models import Operation, Payment, PaymentKind, RegionCategory
from aglomera.monitoring.reports import chart_image, fulfilment_docx, fulfilment_pdf
from aglomera.monitoring.reports.fulfilment_content import (
    FulfilmentContent,
    fulfilment_content,
    milestone_missed,
)
from aglomera.monitoring.tests.test_indicators import make_indicator_world
from aglomera.strategy.actions import start_amendment
from aglomera.strategy.models import (
    Direction,
    ExchangeRate,
    FinancialPlanLine,
    IndicatorCode,
    Measure,
    Source,
)
from aglomera.strategy.tests.builders import approve, make_programmes, opole_drawing_on
from aglomera.strategy.transitions import Approval

S = IntentionStatus
D = Decimal
JUNE = datetime(2025, 6, 10, 9, 0, tzinfo=UTC)
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
# The order of the report's tables
MONEY, OBJECTIVES, PROJECTS, RISK, CALLS, RESOLUTIONS, AMENDMENTS, INDICATORS = range(8)
REGISTERED = "CZ.06.02.01/00/22_012/0001234"


def cz(text: str) -> str:
    """A text with Czech numbers: each space between digits is a no-break space."""
    return re.sub(r"(?<=\d) (?=\d)", "\xa0", text)


def cs(text: str) -> str:
    with translation.override("cs"):
        return translation.gettext(text)


def pl(text: str) -> str:
    with translation.override("pl"):
        return translation.gettext(text)


def label(status: str) -> str:
    """An intention's state as the Czech report names it."""
    with translation.override("cs"):
        return str(IntentionStatus(status).label)


def report(
    agglomeration: Agglomeration, start: date = YEAR_2025[0], end: date = YEAR_2025[1]
) -> FulfilmentContent:
    return fulfilment_content(agglomeration, start, end, {}, generated_on=date(2026, 1, 15))


def intention(world: PipelineWorld, status: str, **fields: Any) -> ProjectIntention:
    """Submitted on 15 April 2025, its later steps on 10 June 2025."""
    submitted = world.intention(status=S.SUBMITTED, now=DURING, **fields)
    return world.walk(submitted, status, now=JUNE)


def rates(world: PipelineWorld, months: range, units: str = "25.000") -> None:
    """The Commission's monthly rate of CZK for the months of 2025."""
    for month in months:
        ExchangeRate.objects.create(
            agglomeration=world.agglomeration,
            currency="CZK",
            valid_from=date(2025, month, 1),
            units_per_eur=D(units),
        )


def operation(
    world: PipelineWorld, of: ProjectIntention, eu: str, paid: str | None, certified: str | None
) -> Operation:
    """The managing authority's row for the intention (as an import leaves it)."""
    return Operation.objects.create(
        agglomeration=world.agglomeration,
        registration_number=of.registration_number or f"CZ.06/{of.pk}",
        intention=of,
        name=str(of.name),
        beneficiary="Statutární město Přerov",
        currency="CZK",
        eu_contribution=D(eu),
        paid_eu=None if paid is None else D(paid),
        certified_eu=None if certified is None else D(certified),
        paid_eu_derived=paid is not None and certified is not None,
    )


def pay(of: ProjectIntention, kind: str, day: date, amount: str) -> None:
    Payment.objects.create(intention=of, kind=kind, on=day, amount=D(amount))


# ---- 2, 3, 7: the money tables -------------------------------------------------------------


def test_the_money_tables_show_certified_money_and_eur_per_measure_and_objective(
    world: PipelineWorld,
) -> None:
    # Given one intention in the pipeline, one endorsed and one contracted, paid 1,000,000 in
    # June and certified 500,000 in July, and a rate of 25 CZK/EUR for every month of 2025
    intention(world, S.SUBMITTED, requested_eu="1000000.00")
    intention(world, S.COMPLIANT, requested_eu="2000000.00")
    contracted = intention(world, S.LEGAL_ACT, requested_eu="4000000.00")
    pay(contracted, PaymentKind.PAID, date(2025, 6, 10), "1000000.00")
    pay(contracted, PaymentKind.CERTIFIED, date(2025, 7, 10), "500000.00")
    rates(world, range(1, 13))
    # When the report for 2025 is made
    content = report(world.agglomeration)
    money = content.tables[MONEY]
    # Then every stage has its column, certified included, all EU support in CZK and in EUR
    assert money.title == cs(
        "Financial plan and money funnel per measure (EU support, %(currencies)s)"
    ) % {"currencies": "CZK, EUR"}
    assert money.headers[-2:] == [cs("Paid"), cs("Certified")]
    amounts = "80 348 729,00", "1 000 000,00", "2 000 000,00", "0,00", "4 000 000,00"
    czk = [cz(value) for value in (*amounts, "1 000 000,00", "500 000,00")]
    # 80,348,729.00 / 25 = 3,213,949.16; paid at June's rate, certified at July's
    eur = [cz(v) for v in ("3 213 949,16", "40 000,00", "80 000,00", "0,00", "160 000,00")]
    eur += [cz("40 000,00"), cz("20 000,00")]
    assert money.rows == [
        ["2.1.1 Kapacity mateřských škol", "CZK", *czk],
        ["", "EUR", *eur],
        [cs("Total"), "CZK", *czk],
        ["", "EUR", *eur],
    ]
    # And the table says its basis and how EUR is computed, and no rate is missing
    # (the report is in the agglomeration's language, Czech)
    assert money.notes[0].startswith("Základ: ve všech sloupcích podpora EU, stav k 31. 12. 2025.")
    assert "měsíčním účetním kurzem Komise za 12/2025" in money.notes[1]
    assert len(money.notes) == 2
    # And the same funnel per programme and specific objective, with its fund
    objectives = content.tables[OBJECTIVES]
    assert objectives.headers[:3] == [
        cs("Programme and specific objective"),
        cs("Fund"),
        cs("Currency"),
    ]
    assert objectives.rows == [
        ["IROP 2.8 Udržitelná multimodální městská mobilita", "ERDF", "CZK", *czk],
        ["", "", "EUR", *eur],
        [cs("Total"), "", "CZK", *czk],
        ["", "", "EUR", *eur],
    ]


def test_an_unknown_paid_amount_is_unknown_not_zero_and_missing_rates_are_listed(
    world: PipelineWorld,
) -> None:
    # Given a contracted intention whose operation's list gives neither paid nor certified
    # money, and rates for January to November 2025 only
    unknown = intention(world, S.LEGAL_ACT, requested_eu="3000000.00")
    operation(world, unknown, "3000000.00", None, None)
    rates(world, range(1, 12))
    # When the report for 2025 is made
    money = report(world.agglomeration).tables[MONEY]
    # Then paid and certified are unknown ("—"), never 0, in CZK and in EUR
    row, in_eur = money.rows[:2]
    assert row[-3:] == [cz("3 000 000,00"), "—", "—"]
    # And December has no rate: the stages standing on 31 Dec have no EUR figure
    assert in_eur == ["", "EUR", "—", "—", "—", "—", "—", "—", "—"]
    notes = " ".join(money.notes)
    assert "CZK 12/2025" in notes and "kurz" in notes
    assert "s neznámou proplacenou částkou EU: 1, s neznámou certifikovanou částkou EU: 1" in notes

    # Given a second contracted intention whose list gives 200,000 paid (the EU share derived
    # from eligible expenditure) and 100,000 certified
    known = intention(world, S.LEGAL_ACT, requested_eu="1000000.00")
    operation(world, known, "1000000.00", "200000.00", "100000.00")
    money = report(world.agglomeration).tables[MONEY]
    # Then the cells sum the known amounts only and say so ("*"), the derived share "†"
    row, in_eur = money.rows[:2]
    assert row[-3:] == [cz("4 000 000,00"), cz("200 000,00 *†"), cz("100 000,00 *")]
    # the money was paid in June (the month the operation became contracted), at its rate
    assert in_eur[-2:] == [cz("8 000,00 *†"), cz("4 000,00 *")]
    assert "je proplacená částka EU dopočtena" in " ".join(money.notes)
    assert " ".join(money.notes).endswith("podle míry spolufinancování operace: 1.")


def test_two_currencies_are_totalled_in_eur_only_and_the_chart_keeps_the_offices_currency(
    world: PipelineWorld,
) -> None:
    # Given a second measure drawing 1,000,000.00 PLN from FE dla Opolskiego (configuration
    # level, as an approved amendment would leave it), 4.000 PLN/EUR and 25 CZK/EUR all year
    version = world.strategy.current_version
    assert version is not None
    first = Measure.objects.get(version=version, code="2.1.1")
    Measure.objects.create(
        version=version, specific_goal=first.specific_goal, code="2.1.2", name={"cs": "Jesle"}
    )
    FinancialPlanLine.objects.create(
        version=version,
        measure=Measure.objects.get(version=version, code="2.1.2"),
        specific_objective=make_programmes().feo_mobility,
        source=Source.EU,
        amount=D("1000000.00"),
    )
    rates(world, range(1, 13))
    for month in range(1, 13):
        ExchangeRate.objects.create(
            agglomeration=world.agglomeration,
            currency="PLN",
            valid_from=date(2025, month, 1),
            units_per_eur=D("4.000"),
        )
    # When the report for 2025 is made
    content = report(world.agglomeration)
    money = content.tables[MONEY]
    # Then each currency has its total with its EUR figures, and only EUR sums both:
    # 3,213,949.16 + 250,000.00 = 3,463,949.16
    assert money.title == cs(
        "Financial plan and money funnel per measure (EU support, %(currencies)s)"
    ) % {"currencies": "CZK, PLN, EUR"}
    assert [row[:3] for row in money.rows] == [
        ["2.1.1 Kapacity mateřských škol", "CZK", cz("80 348 729,00")],
        ["", "EUR", cz("3 213 949,16")],
        ["2.1.2 Jesle", "PLN", cz("1 000 000,00")],
        ["", "EUR", cz("250 000,00")],
        [cs("Total"), "CZK", cz("80 348 729,00")],
        ["", "EUR", cz("3 213 949,16")],
        [cs("Total"), "PLN", cz("1 000 000,00")],
        ["", "EUR", cz("250 000,00")],
        [cs("Total in EUR"), "EUR", cz("3 463 949,16")],
    ]
    # And the chart draws the measures in the agglomeration's currency only
    assert [label for label, _values in content.chart.bars] == ["2.1.1"]


# ---- 1: the projects -----------------------------------------------------------------------


def test_the_projects_are_those_the_funnel_counts_with_their_state_on_the_last_day(
    world: PipelineWorld,
) -> None:
    # Given a contracted intention with its registration number (the legal act gives it
    # 3,500,000 of EU support), one submitted by the university, and one whose statement was
    # issued in 2025 and whose legal act came in 2026
    registered = intention(
        world,
        S.LEGAL_ACT,
        requested_eu="4000000.00",
        registration_number=REGISTERED,
        name="Mateřská škola Přerov",
    )
    operation(world, registered, "3500000.00", "0", None)
    intention(
        world,
        S.SUBMITTED,
        requested_eu="1000000.00",
        name="Mateřská škola Kojetín",
        applicant=world.other_org,
    )
    later = intention(
        world, S.STATEMENT_ISSUED, requested_eu="2000000.00", name="Mateřská škola Lipník"
    )
    world.walk(later, S.LEGAL_ACT, now=datetime(2026, 2, 1, 9, tzinfo=UTC))
    # and a draft, a withdrawn and a non-compliant intention
    world.draft(name="Koncept")
    world.intention(status=S.WITHDRAWN, now=DURING, name="Stažený")
    intention(world, S.NON_COMPLIANT_NEGATIVE, name="Nesouladný")
    rates(world, range(1, 13))
    # When the report for 2025 is made
    content = report(world.agglomeration)
    projects = content.tables[PROJECTS]
    # Then it lists the three in the funnel, by measure and registration number, each with its
    # state on 31 December 2025 in Czech and its EU support in CZK and EUR
    assert projects.headers == [
        cs("Registration number"),
        cs("Project"),
        cs("Applicant"),
        cs("Measure"),
        cs("State"),
        cs("Requested EU support"),
        cs("Contracted EU support"),
    ]
    assert projects.rows == [
        [
            REGISTERED,
            "Mateřská škola Přerov",
            "Statutární město Přerov",
            "2.1.1",
            label(S.LEGAL_ACT),
            cz("4 000 000,00 CZK\n160 000,00 EUR"),
            cz("3 500 000,00 CZK\n140 000,00 EUR"),
        ],
        [
            "—",
            "Mateřská škola Kojetín",
            "Univerzita Palackého v Olomouci",
            "2.1.1",
            label(S.SUBMITTED),
            cz("1 000 000,00 CZK\n40 000,00 EUR"),
            "",
        ],
        [
            "—",
            "Mateřská škola Lipník",
            "Statutární město Přerov",
            "2.1.1",
            label(S.STATEMENT_ISSUED),
            cz("2 000 000,00 CZK\n80 000,00 EUR"),
            "",
        ],
    ]
    assert label(S.LEGAL_ACT) != S.LEGAL_ACT  # a label, never the raw code
    # And they add up to the money table: 1,000,000 in the pipeline, 2,000,000 endorsed,
    # 3,500,000 contracted
    assert content.tables[MONEY].rows[0][3:7] == [
        cz("1 000 000,00"),
        cz("2 000 000,00"),
        "0,00",
        cz("3 500 000,00"),
    ]
    assert "31. 12. 2025" in projects.notes[0]
    # And before the first submission nothing is listed, and the table says so
    early = report(world.agglomeration, date(2025, 1, 1), date(2025, 3, 31)).tables[PROJECTS]
    assert early.rows == []
    assert early.empty == cs("No project intention was in the pipeline or further on %(day)s.") % {
        "day": "31. 3. 2025"
    }


# ---- 4: the risk from early warning --------------------------------------------------------

TRANCHE = "160697458.00"  # five tranches 2022-2026: 803,487,290.00, ten times the strategy's


def test_the_risk_section_shows_the_contribution_at_open_deadlines_and_reported_decommitments(
    world: PipelineWorld,
) -> None:
    # Given IROP's tranches and pre-financing (the strategy's allocation is 10 % of them), a
    # contracted project with 5,000,000 certified in July 2025, and a decommitment of
    # 10,000,000 of the 2022 tranche that the managing authority reported in March 2026
    manager = world.user(Role.MANAGER)
    programme = world.objective.programme
    set_programme_financing(
        world.agglomeration,
        programme=programme,
        fund="ERDF",
        region_category=RegionCategory.LESS_DEVELOPED,
        tranches=dict.fromkeys(range(2022, 2027), TRANCHE),
        pre_financing={2022: "8034872.90"},
        actor=manager,
    )
    project = intention(world, S.LEGAL_ACT, requested_eu="40000000.00")
    pay(project, PaymentKind.CERTIFIED, date(2025, 7, 10), "5000000.00")
    record_decommitment(
        world.agglomeration,
        programme=programme,
        fund="ERDF",
        tranche_year=2022,
        amount="10000000.00",
        decided_on=date(2026, 3, 15),
        reference="MMR-1234/2026",
        actor=manager,
    )
    # When the report for the first half of 2026 is made
    risk = report(world.agglomeration, date(2026, 1, 1), date(2026, 6, 30)).tables[RISK]
    # Then each deadline still open shows the strategy's share of the target, its claims and
    # its contribution to the risk. The strategy's share: 16,069,745.80 a tranche,
    # pre-financing 803,487.29, decommitted 1,000,000.00.
    with translation.override("cs"):
        category = str(RegionCategory.LESS_DEVELOPED.label)
    contribution = cs("Contribution to the programme's risk")
    # 2023 (31 Dec 2026): 32,139,491.60 - 803,487.29 - 1,000,000 = 30,336,004.31 needed,
    # 5,000,000 claimed, 25,336,004.31 not covered; each later tranche's share is wholly at
    # risk: 16,069,745.80 (what 2023 misses counts as gone, each crown once)
    assert risk.rows[:4] == [
        [
            "IROP",
            "ERDF",
            category,
            str(year),
            f"31. 12. {year + 3}",
            cz(needed),
            cz("5 000 000,00"),
            cz(missing),
            "CZK",
            contribution,
        ]
        for year, needed, missing in (
            (2023, "30 336 004,31", "25 336 004,31"),
            (2024, "21 069 745,80", "16 069 745,80"),
            (2025, "21 069 745,80", "16 069 745,80"),
            (2026, "21 069 745,80", "16 069 745,80"),
        )
    ]
    # And the reported decommitment: the programme's amount, the strategy's 10 % share
    decommitted = risk.rows[4]
    assert decommitted[:9] == [
        "IROP",
        "ERDF",
        category,
        "2022",
        "31. 12. 2025",
        "",
        "",
        cz("1 000 000,00"),
        "CZK",
    ]
    assert cz("10 000 000,00 CZK") in decommitted[9]
    assert "15. 3. 2026 (MMR-1234/2026)" in decommitted[9]
    assert len(risk.rows) == 5
    # And the totals: 25,336,004.31 + 3 x 16,069,745.80 = 73,545,241.71 at risk
    notes = " ".join(risk.notes)
    assert cz("lhůt: 73 545 241,71 CZK.") in notes
    assert cz("podle oznámení řídicích orgánů: 10 000 000,00 CZK.") in notes
    assert "Příspěvek k riziku neznamená ztrátu prostředků" in notes  # not a loss


def test_a_programme_without_tranche_data_says_so(world: PipelineWorld) -> None:
    # Given no tranche data for IROP
    risk = report(world.agglomeration).tables[RISK]
    # Then its row says so, and nothing is at risk
    state = cs("No tranche data: nothing can be said about this programme's risk.")
    assert risk.rows == [["IROP", "ERDF", "—", "", "", "", "", "", "CZK", state]]
    assert cs("The strategy contributes nothing to the programmes' risk at open deadlines.") in (
        risk.notes
    )
    assert "Bez údajů o tranších pro IROP (ERDF)" in risk.notes[-1]


# ---- 5: missed milestones ------------------------------------------------------------------


@time_machine.travel(date(2026, 12, 31), tick=False)
def test_a_milestone_the_achieved_value_misses_is_flagged(world: PipelineWorld) -> None:
    # Given T-CYKLO on 2.1.1 (milestone 2 km) with 1.5 km achieved, T-CYKLO on 3.1.1 without a
    # milestone, and T-EMISE on 3.1.2 (should fall; milestone 90) at 80
    iw = make_indicator_world(world)
    cycling = iw.project(S.IN_IMPLEMENTATION, "2.1.1", T_CYKLO="8")
    iw.report(cycling, date(2026, 6, 30), T_CYKLO="1.5")
    emissions = iw.project(S.IN_IMPLEMENTATION, "3.1.2", T_EMISE="60")
    iw.report(emissions, date(2026, 6, 30), T_EMISE="80")
    # When the report for 2026 is made
    indicators = report(iw.world.agglomeration, date(2026, 1, 1), date(2026, 12, 31)).tables[
        INDICATORS
    ]
    # Then the flag column says which milestone is missed and which reached
    assert indicators.headers[-1] == cs("Milestone 2024 reached")
    flags = {(row[0], row[1].split()[0]): (row[4], row[7], row[9]) for row in indicators.rows}
    assert flags == {
        ("2.1.1", "T-CYKLO"): ("2", "1,5", "⚠ " + cs("missed")),
        ("3.1.1", "T-CYKLO"): ("—", "0", ""),
        ("3.1.2", "T-EMISE"): ("90", "80", cs("reached")),
    }
    # And a note lists the missed ones
    assert indicators.notes[-1] == cs("Milestones missed: %(indicators)s.") % {
        "indicators": cs(
            "%(measure)s %(indicator)s: milestone %(milestone)s, achieved %(achieved)s %(unit)s"
        )
        % {
            "measure": "2.1.1",
            "indicator": "T-CYKLO",
            "milestone": "2",
            "achieved": "1,5",
            "unit": "km",
        }
    }
    # And before the milestone's day (31 Dec 2024) it is not yet due
    early = report(iw.world.agglomeration, date(2024, 1, 1), date(2024, 6, 30)).tables[INDICATORS]
    assert [row[9] for row in early.rows] == [cs("not yet due"), "", cs("not yet due")]


def test_an_indicator_that_should_fall_misses_its_milestone_above_it() -> None:
    falling = IndicatorCode(code="T-X", direction=Direction.DECREASE)
    row = IndicatorRow(falling, milestone_2024=D(90), achieved=D(95))
    assert milestone_missed(row, date(2025, 1, 1)) is True
    assert milestone_missed(replace(row, achieved=D(90)), date(2025, 1, 1)) is False
    assert milestone_missed(replace(row, milestone_2024=None), date(2025, 1, 1)) is None


# ---- 6: the amendments of the period -------------------------------------------------------


def test_the_amendments_approved_in_the_period_are_listed(world: PipelineWorld) -> None:
    # Given the strategy (version 1 approved 15 May 2023), an amendment approved on 1 September
    # 2025 and another on 1 February 2026
    manager = world.user(Role.MANAGER)
    for title, day, reference in (
        ("Posun peněz na cyklostezky", date(2025, 9, 1), "7/2025"),
        ("Nové indikátory", date(2026, 2, 1), "1/2026"),
    ):
        draft = start_amendment(world.strategy, title, actor=manager)
        approve(draft, manager, Approval(day, "Řídicí výbor ITI", reference))
    # When the report for 2025 is made
    amendments = report(world.agglomeration).tables[AMENDMENTS]
    # Then it lists the amendment of 2025 with its number, day, body, reference and summary
    assert amendments.headers == [
        cs("Version"),
        cs("Approved on"),
        cs("Approved by"),
        cs("Resolution or reference"),
        cs("Summary of the change"),
    ]
    assert amendments.rows == [
        ["2", "1. 9. 2025", "Řídicí výbor ITI", "7/2025", "Posun peněz na cyklostezky"]
    ]
    # And the approval of the strategy itself is no amendment
    first = report(world.agglomeration, date(2023, 1, 1), date(2023, 12, 31)).tables[AMENDMENTS]
    assert first.rows == []
    assert first.empty == cs("No amendment of the strategy was approved in the period.")


# ---- 8: the chart fits one page with its legend --------------------------------------------

MANY = [
    (f"9.{index}", [D(80348729), D(1000000), D(2000000), D(0), D(4000000)]) for index in range(40)
]
POINTS = 72 / 25.4  # a millimetre in PDF points
PAGE = (297 * POINTS, 210 * POINTS)
MARGIN = 15 * POINTS


def _rectangles(page: Any) -> list[tuple[float, float, float, float]]:
    """The filled rectangles drawn on a page: x0, y0, x1, y1 in points."""
    data = page.get_contents().get_data().decode("latin-1")
    found = []
    for match in re.finditer(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re f", data):
        x, y, width, height = (float(value) for value in match.groups())
        found.append((min(x, x + width), min(y, y + height), max(x, x + width), max(y, y + height)))
    return found


def test_the_pdf_chart_fits_one_page_with_its_legend(world: PipelineWorld) -> None:
    # Given a strategy with 40 measures' bars
    content = report(world.agglomeration)
    content = replace(content, chart=replace(content.chart, bars=MANY))
    # When the PDF is written
    with translation.override("cs"):
        data = fulfilment_pdf.fulfilment_pdf(content, compress=False)
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[-1]
    text = page.extract_text()
    # Then the chart's page holds its title, every measure, the whole legend and the note
    assert content.chart.title in text
    assert all(label in text.split() for label, _values in MANY)
    assert all(name in text for name in content.chart.series)
    assert content.chart.note in text
    # and, the bars being too thin for them, it says where the amounts are
    assert cs("The bars are too many to write their amounts: see the money table.") in text
    # And every bar and legend swatch lies within the page's printable area
    drawn = _rectangles(page)
    assert len(drawn) >= 40 * 4 + len(content.chart.series)
    for x0, y0, x1, y1 in drawn:
        assert MARGIN - 0.01 <= x0 < x1 <= PAGE[0] - MARGIN + 0.01
        assert MARGIN - 0.01 <= y0 < y1 <= PAGE[1] - MARGIN + 0.01
    # And the chart's page is its own: the previous page ends with the tables
    assert content.chart.title not in reader.pages[-2].extract_text()


def test_a_chart_of_few_measures_writes_the_amounts_beside_the_bars(world: PipelineWorld) -> None:
    content = report(world.agglomeration)
    with translation.override("cs"):
        data = fulfilment_pdf.fulfilment_pdf(content, compress=False)
    text = PdfReader(io.BytesIO(data)).pages[-1].extract_text()
    assert cz("80 348 729,00") in text
    assert "see the money table" not in text


def _mm(length: Length | None) -> float:
    assert length is not None
    return float(length.mm)


def test_the_docx_chart_is_sized_to_the_page_with_its_legend(world: PipelineWorld) -> None:
    # Given the same 40 measures
    content = report(world.agglomeration)
    content = replace(content, chart=replace(content.chart, bars=MANY))
    # When the DOCX is written
    document = Document(io.BytesIO(fulfilment_docx.fulfilment_docx(content)))
    # Then the page is A4 landscape and the picture (bars and legend) fits its printable area
    section = document.sections[0]
    page = _mm(section.page_width), _mm(section.page_height)
    assert (round(page[0]), round(page[1])) == (297, 210)
    printable = (
        page[0] - _mm(section.left_margin) - _mm(section.right_margin),
        page[1] - _mm(section.top_margin) - _mm(section.bottom_margin),
    )
    assert (round(printable[0]), round(printable[1])) == (267, 180)
    (shape,) = document.inline_shapes
    assert _mm(shape.width) <= printable[0]
    # (the heading and the note take the rest of the page's height)
    assert _mm(shape.height) <= chart_image.PAGE_BOX[1] + 0.5 < printable[1]
    blob = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
    with Image.open(io.BytesIO(blob.blob)) as image:
        assert image.size[1] <= chart_image.MAX_HEIGHT
    # And the chart starts a page of its own, its heading kept with the picture
    heading = next(p for p in document.paragraphs if p.text == content.chart.title)
    assert heading.paragraph_format.page_break_before
    assert heading.paragraph_format.keep_with_next


# ---- the new sections in Czech and in Polish -----------------------------------------------

NEW_TITLES = (
    "Money funnel per programme and specific objective (EU support, %(currencies)s)",
    "Projects (EU support)",
    "Early warning: the strategy's contribution to the decommitment risk (EU support)",
    "Amendments of the strategy approved in the period",
    "Indicators against milestones and targets",
)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("language", ["cs", "pl"])
def test_the_new_sections_are_titled_in_the_reports_language(
    world: PipelineWorld, language: str
) -> None:
    # Given Olomouc (Czech, CZK) or Opole (Polish, PLN, drawing on FE dla Opolskiego)
    if language == "cs":
        agglomeration, currencies, translate = world.agglomeration, "CZK, EUR", cs
    else:
        agglomeration, _manager = opole_drawing_on(make_programmes().feo_mobility)
        currencies, translate = "PLN, EUR", pl
    # When its report is written as DOCX and PDF
    content = report(agglomeration)
    assert content.language == language
    docx = _docx_text(fulfilment_docx.fulfilment_docx(content))
    with translation.override(language):
        pdf = _pdf_text(fulfilment_pdf.fulfilment_pdf(content))
    # Then both carry the new sections' titles in the report's language
    for title in NEW_TITLES:
        wanted = (
            translate(title) % {"currencies": currencies} if "%(" in title else translate(title)
        )
        assert wanted in docx
        assert wanted in " ".join(pdf.split())


# ---- the content's queries ---------------------------------------------------------------


def test_the_content_reads_a_fixed_number_of_queries(
    world: PipelineWorld, django_assert_num_queries: Any
) -> None:
    # Given one contracted intention
    intention(world, S.LEGAL_ACT, requested_eu="4000000.00")
    rates(world, range(1, 13))
    with django_assert_num_queries(QUERIES):
        report(world.agglomeration)
    # When there are more of every kind
    for status in (S.SUBMITTED, S.COMPLIANT, S.LEGAL_ACT, S.IN_IMPLEMENTATION):
        more = intention(world, status, requested_eu="1000000.00")
        pay(more, PaymentKind.CERTIFIED, date(2025, 7, 1), "1000.00")
    # Then the report reads as many
    with django_assert_num_queries(QUERIES):
        report(world.agglomeration)


QUERIES = 36


def test_the_chart_layout_examples_hold_and_a_long_legend_wraps() -> None:
    assert doctest.testmod(chart_image).failed == 0
    # Five names of 30 units each (swatch included) in rows of 100: three, then two
    names = ["a", "b", "c", "d", "e"]
    assert chart_image.legend_rows(names, 100, lambda name: 30.0) == [[0, 1, 2], [3, 4]]
    # A name wider than a row still gets a row of its own
    assert chart_image.legend_rows(names[:2], 10, lambda name: 30.0) == [[0], [1]]
