"""The tool's endpoints for LTI 1.3 platforms: login initiation, launch (resource link and deep linking),
the key set, and the deep-linking picker's answer. All are public: the platform's signature, our state and
the nonce are the credentials (see services)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from toerusting import csp, hooks
from toerusting.embed import services as embed_services
from toerusting.lti import services
from toerusting.lti.forms import DeepLinkForm, LaunchForm
from toerusting.lti.models import PlatformRegistration
from toerusting.signingkeys import selectors as signing_selectors
from toerusting.signingkeys import services as signing_services


def _user_agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))


def _origins(registration: PlatformRegistration | None) -> list[str]:
    return services.frame_origins_of(registration) if registration is not None else []


def refused_page(request: HttpRequest, refused: services.LtiRefused) -> HttpResponse:
    """The Dutch page of a refused launch (403), recorded in the audit trail; the platform's own pages may
    frame it, so the member sees why inside the platform."""
    services.record_refusal(refused)
    response = render(
        request,
        "lti/refused.html",
        {"message": refused.message, "reason": refused.reason},
        status=403,
    )
    return csp.allow_framing(response, _origins(refused.registration))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """OIDC third-party initiated login: the platform sends iss, login_hint, target_link_uri (and
    lti_message_hint, client_id, lti_deployment_id); we send the browser to its authorisation URL."""
    params = {
        key: str(value) for key, value in (request.POST if request.method == "POST" else request.GET).items()
    }
    try:
        redirect = services.login(
            params,
            launch_url=request.build_absolute_uri(services.launch_path()),
            user_agent=_user_agent(request),
        )
    except services.LtiRefused as refused:
        return refused_page(request, refused)
    response = HttpResponseRedirect(redirect.url)
    # The platform posts the launch from its own site: over https the cookie goes along (SameSite=None),
    # partitioned when Toerusting runs in the platform's frame (CHIPS). Where the browser keeps no cookie,
    # the state is bound to the browser's User-Agent instead (services._consume_state).
    name = services.state_cookie_name(redirect.state)
    secure = request.is_secure()
    response.set_cookie(
        name,
        redirect.state,
        max_age=services.STATE_SECONDS,
        path="/lti/",
        secure=secure,
        httponly=True,
        samesite="None" if secure else "Lax",
    )
    if secure:
        response.cookies[name]["samesite"] = "None; Partitioned"
    return response


@csrf_exempt
@require_POST
def launch_view(request: HttpRequest) -> HttpResponse:
    """The platform posts the id_token and state (form_post). A resource link opens the meeting or agenda
    item in the tab; a deep-linking request shows the picker."""
    form = LaunchForm(request.POST)
    id_token, state = form.values()
    user_agent = _user_agent(request)
    launch_url = request.build_absolute_uri(services.launch_path())
    try:
        message = services.verify(
            id_token,
            state,
            cookie=request.COOKIES.get(services.state_cookie_name(state)) if state else None,
            user_agent=user_agent,
            launch_url=launch_url,
        )
        if message.message_type == services.DEEP_LINKING:
            deep_link = services.start_deep_link(message)
            return _picker(request, deep_link, DeepLinkForm(choices=services.deep_link_choices(deep_link)))
        launched = services.resource_launch(message, user_agent=user_agent, launch_url=launch_url)
    except services.LtiRefused as refused:
        return refused_page(request, refused)
    session = launched.session
    # Opening Toerusting from a platform is logging in too: a pending deletion of the account is cancelled.
    hooks.run("user_logged_in", session.user, None)
    response = HttpResponseRedirect(launched.url)
    embed_services.set_tab_cookie(response, session)
    response.delete_cookie(services.state_cookie_name(state), path="/lti/")
    return csp.allow_framing(response, session.connection.frame_origins)


def _picker(request: HttpRequest, deep_link: Any, form: DeepLinkForm, status: int = 200) -> HttpResponse:
    response = render(
        request,
        "lti/picker.html",
        {
            "form": form,
            "key": deep_link.key,
            "organisation": deep_link.registration.organisation,
            "platform": deep_link.registration.name,
            "multiple": deep_link.multiple,
        },
        status=status,
    )
    return csp.allow_framing(response, _origins(deep_link.registration))


@csrf_exempt
@require_POST
def deep_link_view(request: HttpRequest) -> HttpResponse:
    """The picker's answer: sign the LtiDeepLinkingResponse and post it back to the platform. The request
    key (in the form, from the verified deep-linking launch) is the credential; CSRF tokens would need a
    cookie that a framed picker may not have."""
    deep_link = services.deep_link_request(str(request.POST.get("key", "")))
    if deep_link is None:
        return refused_page(
            request, services.LtiRefused("expired", "deep-linking request unknown or expired")
        )
    form = DeepLinkForm(request.POST, choices=services.deep_link_choices(deep_link))
    if not form.is_valid():
        return _picker(request, deep_link, form, status=400)
    return_url = deep_link.return_url
    registration = deep_link.registration
    token = services.deep_link_response(
        deep_link, form.chosen(), tool_url=request.build_absolute_uri(services.launch_path())
    )
    parts = urlsplit(return_url)
    response = render(
        request, "lti/return.html", {"return_url": return_url, "jwt": token, "platform": registration.name}
    )
    csp.allow_form_targets(response, [f"{parts.scheme}://{parts.netloc}"])
    return csp.allow_framing(response, _origins(registration))


@require_GET
def jwks_view(request: HttpRequest) -> JsonResponse:
    """Our public keys for LTI (the active key and, during a rotation, the previous one). The key is made
    here when nothing was signed yet, so a platform can fetch it before the first deep-linking answer."""
    signing_services.active_key(services.PURPOSE)
    response = JsonResponse(signing_selectors.jwks(services.PURPOSE))
    response["Cache-Control"] = "public, max-age=300"
    return response
