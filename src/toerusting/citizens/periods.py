"""Quarters: the periods in which residents' feedback is counted and answered. No database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_start(cls, start: dt.date) -> Quarter:
        return cls.of(start)

    @classmethod
    def parse(cls, key: str) -> Quarter | None:
        """'2026-4' to the fourth quarter of 2026; None for anything else."""
        year, _sep, number = key.partition("-")
        if not (year.isdigit() and number.isdigit() and len(year) == 4 and number in "1234" and number):
            return None
        return cls(int(year), int(number))

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        return _("quarter %(number)s of %(year)s") % {"number": self.number, "year": self.year}

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
