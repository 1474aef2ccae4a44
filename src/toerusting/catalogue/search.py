"""Dutch full-text search over the catalogue, ranked by relevance, on SQLite and on PostgreSQL.

Analysis, the same for both databases (this module): words are folded; a compound is also indexed by its
known parts (programmabegroting -> programma, begroting; the splitting is toerusting.dutch's) and a word of a
synonym group (data/synonyms.txt) also by the group's first word (jeugdzorg -> jeugdhulp). An item is indexed
in four fields, weighted title > summary > text > tags (the names of its topics and instruments).

A query matches the items that match every query word. A word matches by its stem, by a prefix of its stem
when the stem has five letters or more (debat -> debatteren), by its synonym group, or by all the parts of
the compound together. A word of five letters or more that occurs nowhere in the items the user may see is
also read as the most common word one edit away that does occur there (begrotng -> begroting): one query
against the index's vocabulary, with the query's edits (linear in the query), never a loop over the items.

Ranking is the database's own (search_index): FTS5 with bm25() on SQLite, ts_rank_cd with the `dutch`
text search configuration on PostgreSQL.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.db.models import Case, Count, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from toerusting import dutch
from toerusting.catalogue import search_index, taxonomy
from toerusting.dutch import compound_segments, fold, split_compound, stemmer

if TYPE_CHECKING:
    from toerusting.catalogue.models import LearningItem

DATA_DIR = Path(__file__).resolve().parent / "data"
WORD = re.compile(r"[a-z0-9]+")
# A typo is corrected only in words this long, and by one edit (insert, delete, replace or swap).
TYPO_MIN_LENGTH = 5
MAX_CORRECTED_LENGTH = 24  # with MAX_CORRECTED_WORDS, bounds the edits sent to the database (~5,000)
MAX_CORRECTED_WORDS = 4
PREFIX_MIN_STEM = 5
MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 60


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(stemmer().stemWord(word))


def _data_words(name: str) -> list[list[str]]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [fold(line).split() for line in lines if line.strip() and not line.startswith("#")]


# The shared list of toerusting.dutch, plus PostgreSQL's `dutch` stop list (data/stopwords.txt), so that
# SQLite and PostgreSQL leave out the same words in a search.
STOPWORDS = dutch.STOPWORDS | frozenset(word for line in _data_words("stopwords.txt") for word in line)


@cache
def synonyms() -> dict[str, str]:
    """Each word of a synonym group mapped to the group's first word."""
    mapping: dict[str, str] = {}
    for group in _data_words("synonyms.txt"):
        for word in group:
            mapping[word] = group[0]
    return mapping


@cache
def lexicon() -> frozenset[str]:
    """Known words for splitting compounds: the vocabularies' names and descriptions, the synonyms and
    data/word_parts.txt."""
    words = {word for group in _data_words("word_parts.txt") for word in group}
    words.update(synonyms())
    for vocabulary in (taxonomy.TOPICS, taxonomy.INSTRUMENTS, taxonomy.COMPETENCIES, taxonomy.AUDIENCES):
        for term in vocabulary:
            words.update(WORD.findall(fold(f"{term.nl} {term.description}")))
    return frozenset(word for word in words if len(word) >= 3 and word not in STOPWORDS)


def words(text: str) -> list[str]:
    """The meaningful folded words of a text, in order."""
    return [word for word in WORD.findall(fold(text)) if word not in STOPWORDS and len(word) > 1]


@lru_cache(maxsize=65536)
def expansions(word: str) -> tuple[str, ...]:
    """What a word in an item is also found by: its compound parts and the synonym group of each."""
    parts = split_compound(word, lexicon()) if len(word) <= MAX_WORD_LENGTH else ()
    found = [*parts]
    for candidate in (word, *parts):
        preferred = synonyms().get(candidate)
        if preferred is not None:
            found.append(preferred)
    return tuple(dict.fromkeys(part for part in found if part != word))


def analyse(text: str) -> list[str]:
    """The words an item is indexed by: every word followed by its expansions."""
    analysed: list[str] = []
    for word in words(text):
        analysed.append(word)
        analysed.extend(expansions(word))
    return analysed


@dataclass(frozen=True)
class Document:
    """One item as the index sees it: analysed words per field."""

    item_id: int
    title: list[str]
    summary: list[str]
    body: list[str]
    tags: list[str]

    def vocabulary(self) -> set[str]:
        return {
            word
            for word in (*self.title, *self.summary, *self.body, *self.tags)
            if len(word) <= MAX_WORD_LENGTH
        }


def document(
    item_id: int, title: str, summary: str, body: str, topics: Iterable[str], instruments: Iterable[str]
) -> Document:
    """The search document of an item, from plain values (also used by the migration that fills the index)."""
    topic_terms = taxonomy.by_code(taxonomy.TOPICS)
    instrument_terms = taxonomy.by_code(taxonomy.INSTRUMENTS)
    tags = [f"{topic_terms[c].nl} {topic_terms[c].description}" for c in topics if c in topic_terms]
    tags += [instrument_terms[c].nl for c in instruments if c in instrument_terms]
    return Document(item_id, analyse(title), analyse(summary), analyse(body), analyse(" ".join(tags)))


def document_for_item(item: LearningItem) -> Document:
    return document(
        item.pk,
        item.title,
        item.summary,
        item.body_text,
        [row.topic_id for row in item.item_topics.all()],
        [instrument.code for instrument in item.instruments.all()],
    )


@dataclass(frozen=True)
class Alternative:
    """One way a query word matches: all these words (one word, or a compound's parts), the first as a
    prefix of its stem when `prefix`."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Term:
    word: str
    alternatives: tuple[Alternative, ...]


def term_for(word: str) -> Term:
    """The ways a query word matches an item."""
    alternatives = [Alternative((word,), prefix=len(stem(word)) >= PREFIX_MIN_STEM)]
    preferred = synonyms().get(word)
    if preferred is not None and preferred != word:
        alternatives.append(Alternative((preferred,)))
    segments = compound_segments(word, lexicon()) if len(word) <= MAX_WORD_LENGTH else ()
    if segments:
        alternatives.append(Alternative(tuple(synonyms().get(part, part) for part in segments)))
    return Term(word, tuple(dict.fromkeys(alternatives)))


def _edits(word: str) -> set[str]:
    """Every string one edit away from the word: a letter left out, swapped, replaced or put in."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    swaps = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    replaces = {left + letter + right[1:] for left, right in splits if right for letter in letters}
    inserts = {left + letter + right for left, right in splits for letter in letters}
    return (deletes | swaps | replaces | inserts) - {word}


@dataclass
class SearchResult:
    queryset: QuerySet[LearningItem]
    corrected: str  # the query as read after typo correction; empty when nothing was corrected


def _correct(items: QuerySet[LearningItem], query_words: list[str]) -> dict[str, str]:
    """Corrections for query words that occur in none of the items: one query on the vocabulary."""
    from toerusting.catalogue.models import SearchWord

    edits = {
        word: _edits(word)
        for word in query_words[:MAX_CORRECTED_WORDS]
        if TYPO_MIN_LENGTH <= len(word) <= MAX_CORRECTED_LENGTH and word.isalpha()
    }
    if not edits:
        return {}
    stems = {
        stem(part)
        for word in edits
        for alternative in term_for(word).alternatives
        for part in alternative.words
    }
    candidates = set().union(*edits.values())
    rows = (
        SearchWord.objects.filter(item__in=items.values("pk"))
        .filter(Q(word__in=candidates) | Q(stem__in=stems))
        .values("word", "stem")
        .annotate(n=Count("item", distinct=True))
    )
    known_stems: set[str] = set()
    frequency: dict[str, int] = {}
    for row in rows:
        known_stems.add(row["stem"])
        frequency[row["word"]] = frequency.get(row["word"], 0) + row["n"]
    corrections: dict[str, str] = {}
    for word, word_edits in edits.items():
        term = term_for(word)
        known = any(all(stem(part) in known_stems for part in alt.words) for alt in term.alternatives)
        if known:
            continue
        found = sorted((-frequency[w], w) for w in word_edits if w in frequency)
        if found:
            corrections[word] = found[0][1]
    return corrections


def apply_search(queryset: QuerySet[LearningItem], query: str) -> SearchResult:
    """The items of the queryset that match the query, annotated with `search_rank` (higher is better).

    The queryset must already hold only what the user may see: corrections come from its vocabulary."""
    query_words = list(dict.fromkeys(words(query)))[:MAX_QUERY_WORDS]
    nothing = queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    if not query_words:
        return SearchResult(nothing, "")
    corrections = _correct(queryset, query_words)
    terms = []
    for word in query_words:
        term = term_for(word)
        if word in corrections:
            term = Term(word, term.alternatives + term_for(corrections[word]).alternatives)
        terms.append(term)
    ranks = search_index.ranked(terms)
    corrected = " ".join(corrections.get(word, word) for word in query_words) if corrections else ""
    if not ranks:
        return SearchResult(nothing, corrected)
    # Filtered by the index's own match (one parameter, also in every facet count); the rank is a CASE over
    # the matching ids, used only where the list is ordered.
    sql, params = search_index.matching(terms)
    ranked = queryset.filter(pk__in=RawSQL(sql, params)).annotate(  # noqa: S611 (search_index's SQL)
        search_rank=Case(
            *[When(pk=pk, then=Value(score)) for pk, score in ranks.items()],
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    return SearchResult(ranked, corrected)
