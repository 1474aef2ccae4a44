"""The committed OpenAPI file matches the code (the same check as `make openapi-check`)."""

from __future__ import annotations

import json

from django.conf import settings

from toerusting.agenda.openapi import openapi_document, openapi_json


def test_committed_openapi_file_is_up_to_date() -> None:
    committed = (settings.BASE_DIR / "docs" / "integration" / "openapi.json").read_text(encoding="utf-8")
    assert committed == openapi_json(), "run: python scripts/check_openapi.py --write"


def test_document_is_openapi_31_with_every_ref_resolved() -> None:
    document = openapi_document()
    assert document["openapi"] == "3.1.0"
    text = json.dumps(document)
    schemas = document["components"]["schemas"]
    for name in ("MeetingIn", "AgendaItemIn", "DocumentIn", "MeetingRef", "MeetingResult", "ErrorResult"):
        assert name in schemas
    for ref in {part.split('"')[0] for part in text.split('"$ref": "#/components/schemas/')[1:]}:
        assert ref in schemas, ref
    assert schemas["AgendaItemIn"]["properties"]["items"]["items"] == {
        "$ref": "#/components/schemas/AgendaItemIn"
    }
