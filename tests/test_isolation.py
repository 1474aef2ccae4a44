"""Tenant isolation matrix and role matrix, both built from the URL resolver.

Isolation: a griffier of organisation A requests every URL that exists for organisation B. Roles: every
route is requested by an anonymous visitor, a member, A's griffie, B's griffie and a superuser who arrives
through A's RIS, and the status of each is asserted exactly (EXPECTED below). Every URL pattern added later
is covered without editing the walker: a route missing from EXPECTED, or a URL argument the matrix does not
know how to fill (KWARG_VALUES), makes the tests fail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.budget_mentor_objects import budget_objects, mentoring_objects
from tests.candidate_objects import evening_of
from tests.conftest import Tenant, planner_objects
from tests.development_objects import development_objects
from tests.intervision_objects import intervision_objects, move_data
from tests.lti_objects import registration_of
from tests.midterm_objects import midterm_reflection
from tests.practice_network_objects import national_item, network_objects, practice_objects
from toerusting.accounts.models import User
from toerusting.catalogue.models import Session
from toerusting.citizens import services as citizen_services
from toerusting.notifications import services as notification_services
from toerusting.planner import services as planner_services
from toerusting.planner.models import SignupList


def signup_list_of(tenant: Tenant) -> SignupList:
    """The tenant's sign-up list (made on first use): a session of its own offer next year."""
    found = SignupList.objects.filter(organisation=tenant.organisation).first()
    if found is not None:
        return found
    starts = timezone.now() + dt.timedelta(days=60)
    session = Session.objects.create(
        item=tenant.module, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), location="Raadzaal"
    )
    signup_list = planner_services.set_signup_list(tenant.organisation, offer_session=session, capacity=10)
    planner_services.sign_up(signup_list, tenant.user.pk)
    return signup_list


# How to fill each URL argument for a given tenant. Admin arguments point at the tenant's own records.
KWARG_VALUES: dict[str, Callable[[Tenant], str | int]] = {
    "org": lambda t: t.organisation.slug,
    "body_id": lambda t: t.commissie.pk,
    "fractie_id": lambda t: t.fractie.pk,
    "person_id": lambda t: t.person.pk,
    "slug": lambda t: t.module.slug,  # the organisation's own catalogue item (a micro-module)
    "session_id": lambda t: t.session.pk,
    "number": lambda t: 1,
    "meeting_id": lambda t: t.meeting.pk,
    "item_id": lambda t: t.agenda_item.pk,
    # Django admin (superusers only)
    "app_label": lambda t: "organisations",
    "model_name": lambda t: "organisation",
    "object_id": lambda t: t.organisation.pk,
    "content_type_id": lambda t: 1,
    "url": lambda t: "x",
    "id": lambda t: t.user.pk,
    # Term planner: the tenant's plan objects, made on first use
    "activity_id": lambda t: planner_objects(t).activity.pk,
    "rule_id": lambda t: planner_objects(t).rule.pk,
    "period_id": lambda t: planner_objects(t).period.pk,
    "milestone_id": lambda t: planner_objects(t).milestone.pk,
    "planned_id": lambda t: planner_objects(t).session.pk,
    "step_id": lambda t: planner_objects(t).step.pk,
    # The organisation's logo by version: the tenants have none, so every visitor gets 404 (tested with a
    # logo in tests/test_house_style.py).
    "version": lambda t: 1,
    # The journal: an entry and a module reflection of the tenant's griffier (private to the griffier)
    "entry_id": lambda t: journal_objects(t)[0],
    "reflection_id": lambda t: journal_objects(t)[1],
    # Sign-up: a list for a future session of the tenant's own offer, with the member signed up
    "list_id": lambda t: signup_list_of(t).pk,
    "unsubscribe_token": lambda t: notification_services.unsubscribe_token(t.user.pk, "weekoverzicht"),
    # Training budget and mentoring: made through their services on first use
    "claim_id": lambda t: budget_objects(t).claim.pk,
    "pair_id": lambda t: mentoring_objects(t).pair.pk,
    "proposal_id": lambda t: mentoring_objects(t).proposal.pk,
    "track_id": lambda t: mentoring_objects(t).track.pk,
    # Personal development: the griffier's own scan and plan; the member shares with and asks the griffier
    "scan_id": lambda t: development_objects(t).griffier_scan.pk,
    "share_id": lambda t: development_objects(t).share.pk,
    "request_id": lambda t: development_objects(t).request.pk,
    "goal_id": lambda t: development_objects(t).goal.pk,
    "action_id": lambda t: development_objects(t).action.pk,
    # The second login step: the griffie resets it for the organisation's raadslid
    "user_id": lambda t: t.user.pk,
    # A passkey of the organisation's member: only its owner reaches it.
    "passkey_id": lambda t: passkey_of(t),
    # Account links from e-mails: a forged link (the reset page refuses it; the e-mail page asks first)
    "uidb64": lambda t: "x",
    "token": lambda t: "x",
    # Reports: a key that exists both among an organisation's reports and in the national monitor
    "report": lambda t: "evaluaties",
    # Intervision: a round with proposed groups (the member is not in it) and the member's fixed group
    "round_id": lambda t: intervision_objects(t).round.pk,
    "group_id": lambda t: intervision_objects(t).group.pk,
    # The mid-term reflection: open today, for members (not for the griffie unless it includes the griffie)
    "midterm_id": lambda t: midterm_reflection(t).pk,
    # Good practices: the tenant's own draft (public only once published, so the matrix sees a private one)
    "practice_id": lambda t: practice_objects(t).draft.pk,
    # Learning networks: the network coordinated by the tenant's griffier, with the raadslid as member
    "network_id": lambda t: network_objects(t).network.pk,
    # LTI 1.3: the tenant's platform registration, made through the service on first use
    "registration_id": lambda t: registration_of(t).pk,
    "membership_id": lambda t: network_objects(t).pending.pk,
    "event_id": lambda t: network_objects(t).event.pk,
    "post_id": lambda t: network_objects(t).post.pk,
    # Learning providers: a provider with items waiting for moderation; none of the roles is its staff
    "provider": lambda t: provider_objects()[0],
    "provider_item_id": lambda t: provider_objects()[1],
    "moderation_id": lambda t: provider_objects()[2],
    # Open badges: a badge of the tenant, earned by its griffier (the member's pages are the griffier's own)
    "definition_id": lambda t: badge_objects(t)[0],
    "award_id": lambda t: badge_objects(t)[1],
    "award_uid": lambda t: badge_objects(t)[2],
    # The candidates' track: an information evening of the tenant's griffie, a month from now
    "evening_id": lambda t: evening_of(t).pk,
}


def provider_objects() -> tuple[str, int, int]:
    """A learning provider (no staff among the tenants), one of its items and that item's pending
    moderation request, made through its feed import on first use (the same for both tenants)."""
    from pathlib import Path

    from toerusting.providers import services as provider_services
    from toerusting.providers.models import ModerationRequest

    provider = provider_services.create_provider("isolatie-aanbieder", "Academie voor de matrix")
    pending = ModerationRequest.objects.filter(item__provider=provider, status="pending").first()
    if pending is None:
        feed = Path(__file__).parent / "providers" / "oost_courses.jsonld"
        provider_services.import_feed(
            provider, feed.read_bytes(), feed_format="jsonld", source_url="https://matrix.example/feed"
        )
        pending = ModerationRequest.objects.filter(item__provider=provider, status="pending").first()
    assert pending is not None
    return provider.slug, pending.item_id, pending.pk


def badge_objects(tenant: Tenant) -> tuple[int, int, str]:
    """A badge of the tenant made of its own module, earned by its griffier by completing the module."""
    from toerusting.badges import services as badge_services
    from toerusting.badges.models import Award
    from toerusting.learning import services as learning_services

    if "badges" not in tenant.__dict__:
        text = badge_services.BadgeText(
            name="Ingewerkt",
            description="Heeft de eigen inwerkmodule afgerond.",
            criteria="De inwerkmodule van de raad afgerond.",
            design="schild",
            rule="modules",
            activity=None,
            items=[tenant.module],
        )
        definition = badge_services.create_definition(tenant.organisation, tenant.griffier, text)
        learning_services.complete(tenant.griffier, tenant.module)
        award = Award.objects.get(definition=definition, user=tenant.griffier)
        tenant.__dict__["badges"] = (definition.pk, award.pk, str(award.uid))
    return tenant.__dict__["badges"]


# URL arguments that name the same thing for every organisation (a report's key), not a tenant's object: a
# URL with A's organisation and only these arguments is A's own page.
SHARED_KWARGS = {"report"}


def journal_objects(tenant: Tenant) -> tuple[int, int]:
    """A journal entry and a module reflection of the tenant's griffier, made on first use."""
    from toerusting.learning import services as learning_services
    from toerusting.reflections import services as reflection_services

    if "journal" not in tenant.__dict__:
        entry = reflection_services.write_entry(tenant.griffier, "Een eigen notitie.")
        reflection = learning_services.reflect(tenant.griffier, tenant.module, "Een reflectie.")
        assert reflection is not None
        tenant.__dict__["journal"] = (entry.pk, reflection.pk)
    return tenant.__dict__["journal"]


def passkey_of(tenant: Tenant) -> int:
    from toerusting.twofactor.models import Passkey

    passkey, _created = Passkey.objects.get_or_create(
        user=tenant.user,
        name="Sleutelbos",
        defaults={"credential_id": f"cred-{tenant.user.pk}", "public_key": b"x"},
    )
    return passkey.pk


# Argument-free URLs that exist for everyone; they must not show another organisation's data.
# POST-only endpoints are listed with the method they accept.
POST_ONLY = {"set_language", "accounts:logout"}


@dataclass(frozen=True)
class Route:
    name: str
    kwargs: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")


def _walk(
    patterns: list[URLPattern | URLResolver], namespace: str, kwargs: tuple[str, ...]
) -> Iterator[Route]:
    for entry in patterns:
        names = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            child_ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, child_ns, kwargs + names)
        else:
            if entry.name is None:
                if namespace.startswith("admin:"):
                    continue  # the admin's own unnamed redirects to named views
                raise AssertionError(f"URL pattern {entry.pattern} has no name; every URL needs one")
            yield Route(f"{namespace}{entry.name}", kwargs + names)


def all_routes() -> list[Route]:
    routes = {route.name: route for route in _walk(get_resolver().url_patterns, "", ())}
    return sorted(routes.values(), key=lambda r: r.name)


# Routes whose URL argument is itself the credential (a signed link in an e-mail): whoever holds it may use
# it, without a login; a forged or altered token is a 404 (tests/test_notifications.py), or a page that says
# the link does not work (the password reset and the e-mail change, tests/test_account_recovery.py).
SIGNED_LINK_ROUTES = {
    "notifications:unsubscribe",
    "accounts:reset_confirm",
    "accounts:confirm_email",
    # The confirm and cancel links of a sign-up for an information evening (candidates): a forged or expired
    # token is a 404 page that says the link does not work (tests/test_candidates.py).
    "candidates:confirm",
    "candidates:cancel",
}
# Public pages of an organisation for residents (no login): they show that organisation's aggregates only
# (test_public_pages_show_only_their_organisation below; k-anonymity in tests/test_citizens.py).
PUBLIC_ROUTES = {
    "citizens:results",
    "citizens:feedback",
    # The candidates' track of an organisation and the sign-up for its information evenings, for people who
    # consider standing for election (no account): that organisation's evenings and public meetings only.
    "candidates:organisation",
    "candidates:signup",
}
# The page "Inloggen met het account van <organisatie>": open to anyone (it is where logging in starts), it
# shows only the organisation's name, and exists only where the organisation switched its identity provider
# on (test_organisation_login_page_shows_only_its_organisation below; the flow in tests/test_oidc.py).
ORGANISATION_LOGIN_ROUTES = {"oidc:start"}
# Routes of learning networks: a network belongs to no organisation (people of several councils meet in it)
# and its public face is open to anyone with an account, so "another organisation's URL" does not apply.
# Its own rule (members only, 404 to everyone else) is walked route by route in
# tests/test_networks.py::test_non_member_gets_404_on_every_member_route, and every role is in EXPECTED below.
CROSS_ORGANISATION_ROUTES = {r.name for r in all_routes() if r.name.startswith("networks:")}
# Routes of learning providers: a provider is no organisation; its staff see only their own provider's pages
# (404 for any other), walked route by route in
# tests/test_providers.py::test_staff_see_and_edit_only_their_own_offer; the moderation queue is the
# operator's. Every role is in EXPECTED below.
PROVIDER_ROUTES = {r.name for r in all_routes() if r.name.startswith("providers:")} | {"linkcheck:provider"}
# Public faces of open badges (no login): an issuer's profile, public keys and revocation list (anyone must be
# able to check a badge), and a badge its member chose to share (404 unless shared; its random uuid is the
# address).
# Tested below (test_badge_issuer_pages_show_only_their_organisation) and in tests/test_badges.py.
BADGE_PUBLIC_ROUTES = {"badges:issuer", "badges:jwks", "badges:shared", "badges:status_list"}
TENANT_ROUTES = [
    r
    for r in all_routes()
    if r.kwargs
    and not r.is_admin
    and r.name
    not in SIGNED_LINK_ROUTES
    | PUBLIC_ROUTES
    | CROSS_ORGANISATION_ROUTES
    | ORGANISATION_LOGIN_ROUTES
    | PROVIDER_ROUTES
    | BADGE_PUBLIC_ROUTES
]
ADMIN_ROUTES = [r for r in all_routes() if r.is_admin]
GLOBAL_ROUTES = [r for r in all_routes() if not r.kwargs and not r.is_admin]


def url_for(
    route: Route, tenant: Tenant, override: Tenant | None = None, *, viewer: Tenant | None = None
) -> str:
    """The URL of the route filled for a tenant; the RIS tab's URLs carry the viewer's tab session key."""
    kwargs: dict[str, str | int] = {}
    for name in route.kwargs:
        if name not in KWARG_VALUES:
            pytest.fail(
                f"{route.name}: URL argument {name!r} is not in the isolation matrix; add it to "
                f"KWARG_VALUES in {__file__}"
            )
        source = override if (override is not None and name == "org") else tenant
        kwargs[name] = KWARG_VALUES[name](source)
    url = reverse(route.name, kwargs=kwargs)
    if route.name.startswith("embed:") and viewer is not None:
        url += f"?s={viewer.tab_key}"
    return url


def test_matrix_covers_the_known_routes() -> None:
    """Guards the walker itself: if it found nothing, the matrix below would pass vacuously."""
    names = {r.name for r in TENANT_ROUTES}
    assert {
        "organisations:overview",
        "organisations:body",
        "organisations:fractie",
        "organisations:person",
    } <= names
    assert "portal:home" in {r.name for r in GLOBAL_ROUTES}
    assert ADMIN_ROUTES


def fetch(client: Client, url: str, data: dict[str, str] | None = None) -> HttpResponse:
    """GET the URL; for a POST-only endpoint (405 on GET), POST to it (with the data, if given)."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, data or {})
    return response


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_member_of_a_sees_no_url_of_b(
    route: Route, tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    # The griffier of A may use every page of A, so the control below proves each URL really works.
    client.force_login(tenant_a.griffier)

    planner_objects(tenant_a)
    planner_objects(tenant_b)
    development_objects(tenant_a)
    development_objects(tenant_b)
    practice_objects(tenant_a)
    practice_objects(tenant_b)
    own = fetch(
        client, url_for(route, tenant_a, viewer=tenant_a), _post_data(route, tenant_a, tenant_a.griffier)
    )
    # The control answers exactly what the role matrix expects of A's griffie (200 for a page, 302 after a
    # successful action), so the refusals below are refusals of a URL that works.
    assert _code(own) == EXPECTED[route.name]["griffie"], f"{route.name} should work for its own griffie"

    foreign = fetch(client, url_for(route, tenant_b, viewer=tenant_a))
    assert foreign.status_code in (403, 404), f"{route.name} leaked organisation B to a member of A"

    if "org" in route.kwargs and set(route.kwargs) - {"org"} - SHARED_KWARGS:
        # A's own organisation in the URL, B's objects in the other arguments.
        mixed = fetch(client, url_for(route, tenant_b, override=tenant_a, viewer=tenant_a))
        assert mixed.status_code in (403, 404), f"{route.name} showed B's object under A's URL"


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_anonymous_visitor_gets_nothing(route: Route, tenant_b: Tenant, client: Client) -> None:
    response = fetch(client, url_for(route, tenant_b))
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code in (403, 404), (
            f"{route.name} answered {response.status_code} to a visitor"
        )


@pytest.mark.parametrize("route", GLOBAL_ROUTES, ids=lambda r: r.name)
def test_pages_without_organisation_show_nothing_of_b(
    route: Route, tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    client.force_login(tenant_a.user)
    url = reverse(route.name)
    response = client.post(url) if route.name in POST_ONLY else client.get(url)
    assert response.status_code < 500
    body = response.content.decode()
    for secret in (
        tenant_b.organisation.name,
        tenant_b.person.family_name,
        tenant_b.commissie.name,
        tenant_b.fractie.name,
        tenant_b.module.title,
    ):
        assert secret not in body, f"{route.name} shows {secret!r} of organisation B"


# Admin pages that any visitor may load: they hold no organisation data.
ADMIN_OPEN = {"admin:login", "admin:jsi18n"}


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=lambda r: r.name)
def test_admin_is_closed_to_members(route: Route, tenant_a: Tenant, tenant_b: Tenant, client: Client) -> None:
    """The admin is for platform operators; a council member gets the admin login, never B's data."""
    client.force_login(tenant_a.user)
    response = client.get(url_for(route, tenant_b))
    if route.name not in ADMIN_OPEN:
        assert response.status_code in (302, 403, 404, 405)
    if response.status_code == 302:
        location = response["Location"]
        # Non-staff are sent to the (rate-limited) login, which sends a logged-in member home.
        assert location.startswith(reverse("admin:index")) or location == reverse("portal:home")
    body = response.content.decode()
    assert tenant_b.organisation.name not in body
    assert tenant_b.person.family_name not in body


# --- The role matrix --------------------------------------------------------------------------------------
#
# Every route, requested by five kinds of visitor of organisation A (Aadorp):
#   anonymous      nobody logged in, no tab session
#   member         A's raadslid (also fractievoorzitter and presidium member), with a tab session of A's RIS
#   griffie        A's griffier, with a tab session of A's RIS
#   other_griffie  B's griffier (a griffie, but of Beestad), with a tab session of B's RIS
#   superuser_ris  a platform operator who arrives through A's RIS: the launch with their e-mail address is
#                  refused; a tab session made for them before that rule existed is refused too
# The expected status of each route and role is written down below, exactly. "302L" is a redirect to a login
# page. A POST-only route is posted with valid data (POST_DATA), so its control is a real action.

ROLES = (
    "anonymous",
    "member",
    "other_griffie",
    "superuser_ris",
    "griffie",
)  # the griffie last: it may delete
LOGIN = "302L"


def _expect(codes: str) -> dict[str, str]:
    """'anonymous member griffie other_griffie superuser_ris' as five codes, in that order."""
    order = ("anonymous", "member", "griffie", "other_griffie", "superuser_ris")
    values = codes.split()
    assert len(values) == len(order), codes
    return dict(zip(order, values, strict=True))


# Pages of A for its members: the griffie and the member both use them; B's griffie gets 404.
MEMBER_PAGE = _expect("302L 200 200 404 302L")
# Pages of A for the griffie only: a member gets 403 (the permission funnel), B's griffie 404.
GRIFFIE_PAGE = _expect("302L 403 200 404 302L")
# POST actions of the griffie: success redirects back to the plan or list.
GRIFFIE_ACTION = _expect("302L 403 302 404 302L")
# The RIS tab: no valid tab session is 403 (refusal page); B's session on A's URL is 404.
TAB_PAGE = _expect("403 200 200 404 403")

EXPECTED: dict[str, dict[str, str]] = {
    # accounts and language
    "accounts:login": _expect("200 302 302 302 200"),
    "accounts:logout": _expect("200 200 200 200 200"),
    # The member's own account: only their own sessions exist for them (another's session id is a 404).
    "accounts:account": _expect("302L 200 200 200 302L"),
    "accounts:change_password": _expect("302L 200 200 200 302L"),
    "accounts:end_sessions": _expect("302L 302 302 302 302L"),
    # the second login step: one's own (nobody here has an app: the pages send back to the set-up or home),
    # and the griffie's list and reset for people of its own organisation
    "twofactor:setup": _expect("302L 200 200 200 302L"),
    "twofactor:recovery_codes": _expect("302L 302 302 302 302L"),
    "twofactor:disable": _expect("302L 302 302 302 302L"),
    "twofactor:verify": _expect("302L 302 302 302 302L"),
    # passkeys come on top of an app (nobody here has one): the list sends to the set-up, the options and
    # the passkey login refuse or send home; a passkey's removal page only for its owner
    "twofactor:passkeys": _expect("302L 302 302 302 302L"),
    "twofactor:passkey_registration_options": _expect("302L 400 400 400 302L"),
    "twofactor:passkey_remove": _expect("302L 200 404 404 302L"),
    "twofactor:passkey_login": _expect("302L 302 302 302 302L"),
    "twofactor:passkey_login_options": _expect("302L 400 400 400 302L"),
    "twofactor:people": GRIFFIE_PAGE,
    "twofactor:reset": GRIFFIE_PAGE,
    # A forgotten password and a new e-mail address: open pages; a forged reset link is refused (400).
    "accounts:forgot_password": _expect("200 200 200 200 200"),
    "accounts:reset_sent": _expect("200 200 200 200 200"),
    "accounts:reset_confirm": _expect("400 400 400 400 400"),
    "accounts:change_email": _expect("302L 200 200 200 302L"),
    "accounts:confirm_email": _expect("200 200 200 200 200"),
    # Mijn gegevens: only one's own data exists for anyone; the deletion request logs the member out (200).
    "privacy:my_data": _expect("302L 200 200 200 302L"),
    "privacy:export_json": _expect("302L 200 200 200 302L"),
    "privacy:export_html": _expect("302L 200 200 200 302L"),
    "privacy:request_deletion": _expect("302L 200 200 200 302L"),
    # The retention period of former members' data: the griffie of the organisation
    "privacy_manage:retention": GRIFFIE_PAGE,
    # Logging in through the organisation's identity provider (A's is switched on in the role world): the
    # start page is open to anyone; the provider's answer without a login this browser started is refused
    # (400); the page after the provider's logout is open; the griffie configures it.
    "oidc:start": _expect("200 200 200 200 200"),
    "oidc:callback": _expect("400 400 400 400 400"),
    "oidc:logged_out": _expect("200 200 200 200 200"),
    "oidc_manage:settings": GRIFFIE_PAGE,
    "admin_login": _expect("200 302 302 302 200"),
    "set_language": _expect("302 302 302 302 302"),
    "health": _expect("200 200 200 200 200"),
    "health_live": _expect("200 200 200 200 200"),
    "health_ready": _expect("200 200 200 200 200"),
    # metrics: the test client is a direct request from 127.0.0.1 (allowed without METRICS_TOKEN)
    "metrics": _expect("200 200 200 200 200"),
    "portal:home": _expect("200 200 200 200 200"),
    # agenda (the push API authenticates with its bearer token, never with a browser session)
    "agenda:calendar": MEMBER_PAGE,
    "recommendations:meeting": MEMBER_PAGE,
    "agenda_api:meetings": _expect("401 401 401 401 401"),
    "agenda_api:cancel": _expect("401 401 401 401 401"),
    "agenda_api:delete": _expect("401 401 401 401 401"),
    "agenda_api:openapi": _expect("200 200 200 200 200"),
    # catalogue: A's own item is visible to A's members only
    "catalogue:list": _expect("200 200 200 200 200"),
    "catalogue:item": _expect("404 200 200 404 404"),
    "catalogue:endorse": _expect("302L 302 302 404 302L"),
    "catalogue:withdraw_endorsement": _expect("302L 302 302 404 302L"),
    "catalogue:send_to_colleague": _expect("302L 302 302 404 302L"),
    "catalogue:own": GRIFFIE_PAGE,
    "catalogue:own_create": GRIFFIE_PAGE,
    "catalogue:own_edit": GRIFFIE_PAGE,
    "catalogue:own_sessions": GRIFFIE_PAGE,
    "catalogue:own_session_delete": GRIFFIE_ACTION,
    "catalogue:own_withdraw": GRIFFIE_ACTION,
    # the RIS tab
    "embed:launch": _expect("403 302 302 403 403"),
    "embed:upcoming": TAB_PAGE,
    "embed:meeting": TAB_PAGE,
    "embed:agenda_item": TAB_PAGE,
    "embed:learning_item": TAB_PAGE,
    "tabsessions:list": GRIFFIE_PAGE,
    # the keys of the organisation's RIS connections: shown only as "set", rotated by the griffie
    "tabsessions:keys": GRIFFIE_PAGE,
    # LTI 1.3 tool endpoints: public, because the platform's signature, our state and the nonce are the
    # credentials (tests/test_lti.py). Without a valid message every visitor gets the refusal page (403);
    # the key set is public. The griffie's registration pages are the griffie's.
    "lti:login": _expect("403 403 403 403 403"),
    "lti:launch": _expect("403 403 403 403 403"),
    "lti:deep_link": _expect("403 403 403 403 403"),
    "lti:jwks": _expect("200 200 200 200 200"),
    "ltiplatforms:list": GRIFFIE_PAGE,
    "ltiplatforms:new": GRIFFIE_PAGE,
    "ltiplatforms:edit": GRIFFIE_PAGE,
    # learning
    "learning:mine": _expect("302L 200 200 200 302L"),
    "learning:module": _expect("302L 200 200 404 302L"),
    "learning:step": _expect("302L 200 200 404 302L"),
    "learning:done": _expect("302L 302 302 404 302L"),
    # organisations
    "organisations:overview": MEMBER_PAGE,
    "organisations:body": MEMBER_PAGE,
    "organisations:fractie": MEMBER_PAGE,
    "organisations:person": MEMBER_PAGE,
    "organisations:house_style": GRIFFIE_PAGE,
    # the audit trail: the griffie of the organisation (and the operator, in the admin)
    "audit:trail": GRIFFIE_PAGE,
    "audit:export": GRIFFIE_PAGE,
    "organisations:logo": _expect("404 404 404 404 404"),
    # planner: the griffie plans; members see their own plan, feed and onboarding steps
    "planner:plan": GRIFFIE_PAGE,
    "planner:activity": GRIFFIE_PAGE,
    "planner:activity_create": GRIFFIE_PAGE,
    "planner:activity_edit": GRIFFIE_PAGE,
    "planner:activity_delete": GRIFFIE_ACTION,
    "planner:rule_delete": GRIFFIE_ACTION,
    "planner:period_add": GRIFFIE_ACTION,
    "planner:period_delete": GRIFFIE_ACTION,
    "planner:milestone_add": GRIFFIE_ACTION,
    "planner:milestone_delete": GRIFFIE_ACTION,
    "planner:schedule": GRIFFIE_ACTION,
    "planner:publish": GRIFFIE_ACTION,
    "planner:timeline": GRIFFIE_PAGE,
    "planner:members": GRIFFIE_PAGE,
    "planner:member": GRIFFIE_PAGE,
    "planner:feed_address": GRIFFIE_PAGE,
    "planner:feed": MEMBER_PAGE,
    "planner:mine": MEMBER_PAGE,
    "planner:my_feed": MEMBER_PAGE,
    "planner:revoke_my_feed": _expect("302L 302 302 404 302L"),
    "planner:step_toggle": _expect("302L 302 302 404 302L"),
    "planner:session": MEMBER_PAGE,
    # sign-up: members sign up and off; the griffie sees lists and the CSV
    "planner:signups": GRIFFIE_PAGE,
    "planner:signup_page": MEMBER_PAGE,
    "planner:sign_up": _expect("302L 302 302 404 302L"),
    "planner:sign_off": _expect("302L 302 302 404 302L"),
    "planner:invitation": _expect("302L 200 404 404 302L"),  # only the member is signed up
    "planner:signup_csv": GRIFFIE_PAGE,
    "planner:sign_up_for_member": GRIFFIE_ACTION,  # the griffie acts for a member who phoned
    "planner:sign_off_for_member": GRIFFIE_ACTION,
    # e-mail: the preference page needs a login; the signed unsubscribe link does not
    "notifications:preferences": _expect("302L 200 200 200 302L"),
    "notifications:unsubscribe": _expect("200 200 200 200 200"),
    # training budget: members see their own ledger and requests; the griffie decides, exports, overviews
    "budgets:mine": MEMBER_PAGE,
    "budgets:request": MEMBER_PAGE,
    "budgets:claim": MEMBER_PAGE,
    "budgets:withdraw": _expect("302L 302 404 404 302L"),  # only the member who asked
    "budgets:decide": GRIFFIE_ACTION,
    "budgets:griffie": GRIFFIE_PAGE,
    "budgets:rules": GRIFFIE_PAGE,
    "budgets:overview": GRIFFIE_PAGE,
    "budgets:export": GRIFFIE_PAGE,
    # mentoring: the pair's own log; the griffie pairs, ends pairs and signs off train-the-trainer steps
    "mentoring:mine": MEMBER_PAGE,
    "mentoring:wish": _expect("302L 302 302 404 302L"),
    "mentoring:respond": _expect("302L 302 404 404 302L"),  # only the new member of the proposal
    "mentoring:pair": MEMBER_PAGE,
    "mentoring:log_meeting": _expect("302L 302 404 404 302L"),  # only the two of the pair
    "mentoring:end_pair": GRIFFIE_ACTION,
    "mentoring:griffie": GRIFFIE_PAGE,
    "mentoring:propose": GRIFFIE_ACTION,
    "mentoring:track_create": GRIFFIE_ACTION,
    "mentoring:track": MEMBER_PAGE,
    "mentoring:sign_off": GRIFFIE_ACTION,
    # personal development: a scan, plan or 360° result is its owner's only (here the griffier's own scan
    # and plan: the member gets 404); the member shares a summary with and asks feedback of the griffier
    "development:home": MEMBER_PAGE,
    "development:scan_start": _expect("302L 302 302 404 302L"),
    "development:profile": _expect("302L 404 200 404 302L"),
    "development:scan_step": _expect("302L 404 302 404 302L"),  # a finished scan: to its profile
    "development:feedback_invite": _expect("302L 404 302 404 302L"),
    "development:feedback_answer": _expect("302L 404 200 404 302L"),
    "development:share": _expect("302L 302 302 404 302L"),
    "development:share_stop": _expect("302L 302 404 404 302L"),
    "development:shared": MEMBER_PAGE,  # the owner (member) and the colleague it is shared with (griffier)
    "development:plan": MEMBER_PAGE,
    "development:plan_print": MEMBER_PAGE,
    "development:plan_draft": _expect("302L 302 302 404 302L"),
    "development:plan_edit": MEMBER_PAGE,
    "development:goal_add": MEMBER_PAGE,
    "development:goal_edit": _expect("302L 404 200 404 302L"),
    "development:goal_delete": _expect("302L 404 302 404 302L"),
    "development:action_add": _expect("302L 404 200 404 302L"),
    "development:action_edit": _expect("302L 404 200 404 302L"),
    "development:action_delete": _expect("302L 404 302 404 302L"),
    "development:overview": GRIFFIE_PAGE,
    # intervision: members sign up, the griffie forms, moves and fixes; a group's page, notes and calendar
    # are for its members only (the griffie and the operator get 404)
    "intervision:home": MEMBER_PAGE,
    "intervision:round_create": GRIFFIE_PAGE,
    "intervision:round": MEMBER_PAGE,
    "intervision:signup": _expect("302L 302 403 404 302L"),
    "intervision:form_groups": GRIFFIE_ACTION,
    "intervision:move": GRIFFIE_ACTION,
    "intervision:freeze": GRIFFIE_ACTION,
    "intervision:group": _expect("302L 200 404 404 302L"),
    "intervision:add_note": _expect("302L 302 404 404 302L"),
    "intervision:group_ical": _expect("302L 200 404 404 302L"),
    # mid-term reflection: the griffie opens it; members answer (the griffie only when included); the report
    # (figures of at least 5 answers) is for the whole council
    "midterm:home": MEMBER_PAGE,
    "midterm:create": GRIFFIE_PAGE,
    "midterm:answer": _expect("302L 200 403 404 302L"),
    "midterm:report": MEMBER_PAGE,
    # recommendations
    "recommendations:prepare": _expect("302L 200 200 200 302L"),
    "recommendations:curate": GRIFFIE_PAGE,
    "recommendations:curate_action": GRIFFIE_ACTION,
    # reflections: the journal is the user's own (the entries in the URLs are the griffier's); the
    # question is set by the griffie (or the chair); members answer the pulse, the griffie does not; the
    # figures are for the griffie and the presidium (A's member is a fractievoorzitter)
    "reflections:journal": _expect("302L 200 200 200 302L"),
    "reflections:write": _expect("302L 200 200 200 302L"),
    "reflections:export_markdown": _expect("302L 200 200 200 302L"),
    "reflections:export_json": _expect("302L 200 200 200 302L"),
    "reflections:delete_entry": _expect("302L 404 302 404 302L"),
    "reflections:delete_module_reflection": _expect("302L 404 302 404 302L"),
    "reflections:delete_all": _expect("302L 302 302 302 302L"),
    "reflections:question": GRIFFIE_PAGE,
    "reflections:screen": MEMBER_PAGE,
    "reflections:pulse": _expect("302L 200 403 404 302L"),
    "reflections:pulse_result": MEMBER_PAGE,
    "reflections:trend": MEMBER_PAGE,
    "reflections:trend_csv": MEMBER_PAGE,
    "reflections:write_about_meeting": MEMBER_PAGE,
    "embed:pulse": _expect("403 200 403 404 403"),
    # residents' feedback: the form and the results are public (the tenants' forms are open); the griffie
    # opens and closes the form and writes the council's reaction
    "citizens:results": _expect("200 200 200 200 200"),
    "citizens:feedback": _expect("200 200 200 200 200"),
    "citizens:manage": GRIFFIE_PAGE,
    # The candidates' track: public pages and links from the e-mail (a forged token is 404), and the
    # griffie's information evenings
    "candidates:track": _expect("200 200 200 200 200"),
    "candidates:organisation": _expect("200 200 200 200 200"),
    "candidates:signup": _expect("200 200 200 200 200"),
    "candidates:confirm": _expect("404 404 404 404 404"),
    "candidates:cancel": _expect("404 404 404 404 404"),
    "candidates:manage": GRIFFIE_PAGE,
    "candidates:signups": GRIFFIE_PAGE,
    "candidates:export": GRIFFIE_PAGE,
    # Changing and calling off an evening: a page with a form; only its button (POST) acts.
    "candidates:change": GRIFFIE_PAGE,
    "candidates:call_off": GRIFFIE_PAGE,
    # The gaps overview: the operator (staff, who logs in on the site) and providers with gaps.view_gaps
    "gaps:overview": _expect("302L 403 403 403 302L"),
    # reports: the griffie's; the national monitor is the operator's (who logs in on the site, not via a RIS)
    "reports:overview": GRIFFIE_PAGE,
    "reports:yearly": GRIFFIE_PAGE,
    "reports:monitor_opt_in": GRIFFIE_PAGE,
    "reports:export": GRIFFIE_PAGE,
    "reports:monitor": _expect("302L 403 403 403 302L"),
    "reports:monitor_export": _expect("302L 403 403 403 302L"),
    # good practices: the library is public; a practice page is public once published (here the tenant's
    # draft: its own griffie only); moderation is the operator's, who logs in on the site (superuser_ris
    # arrives only through the RIS and is refused like a visitor)
    "practices:library": _expect("200 200 200 200 200"),
    "practices:ambassadors": _expect("200 200 200 200 200"),
    "practices:detail": _expect("404 404 200 404 404"),
    "practices:moderation": _expect("302L 403 403 403 302L"),
    # learning providers: nobody of the five roles is a provider's staff (their pages are 404); the moderation
    # queue is the operator's; the overview says to a member that their account maintains no offer
    "providers:home": _expect("302L 200 200 200 302L"),
    "providers:moderation": _expect("302L 403 403 403 302L"),
    "providers:decide": _expect("302L 403 403 403 302L"),
    "providers:offer": _expect("302L 404 404 404 302L"),
    "providers:item_create": _expect("302L 404 404 404 302L"),
    "providers:item_edit": _expect("302L 404 404 404 302L"),
    "providers:item_withdraw": _expect("302L 404 404 404 302L"),
    "providers:feed": _expect("302L 404 404 404 302L"),
    "providers:feed_read": _expect("302L 404 404 404 302L"),
    "linkcheck:provider": _expect("302L 404 404 404 302L"),
    "catalogue:feed": _expect("200 200 200 200 200"),
    "practices:moderate": _expect("302L 403 403 403 302L"),
    "practices:own": GRIFFIE_PAGE,
    "practices:create": GRIFFIE_PAGE,
    "practices:edit": GRIFFIE_PAGE,
    "practices:submit": GRIFFIE_ACTION,
    "practices:adopt": GRIFFIE_ACTION,
    "practices:peer_contact": GRIFFIE_ACTION,
    # learning networks: A's griffier coordinates the network, A's raadslid is a member, B's griffier is not
    # (sees only the public face and may ask to join)
    "networks:list": _expect("302L 200 200 200 302L"),
    "networks:network": _expect("302L 200 200 200 302L"),
    "networks:join": _expect("302L 302 302 302 302L"),
    "networks:leave": _expect("302L 302 403 404 302L"),  # the coordinator cannot leave
    "networks:members": _expect("302L 200 200 404 302L"),
    "networks:decide": _expect("302L 403 302 404 302L"),
    "networks:share": _expect("302L 302 302 404 302L"),
    "networks:event_create": _expect("302L 403 200 404 302L"),
    "networks:event": _expect("302L 200 200 404 302L"),
    "networks:sign_up": _expect("302L 302 302 404 302L"),
    "networks:sign_off": _expect("302L 302 302 404 302L"),
    "networks:post": _expect("302L 302 302 404 302L"),
    "networks:hide": _expect("302L 403 302 404 302L"),
    "networks:report": _expect("302L 302 302 404 302L"),
    "networks:reports": _expect("302L 403 200 404 302L"),
    # link check: the links of the own offer are the griffie's; the report of all links is the operator's
    # (staff, who log in on the site; superuser_ris comes only through the RIS and is refused like a visitor)
    "linkcheck:own": GRIFFIE_PAGE,
    "linkcheck:operator": _expect("302L 403 403 403 302L"),
    # open badges: the check and an issuer's profile, keys and revocation list are public; a badge not
    # shared is a 404 to everyone; the member pages of an award are its holder's only (here A's griffier
    # earned it)
    "badges:verify": _expect("200 200 200 200 200"),
    "badges:issuer": _expect("200 200 200 200 200"),
    "badges:jwks": _expect("200 200 200 200 200"),
    # the revocation list: public, but an issuer without an awarded badge (the matrix awards one only for the
    # routes that name an award) has none; with badges it is 200 to anyone (tests/test_badges.py)
    "badges:status_list": _expect("404 404 404 404 404"),
    "badges:shared": _expect("404 404 404 404 404"),
    "badges:mine": MEMBER_PAGE,
    "badges:award": _expect("302L 404 200 404 302L"),
    "badges:download_signed": _expect("302L 404 200 404 302L"),
    "badges:download_plain": _expect("302L 404 200 404 302L"),
    "badges:manage": GRIFFIE_PAGE,
    "badges:create": GRIFFIE_PAGE,
    "badges:edit": GRIFFIE_PAGE,
    "badges:revoke": GRIFFIE_ACTION,
}


def _post_data(route: Route, tenant: Tenant, user: User | None) -> dict[str, str]:
    """Valid form data for a POST-only route, for the requesting user."""
    colleague = tenant.griffier if user == tenant.user else tenant.user
    data: dict[str, dict[str, str]] = {
        "set_language": {"language": "en", "next": "/"},
        "accounts:end_sessions": {"others": "on"},
        "privacy:request_deletion": {"password": "Correct-Paard-Batterij-9", "understood": "on"},
        "catalogue:endorse": {"note": "Nuttig", "show_name": "on"},
        "catalogue:send_to_colleague": {"recipient": str(colleague.pk), "message": "Lezen!"},
        "planner:period_add": {"name": "Zomer", "start_date": "2027-07-01", "end_date": "2027-07-14"},
        "planner:milestone_add": {"kind": "kadernota", "date": "2027-06-01"},
        "planner:step_toggle": {"done": "1"},
        "recommendations:curate_action": {"action": "pin", "item": tenant.module.slug},
        "reflections:delete_all": {"confirm": "on"},
        "budgets:decide": {"decision": "approve"},
        "mentoring:wish": {"other_fractie": "on"},
        "mentoring:respond": {"answer": "accept"},
        "mentoring:log_meeting": {"date": "2026-10-01", "note": "Kennismaking"},
        "mentoring:track_create": {
            "person": str(tenant.person.pk),
            "kind": "intervisie",
            "subject": "Roddelmethode",
        },
        "mentoring:sign_off": {"done_date": "2026-10-01"},
        "planner:sign_up_for_member": {"member": str(tenant.user.pk)},
        "planner:sign_off_for_member": {"member": str(tenant.user.pk)},
        "development:feedback_invite": {"colleagues": str(tenant.person.pk)},
        "development:share": {"recipient": str(_person_of(colleague).pk)},
        "intervision:signup": {"available": "tue-evening", "wishes": "Graag over debat"},
        "intervision:add_note": {"kind": "agreement", "text": "Wat hier gezegd wordt, blijft hier."},
        "practices:peer_contact": {"email": f"griffie@{tenant.organisation.slug}.example", "note": ""},
        "networks:join": {"organisation": "", "motivation": ""},
        "networks:decide": {"decision": "approve"},
        "networks:share": {"item": national_item().slug, "note": "Goed voor nieuwe leden"},
        "networks:post": {"body": "Tot dan!"},
        "networks:report": {"reason": "Dit gaat over een persoon."},
        "badges:revoke": {"reason": "Ten onrechte toegekend"},
    }
    if route.name == "intervision:move":
        return move_data(tenant)
    if route.name == "practices:adopt":
        adoptable = practice_objects(tenant).adoptable
        return {"practice": str(adoptable.pk), "item": adoptable.items.get().slug}
    if route.name == "mentoring:propose":
        objects = mentoring_objects(tenant)
        return {"mentor": str(objects.second_mentor.pk), "mentee": str(objects.newcomer.pk)}
    return data.get(route.name, {})


def _person_of(user: User):  # type: ignore[no-untyped-def]
    from toerusting.organisations.models import Person

    return Person.objects.get(user=user)


def _actor(role: str, tenant_a: Tenant, tenant_b: Tenant) -> tuple[Client, User | None, str | None]:
    """A browser for the role: its client, the user logged in on the site, and the tab session key."""
    from tests.factories import UserFactory
    from toerusting.embed.models import TabSession
    from toerusting.embed.services import user_agent_digest

    client = Client()
    if role == "anonymous":
        return client, None, None
    if role == "superuser_ris":
        operator = UserFactory(
            username="beheer", email="beheer@platform.example", is_superuser=True, is_staff=True
        )
        refused = client.get(
            reverse("embed:launch"), {"token": _launch_token(tenant_a, "ris-beheer", operator.email)}
        )
        assert refused.status_code == 403, "a launch with a superuser's e-mail must be refused"
        key = "tab-beheer-" + "k" * 20
        TabSession.objects.update_or_create(
            key=key,
            defaults={
                "user": operator,
                "connection": tenant_a.ris,
                "user_agent_digest": user_agent_digest(""),
                "expires_at": timezone.now() + dt.timedelta(hours=1),
            },
        )
        return client, None, key
    if role == "member":
        key = "tab-lid-" + "k" * 20
        TabSession.objects.update_or_create(
            key=key,
            defaults={
                "user": tenant_a.user,
                "connection": tenant_a.ris,
                "user_agent_digest": user_agent_digest(""),
                "expires_at": timezone.now() + dt.timedelta(hours=1),
            },
        )
        client.force_login(tenant_a.user)
        return client, tenant_a.user, key
    if role == "griffie":
        client.force_login(tenant_a.griffier)
        return client, tenant_a.griffier, tenant_a.tab_key
    assert role == "other_griffie"
    client.force_login(tenant_b.griffier)
    return client, tenant_b.griffier, tenant_b.tab_key


RIS_SECRET = "een-gedeeld-geheim-voor-de-rollenmatrix-0123456789"


def _launch_token(tenant: Tenant, subject: str, email: str) -> str:
    import time
    import uuid

    import jwt

    now = int(time.time())
    claims = {"iss": tenant.ris.issuer, "aud": "toerusting", "sub": subject, "org": tenant.organisation.slug}
    claims |= {"iat": now, "exp": now + 120, "jti": uuid.uuid4().hex, "email": email, "role": "raadslid"}
    return jwt.encode(claims, RIS_SECRET, algorithm="HS256")


def _request(route: Route, role: str, tenant_a: Tenant, tenant_b: Tenant) -> str:
    client, user, key = _actor(role, tenant_a, tenant_b)
    if route.name == "embed:launch":
        if user is None:
            return _code(client.get(reverse("embed:launch")))
        return _code(
            client.get(reverse("embed:launch"), {"token": _launch_token(tenant_a, f"ris-{role}", user.email)})
        )
    url = url_for(route, tenant_a)
    if route.name.startswith("embed:") and key is not None:
        url += f"?s={key}"
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, _post_data(route, tenant_a, user))
        if response.status_code == 302 and user is not None and _code(response) != LOGIN:
            # A redirect after a POST is a control only when the action worked: the page it leads to
            # shows no error message (a refused form also redirects, with an error).
            after = client.get(response["Location"])
            assert "utrecht-alert--error" not in after.content.decode(), f"{route.name} as {role} failed"
    return _code(response)


def _location(route: Route, role: str, tenant_a: Tenant, tenant_b: Tenant) -> str:
    client, _user, _key = _actor(role, tenant_a, tenant_b)
    return str(client.post(url_for(route, tenant_a))["Location"])


def _code(response: HttpResponse) -> str:
    if response.status_code == 302 and response["Location"].split("?")[0] in (
        reverse("accounts:login"),
        reverse("admin:login"),
    ):
        return LOGIN
    return str(response.status_code)


@pytest.fixture
def role_world(tenant_a: Tenant, tenant_b: Tenant) -> tuple[Tenant, Tenant]:
    """Both tenants with everything the routes need: plan objects, RIS keys, e-mail addresses."""
    from toerusting.embed.models import RisIdentity

    for tenant in (tenant_a, tenant_b):
        planner_objects(tenant)
        development_objects(tenant)
        practice_objects(tenant)
        network_objects(tenant)
        tenant.ris.key = RIS_SECRET
        tenant.ris.save()
        tenant.user.email = f"lid@{tenant.organisation.slug}.example"
        tenant.user.save()
        tenant.griffier.email = f"griffier@{tenant.organisation.slug}.example"
        tenant.griffier.save()
        citizen_services.set_form_open(tenant.griffier, tenant.organisation, True)
    RisIdentity.objects.create(connection=tenant_a.ris, subject="ris-member", user=tenant_a.user)
    RisIdentity.objects.create(connection=tenant_a.ris, subject="ris-griffie", user=tenant_a.griffier)
    _switch_on_identity_provider(tenant_a)
    return tenant_a, tenant_b


def _switch_on_identity_provider(tenant: Tenant) -> None:
    from toerusting.oidc.models import OidcProvider

    OidcProvider.objects.create(
        organisation=tenant.organisation,
        enabled=True,
        issuer=f"https://login.{tenant.organisation.slug}.example",
        client_id="toerusting",
        client_secret="een-geheim-voor-de-rollenmatrix",
    )


NON_ADMIN_ROUTES = [r for r in all_routes() if not r.is_admin]


def test_every_route_has_expectations_for_every_role() -> None:
    """A new route fails here until its expected status per role is written down in EXPECTED."""
    names = {r.name for r in NON_ADMIN_ROUTES}
    assert sorted(names - set(EXPECTED)) == [], "add these routes to EXPECTED in tests/test_isolation.py"
    assert sorted(set(EXPECTED) - names) == [], "these routes in EXPECTED no longer exist"


@pytest.mark.parametrize("route", NON_ADMIN_ROUTES, ids=lambda r: r.name)
def test_role_matrix(route: Route, role_world: tuple[Tenant, Tenant]) -> None:
    tenant_a, tenant_b = role_world
    if route.name not in EXPECTED:
        pytest.fail(f"{route.name}: no expected statuses in EXPECTED (tests/test_isolation.py)")
    actual = {role: _request(route, role, tenant_a, tenant_b) for role in ROLES}
    assert actual == EXPECTED[route.name], route.name


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=lambda r: r.name)
def test_role_matrix_of_the_admin(route: Route, tenant_a: Tenant, tenant_b: Tenant) -> None:
    """The admin is for operators who log in on the site; nobody of the five roles gets in (its JavaScript
    catalogue included). Its login page is open to visitors and sends logged-in council members home."""
    actual = {role: _request(route, role, tenant_a, tenant_b) for role in ROLES}
    if route.name == "admin:login":
        expected = _expect("200 302 302 302 200")
    elif route.name == "admin:logout":
        expected = _expect("302 302 302 302 302")  # back to the admin's index, which asks for a login
        assert all(_location(route, role, tenant_a, tenant_b) == reverse("admin:index") for role in ROLES)
    else:
        expected = _expect("302L 302L 302L 302L 302L")
    assert actual == expected, route.name


@pytest.mark.parametrize("name", sorted(PUBLIC_ROUTES))
def test_public_pages_show_only_their_organisation(
    name: str, tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    """A resident's page of A never shows B: not its name, people, bodies or own items."""
    for tenant in (tenant_a, tenant_b):
        citizen_services.set_form_open(tenant.griffier, tenant.organisation, True)
        evening_of(tenant)  # each has an information evening; B's names B in its title and place
    response = client.get(reverse(name, kwargs={"org": tenant_a.organisation.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    assert tenant_a.organisation.name in body
    for secret in (tenant_b.organisation.name, tenant_b.person.family_name, tenant_b.module.title):
        assert secret not in body, f"{name} shows {secret!r} of organisation B"
    assert client.get(reverse(name, kwargs={"org": "bestaat-niet"})).status_code == 404


def test_organisation_login_page_shows_only_its_organisation(
    tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    """The start of the login through A's identity provider names A, never B; without one it is a 404."""
    assert client.get(reverse("oidc:start", kwargs={"org": tenant_a.organisation.slug})).status_code == 404
    for tenant in (tenant_a, tenant_b):
        _switch_on_identity_provider(tenant)
    response = client.get(reverse("oidc:start", kwargs={"org": tenant_a.organisation.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    assert tenant_a.organisation.name in body
    issuer = f"login.{tenant_a.organisation.slug}.example"
    for secret in (tenant_b.organisation.name, tenant_b.person.family_name, tenant_b.module.title, issuer):
        assert secret not in body, f"the login page shows {secret!r}"
    assert client.get(reverse("oidc:start", kwargs={"org": "bestaat-niet"})).status_code == 404


def test_badge_issuer_pages_show_only_their_organisation(
    tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    """An issuer's public profile and keys name that organisation and its keys only."""
    badge_objects(tenant_a)
    badge_objects(tenant_b)
    from toerusting.signingkeys import selectors as key_selectors

    profile = client.get(
        reverse("badges:issuer", kwargs={"org": tenant_a.organisation.slug})
    ).content.decode()
    assert tenant_a.organisation.name in profile and tenant_b.organisation.name not in profile
    keys = client.get(reverse("badges:jwks", kwargs={"org": tenant_a.organisation.slug})).json()["keys"]
    own = {k["kid"] for k in key_selectors.jwks("badges", tenant_a.organisation)["keys"]}
    other = {k["kid"] for k in key_selectors.jwks("badges", tenant_b.organisation)["keys"]}
    assert own and other and {k["kid"] for k in keys} == own
    for name in ("badges:issuer", "badges:jwks"):
        assert client.get(reverse(name, kwargs={"org": "bestaat-niet"})).status_code == 404
