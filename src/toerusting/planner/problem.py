"""The scheduler's data: a term's free time and the sessions to place (Problem), a plan (Placement,
Outcome), the days and dayparts an activity can use, and the checks of a plan against the hard rules.

Pure data, no database: services.py and the benchmark build a Problem, scheduling.py solves it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.formats import date_format

from toerusting.planner.timeframes import DAYPART_BY_CODE, DAYPARTS

MEETING_REASON = "vergadering"
# Outcome.status besides CP-SAT's own names (OPTIMAL, FEASIBLE): the greedy plan stood in for the solver.
GREEDY = "GREEDY"  # every session placed by the greedy
PARTIAL = "PARTIAL"  # the greedy left sessions out; each is explained


@dataclass(frozen=True)
class Window:
    """A period (inclusive) in which a session must take place, from one timing rule."""

    group: str
    start: dt.date
    end: dt.date
    phrase: str  # completes "Session 3 of X cannot be planned ..."
    rule: str  # the rule in plain words, for a list of clashing rules


@dataclass
class ActivitySpec:
    key: str
    title: str
    sessions: int
    duration: int  # minutes
    windows: list[list[Window]] = field(default_factory=list)  # per session
    gap_days: int = 1
    gap_rule: str = ""  # plain words, when the gap comes from a timing rule
    preferred_weekday: int | None = None
    preferred_daypart: str | None = None
    previous: list[tuple[dt.date, str] | None] = field(default_factory=list)  # published placement

    def windows_of(self, index: int) -> list[Window]:
        return self.windows[index] if index < len(self.windows) else []

    def previous_of(self, index: int) -> tuple[dt.date, str] | None:
        return self.previous[index] if index < len(self.previous) else None


@dataclass
class Problem:
    first_day: dt.date
    last_day: dt.date
    blocked: dict[tuple[dt.date, str], str]  # (day, daypart) -> reason
    blocked_days: dict[dt.date, str]  # whole days -> reason
    activities: list[ActivitySpec]
    max_per_month: int | None = None


@dataclass(frozen=True)
class Placement:
    activity_key: str
    number: int  # 1-based
    day: dt.date
    daypart: str


@dataclass
class Outcome:
    ok: bool
    placements: list[Placement] = field(default_factory=list)
    explanations: list[str] = field(default_factory=list)
    moves: int = 0
    seconds: float = 0.0
    status: str = ""
    unplaced: list[tuple[str, int]] = field(default_factory=list)  # (activity key, 1-based number)

    @property
    def quick(self) -> bool:
        """The plan is the greedy's, because CP-SAT found none in its time limit."""
        return self.status in (GREEDY, PARTIAL)

    @property
    def by_session(self) -> dict[tuple[str, int], Placement]:
        return {(p.activity_key, p.number): p for p in self.placements}


def month_of(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_name(month: int) -> str:
    return date_format(dt.date(month // 12, month % 12 + 1, 1), "F Y")


def days_between(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    for offset in range((last - first).days + 1):
        yield first + dt.timedelta(days=offset)


def fitting_dayparts(duration: int) -> list[str]:
    return [d.code for d in DAYPARTS if d.minutes >= duration]


def free_days(problem: Problem, activity: ActivitySpec) -> dict[dt.date, tuple[str, int]]:
    """Per free day the best daypart for the activity and its preference cost (0 = as preferred)."""
    fitting = fitting_dayparts(activity.duration)
    previous = {p[0]: p[1] for p in activity.previous if p is not None}
    result: dict[dt.date, tuple[str, int]] = {}
    for day in days_between(problem.first_day, problem.last_day):
        if day in problem.blocked_days:
            continue
        best: tuple[int, int, str] | None = None
        for rank, code in enumerate(fitting):
            if day.weekday() not in DAYPART_BY_CODE[code].weekdays or (day, code) in problem.blocked:
                continue
            cost = int(activity.preferred_weekday is not None and day.weekday() != activity.preferred_weekday)
            cost += int(activity.preferred_daypart is not None and code != activity.preferred_daypart)
            # A published session keeps its daypart on its own day if it can.
            key = (-1 if previous.get(day) == code else cost, rank, code)
            if best is None or key < best:
                best = key
        if best is not None:
            code = best[2]
            cost = int(activity.preferred_weekday is not None and day.weekday() != activity.preferred_weekday)
            cost += int(activity.preferred_daypart is not None and code != activity.preferred_daypart)
            result[day] = (code, cost)
    return result


def window_bounds(windows: list[Window], first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    start, end = first, last
    for window in windows:
        start, end = max(start, window.start), min(end, window.end)
    return start, end


def count_moves(problem: Problem, placements: list[Placement]) -> int:
    placed = {(p.activity_key, p.number): (p.day, p.daypart) for p in placements}
    moves = 0
    for activity in problem.activities:
        for index in range(activity.sessions):
            previous = activity.previous_of(index)
            if previous is not None and placed.get((activity.key, index + 1)) != previous:
                moves += 1
    return moves


def violations(problem: Problem, placements: list[Placement]) -> list[str]:
    """Every hard rule a set of placements breaks (empty when all is well). Independent of the solver."""
    found: list[str] = []
    placed = {(p.activity_key, p.number): p for p in placements}
    days_used: Counter[dt.date] = Counter(p.day for p in placements)
    found += [f"two sessions on {day}" for day, count in days_used.items() if count > 1]
    per_month: Counter[int] = Counter(month_of(p.day) for p in placements)
    if problem.max_per_month is not None:
        found += [
            f"{count} sessions in month {m}"
            for m, count in per_month.items()
            if count > problem.max_per_month
        ]
    for activity in problem.activities:
        previous_day: dt.date | None = None
        for index in range(activity.sessions):
            p = placed.get((activity.key, index + 1))
            if p is None:
                found.append(f"{activity.key} session {index + 1} not placed")
                previous_day = None
                continue
            daypart = DAYPART_BY_CODE[p.daypart]
            if not problem.first_day <= p.day <= problem.last_day:
                found.append(f"{activity.key}#{index + 1} outside the term")
            if p.day in problem.blocked_days or (p.day, p.daypart) in problem.blocked:
                found.append(f"{activity.key}#{index + 1} on blocked time {p.day} {p.daypart}")
            if daypart.minutes < activity.duration or p.day.weekday() not in daypart.weekdays:
                found.append(f"{activity.key}#{index + 1} does not fit its daypart")
            for window in activity.windows_of(index):
                if not window.start <= p.day <= window.end:
                    found.append(f"{activity.key}#{index + 1} outside window {window.group}")
            if previous_day is not None and (p.day - previous_day).days < activity.gap_days:
                found.append(f"{activity.key}#{index + 1} too close to the session before")
            previous_day = p.day
    return found


@dataclass
class Quality:
    sessions: int
    placed: int
    violations: int
    max_month: int
    stdev_month: float
    preferences_met: int


def quality(problem: Problem, placements: list[Placement]) -> Quality:
    months = sorted({month_of(d) for d in days_between(problem.first_day, problem.last_day)})
    load: Counter[int] = Counter(month_of(p.day) for p in placements)
    by_key = {a.key: a for a in problem.activities}
    met = 0
    for p in placements:
        activity = by_key[p.activity_key]
        ok_day = activity.preferred_weekday is None or p.day.weekday() == activity.preferred_weekday
        ok_part = activity.preferred_daypart is None or p.daypart == activity.preferred_daypart
        met += int(ok_day and ok_part)
    values = [load[m] for m in months]
    return Quality(
        sessions=sum(a.sessions for a in problem.activities),
        placed=len(placements),
        violations=len(violations(problem, placements)),
        max_month=max(values) if values else 0,
        stdev_month=statistics.pstdev(values) if values else 0.0,
        preferences_met=met,
    )
