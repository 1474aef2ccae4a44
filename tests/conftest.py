"""Shared fixtures: two complete, separate organisations (tenants) with a member each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from tests.factories import (
    BodyFactory,
    CouncilTermFactory,
    FractieFactory,
    FunctieFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    make_module,
)
from toerusting.accounts.models import User
from toerusting.agenda.models import AgendaItem, Meeting
from toerusting.catalogue.models import LearningItem, Session
from toerusting.embed.models import RisConnection, TabSession
from toerusting.embed.services import user_agent_digest
from toerusting.organisations.models import Body, CouncilTerm, Fractie, Organisation, Person
from toerusting.planner import services as planner_services
from toerusting.planner.models import (
    Activity,
    BlockedPeriod,
    Milestone,
    OnboardingStep,
    OnboardingTemplate,
    PlannedSession,
    TermPlan,
    TimingRule,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: cached pages must not leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_catalogue_index() -> None:
    """Every test starts without the in-memory catalogue index: it holds the ids of an earlier test's rows,
    which that test's rollback deleted (the application itself never deletes catalogue rows)."""
    from toerusting.matching import services as matching

    matching.reset_catalogue_index()


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Every test starts in the site's language (Dutch). A request in English (a test of the language switch)
    leaves English active in the thread after its response, which a later test's messages would then read
    (seen in CI: a model validation message in English, in random order)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _peers_on_loopback(settings: Settings) -> None:
    """The identity provider and the LTI platform of the tests run on loopback, which production refuses
    (toerusting.outbound); tests/test_outbound.py checks the refusal with this switched off."""
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture(autouse=True)
def _force_login_passes_second_step(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    """`client.force_login(user)` stands for a finished login: the password and, where the user has or needs
    one, the second step (tests/test_two_factor.py logs in through the pages instead). Browser journeys
    written before the second step existed log the griffie in with a password only; they run with the
    requirement off, except the journey of the second step itself."""
    from django.test import Client

    from toerusting.twofactor.middleware import SESSION_KEY

    original = Client.force_login

    def force_login(self: Client, user: User, backend: str | None = None) -> None:
        original(self, user, backend)
        session = self.session
        session[SESSION_KEY] = {"user": user.pk, "verified": True}
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
    if request.node.get_closest_marker("browser") and not request.node.get_closest_marker("two_factor"):
        settings.TWO_FACTOR_REQUIRED = False


@dataclass
class Tenant:
    """An organisation with raad, commissie, presidium, term, fractie and a raadslid who can log in."""

    organisation: Organisation
    raad: Body
    commissie: Body
    presidium: Body
    term: CouncilTerm
    fractie: Fractie
    person: Person
    user: User
    griffier: User
    module: LearningItem
    session: Session
    meeting: Meeting
    agenda_item: AgendaItem
    ris: RisConnection
    tab_key: str
    planner: PlannerObjects | None = None  # made on first use by planner_objects()


def make_tenant(name: str, slug: str, cbs_code: str) -> Tenant:
    organisation = OrganisationFactory(name=name, slug=slug, cbs_code=cbs_code, tooi_code=cbs_code.lower())
    raad = BodyFactory(
        organisation=organisation,
        key="raad",
        kind="raad",
        name="Gemeenteraad",
        bob_phase="",
        seats=15,
    )
    commissie = BodyFactory(organisation=organisation, key="commissie", name=f"Commissie {name}")
    presidium = BodyFactory(
        organisation=organisation, key="presidium", kind="presidium", name="Presidium", bob_phase=""
    )
    term = CouncilTermFactory(organisation=organisation)
    fractie = FractieFactory(organisation=organisation, term=term, name=f"Lokaal {name}")
    user = UserFactory(username=f"raadslid-{slug}")
    person = PersonFactory(given_name=f"Lid{slug.title()}", family_name=f"Van{slug.title()}", user=user)
    start = dt.date(2026, 4, 1)
    FunctieFactory(
        person=person,
        organisation=organisation,
        body=raad,
        role="raadslid",
        fractie=fractie,
        start_date=start,
    )
    FunctieFactory(
        person=person,
        organisation=organisation,
        body=raad,
        role="fractievoorzitter",
        fractie=fractie,
        start_date=start,
    )
    FunctieFactory(person=person, organisation=organisation, body=presidium, role="lid", start_date=start)
    griffier = UserFactory(username=f"griffier-{slug}")
    FunctieFactory(
        person=PersonFactory(given_name="Griet", family_name=f"Griffier{slug.title()}", user=griffier),
        organisation=organisation,
        body=raad,
        role="griffier",
        start_date=start,
    )
    module = make_module(f"{slug}-eigen-module", organisation=organisation, title=f"Inwerken in {name}")
    session = Session.objects.create(
        item=module,
        starts_at=dt.datetime(2026, 9, 1, 19, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 9, 1, 21, 30, tzinfo=dt.UTC),
        location=f"Raadzaal {name}",
    )
    meeting = Meeting.objects.create(
        organisation=organisation,
        gremium=raad,
        name=f"Raadsvergadering {name}",
        start=dt.datetime(2027, 1, 14, 19, 30, tzinfo=dt.UTC),
        source="push",
        source_id=f"{slug}-vg-1",
    )
    agenda_item = AgendaItem.objects.create(
        meeting=meeting,
        source_id=f"{slug}-ap-1",
        number="1",
        order=1,
        position=1,
        original_title=f"Zienswijze begroting GGD {name}",
        title=f"Zienswijze begroting GGD {name}",
    )
    ris = RisConnection.objects.create(
        organisation=organisation,
        name="Test-RIS",
        issuer=f"https://ris.{slug}.example",
        algorithm="HS256",
        key="x" * 40,
        frame_origins=[f"https://ris.{slug}.example"],
        agenda_source="push",
    )
    tab_key = f"tab-{slug}-{'k' * 20}"
    TabSession.objects.create(
        key=tab_key,
        user=griffier,
        connection=ris,
        user_agent_digest=user_agent_digest(""),  # Django's test client sends no User-Agent
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    return Tenant(
        organisation,
        raad,
        commissie,
        presidium,
        term,
        fractie,
        person,
        user,
        griffier,
        module,
        session,
        meeting,
        agenda_item,
        ris,
        tab_key,
    )


@pytest.fixture
def tenant_a(db: None) -> Tenant:
    return make_tenant("Aadorp", "aadorp", "GM9101")


@pytest.fixture
def tenant_b(db: None) -> Tenant:
    return make_tenant("Beestad", "beestad", "GM9102")


@dataclass
class PlannerObjects:
    """A term plan with one of everything, for URLs of the planner (tests/test_isolation.py)."""

    plan: TermPlan
    activity: Activity
    rule: TimingRule
    period: BlockedPeriod
    milestone: Milestone
    session: PlannedSession
    step: OnboardingStep


def planner_objects(tenant: Tenant) -> PlannerObjects:
    """The tenant's term plan objects, made on first use."""
    if tenant.planner is None:
        plan = planner_services.create_plan(tenant.organisation, tenant.term)
        activity = planner_services.add_activity(
            plan, tenant.module, audience="raad", sessions=1, duration_minutes=120, owner_kind="griffier"
        )
        rule = planner_services.add_rule(activity, "weken_ertussen", 2)
        session = PlannedSession.objects.create(
            activity=activity,
            number=1,
            starts_at=dt.datetime(2026, 9, 8, 17, 30, tzinfo=dt.UTC),
            ends_at=dt.datetime(2026, 9, 8, 19, 30, tzinfo=dt.UTC),
            daypart="avond",
            is_published=True,
        )
        template = OnboardingTemplate.objects.create(plan=plan, role="raadslid", title="Inwerken")
        step = OnboardingStep.objects.create(
            template=template, theme="kennismaking", title="Kennismaken", due_weeks=2, activity=activity
        )
        period = plan.blocked_periods.first()
        milestone = plan.milestones.first()
        assert period is not None and milestone is not None  # create_plan fills in recesses and P&C dates
        tenant.planner = PlannerObjects(plan, activity, rule, period, milestone, session, step)
    return tenant.planner
