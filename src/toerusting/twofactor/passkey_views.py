"""Pages of passkeys (WebAuthn): the list under Mijn account (add, see when last used, remove with the
password), the options the page's script asks for, and logging in with a passkey at the second step."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from toerusting.accounts.selectors import client_address
from toerusting.audit import services as audit
from toerusting.twofactor import middleware, passkeys, services, views
from toerusting.twofactor.forms import LoginCodeForm, PasskeyAddForm, PasskeyLoginForm, PasswordCheckForm
from toerusting.twofactor.models import Passkey

if TYPE_CHECKING:
    from toerusting.accounts.models import User

logger = logging.getLogger(__name__)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _page(request: HttpRequest, user: User, form: PasskeyAddForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "twofactor/passkeys.html",
        {"form": form, "passkeys": passkeys.passkeys_of(user), "max": passkeys.MAX_PASSKEYS},
        status=status,
    )


@never_cache
@login_required
def passkey_list(request: HttpRequest) -> HttpResponse:
    """The user's passkeys and the form to add one (the script fills in the browser's answer)."""
    user = _user(request)
    if not services.has_second_factor(user):
        messages.info(request, str(passkeys.REFUSALS["no_app"]))
        return redirect("twofactor:setup")
    form = PasskeyAddForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return _page(request, user, form)
    if not form.is_valid():
        return _page(request, user, form, status=400)
    credential = passkeys.credential_json(form.cleaned_data["credential"])
    if not credential:
        form.add_error(
            None,
            _(
                "Your browser did not make a passkey. Passkeys need a browser with JavaScript that supports "
                "them; you can keep using the code from your app."
            ),
        )
        return _page(request, user, form, status=400)
    try:
        passkey = passkeys.add(request, user, form.cleaned_data["name"], credential)
    except passkeys.PasskeyRefused as refused:
        logger.info("passkey not added for user %s: %s", user.pk, refused)
        form.add_error(None, refused.message)
        return _page(request, user, form, status=400)
    messages.success(request, _("Passkey “%(name)s” added.") % {"name": passkey.name})
    return redirect("twofactor:passkeys")


@never_cache
@login_required
@require_POST
def registration_options(request: HttpRequest) -> HttpResponse:
    """The options for adding a passkey, as JSON for the page's script."""
    try:
        return HttpResponse(
            passkeys.registration_options(request, _user(request)), content_type="application/json"
        )
    except passkeys.PasskeyRefused as refused:
        return JsonResponse({"error": refused.message}, status=400)


@never_cache
@login_required
def remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    """Remove one of one's passkeys, after the password."""
    user = _user(request)
    passkey = Passkey.objects.filter(user=user, pk=passkey_id).first()
    if passkey is None:
        raise Http404
    form = PasswordCheckForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if services.is_blocked(user, client_address(request)):
            return views._locked_out(request)
        if form.is_valid():
            passkeys.remove(user, passkey)
            messages.success(request, _("Passkey “%(name)s” removed.") % {"name": passkey.name})
            return redirect("twofactor:passkeys")
        if services.code_failed(user, client_address(request), action=audit.Action.LOGIN_FAILED):
            return views._locked_out(request)
        return render(
            request, "twofactor/passkey_remove.html", {"form": form, "passkey": passkey}, status=400
        )
    return render(request, "twofactor/passkey_remove.html", {"form": form, "passkey": passkey})


@never_cache
@login_required
@require_POST
def authentication_options(request: HttpRequest) -> HttpResponse:
    """The options for logging in with a passkey, as JSON for the page's script."""
    user = _user(request)
    if services.is_blocked(user, client_address(request)):
        return JsonResponse({"error": _("Too many failed attempts. Log in again later.")}, status=429)
    try:
        return HttpResponse(passkeys.authentication_options(request, user), content_type="application/json")
    except passkeys.PasskeyRefused as refused:
        return JsonResponse({"error": refused.message}, status=400)


@never_cache
@login_required
@require_POST
def login(request: HttpRequest) -> HttpResponse:
    """The second step with a passkey: the browser's answer, checked like a code (rate limit, audit)."""
    user = _user(request)
    if middleware.is_verified(request) or not services.has_second_factor(user):
        return redirect(views._next(request) or "portal:home")
    address = client_address(request)
    if services.is_blocked(user, address):
        return views._locked_out(request)
    form = PasskeyLoginForm(request.POST)
    credential = passkeys.credential_json(form.data.get("credential")) if form.is_valid() else ""
    try:
        if not credential:
            raise passkeys.PasskeyRefused("invalid", "no credential posted")
        passkeys.authenticate(request, user, credential)
    except passkeys.PasskeyRefused as refused:
        if services.code_failed(user, address, action=audit.Action.PASSKEY_FAILED, reason=refused.reason):
            return views._locked_out(request)
        context = views.verify_context(request, user, LoginCodeForm())
        context["passkey_error"] = refused.message
        return render(request, "twofactor/verify.html", context, status=400)
    views.complete_login(request, user)
    return redirect(views._next(request) or "portal:home")
