"""The greedy first fit: the solver's hint, its stand-in when it has no plan in time, and the benchmark's
baseline."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from toerusting.planner.problem import ActivitySpec, Placement, Problem, free_days, month_of, window_bounds


def greedy(problem: Problem, *, deadline_first: bool = False) -> list[Placement]:
    """First fit: each session on the earliest free day that breaks no hard rule; sessions it cannot place
    are left out (with the sessions of the same activity after them, to keep their order).

    In plan order (the benchmark's baseline), or with deadline_first the sessions with the earliest window
    end first (the solver's hint and its stand-in). A published session keeps its day when that day still
    fits its rules.
    """
    placements: list[Placement] = []
    used: set[dt.date] = set()
    per_month: Counter[int] = Counter()
    frees = {a.key: free_days(problem, a) for a in problem.activities}
    sorted_days = {key: sorted(free) for key, free in frees.items()}

    def bounds(activity: ActivitySpec, index: int) -> tuple[dt.date, dt.date]:
        return window_bounds(activity.windows_of(index), problem.first_day, problem.last_day)

    # Days of published sessions that still fit on their own are kept free for them.
    kept: dict[tuple[str, int], dt.date] = {}
    for activity in problem.activities:
        for index in range(activity.sessions):
            previous = activity.previous_of(index)
            if previous is None or frees[activity.key].get(previous[0], ("",))[0] != previous[1]:
                continue
            start, end = bounds(activity, index)
            if start <= previous[0] <= end:
                kept[(activity.key, index)] = previous[0]
    reserved = {day: session for session, day in kept.items()}

    order = [(a, i) for a in problem.activities for i in range(a.sessions)]
    if deadline_first:
        order.sort(
            key=lambda pair: (
                bounds(*pair)[1] - dt.timedelta(days=pair[0].gap_days * (pair[0].sessions - pair[1] - 1)),
                pair[1],
            )
        )
    last_of: dict[str, tuple[int, dt.date]] = {}
    for activity, index in order:
        session = (activity.key, index)
        start, end = bounds(activity, index)
        before = last_of.get(activity.key)
        if before is not None and before[0] == index - 1:
            start = max(start, before[1] + dt.timedelta(days=activity.gap_days))
        elif index > 0:
            continue  # the session before was not placed: keep the order of sessions
        after = kept.get((activity.key, index + 1))
        if after is not None:
            end = min(end, after - dt.timedelta(days=activity.gap_days))

        def fits(
            day: dt.date, session: tuple[str, int] = session, start: dt.date = start, end: dt.date = end
        ) -> bool:
            return (
                start <= day <= end
                and day not in used
                and reserved.get(day, session) == session
                and (problem.max_per_month is None or per_month[month_of(day)] < problem.max_per_month)
            )

        own = kept.get(session)
        chosen = own if own is not None and fits(own) else next(filter(fits, sorted_days[activity.key]), None)
        if own is not None and chosen != own and reserved.get(own) == session:
            del reserved[own]  # its published day is free for others now
        if chosen is None:
            continue
        used.add(chosen)
        per_month[month_of(chosen)] += 1
        placements.append(Placement(activity.key, index + 1, chosen, frees[activity.key][chosen][0]))
        last_of[activity.key] = (index, chosen)
    return placements
