"""Dutch text analysis for agenda titles and descriptions: cleaning, folding, tokens, stems, compounds.

PyStemmer's Dutch (Snowball) stemmer also strips some prefixes ("gemeenschappelijke" -> "meenschappelijk",
"omgevingsvisie" -> "omvingsvisie"); that is harmless as long as the data files are stemmed the same way as
the text, which they are (rules.py stems every term with `stem`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from toerusting.dutch import STOPWORDS as STOPWORDS
from toerusting.dutch import analysis_title, stemmer
from toerusting.dutch import fold as fold

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_RAW_TOKEN = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
clean_title = analysis_title  # the one title cleaner, shared with the agenda

# Linking sounds between the parts of a compound, and endings of the last part.
_LINKS = ("", "s", "e", "en")
_ENDINGS = ("", "en", "s", "e", "n", "es", "'s")


def raw_tokens(value: str) -> list[str]:
    """Word tokens as written (case kept), 'P&C' kept whole, hyphens and apostrophes split."""
    return _RAW_TOKEN.findall(value.translate(_QUOTES))


def tokens(value: str) -> list[str]:
    """Folded word tokens, stop words kept out."""
    return [token for token in (fold(t) for t in raw_tokens(value)) if token not in STOPWORDS]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(stemmer().stemWord(fold(word)))


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


def stems_with_parts(word: str, lexicon: frozenset[str]) -> frozenset[str]:
    """The stem of the word and the stems of its compound parts."""
    return frozenset([stem(word), *(stem(part) for part in split_compound(word, lexicon))])


def join(words: Iterable[str]) -> str:
    return " ".join(words)
