#!/usr/bin/env python3
"""Build the project's own reference fixtures from the shared public source files.

Reads (third-party, not committed):
  <shared>/reference/eu-common-indicators.csv
  <shared>/reference/eu-intervention-fields.csv
  <shared>/reference/opole-agglomeration-members.csv
  <shared>/reference/iti-cz-municipalities.csv
  <shared>/data/real/territory/lau2019_nuts2016_CZ_PL.csv
  <shared>/data/real/territory/cz_municipalities_codes_psc_gps_2018.csv

Writes (derived, committed; see DATA_SOURCES.md):
  aglomera/strategy/data/eu_common_indicators.json
  aglomera/monitoring/data/intervention_fields.csv
  aglomera/demo/data/olomouc/municipalities.csv
  aglomera/demo/data/opole/members.csv

Usage: python scripts/build_reference_data.py [--shared /work/shared]

Every source row that cannot be matched is printed and either handled by an explicit rule
below or makes the script fail; nothing is dropped silently.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
INDICATORS_OUT = REPO / "aglomera" / "strategy" / "data" / "eu_common_indicators.json"
INTERVENTION_FIELDS_OUT = REPO / "aglomera" / "monitoring" / "data" / "intervention_fields.csv"
OLOMOUC_OUT = REPO / "aglomera" / "demo" / "data" / "olomouc" / "municipalities.csv"
OPOLE_OUT = REPO / "aglomera" / "demo" / "data" / "opole" / "members.csv"

TERRITORY_COLUMNS = [
    "code",
    "name",
    "kind",
    "district",
    "nuts3",
    "population",
    "latitude",
    "longitude",
]

# --------------------------------------------------------------------------------------------
# A. EU common indicators (Reg. (EU) 2021/1058 Annex I): Czech and Polish names and units.
# Our own translations, approximating the official CS/PL texts of the regulation.
# --------------------------------------------------------------------------------------------

UNITS: dict[str, tuple[str, str]] = {
    "MW": ("MW", "MW"),
    "MWh": ("MWh", "MWh"),
    "MWh/year": ("MWh/rok", "MWh/rok"),
    "annual FTEs": (
        "roční ekvivalenty plného pracovního úvazku",
        "roczne ekwiwalenty pełnego czasu pracy",
    ),
    "cities and towns": ("města a obce", "miasta i miejscowości"),
    "co-generation units": ("kogenerační jednotky", "jednostki kogeneracyjne"),
    "contributions to strategies": ("příspěvky ke strategiím", "wkład w strategie"),
    "cubic metres per year": ("m³/rok", "m³/rok"),
    "cultural and tourism sites": (
        "kulturní a turistická místa",
        "obiekty kulturalne i turystyczne",
    ),
    "dwellings": ("obydlí", "mieszkania"),
    "end users/year": ("koneční uživatelé/rok", "użytkownicy końcowi/rok"),
    "enterprises": ("podniky", "przedsiębiorstwa"),
    "enterprises/year": ("podniky/rok", "przedsiębiorstwa/rok"),
    "euro": ("EUR", "EUR"),
    "events": ("akce", "wydarzenia"),
    "hectares": ("ha", "ha"),
    "intermodal connections": ("intermodální spojení", "połączenia intermodalne"),
    "joint strategy/action plan": (
        "společné strategie / akční plány",
        "wspólne strategie / plany działania",
    ),
    "km": ("km", "km"),
    "legal or administrative agreement": (
        "právní nebo správní dohody",
        "porozumienia prawne lub administracyjne",
    ),
    "legal or administrative obstacles": (
        "právní nebo správní překážky",
        "przeszkody prawne lub administracyjne",
    ),
    "man-days/year": ("člověkodny/rok", "osobodni/rok"),
    "organisations": ("organizace", "organizacje"),
    "participants": ("účastníci", "uczestnicy"),
    "participations": ("účasti", "uczestnictwa"),
    "participations of institutional stakeholders": (
        "účasti institucionálních zúčastněných stran",
        "uczestnictwa interesariuszy instytucjonalnych",
    ),
    "participations of stakeholders": ("účasti zúčastněných stran", "uczestnictwa interesariuszy"),
    "passenger-km/year": ("osobokilometry/rok", "pasażerokilometry/rok"),
    "passengers": ("cestující", "pasażerowie"),
    "patent applications": ("patentové přihlášky", "zgłoszenia patentowe"),
    "persons": ("osoby", "osoby"),
    "persons/year": ("osoby/rok", "osoby/rok"),
    "pilot actions": ("pilotní akce", "działania pilotażowe"),
    "population equivalent": ("ekvivalentní obyvatelé", "równoważna liczba mieszkańców"),
    "projects": ("projekty", "projekty"),
    "public institutions": ("veřejné instituce", "instytucje publiczne"),
    "publications": ("publikace", "publikacje"),
    "refuelling/recharging points": ("čerpací/dobíjecí místa", "punkty tankowania/ładowania"),
    "renewable energy communities": (
        "společenství pro obnovitelné zdroje",
        "społeczności energetyczne działające w zakresie energii odnawialnej",
    ),
    "research institutions": ("výzkumné instituce", "instytucje badawcze"),
    "solutions": ("řešení", "rozwiązania"),
    "square meters": ("m²", "m²"),
    "square metres": ("m²", "m²"),
    "stations and stops": ("stanice a zastávky", "stacje i przystanki"),
    "strategies": ("strategie", "strategie"),
    "strategy/action plan": ("strategie / akční plány", "strategie / plany działania"),
    "system components": ("komponenty systému", "komponenty systemu"),
    "tonnes CO2 eq./year": ("t ekv. CO2/rok", "t ekwiwalentu CO2/rok"),
    "tonnes-km/year": ("tunokilometry/rok", "tonokilometry/rok"),
    "tonnes/year": ("t/rok", "t/rok"),
    "trademark and design applications": (
        "přihlášky ochranných známek a průmyslových vzorů",
        "zgłoszenia znaków towarowych i wzorów przemysłowych",
    ),
    "users/year": ("uživatelé/rok", "użytkownicy/rok"),
    "visitors/year": ("návštěvníci/rok", "odwiedzający/rok"),
}

NAMES: dict[str, tuple[str, str]] = {
    "RCO01": (
        "Podporované podniky (z toho: mikropodniky, malé, střední, velké)",
        "Przedsiębiorstwa objęte wsparciem (w tym: mikro, małe, średnie, duże)",
    ),
    "RCO02": ("Podniky podpořené granty", "Przedsiębiorstwa objęte wsparciem w formie dotacji"),
    "RCO03": (
        "Podniky podpořené finančními nástroji",
        "Przedsiębiorstwa objęte wsparciem w formie instrumentów finansowych",
    ),
    "RCO04": ("Podniky s nefinanční podporou", "Przedsiębiorstwa objęte wsparciem niefinansowym"),
    "RCO05": ("Podporované nové podniky", "Nowe przedsiębiorstwa objęte wsparciem"),
    "RCO06": (
        "Výzkumní pracovníci pracující v podporovaných výzkumných zařízeních",
        "Naukowcy pracujący we wspieranych obiektach badawczych",
    ),
    "RCO07": (
        "Výzkumné organizace účastnící se společných výzkumných projektů",
        "Organizacje badawcze uczestniczące we wspólnych projektach badawczych",
    ),
    "RCO08": (
        "Nominální hodnota vybavení pro výzkum a inovace",
        "Wartość nominalna sprzętu do badań naukowych i innowacji",
    ),
    "RCO10": (
        "Podniky spolupracující s výzkumnými organizacemi",
        "Przedsiębiorstwa współpracujące z organizacjami badawczymi",
    ),
    "RCO13": (
        "Hodnota digitálních služeb, produktů a procesů vyvinutých pro podniky",
        "Wartość usług, produktów i procesów cyfrowych opracowanych dla przedsiębiorstw",
    ),
    "RCO14": (
        "Veřejné instituce podporované při vývoji digitálních služeb, produktů a procesů",
        "Instytucje publiczne otrzymujące wsparcie na opracowywanie usług, produktów i procesów "
        "cyfrowych",
    ),
    "RCO15": ("Vytvořená inkubační kapacita", "Utworzone zdolności w zakresie inkubacji"),
    "RCO16": (
        "Účasti institucionálních zúčastněných stran na procesu podnikatelského objevování",
        "Udział zainteresowanych stron instytucjonalnych w procesie przedsiębiorczego odkrywania",
    ),
    "RCO18": (
        "Obydlí se zlepšenou energetickou náročností",
        "Mieszkania o lepszej charakterystyce energetycznej",
    ),
    "RCO19": (
        "Veřejné budovy se zlepšenou energetickou náročností",
        "Budynki publiczne o lepszej charakterystyce energetycznej",
    ),
    "RCO20": (
        "Nově vybudovaná nebo zlepšená potrubí soustav dálkového vytápění a chlazení",
        "Nowo wybudowane lub zmodernizowane sieci ciepłownicze i chłodnicze",
    ),
    "RCO22": (
        "Dodatečná výrobní kapacita pro energii z obnovitelných zdrojů (z toho: elektrická, "
        "tepelná)",
        "Dodatkowa zdolność wytwarzania energii odnawialnej "
        "(w tym: energii elektrycznej, cieplnej)",
    ),
    "RCO23": (
        "Digitální systémy řízení pro inteligentní energetické systémy",
        "Cyfrowe systemy zarządzania dla inteligentnych systemów energetycznych",
    ),
    "RCO24": (
        "Investice do nových nebo modernizovaných systémů monitorování, připravenosti, varování "
        "a reakce na přírodní katastrofy",
        "Inwestycje w nowe lub zmodernizowane systemy monitorowania, gotowości, ostrzegania "
        "i reagowania w odniesieniu do klęsk żywiołowych",
    ),
    "RCO25": (
        "Nově vybudovaná nebo zpevněná protipovodňová ochrana pobřežních pásů, břehů řek a jezer",
        "Nowo wybudowane lub wzmocnione zabezpieczenia przeciwpowodziowe pasa wybrzeża, brzegów "
        "rzek i jezior",
    ),
    "RCO26": (
        "Zelená infrastruktura vybudovaná nebo modernizovaná pro přizpůsobení se změně klimatu",
        "Zielona infrastruktura wybudowana lub zmodernizowana w celu przystosowania się do zmian "
        "klimatu",
    ),
    "RCO27": (
        "Národní a regionální strategie pro přizpůsobení se změně klimatu",
        "Krajowe i regionalne strategie dotyczące przystosowania się do zmian klimatu",
    ),
    "RCO28": (
        "Plocha pokrytá opatřeními na ochranu před lesními požáry",
        "Obszar objęty środkami ochrony przed pożarami lasów",
    ),
    "RCO30": (
        "Plocha pokrytá opatřeními na ochranu před lesními požáry (název ze zdroje, ověřit)",
        "Obszar objęty środkami ochrony przed pożarami lasów (nazwa ze źródła, do weryfikacji)",
    ),
    "RCO31": (
        "Délka nových nebo modernizovaných potrubí pro distribuční systémy veřejného zásobování "
        "vodou",
        "Długość nowych lub zmodernizowanych rurociągów w publicznej sieci wodociągowej",
    ),
    "RCO32": (
        "Nová nebo modernizovaná kapacita pro čištění odpadních vod",
        "Nowe lub zmodernizowane zdolności oczyszczania ścieków",
    ),
    "RCO34": (
        "Dodatečná kapacita pro recyklaci odpadu",
        "Dodatkowe zdolności w zakresie recyklingu odpadów",
    ),
    "RCO36": (
        "Zelená infrastruktura podporovaná pro jiné účely než pro přizpůsobení se změně klimatu",
        "Zielona infrastruktura objęta wsparciem do celów innych niż przystosowanie się do zmian "
        "klimatu",
    ),
    "RCO37": (
        "Plocha lokalit Natura 2000, na které se vztahují opatření na ochranu a obnovu",
        "Powierzchnia obszarów Natura 2000 objętych działaniami w zakresie ochrony i odbudowy",
    ),
    "RCO38": (
        "Plocha podporované rekultivované půdy",
        "Powierzchnia rekultywowanych gruntów objętych wsparciem",
    ),
    "RCO39": (
        "Plocha pokrytá zavedenými systémy monitorování znečištění ovzduší",
        "Obszar objęty zainstalowanymi systemami monitorowania zanieczyszczenia powietrza",
    ),
    "RCO41": (
        "Další obydlí s širokopásmovým přístupem s velmi vysokou kapacitou",
        "Dodatkowe mieszkania z dostępem szerokopasmowym o bardzo dużej przepustowości",
    ),
    "RCO42": (
        "Další podniky s širokopásmovým přístupem s velmi vysokou kapacitou",
        "Dodatkowe przedsiębiorstwa z dostępem szerokopasmowym o bardzo dużej przepustowości",
    ),
    "RCO43": (
        "Délka nových nebo modernizovaných silnic – TEN-T",
        "Długość nowych lub zmodernizowanych dróg – TEN-T",
    ),
    "RCO44": (
        "Délka nových nebo modernizovaných silnic – mimo TEN-T",
        "Długość nowych lub zmodernizowanych dróg – poza TEN-T",
    ),
    "RCO45": (
        "Délka rekonstruovaných nebo modernizovaných silnic – TEN-T",
        "Długość przebudowanych lub zmodernizowanych dróg – TEN-T",
    ),
    "RCO46": (
        "Délka rekonstruovaných nebo modernizovaných silnic – mimo TEN-T",
        "Długość przebudowanych lub zmodernizowanych dróg – poza TEN-T",
    ),
    "RCO47": (
        "Délka nových nebo modernizovaných železničních tratí – TEN-T",
        "Długość nowych lub zmodernizowanych linii kolejowych – TEN-T",
    ),
    "RCO48": (
        "Délka nových nebo modernizovaných železničních tratí – mimo TEN-T",
        "Długość nowych lub zmodernizowanych linii kolejowych – poza TEN-T",
    ),
    "RCO49": (
        "Délka rekonstruovaných nebo modernizovaných železničních tratí – TEN-T",
        "Długość przebudowanych lub zmodernizowanych linii kolejowych – TEN-T",
    ),
    "RCO50": (
        "Délka rekonstruovaných nebo modernizovaných železničních tratí – mimo TEN-T",
        "Długość przebudowanych lub zmodernizowanych linii kolejowych – poza TEN-T",
    ),
    "RCO51": (
        "Délka nových, modernizovaných nebo zlepšených vnitrozemských vodních cest – TEN-T",
        "Długość nowych, zmodernizowanych lub usprawnionych śródlądowych dróg wodnych – TEN-T",
    ),
    "RCO52": (
        "Délka nových, modernizovaných nebo zlepšených vnitrozemských vodních cest – mimo TEN-T",
        "Długość nowych, zmodernizowanych lub usprawnionych śródlądowych dróg wodnych – poza TEN-T",
    ),
    "RCO53": (
        "Nové nebo modernizované železniční stanice a zastávky",
        "Nowe lub zmodernizowane stacje i przystanki kolejowe",
    ),
    "RCO54": (
        "Nová nebo modernizovaná intermodální spojení",
        "Nowe lub zmodernizowane połączenia intermodalne",
    ),
    "RCO55": (
        "Délka nových tramvajových tratí a tratí metra",
        "Długość nowych linii tramwajowych i metra",
    ),
    "RCO56": (
        "Délka rekonstruovaných nebo modernizovaných tramvajových tratí a tratí metra",
        "Długość przebudowanych lub zmodernizowanych linii tramwajowych i metra",
    ),
    "RCO57": (
        "Kapacita ekologických kolejových vozidel pro veřejnou hromadnou dopravu",
        "Pojemność przyjaznego dla środowiska taboru do zbiorowego transportu publicznego",
    ),
    "RCO58": (
        "Podporovaná vyhrazená cyklistická infrastruktura",
        "Wspierana infrastruktura rowerowa",
    ),
    "RCO59": (
        "Infrastruktura pro alternativní paliva (čerpací/dobíjecí místa)",
        "Infrastruktura paliw alternatywnych (punkty tankowania/ładowania)",
    ),
    "RCO60": (
        "Města a obce s novými nebo modernizovanými digitalizovanými systémy městské dopravy",
        "Miasta i miejscowości z nowymi lub zmodernizowanymi cyfrowymi systemami transportu "
        "miejskiego",
    ),
    "RCO61": (
        "Plocha nových nebo modernizovaných zařízení služeb zaměstnanosti",
        "Powierzchnia nowych lub zmodernizowanych obiektów publicznych służb zatrudnienia",
    ),
    "RCO63": (
        "Kapacita nových nebo modernizovaných zařízení dočasného přijímání",
        "Pojemność nowych lub zmodernizowanych tymczasowych obiektów recepcyjnych",
    ),
    "RCO65": (
        "Kapacita nového nebo modernizovaného sociálního bydlení",
        "Pojemność nowych lub zmodernizowanych mieszkań socjalnych",
    ),
    "RCO66": (
        "Kapacita tříd v nových nebo modernizovaných zařízeních péče o děti",
        "Pojemność klas w nowych lub zmodernizowanych placówkach opieki nad dziećmi",
    ),
    "RCO67": (
        "Kapacita tříd v nových nebo modernizovaných vzdělávacích zařízeních",
        "Pojemność klas w nowych lub zmodernizowanych placówkach edukacyjnych",
    ),
    "RCO69": (
        "Kapacita nových nebo modernizovaných zdravotnických zařízení",
        "Pojemność nowych lub zmodernizowanych placówek opieki zdrowotnej",
    ),
    "RCO70": (
        "Kapacita nových nebo modernizovaných zařízení sociální péče (jiných než bydlení)",
        "Pojemność nowych lub zmodernizowanych obiektów opieki społecznej (innych niż mieszkania)",
    ),
    "RCO74": (
        "Obyvatelstvo pokryté projekty v rámci strategií integrovaného územního rozvoje",
        "Ludność objęta projektami w ramach strategii zintegrowanego rozwoju terytorialnego",
    ),
    "RCO75": (
        "Podporované strategie integrovaného územního rozvoje",
        "Wspierane strategie zintegrowanego rozwoju terytorialnego",
    ),
    "RCO76": (
        "Integrované projekty územního rozvoje",
        "Zintegrowane projekty rozwoju terytorialnego",
    ),
    "RCO77": (
        "Počet podpořených kulturních a turistických míst",
        "Liczba wspartych obiektów kulturalnych i turystycznych",
    ),
    "RCO80": (
        "Podporované strategie komunitně vedeného místního rozvoje",
        "Wspierane strategie rozwoju lokalnego kierowanego przez społeczność",
    ),
    "RCO81": (
        "Účasti na společných přeshraničních akcích",
        "Uczestnictwo we wspólnych działaniach transgranicznych",
    ),
    "RCO82": (
        "Účasti na společných akcích podporujících rovnost žen a mužů, rovné příležitosti "
        "a sociální začleňování",
        "Uczestnictwo we wspólnych działaniach na rzecz równouprawnienia płci, równych szans "
        "i włączenia społecznego",
    ),
    "RCO83": (
        "Společně vypracované strategie a akční plány",
        "Wspólnie opracowane strategie i plany działania",
    ),
    "RCO84": (
        "Pilotní akce společně vytvořené a realizované v projektech",
        "Wspólnie opracowane i wdrożone w projektach działania pilotażowe",
    ),
    "RCO85": (
        "Účasti na společných vzdělávacích programech",
        "Uczestnictwo we wspólnych programach szkoleniowych",
    ),
    "RCO86": (
        "Podepsané společné správní nebo právní dohody",
        "Podpisane wspólne porozumienia administracyjne lub prawne",
    ),
    "RCO87": (
        "Organizace spolupracující přes hranice",
        "Organizacje współpracujące ponad granicami",
    ),
    "RCO90": (
        "Projekty pro přeshraniční inovační sítě",
        "Projekty na rzecz transgranicznych sieci innowacji",
    ),
    "RCO96": (
        "Meziregionální investice do inovací v projektech Unie",
        "Międzyregionalne inwestycje w innowacje w projektach unijnych",
    ),
    "RCO97": (
        "Podporovaná společenství pro obnovitelné zdroje",
        "Wspierane społeczności energetyczne działające w zakresie energii odnawialnej",
    ),
    "RCO101": (
        "MSP investující do dovedností pro inteligentní specializaci, průmyslovou transformaci "
        "a podnikání",
        "MŚP inwestujące w umiejętności w zakresie inteligentnej specjalizacji, transformacji "
        "przemysłowej i przedsiębiorczości",
    ),
    "RCO103": (
        "Podporované rychle rostoucí podniky",
        "Wspierane przedsiębiorstwa o wysokim wzroście",
    ),
    "RCO104": (
        "Počet vysoce účinných kogeneračních jednotek",
        "Liczba jednostek wysokosprawnej kogeneracji",
    ),
    "RCO105": (
        "Řešení pro skladování elektřiny",
        "Rozwiązania w zakresie magazynowania energii elektrycznej",
    ),
    "RCO106": (
        "Nově vybudovaná nebo zpevněná ochrana proti sesuvům půdy",
        "Nowo wybudowane lub wzmocnione zabezpieczenia przed osuwiskami",
    ),
    "RCO107": (
        "Investice do zařízení pro tříděný sběr odpadu",
        "Inwestycje w instalacje do selektywnej zbiórki odpadów",
    ),
    "RCO108": (
        "Délka silnic s novými nebo modernizovanými systémy řízení provozu – TEN-T",
        "Długość dróg z nowymi lub zmodernizowanymi systemami zarządzania ruchem – TEN-T",
    ),
    "RCO109": (
        "Délka provozovaných železničních tratí vybavených Evropským systémem řízení železničního "
        "provozu – TEN-T",
        "Długość eksploatowanych linii kolejowych wyposażonych w europejski system zarządzania "
        "ruchem kolejowym – TEN-T",
    ),
    "RCO110": (
        "Délka silnic s novými nebo modernizovanými systémy řízení provozu – mimo TEN-T",
        "Długość dróg z nowymi lub zmodernizowanymi systemami zarządzania ruchem – poza TEN-T",
    ),
    "RCO111": (
        "Délka provozovaných železničních tratí vybavených Evropským systémem řízení železničního "
        "provozu – mimo TEN-T",
        "Długość eksploatowanych linii kolejowych wyposażonych w europejski system zarządzania "
        "ruchem kolejowym – poza TEN-T",
    ),
    "RCO112": (
        "Zúčastněné strany zapojené do přípravy a provádění strategií integrovaného územního "
        "rozvoje",
        "Zainteresowane strony uczestniczące w przygotowaniu i realizacji strategii "
        "zintegrowanego rozwoju terytorialnego",
    ),
    "RCO113": (
        "Obyvatelstvo pokryté projekty v rámci integrovaných akcí pro socioekonomické začlenění "
        "marginalizovaných komunit, domácností s nízkými příjmy a znevýhodněných skupin",
        "Ludność objęta projektami w ramach zintegrowanych działań na rzecz włączenia "
        "społeczno-gospodarczego społeczności marginalizowanych, gospodarstw domowych o niskich "
        "dochodach i grup w niekorzystnej sytuacji",
    ),
    "RCO114": (
        "Otevřený prostor vytvořený nebo rehabilitovaný v městských oblastech",
        "Otwarta przestrzeń utworzona lub rekultywowana na obszarach miejskich",
    ),
    "RCO115": (
        "Společně organizované přeshraniční veřejné akce",
        "Wspólnie zorganizowane transgraniczne wydarzenia publiczne",
    ),
    "RCO116": ("Společně vyvinutá řešení", "Wspólnie opracowane rozwiązania"),
    "RCO117": (
        "Identifikovaná řešení právních nebo správních překážek na hranicích",
        "Zidentyfikowane rozwiązania przeszkód prawnych lub administracyjnych na granicach",
    ),
    "RCO118": (
        "Organizace spolupracující na víceúrovňové správě makroregionálních strategií",
        "Organizacje współpracujące na rzecz wielopoziomowego zarządzania strategiami "
        "makroregionalnymi",
    ),
    "RCO119": ("Odpad připravený k opětovnému použití", "Odpady przygotowane do ponownego użycia"),
    "RCO120": (
        "Projekty podporující přeshraniční spolupráci při rozvoji vazeb mezi městem a venkovem",
        "Projekty wspierające współpracę transgraniczną w celu rozwijania powiązań "
        "miejsko-wiejskich",
    ),
    "RCO121": (
        "Plocha pokrytá opatřeními na ochranu před přírodními katastrofami souvisejícími "
        "s klimatem (jinými než povodně a lesní požáry)",
        "Obszar objęty środkami ochrony przed klęskami żywiołowymi związanymi z klimatem (innymi "
        "niż powodzie i pożary lasów)",
    ),
    "RCO122": (
        "Investice do nových nebo modernizovaných systémů monitorování, připravenosti, varování "
        "a reakce na přírodní rizika nesouvisející s klimatem a rizika spojená s lidskou činností",
        "Inwestycje w nowe lub zmodernizowane systemy monitorowania, gotowości, ostrzegania "
        "i reagowania w odniesieniu do zagrożeń naturalnych niezwiązanych z klimatem oraz "
        "zagrożeń związanych z działalnością człowieka",
    ),
    "RCO123": (
        "Obydlí využívající kotle a topné systémy na zemní plyn nahrazující zařízení na tuhá "
        "fosilní paliva",
        "Mieszkania korzystające z kotłów i systemów grzewczych opalanych gazem ziemnym "
        "zastępujących instalacje na stałe paliwa kopalne",
    ),
    "RCO124": (
        "Nově vybudovaná nebo zlepšená přepravní a distribuční plynovodní potrubí",
        "Nowo wybudowane lub zmodernizowane sieci przesyłowe i dystrybucyjne gazu",
    ),
    "RCR01": (
        "Pracovní místa vytvořená v podporovaných subjektech",
        "Miejsca pracy utworzone we wspieranych jednostkach",
    ),
    "RCR02": (
        "Soukromé investice doplňující veřejnou podporu (z toho: granty, finanční nástroje)",
        "Inwestycje prywatne uzupełniające wsparcie publiczne (w tym: dotacje, instrumenty "
        "finansowe)",
    ),
    "RCR03": (
        "Malé a střední podniky (MSP) zavádějící inovace produktů nebo procesů",
        "Małe i średnie przedsiębiorstwa (MŚP) wprowadzające innowacje produktowe lub procesowe",
    ),
    "RCR04": (
        "MSP zavádějící marketingové nebo organizační inovace",
        "MŚP wprowadzające innowacje marketingowe lub organizacyjne",
    ),
    "RCR05": ("MSP inovující interně", "MŚP wprowadzające innowacje wewnątrz przedsiębiorstwa"),
    "RCR06": ("Podané patentové přihlášky", "Złożone wnioski patentowe"),
    "RCR07": (
        "Přihlášky ochranných známek a průmyslových vzorů",
        "Wnioski o rejestrację znaków towarowych i wzorów",
    ),
    "RCR08": ("Publikace z podporovaných projektů", "Publikacje z projektów objętych wsparciem"),
    "RCR11": (
        "Uživatelé nových a modernizovaných veřejných digitálních služeb, produktů a procesů",
        "Użytkownicy nowych i zmodernizowanych publicznych usług, produktów i procesów cyfrowych",
    ),
    "RCR12": (
        "Uživatelé nových a modernizovaných digitálních služeb, produktů a procesů vyvinutých "
        "podniky",
        "Użytkownicy nowych i zmodernizowanych usług, produktów i procesów cyfrowych "
        "opracowanych przez przedsiębiorstwa",
    ),
    "RCR13": (
        "Podniky dosahující vysoké digitální intenzity",
        "Przedsiębiorstwa osiągające wysoką intensywność cyfrową",
    ),
    "RCR17": (
        "Nové podniky, které přežily na trhu",
        "Nowe przedsiębiorstwa utrzymujące się na rynku",
    ),
    "RCR18": (
        "MSP využívající služby inkubátoru po jeho vytvoření",
        "MŚP korzystające z usług inkubatora po jego utworzeniu",
    ),
    "RCR19": ("Podniky s vyšším obratem", "Przedsiębiorstwa o wyższych obrotach"),
    "RCR25": (
        "MSP s vyšší přidanou hodnotou na zaměstnance",
        "MŚP o wyższej wartości dodanej na pracownika",
    ),
    "RCR26": (
        "Roční spotřeba primární energie (z toho: obydlí, veřejné budovy, podniky, ostatní)",
        "Roczne zużycie energii pierwotnej (w tym: mieszkania, budynki publiczne, "
        "przedsiębiorstwa, inne)",
    ),
    "RCR29": ("Odhadované emise skleníkových plynů", "Szacowana emisja gazów cieplarnianych"),
    "RCR31": (
        "Celková vyrobená energie z obnovitelných zdrojů (z toho: elektrická, tepelná)",
        "Całkowita ilość wytworzonej energii odnawialnej (w tym: elektrycznej, cieplnej)",
    ),
    "RCR32": (
        "Dodatečná provozní kapacita instalovaná pro energii z obnovitelných zdrojů",
        "Dodatkowa moc zainstalowana w zakresie energii odnawialnej",
    ),
    "RCR33": (
        "Uživatelé připojení k inteligentním energetickým systémům",
        "Użytkownicy podłączeni do inteligentnych systemów energetycznych",
    ),
    "RCR34": (
        "Zavedení projektů pro inteligentní energetické systémy",
        "Wdrożenie projektów dotyczących inteligentnych systemów energetycznych",
    ),
    "RCR35": (
        "Obyvatelstvo využívající opatření na ochranu před povodněmi",
        "Ludność odnosząca korzyści ze środków ochrony przeciwpowodziowej",
    ),
    "RCR36": (
        "Obyvatelstvo využívající opatření na ochranu před lesními požáry",
        "Ludność odnosząca korzyści ze środków ochrony przed pożarami lasów",
    ),
    "RCR37": (
        "Obyvatelstvo využívající opatření na ochranu před přírodními katastrofami souvisejícími "
        "s klimatem (jinými než povodně a lesní požáry)",
        "Ludność odnosząca korzyści ze środków ochrony przed klęskami żywiołowymi związanymi "
        "z klimatem (innymi niż powodzie i pożary lasów)",
    ),
    "RCR41": (
        "Obyvatelstvo připojené ke zlepšenému veřejnému zásobování vodou",
        "Ludność przyłączona do ulepszonej publicznej sieci wodociągowej",
    ),
    "RCR42": (
        "Obyvatelstvo připojené alespoň k sekundárnímu veřejnému čištění odpadních vod",
        "Ludność przyłączona do co najmniej wtórnego publicznego oczyszczania ścieków",
    ),
    "RCR43": (
        "Ztráty vody v distribučních systémech veřejného zásobování vodou",
        "Straty wody w publicznych systemach dystrybucji wody",
    ),
    "RCR47": ("Recyklovaný odpad", "Odpady poddane recyklingowi"),
    "RCR48": ("Odpad použitý jako surovina", "Odpady wykorzystane jako surowce"),
    "RCR50": (
        "Obyvatelstvo využívající opatření pro kvalitu ovzduší",
        "Ludność odnosząca korzyści ze środków na rzecz jakości powietrza",
    ),
    "RCR52": (
        "Rekultivovaná půda využívaná pro zelené plochy, sociální bydlení, hospodářské nebo jiné "
        "účely",
        "Grunty zrekultywowane wykorzystywane jako tereny zielone, pod budownictwo socjalne, "
        "działalność gospodarczą lub do innych celów",
    ),
    "RCR53": (
        "Obydlí s širokopásmovým připojením k síti s velmi vysokou kapacitou",
        "Mieszkania z abonamentem szerokopasmowym w sieci o bardzo dużej przepustowości",
    ),
    "RCR54": (
        "Podniky s širokopásmovým připojením k síti s velmi vysokou kapacitou",
        "Przedsiębiorstwa z abonamentem szerokopasmowym w sieci o bardzo dużej przepustowości",
    ),
    "RCR55": (
        "Roční počet uživatelů nově vybudovaných, rekonstruovaných nebo modernizovaných silnic",
        "Roczna liczba użytkowników nowo wybudowanych, przebudowanych lub zmodernizowanych dróg",
    ),
    "RCR56": (
        "Úspora času díky zlepšené silniční infrastruktuře",
        "Oszczędność czasu dzięki ulepszonej infrastrukturze drogowej",
    ),
    "RCR58": (
        "Roční počet uživatelů nově vybudovaných, modernizovaných nebo rekonstruovaných železnic",
        "Roczna liczba użytkowników nowo wybudowanych, zmodernizowanych lub przebudowanych linii "
        "kolejowych",
    ),
    "RCR59": ("Nákladní železniční doprava", "Kolejowy transport towarowy"),
    "RCR60": (
        "Nákladní doprava po vnitrozemských vodních cestách",
        "Transport towarowy śródlądowymi drogami wodnymi",
    ),
    "RCR62": (
        "Roční počet uživatelů nové nebo modernizované veřejné dopravy",
        "Roczna liczba użytkowników nowego lub zmodernizowanego transportu publicznego",
    ),
    "RCR63": (
        "Roční počet uživatelů nových nebo modernizovaných tramvajových tratí a tratí metra",
        "Roczna liczba użytkowników nowych lub zmodernizowanych linii tramwajowych i metra",
    ),
    "RCR64": (
        "Roční počet uživatelů vyhrazené cyklistické infrastruktury",
        "Roczna liczba użytkowników infrastruktury rowerowej",
    ),
    "RCR65": (
        "Roční počet uživatelů nových nebo modernizovaných zařízení služeb zaměstnanosti",
        "Roczna liczba użytkowników nowych lub zmodernizowanych obiektów służb zatrudnienia",
    ),
    "RCR66": (
        "Roční počet uživatelů nových nebo modernizovaných zařízení dočasného přijímání",
        "Roczna liczba użytkowników nowych lub zmodernizowanych tymczasowych obiektów recepcyjnych",
    ),
    "RCR67": (
        "Roční počet uživatelů nového nebo modernizovaného sociálního bydlení",
        "Roczna liczba użytkowników nowych lub zmodernizowanych mieszkań socjalnych",
    ),
    "RCR70": (
        "Roční počet uživatelů nových nebo modernizovaných zařízení péče o děti",
        "Roczna liczba użytkowników nowych lub zmodernizowanych placówek opieki nad dziećmi",
    ),
    "RCR71": (
        "Roční počet uživatelů nových nebo modernizovaných vzdělávacích zařízení",
        "Roczna liczba użytkowników nowych lub zmodernizowanych placówek edukacyjnych",
    ),
    "RCR72": (
        "Roční počet uživatelů nových nebo modernizovaných služeb elektronického zdravotnictví",
        "Roczna liczba użytkowników nowych lub zmodernizowanych usług e-zdrowia",
    ),
    "RCR73": (
        "Roční počet uživatelů nových nebo modernizovaných zdravotnických zařízení",
        "Roczna liczba użytkowników nowych lub zmodernizowanych placówek opieki zdrowotnej",
    ),
    "RCR74": (
        "Roční počet uživatelů nových nebo modernizovaných zařízení sociální péče",
        "Roczna liczba użytkowników nowych lub zmodernizowanych obiektów opieki społecznej",
    ),
    "RCR77": (
        "Návštěvníci podpořených kulturních a turistických míst",
        "Liczba osób odwiedzających wspierane obiekty kulturalne i turystyczne",
    ),
    "RCR79": (
        "Společné strategie a akční plány převzaté organizacemi",
        "Wspólne strategie i plany działania podjęte przez organizacje",
    ),
    "RCR81": (
        "Dokončení společných vzdělávacích programů",
        "Ukończenie wspólnych programów szkoleniowych",
    ),
    "RCR82": (
        "Zmírněné nebo vyřešené přeshraniční právní nebo správní překážky",
        "Złagodzone lub usunięte transgraniczne przeszkody prawne lub administracyjne",
    ),
    "RCR83": (
        "Osoby, na které se vztahují podepsané společné správní nebo právní dohody",
        "Osoby objęte podpisanymi wspólnymi porozumieniami administracyjnymi lub prawnymi",
    ),
    "RCR84": (
        "Organizace spolupracující přes hranice po dokončení projektu",
        "Organizacje współpracujące ponad granicami po zakończeniu projektu",
    ),
    "RCR85": (
        "Účasti na společných přeshraničních akcích po dokončení projektu",
        "Uczestnictwo we wspólnych działaniach transgranicznych po zakończeniu projektu",
    ),
    "RCR95": (
        "Obyvatelstvo s přístupem k nové nebo zlepšené zelené infrastruktuře",
        "Ludność mająca dostęp do nowej lub zmodernizowanej zielonej infrastruktury",
    ),
    "RCR96": (
        "Obyvatelstvo využívající opatření na ochranu před přírodními riziky nesouvisejícími "
        "s klimatem a riziky spojenými s lidskou činností",
        "Ludność odnosząca korzyści ze środków ochrony przed zagrożeniami naturalnymi "
        "niezwiązanymi z klimatem oraz zagrożeniami związanymi z działalnością człowieka",
    ),
    "RCR97": ("Podporovaná učňovská příprava v MSP", "Przygotowanie zawodowe wspierane w MŚP"),
    "RCR98": (
        "Zaměstnanci MSP, kteří dokončili vzdělávání v oblasti dovedností pro inteligentní "
        "specializaci, průmyslovou transformaci a podnikání (podle typu dovednosti: technické, "
        "manažerské, podnikatelské, zelené, jiné)",
        "Pracownicy MŚP kończący szkolenie w zakresie umiejętności w dziedzinie inteligentnej "
        "specjalizacji, transformacji przemysłowej i przedsiębiorczości (według rodzaju "
        "umiejętności: techniczne, zarządcze, przedsiębiorczość, ekologiczne, inne)",
    ),
    "RCR101": (
        "Úspora času díky zlepšené železniční infrastruktuře",
        "Oszczędność czasu dzięki ulepszonej infrastrukturze kolejowej",
    ),
    "RCR102": (
        "Pracovní místa ve výzkumu vytvořená v podporovaných subjektech",
        "Miejsca pracy dla naukowców utworzone we wspieranych jednostkach",
    ),
    "RCR103": ("Odděleně sebraný odpad", "Odpady zbierane selektywnie"),
    "RCR104": (
        "Řešení převzatá nebo rozšířená organizacemi",
        "Rozwiązania przyjęte lub rozszerzone przez organizacje",
    ),
    "RCR105": (
        "Odhadované emise skleníkových plynů z kotlů a topných systémů převedených z tuhých "
        "fosilních paliv na plyn",
        "Szacowana emisja gazów cieplarnianych z kotłów i systemów grzewczych przekształconych "
        "z instalacji na stałe paliwa kopalne na gazowe",
    ),
}

# Result indicators measuring something that should fall (consumption, emissions, losses):
# their target lies below the baseline, so the code list marks them "decrease".
DECREASING = {"RCR26", "RCR29", "RCR43", "RCR105"}
# How values combine over projects and measures (migration strategy 0004 explains the rule);
# every indicator not named here is summed.
AGGREGATION = {
    **dict.fromkeys(("RCO74", "RCO75", "RCO80", "RCO113"), "max"),
    **dict.fromkeys(
        ("RCR35", "RCR36", "RCR37", "RCR41", "RCR42", "RCR50", "RCR95", "RCR96"), "none"
    ),
}


def build_indicators(shared: Path) -> int:
    source = shared / "reference" / "eu-common-indicators.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    missing_names = [r["code"] for r in rows if r["code"] not in NAMES]
    missing_units = sorted({r["measurement_unit"] for r in rows} - set(UNITS))
    unused = sorted(set(NAMES) - {r["code"] for r in rows})
    if missing_names or missing_units or unused:
        sys.exit(
            f"translations out of step: names missing {missing_names}, units missing "
            f"{missing_units}, names without a source row {unused}"
        )
    out = []
    for row in rows:
        kind = "output" if row["indicator_type"].startswith("output") else "result"
        cs_name, pl_name = NAMES[row["code"]]
        cs_unit, pl_unit = UNITS[row["measurement_unit"]]
        note_parts = [row["verification_note"]]
        if row["relevance"]:
            note_parts.insert(0, f"Relevance: {row['relevance']}.")
        note_parts.append(f"Source: {row['source']}")
        note_parts.append("CS/PL names: project translation, approximating the official texts.")
        entry = {
            "code": row["code"],
            "kind": kind,
            "direction": "decrease" if row["code"] in DECREASING else "increase",
            "name": {"en": row["name_en"], "cs": cs_name, "pl": pl_name},
            "unit": {"en": row["measurement_unit"], "cs": cs_unit, "pl": pl_unit},
            "note": " ".join(part.strip() for part in note_parts if part.strip()),
        }
        if row["code"] in AGGREGATION:
            entry["aggregation"] = AGGREGATION[row["code"]]
        out.append(entry)
    INDICATORS_OUT.parent.mkdir(parents=True, exist_ok=True)
    INDICATORS_OUT.write_text(
        json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    outputs = sum(1 for item in out if item["kind"] == "output")
    print(f"EU indicators: {len(out)} written ({outputs} RCO, {len(out) - outputs} RCR)")
    return len(out)


# --------------------------------------------------------------------------------------------
# A2. Intervention fields (CPR (EU) 2021/1060 Annex I, Table 1): code and English name from the
# source. Codes 001-182 of the 2021 regulation; codes the source adds from later amendments
# (188-198, marked "inferred" there) are left out. The Czech and Polish names, and the English
# names the source lacks, are kept in the output file itself (their provenance is
# intervention_fields_sources.csv), so a rebuild keeps them.
# --------------------------------------------------------------------------------------------

INTERVENTION_CODES = [f"{number:03d}" for number in range(1, 183)]


def build_intervention_fields(shared: Path) -> int:
    rows = _read(shared / "reference" / "eu-intervention-fields.csv")
    names: dict[str, str] = {}
    for row in rows:
        if not row["dimension"].startswith("1 "):
            sys.exit(f"intervention fields: unexpected dimension {row['dimension']!r}")
        if row["code"] in names:
            sys.exit(f"intervention fields: code {row['code']} twice")
        names[row["code"]] = row["name_en"].strip()
    missing = [code for code in INTERVENTION_CODES if code not in names]
    if missing:
        sys.exit(f"intervention fields: codes missing from the source {missing}")
    later = sorted(set(names) - set(INTERVENTION_CODES))
    kept: dict[str, dict[str, str]] = {}
    if INTERVENTION_FIELDS_OUT.exists():
        kept = {row["code"]: row for row in _read(INTERVENTION_FIELDS_OUT)}
    INTERVENTION_FIELDS_OUT.parent.mkdir(parents=True, exist_ok=True)
    with INTERVENTION_FIELDS_OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name_en", "name_cs", "name_pl"])
        for code in INTERVENTION_CODES:
            old = kept.get(code, {})
            english = names[code] or old.get("name_en", "")
            writer.writerow([code, english, old.get("name_cs", ""), old.get("name_pl", "")])
    empty = [code for code in INTERVENTION_CODES if not names[code]]
    print(
        f"Intervention fields: {len(INTERVENTION_CODES)} written ({len(empty)} without a name in "
        f"the source: {', '.join(empty)}); left out as later amendments: {', '.join(later)}"
    )
    return len(INTERVENTION_CODES)


# --------------------------------------------------------------------------------------------
# B. Territory
# --------------------------------------------------------------------------------------------

OLOMOUC_FUA = "CZ006L2"
OLOMOUC_NUTS3 = "CZ071"
CZ_STATUTORY_CITIES = {"Olomouc", "Přerov", "Prostějov"}
# FUAs of Přerov and Prostějov do not exist in LAU 2019 (both towns have fua_id empty): the two
# core cities are added by name, and so are the towns that public sources name as ITI territory
# (iti-cz-municipalities.csv), except those marked "2014-2020 only".


def _read(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TERRITORY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build_olomouc(shared: Path) -> int:
    territory = shared / "data" / "real" / "territory"
    lau = [r for r in _read(territory / "lau2019_nuts2016_CZ_PL.csv") if r["country"] == "CZ"]
    gps = {r["Kód obce"]: r for r in _read(territory / "cz_municipalities_codes_psc_gps_2018.csv")}
    named = _read(shared / "reference" / "iti-cz-municipalities.csv")

    fua_rows = [r for r in lau if r["fua_id"] == OLOMOUC_FUA]
    fua_names = sorted({r["fua_name"] for r in fua_rows})
    print(f"Olomouc: FUA {OLOMOUC_FUA} {fua_names}: {len(fua_rows)} municipalities")
    other_fuas = sorted({r["fua_name"] for r in lau if r["fua_name"] in ("Přerov", "Prostějov")})
    print(f"Olomouc: FUAs named Přerov/Prostějov in LAU 2019: {other_fuas or 'none'}")

    selected = {r["lau_code"]: r for r in fua_rows}
    in_region = [r for r in lau if r["code_2016"] == OLOMOUC_NUTS3]
    excluded: list[str] = []
    for entry in named:
        if "only" in entry["period"] and "2021" not in entry["period"]:
            excluded.append(f"{entry['name']} ({entry['period']})")
            continue
        matches = [r for r in in_region if r["lau_name_national"] == entry["name"]]
        if len(matches) != 1:
            sys.exit(f"Olomouc: {entry['name']!r} matched {len(matches)} LAU rows in CZ071")
        if matches[0]["lau_code"] not in selected:
            selected[matches[0]["lau_code"]] = matches[0]
            print(f"Olomouc: added by name from iti-cz-municipalities.csv: {entry['name']}")
    for name in excluded:
        print(f"Olomouc: NOT included (outside the 2021-2027 territory): {name}")

    rows: list[dict[str, object]] = []
    unmatched_gps: list[str] = []
    for code, lau_row in sorted(selected.items(), key=lambda item: item[1]["lau_name_national"]):
        place = gps.get(code)
        if place is None:
            unmatched_gps.append(f"{lau_row['lau_name_national']} ({code})")
        name = lau_row["lau_name_national"]
        rows.append(
            {
                "code": code,
                "name": name,
                "kind": "city" if name in CZ_STATUTORY_CITIES else "municipality",
                "district": place["Okres"] if place else "",
                "nuts3": lau_row["code_2016"],
                "population": lau_row["population"],
                "latitude": place["Latitude"] if place else "",
                "longitude": place["Longitude"] if place else "",
            }
        )
    if unmatched_gps:
        print(f"Olomouc: no district/coordinates in the 2018 file for: {unmatched_gps}")
    cities = sorted(str(r["name"]) for r in rows if r["kind"] == "city")
    if cities != sorted(CZ_STATUTORY_CITIES):
        sys.exit(f"Olomouc: statutory cities found {cities}")
    matched = len(rows) - len(unmatched_gps)
    print(
        f"Olomouc: {len(rows)} municipalities written, {matched} joined with the 2018 "
        f"coordinates file, {len(unmatched_gps)} without"
    )
    _write(OLOMOUC_OUT, rows)
    return len(rows)


OPOLE_VOIVODESHIP = "16"
# TERYT gmina type digit (the 7th digit), from the unit_type column of the members file.
TERYT_TYPE = {
    "miasto na prawach powiatu": "1",
    "gmina miejska": "1",
    "gmina wiejska": "2",
    "gmina miejsko-wiejska": "3",
}


def _teryt_type(unit_type: str) -> str:
    for label, digit in TERYT_TYPE.items():
        if unit_type.startswith(label):
            return digit
    sys.exit(f"Opole: unknown unit_type {unit_type!r}")


def build_opole(shared: Path) -> int:
    territory = shared / "data" / "real" / "territory"
    lau = [
        r
        for r in _read(territory / "lau2019_nuts2016_CZ_PL.csv")
        if r["country"] == "PL" and r["code_2016"].startswith("PL52")
    ]
    members = _read(shared / "reference" / "opole-agglomeration-members.csv")
    gminy = [m for m in members if m["unit_level"] == "gmina"]
    powiaty = [m for m in members if m["unit_level"] == "powiat"]
    print(f"Opole: members file lists {len(gminy)} gminy and {len(powiaty)} powiaty")

    rows: list[dict[str, object]] = []
    powiat_of_county: dict[str, set[str]] = {}
    unmatched: list[str] = []
    for member in gminy:
        matches = [r for r in lau if r["lau_name_national"] == member["name_pl"]]
        if len(matches) != 1:
            unmatched.append(f"{member['name_pl']} ({len(matches)} LAU rows)")
            continue
        row = matches[0]
        lau_code = row["lau_code"]
        if len(lau_code) != 13 or lau_code[4:6] != OPOLE_VOIVODESHIP:
            sys.exit(f"Opole: unexpected lau_code {lau_code} for {member['name_pl']}")
        powiat = lau_code[-4:-2]
        teryt = OPOLE_VOIVODESHIP + lau_code[-4:] + _teryt_type(member["unit_type"])
        county = member["county_powiat_INFERRED_not_from_source"].strip()
        is_city = member["unit_type"].startswith("miasto na prawach powiatu")
        if not is_city:
            powiat_of_county.setdefault(county, set()).add(powiat)
        rows.append(
            {
                "code": teryt,
                "name": member["name_pl"],
                "kind": "city" if is_city else "gmina",
                "district": "Opole (miasto na prawach powiatu)" if is_city else f"powiat {county}",
                "nuts3": row["code_2016"],
                "population": row["population"],
                "latitude": "",
                "longitude": "",
            }
        )
    if unmatched:
        sys.exit(f"Opole: gminy not matched in LAU 2019 PL52: {unmatched}")
    print(f"Opole: {len(rows)} of {len(gminy)} gminy matched by lau_name_national in PL52")

    # The inferred county column must agree with the powiat digits of the LAU code.
    for county, codes in sorted(powiat_of_county.items()):
        if len(codes) != 1:
            sys.exit(f"Opole: county {county!r} spans TERYT powiat codes {sorted(codes)}")

    for member in powiaty:
        county = member["name_pl"].removeprefix("Powiat ").strip().lower()
        codes = powiat_of_county.get(county, set())
        if not codes:
            sys.exit(f"Opole: no member gmina tells the TERYT code of {member['name_pl']}")
        powiat = next(iter(codes))
        nuts3 = sorted({r["code_2016"] for r in lau if r["lau_code"][-4:-2] == powiat})
        rows.append(
            {
                "code": OPOLE_VOIVODESHIP + powiat,
                "name": member["name_pl"],
                "kind": "powiat",
                "district": "",
                "nuts3": nuts3[0] if len(nuts3) == 1 else "",
                # Left empty on purpose: a county's population is the sum of its gminy, some of
                # which are members themselves; a sum over all rows would count them twice.
                "population": "",
                "latitude": "",
                "longitude": "",
            }
        )
        print(f"Opole: {member['name_pl']} -> TERYT {OPOLE_VOIVODESHIP + powiat}")
    _write(OPOLE_OUT, rows)
    print(f"Opole: {len(rows)} rows written")
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    args = parser.parse_args()
    build_indicators(args.shared)
    build_intervention_fields(args.shared)
    build_olomouc(args.shared)
    build_opole(args.shared)


if __name__ == "__main__":
    main()
