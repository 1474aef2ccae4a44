"""Dutch text analysis for agenda titles and descriptions: cleaning, folding, tokens, stems, compounds.

PyStemmer's Dutch (Snowball) stemmer also strips some prefixes ("gemeenschappelijke" -> "meenschappelijk",
"omgevingsvisie" -> "omvingsvisie"); that is harmless as long as the data files are stemmed the same way as
the text, which they are (rules.py stems every term with `stem`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from toerusting.dutch import fold as fold
from toerusting.dutch import split_compound as split_compound
from toerusting.dutch import stemmer

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_CAMEL = re.compile(r"(?<=[a-zà-ÿ]{6})(?=[A-Z][a-zà-ÿ]{2})")
_RAW_TOKEN = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
_PREFIX = re.compile(
    r"^\s*(?:agendapunt\s+)?"
    r"(?:[0-9]{1,3}[a-z]?(?:\.[0-9]{1,2}[a-z]?)*\.?|[a-z]{1,4}\s?[0-9]{1,3}\.?|[a-z]\.|[ivx]{1,4}\.)\s+"
    r"(?=\S)",
    re.IGNORECASE,
)
_KIND_PREFIX = re.compile(
    r"^\s*(?:(?:raads|college)?voorstel|besluit|raadsbesluit)\s*(?:[:\-\u2013]\s*|\s+)"
    r"(?:(?:inzake|over|betreffende|m\.b\.t\.|tot|aangaande|omtrent)\s+)?",
    re.IGNORECASE,
)
_NUMBERS = (
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
    re.compile(r"\s*\((?:o\.v\.b\.|onder voorbehoud)[^)]*\)", re.IGNORECASE),
    re.compile(r"\s*[\-\u2013(,;]?\s*\b(?:woordmeldingen|woordvoerders?|spreektijd)\s*:.*$", re.IGNORECASE),
)

STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "op",
        "te",
        "voor",
        "met",
        "aan",
        "als",
        "bij",
        "door",
        "dat",
        "die",
        "dit",
        "er",
        "is",
        "om",
        "over",
        "ook",
        "naar",
        "of",
        "tot",
        "uit",
        "zo",
        "inzake",
        "m",
        "b",
        "t",
        "d",
        "d",
        "t",
        "a",
        "v",
        "nr",
        "mbt",
        "tav",
        "dd",
        "ter",
        "zake",
    ]
)


def clean_title(title: str) -> str:
    """The title without item numbers, zaak numbers, 'Raadsvoorstel:' prefixes and glued words split."""
    cleaned = re.sub(r"\s+", " ", title.translate(_QUOTES)).strip().strip('"').strip()
    cleaned = _CAMEL.sub(" ", cleaned)
    for _ in range(2):
        for pattern in _NUMBERS:
            cleaned = pattern.sub("", cleaned)
    cleaned = _PREFIX.sub("", cleaned, count=1)
    without_kind = _KIND_PREFIX.sub("", cleaned, count=1)
    cleaned = without_kind if without_kind.strip() else cleaned
    cleaned = cleaned.strip().rstrip(".:;,-\u2013 ").strip()
    return cleaned or title.strip()


def raw_tokens(value: str) -> list[str]:
    """Word tokens as written (case kept), 'P&C' kept whole, hyphens and apostrophes split."""
    return _RAW_TOKEN.findall(value.translate(_QUOTES))


def tokens(value: str) -> list[str]:
    """Folded word tokens, stop words kept out."""
    return [token for token in (fold(t) for t in raw_tokens(value)) if token not in STOPWORDS]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(stemmer().stemWord(fold(word)))


def stems_with_parts(word: str, lexicon: frozenset[str]) -> frozenset[str]:
    """The stem of the word and the stems of its compound parts."""
    return frozenset([stem(word), *(stem(part) for part in split_compound(word, lexicon))])


def join(words: Iterable[str]) -> str:
    return " ".join(words)
