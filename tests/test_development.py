"""Personal development: the competency scan, its profile and advice, 360° feedback, sharing, the
development plan and the griffie's overview, through services and pages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant, planner_objects
from tests.development_objects import answers, development_objects, finished_scan
from tests.factories import FunctieFactory, PersonFactory, UserFactory
from toerusting.accounts.models import User
from toerusting.agenda.models import AgendaItem, Meeting
from toerusting.contentfiles import ContentError
from toerusting.development import selectors, services
from toerusting.development.content import read_scan_file, scan_content
from toerusting.development.models import Action, CompetencyScore, FeedbackAnswer, Goal, Scan
from toerusting.matching import services as matching
from toerusting.planner.models import PlannedSession
from toerusting.recommendations import services as recommendation_services


def _url(name: str, tenant: Tenant, **kwargs: int) -> str:
    return reverse(f"development:{name}", kwargs={"org": tenant.organisation.slug, **kwargs})


def _member(tenant: Tenant, name: str, role: str = "raadslid") -> User:
    user = UserFactory(username=f"{name}-{tenant.organisation.slug}")
    person = PersonFactory(given_name=name.title(), family_name=f"Van {name.title()}", user=user)
    FunctieFactory(
        person=person,
        organisation=tenant.organisation,
        body=tenant.raad,
        role=role,
        fractie=tenant.fractie if role == "raadslid" else None,
        start_date=dt.date(2026, 4, 1),
    )
    return user


# --- Content --------------------------------------------------------------------------------------------


def test_the_shipped_scan_covers_the_twelve_competencies_with_three_to_five_statements() -> None:
    content = scan_content()
    assert [c.code for c in content.competencies][:2] == ["communiceren_luisteren", "initiatief"]
    assert len(content.competencies) == 12
    for competency in content.competencies:
        assert 3 <= len(competency.statements) <= 5, competency.code
        assert competency.description_nl and competency.description_en and competency.why_nl
        assert competency.instruments or competency.topics
        for statement in competency.statements:
            assert statement.nl and statement.en and statement.example_nl and statement.example_en
    # About ten minutes: at most 60 statements of one line.
    assert 36 <= len(content.statements) <= 60
    assert [len(page) for page in content.pages] == [3, 3, 3, 3]


def test_errors_in_the_content_file_name_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "scan.yaml"
    path.write_text(
        "competencies:\n"
        "  - competency: initiatief\n"
        "    description: Zelf beginnen.\n"
        "    description_en: Starting.\n"
        "    agenda:\n"
        "      instruments: [motie, toverstaf]\n"
        "      why: Moties.\n"
        "      why_en: Motions.\n"
        "    statements:\n"
        "      - key: een\n"
        "        text: Begint.\n"
        "        text_en: Starts.\n"
        "        example: Bijvoorbeeld.\n"
        "        example_en: For example.\n"
        "  - competency: initiatief\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        read_scan_file(path)
    text = str(error.value)
    assert f"{path}:6: instruments: unknown code(s): toverstaf" in text
    assert f"{path}:9: statements: has 1 statements; give 3 to 5" in text
    assert f"{path}:15: competency: 'initiatief' is listed twice" in text


# --- Services -------------------------------------------------------------------------------------------


def test_finishing_keeps_the_mean_per_competency_and_needs_every_answer(tenant_a: Tenant) -> None:
    scan = services.start_scan(tenant_a.user, tenant_a.organisation)
    assert services.start_scan(tenant_a.user, tenant_a.organisation) == scan  # the open scan is resumed
    given = answers(4, initiatief=2)
    first = scan_content().by_code["initiatief"].statements[0].key
    given[first] = 5  # initiatief: 5, 2, 2, 2 -> 2.75
    missing = scan_content().by_code["integriteit"].statements[-1].key
    services.save_answers(scan, {k: v for k, v in given.items() if k != missing})
    with pytest.raises(services.DevelopmentError, match="Integri"):
        services.finish_scan(scan)
    assert not Scan.objects.get(pk=scan.pk).is_finished and not CompetencyScore.objects.exists()
    with pytest.raises(services.DevelopmentError):
        services.save_answers(scan, {missing: 6})
    services.save_answers(scan, {missing: 4})
    services.finish_scan(scan)
    scores = dict(CompetencyScore.objects.filter(scan=scan).values_list("competency", "score"))
    assert str(scores["initiatief"]) == "2.75" and str(scores["integriteit"]) == "4.00"
    with pytest.raises(services.DevelopmentError):
        services.save_answers(scan, {missing: 1})


def test_feedback_is_shown_from_three_colleagues_as_averages_only(tenant_a: Tenant) -> None:
    scan = finished_scan(tenant_a.user, tenant_a.organisation, default=3)
    colleagues = [_member(tenant_a, f"collega{n}") for n in range(7)]
    requests = services.invite_colleagues(scan, colleagues[:4])
    with pytest.raises(services.DevelopmentError, match=r"(at most|hoogstens) 6"):
        services.invite_colleagues(scan, colleagues[4:7])
    assert len(services.invite_colleagues(scan, colleagues[4:6])) == 2
    with pytest.raises(services.DevelopmentError):
        services.invite_colleagues(scan, [tenant_a.user])  # not oneself
    all_statements = list(scan_content().statements)
    services.answer_feedback(requests[0], dict.fromkeys(all_statements, 5))
    services.answer_feedback(
        requests[1], {key: (None if i % 2 else 4) for i, key in enumerate(all_statements)}
    )
    with pytest.raises(services.DevelopmentError):
        services.answer_feedback(requests[0], dict.fromkeys(all_statements, 1))  # once
    profile = selectors.profile_of(scan)
    assert profile.feedback.invited == 6 and profile.feedback.answered == 2
    assert not profile.feedback.shown and all(row.feedback is None for row in profile.rows)
    services.answer_feedback(requests[2], dict.fromkeys(all_statements, 3))
    profile = selectors.profile_of(scan)
    assert profile.feedback.shown
    # Pooled per competency over all answers: (4*5 + 2*4 + 4*3) / 10 = 4.0 for a competency of 4 statements
    # whose even statements colleague 2 answered (3.83 or 4.17 where it answered other ones), in halves.
    assert {str(row.feedback) for row in profile.rows} == {"4.0"}
    # Nothing links an answer to a colleague.
    assert {f.name for f in FeedbackAnswer._meta.get_fields()} == {"id", "scan", "statement", "value"}


def test_a_competency_two_of_three_colleagues_skipped_shows_no_average(tenant_a: Tenant) -> None:
    """Three colleagues answered, but two of them could not judge one competency: its average would be the
    third colleague's own answers, so it is not shown (the other competencies are)."""
    scan = finished_scan(tenant_a.user, tenant_a.organisation, default=3)
    colleagues = [_member(tenant_a, f"collega{n}") for n in range(3)]
    requests = services.invite_colleagues(scan, colleagues)
    content = scan_content()
    skipped = content.competencies[0].code
    everything = list(content.statements)
    services.answer_feedback(requests[0], dict.fromkeys(everything, 2))
    for request in requests[1:]:
        services.answer_feedback(
            request,
            {key: (None if content.statements[key].competency == skipped else 4) for key in everything},
        )
    rows = {row.competency.code: row.feedback for row in selectors.profile_of(scan).rows}
    assert rows[skipped] is None
    assert all(value is not None for code, value in rows.items() if code != skipped)


# --- Pages: the scan, the profile, the advice -----------------------------------------------------------


def test_a_member_does_the_scan_in_four_pages_and_can_finish_later(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.user)
    home = client.get(_url("home", tenant_a))
    assert "Start the scan" in home.content.decode() or "Start de scan" in home.content.decode()
    response = client.post(_url("scan_start", tenant_a))
    scan = Scan.objects.get(user=tenant_a.user)
    assert response["Location"] == _url("scan_step", tenant_a, scan_id=scan.pk, number=1)
    pages = scan_content().pages
    every = answers(4, initiatief=2, onderhandelen=1)
    # Part 1, half answered, "finish later": the answers given are kept.
    first_keys = [s.key for c in pages[0] for s in c.statements]
    half = {k: str(every[k]) for k in first_keys[:5]}
    assert (
        client.post(
            _url("scan_step", tenant_a, scan_id=scan.pk, number=1), {**half, "move": "stop"}
        ).status_code
        == 302
    )
    assert selectors.answers_of(scan) == {k: every[k] for k in first_keys[:5]}
    page = client.get(_url("home", tenant_a)).content.decode()
    assert f"5 of {len(first_keys)}" in page or f"5 van {len(first_keys)}" in page
    # "Continue" with a missing answer: the page again, an error naming the statement, the rest kept.
    partial = {k: str(every[k]) for k in first_keys[:-1]}
    response = client.post(
        _url("scan_step", tenant_a, scan_id=scan.pk, number=1), {**partial, "move": "next"}
    )
    assert response.status_code == 400
    assert "utrecht-alert--error" in response.content.decode()
    assert len(selectors.answers_of(scan)) == len(first_keys) - 1
    for number, competencies in enumerate(pages, start=1):
        data = {s.key: str(every[s.key]) for c in competencies for s in c.statements}
        response = client.post(
            _url("scan_step", tenant_a, scan_id=scan.pk, number=number), {**data, "move": "next"}
        )
        assert response.status_code == 302
    scan.refresh_from_db()
    assert scan.is_finished
    assert response["Location"] == _url("profile", tenant_a, scan_id=scan.pk)
    html = client.get(response["Location"]).content.decode()
    assert '<svg class="toerusting-chart__svg"' in html and 'role="img"' in html
    # The same figures in the chart's description and in the table.
    assert re.search(r"Onderhandelen: 1[,.]0", html) or re.search(r"Negotiating: 1[,.]0", html)
    assert re.search(r'scope="row">(Onderhandelen|Negotiating)</th>\s*<td[^>]*>1[,.]0</td>', html)


def test_the_profile_shows_the_change_since_the_previous_scan(client: Client, tenant_a: Tenant) -> None:
    finished_scan(tenant_a.user, tenant_a.organisation, default=3)
    later = finished_scan(tenant_a.user, tenant_a.organisation, default=3, initiatief=5, integriteit=2)
    client.force_login(tenant_a.user)
    html = client.get(_url("profile", tenant_a, scan_id=later.pk)).content.decode()
    assert re.search(
        r'scope="row">(Initiatief|Initiative)</th>\s*<td[^>]*>5[,.]0</td>\s*<td[^>]*>3[,.]0</td>\s*<td[^>]*>\+2[,.]0',
        html,
    )
    assert re.search(
        r'scope="row">(Integriteit|Integrity)</th>\s*<td[^>]*>2[,.]0</td>\s*<td[^>]*>3[,.]0</td>\s*<td[^>]*>-1[,.]0',
        html,
    )
    assert "toerusting-chart__previous" in html


@pytest.fixture
def advice_world(tenant_a: Tenant) -> Tenant:
    """The catalogue, a meeting in the coming days analysed by the engine, and a training session to come."""
    call_command("load_catalogue", verbosity=0)
    matching.reset_catalogue_index()
    meeting = Meeting.objects.create(
        organisation=tenant_a.organisation,
        gremium=tenant_a.raad,
        name="Raadsvergadering over de regio",
        start=timezone.now() + dt.timedelta(days=6),
        source="push",
        source_id="vg-dev-1",
    )
    for position, title in enumerate(
        ["Opening en vaststelling van de agenda", "Zienswijze ontwerpbegroting 2027 GGD Rivierenland"],
        start=1,
    ):
        AgendaItem.objects.create(
            meeting=meeting,
            source_id=f"dev-{position}",
            number=str(position),
            order=position,
            position=position,
            original_title=title,
            title=title,
        )
    recommendation_services.recompute_meeting(meeting)
    objects = planner_objects(tenant_a)
    objects.activity.item.competencies.set(["omgevingsbewustzijn"])
    PlannedSession.objects.create(
        activity=objects.activity,
        number=2,
        starts_at=timezone.now() + dt.timedelta(days=20),
        ends_at=timezone.now() + dt.timedelta(days=20, hours=2),
        daypart="avond",
        is_published=True,
    )
    return tenant_a


def test_advice_names_items_trainings_and_agenda_items_for_the_weakest(
    client: Client, advice_world: Tenant
) -> None:
    tenant = advice_world
    scan = finished_scan(
        tenant.user, tenant.organisation, default=4, omgevingsbewustzijn=1, samenwerken=2, integriteit=2
    )
    client.force_login(tenant.user)
    response = client.get(_url("profile", tenant, scan_id=scan.pk))
    advice = response.context["advice"]
    assert [part.competency.code for part in advice.parts] == [
        "omgevingsbewustzijn",
        "samenwerken",
        "integriteit",
    ]
    regio = advice.parts[0]
    assert regio.items and all(
        "omgevingsbewustzijn" in {c.code for c in item.competencies.all()} for item in regio.items
    )
    assert [t.title for t in regio.trainings] == [planner_objects(tenant).activity.title]
    assert [found.agenda_item.title for found in regio.agenda_items] == [
        "Zienswijze ontwerpbegroting 2027 GGD Rivierenland"
    ]
    assert not advice.parts[2].agenda_items  # a zienswijze is not an integrity question
    html = response.content.decode()
    assert "Zienswijze ontwerpbegroting 2027 GGD Rivierenland" in html
    # One click drafts the plan from the advice.
    assert client.post(_url("plan_draft", tenant)).status_code == 302
    goals = list(Goal.objects.filter(plan__user=tenant.user).order_by("pk"))
    assert [g.competency for g in goals] == ["omgevingsbewustzijn", "samenwerken", "integriteit"]
    kinds = list(Action.objects.filter(goal=goals[0]).values_list("kind", flat=True))
    assert sorted(kinds) == ["catalogue", "practice", "training"]
    practice = Action.objects.get(goal=goals[0], kind="practice")
    assert "GGD Rivierenland" in practice.title and practice.due_date == timezone.localdate(
        timezone.now() + dt.timedelta(days=6)
    )
    # Drafting again adds nothing twice.
    client.post(_url("plan_draft", tenant))
    assert Goal.objects.filter(plan__user=tenant.user).count() == 3
    # The home page shows what is next in the plan.
    home = client.get(reverse("portal:home")).content.decode()
    assert practice.title in home


# --- The plan -------------------------------------------------------------------------------------------


def test_the_plan_is_edited_with_evidence_and_reflection_and_prints(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.user)
    response = client.post(_url("goal_add", tenant_a), {"competency": "nonsense", "text": ""})
    assert response.status_code == 400 and not Goal.objects.exists()
    assert (
        client.post(
            _url("goal_add", tenant_a), {"competency": "analytisch_vermogen", "text": "De begroting lezen"}
        ).status_code
        == 302
    )
    goal = Goal.objects.get()
    response = client.post(
        _url("action_add", tenant_a, goal_id=goal.pk),
        {"kind": "catalogue", "title": "Micromodule begroting", "due_date": "2027-02-30"},
    )
    assert response.status_code == 400 and not Action.objects.exists()  # a date that does not exist
    client.post(
        _url("action_add", tenant_a, goal_id=goal.pk),
        {"kind": "practice", "title": "Een vraag stellen in de commissie", "due_date": "2027-02-10"},
    )
    action = Action.objects.get()
    client.post(
        _url("action_edit", tenant_a, action_id=action.pk),
        {
            "kind": "practice",
            "title": action.title,
            "due_date": "2027-02-10",
            "done": "on",
            "evidence": "Vraag over de reserves gesteld",
            "reflection": "Korter formuleren helpt.",
        },
    )
    action.refresh_from_db()
    assert action.done and action.evidence == "Vraag over de reserves gesteld"
    assert client.post(_url("plan_edit", tenant_a), {"review_date": "2027-03-01"}).status_code == 302
    printed = client.get(_url("plan_print", tenant_a)).content.decode()
    assert (
        "De begroting lezen" in printed
        and "Korter formuleren helpt." in printed
        and "@media print" not in printed
    )
    assert (
        "development/development.css" in printed and "1 maart 2027" in printed
    ) or "1 March 2027" in printed
    assert client.post(_url("action_delete", tenant_a, action_id=action.pk)).status_code == 302
    assert client.post(_url("goal_delete", tenant_a, goal_id=goal.pk)).status_code == 302
    assert not Goal.objects.exists()


# --- Privacy by URL -------------------------------------------------------------------------------------


def test_no_url_shows_another_members_scan_plan_or_feedback(
    client: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    objects = development_objects(tenant_a)  # the griffier's scan and plan; the member's scan and share
    other = _member(tenant_a, "buurman")
    client.force_login(other)
    for url in (
        _url("profile", tenant_a, scan_id=objects.member_scan.pk),
        _url("profile", tenant_a, scan_id=objects.griffier_scan.pk),
        _url("scan_step", tenant_a, scan_id=objects.member_scan.pk, number=1),
        _url("feedback_answer", tenant_a, request_id=objects.request.pk),
        _url("shared", tenant_a, share_id=objects.share.pk),
        _url("goal_edit", tenant_a, goal_id=objects.goal.pk),
        _url("action_edit", tenant_a, action_id=objects.action.pk),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        _url("feedback_invite", tenant_a, scan_id=objects.member_scan.pk),
        _url("share_stop", tenant_a, share_id=objects.share.pk),
        _url("goal_delete", tenant_a, goal_id=objects.goal.pk),
        _url("action_delete", tenant_a, action_id=objects.action.pk),
    ):
        assert client.post(url).status_code == 404, url
    # Their own plan page shows nothing of the others' plans.
    assert objects.goal.text not in client.get(_url("plan", tenant_a)).content.decode()
    # The griffie may not read the member's scan either; another organisation is a 404.
    client.force_login(tenant_a.griffier)
    assert client.get(_url("profile", tenant_a, scan_id=objects.member_scan.pk)).status_code == 404
    client.force_login(tenant_b.griffier)
    assert client.get(_url("home", tenant_a)).status_code == 404
    assert client.get(_url("profile", tenant_b, scan_id=objects.griffier_scan.pk)).status_code == 404


def test_a_shared_summary_shows_scores_only_until_the_member_stops(client: Client, tenant_a: Tenant) -> None:
    objects = development_objects(tenant_a)
    client.force_login(tenant_a.griffier)
    html = client.get(_url("shared", tenant_a, share_id=objects.share.pk)).content.decode()
    assert re.search(r'scope="row">(Initiatief|Initiative)</th>\s*<td[^>]*>2[,.]0</td>', html)
    statement = scan_content().by_code["initiatief"].statements[0]
    assert statement.nl not in html and statement.en not in html  # no answers, no statements
    assert "360" not in html
    client.force_login(tenant_a.user)
    assert client.post(_url("share_stop", tenant_a, share_id=objects.share.pk)).status_code == 302
    client.force_login(tenant_a.griffier)
    assert client.get(_url("shared", tenant_a, share_id=objects.share.pk)).status_code == 404


def test_a_colleague_answers_feedback_through_the_page(client: Client, tenant_a: Tenant) -> None:
    objects = development_objects(tenant_a)
    client.force_login(tenant_a.griffier)
    url = _url("feedback_answer", tenant_a, request_id=objects.request.pk)
    home = client.get(_url("home", tenant_a)).content.decode()
    assert url in home  # the in-app list of requests
    data = dict.fromkeys(scan_content().statements, "4")
    data[next(iter(data))] = "0"  # cannot judge
    assert client.post(url, data).status_code == 302
    assert FeedbackAnswer.objects.filter(scan=objects.member_scan).count() == len(data) - 1
    assert url not in client.get(_url("home", tenant_a)).content.decode()


# --- The griffie's overview ------------------------------------------------------------------------------


def test_the_overview_shows_counts_and_averages_only_from_five_members(
    client: Client, tenant_a: Tenant
) -> None:
    members = [_member(tenant_a, f"lid{n}") for n in range(5)]
    for user in members[:4]:
        finished_scan(user, tenant_a.organisation, default=2)
    finished_scan(tenant_a.griffier, tenant_a.organisation, default=5)  # not a member: not counted
    client.force_login(tenant_a.user)
    assert client.get(_url("overview", tenant_a)).status_code == 403
    client.force_login(tenant_a.griffier)
    response = client.get(_url("overview", tenant_a))
    participation = response.context["participation"]
    assert (participation.members, participation.members_with_scan) == (6, 4)
    assert not participation.aggregates_shown and not participation.rows
    page = response.content.decode()
    # Below five: the participation chart and its table (counts), no chart of scores.
    assert page.count("toerusting-chart__svg") == 1 and "participation-chart-title" in page
    assert "overview-chart" not in page
    assert participation.members_without_scan == 2
    finished_scan(members[4], tenant_a.organisation, default=2)
    finished_scan(members[4], tenant_a.organisation, default=4)  # the latest scan counts
    response = client.get(_url("overview", tenant_a))
    participation = response.context["participation"]
    assert participation.members_with_scan == 5 and participation.scans == 6
    assert {str(row.average) for row in participation.rows} == {"2.40"}
    assert response.content.decode().count("toerusting-chart__svg") == 2


# --- Queries ---------------------------------------------------------------------------------------------


def _grow(tenant: Tenant, size: int) -> None:
    for n in range(size):
        user = _member(tenant, f"extra{size}x{n}")
        scan = finished_scan(user, tenant.organisation, default=3)
        services.invite_colleagues(scan, [tenant.user])
        services.share_summary(user, tenant.organisation, tenant.user)
    scan = finished_scan(tenant.user, tenant.organisation, default=2)
    services.invite_colleagues(scan, list(User.objects.exclude(pk=tenant.user.pk)[:size]))
    plan = services.plan_for(tenant.user, tenant.organisation)
    for n in range(size):
        goal = services.add_goal(plan, "samenwerken", f"Doel {size}-{n}")
        for m in range(2):
            services.add_action(goal, kind="catalogue", title=f"Actie {m}", item=tenant.module)


@pytest.mark.parametrize("size", [1, 5])
def test_pages_take_a_constant_number_of_queries(
    client: Client, tenant_a: Tenant, size: int, django_assert_max_num_queries
) -> None:
    _grow(tenant_a, size)
    scan = selectors.latest_finished_scan(tenant_a.user, tenant_a.organisation)
    assert scan is not None
    client.force_login(tenant_a.user)
    with django_assert_max_num_queries(30):
        assert client.get(_url("profile", tenant_a, scan_id=scan.pk)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(_url("plan", tenant_a)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(_url("plan_print", tenant_a)).status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(_url("home", tenant_a)).status_code == 200
    client.force_login(tenant_a.griffier)
    with django_assert_max_num_queries(14):
        assert client.get(_url("overview", tenant_a)).status_code == 200


def test_page_queries_do_not_grow_with_the_data(client: Client, tenant_a: Tenant) -> None:
    """The same number of queries for six and for twelve colleagues, goals and shares (printed with -s)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure() -> dict[str, int]:
        scan = selectors.latest_finished_scan(tenant_a.user, tenant_a.organisation)
        assert scan is not None
        counts = {}
        client.force_login(tenant_a.user)
        for name, url in (
            ("profile", _url("profile", tenant_a, scan_id=scan.pk)),
            ("plan", _url("plan", tenant_a)),
            ("plan_print", _url("plan_print", tenant_a)),
            ("home", _url("home", tenant_a)),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[name] = len(queries)
        client.force_login(tenant_a.griffier)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("overview", tenant_a)).status_code == 200
        counts["overview"] = len(queries)
        return counts

    # Both measures with a previous scan and at least five members (the overview's aggregate shown).
    _grow(tenant_a, 5)
    _grow(tenant_a, 1)
    small = measure()
    _grow(tenant_a, 6)
    large = measure()
    print("queries per page (6 / 12 colleagues, goals and shares):", small, large)
    assert small == large


def test_scan_360_and_shared_pages_do_not_grow_with_the_data(client: Client, tenant_a: Tenant) -> None:
    """The scan's pages, the 360° answer page and a shared summary read the same number of queries with one
    and with seven colleagues who asked the member for feedback and share a summary with them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from toerusting.development.models import FeedbackRequest, Share

    def measure(request: FeedbackRequest, share: Share) -> dict[str, int]:
        scan = services.start_scan(tenant_a.user, tenant_a.organisation)  # a scan in progress, six answers
        services.save_answers(scan, dict(list(answers(3).items())[:6]))
        client.force_login(tenant_a.user)
        counts = {}
        for name, url in (
            *((f"scan_step {n}", _url("scan_step", tenant_a, scan_id=scan.pk, number=n)) for n in (1, 4)),
            ("feedback_answer", _url("feedback_answer", tenant_a, request_id=request.pk)),
            ("shared", _url("shared", tenant_a, share_id=share.pk)),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[name] = len(queries)
        return counts

    _grow(tenant_a, 1)
    request = FeedbackRequest.objects.filter(invitee=tenant_a.user).first()
    share = Share.objects.filter(recipient=tenant_a.user).first()
    assert request is not None and share is not None
    small = measure(request, share)
    _grow(tenant_a, 6)
    large = measure(request, share)
    print("queries per page (1 / 7 colleagues asking and sharing):", small, large)
    assert small == large
    assert max(small.values()) <= 9


@pytest.mark.django_db
def test_the_demo_gives_lindenwaard_scans_feedback_plans_and_an_overview(client: Client) -> None:
    call_command("load_demo", verbosity=0)
    call_command("load_demo_development", verbosity=0)
    call_command("load_demo_development", verbosity=0)  # again: replaced, not doubled
    assert Scan.objects.count() == 8
    experienced = User.objects.get(username="raadslid-ervaren")
    assert not Scan.objects.filter(user__username="raadslid").exists()  # the tour starts fresh
    client.force_login(experienced)
    scan = Scan.objects.filter(user=experienced).order_by("-finished_at").first()
    assert scan is not None
    profile = client.get(reverse("development:profile", kwargs={"org": "lindenwaard", "scan_id": scan.pk}))
    assert profile.context["profile"].previous_scan is not None and profile.context["profile"].feedback.shown
    assert Goal.objects.filter(plan__user=experienced).count() == 3
    client.force_login(User.objects.get(username="griffier"))
    overview = client.get(reverse("development:overview", kwargs={"org": "lindenwaard"}))
    assert overview.context["participation"].aggregates_shown
    home = client.get(reverse("development:home", kwargs={"org": "lindenwaard"})).content.decode()
    assert "/gedeeld/" in home
