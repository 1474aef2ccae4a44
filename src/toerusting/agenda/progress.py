"""A plain progress bar on stderr for the import and sync commands (no dependency)."""

from __future__ import annotations

import time
from typing import Protocol


class Stream(Protocol):
    def write(self, text: str) -> object: ...

    def flush(self) -> None: ...

    def isatty(self) -> bool: ...


class ProgressBar:
    """On a terminal one line redrawn in place; elsewhere (logs, CI) a line at every tenth."""

    def __init__(self, stream: Stream, label: str, width: int = 30) -> None:
        self.stream = stream
        self.label = label
        self.width = width
        self.tty = stream.isatty()
        self.last_draw = 0.0
        self.last_tenth = -1
        self.drawn = False

    def __call__(self, done: int, total: int | None) -> None:
        if self.tty:
            now = time.monotonic()
            if now - self.last_draw < 0.1 and done != total:
                return
            self.last_draw = now
            self.stream.write("\r" + self.render(done, total))
            self.stream.flush()
            self.drawn = True
            return
        tenth = (done * 10 // total) if total else done // 100
        if tenth != self.last_tenth:
            self.last_tenth = tenth
            self.stream.write(self.render(done, total) + "\n")

    def render(self, done: int, total: int | None) -> str:
        if not total:
            return f"{self.label}: {done} meeting(s) read"
        filled = self.width * done // total
        return f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} meetings"

    def finish(self) -> None:
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
