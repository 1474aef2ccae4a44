"""Named hooks between apps, configured in settings.HOOKS, so that a lower app can announce an event
without importing the apps that react to it (the agenda does not import matching; the catalogue does not
import the stored recommendations).

    run("meeting_synced", meeting, created=True)
                                     -> every function listed under HOOKS["meeting_synced"] is called
                                        with the meeting and whether it is new (nothing stored for it yet)

    collect("personal_data", user)   -> the list of what every function listed returns, in order

The imported functions are cached per hook name; the cache is emptied whenever HOOKS changes
(`override_settings(HOOKS=...)` in tests), so a test sees the hooks it configured.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string


@cache
def _functions(name: str) -> tuple[Any, ...]:
    return tuple(import_string(path) for path in getattr(settings, "HOOKS", {}).get(name, ()))


@receiver(setting_changed)
def _hooks_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "HOOKS":
        _functions.cache_clear()


def run(name: str, *args: Any, **kwargs: Any) -> None:
    """Call every function configured for the hook, in order; errors propagate to the caller."""
    for function in _functions(name):
        function(*args, **kwargs)


def collect(name: str, *args: Any, **kwargs: Any) -> list[Any]:
    """Call every function configured for the hook and return their answers, in order (an empty list when
    no app fills the hook): for a page of a higher app that shows what lower or later apps provide."""
    return [function(*args, **kwargs) for function in _functions(name)]
