"""gunicorn, started in-process by `toerusting serve` with Toerusting's configuration."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger


class JsonLogger(Logger):  # type: ignore[misc]
    """gunicorn's own messages (start, workers booting or dying) as JSON lines, like the application's."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        from django.conf import settings

        if settings.LOG_FORMAT == "json":
            from toerusting.operations.logs import JsonFormatter

            for handler in self.error_log.handlers:
                handler.setFormatter(JsonFormatter())


def _child_exit(_server: Any, worker: Any) -> None:
    """A worker process ended: its live gauges leave the shared metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


class ToerustingServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


def run_gunicorn(*, bind: str, workers: int, threads: int, timeout: int) -> None:
    """Serve until stopped (SIGTERM or Ctrl+C: finish running requests, then exit)."""
    ToerustingServer(
        {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread" if threads > 1 else "sync",
            "timeout": timeout,
            "graceful_timeout": timeout,
            "keepalive": 5,
            # Requests are logged by toerusting.operations.middleware, as JSON with secrets masked.
            "accesslog": None,
            "errorlog": "-",
            "logger_class": JsonLogger,
            "child_exit": _child_exit,
            "proc_name": "toerusting",
            # Several servers may run on one machine (and tests start two): no shared control socket.
            "control_socket_disable": True,
        }
    ).run()
