"""Named hooks between apps, configured in settings.HOOKS, so that a lower app can announce an event
without importing the apps that react to it (the agenda does not import matching; the catalogue does not
import the stored recommendations).

    run("meeting_synced", meeting)   -> every function listed under HOOKS["meeting_synced"] is called
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def _functions(name: str) -> tuple[Any, ...]:
    return tuple(import_string(path) for path in getattr(settings, "HOOKS", {}).get(name, ()))


def run(name: str, *args: Any, **kwargs: Any) -> None:
    """Call every function configured for the hook, in order; errors propagate to the caller."""
    for function in _functions(name):
        function(*args, **kwargs)
