"""Dutch text basics shared by the agenda, catalogue search and the matching engine: folding, the stemmer,
the one stop word list, the splitting of compounds into known parts and the one cleaner of agenda item
titles.

Title cleaning. Sources put noise in titles: document and zaak numbers ("(23207)", "Nr. BD2018-001777",
"- 312710"), "Raadsvoorstel:" prefixes, the item's own number again, vote results added afterwards
("- aangenomen", "(unaniem aangenomen)"), speaker lists ("Woordmeldingen: VVD, GL") and words glued
together ("CollegewisselingAfscheid"). `clean_title` gives what members read (the agenda stores it beside
the original); `analysis_title` also drops item numbers and what kind of document the item is
("Voorstel tot ...", "Besluit: ..."), for the matching engine. Bump CLEANER_VERSION when the rules change,
so that the next agenda sync rewrites the cleaned titles.

Every step is linear in the length of the title: no pattern can start a match in the middle of a run of
digits, letters or spaces it has already passed (tests/agenda/test_text_work.py runs each pattern on
100 kB adversarial strings under a CPU limit). Titles are capped before they are stored
(`TITLE_MAX_LENGTH`), so the work per title is bounded as well.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache, lru_cache

import Stemmer

CLEANER_VERSION = 3
# Longest agenda item title that is stored; longer titles are cut (the agenda keeps the full text in the
# item's description). Real titles are under 300 characters; docs/integration/sources.md names this limit.
TITLE_MAX_LENGTH = 1000

# Words too common to help a search or an analysis: function words, question words of a search, and the
# pieces of council abbreviations ("m.b.t.", "t.a.v.", "nr.").
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
        "je",
        "jij",
        "u",
        "uw",
        "wat",
        "hoe",
        "naar",
        "of",
        "om",
        "over",
        "ook",
        "zijn",
        "worden",
        "wordt",
        "kan",
        "kun",
        "kunt",
        "niet",
        "wel",
        "meer",
        "dan",
        "maar",
        "nog",
        "tot",
        "uit",
        "zo",
        "inzake",
        "ter",
        "zake",
        "m",
        "b",
        "t",
        "d",
        "a",
        "v",
        "nr",
        "mbt",
        "tav",
        "dd",
    ]
)


def fold(value: str) -> str:
    """Lower case without accents: 'Beëdiging' -> 'beediging', 'Financiën' -> 'financien'."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def stemmer() -> Stemmer.Stemmer:
    """PyStemmer's Dutch (Snowball) stemmer, the same algorithm as PostgreSQL's `dutch` configuration."""
    return Stemmer.Stemmer("dutch")


# --- Title cleaning -----------------------------------------------------------------------------------

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_SPACE = re.compile(r"\s+")
# Two words glued together: "CollegewisselingAfscheid". Fixed-width look-arounds only.
_CAMEL = re.compile(r"(?<=[a-zà-ÿ]{6})(?=[A-Z][a-zà-ÿ]{2})")

# Prefixes that say what kind of document the item is, not what it is about (kept for reading when a
# sentence follows, such as "Voorstel tot vaststelling van ...").
_PREFIX = re.compile(
    r"^(?:raads|college|initiatief)?voorstel(?:\s(?:inzake|over|betreffende|m\.b\.t\.))?\s?[:\-\u2013]\s*"
    r"|^(?:raads|college)voorstel\s(?:inzake|over|betreffende|m\.b\.t\.)\s"
    r"|^raadsvoorstel\s(?=[a-z0-9'\"])",
    re.IGNORECASE,
)
# For analysis: every kind prefix, and the item's number when the source did not give it apart.
_KIND_PREFIX = re.compile(
    r"^(?:(?:raads|college)?voorstel|besluit|raadsbesluit)\s?(?:[:\-\u2013]\s?|\s)"
    r"(?:(?:inzake|over|betreffende|m\.b\.t\.|tot|aangaande|omtrent)\s)?",
    re.IGNORECASE,
)
_ITEM_NUMBER = re.compile(
    r"^(?:agendapunt\s)?"
    r"(?:[0-9]{1,3}[a-z]?(?:\.[0-9]{1,2}[a-z]?)*\.?|[a-z]{1,4}\s?[0-9]{1,3}\.?|[a-z]\.|[ivx]{1,4}\.)\s"
    r"(?=\S)",
    re.IGNORECASE,
)

# Speaker and inspreker lists appended to the title. (?<!\w) instead of \b after optional spaces keeps a
# failed attempt from rescanning the spaces before it.
_SPEAKERS = re.compile(
    r"(?:\s?[\-\u2013(,;])?\s?(?<!\w)(?:woordmeldingen|woordvoerders?|sprekers|insprekers|spreektijd)\s?:.*$",
    re.IGNORECASE,
)

_VOTE_WORDS = (
    r"(?:unaniem\s|met\salgemene\sstemmen\s|geamendeerd\s)?"
    r"(?:aangenomen|verworpen|ingetrokken|aangehouden|vastgesteld|hamerstuk\safgedaan)"
)
# Vote results appended after a dash, in brackets or as "Besluit: ...". Whitespace is single after
# normalising, and a digit run is only entered at its start ((?<!\d)), so each attempt is short.
_VOTE = re.compile(
    rf"\s?(?:[\-\u2013|]\s?{_VOTE_WORDS}\b.*"
    rf"|\(\s?{_VOTE_WORDS}\b[^()]{{0,200}}\)"
    r"|\(\s?(?:besluit|uitslag|stemming)\s?:[^()]{0,200}\)"
    r"|\s[\-\u2013]?\s?(?:besluit|uitslag|stemming)\s?:.*"
    r"|(?:\s?[\-\u2013,])?\s?(?<!\d)\d+\s(?:stemmen\s)?voor\s?,?\s?\d+\s(?:stemmen\s)?tegen.*)$",
    re.IGNORECASE,
)

# Document, zaak and corsa numbers: "(23207)", "(23098.001)", "Nr. BD2018-001777", "- 312710",
# "[2024/1234]", "zaaknummer 123456", "(Z/23/123456)", "kenmerk 2024-0012", "(BD2018-000924)",
# "(TA 2017-001216)"; "(o.v.b.)". Letters straight before digits need four digits or more, so that a road
# ("(A12)", "(N201)") stays.
_NUMBERS = (
    # a year in brackets, "(2026)", is content and stays
    re.compile(
        r"\s?\(\s?(?:nr\.?\s?)?(?!(?:19|20)\d\d\s?\))"
        r"(?:[A-Z]{1,4}[/\-]\d{2,}(?:[./\-]\d+)*|[A-Z]{1,4}\s?\d{4,}(?:[./\-]\d+)*"
        r"|\d{4,}(?:[./\-]\d+)*|\d{2,}(?:[./\-]\d+)+)\s?\)"
    ),
    re.compile(r"\s?\[\s?[A-Z]{0,4}[/\-]?\d{2,}(?:[./\-]\d+)*\s?\]"),
    re.compile(
        r"(?:\s?[,\-\u2013])?\s?\b(?:nr|nummer|zaaknr|zaaknummer|kenmerk|corsanummer)\.?\s?:?\s?"
        r"[A-Z]{0,6}[/\-]?\d(?:[\w/.\-]{0,40}\d)?\b",
        re.IGNORECASE,
    ),
    re.compile(r"\s[\-\u2013]\s[A-Z]{0,4}\d{5,}(?:[./\-]\d+)*\s?$"),
    re.compile(r"\s?\((?:o\.v\.b\.|onder voorbehoud)[^()]{0,200}\)", re.IGNORECASE),
)

_TRAILING = re.compile(r"(?<![\s\-\u2013:;,|/])[\s\-\u2013:;,|/]+$")
_DOUBLE_PUNCT = re.compile(r"\s([.,;:])")


def normalise_whitespace(value: str) -> str:
    """Typographic quotes made plain and every run of white space one space."""
    return _SPACE.sub(" ", value.translate(QUOTES)).strip()


@lru_cache(maxsize=1024)
def _own_number(number: str) -> re.Pattern[str]:
    """The item's own number repeated in front: "7. Titel", "7: Titel", "3a Titel"."""
    label = re.escape(normalise_whitespace(number).rstrip(".:"))
    return re.compile(rf"^{label}\s?[.:)\-\u2013]?\s", re.IGNORECASE)


_DIGIT = re.compile(r"\d")
# The patterns above cannot match without these: a cheap test first saves a scan of every title by each.
_NUMBERS_WITH_DIGITS = _NUMBERS[:4]
_NUMBERS_WITHOUT_DIGITS = _NUMBERS[4:]


def _without_noise(title: str, number: str) -> str:
    cleaned = _CAMEL.sub(" ", normalise_whitespace(title))
    if number:
        cleaned = _own_number(number).sub("", cleaned)
    if ":" in cleaned:  # every speaker list has one
        cleaned = _SPEAKERS.sub("", cleaned)
    for _ in range(2):  # a vote result can follow a number and the other way round
        before = cleaned
        cleaned = _VOTE.sub("", cleaned)
        if _DIGIT.search(cleaned):
            for pattern in _NUMBERS_WITH_DIGITS:
                cleaned = pattern.sub("", cleaned)
        if "(" in cleaned:
            for pattern in _NUMBERS_WITHOUT_DIGITS:
                cleaned = pattern.sub("", cleaned)
        if cleaned == before:
            break  # nothing taken off: a second round would take nothing off either
    return cleaned


def _tidy_end(cleaned: str) -> str:
    cleaned = _TRAILING.sub("", cleaned)
    cleaned = _DOUBLE_PUNCT.sub(r"\1", cleaned).strip()
    if cleaned.endswith(".") and not cleaned.endswith(("..", "e.a.", "o.a.", "etc.")):
        cleaned = cleaned[:-1].rstrip()
    return cleaned


def clean_title(title: str, number: str = "") -> str:
    """The title as members read it: without numbers, prefixes, vote results and speaker lists, glued
    words split, first letter a capital; never empty if the title is not."""
    original = normalise_whitespace(title)
    cleaned = _tidy_end(_PREFIX.sub("", _without_noise(title, number)))
    if not cleaned:
        return original
    return cleaned[0].upper() + cleaned[1:]


def analysis_title(title: str) -> str:
    """The title for text analysis: as `clean_title`, and also without a leading item number or the kind
    of document ("Raadsvoorstel:", "Voorstel tot", "Besluit:"), case as written."""
    cleaned = _without_noise(title, "").strip('"').strip()
    cleaned = _ITEM_NUMBER.sub("", cleaned, count=1)
    without_kind = _KIND_PREFIX.sub("", cleaned, count=1)
    cleaned = without_kind if without_kind.strip() else cleaned
    cleaned = _tidy_end(cleaned).rstrip(".:;,-\u2013 ").strip()
    return cleaned or title.strip()


# --- Compounds ----------------------------------------------------------------------------------------

# Linking sounds between the parts of a compound, and endings of the last part.
_LINKS = ("", "s", "e", "en")
_ENDINGS = ("", "en", "s", "e", "n", "es", "'s")


def _strip_ending(word: str, lexicon: frozenset[str]) -> str | None:
    for ending in _ENDINGS:
        if ending and not word.endswith(ending):
            continue
        base = word[: len(word) - len(ending)] if ending else word
        if base in lexicon:
            return base
    return None


def _segment(word: str, lexicon: frozenset[str], memo: dict[str, list[str] | None]) -> list[str] | None:
    """The fewest known parts that make up the word (linking s/e/en allowed between parts)."""
    if word in memo:
        return memo[word]
    best: list[str] | None = None
    last = _strip_ending(word, lexicon)
    if last is not None:
        best = [last]
    else:
        for cut in range(len(word) - 3, 2, -1):
            head = word[:cut]
            if head not in lexicon:
                continue
            for link in _LINKS:
                rest = word[cut:]
                if link and not rest.startswith(link):
                    continue
                rest = rest[len(link) :]
                if len(rest) < 3:
                    continue
                tail = _segment(rest, lexicon, memo)
                if tail is not None and (best is None or len(tail) + 1 < len(best)):
                    best = [head, *tail]
    memo[word] = best
    return best


def split_compound(word: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    """The known parts of a Dutch compound, and known pairs of neighbouring parts:
    'kwijtscheldingsverordening' -> ('kwijtschelding', 'verordening'),
    'jeugdhulpverlening' -> ('jeugdhulp', 'verlening', 'jeugd', 'hulp'). Empty when nothing is known."""
    return _split(word, lexicon)


@lru_cache(maxsize=65536)
def _split(word: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    if len(word) < 6 or not word.isalpha():
        return ()
    parts = _segment(word, lexicon, {})
    found: list[str] = []
    if parts and len(parts) > 1:
        found.extend(parts)
        for left, right in itertools.pairwise(parts):
            for link in _LINKS:
                if left + link + right in lexicon:
                    found.append(left + link + right)
    else:
        # Partly known: a known head with an unknown rest ("jeugdzorgregio"), or an unknown head with a
        # known tail ("meeslouwerpolder").
        for cut in range(len(word) - 4, 3, -1):
            if word[:cut] in lexicon:
                found.append(word[:cut])
                break
        for cut in range(3, len(word) - 3):
            tail = _strip_ending(word[cut:], lexicon)
            if tail is not None and len(tail) >= 4:
                found.append(tail)
                break
    for part in list(found):
        if len(part) >= 8 and part != word and part not in lexicon:
            found.extend(_split(part, lexicon))
    return tuple(dict.fromkeys(p for p in found if p != word))


def compound_segments(word: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    """The fewest known parts that make up the whole word ('programmabegroting' -> ('programma',
    'begroting')); empty when the word is not a compound of known parts."""
    if len(word) < 6 or not word.isalpha():
        return ()
    parts = _segment(word, lexicon, {})
    return tuple(parts) if parts and len(parts) > 1 else ()
