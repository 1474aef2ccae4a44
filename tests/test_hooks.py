"""Hooks follow settings.HOOKS, also when a test changes it after the first call."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from toerusting import hooks

CALLS: list[tuple[str, tuple[Any, ...]]] = []


def first(*args: Any) -> None:
    CALLS.append(("first", args))


def second(*args: Any) -> None:
    CALLS.append(("second", args))


def test_override_settings_changes_hooks_after_the_first_call() -> None:
    CALLS.clear()
    with override_settings(HOOKS={"probe": ["tests.test_hooks.first"]}):
        hooks.run("probe", 1)
    with override_settings(HOOKS={"probe": ["tests.test_hooks.second"]}):
        hooks.run("probe", 2)
    hooks.run("probe", 3)  # the project's settings have no such hook
    assert CALLS == [("first", (1,)), ("second", (2,))]


def test_collect_returns_what_each_function_returned_in_order(settings: Any) -> None:
    settings.HOOKS = {"numbers": ["tests.test_hooks._one", "tests.test_hooks._two"]}
    assert hooks.collect("numbers", 10) == [11, 12]
    assert hooks.collect("nothing here", 10) == []


def _one(value: int) -> int:
    return value + 1


def _two(value: int) -> int:
    return value + 2
