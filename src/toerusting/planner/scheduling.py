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

The data and the checks of a plan are in problem.py, the plain-language explanations in explain.py, the greedy
in firstfit.py; this module re-exports what callers use.

Runs are deterministic: a fixed seed and interleaved search over the workers give the same plan for the same
problem however busy the machine is, unless the wall-clock limit cuts the search short (then the plan is the
best one found by then). `work` limits CP-SAT's deterministic time instead, for reproducible tests and
benchmarks.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ortools.sat.python import cp_model

from toerusting.planner.explain import explain_unplaced, precheck, window_sentence
from toerusting.planner.firstfit import greedy
from toerusting.planner.problem import (
    GREEDY,
    MEETING_REASON,
    PARTIAL,
    ActivitySpec,
    Outcome,
    Placement,
    Problem,
    Quality,
    Window,
    count_moves,
    days_between,
    free_days,
    month_of,
    quality,
    violations,
)

# The scheduler's public surface, with the data it works on (from problem.py) and the greedy (firstfit.py).
__all__ = [
    "GREEDY",
    "MEETING_REASON",
    "PARTIAL",
    "ActivitySpec",
    "Outcome",
    "Placement",
    "Problem",
    "Quality",
    "Window",
    "count_moves",
    "diagnose",
    "explain_unplaced",
    "greedy",
    "precheck",
    "quality",
    "solve",
    "violations",
]

CAP_GROUP = "cap"
W_MOVE = 10_000
W_LOAD = 200
W_SPREAD = 20


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
    first_month = month_of(origin)
    months = month_of(problem.last_day) - first_month + 1
    offsets = []
    for m in range(months):
        first = dt.date((first_month + m) // 12, (first_month + m) % 12 + 1, 1)
        offsets.append(31 * m - (first - origin).days)

    def code(day: dt.date) -> int:
        return 31 * (month_of(day) - first_month) + day.day - 1

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
    decode = {code(d): d for d in days_between(origin, problem.last_day)}
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
            sentence = window_sentence(problem, activity, windows, built.frees[activity.key])
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
