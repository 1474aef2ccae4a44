"""Content-Security-Policy on every response.

Pages load scripts, styles, images and fonts from our own origin only. Inline code runs only with the
request's nonce: today that is the `<style>` element with an organisation's design tokens (the pages have
no inline scripts; their few scripts, such as the phone menu, are files of the site). Images may also be
`data:` URIs (the favicon placeholder and icons in the NL Design System CSS). Nobody may frame a page
(`frame-ancestors 'none'`), except the RIS tab, which names the RIS origins of its connection with
`allow_framing`. Forms post to our own origin; the page that starts the login through an organisation's
identity provider also lets its form lead there (`allow_form_target`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
NONE = "'none'"


def policy(nonce: str, frame_ancestors: Iterable[str] = (), form_targets: Iterable[str] = ()) -> str:
    """The policy of one response, with its nonce, the origins that may frame it and the other origins its
    forms may lead to."""
    ancestors = " ".join(frame_ancestors) or NONE
    forms = " ".join(("'self'", *form_targets))
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            f"form-action {forms}",
            f"frame-ancestors {ancestors}",
        )
    )


def directives(header: str) -> dict[str, str]:
    """A policy split into its directives: {"frame-ancestors": "'none'", ...} (for tests and checks)."""
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def nonce_of(request: HttpRequest) -> str:
    """The nonce of this request (set by the middleware; made here for requests that bypass it)."""
    value = getattr(request, "csp_nonce", "")
    if not value:
        value = secrets.token_urlsafe(16)
        request.csp_nonce = value  # type: ignore[attr-defined]
    return str(value)


def allow_framing(response: HttpResponse, origins: Iterable[str]) -> HttpResponse:
    """Let exactly these origins frame the response (none when empty); replaces X-Frame-Options."""
    response.csp_frame_ancestors = list(origins)  # type: ignore[attr-defined]
    response.xframe_options_exempt = True
    return response


def allow_form_target(response: HttpResponse, origins: Iterable[str]) -> HttpResponse:
    """Let the forms of this response lead to these origins too (a login form whose answer redirects to an
    organisation's identity provider)."""
    response.csp_form_targets = list(origins)  # type: ignore[attr-defined]
    return response


def _is_debug_page(response: HttpResponse) -> bool:
    """Django's technical 404 and 500 pages (DEBUG only) mark themselves with this robots tag."""
    return (
        response.status_code in (404, 500)
        and not response.streaming
        and b'<meta name="robots" content="NONE,NOARCHIVE">' in response.content[:2000]
    )


class ContentSecurityPolicyMiddleware:
    """Sets the policy on every response that has none; in development, Django's debug pages (which
    carry inline scripts and styles) are left without one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = nonce_of(request)
        response = self.get_response(request)
        if HEADER in response:
            return response
        if settings.DEBUG and _is_debug_page(response):
            return response
        response[HEADER] = policy(
            nonce, getattr(response, "csp_frame_ancestors", ()), getattr(response, "csp_form_targets", ())
        )
        return response
