"""Forming intervision groups with CP-SAT. No database: the input is a list of `Participant`s, the output a
`Grouping` or a `NoGrouping` that says why.

Hard constraints:
  * every participant is in exactly one group, every group has between `min_size` and `max_size` members;
  * sizes are balanced: the number of groups is fixed up front, so sizes differ by at most one;
  * nobody is in a group with someone they asked not to be with (either way round);
  * every group has one part of the week (a weekday and a part of the day) that all its members offered.
Soft constraints, a weighted sum that is minimised:
  * two members of the same fractie in a group (weight `FRACTIE_WEIGHT` per extra member);
  * a group without a new member or without an experienced one (`EXPERIENCE_WEIGHT` each);
  * in a regional round, two members of the same council in a group (`COUNCIL_WEIGHT` per extra member).

Runs are reproducible: a fixed seed, interleaved search over two workers and a limit on CP-SAT's
deterministic time give the same groups for the same input, whatever the load of the machine; the
wall-clock limit is only a safety net.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ortools.sat.python import cp_model

FRACTIE_WEIGHT = 10
EXPERIENCE_WEIGHT = 4
COUNCIL_WEIGHT = 3
PREFERRED_SIZE = 6
SEED = 13


@dataclass(frozen=True)
class Participant:
    key: int
    council: int
    fractie: int | None
    is_new: bool
    slots: frozenset[str]
    excluded: frozenset[int] = frozenset()


@dataclass
class Group:
    slot: str
    members: list[int] = field(default_factory=list)


@dataclass
class Quality:
    fractie_clashes: int
    council_clashes: int
    groups_without_mix: int
    smallest: int
    largest: int

    @property
    def size_spread(self) -> int:
        return self.largest - self.smallest


@dataclass
class Grouping:
    groups: list[Group]
    quality: Quality
    optimal: bool


@dataclass
class NoGrouping:
    """No grouping satisfies the hard constraints; `message` says why, in the reader's language."""

    message: str


def group_count(n: int, min_size: int, max_size: int) -> int | None:
    """The number of groups: sizes near PREFERRED_SIZE, within the bounds; None when no count fits."""
    fewest, most = math.ceil(n / max_size), n // min_size
    if n < min_size or fewest > most:
        return None
    preferred = math.ceil(n / max(min_size, min(PREFERRED_SIZE, max_size)))
    return max(fewest, min(most, preferred))


def _pairs_apart(participants: list[Participant]) -> set[tuple[int, int]]:
    index = {p.key: i for i, p in enumerate(participants)}
    apart: set[tuple[int, int]] = set()
    for i, p in enumerate(participants):
        for other in p.excluded:
            j = index.get(other)
            if j is not None and j != i:
                apart.add((min(i, j), max(i, j)))
    return apart


def greedy(participants: list[Participant], groups: int, min_size: int, max_size: int) -> list[Group] | None:
    """A first grouping without search, as CP-SAT's hint and its stand-in when time runs out: group by
    group, the part of the week most of the remaining participants offer, filled first with those who offer
    the fewest parts, skipping anyone excluded by (or excluding) a member already in, and a fractie or
    council already in while others are left. None when it gets stuck."""
    n = len(participants)
    low = max(min_size, n // groups)
    large = n - low * groups
    sizes = [low + 1] * large + [low] * (groups - large)
    if low > max_size or (large and low + 1 > max_size):
        return None
    remaining = list(range(n))
    apart: dict[int, set[int]] = defaultdict(set)
    for i, j in _pairs_apart(participants):
        apart[i].add(j)
        apart[j].add(i)
    result: list[Group] = []
    for size in sizes:
        counts: dict[str, int] = defaultdict(int)
        for i in remaining:
            for slot in participants[i].slots:
                counts[slot] += 1
        if not counts:
            return None
        slot = max(sorted(counts), key=lambda s: counts[s])
        candidates = sorted(
            (i for i in remaining if slot in participants[i].slots),
            key=lambda i: (len(participants[i].slots), i),
        )
        chosen: list[int] = []
        for strict in (True, False):
            for i in candidates:
                if len(chosen) == size:
                    break
                if i in chosen or apart[i] & set(chosen):
                    continue
                p = participants[i]
                if strict and any(
                    (p.fractie is not None and participants[j].fractie == p.fractie)
                    or participants[j].council == p.council
                    for j in chosen
                ):
                    continue
                chosen.append(i)
        if len(chosen) < size:
            return None
        result.append(Group(slot, chosen))
        remaining = [i for i in remaining if i not in set(chosen)]
    # Number the groups by their first participant, as the model's symmetry breaking expects.
    result.sort(key=lambda g: min(g.members))
    return result


def quality_of(participants: list[Participant], groups: list[Group]) -> Quality:
    by_key = {p.key: p for p in participants}
    fractie_clashes = council_clashes = without_mix = 0
    for group in groups:
        members = [by_key[k] for k in group.members]
        fracties = [m.fractie for m in members if m.fractie is not None]
        fractie_clashes += len(fracties) - len(set(fracties))
        councils = [m.council for m in members]
        council_clashes += len(councils) - len(set(councils))
        if len({m.is_new for m in members}) < 2:
            without_mix += 1
    sizes = [len(g.members) for g in groups] or [0]
    return Quality(fractie_clashes, council_clashes, without_mix, min(sizes), max(sizes))


def _build(
    participants: list[Participant],
    groups: int,
    min_size: int,
    max_size: int,
    *,
    regional: bool,
    soft: bool,
    keep_apart: bool = True,
) -> tuple[cp_model.CpModel, dict[tuple[int, int], cp_model.IntVar], dict[tuple[int, str], cp_model.IntVar]]:
    n = len(participants)
    low, high = max(min_size, n // groups), min(max_size, math.ceil(n / groups))
    slots = sorted({s for p in participants for s in p.slots})
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i in range(n):
        # Symmetry: groups are interchangeable, so participant i is in one of the first i + 1 groups.
        for g in range(min(groups, i + 1)):
            x[i, g] = model.new_bool_var(f"x{i}_{g}")
        model.add_exactly_one(x[i, g] for g in range(min(groups, i + 1)))
    y: dict[tuple[int, str], cp_model.IntVar] = {}
    for g in range(groups):
        for s in slots:
            y[g, s] = model.new_bool_var(f"y{g}_{s}")
        model.add_exactly_one(y[g, s] for s in slots)
        members = [x[i, g] for i in range(n) if (i, g) in x]
        model.add_linear_constraint(sum(members), low, high)
    for (i, g), var in x.items():
        own = [y[g, s] for s in participants[i].slots]
        if own:
            model.add_bool_or(own).only_enforce_if(var)
        else:
            model.add(var == 0)
    if keep_apart:
        for i, j in _pairs_apart(participants):
            for g in range(groups):
                if (i, g) in x and (j, g) in x:
                    model.add_bool_or([x[i, g].Not(), x[j, g].Not()])
    if not soft:
        return model, x, y
    penalties: list[cp_model.LinearExprT] = []

    def clashes(members_of: dict[int | None, list[int]], weight: int) -> None:
        for key, indices in members_of.items():
            if key is None or len(indices) < 2:
                continue
            for g in range(groups):
                present = [x[i, g] for i in indices if (i, g) in x]
                if len(present) < 2:
                    continue
                extra = model.new_int_var(0, len(present) - 1, "")
                model.add(extra >= sum(present) - 1)
                penalties.append(weight * extra)

    fracties: dict[int | None, list[int]] = defaultdict(list)
    councils: dict[int | None, list[int]] = defaultdict(list)
    for i, p in enumerate(participants):
        fracties[p.fractie].append(i)
        councils[p.council].append(i)
    clashes(fracties, FRACTIE_WEIGHT)
    if regional:
        clashes(councils, COUNCIL_WEIGHT)
    new = [i for i, p in enumerate(participants) if p.is_new]
    experienced = [i for i, p in enumerate(participants) if not p.is_new]
    if new and experienced:
        for g in range(groups):
            for side in (new, experienced):
                present = [x[i, g] for i in side if (i, g) in x]
                has = model.new_bool_var("")
                model.add(sum(present) >= 1).only_enforce_if(has)
                penalties.append(EXPERIENCE_WEIGHT * (1 - has))
    model.minimize(sum(penalties))
    return model, x, y


def _solver(seconds: float, work: float | None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    if work is not None:
        solver.parameters.max_deterministic_time = work
    solver.parameters.num_workers = 2
    solver.parameters.interleave_search = True
    solver.parameters.random_seed = SEED
    return solver


def _why_not(participants: list[Participant], groups: int, min_size: int, max_size: int) -> str:
    """The hard constraints failed: tell whether availability alone already rules every grouping out."""
    model, _x, _y = _build(
        participants, groups, min_size, max_size, regional=False, soft=False, keep_apart=False
    )
    status = _solver(5.0, 5.0).solve(model)
    if status == cp_model.INFEASIBLE:
        return _(
            "No groups can be formed: there are too few participants who share a part of the week. "
            "Ask participants to offer more evenings or parts of the day."
        )
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _(
            "No groups can be formed: the people participants asked not to be with, together with the "
            "shared parts of the week, leave no way to form groups. Ask the participants concerned whether "
            "their wish can be relaxed."
        )
    return _("No groups were found within the time limit. Try again or form the groups by hand.")


def form_groups(
    participants: list[Participant],
    min_size: int = 4,
    max_size: int = 7,
    *,
    regional: bool = False,
    seconds: float = 7.5,
    work: float | None = 12.0,
) -> Grouping | NoGrouping:
    """Groups for the participants, or why there are none."""
    n = len(participants)
    if min_size < 2 or max_size < min_size:
        return NoGrouping(
            _("The group sizes are not valid: the smallest must be 2 or more and not above the largest.")
        )
    if n < min_size:
        return NoGrouping(
            ngettext(
                "Too few participants: %(count)d signed up, a group needs at least %(min)d.",
                "Too few participants: %(count)d signed up, a group needs at least %(min)d.",
                n,
            )
            % {"count": n, "min": min_size}
        )
    groups = group_count(n, min_size, max_size)
    if groups is None:
        return NoGrouping(
            _("%(count)d participants cannot be split into groups of %(min)d to %(max)d.")
            % {"count": n, "min": min_size, "max": max_size}
        )
    without = [p for p in participants if not p.slots]
    if without:
        return NoGrouping(
            ngettext(
                "%(count)d participant offered no part of the week, so no group can meet with them.",
                "%(count)d participants offered no part of the week, so no group can meet with them.",
                len(without),
            )
            % {"count": len(without)}
        )
    model, x, y = _build(participants, groups, min_size, max_size, regional=regional, soft=True)
    first = greedy(participants, groups, min_size, max_size)
    if first is not None:
        for g, proposed in enumerate(first):
            members = set(proposed.members)
            for i in range(len(participants)):
                if (i, g) in x:
                    model.add_hint(x[i, g], i in members)
            for (group, slot), var in y.items():
                if group == g:
                    model.add_hint(var, slot == proposed.slot)
    solver = _solver(seconds, work)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if first is not None:
            # Out of time before CP-SAT improved on it: the greedy grouping keeps every hard rule.
            keyed = [Group(g.slot, [participants[i].key for i in g.members]) for g in first]
            return Grouping(keyed, quality_of(participants, keyed), False)
        if status == cp_model.INFEASIBLE:
            return NoGrouping(_why_not(participants, groups, min_size, max_size))
        return NoGrouping(
            _("No groups were found within the time limit. Try again or form the groups by hand.")
        )
    slots = sorted({s for p in participants for s in p.slots})
    result = [Group(next(s for s in slots if solver.boolean_value(y[g, s]))) for g in range(groups)]
    for (i, g), var in x.items():
        if solver.boolean_value(var):
            result[g].members.append(participants[i].key)
    return Grouping(result, quality_of(participants, result), status == cp_model.OPTIMAL)


def check(participants: list[Participant], groups: list[Group], min_size: int, max_size: int) -> list[str]:
    """The hard constraints a set of groups breaks (empty when it keeps them all); also after a griffie's
    change by hand. Plain codes, for tests and for the griffie's warning."""
    by_key = {p.key: p for p in participants}
    problems: list[str] = []
    placed = [k for g in groups for k in g.members]
    if sorted(placed) != sorted(by_key):
        problems.append("placement")
    sizes = [len(g.members) for g in groups]
    if sizes and (min(sizes) < min_size or max(sizes) > max_size):
        problems.append("size")
    if sizes and max(sizes) - min(sizes) > 1:
        problems.append("balance")
    for group in groups:
        members = [by_key[k] for k in group.members if k in by_key]
        keys = {m.key for m in members}
        if any(m.excluded & (keys - {m.key}) for m in members):
            problems.append("apart")
        if any(group.slot not in m.slots for m in members):
            problems.append("slot")
    return sorted(set(problems))
