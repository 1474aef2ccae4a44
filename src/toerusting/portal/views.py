"""Home: a public introduction for visitors, and for members what they can do in each role they hold."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from toerusting.organisations import selectors
from toerusting.portal.roles import guides_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html")
    memberships = selectors.memberships_for_user(request.user)
    person = selectors.person_for_user(request.user)
    sections = [
        {"membership": membership, "guides": guides_for(membership, person)} for membership in memberships
    ]
    return render(request, "portal/home.html", {"person": person, "sections": sections})
