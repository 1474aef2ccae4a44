"""Pages of the term planner, split by who uses them: the griffie (griffie.py), members (member_pages.py) and
calendar apps (feeds.py)."""

from toerusting.planner.views.feeds import (
    my_feed,
    organisation_feed,
    organisation_feed_address,
)
from toerusting.planner.views.griffie import (
    activity_create,
    activity_delete,
    activity_edit,
    activity_page,
    member,
    members,
    milestone_add,
    milestone_delete,
    period_add,
    period_delete,
    plan_page,
    publish,
    rule_delete,
    schedule,
    timeline,
)
from toerusting.planner.views.member_pages import my_plan, revoke_my_feed, session_page, step_toggle

__all__ = [
    "activity_create",
    "activity_delete",
    "activity_edit",
    "activity_page",
    "member",
    "members",
    "milestone_add",
    "milestone_delete",
    "my_feed",
    "my_plan",
    "organisation_feed",
    "organisation_feed_address",
    "period_add",
    "period_delete",
    "plan_page",
    "publish",
    "revoke_my_feed",
    "rule_delete",
    "schedule",
    "session_page",
    "step_toggle",
    "timeline",
]
