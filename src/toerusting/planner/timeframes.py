"""Time facts the planner works with: dayparts, Dutch public holidays, and school holidays per region.

School holidays come from data/schoolvakanties.yaml (see the comments there for which years are official
and which are derived from the published rules).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from toerusting.contentfiles import ContentError, Problem, Reader, load_yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "schoolvakanties.yaml"
REGIONS = ("noord", "midden", "zuid")


@dataclass(frozen=True)
class Daypart:
    """A part of the day in which a session can take place."""

    code: str
    label: Promise
    start: dt.time
    end: dt.time
    weekdays: frozenset[int]  # Monday = 0

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


WEEKDAYS_MON_FRI = frozenset({0, 1, 2, 3, 4})
DAYPARTS: tuple[Daypart, ...] = (
    Daypart("avond", _("evening"), dt.time(19, 30), dt.time(22, 30), WEEKDAYS_MON_FRI),
    Daypart("middag", _("afternoon"), dt.time(13, 30), dt.time(17, 0), WEEKDAYS_MON_FRI),
    Daypart("ochtend", _("morning"), dt.time(9, 30), dt.time(12, 30), WEEKDAYS_MON_FRI | {5}),
    Daypart("dag", _("whole day"), dt.time(9, 30), dt.time(16, 30), WEEKDAYS_MON_FRI | {5}),
)
DAYPART_BY_CODE = {daypart.code: daypart for daypart in DAYPARTS}
LONGEST_DAYPART = max(daypart.minutes for daypart in DAYPARTS)
WEEKDAY_NAMES: tuple[Promise, ...] = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


def easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def public_holidays(year: int) -> dict[dt.date, str]:
    """Dutch public holidays on which no training is planned."""
    sunday = easter(year)
    kingsday = dt.date(year, 4, 27)
    if kingsday.weekday() == 6:  # on a Sunday it moves to the Saturday before
        kingsday = dt.date(year, 4, 26)
    return {
        dt.date(year, 1, 1): "Nieuwjaarsdag",
        sunday - dt.timedelta(days=2): "Goede Vrijdag",
        sunday + dt.timedelta(days=1): "Tweede Paasdag",
        kingsday: "Koningsdag",
        dt.date(year, 5, 5): "Bevrijdingsdag",
        sunday + dt.timedelta(days=39): "Hemelvaartsdag",
        sunday + dt.timedelta(days=50): "Tweede Pinksterdag",
        dt.date(year, 12, 25): "Eerste Kerstdag",
        dt.date(year, 12, 26): "Tweede Kerstdag",
    }


@dataclass(frozen=True)
class SchoolHoliday:
    name: str
    region: str
    start: dt.date
    end: dt.date  # inclusive


def read_school_holidays(path: Path = DATA_FILE) -> list[SchoolHoliday]:
    """Read the school holiday file; a wrong entry stops with file:line: field: message."""
    root = load_yaml(path)
    reader = Reader()
    holidays: list[SchoolHoliday] = []
    for year_node in reader.nodes(root, "schooljaren"):
        reader.check_keys(year_node, {"schooljaar", "status", "vakanties"}, "a school year")
        reader.text(year_node, "schooljaar")
        reader.choice(year_node, "status", {"officieel", "afgeleid"})
        for node in reader.nodes(year_node, "vakanties"):
            reader.check_keys(node, {"naam", "regio", "van", "tot_en_met"}, "a holiday")
            name = reader.text(node, "naam")
            regions = node.get("regio")
            start = reader.date(node, "van")
            end = reader.date(node, "tot_en_met")
            if not isinstance(regions, list) or not regions or any(r not in REGIONS for r in regions):
                reader.problem(node, "regio", f"expected a list of regions from: {', '.join(REGIONS)}")
                continue
            if start and end and end < start:
                reader.problem(node, "tot_en_met", "is before 'van'")
                continue
            if start and end:
                holidays.extend(SchoolHoliday(name, region, start, end) for region in regions)
    reader.raise_if_any()
    return holidays


@cache
def school_holidays() -> tuple[SchoolHoliday, ...]:
    return tuple(read_school_holidays())


def school_holidays_for(region: str, first: dt.date, last: dt.date) -> list[SchoolHoliday]:
    """School holidays of one region that overlap the period."""
    if region not in REGIONS:
        raise ContentError([Problem(DATA_FILE, 1, "regio", f"unknown region {region!r}")])
    return [h for h in school_holidays() if h.region == region and h.end >= first and h.start <= last]
