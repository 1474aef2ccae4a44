"""Reading the evaluation TSV: a header with `id` and `title`, optional `description`, `body_type` and
`meeting_type` (the meeting's name or type, read as context)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path


class InputError(ValueError):
    """The input file is not a usable TSV; the message names the line and column."""


@dataclass(frozen=True)
class Row:
    line: int
    id: str
    title: str
    description: str
    body_type: str = ""  # gemeente | provincie | waterschap, or "" when not given
    meeting: str = ""  # the meeting's name or type ("Vragenuur"), or "" when not given


BODY_TYPES = ("gemeente", "provincie", "waterschap")


def read_rows(path: Path) -> list[Row]:
    try:
        data = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file not found") from exc
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 (byte {exc.start}); save the file as UTF-8 TSV") from exc
    reader = csv.reader(io.StringIO(data, newline=""), delimiter="\t")
    try:
        header = next(reader)
    except StopIteration as exc:
        raise InputError(f"{path}:1: empty file; expected a header with the columns id and title") from exc
    columns = [name.strip().lower() for name in header]
    for needed in ("id", "title"):
        if needed not in columns:
            found = ", ".join(columns) if len(columns) > 1 else f"{header[0]!r} (is the file tab-separated?)"
            raise InputError(f"{path}:1: column {needed!r} missing in the header; found: {found}")
    id_at, title_at = columns.index("id"), columns.index("title")
    description_at = columns.index("description") if "description" in columns else None
    body_type_at = columns.index("body_type") if "body_type" in columns else None
    meeting_at = columns.index("meeting_type") if "meeting_type" in columns else None
    rows: list[Row] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) <= max(id_at, title_at):
            raise InputError(f"{path}:{line}: {len(cells)} columns, but the header has {len(columns)}")
        if not cells[id_at].strip():
            raise InputError(f"{path}:{line}: column 'id' is empty")
        description = (
            cells[description_at] if description_at is not None and description_at < len(cells) else ""
        )
        body_type = ""
        if body_type_at is not None and body_type_at < len(cells):
            body_type = cells[body_type_at].strip().lower()
            if body_type and body_type not in BODY_TYPES:
                raise InputError(
                    f"{path}:{line}: body_type {cells[body_type_at]!r} is not one of {', '.join(BODY_TYPES)}"
                )
        meeting = cells[meeting_at].strip() if meeting_at is not None and meeting_at < len(cells) else ""
        rows.append(Row(line, cells[id_at].strip(), cells[title_at], description, body_type, meeting))
    return rows
