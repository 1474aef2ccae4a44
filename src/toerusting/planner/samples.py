"""A generated council for the benchmark and the tests: a BOB meeting calendar and a typical term plan.

The calendar follows DOMAIN.md §3: 4-week cycles (beeldvorming, two oordeelsvormende commissies, raad) on
the council's own evenings, a presidium in the afternoon, no meetings in the zomerreces and kerstreces, a
kadernota in late June, jaarstukken in early July and the begrotingsraad in November.
"""

from __future__ import annotations

import datetime as dt
import random

from toerusting.planner.problem import ActivitySpec, Problem
from toerusting.planner.rules import (
    Busy,
    MilestoneKind,
    Period,
    RuleKind,
    RuleSpec,
    TermFacts,
    blocked_time,
    make_problem,
)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day + dt.timedelta(weeks=n - 1)


def term_facts(start_year: int = 2026) -> TermFacts:
    years = range(start_year, start_year + 5)
    milestones = {
        MilestoneKind.KADERNOTA: [_nth_weekday(y, 7, 3, 1) for y in years],
        MilestoneKind.JAARSTUKKEN: [_nth_weekday(y, 6, 3, 4) for y in years],
        MilestoneKind.BEGROTING: [_nth_weekday(y, 11, 3, 2) for y in years],
    }
    installation = dt.date(start_year, 4, 1)
    end = dt.date(start_year + 4, 4, 3)
    return TermFacts(
        installation=installation,
        end=end,
        election=dt.date(start_year, 3, 18),
        next_election=dt.date(start_year + 4, 3, 20),
        milestones={k: [d for d in v if installation < d < end] for k, v in milestones.items()},
    )


def recesses(facts: TermFacts) -> list[Period]:
    periods = []
    for year in range(facts.installation.year, facts.end.year + 1):
        periods.append(Period("zomerreces", dt.date(year, 7, 11), dt.date(year, 8, 30)))
        periods.append(Period("kerstreces", dt.date(year, 12, 19), dt.date(year + 1, 1, 4)))
    return periods


def bob_calendar(facts: TermFacts, rng: random.Random) -> list[Busy]:
    """Meetings in 4-week cycles on the council's evenings, skipping the recesses."""
    evenings = sorted(rng.sample(range(4), 2))  # two meeting evenings among Monday to Thursday
    council_evening = rng.choice(range(4))
    recess = recesses(facts)
    meetings: list[Busy] = []
    monday = facts.installation - dt.timedelta(days=facts.installation.weekday()) + dt.timedelta(weeks=1)
    week = 0
    while monday < facts.end:
        phase = week % 4
        days: list[tuple[int, dt.time, int]] = []
        if phase == 0:
            days = [(evenings[0], dt.time(19, 30), 150)]  # beeldvorming
        elif phase in (1, 2):
            days = [(e, dt.time(19, 30), 210) for e in evenings]  # commissies
            days.append((0, dt.time(16, 0), 90))  # presidium / agendacommissie
        else:
            days = [(council_evening, dt.time(19, 30), 240)]  # raad
        for weekday, start, minutes in days:
            day = monday + dt.timedelta(days=weekday)
            if any(p.start <= day <= p.end for p in recess) or not facts.installation < day < facts.end:
                continue
            begin = dt.datetime.combine(day, start)
            meetings.append(Busy(begin, begin + dt.timedelta(minutes=minutes)))
        monday += dt.timedelta(weeks=1)
        week += 1
    for day in facts.milestones.get(MilestoneKind.BEGROTING, []):
        begin = dt.datetime.combine(day, dt.time(10, 0))
        meetings.append(Busy(begin, begin + dt.timedelta(hours=12)))
    return meetings


def R(kind: str, number: int | None = None, ident: str = "") -> RuleSpec:
    return RuleSpec(ident or kind, kind, number)


def typical_plan() -> list[tuple[ActivitySpec, list[RuleSpec]]]:
    """15 activities, 60 sessions: onboarding first, the P&C cycle, skills, reflection."""
    rows: list[tuple[str, int, int, int | None, str | None, list[RuleSpec]]] = [
        ("kennismaking", 2, 180, 1, "avond", [R(RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION, 8)]),
        ("rol-van-de-raad", 2, 150, None, "avond", [R(RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION, 10)]),
        ("pc-vogelvlucht", 1, 180, None, "avond", [R(RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION, 12)]),
        (
            "begroting-lezen",
            3,
            150,
            None,
            "avond",
            [R(RuleKind.BEFORE_FIRST_BEGROTING), R(RuleKind.MIN_WEEKS_BETWEEN, 2)],
        ),
        ("integriteit", 3, 180, None, None, [R(RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION, 20)]),
        ("kadernota", 4, 120, None, "avond", [R(RuleKind.YEARLY_BEFORE_KADERNOTA, 10)]),
        (
            "debattraining",
            3,
            240,
            5,
            None,
            [R(RuleKind.NOT_BEFORE_WEEKS_AFTER_INSTALLATION, 8), R(RuleKind.MIN_WEEKS_BETWEEN, 4)],
        ),
        ("raad-in-beraad", 5, 120, None, "avond", [R(RuleKind.EACH_YEAR)]),
        (
            "intervisie",
            14,
            150,
            None,
            "avond",
            [R(RuleKind.MIN_WEEKS_BETWEEN, 6), R(RuleKind.NOT_IN_LAST_MONTHS, 6)],
        ),
        ("werkbezoeken", 8, 210, 4, "ochtend", [R(RuleKind.MIN_WEEKS_BETWEEN, 8)]),
        ("midterm-reflectie", 1, 180, None, "avond", [R(RuleKind.MIDTERM)]),
        ("media", 3, 180, None, None, [R(RuleKind.NOT_BEFORE_WEEKS_AFTER_INSTALLATION, 12)]),
        ("regionale-samenwerking", 3, 210, None, None, [R(RuleKind.MIN_WEEKS_BETWEEN, 12)]),
        ("omgevingswet", 4, 150, None, "avond", [R(RuleKind.MIN_WEEKS_BETWEEN, 3)]),
        ("lokale-driehoek", 4, 120, None, "middag", [R(RuleKind.EACH_YEAR)]),
    ]
    plan = []
    for key, sessions, minutes, weekday, daypart, rules in rows:
        spec = ActivitySpec(
            key=key,
            title=key.replace("-", " ").capitalize(),
            sessions=sessions,
            duration=minutes,
            preferred_weekday=weekday,
            preferred_daypart=daypart,
        )
        plan.append((spec, [RuleSpec(f"{key}:{i}", r.kind, r.number) for i, r in enumerate(rules)]))
    return plan


def generated_problem(seed: int, *, max_per_month: int | None = 3) -> Problem:
    """One generated council: its BOB calendar, recesses, school holidays and the typical plan."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible sample, not a secret)
    facts = term_facts()
    blocked, days = blocked_time(
        facts,
        meetings=bob_calendar(facts, rng),
        periods=recesses(facts),
        school_region=rng.choice(["noord", "midden", "zuid"]),
    )
    problem, problems = make_problem(
        facts, activities=typical_plan(), blocked=blocked, blocked_days=days, max_per_month=max_per_month
    )
    if problems:
        raise ValueError(problems)
    return problem
