"""The griffie's pages about the RIS tab: who has an open tab session, and ending them; the keys of the
organisation's RIS connections (shown only as "set", rotated without downtime)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from toerusting.audit import services as audit_services
from toerusting.embed import services
from toerusting.embed.forms import EndTabSessionsForm, KeyActionForm, NextKeyForm
from toerusting.embed.models import RisConnection
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


@organisation_selectors.with_organisation
def tab_sessions(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """List the open tab sessions of the organisation; a POST ends those of one member or of everyone."""
    require(request.user, organisation, Capability.MANAGE_TAB_SESSIONS)
    sessions = services.open_sessions(organisation.pk)
    members = sorted({(s.user_id, s.name) for s in sessions}, key=lambda member: member[1])
    form = EndTabSessionsForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        ended = services.end_sessions_in_organisation(organisation.pk, form.user_id())
        audit_services.record(
            request.user,
            organisation,
            audit_services.Action.TAB_SESSIONS_ENDED,
            "RIS tab",
            ended=ended,
            member=form.user_id(),
        )
        message = ngettext("%(count)d tab session ended.", "%(count)d tab sessions ended.", ended)
        messages.success(request, message % {"count": ended})
        return redirect("tabsessions:list", org=organisation.slug)
    return render(
        request,
        "embed/tab_sessions.html",
        {"organisation": organisation, "sessions": sessions, "form": form, "title": _("RIS tab sessions")},
        status=400 if request.method == "POST" else 200,
    )


@organisation_selectors.with_organisation
def ris_keys(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The organisation's RIS connections with the state of their keys (never the keys): the griffie adds
    the supplier's new key as the next key, promotes it once the RIS signs with it, or discards it."""
    require(request.user, organisation, Capability.MANAGE_TAB_SESSIONS)
    connections = list(
        RisConnection.objects.filter(organisation=organisation)
        .exclude(issuer__startswith=services.PLATFORM_ISSUER_PREFIX)
        .order_by("name", "pk")
    )
    forms = {c.pk: NextKeyForm(prefix=f"k{c.pk}", algorithm=c.algorithm) for c in connections}
    status = 200
    if request.method == "POST":
        action = KeyActionForm(request.POST)
        if not action.is_valid():
            raise Http404
        connection = next((c for c in connections if c.pk == action.cleaned_data["connection"]), None)
        if connection is None:
            raise Http404
        choice = action.cleaned_data["action"]
        if choice == "next":
            form = NextKeyForm(request.POST, prefix=f"k{connection.pk}", algorithm=connection.algorithm)
            if form.is_valid():
                try:
                    services.add_next_key(
                        request.user, connection, form.cleaned_data["key"], form.cleaned_data["key_id"]
                    )
                except ValidationError as exc:
                    form.add_error("key", exc)
                else:
                    messages.success(
                        request,
                        _("%(name)s: the next key is accepted beside the current key.")
                        % {"name": connection.name},
                    )
                    return redirect("tabsessions:keys", org=organisation.slug)
            forms[connection.pk] = form
            status = 400
        elif choice == "promote":
            try:
                services.promote_next_key(request.user, connection)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("%(name)s: the next key is now the current key; the old key no longer works.")
                    % {"name": connection.name},
                )
            return redirect("tabsessions:keys", org=organisation.slug)
        else:
            services.discard_next_key(request.user, connection)
            messages.success(
                request, _("%(name)s: the next key is no longer accepted.") % {"name": connection.name}
            )
            return redirect("tabsessions:keys", org=organisation.slug)
    rows = [
        {
            "connection": c,
            "current": services.key_state(c.key_changed_at, bool(c.key)),
            "next": services.key_state(c.next_key_added_at, bool(c.next_key)) if c.next_key else "",
            "form": forms[c.pk],
        }
        for c in connections
    ]
    return render(
        request,
        "embed/ris_keys.html",
        {"organisation": organisation, "rows": rows, "title": _("Keys of the RIS connections")},
        status=status,
    )
