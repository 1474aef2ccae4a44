"""Login with a rate limit on failures, and logout."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from toerusting import hooks
from toerusting.accounts import services
from toerusting.accounts.forms import LoginAttemptForm


def client_address(request: HttpRequest) -> str:
    """The client's address; behind TRUSTED_PROXY_COUNT proxies, taken from X-Forwarded-For."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

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
        return super().form_valid(form)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        services.record_login_failure(
            LoginAttemptForm(self.request.POST).attempted_name(), client_address(self.request)
        )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            # Logging out ends the member's other sessions too, such as those of the RIS tab.
            hooks.run("user_logged_out", request.user)
        return super().post(request, *args, **kwargs)
