"""Tenant isolation matrix: a member of organisation A requests every URL that exists for organisation B.

The matrix is built from the URL resolver, so every URL pattern added later is covered without editing
this file. A pattern with an argument the matrix does not know makes the test fail: add how to fill it
for an organisation in KWARG_VALUES below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import Tenant, planner_objects

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
}

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


TENANT_ROUTES = [r for r in all_routes() if r.kwargs and not r.is_admin]
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


def fetch(client: Client, url: str) -> HttpResponse:
    """GET the URL; for a POST-only endpoint (405 on GET), POST to it without data."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_member_of_a_sees_no_url_of_b(
    route: Route, tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    # The griffier of A may use every page of A, so the control below proves each URL really works.
    client.force_login(tenant_a.griffier)

    own = fetch(client, url_for(route, tenant_a, viewer=tenant_a))
    assert own.status_code in (200, 302, 400), f"{route.name} should work for its own members (control)"
    if own.status_code == 302:
        assert not own["Location"].startswith(reverse("accounts:login")), route.name

    foreign = fetch(client, url_for(route, tenant_b, viewer=tenant_a))
    assert foreign.status_code in (403, 404), f"{route.name} leaked organisation B to a member of A"

    if len(route.kwargs) > 1 and "org" in route.kwargs:
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
