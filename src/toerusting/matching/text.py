"""Dutch text analysis for agenda titles and descriptions: cleaning, folding, tokens, stems, compounds.

PyStemmer's Dutch (Snowball) stemmer also strips some prefixes ("gemeenschappelijke" -> "meenschappelijk",
"omgevingsvisie" -> "omvingsvisie"); that is harmless as long as the data files are stemmed the same way as
the text, which they are (rules.py stems every term with `stem`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from toerusting.dutch import STOPWORDS as STOPWORDS
from toerusting.dutch import analysis_title, stemmer
from toerusting.dutch import fold as fold
from toerusting.dutch import split_compound as split_compound

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_RAW_TOKEN = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
clean_title = analysis_title  # the one title cleaner, shared with the agenda


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """fold() of one token, remembered: titles repeat their words."""
    return fold(word)


def raw_tokens(value: str) -> list[str]:
    """Word tokens as written (case kept), 'P&C' kept whole, hyphens and apostrophes split."""
    return _RAW_TOKEN.findall(value.translate(_QUOTES))


def tokens(value: str) -> list[str]:
    """Folded word tokens, stop words kept out."""
    return [token for token in (fold_word(t) for t in raw_tokens(value)) if token not in STOPWORDS]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(stemmer().stemWord(fold(word)))


def stems_with_parts(word: str, lexicon: frozenset[str]) -> frozenset[str]:
    """The stem of the word and the stems of its compound parts."""
    return frozenset([stem(word), *(stem(part) for part in split_compound(word, lexicon))])


def join(words: Iterable[str]) -> str:
    return " ".join(words)
