"""The e-mail preference page, and the unsubscribe link of every message (no login needed: the link is
signed). A GET shows a button, because mail scanners open links; the POST, also the one-click POST of RFC
8058 that a mail program sends without a form token, switches the kind off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from toerusting.notifications import services
from toerusting.notifications.forms import PreferencesForm


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user_id = request.user.pk
    assert user_id is not None
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        # Until the member chooses, e-mails are in Dutch; the form proposes the language of the site now.
        initial={
            "language": services.chosen_language(user_id) or request.LANGUAGE_CODE,
            **services.subscriptions_of(user_id),
        },
    )
    if request.method == "POST":
        if form.is_valid():
            services.set_preferences(
                user_id, language=form.cleaned_data["language"], subscribed=form.subscribed()
            )
            messages.success(request, _("Your e-mail choices are saved."))
            return redirect("notifications:preferences")
        return render(request, "notifications/preferences.html", {"form": form}, status=400)
    return render(
        request, "notifications/preferences.html", {"form": form, "email": getattr(request.user, "email", "")}
    )


@csrf_exempt
def unsubscribe(request: HttpRequest, unsubscribe_token: str) -> HttpResponse:
    found = services.read_unsubscribe_token(unsubscribe_token)
    if found is None:
        raise Http404
    user_id, kind = found
    done = False
    if request.method == "POST":
        services.unsubscribe(user_id, kind)
        done = True
    return render(request, "notifications/unsubscribe.html", {"kind": kind, "done": done})
