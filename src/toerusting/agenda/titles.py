"""Cleaning agenda item titles, kept beside the original.

Sources put noise in titles: document and zaak numbers ("(23207)", "Nr. BD2018-001777", "- 312710"),
"Raadsvoorstel:" prefixes, the item's own number again, vote results added afterwards ("- aangenomen",
"(unaniem aangenomen)") and speaker lists ("Woordmeldingen: VVD, GL"). The cleaned title is what members
read and what matching uses; the original is always stored too. Bump CLEANER_VERSION when the rules change,
so that the next sync rewrites the cleaned titles.
"""

from __future__ import annotations

import re

CLEANER_VERSION = 1

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})

# Prefixes that say what kind of document the item is, not what it is about.
_PREFIX = re.compile(
    r"^(?:raads|college|initiatief)?voorstel(?:\s+(?:inzake|over|betreffende|m\.b\.t\.))?\s*[:\-\u2013]\s*"
    r"|^(?:raads|college)voorstel\s+(?:inzake|over|betreffende|m\.b\.t\.)\s+"
    r"|^raadsvoorstel\s+(?=[a-z0-9'\"])",
    re.IGNORECASE,
)

# Speaker and inspreker lists appended to the title.
_SPEAKERS = re.compile(
    r"\s*[\-\u2013(,;]?\s*\b(?:woordmeldingen|woordvoerders?|sprekers|insprekers|spreektijd)\s*:.*$",
    re.IGNORECASE,
)

_VOTE_WORDS = (
    r"(?:unaniem\s+|met\s+algemene\s+stemmen\s+|geamendeerd\s+)?"
    r"(?:aangenomen|verworpen|ingetrokken|aangehouden|vastgesteld|hamerstuk\s+afgedaan)"
)
# Vote results appended after a dash, in brackets or as "Besluit: ...".
_VOTE = re.compile(
    rf"\s*(?:[\-\u2013|]\s*{_VOTE_WORDS}\b.*"
    rf"|\(\s*{_VOTE_WORDS}\b[^)]*\)"
    r"|\(\s*(?:besluit|uitslag|stemming)\s*:[^)]*\)"
    r"|\s[\-\u2013]?\s*(?:besluit|uitslag|stemming)\s*:\s*.*"
    r"|\s*[\-\u2013,]?\s*\d+\s+(?:stemmen\s+)?voor\s*,?\s*\d+\s+(?:stemmen\s+)?tegen.*)$",
    re.IGNORECASE,
)

# Document, zaak and corsa numbers: "(23207)", "(23098.001)", "Nr. BD2018-001777", "- 312710",
# "[2024/1234]", "zaaknummer 123456", "(Z/23/123456)", "kenmerk 2024-0012".
_NUMBERS = (
    # a year in brackets, "(2026)", is content and stays
    re.compile(
        r"\s*\(\s*(?:nr\.?\s*)?(?!(?:19|20)\d\d\s*\))"
        r"(?:[A-Z]{1,4}[/\-]\d{2,}(?:[./\-]\d+)*|\d{4,}(?:[./\-]\d+)*|\d{2,}(?:[./\-]\d+)+)\s*\)"
    ),
    re.compile(r"\s*\[\s*[A-Z]{0,4}[/\-]?\d{2,}(?:[./\-]\d+)*\s*\]"),
    re.compile(
        r"\s*[,\-\u2013]?\s*\b(?:nr|nummer|zaaknr|zaaknummer|kenmerk|corsanummer)\.?\s*:?\s*"
        r"[A-Z]{0,6}[/\-]?\d[\w/.\-]*\d\b",
        re.IGNORECASE,
    ),
    re.compile(r"\s+[\-\u2013]\s+[A-Z]{0,4}\d{5,}(?:[./\-]\d+)*\s*$"),
)

_TRAILING = re.compile(r"[\s\-\u2013:;,|/]+$")
_DOUBLE_PUNCT = re.compile(r"\s+([.,;:])")


def normalise_whitespace(value: str) -> str:
    return _SPACE.sub(" ", value.translate(_QUOTES)).strip()


def clean_title(title: str, number: str = "") -> str:
    """The title without numbers, prefixes, vote results and speaker lists; never empty if title is not."""
    original = normalise_whitespace(title)
    cleaned = original
    if number:
        # The item's own number repeated in front: "7. Titel", "7: Titel", "3a Titel".
        label = re.escape(number.strip().rstrip(".:"))
        cleaned = re.sub(rf"^{label}\s*[.:)\-\u2013]?\s+", "", cleaned, flags=re.IGNORECASE)
    cleaned = _SPEAKERS.sub("", cleaned)
    for _ in range(2):  # a vote result can follow a number and the other way round
        cleaned = _VOTE.sub("", cleaned)
        for pattern in _NUMBERS:
            cleaned = pattern.sub("", cleaned)
    cleaned = _PREFIX.sub("", cleaned)
    cleaned = _TRAILING.sub("", cleaned)
    cleaned = _DOUBLE_PUNCT.sub(r"\1", cleaned).strip()
    if cleaned.endswith(".") and not cleaned.endswith(("..", "e.a.", "o.a.", "etc.")):
        cleaned = cleaned[:-1].rstrip()
    if not cleaned:
        return original
    return cleaned[0].upper() + cleaned[1:]
