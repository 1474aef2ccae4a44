"""Importing a file in one of the supported formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toerusting.agenda.adapters import file_format
from toerusting.agenda.records import (
    Entry,
    SourceError,
)
from toerusting.agenda.services.sync import Progress, SyncSummary, apply_entries, get_organisation


def read_file(data: bytes, format_name: str, origin: str, **options: Any) -> list[Entry]:
    """Read a whole file into entries first, so that a file that cannot be read writes nothing. A file
    without a single meeting is an error too: it is not what the source exports."""
    entries = list(file_format(format_name, **options).parse(data, origin))
    if not entries:
        raise SourceError(origin, f"holds no meetings: nothing to import (read as {format_name})")
    return entries


def import_file(
    path: Path,
    format_name: str,
    *,
    organisation_key: str = "",
    progress: Progress | None = None,
    **options: Any,
) -> SyncSummary:
    """Import meetings from a file in one of the supported formats (see FILE_FORMATS)."""
    organisation = get_organisation(organisation_key) if organisation_key else None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(str(path), f"cannot be read: {exc.strerror}") from exc
    entries = read_file(data, format_name, str(path), **options)
    return apply_entries(entries, organisation=organisation, progress=progress, total=len(entries))
