"""The one adapter interface every source implements, and the registry of sources.

A *file format* turns bytes (a recorded export, a feed, a dump) into entries: meeting records with their
agenda trees, deletions, and problems naming the record that could not be read. A *live source* fetches
from the source's API for one organisation through an HttpClient, from a cursor or a date, and yields the
same entries plus cursor updates. Both produce the plain records of `records.py`, so the sync service does
not know where a meeting came from. iBabs is SOAP over HTTP POST (the HttpClient's `post`), Parlaeus JSON
over GET with a per-site token.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Protocol

from toerusting.agenda.contrib.go.adapter import GoFormat, GoLive
from toerusting.agenda.contrib.ibabs.adapter import IbabsFormat, IbabsLive
from toerusting.agenda.contrib.ical.adapter import ICalFormat, ICalLive
from toerusting.agenda.contrib.notubiz.adapter import NotubizFormat, NotubizLive
from toerusting.agenda.contrib.openbesluitvorming.adapter import (
    OpenBesluitvormingFormat,
    OpenBesluitvormingLive,
)
from toerusting.agenda.contrib.ori.adapter import OriFormat
from toerusting.agenda.contrib.parlaeus.adapter import ParlaeusFormat, ParlaeusLive
from toerusting.agenda.http import HttpClient
from toerusting.agenda.records import Entry, LiveEntry, SourceConfig

__all__ = ["FILE_FORMATS", "LIVE_SOURCES", "FileFormat", "LiveSource", "SourceConfig", "file_format"]


class FileFormat(Protocol):
    name: str

    def parse(self, data: bytes, origin: str) -> Iterator[Entry]:
        """Read entries from a document; raise SourceError when the document as a whole is unreadable."""
        ...


class LiveSource(Protocol):
    name: str

    def fetch(
        self, config: SourceConfig, client: HttpClient, *, since: dt.date | None, cursor: str
    ) -> Iterator[LiveEntry]:
        """Fetch entries changed after the cursor (or from `since`), with CursorUpdates along the way."""
        ...


FILE_FORMATS: dict[str, FileFormat] = {
    "openbesluitvorming": OpenBesluitvormingFormat(),
    "ori": OriFormat(),
    "notubiz": NotubizFormat(),
    "go": GoFormat(),
    "ibabs": IbabsFormat(),
    "parlaeus": ParlaeusFormat(),
    "ical": ICalFormat(),
}

LIVE_SOURCES: dict[str, LiveSource] = {
    "openbesluitvorming": OpenBesluitvormingLive(),
    "notubiz": NotubizLive(),
    "go": GoLive(),
    "ibabs": IbabsLive(),
    "parlaeus": ParlaeusLive(),
    "ical": ICalLive(),
}


def file_format(name: str, **options: Any) -> FileFormat:
    """The registered file format with this name; options (such as a base URL) make a configured copy."""
    if name not in FILE_FORMATS:
        raise KeyError(f"unknown format {name!r} (known: {', '.join(sorted(FILE_FORMATS))})")
    if not options:
        return FILE_FORMATS[name]
    return type(FILE_FORMATS[name])(**options)
