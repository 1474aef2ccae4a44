"""Version counters in the cache, for pages cached until something they show changes.

A page keyed on versions (for example the RIS tab of a meeting for a member) is served from the cache
until one of its counters is bumped: the meeting's when its recommendations or curation change, the
member's when their progress changes. Counters live in the default cache, so in production that cache
must be shared by all processes (CACHE_URL, see docs/operations.md).
"""

from __future__ import annotations

from django.core.cache import cache


def _key(scope: str, identifier: int) -> str:
    return f"version:{scope}:{identifier}"


def bump(scope: str, identifier: int | None, *, new: bool = False) -> None:
    """Invalidate every cached page that depends on this scope and id.

    `new`: the object was just created, so its counter most likely does not exist yet (one cache call
    instead of a failed increment and a write)."""
    if identifier is None:
        return
    key = _key(scope, identifier)
    if new and cache.add(key, 1, timeout=None):
        return
    try:
        cache.incr(key)
    except ValueError:
        if not cache.add(key, 1, timeout=None):  # another process created it meanwhile
            cache.incr(key)


def current(*pairs: tuple[str, int]) -> tuple[int, ...]:
    """The current versions of the given (scope, id) pairs, in one cache round trip."""
    keys = [_key(scope, identifier) for scope, identifier in pairs]
    found = cache.get_many(keys)
    return tuple(int(found.get(key, 0)) for key in keys)
