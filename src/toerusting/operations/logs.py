"""Structured logs: one JSON object per line, with the request id of the request being served.

The request id comes from a valid incoming X-Request-ID header (set by a proxy or load balancer) or is
made here; toerusting.operations.middleware sets it for the request and sends it back in the response.
Secrets carried in URLs (the tab's session key, launch tokens) are masked in every message, and the
formatter writes no request headers, cookies or bodies.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
from typing import Any

from toerusting.logfilters import mask

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# Attributes every LogRecord has; anything else was passed with extra= and is written as a field.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}
# Extra fields never written, whatever a caller passes: they may hold secrets.
_NEVER = {"request", "server_time", "headers", "cookies", "password", "token", "key", "secret"}


class RequestIdFilter(logging.Filter):
    """Put the current request id on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask(record.getMessage()),
        }
        rid = getattr(record, "request_id", "") or request_id.get()
        if rid:
            entry["request_id"] = rid
        for name, value in record.__dict__.items():
            if name in _STANDARD or name in _NEVER or name.startswith("_"):
                continue
            entry[name] = mask(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = mask(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)
