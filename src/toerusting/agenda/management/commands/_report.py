"""How the agenda commands print a summary and turn failures into a non-zero exit."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from toerusting.agenda.services import SyncSummary


class Stderr:
    """The command's stderr as a plain stream (no newline added to each write) for the progress bar."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()

    def isatty(self) -> bool:
        return self.wrapper.isatty()


def report(command: BaseCommand, title: str, summary: SyncSummary) -> None:
    for warning in summary.warnings:
        command.stderr.write(f"warning: {warning}")
    for problem in summary.problems:
        command.stderr.write(f"error: {problem}")
    line = f"{title}: {summary.line()}"
    if summary.failed:
        raise CommandError(line)
    if summary.problems and not summary.meetings:
        raise CommandError(summary.problems[0])
    command.stdout.write(command.style.SUCCESS(line))
