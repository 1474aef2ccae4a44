"""Title cleaning: noise goes, the subject stays; the original is kept elsewhere."""

from __future__ import annotations

import pytest

from toerusting.agenda.titles import clean_title


@pytest.mark.parametrize(
    ("original", "number", "cleaned"),
    [
        (
            "Raadsvoorstel Maatregelenverordening Almere 2023 (23207)",
            "",
            "Maatregelenverordening Almere 2023",
        ),
        (
            "Motie: 'Duurzame inkoop Jeugdhulp met verblijf\u2019 (23098.004)",
            "",
            "Motie: 'Duurzame inkoop Jeugdhulp met verblijf'",
        ),
        (
            "Motie vreemd: Cameratoezicht in centrum Almere Haven hervatten (23087)",
            "",
            "Motie vreemd: Cameratoezicht in centrum Almere Haven hervatten",
        ),
        (
            "Raadsvoorstel: Vaststellen vergaderschema gemeenteraad 2023.",
            "",
            "Vaststellen vergaderschema gemeenteraad 2023",
        ),
        (
            "Raadsvoorstel inzake reconstructie glastuinbouwgebied Meeslouwerpolder",
            "",
            "Reconstructie glastuinbouwgebied Meeslouwerpolder",
        ),
        (
            "Benoeming vervangend wethouder René Peeters. (23285)",
            "",
            "Benoeming vervangend wethouder René Peeters",
        ),
        ("Vaststellen bestemmingsplan Centrum Nr. BD2018-001777", "", "Vaststellen bestemmingsplan Centrum"),
        ("Jaarstukken 2024 - 312710", "", "Jaarstukken 2024"),
        ("7. Bestemmingsplan Voorbeeldweg", "7.", "Bestemmingsplan Voorbeeldweg"),
        ("3a: Motie Geen zonnepanelen op landbouwgrond", "3a", "Motie Geen zonnepanelen op landbouwgrond"),
        ("Kadernota 2027 - aangenomen", "", "Kadernota 2027"),
        ("Motie vreemd: Bankjes in het park (unaniem aangenomen)", "", "Motie vreemd: Bankjes in het park"),
        ("Kadernota 2027 (Besluit: vastgesteld)", "", "Kadernota 2027"),
        (
            "Verordening afvalstoffenheffing 2027, 20 voor 11 tegen",
            "",
            "Verordening afvalstoffenheffing 2027",
        ),
        ("Verordening OZB 2027. Woordmeldingen: VVD, GL, CDA", "", "Verordening OZB 2027"),
        (
            "Herinrichting Dorpsstraat - Sprekers: mevrouw Jansen, de heer De Vries",
            "",
            "Herinrichting Dorpsstraat",
        ),
        ("Zaaknummer 2024-0012 Herinrichting Dorpsstraat", "", "Herinrichting Dorpsstraat"),
        ("Jaarverslag rekenkamer 2025 [2026/1234]", "", "Jaarverslag rekenkamer 2025"),
        (
            "Raadsvoorstel Verordening afvalstoffenheffing 2027 (Z/26/004512)",
            "",
            "Verordening afvalstoffenheffing 2027",
        ),
        (
            "  Zienswijze   ontwerpbegroting\n GGD\u00a0Waardenland ",
            "",
            "Zienswijze ontwerpbegroting GGD Waardenland",
        ),
        ("Opening, mededelingen en vaststelling agenda.", "", "Opening, mededelingen en vaststelling agenda"),
        ("raadsvoorstel pilot methode Duisenberg.", "", "Pilot methode Duisenberg"),
    ],
)
def test_noise_is_removed(original: str, number: str, cleaned: str) -> None:
    assert clean_title(original, number) == cleaned


@pytest.mark.parametrize(
    "title",
    [
        "Voorstel tot vaststelling van het bestemmingsplan Voorbeeldweg",
        "Jaarstukken (2025)",
        "Programmabegroting 2027-2030",
        "Rondvraag",
        "Motie vreemd aan de orde van de dag: Zonder geld geen gemeenten",
        "Investeringsimpuls Almere - Flevoland",
        "Raadsakkoord Lindenwaard",
        "Notulen raad 22 september 2005",
    ],
)
def test_subject_is_kept(title: str) -> None:
    assert clean_title(title) == title


def test_a_title_that_is_only_noise_stays_as_it_was() -> None:
    assert clean_title("(23207)") == "(23207)"
    assert clean_title("Raadsvoorstel") == "Raadsvoorstel"
