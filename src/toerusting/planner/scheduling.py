"""The term scheduler: places every session of every activity on a free daypart of the term with CP-SAT.

Pure data in, pure data out (no database), so the benchmark and the tests drive it directly. The caller
(services.py) turns a plan into a Problem: free time per day and daypart, and per session the windows that
its timing rules allow. Hard: no blocked daypart, at most one session per day, every window, the spacing
between sessions of one activity, the monthly maximum. Soft, in this order: keep published sessions where
they are (fewest moves), an even load over the months, preferred weekday and daypart.

The solve is anytime: a deadline-first greedy places the sessions first and is given to CP-SAT as its hint;
CP-SAT returns the best plan it has when its time limit is hit (FEASIBLE as well as OPTIMAL); when it has none
yet (a busy machine), the greedy plan is the answer, and any session the greedy could not place is explained.
When the rules cannot all be met, each rule group gets an enforcement literal and a deletion filter over
those literals finds a smallest set of groups that clash; that set is explained in plain words.

Runs are deterministic: a fixed seed and interleaved search over the workers give the same plan for the same
problem however busy the machine is, unless the wall-clock limit cuts the search short (then the plan is the
best one found by then). `work` limits CP-SAT's deterministic time instead, for reproducible tests and
benchmarks.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ortools.sat.python import cp_model

from toerusting.planner.timeframes import DAYPART_BY_CODE, DAYPARTS, LONGEST_DAYPART

CAP_GROUP = "cap"
# Outcome.status besides CP-SAT's own names (OPTIMAL, FEASIBLE): the greedy plan stood in for the solver.
GREEDY = "GREEDY"  # every session placed by the greedy
PARTIAL = "PARTIAL"  # the greedy left sessions out; each is explained
W_MOVE = 10_000
W_LOAD = 200
W_SPREAD = 20


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


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_name(month: int) -> str:
    return date_format(dt.date(month // 12, month % 12 + 1, 1), "F Y")


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    for offset in range((last - first).days + 1):
        yield first + dt.timedelta(days=offset)


def fitting_dayparts(duration: int) -> list[str]:
    return [d.code for d in DAYPARTS if d.minutes >= duration]


def free_days(problem: Problem, activity: ActivitySpec) -> dict[dt.date, tuple[str, int]]:
    """Per free day the best daypart for the activity and its preference cost (0 = as preferred)."""
    fitting = fitting_dayparts(activity.duration)
    previous = {p[0]: p[1] for p in activity.previous if p is not None}
    result: dict[dt.date, tuple[str, int]] = {}
    for day in _days(problem.first_day, problem.last_day):
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


def _window_bounds(windows: list[Window], first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    start, end = first, last
    for window in windows:
        start, end = max(start, window.start), min(end, window.end)
    return start, end


# ---------------------------------------------------------------------------------------------------------
# Explanations


def _busy_months(
    problem: Problem, activity: ActivitySpec, start: dt.date, end: dt.date, free: set[dt.date]
) -> list[str]:
    """Plain sentences for the months in the period where the activity has no free daypart at all."""
    fitting = fitting_dayparts(activity.duration)
    sentences: list[str] = []
    months = sorted({_month(d) for d in _days(start, end)})
    for month in months:
        month_days = [d for d in _days(start, end) if _month(d) == month]
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
                _("all evenings in %(month)s are meeting evenings") % {"month": _month_name(month)}
            )
        elif reasons:
            names = ", ".join(r for r, _count in reasons.most_common(3))
            sentences.append(
                _("in %(month)s no daypart is free (%(reasons)s)")
                % {"month": _month_name(month), "reasons": names}
            )
    return sentences


MEETING_REASON = "vergadering"


def _max_fit(days: list[dt.date], gap: int) -> int:
    """How many sessions fit on these sorted days with at least `gap` days between them."""
    count, last = 0, None
    for day in days:
        if last is None or (day - last).days >= gap:
            count, last = count + 1, day
    return count


def _window_sentence(
    problem: Problem, activity: ActivitySpec, windows: list[Window], free: dict[dt.date, tuple[str, int]]
) -> str:
    """Why the sessions under these windows do not fit, naming the first session that does not."""
    constrained = [i for i in range(activity.sessions) if activity.windows_of(i)]
    if not constrained:
        return ""
    start, end = _window_bounds(windows, problem.first_day, problem.last_day)
    days = sorted(d for d in free if start <= d <= end)
    fits = _max_fit(days, activity.gap_days)
    if fits >= len(constrained):
        return ""
    phrase = " ".join(dict.fromkeys(w.phrase for w in windows))
    reasons = _busy_months(problem, activity, start, end, set(free))
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
            start, end = _window_bounds(windows, problem.first_day, problem.last_day)
            if start > end:
                rules = "; ".join(dict.fromkeys(w.rule for w in windows))
                messages.append(
                    _("Session %(number)d of “%(title)s”: these rules leave no period at all: %(rules)s.")
                    % {"number": index + 1, "title": activity.title, "rules": rules}
                )
                break
            if not any(start <= d <= end for d in free):
                phrase = " ".join(dict.fromkeys(w.phrase for w in windows))
                reasons = _busy_months(problem, activity, start, end, set(free)) or [
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


# ---------------------------------------------------------------------------------------------------------
# The model


@dataclass
class _Built:
    model: cp_model.CpModel
    day_vars: dict[tuple[str, int], cp_model.IntVar]
    kept: list[cp_model.IntVar]
    group_literals: dict[str, cp_model.IntVar]
    group_words: dict[str, str]
    frees: dict[str, dict[dt.date, tuple[str, int]]]
    decode: dict[int, dt.date]
    code_of: dict[dt.date, int]


def _build(problem: Problem, *, objective: bool) -> _Built:
    model = cp_model.CpModel()
    origin = problem.first_day
    day_vars: dict[tuple[str, int], cp_model.IntVar] = {}
    kept: list[cp_model.IntVar] = []
    groups: dict[str, cp_model.IntVar] = {}
    words: dict[str, str] = {}
    frees: dict[str, dict[dt.date, tuple[str, int]]] = {}
    penalties: list[cp_model.LinearExprT] = []

    def group(key: str, text: str) -> cp_model.IntVar:
        if key not in groups:
            groups[key] = model.new_bool_var(f"group:{key}")
            words[key] = text
        return groups[key]

    # Each day is coded as 31 * month + day of month - 1: the month is then a division, and the real day
    # number is the code minus a per-month offset (an element over ~50 months, not over ~1,500 days).
    first_month = _month(origin)
    months = _month(problem.last_day) - first_month + 1
    offsets = []
    for m in range(months):
        first = dt.date((first_month + m) // 12, (first_month + m) % 12 + 1, 1)
        offsets.append(31 * m - (first - origin).days)

    def code(day: dt.date) -> int:
        return 31 * (_month(day) - first_month) + day.day - 1

    month_vars: list[cp_model.IntVar] = []
    for activity in problem.activities:
        free = free_days(problem, activity)
        frees[activity.key] = free
        codes = sorted(code(d) for d in free)
        preferred = [code(d) for d, (_code, cost) in free.items() if cost == 0]
        half = [code(d) for d, (_code, cost) in free.items() if cost <= 1]
        previous_var: cp_model.IntVar | None = None
        for index in range(activity.sessions):
            var = model.new_int_var_from_domain(
                cp_model.Domain.from_values(codes), f"{activity.key}#{index + 1}"
            )
            day_vars[(activity.key, index)] = var
            month = model.new_int_var(0, months - 1, "")
            model.add_division_equality(month, var, 31)
            offset = model.new_int_var(min(offsets), max(offsets), "")
            model.add_element(month, offsets, offset)
            ordinal = model.new_int_var(0, (problem.last_day - origin).days, "")
            model.add(ordinal == var - offset)
            month_vars.append(month)
            for window in activity.windows_of(index):
                literal = group(window.group, window.rule)
                model.add(ordinal >= (window.start - origin).days).only_enforce_if(literal)
                model.add(ordinal <= (window.end - origin).days).only_enforce_if(literal)
            if previous_var is not None:
                if activity.gap_days > 1:
                    literal = group(f"gap:{activity.key}", activity.gap_rule)
                    model.add(ordinal >= previous_var + activity.gap_days).only_enforce_if(literal)
                model.add(ordinal >= previous_var + 1)
            previous_var = ordinal
            if not objective:
                continue
            previous = activity.previous_of(index)
            if previous is not None and previous[0] in free and free[previous[0]][0] == previous[1]:
                keep = model.new_bool_var("")
                model.add(var == code(previous[0])).only_enforce_if(keep)
                kept.append(keep)
                penalties.append(W_MOVE * (1 - keep))
            if activity.preferred_weekday is not None or activity.preferred_daypart is not None:
                for values in (preferred, half):
                    if values and len(values) < len(codes):
                        hit = model.new_bool_var("")
                        model.add_linear_expression_in_domain(
                            var, cp_model.Domain.from_values(values)
                        ).only_enforce_if(hit)
                        penalties.append(1 - hit)
                    elif not values:
                        penalties.append(1)
    all_vars = list(day_vars.values())
    if len(all_vars) > 1:
        model.add_no_overlap([model.new_fixed_size_interval_var(v, 1, "") for v in all_vars])
    if month_vars:
        load = model.new_int_var(0, len(month_vars), "load")
        intervals = [model.new_fixed_size_interval_var(m, 1, "") for m in month_vars]
        model.add_cumulative(intervals, [1] * len(intervals), load)
        if problem.max_per_month is not None:
            cap = group(
                CAP_GROUP,
                ngettext(
                    "at most %(count)d session per month",
                    "at most %(count)d sessions per month",
                    problem.max_per_month,
                )
                % {"count": problem.max_per_month},
            )
            model.add(load <= problem.max_per_month).only_enforce_if(cap)
        if objective:
            # Even load: the fullest month as empty as possible.
            penalties.append(W_LOAD * load)
    if objective:
        for literal in groups.values():
            model.add(literal == 1)
        model.minimize(sum(penalties))
    decode = {code(d): d for d in _days(origin, problem.last_day)}
    code_of = {d: c for c, d in decode.items()}
    return _Built(model, day_vars, kept, groups, words, frees, decode, code_of)


def _solver(seconds: float | None, workers: int, work: float | None = None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    if seconds is not None:
        solver.parameters.max_time_in_seconds = max(seconds, 0.0)
    if work is not None:
        solver.parameters.max_deterministic_time = work
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 7
    # The workers take turns in a fixed order, so a run gives the same plan whatever the load.
    solver.parameters.interleave_search = True
    # Probing and symmetry detection cost seconds in presolve on these wide day domains and gain nothing.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    return solver


def _feasible_with(
    built: _Built, keys: list[str], seconds: float | None, work: float | None = None
) -> bool | None:
    built.model.clear_assumptions()
    built.model.add_assumptions([built.group_literals[k] for k in keys])
    status = _solver(seconds, 1, work).solve(built.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    if status == cp_model.INFEASIBLE:
        return False
    return None


def diagnose(problem: Problem, *, seconds: float | None = 2.0, work: float | None = None) -> list[str]:
    """Find a smallest set of rule groups that cannot be met together and explain it."""
    built = _build(problem, objective=False)
    keys = list(built.group_literals)
    built.model.add_assumptions([built.group_literals[k] for k in keys])
    solver = _solver(seconds, 1, work)
    status = solver.solve(built.model)
    if status != cp_model.INFEASIBLE:
        # Without the rules it is infeasible only through one session per day: too many sessions.
        if _feasible_with(built, [], seconds, work) is False:
            return [_("There are more sessions than free days in the term.")]
        return []
    core_indices = set(solver.sufficient_assumptions_for_infeasibility())
    core = [k for k in keys if built.group_literals[k].index in core_indices] or keys
    if _feasible_with(built, [], seconds, work) is False:
        return [_("There are more sessions than free days in the term.")]
    # Deletion filter: drop every group whose removal keeps the set infeasible.
    needed = list(core)
    for key in list(core):
        trial = [k for k in needed if k != key]
        if _feasible_with(built, trial, seconds, work) is False:
            needed = trial
    return explain_clash(problem, built, needed)


def explain_clash(problem: Problem, built: _Built, keys: list[str]) -> list[str]:
    messages: list[str] = []
    by_key = {a.key: a for a in problem.activities}
    involved: list[ActivitySpec] = []
    for key in keys:
        if key.startswith("gap:"):
            activity = by_key[key[4:]]
        elif key == CAP_GROUP:
            continue
        else:
            activity = next(
                (a for a in problem.activities if any(w.group == key for ws in a.windows for w in ws)),
                by_key[problem.activities[0].key],
            )
        if activity not in involved:
            involved.append(activity)
    for activity in involved:
        windows = [w for ws in activity.windows for w in ws if w.group in keys]
        if windows:
            sentence = _window_sentence(problem, activity, windows, built.frees[activity.key])
            if sentence:
                messages.append(sentence)
    rules = "; ".join(built.group_words[k] for k in keys)
    messages.append(_("These rules cannot all be met together: %(rules)s.") % {"rules": rules})
    return messages


def _all_sessions(problem: Problem) -> list[tuple[str, int]]:
    return [(a.key, n) for a in problem.activities for n in range(1, a.sessions + 1)]


def solve(
    problem: Problem, *, seconds: float | None = 1.5, work: float | None = None, workers: int = 2
) -> Outcome:
    """Schedule every session, or explain in plain words each session that cannot be placed.

    `seconds` limits CP-SAT's wall-clock time (None: no limit), `work` its deterministic time. The best plan
    found within the limit is returned; without one, the greedy plan with its unplaced sessions explained.
    """
    started = time.perf_counter()
    messages = precheck(problem)
    if messages:
        return Outcome(
            False,
            explanations=messages,
            seconds=time.perf_counter() - started,
            status="precheck",
            unplaced=_all_sessions(problem),
        )
    first_fit = greedy(problem, deadline_first=True)
    built = _build(problem, objective=True)
    for p in first_fit:
        built.model.add_hint(built.day_vars[(p.activity_key, p.number - 1)], built.code_of[p.day])
    solver = _solver(seconds, workers, work)
    status = solver.solve(built.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placements = []
        for (key, index), var in built.day_vars.items():
            day = built.decode[solver.value(var)]
            placements.append(Placement(key, index + 1, day, built.frees[key][day][0]))
        outcome = Outcome(True, placements, status=solver.status_name(status))
        outcome.moves = count_moves(problem, outcome.placements)
        outcome.seconds = time.perf_counter() - started
        return outcome
    if status == cp_model.INFEASIBLE:
        explanations = diagnose(problem, seconds=2.0 if seconds is not None else None, work=work) or [
            _("The rules cannot all be met together.")
        ]
        return Outcome(
            False,
            explanations=explanations,
            seconds=time.perf_counter() - started,
            status="clash",
            unplaced=_all_sessions(problem),
        )
    # No plan from CP-SAT within the limit (a busy machine): the greedy plan stands in.
    placed = {(p.activity_key, p.number) for p in first_fit}
    unplaced = [session for session in _all_sessions(problem) if session not in placed]
    outcome = Outcome(
        not unplaced,
        first_fit,
        status=GREEDY if not unplaced else PARTIAL,
        unplaced=unplaced,
        moves=count_moves(problem, first_fit),
    )
    if unplaced:
        outcome.explanations = [
            ngettext(
                "In the time available no plan was found that places every session; a quick plan leaves "
                "%(count)d session out.",
                "In the time available no plan was found that places every session; a quick plan leaves "
                "%(count)d sessions out.",
                len(unplaced),
            )
            % {"count": len(unplaced)},
            *explain_unplaced(problem, first_fit),
        ]
    outcome.seconds = time.perf_counter() - started
    return outcome


def explain_unplaced(problem: Problem, placements: list[Placement]) -> list[str]:
    """Per activity with sessions left out, why its first missing session found no place."""
    placed = {(p.activity_key, p.number): p for p in placements}
    used = {p.day for p in placements}
    per_month: Counter[int] = Counter(_month(p.day) for p in placements)
    messages: list[str] = []
    for activity in problem.activities:
        missing = [n for n in range(1, activity.sessions + 1) if (activity.key, n) not in placed]
        if not missing:
            continue
        number = missing[0]
        windows = activity.windows_of(number - 1)
        free = free_days(problem, activity)
        window_start, end = _window_bounds(windows, problem.first_day, problem.last_day)
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
            reasons += _busy_months(problem, activity, window_start, end, set(free))
            if not reasons:
                reasons.append(_("there is no free daypart in that period"))
        else:
            taken = sum(1 for d in days if d in used)
            full = sum(
                1
                for d in days
                if d not in used
                and problem.max_per_month is not None
                and per_month[_month(d)] >= problem.max_per_month
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
                reasons.append(_("the sessions after it would no longer fit"))
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


# ---------------------------------------------------------------------------------------------------------
# Checking and comparing


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
    per_month: Counter[int] = Counter(_month(p.day) for p in placements)
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
        return _window_bounds(activity.windows_of(index), problem.first_day, problem.last_day)

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
                and (problem.max_per_month is None or per_month[_month(day)] < problem.max_per_month)
            )

        own = kept.get(session)
        chosen = own if own is not None and fits(own) else next(filter(fits, sorted_days[activity.key]), None)
        if own is not None and chosen != own:
            del reserved[own]
        if chosen is None:
            continue
        used.add(chosen)
        per_month[_month(chosen)] += 1
        placements.append(Placement(activity.key, index + 1, chosen, frees[activity.key][chosen][0]))
        last_of[activity.key] = (index, chosen)
    return placements


@dataclass
class Quality:
    sessions: int
    placed: int
    violations: int
    max_month: int
    stdev_month: float
    preferences_met: int


def quality(problem: Problem, placements: list[Placement]) -> Quality:
    months = sorted({_month(d) for d in _days(problem.first_day, problem.last_day)})
    load: Counter[int] = Counter(_month(p.day) for p in placements)
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
