"""Pages of the reports app: the griffie's reports with CSV exports and the printable yearly report, the
choice to take part in the national monitor, and the monitor itself for the operator."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from toerusting.audit import services as audit_services
from toerusting.charts import Report
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, require
from toerusting.organisations.selectors import AnyUser
from toerusting.reports import selectors, services
from toerusting.reports.forms import OptInForm
from toerusting.spreadsheet import cell

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation


def _csv(report: Report, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerows([cell(value) for value in row] for row in selectors.csv_rows(report))
    return response


@organisation_selectors.with_organisation
def overview(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Every report on one page, each with its chart, table, summary and CSV."""
    require(request.user, organisation, Capability.VIEW_REPORTS)
    found = selectors.reports_for(organisation)
    return render(
        request,
        "reports/overview.html",
        {
            "organisation": organisation,
            "reports": [
                (report, reverse("reports:export", kwargs={"org": organisation.slug, "report": report.key}))
                for report in found.reports
            ],
            "year": found.year,
            "opt_in": selectors.opt_in_of(organisation),
            "k": selectors.K_PERSONS,
        },
    )


@organisation_selectors.with_organisation
def export(request: HttpRequest, organisation: Organisation, report: str) -> HttpResponse:
    require(request.user, organisation, Capability.VIEW_REPORTS)
    if report not in selectors.REPORT_KEYS:
        raise Http404
    found = selectors.reports_for(organisation).get(report)
    if found is None:
        raise Http404
    audit_services.record(
        request.user, organisation, audit_services.Action.EXPORT, found.title, export=f"rapportage {report}"
    )
    return _csv(found, f"{report}-{organisation.slug}")


@organisation_selectors.with_organisation
def yearly(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The yearly report for the council: the summaries and tables on one printable page."""
    require(request.user, organisation, Capability.VIEW_REPORTS)
    found = selectors.reports_for(organisation)
    return render(
        request,
        "reports/yearly.html",
        {
            "organisation": organisation,
            "reports": found.reports,
            "year": found.year,
            "k": selectors.K_PERSONS,
        },
    )


@organisation_selectors.with_organisation
def monitor_opt_in(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The griffie decides whether the organisation's figures count in the national monitor."""
    require(request.user, organisation, Capability.VIEW_REPORTS)
    current = selectors.opt_in_of(organisation)
    if request.method == "POST":
        form = OptInForm(request.POST)
        if form.is_valid():
            services.set_monitor_opt_in(request.user, organisation, form.cleaned_data["takes_part"])
            if form.cleaned_data["takes_part"]:
                messages.success(request, _("Your organisation takes part in the national monitor."))
            else:
                messages.info(request, _("Your organisation no longer takes part in the national monitor."))
            return HttpResponseRedirect(reverse("reports:overview", kwargs={"org": organisation.slug}))
    else:
        form = OptInForm(initial={"takes_part": bool(current and current.takes_part)})
    return render(
        request,
        "reports/opt_in.html",
        {"organisation": organisation, "form": form, "current": current, "k": selectors.K_MONITOR},
    )


def _require_operator(user: AnyUser) -> None:
    """The operator, and accounts of the national associations the operator gave the permission to read it."""
    reads = getattr(user, "has_perm", None)
    if not (getattr(user, "is_superuser", False) or (reads and reads("reports.view_national_monitor"))):
        raise PermissionDenied(
            _("Only the operator of Toerusting and the national associations see the national monitor.")
        )


@login_required
def monitor(request: HttpRequest) -> HttpResponse:
    """The national monitor, for the operator and the national associations: aggregates over the organisations
    that take part."""
    _require_operator(request.user)
    found = selectors.monitor()
    return render(
        request,
        "reports/monitor.html",
        {
            "monitor": found,
            "reports": [
                (report, reverse("reports:monitor_export", kwargs={"report": report.key}))
                for report in found.reports
            ],
            "k": selectors.K_MONITOR,
        },
    )


@login_required
def monitor_export(request: HttpRequest, report: str) -> HttpResponse:
    _require_operator(request.user)
    if report not in selectors.MONITOR_KEYS:
        raise Http404
    found = selectors.monitor().get(report)
    if found is None:
        raise Http404
    return _csv(found, f"landelijke-monitor-{report}")
