"""A mid-term reflection for a test tenant, open today and linked to the term plan's activity, made on first
use through the app's services (for the isolation and role matrices and the app's own tests)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.conftest import Tenant, planner_objects
from toerusting.midterm import services
from toerusting.midterm.models import MidtermReflection


def midterm_reflection(tenant: Tenant, **options: bool) -> MidtermReflection:
    cached: MidtermReflection | None = getattr(tenant, "_midterm", None)
    if cached is None:
        today = timezone.localdate()
        cached = services.open_reflection(
            tenant.organisation,
            tenant.griffier,
            title="Halverwege de raadsperiode",
            opens_on=today - dt.timedelta(days=7),
            closes_on=today + dt.timedelta(days=14),
            activity_id=planner_objects(tenant).activity.pk,
            **options,
        )
        tenant._midterm = cached  # type: ignore[attr-defined]
    return cached
