"""Mijn gegevens: the member's data as a page, as JSON and as a page to keep; deletion on request; and the
griffie's retention period."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting import hooks
from toerusting.accounts import services as account_services
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require
from toerusting.privacy import selectors, services
from toerusting.privacy.forms import DeletionForm, RetentionForm


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _context(request: HttpRequest) -> dict[str, Any]:
    return {
        "sections": selectors.personal_data(request.user),
        "made_at": timezone.localtime(),
        "grace_days": settings.DELETION_GRACE_DAYS,
    }


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What Toerusting holds about me, per part, with the downloads and the way to delete my account."""
    context = _context(request)
    context["form"] = DeletionForm(request.user)
    context["pending"] = selectors.pending_deletion(request.user)
    return render(request, "privacy/my_data.html", context)


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    data = {
        "made_at": timezone.localtime().isoformat(timespec="seconds"),
        "sections": selectors.personal_data(request.user),
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{_stamp()}.json"'
    services.record_export(request.user, "json")
    return response


@login_required
def export_html(request: HttpRequest) -> HttpResponse:
    """The same as the page, as a file without scripts or links to the site, to keep or print."""
    html = render_to_string("privacy/export.html", _context(request), request=request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{_stamp()}.html"'
    services.record_export(request.user, "html")
    return response


@login_required
@require_POST
def request_deletion(request: HttpRequest) -> HttpResponse:
    """Confirmed with the password: the account is deleted after the grace period; the member is logged out
    everywhere now (logging in again cancels the request)."""
    user = request.user
    form = DeletionForm(user, request.POST)
    if not form.is_valid():
        context = _context(request)
        context.update(form=form, pending=None)
        return render(request, "privacy/my_data.html", context, status=400)
    deletion = services.request_deletion(user)
    account_services.end_login_sessions(user)  # type: ignore[arg-type]
    hooks.run("user_logged_out", user)
    logout(request)
    return render(
        request,
        "privacy/deletion_requested.html",
        {"due_at": deletion.due_at, "grace_days": settings.DELETION_GRACE_DAYS},
    )


@organisation_selectors.with_organisation
def retention(request: HttpRequest, organisation: Any) -> HttpResponse:
    """The griffie sets how long the learning data of former members is kept."""
    require(request.user, organisation, Capability.SET_RETENTION)
    months = selectors.retention_months(organisation)
    form = RetentionForm(request.POST or None, initial={"months": months})
    if request.method == "POST":
        if not form.is_valid():
            return render(
                request, "privacy/retention.html", {"organisation": organisation, "form": form}, status=400
            )
        services.set_retention(request.user, organisation, form.cleaned_data["months"])
        messages.success(request, _("The retention period is saved."))
        return redirect("privacy_manage:retention", org=organisation.slug)
    return render(
        request,
        "privacy/retention.html",
        {"organisation": organisation, "form": form, "default_months": settings.RETENTION_DEFAULT_MONTHS},
    )
