"""Demo sign-ups for Lindenwaard: places for the published sessions still to come, one session full with a
waiting list, one below its minimum. Run after load_demo_planner; running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner import selectors, services


class Command(BaseCommand):
    help = "Give Lindenwaard's planned sessions places and a few sign-ups (run after load_demo_planner)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", default="lindenwaard")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_selectors.organisation_by_slug(options["organisation"])
        if organisation is None:
            raise CommandError(f"{options['organisation']}: no such organisation; run load_demo first")
        plan = selectors.plan_for(organisation)
        if plan is None:
            raise CommandError(f"{organisation.name}: no term plan; run load_demo_planner first")
        now = timezone.now()
        sessions = list(selectors.sessions_of(plan).filter(is_published=True, starts_at__gt=now))
        if len(sessions) < 2:
            raise CommandError(f"{organisation.name}: fewer than two published sessions to come")
        members = sorted(organisation_selectors.member_user_ids(organisation))
        # The first session is small and full, with a waiting list; the second is below its minimum;
        # the others have room.
        full = services.set_signup_list(organisation, planned_session=sessions[0], capacity=3, minimum=2)
        for user_id in members[:5]:
            services.sign_up(full, user_id)
        low = services.set_signup_list(organisation, planned_session=sessions[1], capacity=15, minimum=6)
        for user_id in members[5:7]:
            services.sign_up(low, user_id)
        for session in sessions[2:]:
            services.set_signup_list(organisation, planned_session=session, capacity=20, minimum=5)
        self.stdout.write(
            f"{organisation.name}: sign-up open for {len(sessions)} sessions; "
            f"“{full.title}” full with a waiting list, “{low.title}” below its minimum"
        )
