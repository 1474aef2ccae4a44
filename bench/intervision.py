"""Benchmark of the intervision solver: a regional round of 200 members across 10 councils (realistic
fracties, about two in five new, availability mostly on weekday evenings, one in ten asks not to be with a
colleague), groups of 4 to 7.

Run: DEBUG=true .venv/bin/python bench/intervision.py [--members 200] [--councils 10] [--seeds 3]
No database is used. Prints the solve time and the quality of each run; asserts nothing (the budget in the
issue: under 10 s on this 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--councils", type=int, default=10)
    parser.add_argument("--seeds", type=int, default=3, help="how many generated rounds")
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toerusting.settings")
    import django

    django.setup()
    from toerusting.intervision import samples, solver

    for seed in range(1, args.seeds + 1):
        participants = samples.generated_round(args.councils, args.members, seed)
        exclusions = sum(len(p.excluded) for p in participants)
        started = time.perf_counter()
        outcome = solver.form_groups(participants, 4, 7, regional=True)
        elapsed = time.perf_counter() - started
        if isinstance(outcome, solver.NoGrouping):
            print(f"seed {seed}: no grouping after {elapsed:.2f} s: {outcome.message}")
            continue
        q = outcome.quality
        broken = solver.check(participants, outcome.groups, 4, 7)
        print(
            f"seed {seed}: {len(participants)} members, {args.councils} councils, {exclusions} exclusions -> "
            f"{len(outcome.groups)} groups of {q.smallest}-{q.largest} (spread {q.size_spread}) in "
            f"{elapsed:.2f} s; fractie clashes {q.fractie_clashes}, same-council pairs {q.council_clashes}, "
            f"groups without new+experienced {q.groups_without_mix}; "
            f"{'optimal' if outcome.optimal else 'best found'}; hard constraints broken: {broken or 'none'}"
        )


if __name__ == "__main__":
    main()
