"""Plain-language explanations of a plan that does not fit: problems visible before solving (precheck), why
the sessions under some windows do not fit, and why the greedy left a session out."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from toerusting.planner.problem import (
    MEETING_REASON,
    ActivitySpec,
    Placement,
    Problem,
    Window,
    days_between,
    fitting_dayparts,
    free_days,
    month_name,
    month_of,
    window_bounds,
)
from toerusting.planner.timeframes import DAYPART_BY_CODE, LONGEST_DAYPART


def busy_months(
    problem: Problem, activity: ActivitySpec, start: dt.date, end: dt.date, free: set[dt.date]
) -> list[str]:
    """Plain sentences for the months in the period where the activity has no free daypart at all."""
    fitting = fitting_dayparts(activity.duration)
    sentences: list[str] = []
    months = sorted({month_of(d) for d in days_between(start, end)})
    for month in months:
        month_days = [d for d in days_between(start, end) if month_of(d) == month]
        if any(d in free for d in month_days):
            continue
        reasons: Counter[str] = Counter()
        meeting_evenings = 0
        candidate_evenings = 0
        for day in month_days:
            if day in problem.blocked_days:
                reasons[problem.blocked_days[day]] += 1
                continue
            for code in fitting:
                if day.weekday() in DAYPART_BY_CODE[code].weekdays and (day, code) in problem.blocked:
                    reason = problem.blocked[(day, code)]
                    reasons[reason] += 1
                    if code == "avond":
                        candidate_evenings += 1
                        meeting_evenings += int(reason == MEETING_REASON)
        if fitting == ["avond"] and candidate_evenings and meeting_evenings == candidate_evenings:
            sentences.append(
                _("all evenings in %(month)s are meeting evenings") % {"month": month_name(month)}
            )
        elif reasons:
            names = ", ".join(r for r, _count in reasons.most_common(3))
            sentences.append(
                _("in %(month)s no daypart is free (%(reasons)s)")
                % {"month": month_name(month), "reasons": names}
            )
    return sentences


def _max_fit(days: list[dt.date], gap: int) -> int:
    """How many sessions fit on these sorted days with at least `gap` days between them."""
    count, last = 0, None
    for day in days:
        if last is None or (day - last).days >= gap:
            count, last = count + 1, day
    return count


def window_sentence(
    problem: Problem, activity: ActivitySpec, windows: list[Window], free: dict[dt.date, tuple[str, int]]
) -> str:
    """Why the sessions under these windows do not fit, naming the first session that does not."""
    constrained = [i for i in range(activity.sessions) if activity.windows_of(i)]
    if not constrained:
        return ""
    start, end = window_bounds(windows, problem.first_day, problem.last_day)
    days = sorted(d for d in free if start <= d <= end)
    fits = _max_fit(days, activity.gap_days)
    if fits >= len(constrained):
        return ""
    phrase = " ".join(dict.fromkeys(w.phrase for w in windows))
    reasons = busy_months(problem, activity, start, end, set(free))
    if activity.gap_days > 1 and len(days) > fits:
        reasons.insert(
            0,
            ngettext(
                "with %(weeks)d week between sessions only %(fits)d fit",
                "with %(weeks)d weeks between sessions only %(fits)d fit",
                activity.gap_days // 7,
            )
            % {"weeks": activity.gap_days // 7, "fits": fits},
        )
    if not reasons:
        reasons.append(
            ngettext(
                "there is only %(free)d free moment in that period",
                "there are only %(free)d free moments in that period",
                len(days),
            )
            % {"free": len(days)}
        )
    return _("Session %(number)d of “%(title)s” cannot be planned %(window)s: %(reason)s.") % {
        "number": fits + 1,
        "title": activity.title,
        "window": phrase,
        "reason": "; ".join(reasons),
    }


def precheck(problem: Problem) -> list[str]:
    """Problems visible per activity without solving: too long, no free time, empty windows."""
    messages: list[str] = []
    for activity in problem.activities:
        if activity.sessions < 1:
            continue
        if not fitting_dayparts(activity.duration):
            messages.append(
                _(
                    "“%(title)s” takes %(duration)d minutes, longer than any daypart (at most %(longest)d "
                    "minutes): split it into more sessions or shorten it."
                )
                % {"title": activity.title, "duration": activity.duration, "longest": LONGEST_DAYPART}
            )
            continue
        free = free_days(problem, activity)
        if not free:
            messages.append(
                _("“%(title)s” has no free daypart in the whole term long enough for %(duration)d minutes.")
                % {"title": activity.title, "duration": activity.duration}
            )
            continue
        for index in range(activity.sessions):
            windows = activity.windows_of(index)
            start, end = window_bounds(windows, problem.first_day, problem.last_day)
            if start > end:
                rules = "; ".join(dict.fromkeys(w.rule for w in windows))
                messages.append(
                    _("Session %(number)d of “%(title)s”: these rules leave no period at all: %(rules)s.")
                    % {"number": index + 1, "title": activity.title, "rules": rules}
                )
                break
            if not any(start <= d <= end for d in free):
                phrase = " ".join(dict.fromkeys(w.phrase for w in windows))
                reasons = busy_months(problem, activity, start, end, set(free)) or [
                    _("there is no free daypart in that period")
                ]
                messages.append(
                    _("Session %(number)d of “%(title)s” cannot be planned %(window)s: %(reason)s.")
                    % {
                        "number": index + 1,
                        "title": activity.title,
                        "window": phrase,
                        "reason": "; ".join(reasons),
                    }
                )
                break
    return messages


def explain_unplaced(problem: Problem, placements: list[Placement]) -> list[str]:
    """Per activity with sessions left out, why its first missing session found no place."""
    placed = {(p.activity_key, p.number): p for p in placements}
    used = {p.day for p in placements}
    per_month: Counter[int] = Counter(month_of(p.day) for p in placements)
    messages: list[str] = []
    for activity in problem.activities:
        missing = [n for n in range(1, activity.sessions + 1) if (activity.key, n) not in placed]
        if not missing:
            continue
        number = missing[0]
        windows = activity.windows_of(number - 1)
        free = free_days(problem, activity)
        window_start, end = window_bounds(windows, problem.first_day, problem.last_day)
        start = window_start
        before = placed.get((activity.key, number - 1))
        if before is not None:
            start = max(start, before.day + dt.timedelta(days=activity.gap_days))
        days = [d for d in sorted(free) if start <= d <= end]
        reasons: list[str] = []
        if not days:
            if before is not None and start > window_start and activity.gap_days > 1:
                reasons.append(
                    ngettext(
                        "it must come at least %(weeks)d week after session %(number)d on %(date)s",
                        "it must come at least %(weeks)d weeks after session %(number)d on %(date)s",
                        activity.gap_days // 7,
                    )
                    % {
                        "weeks": activity.gap_days // 7,
                        "number": number - 1,
                        "date": date_format(before.day, "j F Y"),
                    }
                )
            reasons += busy_months(problem, activity, window_start, end, set(free))
            if not reasons:
                reasons.append(_("there is no free daypart in that period"))
        else:
            taken = sum(1 for d in days if d in used)
            full = sum(
                1
                for d in days
                if d not in used
                and problem.max_per_month is not None
                and per_month[month_of(d)] >= problem.max_per_month
            )
            if taken:
                reasons.append(
                    ngettext(
                        "%(count)d free moment in that period went to another session",
                        "%(count)d free moments in that period went to other sessions",
                        taken,
                    )
                    % {"count": taken}
                )
            if full:
                reasons.append(
                    ngettext(
                        "%(count)d free moment is in a month that already has %(max)d sessions",
                        "%(count)d free moments are in months that already have %(max)d sessions",
                        full,
                    )
                    % {"count": full, "max": problem.max_per_month}
                )
            if len(days) > taken + full:
                reasons.append(_("the quick plan found no place that leaves room for the other sessions"))
        values = {"number": number, "title": activity.title, "reason": "; ".join(reasons)}
        if windows:
            values["window"] = " ".join(dict.fromkeys(w.phrase for w in windows))
            sentence = (
                _("Session %(number)d of “%(title)s” could not be placed %(window)s: %(reason)s.") % values
            )
        else:
            sentence = (
                _("Session %(number)d of “%(title)s” could not be placed in the term: %(reason)s.") % values
            )
        later = len(missing) - 1
        if later:
            sentence += " " + ngettext(
                "%(count)d later session is not placed either.",
                "%(count)d later sessions are not placed either.",
                later,
            ) % {"count": later}
        messages.append(sentence)
    return messages
