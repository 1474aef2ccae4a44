"""What the worker process of matching.ahead runs. This module imports nothing of the project at import
time: the worker unpickles references to these functions before Django is set up, and `start` sets it up."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toerusting.matching.analysis import Analysis


def start() -> None:
    """Django's settings and apps (from the environment the sync's process had), then the model and the
    rules, before the first batch."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from toerusting.matching import model as model_
    from toerusting.matching.rules import rules

    model_.current()
    rules()


def analyse_batch(requests: Sequence[tuple[str, str, str, str]]) -> list[Analysis]:
    """The analyses of (title, description, body type, meeting name), in the order asked."""
    from toerusting.matching import analysis

    return [
        analysis.analyse(title, description, body_type=body_type, meeting=meeting)
        for title, description, body_type, meeting in requests
    ]


def cpu_seconds() -> float:
    """The worker's CPU time since it started (set-up included), for bench/sync.py."""
    import time

    return time.process_time()
