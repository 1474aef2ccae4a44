"""Pages of an organisation's agenda: the meeting calendar (a meeting's page is recommendations:meeting).
Members only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from toerusting.agenda import selectors
from toerusting.organisations.selectors import with_organisation

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


@with_organisation
def calendar(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    upcoming = request.GET.get("periode") != "eerder"
    calendar = selectors.get_calendar_for_user(request.user, organisation, upcoming=upcoming)
    return render(request, "agenda/calendar.html", {"calendar": calendar, "organisation": organisation})
