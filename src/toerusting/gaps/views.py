"""The gaps overview: for the operator, the staff of learning providers, and accounts the operator gave the
permission gaps.view_gaps (for example a national association)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from toerusting.gaps import selectors
from toerusting.providers import selectors as provider_selectors


def may_view(user: object) -> bool:
    """The operator (staff), the staff of every learning provider alike, and accounts with the permission
    gaps.view_gaps."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_staff", False) or provider_selectors.providers_for_user(user).exists():
        return True
    has_perm = getattr(user, "has_perm", None)
    return bool(has_perm and has_perm("gaps.view_gaps"))


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not may_view(request.user):
        raise PermissionDenied(
            _("Only the operator of Toerusting and the providers see the gaps in the offer.")
        )
    found = selectors.overview()
    return render(
        request,
        "gaps/overview.html",
        {
            "overview": found,
            "min_organisations": selectors.MIN_ORGANISATIONS,
            "min_askers": selectors.MIN_ASKERS,
            "min_ratings": selectors.MIN_RATINGS,
            "short_minutes": selectors.SHORT_MINUTES,
        },
    )
