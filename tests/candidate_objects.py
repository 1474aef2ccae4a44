"""An information evening of a tenant (made on first use), for the URLs of the candidates' track."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.conftest import Tenant
from toerusting.candidates import services
from toerusting.candidates.models import InfoEvening


def evening_of(tenant: Tenant, *, capacity: int = 20) -> InfoEvening:
    """The tenant's first evening, made by its griffier through the service: a month from now."""
    found = InfoEvening.objects.filter(organisation=tenant.organisation).order_by("pk").first()
    if found is not None:
        return found
    starts = (timezone.now() + dt.timedelta(days=30)).replace(hour=18, minute=30, second=0, microsecond=0)
    return services.create_evening(
        tenant.griffier,
        tenant.organisation,
        services.EveningData(
            title=f"Informatieavond raadswerk {tenant.organisation.name}",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            place=f"Raadzaal {tenant.organisation.name}",
            capacity=capacity,
            description="Raadsleden vertellen over hun werk; daarna is er tijd voor vragen.",
        ),
    )
