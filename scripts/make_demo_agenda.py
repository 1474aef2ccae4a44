# ruff: noqa: E501 (hand-written agenda titles are kept on one line each)
"""Write the demo meeting calendar of Gemeente Lindenwaard as Notubiz JSON (content/demo/agenda/lindenwaard/).

The agenda items below are hand-written for the demo (fictional places, parties' motions and proposals in the
style of real Dutch council agendas). This script only lays them out on the calendar: a 4-week BOB cycle on
weekday evenings (Informeren en ontmoeten on Monday, the two commissies on Tuesday and Wednesday of week 2,
the presidium on Monday of week 3, the raad on Thursday of week 4), no meetings in the zomerreces and
kerstreces or on public holidays, and the P&C moments (voorjaarsnota and jaarstukken before the summer,
begroting early November). Meetings far ahead carry only what the jaarplanning already fixes.

The output is committed; run `python scripts/make_demo_agenda.py` after editing and commit both. It is
imported by `toerusting load_demo_agenda` through the Notubiz adapter, the same path as real Notubiz data.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "content" / "demo" / "agenda" / "lindenwaard"
NOTUBIZ_ORGANISATION = 9801
DOCS = "https://raad.lindenwaard.example/documenten"

# Notubiz gremium ids of the demo, mapped to gremium keys in source.yaml.
RAAD, INFO, RE, SB, PRESIDIUM, AUDIT = 101, 102, 103, 104, 105, 106
GREMIUM_NAME = {
    RAAD: "Gemeenteraad",
    INFO: "Informeren en ontmoeten",
    RE: "Commissie Ruimte en Economie",
    SB: "Commissie Samenleving en Bestuur",
    PRESIDIUM: "Presidium",
    AUDIT: "Auditcommissie",
}
LOCATION = {
    RAAD: "Raadzaal, gemeentehuis Lindenwaard",
    INFO: "Burgerzaal, gemeentehuis Lindenwaard",
    RE: "Raadzaal, gemeentehuis Lindenwaard",
    SB: "Raadzaal, gemeentehuis Lindenwaard",
    PRESIDIUM: "Kamer van de burgemeester",
    AUDIT: "Commissiekamer 2",
}
TIME = {
    RAAD: ("19:30", "23:00"),
    INFO: ("19:30", "22:00"),
    RE: ("19:30", "23:00"),
    SB: ("19:30", "23:00"),
    PRESIDIUM: ("17:00", "18:30"),
    AUDIT: ("17:30", "19:00"),
}

HOLIDAYS = {
    dt.date(2026, 4, 27),
    dt.date(2026, 5, 5),
    dt.date(2026, 5, 14),
    dt.date(2026, 5, 25),
    dt.date(2027, 3, 29),
    dt.date(2027, 4, 27),
    dt.date(2027, 5, 5),
    dt.date(2027, 5, 6),
    dt.date(2027, 5, 17),
}

# One entry per cycle: the Monday of week 1 and the subjects of each meeting. A title may be a pair
# (title, description). In the raad, "hamer" items are decided without debate, "bespreek" items with debate.
CYCLES: list[dict[str, Any]] = [
    {
        "week1": dt.date(2026, 4, 13),
        "info": [
            "Kennismaking met de ambtelijke organisatie: rondgang langs de afdelingen",
            (
                "Werken in de raad: het BOB-model, het reglement van orde en de rol van de griffie",
                "Eerste bijeenkomst van het inwerkprogramma voor nieuwe raads- en burgerleden.",
            ),
        ],
        "re": [
            "Raadsinformatiebrief stand van zaken woningbouwprogramma 2026",
            "Raadsvoorstel Vaststellen omgevingsplanwijziging Boomgaardweg 14 (woning in voormalige fruitloods)",
        ],
        "sb": [
            "Raadsvoorstel Zienswijze ontwerpbegroting 2027 GGD Waardenland",
            "Raadsvoorstel Zienswijze ontwerpbegroting 2027 Veiligheidsregio Waardenland",
            "Raadsvoorstel Verordening op de raadscommissies Lindenwaard 2026",
        ],
        "presidium": [
            "Vergaderschema gemeenteraad mei 2026 tot en met juli 2027",
            "Inwerkprogramma nieuwe raadsleden en burgerleden",
            "Terugblik op de installatievergadering",
        ],
        "hamer": [
            "Raadsvoorstel Vaststellen omgevingsplanwijziging Boomgaardweg 14 (woning in voormalige fruitloods)",
            "Raadsvoorstel Verordening op de raadscommissies Lindenwaard 2026",
            "Raadsvoorstel Zienswijze ontwerpbegroting 2027 GGD Waardenland",
        ],
        "bespreek": [
            (
                "Raadsvoorstel Zienswijze ontwerpbegroting 2027 Veiligheidsregio Waardenland",
                "De veiligheidsregio vraagt een hogere bijdrage voor de brandweerkazerne Meerwijk. Het college "
                "stelt voor in de zienswijze te vragen om een sobere uitvoering.",
            ),
            "Benoeming van burgerleden in de raadscommissies",
        ],
        "moties": [],
    },
    {
        "week1": dt.date(2026, 5, 11),
        "info": [
            "Het sociaal domein in vogelvlucht: Wmo, jeugdhulp en Participatiewet",
            "Rondetafelgesprek met de woningcorporaties over de prestatieafspraken",
        ],
        "re": [
            "Raadsvoorstel Zienswijze ontwerpbegroting 2027 Omgevingsdienst Waardenland",
            "Raadsvoorstel Krediet herinrichting Havenkade fase 2",
            "Raadsinformatiebrief voortgang netcongestie bedrijventerrein De Rivierpoort",
        ],
        "sb": [
            "Debat over het coalitieakkoord 'Samen verder in Lindenwaard 2026-2030'",
            "Raadsvoorstel Zienswijze ontwerpbegroting 2027 Werkbedrijf Waardenland",
        ],
        "presidium": [
            "Planning behandeling voorjaarsnota en jaarstukken",
            "Verzoek om een werkbezoek aan het Werkbedrijf Waardenland",
        ],
        "hamer": [
            "Raadsvoorstel Zienswijze ontwerpbegroting 2027 Omgevingsdienst Waardenland",
            "Raadsvoorstel Zienswijze ontwerpbegroting 2027 Werkbedrijf Waardenland",
        ],
        "bespreek": [
            (
                "Benoeming en beëdiging van de wethouders",
                "Een commissie uit de raad heeft onderzocht of de kandidaten aan de eisen voor benoeming "
                "voldoen, met de verklaring omtrent het gedrag en de uitkomst van de integriteitstoets.",
            ),
            (
                "Raadsvoorstel Krediet herinrichting Havenkade fase 2",
                "Het college vraagt een krediet van 2,4 miljoen euro voor de kade tussen de veerstoep en de "
                "jachthaven, met een verhoogde waterkering en meer groen.",
            ),
        ],
        "moties": [
            "Motie vreemd aan de orde van de dag van Wij Lindenwaard: Bushalte Kolkhorst blijft",
        ],
    },
    {
        "week1": dt.date(2026, 6, 8),
        "info": [
            "Technische sessie voorjaarsnota 2027-2030",
            "Presentatie jaarstukken 2025 en het accountantsverslag",
        ],
        "re": [
            "Raadsvoorstel Voorjaarsnota 2027-2030 (deel ruimte en economie)",
            "Raadsvoorstel Vaststellen omgevingsplanwijziging Ravenstede-Noord fase 3 (48 woningen)",
            "Raadsvoorstel Grondexploitatie De Rivierpoort: actualisatie 2026",
        ],
        "sb": [
            "Raadsvoorstel Voorjaarsnota 2027-2030 (deel samenleving en bestuur)",
            "Raadsvoorstel Jaarstukken 2025",
            "Rekenkamerrapport 'Grip op jeugdhulp' van de Rekenkamer Waardenland",
        ],
        "presidium": [
            "Spreektijdenregeling algemene beschouwingen voorjaarsnota",
            "Jaarverslag griffie 2025",
        ],
        "hamer": [
            "Raadsvoorstel Vaststellen omgevingsplanwijziging Ravenstede-Noord fase 3 (48 woningen)",
            "Raadsvoorstel Jaarstukken 2025",
        ],
        "bespreek": [
            (
                "Raadsvoorstel Grondexploitatie De Rivierpoort: actualisatie 2026",
                "Bij dit voorstel hoort een bijlage waarop het college geheimhouding heeft gelegd. Die geldt "
                "totdat zij wordt opgeheven; de raad hoeft haar sinds 1 april 2023 niet meer te bekrachtigen.",
            ),
            "Opheffen geheimhouding verslag besloten raadsvergadering over de grondaankoop De Rivierpoort (2024)",
            "Rekenkamerrapport 'Grip op jeugdhulp' van de Rekenkamer Waardenland",
        ],
        "moties": [
            "Motie vreemd aan de orde van de dag van GroenLinks-PvdA: Watertappunten in de dorpskernen",
        ],
        "audit": [
            "Bespreking accountantsverslag jaarrekening 2025 met de accountant",
            "Voorstel tot vaststelling van de jaarstukken 2025",
        ],
    },
    {
        "week1": dt.date(2026, 8, 31),
        "info": [
            "Werkbezoek aan de waterzuivering en de dijkversterking Meerwijk",
            "Bijeenkomst over de omgevingsvisie: eerste ronde met inwoners",
        ],
        "re": [
            "Raadsvoorstel Beleidsregels kamerverhuur en woningsplitsing",
            "Raadsvoorstel Vaststellen parkeerbeleid centrum Lindenwaard 2026",
            "Raadsinformatiebrief uitkomsten participatie zonnepark Kolkhorsterpolder",
        ],
        "sb": [
            "Raadsvoorstel Bestuursrapportage 2026",
            "Raadsvoorstel Verordening maatschappelijke ondersteuning Lindenwaard 2027",
            "Raadsinformatiebrief opvang statushouders en de spreidingswet",
        ],
        "presidium": [
            "Planning begrotingsbehandeling 2027",
            "Evaluatie vergaderorde eerste halfjaar",
        ],
        "hamer": [
            "Raadsvoorstel Beleidsregels kamerverhuur en woningsplitsing",
            "Raadsvoorstel Verordening maatschappelijke ondersteuning Lindenwaard 2027",
        ],
        "bespreek": [
            "Raadsvoorstel Bestuursrapportage 2026",
            (
                "Raadsvoorstel Vaststellen parkeerbeleid centrum Lindenwaard 2026",
                "Betaald parkeren wordt uitgebreid naar de Dijkstraat en de Molenweg; bewoners krijgen een "
                "vergunning tegen een lager tarief.",
            ),
        ],
        "moties": [
            "Motie vreemd aan de orde van de dag van de VVD: Ruimere openingstijden milieustraat",
            "Motie vreemd aan de orde van de dag van Dorpsbelangen: Snelheidsremmers Hoeverdijkseweg",
        ],
    },
    {
        "week1": dt.date(2026, 9, 28),
        "info": [
            "Technische sessie programmabegroting 2027",
            "Rondetafelgesprek met ondernemers uit het centrum over de ondernemersfonds",
        ],
        "re": [
            "Raadsvoorstel Warmteprogramma Lindenwaard 2026-2030",
            "Raadsvoorstel Vaststellen omgevingsplanwijziging Molenweg 3 (appartementen in voormalige school)",
        ],
        "sb": [
            "Raadsvoorstel Armoedebeleid 'Niemand buiten spel' 2027-2030",
            "Raadsvoorstel Benoeming lid Rekenkamer Waardenland",
        ],
        "presidium": [
            "Spreektijden algemene beschouwingen begroting 2027",
            "Verzoek fractie Wij Lindenwaard om een interpellatiedebat",
        ],
        "hamer": [
            "Raadsvoorstel Vaststellen omgevingsplanwijziging Molenweg 3 (appartementen in voormalige school)",
            "Raadsvoorstel Benoeming lid Rekenkamer Waardenland",
        ],
        "bespreek": [
            "Raadsvoorstel Warmteprogramma Lindenwaard 2026-2030",
            "Raadsvoorstel Armoedebeleid 'Niemand buiten spel' 2027-2030",
            "Interpellatiedebat over de sluiting van het zwembad De Linde in de herfstvakantie",
        ],
        "moties": [],
    },
    {
        "week1": dt.date(2026, 10, 26),
        "raad_day": dt.date(2026, 11, 5),
        "presidium_day": dt.date(2026, 11, 2),
        "info": [
            "Fractievragenronde programmabegroting 2027",
        ],
        "re": [
            "Raadsvoorstel Programmabegroting 2027 (programma's Wonen, Ruimte, Mobiliteit en Economie)",
            "Raadsvoorstel Verordening rioolheffing 2027",
            "Raadsvoorstel Verordening afvalstoffenheffing 2027",
        ],
        "sb": [
            "Raadsvoorstel Programmabegroting 2027 (programma's Sociaal domein, Veiligheid en Bestuur)",
            "Raadsvoorstel Verordening onroerendezaakbelastingen 2027",
            "Raadsvoorstel Verordening kwijtschelding gemeentelijke belastingen 2027",
        ],
        "presidium": [
            "Orde van de begrotingsraad",
        ],
        "hamer": [],
        "bespreek": [
            (
                "Raadsvoorstel Programmabegroting 2027 en meerjarenraming 2028-2030",
                "Begrotingsraad met algemene beschouwingen van de fracties, de reactie van het college, "
                "amendementen en moties.",
            ),
            "Amendement van Lindenwaard Lokaal en de VVD: Geen verhoging toeristenbelasting",
            "Amendement van GroenLinks-PvdA: Extra middelen voor het jongerenwerk",
        ],
        "moties": [
            "Motie van het CDA: Onderzoek naar een dorpshuis in Ravenstede",
            "Motie van D66: Digitale raadsinformatie toegankelijk voor iedereen",
        ],
        "audit": [
            "Controleprotocol jaarrekening 2026",
            "Interimcontrole: managementletter van de accountant",
        ],
    },
    {
        "week1": dt.date(2026, 11, 16),
        "info": [
            "Informatiebijeenkomst over het nieuwe afvalbeleidsplan (omgekeerd inzamelen)",
            "Presentatie van de Regio Waardenland over de regiodeal",
        ],
        "re": [
            "Raadsvoorstel Afvalbeleidsplan 2027-2031",
            "Raadsvoorstel Verordening leges 2027",
            "Raadsinformatiebrief stand van zaken Regionale Energiestrategie 2.0",
        ],
        "sb": [
            "Raadsvoorstel Verordening toeristenbelasting 2027",
            "Raadsvoorstel Gewijzigde gemeenschappelijke regeling Belastingsamenwerking Waardenland",
            "Raadsinformatiebrief uitvoering Wet inburgering",
        ],
        "presidium": [
            "Jaarplanning 2027 van de raad",
            "Kerstbijeenkomst raad en college",
        ],
        "hamer": [
            "Raadsvoorstel Verordening rioolheffing 2027",
            "Raadsvoorstel Verordening afvalstoffenheffing 2027",
            "Raadsvoorstel Verordening onroerendezaakbelastingen 2027",
            "Raadsvoorstel Verordening kwijtschelding gemeentelijke belastingen 2027",
            "Raadsvoorstel Verordening leges 2027",
            "Raadsvoorstel Verordening toeristenbelasting 2027",
        ],
        "bespreek": [
            "Raadsvoorstel Afvalbeleidsplan 2027-2031",
            "Raadsvoorstel Gewijzigde gemeenschappelijke regeling Belastingsamenwerking Waardenland",
        ],
        "moties": [
            "Motie vreemd aan de orde van de dag van de ChristenUnie: Een warme winter voor iedereen",
        ],
    },
    {
        "week1": dt.date(2027, 1, 11),
        "info": [
            "Werksessie omgevingsvisie Lindenwaard 2040: keuzes voor de uiterwaarden",
            "Presentatie jeugdhulp regio Waardenland: inkoop vanaf 2028",
        ],
        "re": [
            "Raadsvoorstel Vaststellen omgevingsplanwijziging Dorpsstraat Hoeverdijk (herontwikkeling supermarkt)",
            "Raadsvoorstel Uitvoeringsagenda verkeersveiligheid 2027-2030",
        ],
        "sb": [
            "Raadsvoorstel Regionale inkoopstrategie jeugdhulp 2028",
            "Raadsvoorstel Integraal veiligheidsplan 2027-2030",
            "Raadsinformatiebrief aanpak ondermijning op bedrijventerreinen",
        ],
        "presidium": [
            "Evaluatie begrotingsbehandeling 2027",
            "Voorbereiding raadsconferentie maart 2027",
        ],
        "hamer": [
            "Raadsvoorstel Vaststellen omgevingsplanwijziging Dorpsstraat Hoeverdijk (herontwikkeling supermarkt)",
            "Raadsvoorstel Integraal veiligheidsplan 2027-2030",
        ],
        "bespreek": [
            "Raadsvoorstel Regionale inkoopstrategie jeugdhulp 2028",
            "Raadsvoorstel Uitvoeringsagenda verkeersveiligheid 2027-2030",
        ],
        "moties": [
            "Motie vreemd aan de orde van de dag van Wij Lindenwaard: Geen windturbines binnen 1000 meter van woningen",
        ],
    },
    {
        "week1": dt.date(2027, 2, 8),
        "info": [
            "Inwonersavond over het burgerberaad klimaat",
            "Rondetafelgesprek met mantelzorgers en de vrijwilligerscentrale",
        ],
        "re": [
            "Raadsvoorstel Ontwerp-omgevingsvisie Lindenwaard 2040 vrijgeven voor inspraak",
            "Raadsvoorstel Krediet vervanging brug over de Linde bij Kolkhorst",
        ],
        "sb": [
            "Raadsvoorstel Participatieverordening Lindenwaard (uitdaagrecht)",
            "Raadsvoorstel Mantelzorgbeleid 2027-2030",
            "Rekenkamerrapport 'Verbonden partijen in beeld' van de Rekenkamer Waardenland",
        ],
        "presidium": [
            "Gedragscode integriteit raadsleden: voorstel tot actualisatie",
        ],
        "hamer": [
            "Raadsvoorstel Krediet vervanging brug over de Linde bij Kolkhorst",
            "Raadsvoorstel Mantelzorgbeleid 2027-2030",
        ],
        "bespreek": [
            "Raadsvoorstel Participatieverordening Lindenwaard (uitdaagrecht)",
            "Raadsvoorstel Ontwerp-omgevingsvisie Lindenwaard 2040 vrijgeven voor inspraak",
            "Rekenkamerrapport 'Verbonden partijen in beeld' van de Rekenkamer Waardenland",
        ],
        "moties": [],
    },
    # From here on only what the jaarplanning already fixes; agendas are published three weeks ahead.
    {
        "week1": dt.date(2027, 3, 8),
        "info": ["Raadsconferentie: halverwege het eerste jaar"],
        "re": ["Raadsvoorstel Woonvisie Lindenwaard 2027-2035"],
        "sb": ["Raadsvoorstel Gedragscode integriteit raadsleden en burgerleden 2027"],
        "presidium": [],
        "hamer": ["Raadsvoorstel Gedragscode integriteit raadsleden en burgerleden 2027"],
        "bespreek": ["Raadsvoorstel Woonvisie Lindenwaard 2027-2035"],
        "moties": [],
    },
    {
        "week1": dt.date(2027, 4, 5),
        "info": ["Kaderbrieven 2028 van de gemeenschappelijke regelingen"],
        "re": ["Raadsvoorstel Zienswijze ontwerpbegroting 2028 Omgevingsdienst Waardenland"],
        "sb": [
            "Raadsvoorstel Zienswijze ontwerpbegroting 2028 GGD Waardenland",
            "Raadsvoorstel Zienswijze ontwerpbegroting 2028 Veiligheidsregio Waardenland",
            "Raadsvoorstel Zienswijze ontwerpbegroting 2028 Werkbedrijf Waardenland",
        ],
        "presidium": [],
        "hamer": [
            "Raadsvoorstel Zienswijze ontwerpbegroting 2028 Omgevingsdienst Waardenland",
            "Raadsvoorstel Zienswijze ontwerpbegroting 2028 Werkbedrijf Waardenland",
        ],
        "bespreek": [
            "Raadsvoorstel Zienswijze ontwerpbegroting 2028 GGD Waardenland",
            "Raadsvoorstel Zienswijze ontwerpbegroting 2028 Veiligheidsregio Waardenland",
        ],
        "moties": [],
    },
    {
        "week1": dt.date(2027, 5, 10),
        "info": [],
        "re": [],
        "sb": [],
        "presidium": [],
        "hamer": [],
        "bespreek": [],
        "moties": [],
    },
    {
        "week1": dt.date(2027, 6, 7),
        "info": ["Technische sessie voorjaarsnota 2028-2031 en jaarstukken 2026"],
        "re": ["Raadsvoorstel Voorjaarsnota 2028-2031"],
        "sb": ["Raadsvoorstel Jaarstukken 2026"],
        "presidium": [],
        "hamer": ["Raadsvoorstel Jaarstukken 2026"],
        "bespreek": ["Raadsvoorstel Voorjaarsnota 2028-2031"],
        "moties": [],
        "audit": ["Bespreking accountantsverslag jaarrekening 2026 met de accountant"],
    },
    {
        "week1": dt.date(2027, 8, 30),
        "info": [],
        "re": [],
        "sb": ["Raadsvoorstel Bestuursrapportage 2027"],
        "presidium": [],
        "hamer": [],
        "bespreek": ["Raadsvoorstel Bestuursrapportage 2027"],
        "moties": [],
    },
    {
        "week1": dt.date(2027, 9, 27),
        "info": ["Technische sessie programmabegroting 2028"],
        "re": [],
        "sb": [],
        "presidium": [],
        "hamer": [],
        "bespreek": [],
        "moties": [],
    },
    {
        "week1": dt.date(2027, 10, 25),
        "raad_day": dt.date(2027, 11, 4),
        "presidium_day": dt.date(2027, 11, 1),
        "info": [],
        "re": ["Raadsvoorstel Programmabegroting 2028 (programma's Wonen, Ruimte, Mobiliteit en Economie)"],
        "sb": ["Raadsvoorstel Programmabegroting 2028 (programma's Sociaal domein, Veiligheid en Bestuur)"],
        "presidium": [],
        "hamer": [],
        "bespreek": ["Raadsvoorstel Programmabegroting 2028 en meerjarenraming 2029-2031"],
        "moties": [],
    },
    {
        "week1": dt.date(2027, 11, 15),
        "info": [],
        "re": [],
        "sb": [],
        "presidium": [],
        "hamer": ["Raadsvoorstel Belastingverordeningen 2028"],
        "bespreek": [],
        "moties": [],
    },
]

# Meetings outside the regular cycle.
SPECIALS: list[dict[str, Any]] = [
    {
        "day": dt.date(2026, 4, 1),
        "gremium": RAAD,
        "name": "Installatievergadering gemeenteraad",
        "time": ("19:30", "22:00"),
        "items": [
            "Opening door de burgemeester",
            "Vaststellen van de agenda",
            (
                "Mededeling over de toelating van de nieuwe raadsleden",
                "De zittende raad heeft op 30 maart de geloofsbrieven van de 31 gekozen raadsleden onderzocht "
                "en hen toegelaten.",
            ),
            "Afleggen van de eed of de verklaring en belofte door de raadsleden",
            "Benoeming van de plaatsvervangend voorzitter van de raad",
            "Sluiting",
        ],
    },
    {
        "day": dt.date(2026, 7, 9),
        "gremium": RAAD,
        "name": "Gemeenteraad: algemene beschouwingen voorjaarsnota",
        "time": ("14:00", "23:00"),
        "items": [
            "Opening en mededelingen",
            "Vaststellen van de agenda",
            (
                "Raadsvoorstel Voorjaarsnota 2027-2030 (Z/26/003311)",
                "Algemene beschouwingen: eerste termijn van de fracties, reactie van het college, tweede termijn, "
                "stemmingen over amendementen, moties en het voorstel.",
            ),
            "Amendement van de VVD en het CDA: Onderhoud wegen in de buitengebieden naar voren halen",
            "Amendement van D66: Bibliotheek Ravenstede ook op zaterdag open",
            "Motie van Dorpsbelangen Lindenwaard: Kleine kernen, grote betekenis",
            "Motie van GroenLinks-PvdA en de ChristenUnie: Meer sociale huur in Ravenstede-Noord",
            "Motie van Lindenwaard Lokaal: Onderzoek naar een tweede ontsluiting van De Rivierpoort",
            "Sluiting",
        ],
    },
    {
        "day": dt.date(2027, 7, 8),
        "gremium": RAAD,
        "name": "Gemeenteraad: algemene beschouwingen voorjaarsnota",
        "time": ("14:00", "23:00"),
        "items": [
            "Opening en mededelingen",
            "Vaststellen van de agenda",
            "Raadsvoorstel Voorjaarsnota 2028-2031",
            "Sluiting",
        ],
    },
    {
        "day": dt.date(2026, 12, 17),
        "gremium": RAAD,
        "name": "Gemeenteraad",
        "items": [
            "Opening en mededelingen",
            "Vaststellen van de agenda",
            "Vragenuur",
            "Vaststellen van de besluitenlijst van de vergadering van 10 december 2026",
            "Lijst van ingekomen stukken",
            ("Raadsvoorstel Benoeming lid raadsadviescommissie bezwaarschriften (Z/26/005120)", ""),
            ("Raadsvoorstel Vaststellen vergaderschema gemeenteraad 2027 (Z/26/005121)", ""),
            "Afscheid van raadslid mevrouw Van Leeuwen (Dorpsbelangen Lindenwaard) en toelating van haar opvolger",
            "Sluiting",
        ],
    },
    {
        "day": dt.date(2026, 6, 15),
        "gremium": INFO,
        "name": "Informeren en ontmoeten: werkbezoek Kolkhorst",
        "time": ("16:00", "20:00"),
        "items": [
            "Ontvangst in het dorpshuis van Kolkhorst",
            "Fietstocht langs de dijkversterking en de nieuwe fietsverbinding",
            "Gesprek met de dorpsraad Kolkhorst over leefbaarheid",
        ],
    },
    {
        "day": dt.date(2026, 10, 13),
        "gremium": SB,
        "name": "Commissie Samenleving en Bestuur (extra vergadering)",
        "cancelled": True,
        "items": [
            "Opening en vaststelling van de agenda",
            "Raadsinformatiebrief financiële positie zwembad De Linde",
            "Sluiting",
        ],
    },
]

PROCEDURE_COMMISSIE = [
    "Opening en vaststelling van de agenda",
    "Spreekrecht voor inwoners",
    "Vaststellen van de besluitenlijst van de vorige vergadering",
    "Mededelingen van het college en de lijst van toezeggingen",
]
PROCEDURE_COMMISSIE_END = ["Rondvraag", "Sluiting"]


def next_free(day: dt.date) -> dt.date:
    while day in HOLIDAYS:
        day += dt.timedelta(days=1)
    return day


class Writer:
    def __init__(self) -> None:
        self.meetings: list[dict[str, Any]] = []
        self.zaak = 4000

    def documents(self, meeting_id: int, index: int, title: str) -> list[dict[str, Any]]:
        """Documents for subject items, by the kind of item (a motie, a brief, a report or a proposal)."""
        lowered = title.lower()
        if lowered.startswith(
            ("opening", "sluiting", "rondvraag", "vragenuur", "spreekrecht", "mededelingen")
        ):
            return []
        if lowered.startswith(("motie", "amendement")):
            kinds = [("Motie" if lowered.startswith("motie") else "Amendement", "application/pdf")]
        elif lowered.startswith("raadsinformatiebrief"):
            kinds = [("Raadsinformatiebrief", "application/pdf")]
        elif lowered.startswith("rekenkamerrapport"):
            kinds = [
                ("Rapport", "application/pdf"),
                ("Bestuurlijke reactie van het college", "application/pdf"),
            ]
        elif lowered.startswith("raadsvoorstel"):
            kinds = [("Raadsvoorstel", "application/pdf"), ("Ontwerpbesluit", "application/pdf")]
        elif "besluitenlijst" in lowered or "ingekomen stukken" in lowered:
            kinds = [
                (
                    "Besluitenlijst" if "besluitenlijst" in lowered else "Lijst ingekomen stukken",
                    "application/pdf",
                )
            ]
        else:
            return []
        documents = []
        for number, (kind, mime) in enumerate(kinds, start=1):
            document_id = meeting_id * 1000 + index * 10 + number
            documents.append(
                {
                    "id": document_id,
                    "title": kind,
                    "url": f"{DOCS}/{document_id}.pdf",
                    "self": f"{DOCS}/{document_id}.pdf",
                    "version": 1,
                    "versions": [{"id": 1, "file_name": f"{document_id}.pdf", "mime_type": mime}],
                    "types": [{"id": 1, "value": kind}],
                }
            )
        return documents

    def item(
        self,
        meeting_id: int,
        index: int,
        number: str,
        entry: Any,
        heading: bool = False,
        children: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        title, description = (entry, "") if isinstance(entry, str) else entry
        attributes = [{"id": 1, "value": title}]
        if description:
            attributes.append({"id": 3, "value": f"<p>{description}</p>"})
        return {
            "id": meeting_id * 100 + index,
            "type": "label" if heading else "agenda_point",
            "order": index,
            "type_data": {"title_prefix": number, "heading": heading, "attributes": attributes},
            "documents": [] if heading else self.documents(meeting_id, index, title),
            "agenda_items": children or [],
        }

    def meeting(
        self,
        day: dt.date,
        gremium: int,
        name: str,
        items: list[dict[str, Any]],
        time: tuple[str, str] | None = None,
        cancelled: bool = False,
    ) -> None:
        start, end = time or TIME[gremium]
        meeting_id = int(f"{day:%y%m%d}{gremium - 100}")
        self.meetings.append(
            {
                "meeting": {
                    "id": meeting_id,
                    "type": "meeting",
                    "body": "council",
                    "permission_group": "public",
                    "confidential": False,
                    "canceled": cancelled,
                    "inactive": False,
                    "plannings": [{"start_date": f"{day} {start}:00", "end_date": f"{day} {end}:00"}],
                    "attributes": [
                        {"id": 1, "value": name},
                        {"id": 50, "label": "Locatie", "value": LOCATION[gremium]},
                    ],
                    "gremium": {
                        "id": gremium,
                        "self": f"https://api.notubiz.nl/organisations/{NOTUBIZ_ORGANISATION}/gremia/{gremium}",
                    },
                    "organisation": {"id": NOTUBIZ_ORGANISATION},
                    "documents": [],
                    "agenda_items": items,
                }
            }
        )

    def numbered(self, meeting_id: int, titles: list[Any], start: int = 1) -> list[dict[str, Any]]:
        return [self.item(meeting_id, start + i, f"{start + i}.", t) for i, t in enumerate(titles)]

    def with_zaak(self, entry: Any) -> Any:
        """Raad proposals carry their zaaknummer in the published title, as in many RIS exports."""
        title, description = (entry, "") if isinstance(entry, str) else entry
        if title.startswith("Raadsvoorstel") and "(Z/" not in title:
            self.zaak += 7
            title = f"{title} (Z/{26 if self.zaak < 4200 else 27}/00{self.zaak})"
        return (title, description) if description else title


def meeting_id(day: dt.date, gremium: int) -> int:
    return int(f"{day:%y%m%d}{gremium - 100}")


def build() -> list[dict[str, Any]]:
    writer = Writer()
    previous_raad: dt.date | None = None
    for cycle in CYCLES:
        week1: dt.date = cycle["week1"]
        far_ahead = not (cycle["info"] or cycle["re"] or cycle["sb"] or cycle["hamer"] or cycle["bespreek"])
        # Informeren en ontmoeten (beeldvormend), Monday of week 1.
        day = next_free(week1)
        mid = meeting_id(day, INFO)
        sessions = [writer.item(mid, i + 1, f"{i + 1}.", t) for i, t in enumerate(cycle["info"])]
        writer.meeting(day, INFO, "Informeren en ontmoeten", sessions)
        # The two commissies (oordeelsvormend), Tuesday and Wednesday of week 2.
        for offset, gremium, key in ((8, RE, "re"), (9, SB, "sb")):
            day = next_free(week1 + dt.timedelta(days=offset))
            mid = meeting_id(day, gremium)
            subjects = cycle[key]
            titles = [*PROCEDURE_COMMISSIE, *subjects, *PROCEDURE_COMMISSIE_END] if subjects else []
            writer.meeting(day, gremium, GREMIUM_NAME[gremium], writer.numbered(mid, titles))
        # Presidium, Monday of week 3 (daytime).
        day = cycle.get("presidium_day") or next_free(week1 + dt.timedelta(days=14))
        mid = meeting_id(day, PRESIDIUM)
        titles = (
            [
                "Opening en vaststelling van de agenda",
                "Besluitenlijst van het vorige presidium",
                *cycle["presidium"],
                "Rondvraag en sluiting",
            ]
            if cycle["presidium"]
            else []
        )
        writer.meeting(day, PRESIDIUM, "Presidium", writer.numbered(mid, titles))
        # Auditcommissie when the P&C cycle needs it, Tuesday of week 3.
        if cycle.get("audit"):
            day = next_free(week1 + dt.timedelta(days=15))
            mid = meeting_id(day, AUDIT)
            titles = ["Opening en vaststelling van de agenda", *cycle["audit"], "Rondvraag en sluiting"]
            writer.meeting(day, AUDIT, "Auditcommissie", writer.numbered(mid, titles))
        # Gemeenteraad (besluitvormend), Thursday of week 4.
        day = cycle.get("raad_day") or next_free(week1 + dt.timedelta(days=24))
        mid = meeting_id(day, RAAD)
        items: list[dict[str, Any]] = []
        if not far_ahead or cycle["hamer"] or cycle["bespreek"]:
            procedure = ["Opening en mededelingen", "Vaststellen van de agenda", "Vragenuur"]
            if previous_raad:
                procedure.append(
                    f"Vaststellen van de besluitenlijst van de vergadering van "
                    f"{previous_raad.day} {MONTHS[previous_raad.month]} {previous_raad.year}"
                )
            procedure.append("Lijst van ingekomen stukken")
            items = writer.numbered(mid, procedure)
            index = len(items) + 1  # the item's id within the meeting
            label = len(items) + 1  # the number members see
            sections = [
                ("Hamerstukken", cycle["hamer"]),
                ("Bespreekstukken", cycle["bespreek"]),
                ("Moties vreemd aan de orde van de dag", cycle["moties"]),
            ]
            for heading, entries in sections:
                if not entries:
                    continue
                heading_index = index
                children = []
                for letter, entry in zip("abcdefghij", entries, strict=False):
                    index += 1
                    if heading != sections[2][0]:
                        entry = writer.with_zaak(entry)
                    children.append(writer.item(mid, index, f"{label}{letter}.", entry))
                items.append(
                    writer.item(mid, heading_index, f"{label}.", heading, heading=True, children=children)
                )
                index += 1
                label += 1
            items.append(writer.item(mid, index, f"{label}.", "Sluiting"))
        writer.meeting(day, RAAD, "Gemeenteraad", items)
        previous_raad = day
    for special in SPECIALS:
        day = special["day"]
        mid = meeting_id(day, special["gremium"])
        entries = [writer.with_zaak(e) if special["gremium"] == RAAD else e for e in special["items"]]
        writer.meeting(
            day,
            special["gremium"],
            special["name"],
            writer.numbered(mid, entries),
            time=special.get("time"),
            cancelled=special.get("cancelled", False),
        )
    return sorted(writer.meetings, key=lambda m: m["meeting"]["plannings"][0]["start_date"])


MONTHS = [
    "",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def count_items(items: list[dict[str, Any]]) -> int:
    return sum(1 + count_items(item["agenda_items"]) for item in items if item["type"] != "label") + sum(
        count_items(item["agenda_items"]) for item in items if item["type"] == "label"
    )


def main() -> None:
    meetings = build()
    ids = [m["meeting"]["id"] for m in meetings]
    assert len(ids) == len(set(ids)), "two meetings on one day in one gremium"
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    by_year: dict[str, list[dict[str, Any]]] = {}
    for meeting in meetings:
        by_year.setdefault(meeting["meeting"]["plannings"][0]["start_date"][:4], []).append(meeting)
    for year, group in by_year.items():
        path = OUT / f"{year}.json"
        path.write_text(
            json.dumps({"meetings": group}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    total = sum(count_items(m["meeting"]["agenda_items"]) for m in meetings)
    print(f"{len(meetings)} meetings, {total} agenda items (without headings) in {OUT}")


if __name__ == "__main__":
    main()
