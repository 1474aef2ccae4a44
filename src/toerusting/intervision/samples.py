"""A generated regional round, for the benchmark and the solver's tests: councils with realistic fracties
(seats shared out as in a mid-sized gemeente), about two in five members new, availability mostly on
weekday evenings, and some members who ask not to be with a colleague. Deterministic per seed; no database."""

from __future__ import annotations

import random

from toerusting.intervision.slots import SLOTS
from toerusting.intervision.solver import Participant

# Seats of a 29-seat council, by party: the largest fracties first.
FRACTIE_SEATS = (6, 5, 4, 3, 3, 2, 2, 1, 1, 1, 1)
EVENINGS = tuple(s for s in SLOTS if s.endswith("evening") and not s.startswith("fri"))


def generated_round(councils: int = 10, members: int = 200, seed: int = 1) -> list[Participant]:
    rng = random.Random(seed)  # noqa: S311 (a reproducible sample, not a secret)
    per_council = [members // councils + (1 if c < members % councils else 0) for c in range(councils)]
    people: list[tuple[int, int, int]] = []  # (key, council, fractie)
    key = 0
    for council, count in enumerate(per_council):
        fracties = [council * 100 + f for f, seats in enumerate(FRACTIE_SEATS) for _seat in range(seats)]
        # Those who sign up are a sample of the council: the large fracties send more people.
        chosen = rng.sample(fracties, k=min(count, len(fracties)))
        for fractie in chosen:
            people.append((key, council, fractie))
            key += 1
    participants: list[Participant] = []
    for key, council, fractie in people:
        evenings = rng.sample(EVENINGS, k=rng.choice((2, 2, 3, 3, 4)))
        days = [s for s in SLOTS if s not in EVENINGS]
        other = rng.sample(days, k=rng.choice((0, 0, 1, 2)))
        colleagues = [k for k, c, _f in people if c == council and k != key]
        excluded = (
            frozenset(rng.sample(colleagues, k=1)) if rng.random() < 0.1 and colleagues else frozenset()
        )
        participants.append(
            Participant(
                key=key,
                council=council,
                fractie=fractie,
                is_new=rng.random() < 0.4,
                slots=frozenset(evenings + other),
                excluded=excluded,
            )
        )
    return participants
