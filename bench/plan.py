"""Benchmark of the term scheduler: a 4-year plan of 15 activities (60 sessions) around a generated BOB
meeting calendar, for one council and for many councils in a loop, compared with a greedy first-fit.

Then the same councils with a tiny solver limit (--small-limit, 0.1 s), as on a busy machine: the solve is
anytime, so CP-SAT's best plan so far or the greedy plan comes back, and the line shows what is left unplaced.

Run: DEBUG=true .venv/bin/python bench/plan.py [--councils 342] [--seconds 1.5] [--small-limit 0.1]
No database is used. Prints figures; asserts nothing (the budget is in DESIGN.md: under 2 s per council,
zero conflicts).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import Counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--councils", type=int, default=342)
    parser.add_argument("--seconds", type=float, default=1.5, help="solver time limit per council")
    parser.add_argument(
        "--small-limit", type=float, default=0.1, help="the tiny solver limit of the last line (seconds)"
    )
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toerusting.settings")
    import django

    django.setup()
    from toerusting.planner import samples, scheduling

    def run(seed: int) -> tuple[float, scheduling.Quality, scheduling.Quality, scheduling.Outcome]:
        problem = samples.generated_problem(seed)
        started = time.perf_counter()
        outcome = scheduling.solve(problem, seconds=args.seconds)
        elapsed = time.perf_counter() - started
        solved = scheduling.quality(problem, outcome.placements)
        greedy = scheduling.quality(problem, scheduling.greedy(problem))
        return elapsed, solved, greedy, outcome

    elapsed, solved, greedy, outcome = run(0)
    print(
        f"one council: {solved.sessions} sessions of 15 activities, solved={outcome.ok} "
        f"({outcome.status}) in {elapsed:.2f} s"
    )
    print(
        f"  CP-SAT : placed {solved.placed}/{solved.sessions}, conflicts {solved.violations}, "
        f"fullest month {solved.max_month}, stdev per month {solved.stdev_month:.2f}, "
        f"preferences met {solved.preferences_met}"
    )
    print(
        f"  greedy : placed {greedy.placed}/{greedy.sessions}, conflicts {greedy.violations}, "
        f"fullest month {greedy.max_month}, stdev per month {greedy.stdev_month:.2f}, "
        f"preferences met {greedy.preferences_met}"
    )

    times: list[float] = []
    conflicts = failures = quick = greedy_unplaced = greedy_conflicts = 0
    pref_solver = pref_greedy = 0
    stdev_solver: list[float] = []
    stdev_greedy: list[float] = []
    started = time.perf_counter()
    for seed in range(1, args.councils + 1):
        elapsed, solved, greedy, outcome = run(seed)
        times.append(elapsed)
        conflicts += solved.violations
        failures += int(not outcome.ok)
        quick += int(outcome.quick)
        greedy_unplaced += greedy.sessions - greedy.placed
        greedy_conflicts += greedy.violations
        pref_solver += solved.preferences_met
        pref_greedy += greedy.preferences_met
        stdev_solver.append(solved.stdev_month)
        stdev_greedy.append(greedy.stdev_month)
    total = time.perf_counter() - started
    times.sort()
    print(f"\n{args.councils} councils in a loop: {total:.1f} s in all")
    print(
        f"  CP-SAT per council: mean {statistics.mean(times):.2f} s, "
        f"median {statistics.median(times):.2f} s, "
        f"p95 {times[int(0.95 * (len(times) - 1))]:.2f} s, max {times[-1]:.2f} s"
    )
    print(
        f"  CP-SAT: not solved {failures}, greedy plan used {quick}, conflicts {conflicts}, "
        f"preferences met {pref_solver}, mean stdev per month {statistics.mean(stdev_solver):.2f}"
    )
    print(
        f"  greedy: sessions it could not place within the rules {greedy_unplaced}, "
        f"rule violations {greedy_conflicts}, preferences met {pref_greedy}, "
        f"mean stdev per month {statistics.mean(stdev_greedy):.2f}"
    )

    statuses: Counter[str] = Counter()
    unplaced = small_conflicts = small_pref = 0
    small_times: list[float] = []
    for seed in range(1, args.councils + 1):
        problem = samples.generated_problem(seed)
        started = time.perf_counter()
        outcome = scheduling.solve(problem, seconds=args.small_limit)
        small_times.append(time.perf_counter() - started)
        statuses[outcome.status] += 1
        unplaced += len(outcome.unplaced)
        small_conflicts += len(scheduling.violations(problem, outcome.placements))
        small_pref += scheduling.quality(problem, outcome.placements).preferences_met
    print(
        f"\nwith a {args.small_limit:g} s limit, {args.councils} councils: "
        f"sessions left unplaced {unplaced}, conflicts {small_conflicts}, plans from "
        + ", ".join(f"{name} {count}" for name, count in sorted(statuses.items()))
        + f", preferences met {small_pref}, mean {statistics.mean(small_times):.2f} s per council"
    )


if __name__ == "__main__":
    main()
