"""Logging in through the organisation's own identity provider, the answer of the provider, the page after
logging out there, and the griffie's page to configure it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from toerusting import csp, hooks
from toerusting.accounts import services as account_services
from toerusting.audit import services as audit_services
from toerusting.oidc import selectors, services
from toerusting.oidc.forms import ProviderForm
from toerusting.oidc.models import OidcProvider
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require
from toerusting.twofactor import services as twofactor_services

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation

# What went wrong, for the person who tried to log in: plain words, no technical detail, and what to do.
REASONS = {
    "unreachable": gettext_lazy(
        "Toerusting cannot reach your organisation's login service right now. Try again in a few minutes. "
        "If it keeps happening, tell your griffie."
    ),
    "discovery_invalid": gettext_lazy(
        "Your organisation's login service gave an answer Toerusting cannot read. Tell your griffie."
    ),
    "wrong_issuer": gettext_lazy(
        "The login service answered under another name (issuer) than the one your organisation set up. "
        "For your safety you are not logged in. Tell your griffie."
    ),
    "state_mismatch": gettext_lazy(
        "This answer of the login service does not belong to a login started in this browser, or the login "
        "took too long. Start again from the login page."
    ),
    "provider_error": gettext_lazy(
        "Your organisation's login service did not log you in (it was cancelled or refused). Start again."
    ),
    "code_rejected": gettext_lazy(
        "The login code of the login service has expired or was already used. Start again from the login "
        "page."
    ),
    "token_invalid": gettext_lazy(
        "The proof of login from the login service is not valid. For your safety you are not logged in. "
        "Tell your griffie."
    ),
    "wrong_audience": gettext_lazy(
        "The proof of login was made for another application than Toerusting. For your safety you are not "
        "logged in. Tell your griffie."
    ),
    "token_expired": gettext_lazy("The proof of login has expired. Start again from the login page."),
    "nonce_mismatch": gettext_lazy(
        "The proof of login does not belong to this login. For your safety you are not logged in. Start "
        "again."
    ),
    "email_unverified": gettext_lazy(
        "Your organisation's login service does not confirm that your e-mail address is verified, so "
        "Toerusting cannot tell which account is yours. Ask your organisation's IT department to verify "
        "your address."
    ),
    "no_claim": gettext_lazy(
        "The login service did not say who you are in the way your organisation set up (the e-mail address "
        "or employee number is missing). Tell your griffie."
    ),
    "unknown_user": gettext_lazy(
        "You logged in at your organisation, but there is no Toerusting account for you there. Ask your "
        "griffie to add you."
    ),
    "not_member": gettext_lazy(
        "Your account has no current role in this organisation, so you cannot log in through it. Ask your "
        "griffie."
    ),
    "email_taken": gettext_lazy(
        "Your e-mail address belongs to an account that is not part of this organisation. Ask your griffie."
    ),
    "not_allowed": gettext_lazy(
        "Accounts of the platform's operators and staff cannot log in through an organisation's login "
        "service. Log in with your password and code."
    ),
    "role_not_allowed": gettext_lazy(
        "A new account is only made for members of the council or its committees. Ask your griffie to add "
        "you."
    ),
    "account_disabled": gettext_lazy("Your account is switched off. Ask your griffie."),
    "disabled": gettext_lazy(
        "Logging in through your organisation is switched off. Log in with your password."
    ),
}
STATUS = {"unreachable": 502, "discovery_invalid": 502}


def _refused(
    request: HttpRequest, refused: services.OidcRefused, organisation: Organisation | None = None
) -> HttpResponse:
    services.record_failure(refused, organisation)
    provider = refused.provider
    return render(
        request,
        "oidc/refused.html",
        {
            "problem": REASONS.get(refused.reason, REASONS["token_invalid"]),
            "reason": refused.reason,
            "organisation": provider.organisation if provider is not None else organisation,
        },
        status=STATUS.get(refused.reason, 400 if refused.reason != "unknown_user" else 403),
    )


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@never_cache
def start(request: HttpRequest, org: str) -> HttpResponse:
    """ "Inloggen met het account van <organisatie>": a button that sends the browser to the provider."""
    provider = selectors.enabled_provider(org)
    if provider is None:
        raise Http404
    organisation = provider.organisation
    next_path = _safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    if request.method == "POST":
        try:
            url = services.begin(
                provider,
                request.session,
                redirect_uri=request.build_absolute_uri(reverse("oidc:callback")),
                next_path=next_path,
            )
        except services.OidcRefused as refused:
            return _refused(request, refused, organisation)
        return redirect(url)
    response = render(
        request,
        "oidc/start.html",
        {"organisation": organisation, "next": next_path, "logged_in": request.user.is_authenticated},
    )
    # The button's answer is a redirect to the provider: the page's form may lead there.
    return csp.allow_form_targets(response, services.form_targets(provider))


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer (the redirect URI): checked in full before anyone is logged in."""
    params = {key: str(request.GET.get(key, "")) for key in ("state", "code", "error", "iss")}
    try:
        completed = services.complete(
            request.session, params, redirect_uri=request.build_absolute_uri(reverse("oidc:callback"))
        )
    except services.OidcRefused as refused:
        return _refused(request, refused)
    user, provider = completed.user, completed.provider
    backend = settings.AUTHENTICATION_BACKENDS[0]
    auth_login(request, user, backend=backend)  # type: ignore[arg-type]
    services.remember_for_logout(request.session, completed)
    # The provider's second factor counts only for someone who belongs to its organisation alone: a griffier
    # of another organisation too still gives Toerusting's own code (one organisation's identity provider
    # never opens another organisation's pages without it).
    elsewhere = (
        organisation_selectors.organisations_for_user(user).exclude(pk=provider.organisation_id).exists()
    )
    if provider.provider_enforces_mfa and not elsewhere:
        twofactor_services.passed_at_identity_provider(request)
    with transaction.atomic():
        account_services.record_login(
            user,  # type: ignore[arg-type]
            request.session.session_key or "",
            str(request.META.get("HTTP_USER_AGENT", "")),
        )
        audit_services.record(
            user,
            provider.organisation,
            audit_services.Action.OIDC_LOGIN,
            provider.issuer,
            second_step_at_provider=provider.provider_enforces_mfa,
        )
    hooks.run("user_logged_in", user, request)
    return redirect(_safe_next(request, completed.next_path) or "portal:home")


def logged_out(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser after its own logout (post_logout_redirect_uri)."""
    return render(request, "oidc/logged_out.html", {})


@organisation_selectors.with_organisation
def manage(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The griffie's page: the organisation's identity provider, saved and recorded in the audit trail."""
    require(request.user, organisation, Capability.MANAGE_IDENTITY_PROVIDER)
    instance = selectors.provider_of(organisation) or OidcProvider(organisation=organisation)
    created = instance.pk is None
    form = ProviderForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        changed = form.changed_fields()
        with transaction.atomic():
            provider = form.save()
            services.record_change(request.user, provider, changed, created=created)
        messages.success(request, _("The login through your organisation is saved."))
        return redirect("oidc_manage:settings", org=organisation.slug)
    return render(
        request,
        "oidc/manage.html",
        {
            "organisation": organisation,
            "form": form,
            "redirect_uri": request.build_absolute_uri(reverse("oidc:callback")),
            "logout_uri": request.build_absolute_uri(reverse("oidc:logged_out")),
            "login_url": request.build_absolute_uri(reverse("oidc:start", kwargs={"org": organisation.slug})),
            "title": _("Login through your organisation"),
        },
        status=400 if request.method == "POST" else 200,
    )
