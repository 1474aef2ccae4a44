"""The griffie's page about the RIS tab: who has an open tab session, and ending them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from toerusting.audit import services as audit_services
from toerusting.embed import services
from toerusting.embed.forms import EndTabSessionsForm
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
