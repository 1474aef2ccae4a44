"""Home: a public introduction for visitors; for members their next meeting, progress and what the
griffie pinned, for the griffie what needs attention, and what each role they hold can do here."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from toerusting.organisations import selectors
from toerusting.portal import dashboard
from toerusting.portal.roles import guides_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html")
    memberships = selectors.memberships_for_user(request.user)
    person = selectors.person_for_user(request.user)
    sections = [
        {
            "membership": membership,
            "home": dashboard.organisation_home(request.user, membership, person),
            "guides": guides_for(membership, person),
        }
        for membership in memberships
    ]
    learning = dashboard.learning_summary(request.user) if sections else None
    return render(request, "portal/home.html", {"person": person, "sections": sections, "learning": learning})


# Error pages, in the site's layout and the visitor's language, never with technical details. Django uses
# them when DEBUG is false (handler400/403/404/500 in toerusting/urls.py; CSRF_FAILURE_VIEW in settings).


def _error_page(
    request: HttpRequest, status: int, heading: str, explanation: str, reason: str = ""
) -> HttpResponse:
    context = {"status": status, "heading": heading, "explanation": explanation, "reason": reason}
    return render(request, "errors/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        400,
        _("This request cannot be handled"),
        _("Something in the request is not right. Go back, reload the page and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The permission funnel (organisations.permissions) gives a plain reason; other refusals give none.
    reason = str(exception) if exception is not None and exception.args else ""
    return _error_page(
        request,
        403,
        _("You may not open this page"),
        _("Your account does not give access to this page. Ask the griffie if you think it should."),
        reason,
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        404,
        _("Page not found"),
        _(
            "This page does not exist, or it is not open to you. Check the address, or start at the "
            "home page."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form that was sent without a valid security token (an old page, or cookies switched off)."""
    return _error_page(
        request,
        403,
        _("The form has expired"),
        _("Go back, reload the page and send the form again. Cookies must be allowed for this site."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The page itself must not fail: without the database, a plain page in the same style."""
    heading = _("Something went wrong")
    explanation = _(
        "This is our fault, not yours. Try again in a moment; if it keeps happening, tell the griffie."
    )
    try:
        return _error_page(request, 500, heading, explanation)
    except Exception:
        logging.getLogger(__name__).exception("The error page could not use the site's layout")
        html = render_to_string("errors/plain_500.html", {"heading": heading, "explanation": explanation})
        return HttpResponse(html, status=500)
