"""Schemathesis against the push API's committed OpenAPI file (docs/integration/openapi.json), through
Django's WSGI application in-process: for generated valid and invalid bodies, with a valid token, no
answer is a server error and every answer matches the schema (status, headers, body)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.conftest import Tenant
from toerusting.agenda import services

schema = schemathesis.openapi.from_path(settings.BASE_DIR / "docs" / "integration" / "openapi.json")
schema.app = get_wsgi_application()  # calls go in-process, through Django's WSGI handler


@pytest.fixture
def bearer(tenant_a: Tenant) -> Iterator[str]:
    # The WSGI handler closes "old" database connections when a request starts and ends; inside a test's
    # transaction that would close the test's own connection (PostgreSQL). Django's test client turns
    # this off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield f"Bearer {services.issue_push_token(tenant_a.organisation, 'Schemathesis')[1]}"
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)
def test_push_api_matches_its_openapi_file(case: Any, bearer: str) -> None:
    # "The end is not before the start" relates two fields, which JSON Schema cannot say: such a body is
    # schema-valid and rightly refused with a 400, so only that check is left out for it.
    excluded = [positive_data_acceptance] if _ends_before_it_starts(case.body) else []
    # A body over the size limit is refused with a documented 413 before it is read, whatever else is wrong
    # with it; Schemathesis does not count 413 as a rejection of invalid data.
    if _body_size(case.body) > settings.AGENDA_PUSH_MAX_BYTES:
        excluded.append(negative_data_rejection)
    case.call_and_validate(headers={"Authorization": bearer}, excluded_checks=excluded)


def _body_size(body: object) -> int:
    try:
        return len(json.dumps(body))  # as sent: ASCII, with escapes
    except (TypeError, ValueError):  # no body (Schemathesis' NotSet) or not JSON
        return 0


def _ends_before_it_starts(body: object) -> bool:
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("start"), str)
        or not isinstance(body.get("end"), str)
    ):
        return False
    try:
        return dt.datetime.fromisoformat(body["end"]) < dt.datetime.fromisoformat(body["start"])
    except (ValueError, TypeError, OverflowError):
        return False


def test_the_url_pattern_refuses_what_python_counts_as_white_space() -> None:
    """ECMAScript's \\s (the OpenAPI file's readers) leaves out U+001C-U+001F and U+0085, Python's counts
    them: the pattern names the controls itself, so a URL the file allows is one the server accepts."""
    import re

    from toerusting.agenda.api_schema import URL_PATTERN

    for url in ("https://a\x85b", "https://a\x1fb", "https://a\u2028b", "https://a b"):
        assert re.fullmatch(URL_PATTERN, url) is None, repr(url)
    assert re.fullmatch(URL_PATTERN, "https://ris.example/stukken/1?x=ë") is not None
