"""Reads for matching: the catalogue index, built once from the database and kept in memory.

Every process keeps its own index. A change of the catalogue (the "catalogue_changed" hook) bumps a counter
in the shared cache; each process compares it with the counter its index was built at and rebuilds when it
moved, so a sync worker never goes on ranking with a catalogue of yesterday. What changes without the hook
(endorsement counts; rows restored or deleted outside the application) is read again after at most
INDEX_MAX_AGE seconds.
"""

from __future__ import annotations

import threading
import time

from toerusting import versions
from toerusting.catalogue import selectors as catalogue
from toerusting.matching.ranking import CatalogueIndex, IndexedItem

_lock = threading.Lock()
_index: CatalogueIndex | None = None
_index_version: tuple[int, ...] = ()
_index_built = 0.0
CATALOGUE_VERSION = ("catalogue", 0)
INDEX_MAX_AGE = 600.0


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
    """The index of this process, built on first use and again after the catalogue changed (in any
    process: one read of the shared cache tells)."""
    global _index, _index_version, _index_built
    version = versions.current(CATALOGUE_VERSION)
    now = time.monotonic()
    with _lock:
        if _index is None or version != _index_version or now - _index_built > INDEX_MAX_AGE:
            _index = build_catalogue_index()
            _index_version = version
            _index_built = now
        return _index


def reset_catalogue_index() -> None:
    """Forget the index of this process (the next use builds it from the database)."""
    global _index
    with _lock:
        _index = None


def catalogue_changed() -> None:
    """Hook for "catalogue_changed": every process rebuilds its index before it ranks again."""
    versions.bump(*CATALOGUE_VERSION)
    reset_catalogue_index()
