"""Login with a rate limit on failures, logout, and the member's own account page (password, sessions)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from toerusting import hooks
from toerusting.accounts import services
from toerusting.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    EndSessionForm,
    ForgotPasswordForm,
    LoginAttemptForm,
    ResetPasswordForm,
)
from toerusting.accounts.models import User
from toerusting.accounts.selectors import client_address


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Organisations whose members log in with their own organisation's account (toerusting.oidc).
        context["alternatives"] = [item for items in hooks.collect("login_alternatives") for item in items]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = LoginAttemptForm(request.POST).attempted_name()
        if services.is_login_blocked(username, client_address(request)):
            form = self.get_form()
            form.errors.clear()
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            form.add_error(
                None,
                ngettext(
                    "Too many failed attempts to log in. Wait %(minutes)d minute and try again, "
                    "or ask the griffie to help you.",
                    "Too many failed attempts to log in. Wait %(minutes)d minutes and try again, "
                    "or ask the griffie to help you.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        services.clear_login_failures(form.get_user().get_username())
        response = super().form_valid(form)  # logs in: the session has its new key now
        session_key = self.request.session.session_key
        if session_key:
            services.record_login(
                form.get_user(), session_key, str(self.request.META.get("HTTP_USER_AGENT", ""))
            )
        hooks.run("audited", form.get_user(), "login")
        hooks.run("user_logged_in", form.get_user(), self.request)
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        name = LoginAttemptForm(self.request.POST).attempted_name()
        services.record_login_failure(name, client_address(self.request))
        # For the griffie of the account's organisations when the name is a known account (the operator's
        # trail otherwise); the password is never part of it.
        hooks.run("audited", None, "login_failed", username=name[:150])
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        elsewhere = ""
        if request.user.is_authenticated:
            # Logging out ends the member's other sessions too, such as those of the RIS tab.
            hooks.run("user_logged_out", request.user)
            services.forget_login_session(request.session.session_key or "")
            # Logged in through the organisation's identity provider: its session ends too, afterwards.
            elsewhere = next((url for url in hooks.collect("logout_redirect", request) if url), "")
        response = super().post(request, *args, **kwargs)
        if elsewhere:
            # A page that goes on to the provider by itself (a redirect in answer to the logout form would be
            # refused by the form-action of the page's Content-Security-Policy), with a link as well.
            return render(request, self.template_name, {"elsewhere": elsewhere})
        return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Mijn account: who I am here, my password, and where I am logged in (with a way to end a session)."""
    user = request.user
    assert isinstance(user, User)
    sessions = services.active_login_sessions(user)
    current = request.session.session_key or ""
    return render(
        request,
        "accounts/account.html",
        {
            "sessions": sessions,
            "current_key": current,
            "others": sum(1 for s in sessions if s.session_key != current),
        },
    )


@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    """A new password; this browser stays logged in, every other session of the member ends."""
    user = request.user
    assert isinstance(user, User)
    form = ChangePasswordForm(user, request.POST) if request.method == "POST" else ChangePasswordForm(user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            old_key = request.session.session_key or ""
            update_session_auth_hash(request, user)  # a new session key for this browser
            services.record_login(
                user,
                request.session.session_key or "",
                str(request.META.get("HTTP_USER_AGENT", "")),
                replaces=old_key,
            )
            ended = services.end_login_sessions(user, keep_key=request.session.session_key or "")
            hooks.run("user_logged_out", user)  # the RIS tab's sessions too
            hooks.run("audited", user, "password_changed", ended_sessions=ended)
            messages.success(
                request,
                ngettext(
                    "Your password is changed. You were logged out of %(count)d other session.",
                    "Your password is changed. You were logged out of %(count)d other sessions.",
                    ended,
                )
                % {"count": ended}
                if ended
                else _("Your password is changed."),
            )
            return redirect("accounts:account")
        return render(request, "accounts/change_password.html", {"form": form}, status=400)
    return render(request, "accounts/change_password.html", {"form": form})


@login_required
@require_POST
def end_sessions(request: HttpRequest) -> HttpResponse:
    """End one of my other sessions, or all of them; never the one I am using (that is "Uitloggen")."""
    user = request.user
    assert isinstance(user, User)
    form = EndSessionForm(request.POST)
    if not form.is_valid():
        problem = " ".join(str(error) for error in form.non_field_errors())
        messages.error(request, problem or _("Choose a session to end."))
        return redirect("accounts:account")
    current = request.session.session_key or ""
    if form.cleaned_data.get("others"):
        ended = services.end_login_sessions(user, keep_key=current)
    else:
        ended = services.end_login_sessions(user, only=form.cleaned_data["session"], keep_key=current)
        if not ended:
            raise Http404
    hooks.run("audited", user, "sessions_ended", ended=ended)
    messages.success(
        request,
        ngettext("%(count)d session ended.", "%(count)d sessions ended.", ended) % {"count": ended},
    )
    return redirect("accounts:account")


# --- Forgotten password and e-mail change -------------------------------------------------------------------


def forgot_password(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link. The answer is the same whether or not an account has the address."""
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/forgot_password.html", {"form": form}, status=400)
        email = form.cleaned_data["email"]
        if not services.reset_request_allowed(email, client_address(request)):
            form.add_error(
                None,
                _("Too many requests for a new password. Wait an hour and try again, or ask the griffie."),
            )
            return render(request, "accounts/forgot_password.html", {"form": form}, status=429)
        user = services.send_password_reset(email, language=translation.get_language() or "")
        if user is not None:
            hooks.run("audited", user, "password_reset_requested")
        return redirect("accounts:reset_sent")
    return render(request, "accounts/forgot_password.html", {"form": form})


def reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/reset_sent.html")


def reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the mail: a new password, once; every session of the account ends."""
    user = services.user_for_reset(uidb64, token)
    if user is None:
        return render(request, "accounts/reset_invalid.html", status=400)
    form = ResetPasswordForm(user, request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/reset_confirm.html", {"form": form}, status=400)
        form.save()  # the token is spent: it depends on the password
        ended = services.end_login_sessions(user)
        hooks.run("user_logged_out", user)
        hooks.run("audited", user, "password_reset", ended_sessions=ended)
        messages.success(request, _("Your new password is set. Log in with it."))
        return redirect("accounts:login")
    return render(request, "accounts/reset_confirm.html", {"form": form})


@login_required
def change_email(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = ChangeEmailForm(user, request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "accounts/change_email.html", {"form": form}, status=400)
        new_email = form.cleaned_data["email"]
        services.request_email_change(user, new_email, language=translation.get_language() or "")
        hooks.run("audited", user, "email_change_requested")
        messages.success(
            request,
            _("We sent a link to %(email)s. Your address changes when you open it.") % {"email": new_email},
        )
        return redirect("accounts:account")
    return render(request, "accounts/change_email.html", {"form": form})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail to the new address: a button, so that a mail scanner opening it changes
    nothing."""
    if request.method == "POST":
        try:
            user, _old = services.confirm_email_change(token)
        except services.EmailChangeError as error:
            return render(request, "accounts/confirm_email.html", {"problem": str(error)}, status=400)
        hooks.run("audited", user, "email_changed")
        messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": user.email})
        return redirect("accounts:account" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/confirm_email.html", {})
