"""Open Raadsinformatie classic: Elasticsearch responses with Meeting, AgendaItem and MediaObject hits.

Accepted: one search response (`{"hits": {"hits": [...]}}`), a list of responses, or NDJSON with a
response or a single hit on each line. The numeric `@id`s of ORI may change when an index is rebuilt, so
the source id is the stable mapping IRI (`was_generated_by.same_as`) where there is one and `ori:<@id>`
otherwise; the numeric ids only link the hits of one input together. Agenda order comes from the
meeting's `agenda.@list`, else from `position`. The classic `status` is only trusted for cancellations
(the Notubiz harvester swapped confirmed and unconfirmed). Organization hits give committee names; the
index name (`ori_<key>_<timestamp>`) gives the organisation key. A response from which nothing can be
read (hits without `@type`, because the query's `_source` filter cut it away, or only documents) is an
error that says so, never a silent "0 meetings".
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from toerusting.agenda import parsing as p
from toerusting.agenda.records import (
    GEANNULEERD,
    AgendaItemRecord,
    DocumentRecord,
    Entry,
    MeetingRecord,
    RecordProblem,
    SourceError,
)

NAME = "ori"
_INDEX = re.compile(r"^o[rsw]i_(?P<key>.+?)(?:_\d{14})?$")


def _stable_id(source: dict[str, Any]) -> str:
    generated = source.get("was_generated_by")
    if isinstance(generated, dict) and isinstance(generated.get("same_as"), str) and generated["same_as"]:
        return str(generated["same_as"])
    return f"ori:{source.get('@id')}"


def _ids(value: object) -> list[str]:
    if isinstance(value, dict) and "@list" in value:
        value = value["@list"]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int)]
    if isinstance(value, str | int):
        return [str(value)]
    return []


_V0_LISTS = ("events", "persons", "organizations", "motions", "vote_events")
_V0_MESSAGE = (
    "this is an answer of the old ORI v0 API (Popolo objects with classification, identifiers and "
    "meta, 2015-2018), which the v1 API replaced; the ori format reads the v1 Elasticsearch "
    "API: POST https://api.openraadsinformatie.nl/v1/elastic/ori_<gemeente>*/_search (hits with @type "
    "Meeting and AgendaItem); nothing was imported"
)


def _v0_answer(document: object) -> bool:
    """True for an answer of ORI's first API (v0): a search (`{"events": [...], "meta": {...}}`) or one
    object of it (with `identifiers` of scheme ORI and `meta`)."""
    if not isinstance(document, dict):
        return False
    if isinstance(document.get("meta"), dict) and any(
        isinstance(document.get(key), list) for key in _V0_LISTS
    ):
        return True
    identifiers = document.get("identifiers")
    return (
        isinstance(document.get("meta"), dict)
        and isinstance(identifiers, list)
        and any(isinstance(i, dict) and i.get("scheme") == "ORI" for i in identifiers)
    )


def _hits(data: bytes, origin: str) -> list[tuple[str, dict[str, Any]]]:
    """All hits with their `where` label."""
    stripped = data.strip()
    documents: list[tuple[str, Any]] = []
    if stripped.startswith(b"{") and b"\n" in stripped:
        try:
            documents = [(origin, p.parse_json_text(stripped.decode("utf-8-sig"), origin))]
        except (json.JSONDecodeError, UnicodeDecodeError):
            documents = [(f"{origin}:{n}", row) for n, row in p.json_lines(data, origin)]
    else:
        document = p.load_json(data, origin)
        documents = [(origin, d) for d in document] if isinstance(document, list) else [(origin, document)]
    hits: list[tuple[str, dict[str, Any]]] = []
    for where, document in documents:
        if isinstance(document, dict) and "_source" in document:
            hits.append((f"{where} (hit {document.get('_id')})", document))
            continue
        inner = document.get("hits") if isinstance(document, dict) else None
        if not isinstance(inner, dict) or not isinstance(inner.get("hits"), list):
            if _v0_answer(document):
                raise SourceError(where, _V0_MESSAGE)
            raise SourceError(where, 'expected an Elasticsearch response ({"hits": {"hits": [...]}}) or hits')
        for index, hit in enumerate(inner["hits"]):
            if not isinstance(hit, dict) or not isinstance(hit.get("_source"), dict):
                raise SourceError(f"{where}: hits[{index}]", "a hit needs a _source object")
            hits.append((f"{where}: hits[{index}] (hit {hit.get('_id')})", hit))
    return hits


def _nothing_to_read(hits: list[tuple[str, dict[str, Any]]]) -> str:
    """Why a response without a Meeting or AgendaItem hit gives nothing to import."""
    kinds = Counter(str(hit["_source"].get("@type") or "") for _, hit in hits)
    untyped = kinds.pop("", 0)
    found = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    if untyped:
        fields = sorted({key for _, hit in hits[:50] for key in hit["_source"]})
        return (
            f"{untyped} of {len(hits)} hits have no @type (their _source holds only "
            f"{', '.join(fields[:12]) or 'nothing'}): the query's _source filter cut it away, so no hit "
            "can be read as a Meeting or AgendaItem. Query again with the whole _source (or include "
            '"@type", "@id", "name", "start_date", "parent", "agenda" and "was_generated_by")'
            + (f"; the others are {found}" if found else "")
            + "; nothing was imported"
        )
    return f"the {len(hits)} hits are {found}, no Meeting or AgendaItem: nothing to import"


class OriFormat:
    name = NAME

    def parse(self, data: bytes, origin: str) -> Iterator[Entry]:
        meetings: dict[str, tuple[str, dict[str, Any], str]] = {}
        items: dict[str, tuple[str, dict[str, Any]]] = {}
        media: list[tuple[str, dict[str, Any]]] = []
        committees: dict[str, str] = {}
        hits = _hits(data, origin)
        for where, hit in hits:
            source = hit["_source"]
            kind = source.get("@type")
            ori_id = str(source.get("@id") or hit.get("_id") or "")
            match = _INDEX.match(str(hit.get("_index", "")))
            if kind == "Meeting":
                meetings[ori_id] = (where, source, match.group("key") if match else "")
            elif kind == "AgendaItem":
                items[ori_id] = (where, source)
            elif kind == "MediaObject":
                media.append((where, source))
            elif kind == "Organization" and isinstance(source.get("name"), str):
                committees[ori_id] = source["name"]
        if hits and not meetings and not items:
            raise SourceError(origin, _nothing_to_read(hits))
        documents: dict[str, list[DocumentRecord]] = {}
        for where, source in media:
            try:
                document = DocumentRecord(
                    source_id=_stable_id(source),
                    title=p.text(source.get("name"), "name") or p.text(source.get("file_name"), "file_name"),
                    url=p.text(source.get("original_url") or source.get("url"), "original_url"),
                    mime_type=p.text(source.get("content_type"), "content_type"),
                    text="\n\n".join(t for t in source.get("text") or [] if isinstance(t, str)),
                )
            except p.FieldError as exc:
                yield RecordProblem(where, str(exc))
                continue
            for owner in _ids(source.get("is_referenced_by")):
                documents.setdefault(owner, []).append(document)
        children: dict[str, list[str]] = {}
        for ori_id, (_, source) in items.items():
            for parent in _ids(source.get("parent"))[:1]:
                children.setdefault(parent, []).append(ori_id)
        claimed: set[str] = set()
        for ori_id, (where, source, key) in meetings.items():
            try:
                yield self._meeting(
                    ori_id, source, key, where, items, children, documents, committees, claimed
                )
            except p.FieldError as exc:
                yield RecordProblem(where, str(exc))
        for ori_id, (where, source) in items.items():
            parent = (_ids(source.get("parent")) or ["?"])[0]
            if ori_id not in claimed:
                yield RecordProblem(
                    where, f"parent: agenda item {ori_id} belongs to {parent}, not in the input"
                )

    def _meeting(
        self,
        ori_id: str,
        source: dict[str, Any],
        key: str,
        where: str,
        items: dict[str, tuple[str, dict[str, Any]]],
        children: dict[str, list[str]],
        documents: dict[str, list[DocumentRecord]],
        committees: dict[str, str],
        claimed: set[str],
    ) -> MeetingRecord:
        start = p.iso_datetime(source.get("start_date"), "start_date")
        end = p.iso_datetime(source["end_date"], "end_date") if source.get("end_date") else None
        cancelled = str(source.get("status", "")).endswith("EventCancelled")
        committee = (_ids(source.get("committee")) or [""])[0]

        def tree(parent_id: str, listed: list[str]) -> list[AgendaItemRecord]:
            ids = children.get(parent_id, [])
            rank = {item_id: index for index, item_id in enumerate(listed)}

            def sort_key(item_id: str) -> tuple[int, float, str]:
                position = items[item_id][1].get("position")
                number = float(position) if isinstance(position, int | float) else float("inf")
                return (rank.get(item_id, len(rank)), number, item_id)

            result = []
            for item_id in sorted(ids, key=sort_key):
                claimed.add(item_id)
                item_where, item = items[item_id]
                try:
                    title = p.text(item.get("name"), "name", required=True)
                    description = p.plain_text(p.text(item.get("description"), "description"))
                    number = p.text(item.get("raw_position"), "raw_position")
                except p.FieldError as exc:
                    raise p.FieldError(f"agenda item {item_id} ({item_where}): {exc}") from exc
                result.append(
                    AgendaItemRecord(
                        source_id=_stable_id(item),
                        title=title,
                        number=number,
                        description=description,
                        documents=documents.get(item_id, []),
                        children=tree(item_id, _ids(item.get("agenda"))),
                    )
                )
            return result

        return MeetingRecord(
            source=NAME,
            source_id=_stable_id(source),
            name=p.text(source.get("name"), "name") or "Vergadering",
            start=start,
            end=end if end is None or end >= start else None,
            where=where,
            location=p.text(source.get("location"), "location"),
            status=GEANNULEERD if cancelled else p.status_for(start, cancelled=False),
            gremium_id=committee,
            gremium_name=committees.get(committee, ""),
            organisation_key=key,
            items=tree(ori_id, _ids(source.get("agenda"))),
            documents=documents.get(ori_id, []),
        )
