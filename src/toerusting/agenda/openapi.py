"""The push API's OpenAPI 3.1 document, built from the pydantic models in api_schema.py."""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import models_json_schema

from toerusting import __version__
from toerusting.agenda.api_schema import (
    ChangeResult,
    ErrorResult,
    MeetingIn,
    MeetingRef,
    MeetingResult,
)

REF = "#/components/schemas/{model}"


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": REF.format(model=name)}}}


def _errors(*statuses: int) -> dict[str, Any]:
    text = {
        400: "The body is not valid: `fields` names each wrong field.",
        401: "No valid bearer token.",
        404: "No meeting with this id for the token's organisation.",
        405: "Only POST is accepted.",
        413: "The body is larger than the limit (AGENDA_PUSH_MAX_BYTES, 2 MiB by default).",
        415: "The body must be JSON (Content-Type: application/json).",
    }
    return {str(s): {"description": text[s], "content": _json("ErrorResult")} for s in statuses}


def openapi_document() -> dict[str, Any]:
    _, top = models_json_schema(
        [
            (MeetingIn, "validation"),
            (MeetingRef, "validation"),
            (MeetingResult, "serialization"),
            (ChangeResult, "serialization"),
            (ErrorResult, "serialization"),
        ],
        ref_template=REF,
    )
    schemas = dict(sorted(top.get("$defs", {}).items()))
    common = (400, 401, 405, 413, 415)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Toerusting agenda push API",
            "version": __version__,
            "description": (
                "For RIS vendors: push an organisation's meetings with their agenda trees, cancel or delete "
                "them. Every request carries the organisation's bearer token. "
                "See docs/integration/push-api.md."
            ),
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/meetings": {
                "post": {
                    "operationId": "upsertMeeting",
                    "summary": "Create or replace a meeting with its agenda tree",
                    "description": (
                        "Idempotent: pushing the same meeting again changes nothing. Items are matched on "
                        "their id, so a renamed or moved item keeps its identity; items left out are removed."
                    ),
                    "requestBody": {"required": True, "content": _json("MeetingIn")},
                    "responses": {
                        "200": {"description": "Updated or unchanged.", "content": _json("MeetingResult")},
                        "201": {"description": "Created.", "content": _json("MeetingResult")},
                        **_errors(*common),
                    },
                }
            },
            "/meetings/cancel": {
                "post": {
                    "operationId": "cancelMeeting",
                    "summary": "Mark a meeting cancelled (it stays visible as cancelled)",
                    "requestBody": {"required": True, "content": _json("MeetingRef")},
                    "responses": {
                        "200": {"description": "Cancelled.", "content": _json("ChangeResult")},
                        **_errors(*common, 404),
                    },
                }
            },
            "/meetings/delete": {
                "post": {
                    "operationId": "deleteMeeting",
                    "summary": "Delete a meeting and its agenda",
                    "requestBody": {"required": True, "content": _json("MeetingRef")},
                    "responses": {
                        "200": {"description": "Deleted.", "content": _json("ChangeResult")},
                        **_errors(*common, 404),
                    },
                }
            },
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": (
                        "A token per organisation: `toerusting agenda_token --org KEY --name VENDOR`."
                    ),
                }
            },
        },
    }


def openapi_json() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"
