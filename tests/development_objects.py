"""Personal development objects for tests: scans finished through the services, a share, a 360° request and
plans, for the URL arguments of the isolation matrix and the development tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from toerusting.development import services
from toerusting.development.content import scan_content
from toerusting.development.models import Action, FeedbackRequest, Goal, Scan, Share

if TYPE_CHECKING:
    from tests.conftest import Tenant
    from toerusting.accounts.models import User
    from toerusting.organisations.models import Organisation


def answers(default: int = 4, **per_competency: int) -> dict[str, int]:
    """An answer to every statement: `default`, or the value given for a competency."""
    return {
        statement.key: per_competency.get(competency.code, default)
        for competency in scan_content().competencies
        for statement in competency.statements
    }


def finished_scan(user: User, organisation: Organisation, default: int = 4, **per_competency: int) -> Scan:
    scan = services.start_scan(user, organisation)
    services.save_answers(scan, answers(default, **per_competency))
    return services.finish_scan(scan)


@dataclass
class DevelopmentObjects:
    griffier_scan: Scan  # the griffier's own finished scan (scan_id)
    member_scan: Scan
    share: Share  # the member shares with the griffier (share_id)
    request: FeedbackRequest  # the member asked the griffier for feedback (request_id)
    goal: Goal  # in the griffier's own plan (goal_id)
    action: Action  # (action_id)


def development_objects(tenant: Tenant) -> DevelopmentObjects:
    """The tenant's development objects, made on first use."""
    made = getattr(tenant, "_development", None)
    if made is None:
        organisation = tenant.organisation
        griffier_scan = finished_scan(tenant.griffier, organisation, default=3)
        member_scan = finished_scan(tenant.user, organisation, default=4, initiatief=2)
        share = services.share_summary(tenant.user, organisation, tenant.griffier)
        (request,) = services.invite_colleagues(member_scan, [tenant.griffier])
        plan = services.plan_for(tenant.griffier, organisation)
        goal = services.add_goal(plan, "samenwerken", "Vaker samen vragen stellen")
        action = services.add_action(
            goal, kind="practice", title="Samen met een andere fractie vragen stellen"
        )
        services.plan_for(tenant.user, organisation)
        made = DevelopmentObjects(griffier_scan, member_scan, share, request, goal, action)
        tenant._development = made  # type: ignore[attr-defined]
    return made
