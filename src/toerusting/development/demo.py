"""The demo of personal development: earlier scans, 360° feedback, a share and plans of a few members of
the demo council, read from content/demo/development/*.yaml and written through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from toerusting.accounts import services as account_services
from toerusting.contentfiles import ContentError, Problem, Reader, load_yaml
from toerusting.development import selectors, services
from toerusting.development.content import scan_content
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations import services as organisation_services

if TYPE_CHECKING:
    from toerusting.accounts.models import User

SCALE = range(1, 6)
# Each statement gets about the competency's value: the same, one lower or one higher, in a fixed pattern.
SPREAD = (0, 0, -1, 1, 0)


@dataclass
class DemoScan:
    days_ago: int
    default: int
    scores: dict[str, int]


@dataclass
class DemoMember:
    person: str
    account: bool
    scans: list[DemoScan]
    feedback_from: list[str] = field(default_factory=list)
    share_with: str = ""
    plan: bool = False


@dataclass
class DemoDevelopment:
    path: Path
    organisation: str
    members: list[DemoMember]


def read_demo_file(path: Path) -> DemoDevelopment:
    reader = Reader()
    root = load_yaml(path)
    reader.check_keys(root, {"organisation", "members"}, "the file")
    codes = set(scan_content().by_code)
    members = []
    for node in reader.nodes(root, "members"):
        reader.check_keys(
            node, {"person", "account", "scans", "feedback_from", "share_with", "plan"}, "a member"
        )
        scans = []
        for scan in reader.nodes(node, "scans"):
            reader.check_keys(scan, {"days_ago", "default", "scores"}, "a scan")
            days_ago = reader.integer(scan, "days_ago") or 0
            default = reader.integer(scan, "default", minimum=1) or 3
            scores: dict[str, int] = {}
            given = reader.node(scan.get("scores"), scan, "scores") if "scores" in scan else None
            for code, value in given.data.items() if given is not None else []:
                assert given is not None
                if code not in codes:
                    reader.problem(given, code, "is not a competency of the scan")
                elif not isinstance(value, int) or value not in SCALE:
                    reader.problem(given, code, "give a whole number from 1 to 5")
                else:
                    scores[code] = value
            if default not in SCALE:
                reader.problem(scan, "default", "give a whole number from 1 to 5")
            scans.append(DemoScan(days_ago, default, scores))
        feedback = node.get("feedback_from") or []
        if not isinstance(feedback, list):
            reader.problem(node, "feedback_from", "expected a list of person keys")
            feedback = []
        members.append(
            DemoMember(
                person=reader.key(node, "person"),
                account=reader.boolean(node, "account"),
                scans=sorted(scans, key=lambda s: -s.days_ago),
                feedback_from=[str(key) for key in feedback],
                share_with=reader.text(node, "share_with", required=False),
                plan=reader.boolean(node, "plan"),
            )
        )
    demo = DemoDevelopment(path, reader.text(root, "organisation"), members)
    reader.raise_if_any()
    return demo


def _answers(scan: DemoScan) -> dict[str, int]:
    answers = {}
    for competency in scan_content().competencies:
        value = scan.scores.get(competency.code, scan.default)
        for index, statement in enumerate(competency.statements):
            answers[statement.key] = min(max(value + SPREAD[index % len(SPREAD)], 1), 5)
    return answers


@transaction.atomic
def load_demo(demo: DemoDevelopment) -> int:
    """Write the demo again from scratch for its members (their earlier demo scans and plans are replaced).
    Returns the number of scans written."""
    organisation = organisation_selectors.organisation_by_slug(demo.organisation)
    if organisation is None:
        raise ContentError(
            [
                Problem(
                    demo.path,
                    1,
                    "organisation",
                    f"no organisation {demo.organisation!r}; run load_demo first",
                )
            ]
        )
    users: dict[str, User] = {}
    for member in demo.members:
        person = organisation_selectors.person_by_key(member.person)
        if person is None:
            raise ContentError([Problem(demo.path, 1, "person", f"no person {member.person!r}")])
        if person.user is None:
            if not member.account:
                raise ContentError(
                    [Problem(demo.path, 1, "account", f"{member.person} has no account; set account: true")]
                )
            organisation_services.link_user(
                person, account_services.create_user_without_password(username_hint=member.person)
            )
            person.refresh_from_db()
        assert person.user is not None
        users[member.person] = person.user
    services.forget_member(list(users.values()), organisation)
    written = 0
    now = timezone.now()
    for member in demo.members:
        user = users[member.person]
        for scan in member.scans:
            started = services.start_scan(user, organisation)
            services.save_answers(started, _answers(scan))
            services.finish_scan(started, at=now - dt.timedelta(days=scan.days_ago))
            written += 1
        latest = selectors.latest_finished_scan(user, organisation)
        if latest is None:
            continue
        colleagues = []
        for key in member.feedback_from:
            colleague = organisation_selectors.person_by_key(key)
            if colleague is not None and colleague.user is not None:
                colleagues.append(colleague.user)
        if colleagues:
            requests = services.invite_colleagues(latest, colleagues)
            for offset, request in enumerate(requests):
                others = DemoScan(
                    0,
                    member.scans[-1].default,
                    {k: min(v + (offset % 2), 5) for k, v in member.scans[-1].scores.items()},
                )
                services.answer_feedback(request, dict(_answers(others)))
        if member.share_with:
            recipient = organisation_selectors.person_by_key(member.share_with)
            if recipient is not None and recipient.user is not None:
                services.share_summary(user, organisation, recipient.user)
        if member.plan:
            advice = selectors.advice_for(
                user, organisation, selectors.profile_of(latest, with_feedback=False)
            )
            services.draft_plan(user, organisation, advice)
    return written
