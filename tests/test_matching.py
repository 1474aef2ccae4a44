"""The matching engine on titles written for these tests (none from the evaluation set)."""

from __future__ import annotations

import json
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_module
from toerusting.matching import analysis as analysing
from toerusting.matching import services, text
from toerusting.matching.ranking import CatalogueIndex, IndexedItem
from toerusting.matching.rules import DataError, load_instrument_rules, load_topic_terms, rules


def topics(title: str) -> list[str]:
    return [t.code for t in services.analyse(title).topics]


def instrument(title: str) -> str | None:
    decision = services.analyse(title).instrument
    return decision.code if decision else None


@pytest.mark.parametrize(
    ("word", "part"),
    [
        ("kwijtscheldingsverordening", "kwijtschelding"),
        ("kwijtscheldingsverordening", "verordening"),
        ("jeugdhulpverlening", "jeugdhulp"),
        ("afvalstoffenheffing", "heffing"),
        ("onderwijshuisvesting", "huisvesting"),
        ("ontwerpbegrotingswijzigingen", "ontwerpbegroting"),
        ("parkeerverordening", "verordening"),
    ],
)
def test_compounds_are_split_into_known_parts(word: str, part: str) -> None:
    assert part in text.split_compound(word, rules().lexicon)


def test_stemmer_prefix_stripping_is_the_same_for_data_and_text() -> None:
    # PyStemmer strips "ge": the thesaurus is stemmed the same way, so the phrase still matches.
    assert text.stem("gemeenschappelijke") == "meenschappelijk"
    assert topics("Wijziging van de gemeenschappelijke regeling Regio Noord")[0] == ("regionale_samenwerking")
    assert "ruimte" in topics("Startnotitie omgevingsvisie Oostdorp")


HAND_WRITTEN_TOPICS = [
    ("Raadsvoorstel Wijziging Kwijtscheldingsverordening 2026 (24-1188)", "belastingen"),
    ("Vaststellen Afvalstoffenheffing en Rioolheffing 2026", "belastingen"),
    ("Regionale inkoop jeugdhulp 2026-2030", "jeugd"),
    ("Herijking OZB-tarieven", "belastingen"),
    ("Beleidsplan Wmo 2025-2028", "zorg"),
    ("RES 2.0 Regio West-Brabant", "energie_klimaat"),
    ("Uitbreiding cameratoezicht stationsgebied en inzet BOA's", "veiligheid"),
    ("Wijziging APV in verband met vuurwerkverbod", "veiligheid"),
    ("Actualisatie IHP 2025", "onderwijs"),
    ("Herziening grex Centrumgebied", "grondbeleid"),
    ("Jaarrekening 2025 RUD Zuid-Limburg", "regionale_samenwerking"),
    ("Zienswijze ontwerpbegroting VRU 2026", "regionale_samenwerking"),
    ("Uitvoeringsprogramma warmtetransitie", "energie_klimaat"),
    ("Huisvesting statushouders en noodopvang Oekraïners", "asiel_integratie"),
    ("Visie op de openbare verlichting", "openbare_ruimte"),
    ("Motie vreemd: Meer bomen in nieuwbouwwijken", "duurzaamheid"),
    ("Amendement GroenLinks: schuldhulpverlening zonder wachtlijst", "werk_inkomen"),
    ("Evaluatie participatieverordening en uitdaagrecht", "participatie"),
    ("Benoeming leden rekenkamercommissie", "bestuur"),
    ("Informatiebeveiliging en Woo-verzoeken: stand van zaken", "dienstverlening"),
    ("Parkeerbeleid binnenstad 2026", "mobiliteit"),
    ("Nieuwe woonvisie: betaalbaar wonen voor starters", "wonen"),
    ("Intimidatie van raadsleden op sociale media", "weerbaarheid"),
    ("Ontwikkeling bedrijventerrein De Hoek", "economie"),
    ("Subsidie bibliotheek en muziekschool", "cultuur_sport"),
]


def test_primary_topic_on_titles_written_for_the_tests() -> None:
    """A learned engine misses some titles; on these 25 clear ones it must get at least 22 first."""
    wrong = [
        (title, topics(title)[:2], topic)
        for title, topic in HAND_WRITTEN_TOPICS
        if topics(title)[:1] != [topic]
    ]
    assert len(wrong) <= 3, wrong


def test_topic_is_among_the_first_two_on_titles_written_for_the_tests() -> None:
    wrong = [
        (title, topics(title)[:2], topic)
        for title, topic in HAND_WRITTEN_TOPICS
        if topic not in topics(title)[:2]
    ]
    assert len(wrong) <= 2, wrong


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Motie vreemd aan de orde van de dag: gratis zwemles", "motie"),
        ("Amendement op de Kadernota 2027: behoud buurthuizen", "amendement"),
        ("Zienswijze ontwerpbegroting 2026 GGD Hollands Noorden", "zienswijze"),
        ("Kaderbrief 2027 Veiligheidsregio", "zienswijze"),
        ("Kadernota 2028 Omgevingsdienst Rivierenland", "zienswijze"),
        ("Jaarstukken 2026 en begroting 2028 GR Sociaal Werkbedrijf De Kern", "zienswijze"),
        ("Wensen en bedenkingen bij de verkoop van aandelen Eneco", "wensen_bedenkingen"),
        ("Verordening kwijtschelding gemeentelijke belastingen 2026", "verordening"),
        ("Legesverordening 2026", "verordening"),
        ("Programmabegroting 2026-2029", "pc_document"),
        ("Voorjaarsnota 2026", "pc_document"),
        ("Eerste bestuursrapportage 2025", "pc_document"),
        ("Krediet voor de renovatie van sporthal De Wissel", "krediet"),
        ("Benoeming lid van de rekenkamercommissie", "benoeming"),
        ("Onderzoek geloofsbrieven, toelating en beëdiging nieuw raadslid", "benoeming"),
        ("Bekrachtiging geheimhouding bijlage grondexploitatie", "geheimhouding"),
        ("Interpellatie over het asielbeleid", "interpellatie"),
        ("Schriftelijke vragen over de bomenkap in het park", "vragen"),
        ("Petitie tegen de sluiting van het zwembad", "petitie"),
        ("Burgerinitiatief voor een hondenlosloopgebied", "petitie"),
        ("Rekenkamerrapport over de aanpak van armoede", "onderzoek"),
        ("Raadsinformatiebrief voortgang woningbouw", "informatie"),
        ("Presentatie over de netcongestie in de regio", "informatie"),
        ("Vaststellen bestemmingsplan Kerkstraat 12", "ruimtelijk_besluit"),
        ("Verklaring van geen bedenkingen voor zonnepark Zuid", "ruimtelijk_besluit"),
        ("Omgevingsvisie 2040", "beleidskader"),
        ("Startnotitie omgevingsvisie 2045", "beleidskader"),
        ("Agenderingsverzoek D66: raadsinformatiebrief over de bibliotheek", "informatie"),
        # Rules and plans without an instrument of their own, although "...kader" or "...plan" is in the name.
        ("Normenkader rechtmatigheid 2027", None),
        ("Gedragscode integriteit voor raadsleden en burgerleden", None),
        ("Projectplan Waterwet herinrichting van de Molenbeek", None),
        ("Krediet voor het projectplan Waterwet herinrichting van de Molenbeek", "krediet"),
        ("Raadsinformatiebrief over het controleprotocol 2027", "informatie"),
        ("Nota sportbeleid 2026-2030", "beleidskader"),
        ("Beslissing op bezwaarschrift tegen het besluit over de kapvergunning", "bezwaar"),
        ("Beslissing op bezwaar van de heer X tegen het raadsbesluit", "bezwaar"),
        ("Initiatiefvoorstel Groene schoolpleinen", "initiatiefvoorstel"),
        # A code in front says the instrument without its word.
        ("M12. Bankjes langs de Dorpsstraat", "motie"),
        ("Beantwoording ingekomen schriftelijke vragen fractie Lokaal Belang inzake de bushaltes", "vragen"),
        # A change of a joint arrangement's regulation is put to its participants for a zienswijze.
        ("Wijziging gemeenschappelijke regeling Omgevingsdienst Rijnmond", "zienswijze"),
        ("Informatienota uitkomsten van de jaarwisseling", "informatie"),
    ],
)
def test_instrument(title: str, code: str | None) -> None:
    assert instrument(title) == code, services.analyse(title).explain()


@pytest.mark.parametrize(
    "title",
    [
        "1. Opening",
        "Opening en vaststelling van de agenda",
        "2. Vaststellen agenda",
        "Vaststellen notulen van 12 maart 2025",
        "Besluitenlijst commissie Ruimte 3 februari",
        "Lijst ingekomen stukken",
        "Ingekomen stukken",
        "Mededelingen",
        "Mededelingen van het college",
        "Rondvraag",
        "Sluiting",
        "Spreekrecht burgers",
        "Insprekers",
        "Stemmingen",
        "Vragenhalfuur",
        "Vragenuur voor raadsleden",
        "Hamerstukken",
        "Lijst van toezeggingen",
        "SLUITING VERGADERING",
        "Opening, mededelingen en vaststelling agenda",
        # A slot's clock time, a remark in brackets, a speaker named after a comma, a slot heading.
        "Pauze - 20:45",
        "Sluiting (streven naar een eindtijd van uiterlijk 22.30 uur)",
        "Opening door de plaatsvervangend voorzitter van de raad, de heer J. de Vries",
        "Moties vreemd aan de orde van de dag",
        "Conceptverslag openbare vergadering van de commissie Ruimte en Wonen van 4 maart 2025",
        "Verslagen van de AB-commissies",
        "Stand van zaken moties en toezeggingen",
        "Overzicht aangenomen moties",
        "Terugkoppeling gemeenschappelijke regelingen",
        "Informatie vanuit het college",
        "Bericht van verhindering",
        "Vragen halfuur",
        "Vaststellen agenda en inventarisatie",
        "Inventarisatie van de rondvraag",
        "Inventariseren insprekers",
        # "B en W" is one name, not two parts; the drawing of the vote number; lists of letters; Frisian.
        "Informatie van het college van B en W",
        "Trekking stemcijfer",
        "Brieven van derden",
        "Gelegenheid om vragen te stellen",
        "Vragen vanuit de raad",
        "Fêststellen wurklist",
        "Ynkommen stikken",
        # The question slot by its other names and for whom; a break with what it is for; a compound of a
        # slot's noun.
        "Vragenuur raadsleden",
        "Het vragenuur",
        "Vragenrecht van de raadsleden",
        "Schorsing voor fractieberaad (10 minuten)",
        "Burgerrondvraag",
        # Announcements from whom, long-term agendas.
        "Mededelingen van de portefeuillehouders",
        "Termijnagenda's",
        # Minutes of a compound meeting noun, of several days, with a dotted date; the agenda as it lies.
        "Vaststellen besluitenlijst van de gemeenteraadsvergadering van 3 oktober 2025",
        "Vaststellen notulen raadsvergaderingen 8 en 10 juli 2025",
        "Verslagen van de vergaderingen van 2 april en 9 april 2024",
        "Besluitenlijst raad 14.05.2024",
        "Vaststelling van de voorliggende agenda",
        # Voting as a slot.
        "Bepalen volgorde bij hoofdelijke stemming",
        # Incoming and outgoing post as one list; minutes and decision lists of any body, with whatever
        # follows; a minutes-adoption of a named meeting; announcements from anyone; an information duty.
        "Ingekomen en verzonden stukken",
        "Lijst ingekomen- en uitgaande brieven",
        "Ingekomen/uitgaande stukken",
        "Overige ingekomen post",
        "Besluitenlijst vergadering algemeen bestuur veiligheidsregio 12 juni 2025 ter kennisname",
        "Vaststellen besluiten- en actielijst commissie Bestuur 3 februari 2025",
        "Vaststellen verslag rondetafelgesprek 5 maart 2025",
        "Mededelingen van de secretaris-directeur",
        "Actieve informatievoorziening door het college",
        "Informatie van het college in het kader van de actieve informatieplicht",
        # Slots: a question hour for whom, current affairs, speaking time.
        "Vragenhalfuur voor inwoners",
        "Actualiteit",
        "Spreekgelegenheid voor belangstellenden",
        "Concept-agenda commissievergadering 2 juni 2025",
    ],
)
def test_procedural(title: str) -> None:
    analysis = services.analyse(title)
    assert analysis.procedural, title
    assert analysis.instrument is None
    assert services.recommend(analysis, index=CatalogueIndex(())) == []


@pytest.mark.parametrize(
    "title",
    [
        "Uitstel opening nieuwe sporthal",
        "Sluiting van de bibliotheek in Noorddorp",
        "Mededeling college over de jeugdzorgtekorten en maatregelen",
        "Agenda voor de Veenkoloniën: regiodeal",
        "Jaarverslag 2024 van de ombudsman",
        "Beeldvorming: omgevingsvisie",
        "Verslag van de onderzoekscommissie jeugdzorg",
        "Informatie van het college over de jeugdzorg",
        "Inventarisatie knelpunten woningbouw",
        "Stemming over het voorstel Verordening ligplaatsen",
        "Gelegenheid tot het stellen van vragen aan de informateur",
        "Schorsing van het besluit over de standplaatsen",
        "Moties over de begroting 2026",
        "Vragen van raadsleden over de bomenkap in het Stadspark",
        "Ingekomen motie van de gemeente Oostdorp over flitspalen",
        "Gemeenschappelijke regeling Omgevingsdienst: ontwerpbegroting 2026",
        "Verslag van de bevindingen van de visitatiecommissie",
        "Vaststellen verslag van de commissie voor het onderzoek van de geloofsbrieven",
    ],
)
def test_substantive_titles_that_look_procedural(title: str) -> None:
    assert not services.analyse(title).procedural, title


def test_a_slot_is_recognised_through_times_and_remarks_but_not_through_a_date() -> None:
    assert analysing.procedural_parts("19.00 - 19.15 uur Spreekrecht") == ["spreekrecht"]
    assert analysing.procedural_parts("Verslag Extra Beraad 16.06.2005") == [
        "verslag extra beraad 16.06.2005"
    ]
    assert analysing.procedural_parts("Rondvraag (ter tafel)", without_remarks=True) == ["rondvraag"]
    # A remark is only dropped when the title is not procedural with it; the subject stays substantive.
    assert not analysing.is_procedural("Sluiting van de bibliotheek (besluit over het gebouw)")[0]
    assert not analysing.is_procedural("Uitstel opening, nieuwe sporthal")[0]
    # " en " splits parts, except inside a name or between two numbers.
    assert analysing.procedural_parts("Opening en mededelingen") == ["opening", "mededelingen"]
    assert analysing.procedural_parts("Mededelingen college van B en W") == [
        "mededelingen college van b en w"
    ]
    assert analysing.procedural_parts("Notulen 3 en 4 juli") == ["notulen 3 en 4 juli"]
    # ... nor in a pair of incoming and outgoing documents, nor after a dropped compound part ("besluiten-
    # en actielijst" is one list).
    assert analysing.procedural_parts("Ingekomen en uitgaande stukken") == ["ingekomen en uitgaande stukken"]
    assert analysing.procedural_parts("Ingekomen/verzonden brieven") == ["ingekomen/verzonden brieven"]
    assert analysing.procedural_parts("Besluiten- en actielijst") == ["besluiten- en actielijst"]
    assert analysing.procedural_parts("Mededelingen burgemeester en vaststelling agenda") == [
        "mededelingen burgemeester",
        "vaststelling agenda",
    ]
    assert analysing.procedural_parts("Verslag 9 oktober 2012 en rondvraag") == [
        "verslag 9 oktober 2012",
        "rondvraag",
    ]
    # A part that is only a date continues the part before it; a title of only a date stays as it is.
    assert analysing.procedural_parts("Verslagen van 14 maart en 16 maart 2006") == ["verslagen van 14 maart"]
    assert analysing.procedural_parts("Besluitenlijsten 12/19 december 2017") == ["besluitenlijsten 12"]
    assert analysing.procedural_parts("12 december 2017") == ["12 december 2017"]


def test_a_code_in_front_is_named_as_the_evidence() -> None:
    decided = services.analyse("M12. Bankjes langs de Dorpsstraat").instrument
    assert decided is not None and decided.code == "motie"
    assert (decided.rule, decided.evidence) == ("code", "M12")


def test_noise_in_titles_is_removed() -> None:
    assert text.clean_title("7. Raadsvoorstel: Verordening Woonruimtebemiddeling (23207)") == (
        "Verordening Woonruimtebemiddeling"
    )
    assert text.clean_title("CollegewisselingAfscheid wethouders") == "Collegewisseling Afscheid wethouders"
    assert text.clean_title("Voorstel inzake Nota Grondbeleid - 312710") == "Nota Grondbeleid"


def test_abbreviations_need_capitals_but_not_in_all_caps_titles() -> None:
    assert services.analyse("Begroting GGD Noord").bodies == ("GGD",)
    assert services.analyse("Begroting GR Noord").expansions == ("GR: gemeenschappelijke regeling",)
    assert "regionale_samenwerking" not in topics("De res van het budget")
    assert "energie_klimaat" in topics("VASTSTELLEN RES 1.0")


def test_explanation_names_words_and_rules() -> None:
    analysis = services.analyse("Zienswijze ontwerpbegroting 2026 GGD Gelderland-Zuid")
    lines = analysis.explain()
    assert any(line.startswith("Afkorting of synoniem: GGD") for line in lines)
    assert any("instruments.tsv:" in line for line in lines)
    assert analysis.topics[0].evidence


def test_data_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "topics.tsv"
    bad.write_text("topic\tweight\tterm\nfinancien\t3\tbegroting\nfinanciën\t2\tgeld\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"topics.tsv:3: unknown topic code"):
        load_topic_terms(bad)
    bad_rule = tmp_path / "instruments.tsv"
    bad_rule.write_text("instrument\tpattern\tphrase\ttopics\nmotie\t(motie\teen motie\t\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"instruments.tsv:2: bad regular expression"):
        load_instrument_rules(bad_rule)


def _item(
    slug: str, topics: tuple[str, ...], instruments: tuple[str, ...] = (), **extra: object
) -> IndexedItem:
    values: dict[str, object] = {
        "title": slug,
        "kind": "micro_module",
        "audience": frozenset({"raadslid"}),
        "level": "verdieping",
        "duration_minutes": 10,
        "endorsements": 0,
        "organisation_id": None,
    }
    values.update(extra)
    return IndexedItem(slug=slug, topics=topics, instruments=frozenset(instruments), **values)  # type: ignore[arg-type]


def test_ranking_needs_the_first_topic_or_the_instrument_and_gives_a_specific_reason() -> None:
    index = CatalogueIndex(
        (
            _item("zienswijze-gr", ("regionale_samenwerking", "financien"), ("zienswijze",)),
            _item("zienswijze-gr-2", ("regionale_samenwerking", "financien"), ("zienswijze",)),
            _item("begroting-lezen", ("financien",), ("pc_document",), level="starter"),
            _item("sport", ("cultuur_sport",)),
        )
    )
    analysis = services.analyse("Zienswijze ontwerpbegroting 2026 GGD Gelderland-Zuid")
    assert analysis.instrument is not None and analysis.instrument.code == "zienswijze"
    result = services.recommend(analysis, index=index, limit=3)
    slugs = [r.slug for r in result]
    assert slugs[:2] == ["zienswijze-gr", "zienswijze-gr-2"]
    assert "sport" not in slugs
    # The reason names the instrument and the body of the title, in Dutch.
    assert result[0].reason.startswith("Dit agendapunt is een zienswijze van de raad")
    assert "(GGD" in result[0].reason
    assert result[0].why.instrument == "zienswijze"
    done = services.recommend(analysis, index=index, limit=3, completed={"zienswijze-gr"})
    assert "zienswijze-gr" not in [r.slug for r in done]


def test_beside_a_strong_match_a_weak_one_is_not_shown() -> None:
    index = CatalogueIndex(
        (
            _item("woonvisie-maken", ("wonen",), ("beleidskader",)),
            _item("wonen-als-bijzaak", ("ruimte", "wonen")),
            _item("visie-in-het-algemeen", ("bestuur",), ("beleidskader",)),
        )
    )
    sure = services.analyse("Woonvisie 2030: betaalbaar wonen voor starters")
    assert sure.confident and sure.primary_topic == "wonen"
    framework = analysing.InstrumentDecision("beleidskader", 0.9, "een beleidskader", "model", "visie")
    both = replace(sure, instrument=framework)
    # On the topic and the instrument: far above the items that fit one of them, which are left out.
    assert [r.slug for r in services.recommend(both, index=index)] == ["woonvisie-maken"]
    # Without the item that fits both, the items that fit one are the best there is, and are shown.
    rest = CatalogueIndex(index.items[1:])
    assert {r.slug for r in services.recommend(both, index=rest)} == {
        "wonen-als-bijzaak",
        "visie-in-het-algemeen",
    }


def test_no_recommendation_when_the_engine_is_unsure_of_the_topic() -> None:
    index = CatalogueIndex((_item("wonen", ("wonen",)),))
    sure = services.analyse("Woonvisie 2030: betaalbaar wonen voor starters")
    assert sure.confident and sure.primary_topic == "wonen"
    assert [r.slug for r in services.recommend(sure, index=index)] == ["wonen"]
    unsure = replace(sure, confident=False, instrument=None)
    assert services.recommend(unsure, index=index) == []


def test_ranking_respects_role_and_body_type() -> None:
    index = CatalogueIndex(
        (
            _item("voor-wethouders", ("wonen",), audience=frozenset({"wethouder"})),
            _item("voor-ab-leden", ("wonen",), audience=frozenset({"ab_lid"})),
            _item("voor-raadsleden", ("wonen",)),
            _item("voor-iedereen", ("wonen",), audience=frozenset()),
        )
    )
    analysis = services.analyse("Woonvisie 2030: betaalbaar wonen voor starters")
    for_member = {
        r.slug for r in services.recommend(analysis, role="raadslid", body_type="gemeente", index=index)
    }
    assert for_member == {"voor-raadsleden", "voor-iedereen"}
    in_gemeente = {r.slug for r in services.recommend(analysis, body_type="gemeente", index=index)}
    assert "voor-ab-leden" not in in_gemeente and "voor-wethouders" in in_gemeente
    in_waterschap = {r.slug for r in services.recommend(analysis, body_type="waterschap", index=index)}
    assert in_waterschap == {"voor-ab-leden", "voor-iedereen"}
    first = services.recommend(analysis, role="raadslid", body_type="gemeente", index=index)[0]
    assert first.reason.startswith("Dit agendapunt gaat over wonen") or first.reason.startswith(
        "Dit agendapunt is"
    )
    assert first.audience in ((), ("raadslid",))


@pytest.mark.django_db
def test_match_command_prints_one_json_object_per_row(tmp_path: Path) -> None:
    make_module("mm-begroting", title="De begroting lezen", topics=("financien",))
    services.reset_catalogue_index()
    source = tmp_path / "items.tsv"
    source.write_text(
        "id\tmunicipality\ttitle\tdescription\n"
        "a1\tX\tProgrammabegroting 2026\tDe raad stelt de begroting vast.\n"
        "a2\tX\tRondvraag\t\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("match", input=str(source), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["id"] for row in rows] == ["a1", "a2"]
    assert rows[0]["procedural"] is False
    assert rows[0]["topics"][0]["code"] == "financien"
    assert rows[0]["instrument"]["code"] == "pc_document"
    assert 0.5 < rows[0]["instrument"]["score"] <= 1.0
    assert rows[0]["items"][0]["slug"] == "mm-begroting"
    assert rows[0]["items"][0]["reason"].startswith("Dit agendapunt ")
    assert "planning & control" in rows[0]["items"][0]["reason"]
    assert rows[1] == {"id": "a2", "procedural": True, "topics": [], "instrument": None, "items": []}


def test_the_meeting_is_context_for_the_model() -> None:
    """The words of the meeting's name are features of their own kind; without a meeting there are none."""
    from toerusting.matching import features
    from toerusting.matching.rules import rules

    title = "Huisartsenpraktijk in de kern Axel"
    plain = features.extract(title, rules()).features
    framed = features.extract(title, rules(), meeting="Commissie Ruimte en Economie, 12 maart").features
    assert not [name for name in plain if name.startswith("m:")]
    meeting_features = {name for name in framed if name.startswith("m:")}
    assert {"m:commissie", "m:ruimt", "m:economie"} <= meeting_features
    assert not [name for name in meeting_features if any(ch.isdigit() for ch in name)]
    assert {k: v for k, v in framed.items() if not k.startswith("m:")} == plain


def test_match_command_reads_the_meeting_type_column(tmp_path: Path) -> None:
    from toerusting.matching.tsv import read_rows

    source = tmp_path / "items.tsv"
    source.write_text(
        "id\ttitle\tbody_type\tmeeting_type\na1\tZwembad\tgemeente\tVragenuur\na2\tRondvraag\n",
        encoding="utf-8",
    )
    rows = read_rows(source)
    assert [(row.id, row.body_type, row.meeting) for row in rows] == [
        ("a1", "gemeente", "Vragenuur"),
        ("a2", "", ""),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ident\ttitle\n1\tx\n", r"items.tsv:1: column 'id' missing"),
        (b"id;title\n1;x\n", r"items.tsv:1: column 'id' missing.*tab-separated"),
        (b"id\ttitle\n1\tbegroting \xe9\n", r"items.tsv:2: not UTF-8"),
        (b"id\tdescription\n1\tx\n", r"column 'title' missing"),
    ],
)
def test_match_command_refuses_bad_input(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "items.tsv"
    source.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("match", input=str(source), stdout=StringIO())


def test_a_repeated_title_is_analysed_once_per_model_and_body_type(monkeypatch: pytest.MonkeyPatch) -> None:
    from toerusting.matching import analysis
    from toerusting.matching import model as model_

    calls: list[tuple[str, str]] = []
    real = analysis._analyse

    def counted(
        title: str, description: str, body_type: str, meeting: str, model: model_.Model
    ) -> analysis.Analysis:
        calls.append((title, body_type + meeting))
        return real(title, description, body_type, meeting, model)

    monkeypatch.setattr(analysis, "_analyse", counted)
    monkeypatch.setattr(analysis, "_cache", type(analysis._cache)())
    first = services.analyse("Vaststellen van de agenda")
    assert services.analyse("Vaststellen van de agenda") is first  # the same result, not analysed again
    services.analyse("Vaststellen van de agenda", body_type="waterschap")  # another body type: analysed
    assert calls == [("Vaststellen van de agenda", ""), ("Vaststellen van de agenda", "waterschap")]
    services.analyse("Vaststellen van de agenda", meeting="Vragenuur")  # another meeting: analysed
    assert calls[-1] == ("Vaststellen van de agenda", "Vragenuur")
    services.analyse("Vaststellen van de agenda", meeting="Vragenuur 3 maart 2026")  # the same meeting words
    assert calls[-1] == ("Vaststellen van de agenda", "Vragenuur")
    calls.pop()

    # A new model (after training) makes every kept analysis invalid.
    retrained = replace(model_.current())
    monkeypatch.setattr(model_, "current", lambda: retrained)
    again = services.analyse("Vaststellen van de agenda")
    assert again is not first and again == first
    assert len(calls) == 3

    # Bounded: the oldest titles make room.
    monkeypatch.setattr(analysis, "ANALYSIS_CACHE_SIZE", 2)
    for title in ("Motie over bomen", "Motie over bankjes", "Motie over lantaarns"):
        services.analyse(title)
    assert len(analysis._cache) == 2
    assert ("Vaststellen van de agenda", "", "") not in analysis._cache


@pytest.mark.parametrize(
    ("words", "start"),
    [
        (["voorstel", "van", "het", "college", "inzake", "de", "bibliotheek"], 5),
        (["vragen", "over", "de", "bibliotheek", "over", "een", "jaar"], 2),
        (["over", "de", "bibliotheek"], 0),  # nothing in front: no frame
        (["motie", "over"], 0),  # nothing behind: no subject
        (["overdracht", "van", "de", "bibliotheek"], 0),
    ],
)
def test_the_subject_starts_after_the_first_marker_with_words_on_both_sides(
    words: list[str], start: int
) -> None:
    assert analysing.subject_start(words) == start


def test_the_frame_of_a_title_is_no_topic_evidence() -> None:
    # Who brings the item ("het college van burgemeester en wethouders") is not what it is about.
    framed = analysing.rule_evidence(
        "Voorstel van het college van burgemeester en wethouders inzake de openbare bibliotheek", rules()
    )
    assert set(framed.topics) == {"cultuur_sport"}
    alone = analysing.rule_evidence("Voorstel van het college van burgemeester en wethouders", rules())
    assert "bestuur" in alone.topics
    # The classifiers still read every word: the frame is a feature, only not a topic word.
    extracted = analysing.features.extract(
        "Voorstel van het college van burgemeester en wethouders inzake de openbare bibliotheek", rules()
    )
    assert f"s:{text.stem('college')}" in extracted.features


@pytest.mark.parametrize(
    ("words", "end"),
    [
        ("raadsbrief vervanging van de kademuur", 1),
        ("voorstel college onderhoud sportvelden", 2),
        ("voordracht van gedeputeerde staten tot vaststelling van de natuurvisie", 4),
        ("statenbesluit investeringen provinciale wegen", 1),
        ("voorstel van het college", 0),  # only a frame: nothing to read after it
        ("benoeming wethouder", 0),
        ("reglement van orde voor de raad", 0),
    ],
)
def test_the_frame_in_front_says_the_form_and_who_brings_the_item(words: str, end: int) -> None:
    assert analysing.frame_end(words.split()) == end


@pytest.mark.parametrize(
    "title",
    [
        "Raadsbrief vervanging van de kademuur aan de haven",
        "Voorstel college onderhoud sportvelden",
        "Onderhoud sportvelden (raadsvoorstel nr. 2027-118)",
        "Statenbesluit investeringen provinciale wegen",
    ],
)
def test_the_document_form_in_a_title_is_no_evidence_of_the_topic_bestuur(title: str) -> None:
    # "raads|brief", "staten|besluit", "college" say how the item comes to the council, not what it is about.
    assert "bestuur" not in analysing.rule_evidence(title, rules()).topics, title


def test_a_title_about_the_council_itself_keeps_the_topic_bestuur() -> None:
    assert (
        "bestuur" in analysing.rule_evidence("Raadsvoorstel reglement van orde voor de raad", rules()).topics
    )
    assert "bestuur" in analysing.rule_evidence("Benoeming wethouder", rules()).topics


def test_the_meeting_says_the_instrument_when_the_title_names_none() -> None:
    from toerusting.matching import features

    bare = "Openbare toiletten bij de bushaltes"
    under = features.extract(bare, rules(), meeting="Schriftelijke vragen (art. 40)")
    assert under.evidence.instruments[:1] == (
        ("vragen", features.MEETING_LINE, "vragen aan het college", "schriftelijke vragen"),
    )
    assert "r:inst_vragen" in under.features
    assert not features.extract(bare, rules(), meeting="Raadsvergadering").evidence.instruments
    # The title's own instrument comes first, and a procedural slot of such a meeting stays without one.
    motion = features.extract("Motie over de bushaltes", rules(), meeting="Vragenuur").evidence
    assert motion.instruments[0][0] == "motie" and motion.instruments[0][1] != features.MEETING_LINE
    assert not features.extract("Opening", rules(), meeting="Vragenuur").evidence.instruments
    # Only the plainest case: a meeting named for another instrument says nothing about its items.
    assert not features.extract(bare, rules(), meeting="Begrotingsvergadering").evidence.instruments


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("AM2 Bij de voorjaarsnota; ruimte voor de schaatsbaan", "amendement"),
        ("Verkeersveiligheid bij de basisschool (MV3-2)", "vragen"),
    ],
)
def test_a_code_of_a_known_kind_weighs_like_the_rules_own_word(title: str, code: str) -> None:
    """The RIS labels the item with its code ("AM2", "(MV3-2)"); the subject words alone say a budget
    document or nothing. The code weighs as the mix's "instrument_code", and with the ordinary weight of
    a rule (0.35) these titles lose their instrument."""
    from toerusting.matching import model as model_

    current = model_.current()
    found = analysing._analyse(title, "", "gemeente", "", current).instrument
    assert found is not None and (found.code, found.rule) == (code, "code")
    ordinary = replace(current, mix={**current.mix, "instrument_code": current.mix["instrument"]})
    weaker = analysing._analyse(title, "", "gemeente", "", ordinary).instrument
    assert weaker is None or weaker.code != code


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Samenwerking met de Nationale ombudsman", "dienstverlening"),
        ("Nota antidiscriminatie en emancipatie", "participatie"),
        ("Waterbeheerprogramma 2028-2033", "openbare_ruimte"),
        ("Inkoop- en aanbestedingsbeleid", "financien"),
    ],
)
def test_the_topic_word_lists_follow_the_labelling_guide(title: str, code: str) -> None:
    # corpus/LABELLING.md: the ombudsman is dienstverlening, anti-discrimination and emancipation
    # participatie, an integrated water plan openbare_ruimte first, inkoop and aanbesteding financien.
    found = analysing.rule_evidence(title, rules()).topics
    assert found and max(found, key=lambda topic: found[topic][0]) == code, (title, found)


@pytest.mark.parametrize(
    "title",
    [
        "Kredietaanvraag renovatie sporthal De Wissel",
        "Voorbereidingskrediet nieuwe brandweerkazerne",
        "Investeringen in de vervanging van gemalen",
    ],
)
def test_asking_for_money_is_the_instrument_not_the_topic(title: str) -> None:
    # The shared labelling rules: an instrument alone is no topic; the subject the money is for is.
    assert "financien" not in analysing.rule_evidence(title, rules()).topics, title


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Actieplan eenzaamheid onder ouderen", "bestuur"),
        ("Masterplan sportparken 2030", "ruimte"),
        ("Projectplan Waterwet voor de Molenbeek", "ruimte"),
    ],
)
def test_the_name_of_an_instrument_is_no_topic(title: str, code: str) -> None:
    assert code not in analysing.rule_evidence(title, rules()).topics, title


def test_a_subsidy_is_about_what_it_pays_for() -> None:
    found = analysing.rule_evidence("Subsidieplafond muziekonderwijs 2028", rules()).topics
    assert max(found, key=lambda topic: found[topic][0]) != "financien", found


def test_the_budget_cycle_is_still_the_topic_financien() -> None:
    assert "financien" in analysing.rule_evidence("Voorjaarsnota 2027", rules()).topics


@pytest.mark.parametrize(
    "title", ["Budget voor de renovatie van sporthal De Wissel", "Investeringen in de vervanging van gemalen"]
)
def test_money_asked_for_a_named_work_is_a_krediet(title: str) -> None:
    analysis = services.analyse(title)
    assert analysis.instrument is not None and analysis.instrument.code == "krediet", title
