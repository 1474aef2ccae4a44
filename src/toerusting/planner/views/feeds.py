"""Calendar feeds (iCalendar) of the term planner, and the griffie's page with the organisation feed address.
A feed is reached with a login or with a revocable secret in ?sleutel= (for calendar apps)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require
from toerusting.planner import feeds, selectors, services

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation
    from toerusting.planner.models import PlannedSession


def member_calendar_name(organisation: Organisation) -> str:
    """The name a member's own feed gets in their calendar app."""
    return _("My sessions – %(organisation)s") % {"organisation": organisation.name}  # noqa: RUF001


def webcal_url(url: str) -> str:
    """The same feed address with the webcal:// scheme, which opens the subscribe dialog of calendar apps."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            return "webcal://" + url.removeprefix(scheme)
    return url


def _ics(
    request: HttpRequest,
    organisation: Organisation,
    name: str,
    sessions: Iterable[PlannedSession],
    filename: str,
) -> HttpResponse:
    def url_for(session: PlannedSession) -> str:
        return request.build_absolute_uri(
            reverse("planner:session", kwargs={"org": organisation.slug, "planned_id": session.pk})
        )

    body = feeds.calendar_for(name, sessions, domain=request.get_host(), url_for=url_for)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def organisation_feed(request: HttpRequest, org: str) -> HttpResponse:
    """The organisation's published sessions. With ?sleutel= for calendar apps, else for a member."""
    token = request.GET.get("sleutel", "")
    if not token:
        return _organisation_feed_for_member(request, org)
    owner = selectors.token_owner(org, token, personal=False)
    if owner is None:
        raise Http404
    return _organisation_feed(request, owner.organisation)


@organisation_selectors.with_organisation
def _organisation_feed_for_member(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return _organisation_feed(request, organisation)


def _organisation_feed(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    plan = selectors.plan_for(organisation)
    sessions = selectors.sessions_of(plan).filter(is_published=True) if plan else []
    return _ics(request, organisation, organisation.name, sessions, organisation.slug)


def my_feed(request: HttpRequest, org: str) -> HttpResponse:
    """A member's own sessions: the secret in ?sleutel= stands in for a login (revocable)."""
    token = request.GET.get("sleutel", "")
    if not token:
        return _my_feed_logged_in(request, org)
    owner = selectors.token_owner(org, token, personal=True)
    if owner is None or owner.user is None:
        raise Http404
    person = organisation_selectors.person_for_user(owner.user)
    if (
        person is None
        or not organisation_selectors.organisations_for_user(owner.user).filter(slug=org).exists()
    ):
        raise Http404
    organisation = owner.organisation
    plan = selectors.plan_for(organisation)
    sessions = selectors.sessions_for_person(plan, person) if plan else []
    return _ics(request, organisation, member_calendar_name(organisation), sessions, "mijn-plan")


@organisation_selectors.with_organisation
def _my_feed_logged_in(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    person = organisation_selectors.person_for_user(request.user)
    plan = selectors.plan_for(organisation)
    sessions = selectors.sessions_for_person(plan, person) if plan and person else []
    return _ics(request, organisation, member_calendar_name(organisation), sessions, "mijn-plan")


@organisation_selectors.with_organisation
def organisation_feed_address(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The griffie's page with the organisation feed address, and a way to replace it."""
    require(request.user, organisation, Capability.MANAGE_PLAN)
    if request.method == "POST":
        services.revoke_feed_token(organisation, None, personal=False)
        messages.success(request, _("The old address no longer works. Share the new address."))
        return redirect("planner:feed_address", org=organisation.slug)
    token = services.feed_token(organisation, None, personal=False)
    url = request.build_absolute_uri(reverse("planner:feed", kwargs={"org": organisation.slug}))
    feed_url = f"{url}?sleutel={token.token}"
    return render(
        request,
        "planner/feed_address.html",
        {"organisation": organisation, "feed_url": feed_url, "webcal_url": webcal_url(feed_url)},
    )
