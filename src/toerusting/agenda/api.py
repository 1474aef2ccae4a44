"""The push API for RIS vendors: upsert, cancel and delete meetings of the token's organisation.

Every answer is JSON; every error says what is wrong and, for a bad body, names each field. The
organisation comes from the bearer token only, never from the body, so a vendor can only touch the
meetings of the organisation its token belongs to. The body size is limited (AGENDA_PUSH_MAX_BYTES).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from toerusting.agenda import parsing, services
from toerusting.agenda.api_schema import (
    ChangeResult,
    ErrorResult,
    FieldProblem,
    MeetingIn,
    MeetingRef,
    MeetingResult,
)
from toerusting.agenda.openapi import openapi_document
from toerusting.agenda.records import SourceError

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation

PUSH = "push"
M = TypeVar("M", bound=BaseModel)


def _error(status: int, error: str, message: str, fields: list[FieldProblem] | None = None) -> JsonResponse:
    body = ErrorResult(error=error, message=message, fields=fields or [])  # type: ignore[arg-type]
    response = JsonResponse(body.model_dump(), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="toerusting"'
    if status == 405:
        response["Allow"] = "POST"
    return response


def _path(location: tuple[int | str, ...]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(body)"


class _Refused(Exception):
    def __init__(self, response: JsonResponse) -> None:
        self.response = response


def _body(request: HttpRequest) -> str:
    content_type = request.content_type or ""
    if content_type != "application/json":
        raise _Refused(
            _error(415, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json).")
        )
    limit = settings.AGENDA_PUSH_MAX_BYTES
    declared = request.META.get("CONTENT_LENGTH") or "0"
    too_large = _error(
        413, "too_large", f"The body is larger than {limit} bytes; push one meeting at a time."
    )
    if declared.isdigit() and int(declared) > limit:
        raise _Refused(too_large)
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise _Refused(too_large)
    try:
        text = raw.decode("utf-8")
        parsing.check_json_depth(text, "body")
        json.loads(text)  # syntax errors get their own answer, with line and column
        return text
    except SourceError as exc:
        raise _Refused(_error(400, "too_deep", f"The body is not accepted: {exc.message}.")) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise _Refused(_error(400, "not_json", f"The body is not valid JSON{where}: {exc}")) from exc


def _validate(model: type[M], body: str) -> M:
    # Strict: a value of the wrong JSON type (0 for a boolean, "3" for a number) is refused, as the
    # OpenAPI file says; JSON mode still reads ISO 8601 strings as datetimes.
    try:
        return model.model_validate_json(body, strict=True)
    except PydanticError as exc:
        fields = [
            FieldProblem(field=_path(e["loc"]), message=e["msg"]) for e in exc.errors(include_url=False)
        ]
        raise _Refused(_error(400, "invalid", f"{len(fields)} field(s) are not valid.", fields)) from exc


def push_endpoint(
    view: Callable[[HttpRequest, Organisation], JsonResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """POST only, bearer token required; refusals become JSON errors."""

    @csrf_exempt
    def wrapper(request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return _error(405, "method_not_allowed", "Use POST.")
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        organisation = services.organisation_for_token(token.strip()) if scheme.lower() == "bearer" else None
        if organisation is None:
            return _error(401, "unauthorized", "Send a valid token: Authorization: Bearer <token>.")
        try:
            return view(request, organisation)
        except _Refused as refused:
            return refused.response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@push_endpoint
def upsert_meeting(request: HttpRequest, organisation: Organisation) -> JsonResponse:
    meeting_in = _validate(MeetingIn, _body(request))
    if meeting_in.end is not None and meeting_in.end < meeting_in.start:
        problem = FieldProblem(field="end", message="The end is before the start.")
        return _error(400, "invalid", "1 field(s) are not valid.", [problem])
    record = meeting_in.to_record(f"meeting {meeting_in.id}")
    try:
        outcome, meeting, warnings = services.push_meeting(organisation, record)
    except ValidationError as exc:
        fields = [FieldProblem(field=name, message=" ".join(msgs)) for name, msgs in exc.message_dict.items()]
        return _error(400, "invalid", f"{len(fields)} field(s) are not valid.", fields)
    result = MeetingResult(
        status=outcome,  # type: ignore[arg-type]
        id=meeting.source_id,
        agenda_items=record.count_items(),
        warnings=warnings,
    )
    return JsonResponse(result.model_dump(), status=201 if outcome == services.CREATED else 200)


@push_endpoint
def cancel_meeting(request: HttpRequest, organisation: Organisation) -> JsonResponse:
    ref = _validate(MeetingRef, _body(request))
    if not services.cancel_meeting(organisation, PUSH, ref.id):
        return _error(404, "not_found", f"No pushed meeting with id {ref.id!r}.")
    return JsonResponse(ChangeResult(status="cancelled", id=ref.id).model_dump())


@push_endpoint
def delete_meeting(request: HttpRequest, organisation: Organisation) -> JsonResponse:
    ref = _validate(MeetingRef, _body(request))
    if not services.delete_meeting(organisation, PUSH, ref.id):
        return _error(404, "not_found", f"No pushed meeting with id {ref.id!r}.")
    return JsonResponse(ChangeResult(status="deleted", id=ref.id).model_dump())


def openapi(request: HttpRequest) -> JsonResponse:
    """The OpenAPI 3.1 description of the push API (public: it holds no organisation data)."""
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
