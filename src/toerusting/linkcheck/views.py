"""The link check's reports: all failing links for the operator, and the links of its own offer for a
griffie."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.linkcheck import selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require
from toerusting.providers import selectors as provider_selectors

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


@login_required
def operator_report(request: HttpRequest) -> HttpResponse:
    """Every failing link of the published catalogue, dead ones first: for the operator (staff)."""
    user = request.user
    if not (user.is_active and (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))):
        raise PermissionDenied(_("Only the operator of the platform sees the report of all links."))
    links = selectors.failing_links()
    return render(
        request,
        "linkcheck/operator.html",
        {
            "links": links,
            "counts": selectors.counts(links),
            "dead_after_days": settings.LINK_CHECK_DEAD_AFTER_DAYS,
        },
    )


@organisation_selectors.with_organisation
def own_report(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The links of the organisation's own offer and what the last check found: for its griffie."""
    require(request.user, organisation, Capability.MANAGE_OWN_OFFER)
    items = catalogue_selectors.own_items(request.user, organisation).filter(is_published=True)
    links = selectors.links_for_items(items)
    return render(
        request,
        "linkcheck/own.html",
        {
            "organisation": organisation,
            "links": links,
            "counts": selectors.counts(links),
            "dead_after_days": settings.LINK_CHECK_DEAD_AFTER_DAYS,
        },
    )


@login_required
def provider_report(request: HttpRequest, provider: str) -> HttpResponse:
    """The links of a learning provider's published items: for that provider's staff (404 for others)."""
    found = provider_selectors.provider_for_staff(request.user, provider)
    items = catalogue_selectors.published_items().filter(slug__in=provider_selectors.catalogue_slugs(found))
    links = selectors.links_for_items(items)
    return render(
        request,
        "linkcheck/provider.html",
        {
            "provider": found,
            "links": links,
            "counts": selectors.counts(links),
            "dead_after_days": settings.LINK_CHECK_DEAD_AFTER_DAYS,
        },
    )
