"""The fixed vocabularies of the catalogue: topics, council instruments, competencies, kinds, providers.

Codes are stable identifiers shared with the matching engine and the evaluation set
(shared/eval/topics.tsv, instruments.tsv). Names are ours: Dutch first, with an English name for the
English interface; the Dutch description says in a line what belongs to the topic.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Term:
    code: str
    nl: str
    en: str
    description: str = ""

    @property
    def label(self) -> str:
        """The name in the active language (Dutch unless English is chosen)."""
        return self.en if (get_language() or "nl").startswith("en") else self.nl


TOPICS: tuple[Term, ...] = (
    Term(
        "financien",
        "Financiën en planning & control",
        "Finance and planning & control",
        "Begroting, kadernota, jaarstukken, bestuursrapportages, reserves en weerstandsvermogen.",
    ),
    Term(
        "belastingen",
        "Lokale belastingen en heffingen",
        "Local taxes and charges",
        "OZB, afvalstoffenheffing, rioolheffing, toeristenbelasting, leges en kwijtschelding.",
    ),
    Term(
        "ruimte",
        "Ruimte en Omgevingswet",
        "Spatial planning and the Environment Act",
        "Omgevingsvisie, omgevingsplan, bestemmingsplannen, buitenplanse activiteiten en "
        "gebiedsontwikkeling.",
    ),
    Term(
        "wonen",
        "Wonen",
        "Housing",
        "Woonvisie, woningbouw, sociale huur, prestatieafspraken met corporaties en flexwonen.",
    ),
    Term(
        "grondbeleid",
        "Grondbeleid en vastgoed",
        "Land policy and property",
        "Grondexploitaties, meerjarenprognose grondbedrijf, anterieure overeenkomsten en "
        "gemeentelijk vastgoed.",
    ),
    Term(
        "zorg",
        "Wmo, zorg en welzijn",
        "Social support and care",
        "Wmo, huishoudelijke hulp, beschermd wonen, mantelzorg en wijkteams.",
    ),
    Term(
        "jeugd",
        "Jeugd",
        "Youth",
        "Jeugdhulp, regionale inkoop, jeugdbescherming en tekorten in het jeugddomein.",
    ),
    Term(
        "werk_inkomen",
        "Werk, inkomen en armoede",
        "Work, income and poverty",
        "Participatiewet, bijstand, re-integratie, schuldhulp en armoedebeleid.",
    ),
    Term(
        "onderwijs",
        "Onderwijs",
        "Education",
        "Onderwijshuisvesting (IHP), leerlingenvervoer, voorschoolse educatie en leerplicht.",
    ),
    Term(
        "gezondheid",
        "Gezondheid en preventie",
        "Health and prevention",
        "GGD, publieke gezondheid, preventieakkoorden en sport als gezondheidsbeleid.",
    ),
    Term(
        "veiligheid",
        "Veiligheid en openbare orde",
        "Safety and public order",
        "APV, handhaving, boa's, ondermijning, Bibob, evenementen en de veiligheidsregio.",
    ),
    Term(
        "asiel_integratie",
        "Asiel, opvang en inburgering",
        "Asylum, reception and integration",
        "Opvang van asielzoekers en ontheemden, spreidingswet, huisvesting van statushouders en inburgering.",
    ),
    Term(
        "energie_klimaat",
        "Energie en klimaat",
        "Energy and climate",
        "Regionale energiestrategie, warmteprogramma, wind en zon, netcongestie.",
    ),
    Term(
        "duurzaamheid",
        "Duurzaamheid, natuur en klimaatadaptatie",
        "Sustainability, nature and adaptation",
        "Klimaatadaptatie, groen, biodiversiteit en hittestress.",
    ),
    Term(
        "afval",
        "Afval en grondstoffen",
        "Waste and resources",
        "Afvalbeleid, diftar, inzameling en het afvalbedrijf.",
    ),
    Term(
        "milieu",
        "Milieu en omgevingsdienst",
        "Environment and environmental agency",
        "Vergunningverlening, toezicht en handhaving (VTH), omgevingsdienst, stikstof, bodem en geluid.",
    ),
    Term(
        "mobiliteit",
        "Verkeer en mobiliteit",
        "Traffic and mobility",
        "Verkeersplannen, parkeren, fiets, openbaar vervoer, verkeersveiligheid en laadpalen.",
    ),
    Term(
        "openbare_ruimte",
        "Openbare ruimte en beheer",
        "Public space and maintenance",
        "Wegen, riolering, groenonderhoud, begraafplaatsen en beheerplannen.",
    ),
    Term(
        "economie",
        "Economie en toerisme",
        "Economy and tourism",
        "Bedrijventerreinen, centrum en winkels, ondernemers, toerisme en de arbeidsmarktregio.",
    ),
    Term(
        "cultuur_sport",
        "Cultuur, sport en recreatie",
        "Culture, sport and recreation",
        "Bibliotheek, sportaccommodaties, erfgoed, monumenten en evenementen.",
    ),
    Term(
        "regionale_samenwerking",
        "Regionale samenwerking",
        "Regional cooperation",
        "Gemeenschappelijke regelingen, verbonden partijen, zienswijzen en regiodeals.",
    ),
    Term(
        "bestuur",
        "Bestuur en raadswerk",
        "Governance and council work",
        "Rol van de raad, dualisme, coalitieakkoord, reglement van orde en werkwijze van de raad.",
    ),
    Term(
        "integriteit",
        "Integriteit",
        "Integrity",
        "Gedragscode, nevenfuncties, belangenverstrengeling, geheimhouding en integriteitsrisico's.",
    ),
    Term(
        "participatie",
        "Participatie en democratie",
        "Participation and democracy",
        "Participatieverordening, uitdaagrecht, burgerberaad, dorps- en wijkraden.",
    ),
    Term(
        "dienstverlening",
        "Dienstverlening, informatie en digitalisering",
        "Services, information and digital",
        "Klantcontact, Woo, informatiebeveiliging, privacy en data.",
    ),
    Term(
        "weerbaarheid",
        "Weerbaarheid van bestuurders",
        "Resilience of office holders",
        "Agressie en intimidatie, beveiliging, sociale media en polarisatie.",
    ),
)

INSTRUMENTS: tuple[Term, ...] = (
    Term(
        "zienswijze",
        "Zienswijze",
        "Formal view (zienswijze)",
        "Het oordeel van de raad over de begroting of regeling van een samenwerkingsverband.",
    ),
    Term(
        "wensen_bedenkingen",
        "Wensen en bedenkingen",
        "Wishes and objections",
        "De raad geeft het college vooraf wensen en bedenkingen mee bij een voorgenomen besluit.",
    ),
    Term("motie", "Motie", "Motion", "Een uitspraak of verzoek van de raad aan het college."),
    Term("amendement", "Amendement", "Amendment", "Een voorstel om het ontwerpbesluit te wijzigen."),
    Term(
        "initiatiefvoorstel",
        "Initiatiefvoorstel",
        "Member's proposal",
        "Een raadsvoorstel dat raadsleden zelf schrijven.",
    ),
    Term(
        "interpellatie",
        "Interpellatie",
        "Interpellation",
        "Het college in de raadsvergadering ter verantwoording roepen.",
    ),
    Term("vragen", "Vragen", "Questions", "Schriftelijke, mondelinge en technische vragen aan het college."),
    Term(
        "geheimhouding",
        "Geheimhouding",
        "Confidentiality",
        "Geheimhouding opleggen, bekrachtigen of opheffen.",
    ),
    Term(
        "benoeming",
        "Benoeming en installatie",
        "Appointment and installation",
        "Benoemingen, installatie van leden en onderzoek van geloofsbrieven.",
    ),
    Term(
        "verordening",
        "Verordening",
        "By-law",
        "Regels die de raad vaststelt, zoals de APV of belastingverordeningen.",
    ),
    Term(
        "pc_document",
        "Planning & control-document",
        "Planning & control document",
        "Begroting, kadernota, jaarstukken en bestuursrapportages.",
    ),
    Term(
        "krediet", "Krediet", "Budget allocation", "Geld beschikbaar stellen voor een investering of project."
    ),
    Term(
        "ruimtelijk_besluit",
        "Ruimtelijk besluit",
        "Spatial decision",
        "Bestemmingsplan, omgevingsplan, adviesrecht bij buitenplanse activiteiten.",
    ),
    Term(
        "beleidskader", "Beleidskader", "Policy framework", "Een visie, nota of kader dat de raad vaststelt."
    ),
    Term("onderzoek", "Onderzoek", "Inquiry", "Rekenkameronderzoek, raadsonderzoek en raadsenquête."),
    Term(
        "informatie",
        "Informatie aan de raad",
        "Information to the council",
        "Raadsinformatiebrieven, presentaties en de actieve informatieplicht van het college.",
    ),
    Term(
        "petitie",
        "Petitie en inwonersinbreng",
        "Petition and residents' input",
        "Petities, burgerinitiatieven en inspreken.",
    ),
    Term("bezwaar", "Bezwaar", "Objection", "Bezwaar en beroep tegen besluiten van de raad."),
)

COMPETENCIES: tuple[Term, ...] = (
    Term("communiceren_luisteren", "Communiceren en luisteren", "Communicating and listening"),
    Term("initiatief", "Initiatief", "Initiative"),
    Term("omgevingsbewustzijn", "Omgevingsbewustzijn", "Awareness of the environment"),
    Term("onderhandelen", "Onderhandelen", "Negotiating"),
    Term("overtuigingskracht", "Overtuigingskracht", "Persuasiveness"),
    Term("samenwerken", "Samenwerken", "Cooperating"),
    Term("inlevingsvermogen", "Inlevingsvermogen", "Empathy"),
    Term("analytisch_vermogen", "Analytisch vermogen", "Analytical ability"),
    Term("resultaatgerichtheid", "Resultaatgerichtheid", "Result orientation"),
    Term("integriteit", "Integriteit", "Integrity"),
    Term("coachen", "Coachen", "Coaching", "Extra competentie voor fractievoorzitters."),
    Term(
        "sturend_vermogen",
        "Sturend vermogen",
        "Steering ability",
        "Extra competentie voor fractievoorzitters.",
    ),
)

KINDS: tuple[Term, ...] = (
    Term("micro_module", "Micromodule", "Micro-module"),
    Term("kennisclip", "Kennisclip", "Knowledge clip"),
    Term("handreiking", "Handreiking", "Guide"),
    Term("e_learning", "E-learning", "E-learning"),
    Term("training", "Training of workshop", "Training or workshop"),
    Term("intervisie", "Intervisie", "Peer consultation"),
    Term("mentoring", "Mentoring", "Mentoring"),
    Term("webinar", "Webinar", "Webinar"),
    Term("podcast", "Podcast", "Podcast"),
    Term("casus", "Casus- of dilemmasessie", "Case or dilemma session"),
)

PROVIDERS: tuple[Term, ...] = (
    Term("griffie", "De griffie", "The griffie"),
    Term("toerusting", "Toerusting", "Toerusting"),
    Term("nvvr", "NVvR", "NVvR (association of council members)"),
    Term("vng_academie", "VNG Academie", "VNG Academie"),
    Term("vvg", "Vereniging van Griffiers", "Association of Griffiers"),
    Term("ngb", "Nederlands Genootschap van Burgemeesters", "Dutch Society of Mayors"),
    Term("wethoudersvereniging", "Wethoudersvereniging", "Association of Aldermen"),
    Term("prodemos", "ProDemos", "ProDemos"),
    Term("uvw", "Unie van Waterschappen", "Association of Water Authorities"),
    Term("ipo", "IPO", "IPO (provinces)"),
    Term("partijacademie", "Partijacademie", "Party academy"),
    Term("regionale_academie", "Regionale academie", "Regional academy"),
    # A learning provider with its own account (toerusting.providers): the item names the provider itself.
    Term("aanbieder", "Aanbieder", "Learning provider"),
)

RUBRICS: tuple[Term, ...] = (
    Term("kennis", "Kennis", "Knowledge"),
    Term("vaardigheden", "Vaardigheden", "Skills"),
    Term("houding", "Houding", "Attitude"),
)

LEVELS: tuple[Term, ...] = (
    Term("starter", "Starter", "Starter"),
    Term("verdieping", "Verdieping", "Advanced"),
)

FORMATS: tuple[Term, ...] = (
    Term("online", "Online", "Online"),
    Term("op_locatie", "Op locatie", "In person"),
    Term("blended", "Blended", "Blended"),
)

# Audience roles: the roles of organisations.Role that learning is aimed at.
AUDIENCES: tuple[Term, ...] = (
    Term("raadslid", "Raadslid", "Council member"),
    Term("burgerlid", "Burgerlid", "Committee member"),
    Term("fractievoorzitter", "Fractievoorzitter", "Group leader"),
    Term("wethouder", "Wethouder", "Alderman"),
    Term("burgemeester", "Burgemeester", "Mayor"),
    Term("griffier", "Griffier", "Griffier"),
    Term("griffiemedewerker", "Griffiemedewerker", "Griffie staff"),
    Term("statenlid", "Statenlid", "Member of the Provincial Council"),
    Term("gedeputeerde", "Gedeputeerde", "Provincial executive"),
    Term("ab_lid", "AB-lid", "General board member"),
    Term("db_lid", "DB-lid", "Executive board member"),
    Term("dijkgraaf", "Dijkgraaf", "Dijkgraaf"),
)

LANGUAGE_LEVELS = ("B1", "B2")


def codes(terms: tuple[Term, ...]) -> set[str]:
    return {term.code for term in terms}


def by_code(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {term.code: term for term in terms}


def choices(terms: tuple[Term, ...]) -> list[tuple[str, str]]:
    """Model field choices: stored code with the Dutch name (admin and forms show labels in context)."""
    return [(term.code, term.nl) for term in terms]


# Our own providers (their items' source is "eigen inhoud"), and the kinds of item whose text can only
# describe the offer: a national item of ours of such a kind is an example of an offer (see
# LearningItem.is_example).
OWN_PROVIDERS = frozenset({"griffie", "toerusting"})
EXAMPLE_KINDS = frozenset(
    {"kennisclip", "webinar", "podcast", "e_learning", "training", "intervisie", "mentoring"}
)
