"""The shape in which every app hands over a member's personal data (the hook "personal_data") and reports
what it erased (the hooks "personal_data_erase"), so that the privacy app shows and exports it without
importing the apps.

    section("learning.progress", _("Progress"), [{"item": "...", "completed": date}, ...])

A section names the model it comes from (`app_label.model_name`), so a test can check that every model with
a link to a user is covered by some app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypedDict

from django.utils.functional import Promise


class Section(TypedDict):
    model: str
    title: str
    records: list[dict[str, Any]]


def plain(value: Any) -> Any:
    """A value as JSON can hold it: dates as ISO text, amounts as text, lazy translations as text."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    return value


def section(model: str, title: Any, records: Iterable[Mapping[str, Any]]) -> Section:
    return {
        "model": model,
        "title": str(title),
        "records": [{str(key): plain(value) for key, value in record.items()} for record in records],
    }
