"""The title parser finds the conventions of RIS titles: item numbers, codes, document kinds, references,
dates and time slots; each is a feature of the classifiers, and the rest of the title is read without them."""

from __future__ import annotations

import pytest

from toerusting.matching.parse import parse, strip_references


@pytest.mark.parametrize(
    ("title", "number", "code", "code_kind", "rest"),
    [
        ("6a. Verordening rioolheffing 2027", "6a", "", "", "Verordening rioolheffing 2027"),
        ("Agendapunt 4: Rondvraag", "4", "", "", "Rondvraag"),
        ("M12 Bomen in de Dorpsstraat", "", "M12", "motie", "Bomen in de Dorpsstraat"),
        ("7. MV3-1 Parkeren bij de school", "7", "MV3-1", "vragen", "Parkeren bij de school"),
        ("A2. Amendement op de begroting", "", "A2", "amendement", "Amendement op de begroting"),
        # Letters that are no RIS code stay part of the subject.
        ("RES 2.0 regio Foodvalley", "", "", "", "RES 2.0 regio Foodvalley"),
        ("Art 5 van de verordening", "", "", "", "Art 5 van de verordening"),
    ],
)
def test_numbers_and_codes_are_taken_off_the_title(
    title: str, number: str, code: str, code_kind: str, rest: str
) -> None:
    parsed = parse(title)
    assert (parsed.number, parsed.code, parsed.code_kind, parsed.rest) == (number, code, code_kind, rest)


@pytest.mark.parametrize(
    ("title", "doc_kind"),
    [
        ("Raadsvoorstel: Kadernota 2027", "raadsvoorstel"),
        ("Raadsinformatiebrief voortgang woningbouw", "informatiebrief"),
        ("Memo over de stand van de reserves", "informatiebrief"),
        ("Voorstel tot vaststelling van de Woonvisie", "raadsvoorstel"),
        ("Beantwoording schriftelijke vragen over de kermis", "beantwoording"),
        ("Kadernota 2027", ""),
    ],
)
def test_the_kind_of_document_in_front_is_recognised(title: str, doc_kind: str) -> None:
    assert parse(title).doc_kind == doc_kind


@pytest.mark.parametrize(
    ("title", "rest"),
    [
        ("19.00 - 19.15 uur Sprekersplein", "Sprekersplein"),
        ("20:30 uur: Rondvraag", "Rondvraag"),
        ("19.30-20.00 Inspreken", "Inspreken"),
        ("6a. 19.30 uur Inspreken", "Inspreken"),
        ("Vaststelling van de agenda (9.40 uur)", "Vaststelling van de agenda"),
        ("Sluiting (ca. 22.00 uur)", "Sluiting"),
        ("Opening om 19.30 uur", "Opening"),
    ],
)
def test_time_slots_are_taken_off_and_marked(title: str, rest: str) -> None:
    parsed = parse(title)
    assert parsed.has_time
    assert parsed.rest == rest


@pytest.mark.parametrize("title", ["3.10 Verordening ligplaatsen", "10.15 Pauze", "Begroting 2027"])
def test_a_number_without_uur_or_a_range_is_no_time(title: str) -> None:
    """In front, "3.10" is as likely an item number as a time: only "uur" or a range makes it a time."""
    assert not parse(title).has_time


@pytest.mark.parametrize(
    ("title", "number", "rest"),
    [
        ("A 15.05 - 18.00 uur Algemene beschouwingen", "A", "Algemene beschouwingen"),
        ("B 20.30 uur Reactie van het college", "B", "Reactie van het college"),
    ],
)
def test_a_letter_before_a_time_slot_is_the_order_of_business_not_an_amendment(
    title: str, number: str, rest: str
) -> None:
    parsed = parse(title)
    assert (parsed.number, parsed.code, parsed.rest, parsed.has_time) == (number, "", rest, True)
    assert parse("A 3 Wijziging APV").code == "A3"  # without "uur" or a range it stays a code


def test_a_title_that_is_only_a_time_slot_keeps_its_words() -> None:
    parsed = parse("Pauze (20.45 uur)")
    assert (parsed.rest, parsed.has_time) == ("Pauze", True)
    assert parse("(20.45 uur)").rest == "(20.45 uur)"


def test_references_and_dates_are_found_and_stripped() -> None:
    title = "Brief aan kabinet over vergroenen OZB (BD2018-000924) d.d. 12 maart 2024"
    parsed = parse(title)
    assert parsed.has_reference
    assert parsed.has_date
    assert strip_references(title) == "Brief aan kabinet over vergroenen OZB"


def test_compound_items_are_recognised() -> None:
    assert parse("a. Jaarstukken 2025 b. Kadernota 2027").compound
    assert not parse("Jaarstukken 2025").compound


@pytest.mark.parametrize(
    ("title", "rest", "code", "kind"),
    [
        (
            "Nieuwe fietsenstalling bij het station (MV4-3)",
            "Nieuwe fietsenstalling bij het station",
            "MV4-3",
            "vragen",
        ),
        ("Bankjes in het park (M12).", "Bankjes in het park", "M12", "motie"),
        ("Begroting 2027 (A 3)", "Begroting 2027", "A3", "amendement"),
    ],
)
def test_a_code_in_brackets_at_the_end_is_read_like_one_in_front(
    title: str, rest: str, code: str, kind: str
) -> None:
    parsed = parse(title)
    assert (parsed.rest, parsed.code, parsed.code_kind) == (rest, code, kind)


@pytest.mark.parametrize("title", ["Herinrichting Dorpsstraat (fase 2)", "Jaarrekening (RES 2)", "(M12)"])
def test_brackets_at_the_end_that_are_no_known_code_stay(title: str) -> None:
    parsed = parse(title)
    assert parsed.code == ""
    assert parsed.rest == title


def test_an_item_brought_by_a_party_or_member_is_marked() -> None:
    from toerusting.matching import features
    from toerusting.matching.rules import rules

    def marks(title: str) -> set[str]:
        found = features.extract(title, rules()).features
        return {name for name in found if name.startswith("p:author")}

    assert marks("De heer Jansen (VVD) over de kermis") == {"p:author", "p:author_over"}
    assert marks("Vraag van GroenLinks inzake bomenkap") == {"p:author"}
    assert marks("Verordening afvalstoffenheffing 2027") == set()
    # A party named late in a long title is no sign of who brings it.
    assert marks("Verordening afvalstoffenheffing 2027 met de inbreng van de fractie") == set()
