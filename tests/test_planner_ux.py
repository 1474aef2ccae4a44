"""Term planner as people read it: rules in words, Dutch dates, tabs, banners after saving, the onboarding
checklist (steps done by learning, programmes for returning members, status tags, past sessions apart) and
the calendar feeds (place, link, name, webcal address)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import Tenant
from tests.factories import FunctieFactory, PersonFactory, UserFactory
from toerusting.learning import services as learning_services
from toerusting.planner import rules, selectors, services
from toerusting.planner.models import (
    OnboardingStep,
    OnboardingTemplate,
    PlannedSession,
    ProgrammeFor,
    TermPlan,
)

DUTCH_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"


@pytest.fixture
def dutch() -> Iterator[None]:
    with translation.override("nl"):
        yield


def _plan(tenant: Tenant, *, publish: bool = True) -> TermPlan:
    plan = services.create_plan(tenant.organisation, tenant.term)
    newcomers = services.add_activity(
        plan, tenant.module, audience="nieuwe_leden", sessions=2, duration_minutes=120, owner_kind="griffier"
    )
    services.add_rule(newcomers, rules.RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION, 10)
    services.add_rule(newcomers, rules.RuleKind.MIN_WEEKS_BETWEEN, 2)
    services.add_activity(
        plan,
        tenant.module,
        title="Begroting lezen",
        audience="raad",
        sessions=2,
        duration_minutes=150,
        owner_kind="griffier",
        location="Raadzaal",
    )
    assert services.schedule_plan(plan).ok
    if publish:
        services.publish_plan(plan)
    return plan


def _text(html: bytes) -> str:
    """The visible text of a page, roughly: tags removed, whitespace folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


# ------------------------------------------------------------------------------------------ rules in words
def test_rules_read_as_sentences_with_their_number(tenant_a: Tenant, dutch: None) -> None:
    assert rules.rule_sentence(rules.RuleKind.WITHIN_WEEKS_AFTER_INSTALLATION, 10) == (
        "binnen 10 weken na de installatie"
    )
    assert rules.rule_sentence(rules.RuleKind.MIN_WEEKS_BETWEEN, 1) == "minstens 1 week tussen de sessies"
    # Without a number a rule uses the usual one, and says which.
    assert rules.rule_sentence(rules.RuleKind.NOT_IN_LAST_MONTHS, None) == (
        "niet in de laatste 6 maanden voor de volgende verkiezingen"
    )
    for kind in rules.RuleKind:
        sentence = rules.rule_sentence(kind, 4)
        assert " N " not in f" {sentence} " and sentence == sentence.strip()
    plan = _plan(tenant_a, publish=False)
    client = Client()
    client.force_login(tenant_a.griffier)
    page = _text(client.get(reverse("planner:plan", kwargs={"org": tenant_a.organisation.slug})).content)
    assert "Binnen 10 weken na de installatie. Minstens 2 weken tussen de sessies." in page
    assert "N =" not in page and "(N" not in page
    activity = plan.activities.get(audience="nieuwe_leden")
    detail = client.get(
        reverse("planner:activity", kwargs={"org": tenant_a.organisation.slug, "activity_id": activity.pk})
    )
    assert "Binnen 10 weken na de installatie." in _text(detail.content)


# ------------------------------------------------------------------------------------------- dates and tabs
def test_dates_are_dutch_with_lower_case_months_and_no_month_twice(tenant_a: Tenant, dutch: None) -> None:
    _plan(tenant_a)
    client = Client()
    client.force_login(tenant_a.griffier)
    response = client.get(reverse("planner:timeline", kwargs={"org": tenant_a.organisation.slug}))
    html = response.content.decode()
    text = _text(response.content)
    # Short dates: "ma 4 mei, 19:30", never "Mei" or an English abbreviation.
    assert re.search(
        r"\b(ma|di|wo|do|vr|za|zo) \d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\b", text
    )
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mrt|Mar|Apr|Mei|May|Jun|Jul|Aug|Sep|Okt|Oct|Nov|Dec)\b", text)
    # A month is a heading once; the table caption that repeats it is for screen readers only.
    captions = re.findall(r"<caption([^>]*)>", html)
    assert captions and all("toerusting-visually-hidden" in attrs for attrs in captions)
    headings = re.findall(rf"<h2[^>]*>\s*((?:{DUTCH_MONTHS.title()}) \d{{4}})\s*</h2>", html, re.IGNORECASE)
    assert headings and len(headings) == len(set(headings))


def test_planner_sub_navigation_is_tabs_marking_the_current_page(tenant_a: Tenant) -> None:
    _plan(tenant_a)
    client = Client()
    client.force_login(tenant_a.griffier)
    org = tenant_a.organisation.slug
    for name in ("plan", "timeline", "members", "feed_address"):
        html = client.get(reverse(f"planner:{name}", kwargs={"org": org})).content.decode()
        nav = re.search(r'<nav class="toerusting-tabs[^"]*"[^>]*>(.*?)</nav>', html, re.S)
        assert nav is not None, name
        current = re.findall(r'<a href="([^"]+)" aria-current="page">', nav.group(1))
        assert current == [reverse(f"planner:{name}", kwargs={"org": org})], name


def test_saving_the_settings_shows_a_banner(tenant_a: Tenant) -> None:
    plan = _plan(tenant_a, publish=False)
    client = Client()
    client.force_login(tenant_a.griffier)
    url = reverse("planner:plan", kwargs={"org": tenant_a.organisation.slug})
    response = client.post(
        url,
        {"school_region": "noord", "max_sessions_per_month": "2", "usual_location": "Gemeentehuis"},
        follow=True,
    )
    assert re.search(
        r'class="utrecht-alert utrecht-alert--ok[^"]*"[^>]*role="status"', response.content.decode()
    )
    plan.refresh_from_db()
    assert plan.usual_location == "Gemeentehuis" and plan.max_sessions_per_month == 2


def test_removing_a_period_or_a_pc_date_is_confirmed(tenant_a: Tenant) -> None:
    plan = _plan(tenant_a, publish=False)
    period = services.add_blocked_period(plan, "Zomerreces", dt.date(2026, 7, 10), dt.date(2026, 8, 20))
    milestone = services.add_milestone(plan, "kadernota", dt.date(2027, 6, 1))
    client = Client()
    client.force_login(tenant_a.griffier)
    org = tenant_a.organisation.slug
    removed = client.post(
        reverse("planner:period_delete", kwargs={"org": org, "period_id": period.pk}), follow=True
    )
    assert [str(m) for m in removed.context["messages"]] == ["“Zomerreces” is niet meer geblokkeerd."]
    removed = client.post(
        reverse("planner:milestone_delete", kwargs={"org": org, "milestone_id": milestone.pk}), follow=True
    )
    assert [str(m) for m in removed.context["messages"]] == ["De P&C-datum is verwijderd."]
    assert not plan.blocked_periods.filter(pk=period.pk).exists()
    assert not plan.milestones.filter(pk=milestone.pk).exists()


# ------------------------------------------------------------------------------------------------ onboarding
def _programme(plan: TermPlan, programme_for: str, name: str, **step: object) -> OnboardingStep:
    template = OnboardingTemplate.objects.create(
        plan=plan, role="raadslid", programme_for=programme_for, title=name
    )
    return OnboardingStep.objects.create(
        template=template,
        theme=step.get("theme", "instrumenten"),
        title=str(step["title"]),
        due_weeks=4,
        item=step.get("item"),
        activity=step.get("activity"),
    )


def test_completing_the_learning_item_of_a_step_ticks_it(tenant_a: Tenant) -> None:
    plan = _plan(tenant_a)
    step = _programme(plan, ProgrammeFor.NEW, "Inwerken", title="Een motie die werkt", item=tenant_a.module)
    late = dt.date(2030, 1, 1)
    [checklist] = selectors.checklists_for(plan, tenant_a.person, tenant_a.user.pk, today=late)
    assert not checklist.steps[0].done and checklist.steps[0].overdue
    learning_services.complete(tenant_a.user, tenant_a.module)
    [checklist] = selectors.checklists_for(plan, tenant_a.person, tenant_a.user.pk, today=late)
    entry = checklist.steps[0]
    assert entry.step == step and entry.done and not entry.overdue and not entry.can_untick
    assert checklist.on_track
    # The member's page shows it as done, with a tag, and offers no "not done" button for it.
    client = Client()
    client.force_login(tenant_a.user)
    html = client.get(reverse("planner:mine", kwargs={"org": tenant_a.organisation.slug})).content.decode()
    assert 'toerusting-badge toerusting-badge--ok">Done<' in html or ">Gedaan<" in html
    assert f"/mijn/stap/{step.pk}/" not in html


def test_presence_at_a_session_ticks_the_step_of_its_activity(tenant_a: Tenant) -> None:
    plan = _plan(tenant_a)
    activity = plan.activities.get(title="Begroting lezen")
    _programme(plan, ProgrammeFor.NEW, "Inwerken", title="Begroting lezen", activity=activity)
    session = PlannedSession.objects.filter(activity=activity).first()
    assert session is not None
    services.record_attendance(session, [tenant_a.person], {tenant_a.person.pk})
    [checklist] = selectors.checklists_for(plan, tenant_a.person, tenant_a.user.pk)
    assert checklist.steps[0].done_by == selectors.DoneBy.SESSION


def test_a_re_elected_member_gets_the_returning_programme_not_the_newcomer_one(tenant_a: Tenant) -> None:
    plan = _plan(tenant_a)
    _programme(plan, ProgrammeFor.NEW, "Inwerken als raadslid", title="Kennismaken met griffie en raad")
    _programme(plan, ProgrammeFor.RETURNING, "Weer aan de slag", title="Nevenfuncties opnieuw melden")
    installation = tenant_a.term.installation_date
    veteran = PersonFactory(given_name="Vera", family_name="Veteraan", user=UserFactory(username="vera"))
    # Her seat in the previous term ended at the installation; the new one starts there.
    FunctieFactory(
        person=veteran,
        organisation=tenant_a.organisation,
        body=tenant_a.raad,
        role="raadslid",
        start_date=installation - dt.timedelta(days=4 * 365),
        end_date=installation,
    )
    FunctieFactory(
        person=veteran,
        organisation=tenant_a.organisation,
        body=tenant_a.raad,
        role="raadslid",
        start_date=installation,
    )
    titles = [c.template.title for c in selectors.checklists_for(plan, veteran, veteran.user_id)]
    assert titles == ["Weer aan de slag"]
    newcomer = [c.template.title for c in selectors.checklists_for(plan, tenant_a.person, tenant_a.user.pk)]
    assert newcomer == ["Inwerken als raadslid"]
    # Without a returning programme a re-elected member gets none.
    OnboardingTemplate.objects.filter(plan=plan, programme_for=ProgrammeFor.RETURNING).delete()
    assert selectors.checklists_for(plan, veteran, veteran.user_id) == []


def test_status_is_a_tag_and_past_sessions_are_apart(tenant_a: Tenant) -> None:
    plan = _plan(tenant_a)
    _programme(plan, ProgrammeFor.NEW, "Inwerken", title="Kennismaken")
    # One session already happened.
    first = PlannedSession.objects.filter(activity__plan=plan).order_by("starts_at").first()
    assert first is not None
    PlannedSession.objects.filter(pk=first.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
    )
    client = Client()
    client.force_login(tenant_a.user)
    with translation.override("nl"):
        html = client.get(
            reverse("planner:mine", kwargs={"org": tenant_a.organisation.slug}), HTTP_ACCEPT_LANGUAGE="nl"
        ).content.decode()
    assert "! Te laat" not in html and "! Overdue" not in html
    assert re.search(r'<span class="toerusting-badge[^"]*">(Te laat|Te doen|Overdue|To do)</span>', html)
    past = re.search(r"<details[^>]*>\s*<summary>[^<]*</summary>(.*?)</details>", html, re.S)
    assert past is not None and f"/sessie/{first.pk}/" in past.group(1)
    upcoming = html[: past.start()]
    assert f"/sessie/{first.pk}/" not in upcoming


def test_demo_re_elected_member_has_no_newcomer_programme(db: None) -> None:
    from tests.test_planner import _load_demo_plan
    from toerusting.organisations.models import Person

    plan = _load_demo_plan()
    johan = Person.objects.get(key="lw-johan-westerveld")
    titles = [c.template.title for c in selectors.checklists_for(plan, johan, johan.user_id)]
    assert "Inwerken als raadslid" not in titles and titles == ["Weer aan de slag als raadslid"]
    bilal = Person.objects.get(key="lw-bilal-azzouzi")
    assert [c.template.title for c in selectors.checklists_for(plan, bilal, bilal.user_id)] == [
        "Inwerken als raadslid"
    ]


# ------------------------------------------------------------------------------------------------------ feeds
def test_feeds_have_place_link_and_the_member_calendar_is_named_for_the_member(tenant_a: Tenant) -> None:
    plan = _plan(tenant_a)
    services.update_settings(
        plan, school_region=plan.school_region, max_sessions_per_month=3, usual_location="Gemeentehuis"
    )
    org = tenant_a.organisation.slug
    anonymous = Client()
    token = services.feed_token(tenant_a.organisation, tenant_a.user.pk, personal=True)
    with translation.override("nl"):
        mine = anonymous.get(
            reverse("planner:my_feed", kwargs={"org": org}) + f"?sleutel={token.token}",
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    calendar = icalendar.Calendar.from_ical(mine.content)
    assert str(calendar["X-WR-CALNAME"]) == f"Mijn sessies – {tenant_a.organisation.name}"  # noqa: RUF001
    events = list(calendar.walk("VEVENT"))
    assert events
    for event in events:
        session = PlannedSession.objects.get(uid=str(event["UID"]).split("@")[0])
        expected = session.activity.location or "Gemeentehuis"
        assert str(event["LOCATION"]) == expected
        assert str(event["URL"]) == "http://testserver" + reverse(
            "planner:session", kwargs={"org": org, "planned_id": session.pk}
        )
    # The organisation feed keeps the organisation's name, and has places and links too.
    org_token = services.feed_token(tenant_a.organisation, None, personal=False)
    organisation_feed = icalendar.Calendar.from_ical(
        anonymous.get(reverse("planner:feed", kwargs={"org": org}) + f"?sleutel={org_token.token}").content
    )
    assert str(organisation_feed["X-WR-CALNAME"]) == tenant_a.organisation.name
    assert all("LOCATION" in e and "URL" in e for e in organisation_feed.walk("VEVENT"))


def test_feed_pages_offer_a_webcal_link_and_a_copy_button(tenant_a: Tenant) -> None:
    _plan(tenant_a)
    org = tenant_a.organisation.slug
    for user, name in ((tenant_a.griffier, "feed_address"), (tenant_a.user, "mine")):
        client = Client()
        client.force_login(user)
        html = client.get(reverse(f"planner:{name}", kwargs={"org": org})).content.decode()
        field = re.search(r'<input[^>]*id="feed-url"[^>]*value="([^"]+)"', html)
        assert field is not None and "readonly" in field.group(0)
        address = field.group(1).replace("&amp;", "&")
        webcal = re.search(r'href="(webcal://[^"]+)"', html)
        assert (
            webcal is not None
            and webcal.group(1).replace("&amp;", "&") == "webcal://" + address.split("://", 1)[1]
        )
        # The copy button is hidden until the external script shows it; there is no inline script.
        assert re.search(r'<button[^>]*type="button"[^>]*hidden[^>]*data-copy-target="feed-url"', html)
        assert re.search(r'<script src="[^"]*planner/copy\.[^"]*js"[^>]*defer></script>', html)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
