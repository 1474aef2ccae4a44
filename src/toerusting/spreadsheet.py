"""CSV cells that a spreadsheet program shows as text: a cell that starts with =, +, -, @ or a tab or carriage
return would be run as a formula (CSV injection) by Excel or LibreOffice, so it gets a leading apostrophe.
Every CSV export of text that people typed (names, courses, meeting titles, audit entries) writes its cells
through `cell`."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in FORMULA_STARTS else text
