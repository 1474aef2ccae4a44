"""Dutch full-text search over the catalogue, on SQLite and on PostgreSQL.

PostgreSQL: the `dutch` text search configuration, ranked with title words weighted above the rest.
SQLite (the embedded default): every item keeps `search_text`, its words reduced to Dutch stems with the
same Snowball stemmer (PyStemmer); a query matches items that contain every stem of the query.
"""

from __future__ import annotations

import re
from typing import TypeVar, cast

from django.db import connection
from django.db.models import Model, QuerySet

from toerusting.dutch import STOPWORDS, fold, stemmer

M = TypeVar("M", bound=Model)

WORD = re.compile(r"[a-z0-9]+")


def stems(text: str) -> list[str]:
    """The Dutch stems of the meaningful words in the text, in order."""
    words = [word for word in WORD.findall(fold(text)) if word not in STOPWORDS and len(word) > 1]
    return list(stemmer().stemWords(words))


def search_document(*parts: str) -> str:
    """The text stored in LearningItem.search_text: stems separated by spaces, framed by spaces."""
    return " " + " ".join(stems(" ".join(parts))) + " "


def apply_search(queryset: QuerySet[M], query: str) -> QuerySet[M]:
    """Filter (and on PostgreSQL rank) the items that match the query."""
    query = query.strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A", config="dutch")
            + SearchVector("summary", weight="B", config="dutch")
            + SearchVector("body_text", weight="C", config="dutch")
        )
        search_query = SearchQuery(query, config="dutch", search_type="websearch")
        ranked = (
            queryset.annotate(search_rank=SearchRank(vector, search_query))
            .filter(search_rank__gt=0)
            .order_by("-search_rank", "duration_minutes", "title")
        )
        return cast("QuerySet[M]", ranked)
    query_stems = stems(query)
    if not query_stems:
        return queryset.none()
    for stem in query_stems:
        queryset = queryset.filter(search_text__contains=f" {stem}")
    return queryset
