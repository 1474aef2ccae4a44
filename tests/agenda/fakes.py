"""A fake HTTP transport: answers from recorded samples by URL, and remembers what was asked."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from toerusting.agenda.http import Request, Response


@dataclass
class FakeTransport:
    """Routes map a path (and optionally query values) to responses; the most specific route answers."""

    routes: list[tuple[str, dict[str, str], Response]] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)

    def add(
        self,
        path: str,
        body: bytes,
        *,
        query: dict[str, str] | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.routes.append(
            (path, query or {}, Response(status, body, {k.lower(): v for k, v in (headers or {}).items()}))
        )

    def __call__(self, request: Request, timeout: float) -> Response:
        self.requests.append(request)
        parts = urlsplit(request.url)
        query = dict(parse_qsl(parts.query))
        matches = [
            (len(wanted), index, response)
            for index, (path, wanted, response) in enumerate(self.routes)
            if parts.path == path and all(query.get(k) == v for k, v in wanted.items())
        ]
        if not matches:
            return Response(404, b"not found")
        return max(matches, key=lambda match: (match[0], -match[1]))[2]  # the most specific route
