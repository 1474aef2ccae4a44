"""The catalogue's search index in the database: writing documents and asking for ranked matches.

Both databases keep `SearchDocument` (the analysed words per field, see search.py) and `SearchWord` (each
item's vocabulary with stems, for typo correction within what a user may see). On top of that:

- SQLite: FTS5 tables hold the Dutch stems of each field (PyStemmer, the same Snowball algorithm as
  PostgreSQL's), rowid = item id: `catalogue_search` with the four fields, which decides what matches (every
  query word in some field), and one table per field (`catalogue_search_title` ...), whose bm25() scores are
  added with the fields weighted 10 / 4 / 1.5 / 1. One table per field because FTS5's bm25() normalises by
  the length of the whole row: a title hit in a long micro-module would count for less than one in a short
  clip. Triggers remove an item's rows when the item is deleted.
- PostgreSQL: the column `vector` of `SearchDocument` (generated and stored by the database, unknown to the
  ORM) is built with the `dutch` configuration, the fields weighted A / B / C / D, with a GIN index;
  ts_rank_cd ranks (cover density, length-normalised).

Migration 0003 creates the FTS5 table or the GIN index, whichever the database is.

SQL here is built from this module's constants; the only outside text, the query, goes in as a parameter.
"""

# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

if TYPE_CHECKING:
    from toerusting.catalogue.models import SearchDocument, SearchWord
    from toerusting.catalogue.search import Alternative, Document, Term

FTS_TABLE = "catalogue_search"
FIELDS = ("title", "summary", "body", "tags")
BM25_WEIGHTS = (10.0, 4.0, 1.5, 1.0)
# ts_rank_cd's weights for D, C, B, A (tags, body, summary, title); normalisation 1 divides the rank by
# 1 + the logarithm of the document length, so a long text does not win by length alone.
TS_WEIGHTS = "'{0.05, 0.15, 0.4, 1.0}'::float4[]"
TS_NORMALISATION = 1

PG_VECTOR = (
    "(setweight(to_tsvector('dutch'::regconfig, title), 'A')"
    " || setweight(to_tsvector('dutch'::regconfig, summary), 'B')"
    " || setweight(to_tsvector('dutch'::regconfig, body), 'C')"
    " || setweight(to_tsvector('dutch'::regconfig, tags), 'D'))"
)


def create_structures(connection: BaseDatabaseWrapper) -> None:
    """The database's own index structures (run by migration 0003)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(FIELDS)}, tokenize='unicode61')"
            )
            for field in FIELDS:
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {FTS_TABLE}_{field} USING fts5({field}, tokenize='unicode61')"
                )
            deletes = " ".join(f"DELETE FROM {table} WHERE rowid = old.id;" for table in _fts_tables())
            cursor.execute(
                f"CREATE TRIGGER {FTS_TABLE}_item_deleted AFTER DELETE ON catalogue_learningitem "
                f"BEGIN {deletes} END"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE catalogue_searchdocument "
                f"ADD COLUMN vector tsvector GENERATED ALWAYS AS ({PG_VECTOR}) STORED"
            )
            cursor.execute(
                "CREATE INDEX catalogue_searchdocument_vector ON catalogue_searchdocument USING gin (vector)"
            )


def drop_structures(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_item_deleted")
            for table in _fts_tables():
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS catalogue_searchdocument_vector")
            cursor.execute("ALTER TABLE catalogue_searchdocument DROP COLUMN IF EXISTS vector")


def _fts_tables() -> list[str]:
    return [FTS_TABLE, *(f"{FTS_TABLE}_{field}" for field in FIELDS)]


def _stems(words: Iterable[str]) -> str:
    from toerusting.catalogue.search import stem

    return " ".join(stem(word) for word in words)


def write(
    documents: list[Document],
    connection: BaseDatabaseWrapper | None = None,
    models: tuple[type[SearchDocument], type[SearchWord]] | None = None,
) -> None:
    """Replace the index entries of these items (the caller runs this inside its transaction). The
    migration that fills the index passes its own connection and historical models."""
    from toerusting.catalogue import models as current
    from toerusting.catalogue.search import stem

    connection = connection or default_connection
    SearchDocument, SearchWord = models or (current.SearchDocument, current.SearchWord)
    remove([doc.item_id for doc in documents], connection, (SearchDocument, SearchWord))
    SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                item_id=doc.item_id,
                title=" ".join(doc.title),
                summary=" ".join(doc.summary),
                body=" ".join(doc.body),
                tags=" ".join(doc.tags),
            )
            for doc in documents
        ]
    )
    SearchWord.objects.bulk_create(
        [
            SearchWord(item_id=doc.item_id, word=word, stem=stem(word))
            for doc in documents
            for word in sorted(doc.vocabulary())
        ],
        batch_size=2000,
    )
    if connection.vendor == "sqlite" and documents:
        rows = [
            (doc.item_id, _stems(doc.title), _stems(doc.summary), _stems(doc.body), _stems(doc.tags))
            for doc in documents
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FIELDS)}) VALUES (%s, %s, %s, %s, %s)", rows
            )
            for n, field in enumerate(FIELDS, start=1):
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE}_{field} (rowid, {field}) VALUES (%s, %s)",
                    [(row[0], row[n]) for row in rows],
                )


def remove(
    item_ids: list[int],
    connection: BaseDatabaseWrapper | None = None,
    models: tuple[type[SearchDocument], type[SearchWord]] | None = None,
) -> None:
    """Take these items out of the index (a withdrawn item is found by nobody)."""
    from toerusting.catalogue import models as current

    connection = connection or default_connection
    SearchDocument, SearchWord = models or (current.SearchDocument, current.SearchWord)
    if not item_ids:
        return
    SearchDocument.objects.filter(item_id__in=item_ids).delete()
    SearchWord.objects.filter(item_id__in=item_ids).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for start in range(0, len(item_ids), 500):
                chunk = item_ids[start : start + 500]
                for table in _fts_tables():
                    cursor.execute(
                        f"DELETE FROM {table} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk
                    )


def _fts_alternative(alternative: Alternative) -> str:
    from toerusting.catalogue.search import stem

    parts = [f'"{stem(word)}"' for word in alternative.words]
    if alternative.prefix:
        parts[0] += " *"
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def _ts_alternative(alternative: Alternative) -> str:
    # to_tsquery stems each word with the `dutch` configuration; ':*' makes it a prefix of the stem.
    parts = list(alternative.words)
    if alternative.prefix:
        parts[0] += ":*"
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def _tsquery(terms: list[Term]) -> str:
    return " & ".join(
        "(" + " | ".join(_ts_alternative(alt) for alt in term.alternatives) + ")" for term in terms
    )


def _fts_groups(terms: list[Term]) -> list[str]:
    return ["(" + " OR ".join(_fts_alternative(alt) for alt in term.alternatives) + ")" for term in terms]


def matching(terms: list[Term]) -> tuple[str, list[str]]:
    """SQL (with its parameters) for the ids of the items that match every term, to filter a queryset by
    (`pk__in=RawSQL(...)`): the facet counts use it, so no list of ids travels into every count."""
    if default_connection.vendor == "postgresql":
        return (
            "SELECT item_id FROM catalogue_searchdocument WHERE vector @@ to_tsquery('dutch'::regconfig, %s)",
            [_tsquery(terms)],
        )
    return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [" AND ".join(_fts_groups(terms))]


def ranked(terms: list[Term]) -> dict[int, float]:
    """Ids of the items matching every term, with their relevance (higher is better), best first.

    Query words are folded letters and digits only (search.words), so they are safe inside the query text."""
    if not terms:
        return {}
    with default_connection.cursor() as cursor:
        if default_connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT item_id, ts_rank_cd({TS_WEIGHTS}, vector, query, {TS_NORMALISATION}) AS rank "
                "FROM catalogue_searchdocument, to_tsquery('dutch'::regconfig, %s) query "
                "WHERE vector @@ query ORDER BY rank DESC, item_id",
                [_tsquery(terms)],
            )
            return {int(pk): float(rank) for pk, rank in cursor.fetchall()}
        groups = _fts_groups(terms)
        every, some = " AND ".join(groups), " OR ".join(groups)
        # What matches: every word in some field. Its rank: the sum of the fields' weighted bm25 (BM25F-like).
        scores = " UNION ALL ".join(
            f"SELECT rowid AS id, {weight} * -bm25({FTS_TABLE}_{field}) AS score, 0 AS hit "
            f"FROM {FTS_TABLE}_{field} WHERE {FTS_TABLE}_{field} MATCH %s"
            for field, weight in zip(FIELDS, BM25_WEIGHTS, strict=True)
        )
        cursor.execute(
            "SELECT id, SUM(score) AS rank FROM "
            f"(SELECT rowid AS id, 0.0 AS score, 1 AS hit FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s UNION ALL {scores}) GROUP BY id HAVING MAX(hit) = 1 "
            "ORDER BY rank DESC, id",
            [every, *[some] * len(FIELDS)],
        )
        return {int(pk): float(rank) for pk, rank in cursor.fetchall()}
