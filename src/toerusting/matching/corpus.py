"""The labelled corpus of real agenda items that the classifiers learn from (corpus/*.tsv in the repository).

Columns: id, body, body_type, vendor, meeting_date, meeting_type, title, topics, instrument, procedural,
source. The evaluation file of the project's shared notes (dev_agenda_items.tsv) has the same labels with
`municipality` for `body`; it is read by the same function but never trained on.
See corpus/LABELLING.md for the labelling rules.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from toerusting.catalogue import selectors as catalogue

CORPUS_DIR = Path(__file__).resolve().parents[3] / "corpus"
BODY_TYPES = ("gemeente", "provincie", "waterschap")


class CorpusError(ValueError):
    """A corpus file is wrong; the message starts with file:line."""


@dataclass(frozen=True)
class LabelledRow:
    id: str
    body: str
    body_type: str
    vendor: str
    title: str
    topics: tuple[str, ...]  # most important first; empty for procedural rows
    instrument: str  # a code, or "none"
    procedural: bool
    source: str
    file: str
    line: int
    meeting: str = ""  # the meeting's name or type as the source gives it ("Vragenuur", "Raadsvergadering")


def read_file(path: Path, *, strict: bool = True) -> list[LabelledRow]:
    """The rows of one file; `strict` also checks the corpus rules (procedural rows carry no labels)."""
    topics = {t.code for t in catalogue.TOPICS}
    instruments = {t.code for t in catalogue.INSTRUMENTS} | {"none"}
    try:
        data = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read as UTF-8: {exc}") from exc
    reader = csv.DictReader(io.StringIO(data, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    fields = set(reader.fieldnames or ())
    missing = {"id", "title", "topics", "instrument", "procedural"} - fields
    if missing or not ({"body", "municipality"} & fields):
        raise CorpusError(f"{path}:1: header lacks {', '.join(sorted(missing)) or 'body'}")
    rows: list[LabelledRow] = []
    for record in reader:
        line = reader.line_num
        if record.get("exclude") == "yes":
            continue
        where = f"{path}:{line}"
        codes = tuple(c.strip() for c in (record.get("topics") or "").split(",") if c.strip())
        unknown = [c for c in codes if c not in topics]
        if unknown:
            raise CorpusError(f"{where}: unknown topic code(s) {', '.join(unknown)}")
        instrument = (record.get("instrument") or "none").strip() or "none"
        if instrument not in instruments:
            raise CorpusError(f"{where}: unknown instrument code {instrument!r}")
        flag = (record.get("procedural") or "").strip()
        if flag not in {"yes", "no"}:
            raise CorpusError(f"{where}: procedural must be yes or no, not {flag!r}")
        procedural = flag == "yes"
        if strict and procedural and (codes or instrument != "none"):
            raise CorpusError(f"{where}: a procedural row has no topics and instrument none")
        if strict and not procedural and not codes:
            raise CorpusError(f"{where}: a substantive row needs at least one topic")
        body_type = (record.get("body_type") or "gemeente").strip()
        if body_type not in BODY_TYPES:
            raise CorpusError(f"{where}: body_type must be one of {', '.join(BODY_TYPES)}")
        title = (record.get("title") or "").strip()
        if not title:
            raise CorpusError(f"{where}: empty title")
        rows.append(
            LabelledRow(
                id=(record.get("id") or "").strip(),
                body=(record.get("body") or record.get("municipality") or "").strip(),
                body_type=body_type,
                vendor=(record.get("vendor") or "").strip(),
                title=title,
                topics=codes,
                instrument=instrument,
                procedural=procedural,
                source=(record.get("source") or "").strip(),
                file=path.name,
                line=line,
                meeting=(record.get("meeting_type") or "").strip(),
            )
        )
    return rows


def read_corpus(directory: Path = CORPUS_DIR) -> list[LabelledRow]:
    """Every row of every corpus file, checked: ids unique, codes known."""
    files = sorted(directory.glob("*.tsv"))
    if not files:
        raise CorpusError(f"{directory}: no corpus files (*.tsv)")
    rows: list[LabelledRow] = []
    seen: dict[str, str] = {}
    for path in files:
        for row in read_file(path):
            if row.id in seen:
                raise CorpusError(f"{path}:{row.line}: id {row.id} is also in {seen[row.id]}")
            seen[row.id] = f"{path.name}:{row.line}"
            rows.append(row)
    return rows
