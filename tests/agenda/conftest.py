"""Agenda tests count the rows a sync writes, so each starts from an empty agenda.

The shared tenant fixtures may give each organisation a meeting of its own (for the pages of other apps);
these tests remove them first, after the tenants have been made.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _agenda_starts_empty(request: pytest.FixtureRequest) -> None:
    if not {"db", "tenant_a", "tenant_b", "demo"} & set(request.fixturenames):
        return
    for name in ("tenant_a", "tenant_b"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
    request.getfixturevalue("db")
    from toerusting.agenda.models import Meeting

    Meeting.objects.all().delete()
