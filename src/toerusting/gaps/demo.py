"""Demo searches without results for the gaps overview, from content/demo/gaps/searches.yaml: each query
with the number of (invented) askers, counted through the service. Loading again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from toerusting.contentfiles import Reader, load_yaml
from toerusting.gaps import services


@dataclass
class DemoSearch:
    query: str
    askers: int


@dataclass
class DemoFile:
    path: Path
    searches: list[DemoSearch] = field(default_factory=list)


def read_demo_file(path: Path) -> DemoFile:
    root = load_yaml(path)
    reader = Reader()
    reader.check_keys(root, {"searches"}, "the file")
    demo = DemoFile(path)
    for node in reader.nodes(root, "searches"):
        reader.check_keys(node, {"query", "askers"}, "a search")
        demo.searches.append(
            DemoSearch(
                reader.text(node, "query", max_length=services.MAX_QUERY_LENGTH),
                reader.integer(node, "askers", minimum=1) or 1,
            )
        )
    reader.raise_if_any()
    return demo


@transaction.atomic
def load_demo(demo: DemoFile) -> int:
    """Count every demo search for its number of invented askers; the number of searches."""
    for search in demo.searches:
        for number in range(search.askers):
            services.count_empty_search(search.query, f"demo:{number}")
    return len(demo.searches)
