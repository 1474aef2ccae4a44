"""Dutch text basics shared by catalogue search and the matching engine: folding and the stemmer."""

from __future__ import annotations

import unicodedata
from functools import cache

import Stemmer


def fold(value: str) -> str:
    """Lower case without accents: 'Beëdiging' -> 'beediging', 'Financiën' -> 'financien'."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def stemmer() -> Stemmer.Stemmer:
    """PyStemmer's Dutch (Snowball) stemmer, the same algorithm as PostgreSQL's `dutch` configuration."""
    return Stemmer.Stemmer("dutch")
