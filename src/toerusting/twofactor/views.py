"""Pages of the second login step: setting up the authenticator app (from Mijn account), the recovery
codes, switching it off, the code after the password, and the griffie's reset of a member's second step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from toerusting.accounts import services as account_services
from toerusting.accounts.selectors import client_address
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import GRIFFIE_ROLES, Capability, require
from toerusting.twofactor import middleware, passkeys, services
from toerusting.twofactor.forms import CodeForm, DisableForm, LoginCodeForm, PasskeyLoginForm, ResetForm

if TYPE_CHECKING:
    from toerusting.accounts.models import User
    from toerusting.organisations.models import Organisation, Person

NEW_CODES_KEY = "toerusting_new_recovery_codes"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _next(request: HttpRequest) -> str:
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: a QR code and the secret as text, confirmed with a first code. With an
    app set up: its state, new recovery codes and switching it off."""
    user = _user(request)
    if services.has_second_factor(user):
        return render(
            request,
            "twofactor/status.html",
            {
                "unused": services.unused_recovery_codes(user),
                "passkeys": passkeys.passkeys_of(user),
                "required": services.is_required(user),
                "form": CodeForm(),
            },
        )
    secret = services.pending_secret(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        codes = services.confirm_enrolment(user, form.data.get("code", "")) if form.is_valid() else None
        if codes is not None:
            middleware.mark_verified(request)
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, _("The second login step is on. Keep your recovery codes safe."))
            target = _next(request)
            url = reverse("twofactor:recovery_codes")
            return redirect(f"{url}?{urlencode({'next': target})}" if target else url)
        if form.is_valid():
            form.add_error(
                "code",
                _(
                    "This code is not right. Check the clock of your phone and type the code that your app "
                    "shows now."
                ),
            )
        status = 400
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(
        request,
        "twofactor/setup.html",
        {
            "form": form,
            "secret": grouped,
            "qr": services.qr_svg(
                services.provisioning_uri(user, secret), _("QR code to scan with your authenticator app")
            ),
            "required": services.is_required(user),
            "next": _next(request),
        },
        status=status,
    )


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown once right after they were made; a code of the app makes new ones."""
    user = _user(request)
    if request.method == "POST":
        if services.is_blocked(user, client_address(request)):
            return _locked_out(request)
        form = CodeForm(request.POST)
        codes = services.new_recovery_codes(user, form.data.get("code", "")) if form.is_valid() else None
        if codes is None:
            if services.code_failed(user, client_address(request)):
                return _locked_out(request)
            messages.error(request, _("This code is not right; your recovery codes did not change."))
            return redirect("twofactor:setup")
        request.session[NEW_CODES_KEY] = codes
        return redirect("twofactor:recovery_codes")
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes:
        return redirect("twofactor:setup")
    return render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": _next(request)})


@never_cache
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    """Switch the second step off, with the password and a code of the app."""
    user = _user(request)
    if not services.has_second_factor(user):
        return redirect("twofactor:setup")
    form = DisableForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if services.is_blocked(user, client_address(request)):
            return _locked_out(request)
        if form.is_valid() and services.check_totp(user, form.cleaned_data["code"]):
            services.disable(user)
            middleware.forget(request)
            messages.success(request, _("The second login step is off."))
            return redirect("accounts:account")
        if services.code_failed(user, client_address(request)):
            return _locked_out(request)
        if form.is_valid():
            form.add_error("code", _("This code is not right: type the code that your app shows now."))
        return render(
            request,
            "twofactor/disable.html",
            {"form": form, "required": services.is_required(user)},
            status=400,
        )
    return render(request, "twofactor/disable.html", {"form": form, "required": services.is_required(user)})


def _locked_out(request: HttpRequest) -> HttpResponse:
    """Too many wrong codes or passwords: the session ends, and logging in waits for the window."""
    logout(request)
    return render(request, "twofactor/locked.html", status=429)


def complete_login(request: HttpRequest, user: User) -> None:
    """The second step passed (a code or a passkey): a new session key now that the login is complete (the
    list of sessions follows it), and the session counts as verified."""
    services.code_passed(user)
    old_key = request.session.session_key or ""
    request.session.cycle_key()
    account_services.record_login(
        user,
        request.session.session_key or "",
        str(request.META.get("HTTP_USER_AGENT", "")),
        replaces=old_key,
    )
    middleware.mark_verified(request)


def verify_context(request: HttpRequest, user: User, form: LoginCodeForm) -> dict[str, object]:
    return {
        "form": form,
        "next": _next(request),
        "passkeys": passkeys.has_passkeys(user),
        "passkey_form": PasskeyLoginForm(),
    }


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login: a code of the app or a recovery code."""
    user = _user(request)
    if not services.has_second_factor(user):
        return redirect(_next(request) or "portal:home")
    if middleware.is_verified(request):
        return redirect(_next(request) or "portal:home")
    address = client_address(request)
    form = LoginCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if services.is_blocked(user, address):
            return _locked_out(request)
        used = services.check_code(user, form.data.get("code", "")) if form.is_valid() else ""
        if used:
            complete_login(request, user)
            if used == "recovery":
                left = services.unused_recovery_codes(user)
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; %(left)d are left. Make new ones under "
                        "Mijn account when you have your phone again."
                    )
                    % {"left": left},
                )
            return redirect(_next(request) or "portal:home")
        if services.code_failed(user, address):
            return _locked_out(request)
        if form.is_valid():
            form.add_error(
                "code",
                _("This code is not right, or it was used before. Type the code that your app shows now."),
            )
        return render(request, "twofactor/verify.html", verify_context(request, user, form), status=400)
    return render(request, "twofactor/verify.html", verify_context(request, user, form))


# --- The griffie's reset -----------------------------------------------------------------------------------


@dataclass
class PersonRow:
    person: Person
    user_id: int
    roles: list[str] = field(default_factory=list)
    state: str = "none"
    may_reset: bool = False


@organisation_selectors.with_organisation
def people(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Everyone of the organisation with a login, whether their second step is set up, and a reset for
    those the viewer may reset."""
    require(request.user, organisation, Capability.RESET_SECOND_FACTOR)
    viewer = _user(request)
    today = timezone.localdate()
    functies = organisation_selectors.functies_of_organisation(
        organisation, start=today, end=today + dt.timedelta(days=1)
    ).filter(person__user__isnull=False)
    rows: dict[int, PersonRow] = {}
    for functie in functies:
        user_id = functie.person.user_id
        assert user_id is not None
        row = rows.setdefault(user_id, PersonRow(person=functie.person, user_id=user_id))
        label = str(functie.get_role_display())
        if label not in row.roles:
            row.roles.append(label)
    ids = set(rows)
    users = {
        u.pk: u
        for u in get_user_model().objects.filter(pk__in=sorted(ids)).only("pk", "is_staff", "is_superuser")
    }
    griffie = organisation_selectors.users_holding_role(ids, GRIFFIE_ROLES)
    state = services.states(ids)
    for user_id, row in rows.items():
        target = users.get(user_id)
        row.state = state.get(user_id, "none")
        row.may_reset = bool(
            target is not None
            and user_id != viewer.pk
            and (
                viewer.is_superuser
                or (user_id not in griffie and not target.is_staff and not target.is_superuser)
            )
        )
    return render(
        request, "twofactor/people.html", {"organisation": organisation, "rows": list(rows.values())}
    )


@organisation_selectors.with_organisation
def reset(request: HttpRequest, organisation: Organisation, user_id: int) -> HttpResponse:
    require(request.user, organisation, Capability.RESET_SECOND_FACTOR)
    actor = _user(request)
    target = get_user_model().objects.filter(pk=user_id).first()
    if target is None or not organisation_selectors.roles_for_user(target, organisation):
        raise Http404
    if not services.may_reset(actor, target, organisation):
        raise PermissionDenied(
            _("Only the operator resets the second step of someone of the griffie, and nobody their own.")
        )
    person = organisation_selectors.person_for_user(target)
    name = person.full_name if person is not None else target.get_username()
    form = ResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            services.reset(actor, target, organisation, reason=form.cleaned_data["reason"])
            messages.success(
                request,
                _("The second login step of %(name)s is reset. They set it up again at their next login.")
                % {"name": name},
            )
            return redirect("twofactor:people", org=organisation.slug)
        return render(
            request,
            "twofactor/reset.html",
            {"organisation": organisation, "form": form, "name": name, "target": target},
            status=400,
        )
    return render(
        request,
        "twofactor/reset.html",
        {"organisation": organisation, "form": form, "name": name, "target": target},
    )
