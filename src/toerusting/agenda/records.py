"""Plain records that every adapter produces and the sync service consumes.

The names follow what the sources have in common (close to the VNG ODS standard: Vergadering, Agendapunt,
Informatieobject). Records carry no database state; `where` says where a record came from, so every error
about it can name the file and line or the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Meeting statuses, as in the VNG ODS standard.
GEPLAND = "gepland"
GEHOUDEN = "gehouden"
GEANNULEERD = "geannuleerd"
STATUSES = (GEPLAND, GEHOUDEN, GEANNULEERD)


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """An informatieobject: a document attached to a meeting or an agenda item."""

    source_id: str
    title: str
    url: str = ""
    mime_type: str = ""
    text: str = ""


@dataclass(slots=True)
class AgendaItemRecord:
    """An agendapunt. `children` are its sub-items; sibling order is the order of the list."""

    source_id: str
    title: str
    number: str = ""
    description: str = ""
    is_heading: bool = False
    documents: list[DocumentRecord] = field(default_factory=list)
    children: list[AgendaItemRecord] = field(default_factory=list)


@dataclass(slots=True)
class MeetingRecord:
    """A vergadering with its agenda tree, as one source describes it."""

    source: str
    source_id: str
    name: str
    start: dt.datetime
    where: str
    end: dt.datetime | None = None
    location: str = ""
    status: str = GEPLAND
    gremium_id: str = ""
    gremium_name: str = ""
    meeting_type: str = ""
    source_url: str = ""
    organisation_key: str = ""
    items: list[AgendaItemRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    # What the adapter had to guess or leave out (an iCal event without UID): reported with the summary.
    warnings: list[str] = field(default_factory=list)

    def count_items(self) -> int:
        total = 0
        stack = list(self.items)
        while stack:
            item = stack.pop()
            total += 1
            stack.extend(item.children)
        return total


@dataclass(frozen=True, slots=True)
class MeetingDeletion:
    """The source says a meeting no longer exists (a delete in a change feed)."""

    source: str
    source_id: str
    where: str
    organisation_key: str = ""


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """One record could not be read; the others still can. `where` names the file and line or the record."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class CursorUpdate:
    """A live source's position after the entries before it: store it to resume from there."""

    cursor: str


@dataclass(frozen=True)
class MeetingAhead:
    """A meeting a sync is about to write, announced to the "meetings_ahead" hook: its key, its name as it
    will be stored and the (title, description) of its agenda items that are not headings."""

    source: str
    source_id: str
    name: str
    texts: list[tuple[str, str]]


Entry = MeetingRecord | MeetingDeletion | RecordProblem
LiveEntry = MeetingRecord | MeetingDeletion | RecordProblem | CursorUpdate


class SourceError(Exception):
    """The input as a whole cannot be read (not JSON, not a calendar, wrong shape); nothing is written."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class SourceConfig:
    """What a live source needs to know about one organisation's account at the source."""

    organisation_key: str
    base_url: str
    settings: Mapping[str, Any] = field(default_factory=dict)
