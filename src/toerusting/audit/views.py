"""The audit trail of an organisation: a page for its griffie (and the operator) and a CSV export."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from toerusting.audit import selectors, services
from toerusting.audit.forms import TrailFilterForm
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require
from toerusting.spreadsheet import cell

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from toerusting.audit.models import AuditEvent
    from toerusting.organisations.models import Organisation

PER_PAGE = 50


def _filtered(
    request: HttpRequest, organisation: Organisation
) -> tuple[TrailFilterForm, QuerySet[AuditEvent]]:
    form = TrailFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.events_of(
        organisation, action=data.get("action") or "", since=data.get("since"), until=data.get("until")
    )
    return form, events


@organisation_selectors.with_organisation
def trail(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    require(request.user, organisation, Capability.VIEW_AUDIT_TRAIL)
    form, events = _filtered(request, organisation)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "audit/trail.html",
        {"organisation": organisation, "form": form, "page": page, "query": query.urlencode()},
        status=status,
    )


@organisation_selectors.with_organisation
def export(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The same events as the page (its filters apply) as CSV; the export itself is recorded."""
    require(request.user, organisation, Capability.VIEW_AUDIT_TRAIL)
    _form, events = _filtered(request, organisation)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="logboek-{organisation.slug}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(["time", "by", "action", "on", "details"])
    count = 0
    for event in events.iterator(chunk_size=1000):
        writer.writerow(
            [
                timezone.localtime(event.at).isoformat(timespec="seconds"),
                cell(event.actor_name),
                event.action,
                cell(event.target),
                cell(";".join(f"{key}={value}" for key, value in sorted(event.details.items()))),
            ]
        )
        count += 1
    services.record(request.user, organisation, services.Action.EXPORT, "audit trail (CSV)", rows=count)
    return response
