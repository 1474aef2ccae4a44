"""Intervision objects for a test tenant, made on first use through the app's services (for the isolation
and role matrices and the app's own tests): an open round with nine members signed up whose groups are
proposed (the tenant's raadslid is not among them, so they can still sign up), and a fixed round in which the
raadslid is in a group with its meetings planned."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tests.budget_mentor_objects import member
from tests.conftest import Tenant
from toerusting.intervision import services
from toerusting.intervision.models import Group, Participation, Round
from toerusting.organisations.models import Person

SLOT = "tue-evening"
FIRST_DATE = dt.date(2027, 2, 1)


@dataclass
class IntervisionObjects:
    round: Round  # groups proposed, not fixed
    frozen: Round
    group: Group  # the raadslid's group in the fixed round


def people(tenant: Tenant, prefix: str, count: int) -> list[Person]:
    return [
        member(
            tenant,
            f"{prefix}{i}",
            f"Deelnemer{prefix}{i}",
            dt.date(2022, 4, 1) if i % 2 else dt.date(2026, 4, 1),
        )
        for i in range(count)
    ]


def intervision_objects(tenant: Tenant) -> IntervisionObjects:
    cached: IntervisionObjects | None = getattr(tenant, "_intervision_objects", None)
    if cached is not None:
        return cached
    open_round = services.create_round(
        tenant.organisation, tenant.griffier, title="Intervisie voorjaar", councils=[], first_date=FIRST_DATE
    )
    for person in people(tenant, "Open", 9):
        services.sign_up(open_round, person, tenant.organisation, available=[SLOT])
    services.form_groups(open_round, tenant.griffier, seconds=5)
    frozen = services.create_round(
        tenant.organisation, tenant.griffier, title="Intervisie najaar", councils=[], first_date=FIRST_DATE
    )
    services.sign_up(frozen, tenant.person, tenant.organisation, available=[SLOT])
    for person in people(tenant, "Vast", 4):
        services.sign_up(frozen, person, tenant.organisation, available=[SLOT])
    services.form_groups(frozen, tenant.griffier, seconds=5)
    services.freeze(frozen, tenant.griffier)
    group = Participation.objects.get(round=frozen, person=tenant.person).group
    assert group is not None
    cached = IntervisionObjects(Round.objects.get(pk=open_round.pk), frozen, group)
    tenant._intervision_objects = cached  # type: ignore[attr-defined]
    return cached


def move_data(tenant: Tenant) -> dict[str, str]:
    """A valid move in the proposed round: a member of the largest group to the smallest."""
    round_ = intervision_objects(tenant).round
    groups = sorted(round_.groups.all(), key=lambda g: (-g.participations.count(), g.number))
    mover = groups[0].participations.order_by("pk").first()
    assert mover is not None
    return {"participation": str(mover.pk), "group": str(groups[-1].pk)}
