"""Demo sign-ups for Lindenwaard: places for the published sessions still to come, one session full with a
waiting list, one below its minimum. Run after load_demo_planner; running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from toerusting.organisations import selectors as organisation_selectors
from toerusting.planner import selectors, services

# Demo accounts (content/demo/accounts.yaml) on the full session, in this order, and on the one below its
# minimum.
FULL_SESSION = ("raadslid-ervaren", "fractievoorzitter", "burgerlid")
LOW_SESSION = ("raadslid-ervaren", "griffiemedewerker")


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
        members = organisation_selectors.member_user_ids(organisation)
        by_name = dict(get_user_model().objects.filter(pk__in=members).values_list("username", "pk"))
        # Sessions for the whole council first, so that the demo raadslid sees them.
        sessions.sort(key=lambda s: (s.activity.audience != "raad", s.starts_at))
        # The first is small and full, with a waiting list (the demo raadslid can join it as number 2);
        # the second is below its minimum; the others have room.
        full = services.set_signup_list(organisation, planned_session=sessions[0], capacity=2, minimum=2)
        for username in FULL_SESSION:
            if username in by_name:
                services.sign_up(full, by_name[username])
        low = services.set_signup_list(organisation, planned_session=sessions[1], capacity=15, minimum=6)
        for username in LOW_SESSION:
            if username in by_name:
                services.sign_up(low, by_name[username])
        for session in sessions[2:]:
            services.set_signup_list(organisation, planned_session=session, capacity=20, minimum=5)
        self.stdout.write(
            f"{organisation.name}: sign-up open for {len(sessions)} sessions; "
            f"“{full.title}” full with a waiting list, “{low.title}” below its minimum"
        )
