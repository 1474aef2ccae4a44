"""The demo calendars, read through the same adapters as real data."""

from __future__ import annotations

from pathlib import Path

from toerusting.agenda.adapters import FILE_FORMATS
from toerusting.agenda.models import (
    AgendaSource,
)
from toerusting.agenda.records import (
    Entry,
)
from toerusting.agenda.services.files import read_file
from toerusting.agenda.services.sync import (
    Progress,
    SyncSummary,
    UnknownOrganisation,
    apply_entries,
    get_organisation,
)
from toerusting.contentfiles import ContentError, Problem, load_yaml

# --- Demo --------------------------------------------------------------------------------------------


def load_demo_agenda(directory: Path, progress: Progress | None = None) -> SyncSummary:
    """Import the demo calendars: each subdirectory holds source.yaml and files in one source format.

    source.yaml names the organisation, the format and the source settings (the gremia mapping); the
    files are imported through the same adapter path as real data. Unreadable files write nothing.
    """
    summary = SyncSummary()
    for folder in sorted(d for d in directory.iterdir() if d.is_dir()):
        config_path = folder / "source.yaml"
        config = load_yaml(config_path)
        key, format_name = str(config.get("organisation", "")), str(config.get("format", ""))
        settings = config.get("settings") or {}
        settings = settings.data if hasattr(settings, "data") else settings
        if format_name not in FILE_FORMATS:
            raise ContentError([Problem(config_path, config.line_of("format"), "format", "unknown format")])
        try:
            organisation = get_organisation(key)
        except UnknownOrganisation as exc:
            raise ContentError(
                [Problem(config_path, config.line_of("organisation"), "organisation", str(exc))]
            ) from exc
        raw_gremia = settings.get("gremia") or {}
        raw_gremia = raw_gremia.data if hasattr(raw_gremia, "data") else raw_gremia
        gremia = {str(k): str(v) for k, v in dict(raw_gremia).items()}
        AgendaSource.objects.update_or_create(
            organisation=organisation,
            kind=format_name,
            defaults={
                "settings": {**{k: v for k, v in settings.items() if k != "gremia"}, "gremia": gremia},
                "active": False,
            },
        )
        entries: list[Entry] = []
        for path in sorted(folder.glob("*.json")):
            entries += read_file(path.read_bytes(), format_name, str(path))
        summary.merge(
            apply_entries(
                entries,
                organisation=organisation,
                gremia={format_name: gremia},
                progress=progress,
                total=len(entries),
            )
        )
    return summary
