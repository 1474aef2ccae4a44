"""Reads for matching: the catalogue index, built once from the database and kept in memory."""

from __future__ import annotations

import threading

from toerusting.catalogue import selectors as catalogue
from toerusting.matching.ranking import CatalogueIndex, IndexedItem

_lock = threading.Lock()
_index: CatalogueIndex | None = None


def build_catalogue_index() -> CatalogueIndex:
    """Every published catalogue item as plain data, in a fixed number of queries."""
    items = []
    for item in catalogue.items_for_matching():
        items.append(
            IndexedItem(
                slug=item.slug,
                title=item.title,
                kind=item.kind,
                topics=tuple(t.topic_id for t in item.item_topics.all()),
                instruments=frozenset(i.code for i in item.instruments.all()),
                audience=frozenset(a.code for a in item.audience.all()),
                level=item.level,
                duration_minutes=item.duration_minutes,
                endorsements=int(getattr(item, "endorsement_count", 0)),
                organisation_id=item.organisation_id,
                item_id=item.pk,
            )
        )
    return CatalogueIndex(tuple(items))


def catalogue_index() -> CatalogueIndex:
    """The index of this process, built on first use; reset_catalogue_index() after catalogue changes."""
    global _index
    with _lock:
        if _index is None:
            _index = build_catalogue_index()
        return _index


def reset_catalogue_index() -> None:
    global _index
    with _lock:
        _index = None
