"""Pages of the training budget: the member's own ledger and requests, a request with its audit trail,
the griffie's list of requests with every member's ledger, the budget rules, the overview per fractie and
role, and the CSV export for the financial administration."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from toerusting.audit import services as audit_services
from toerusting.budgets import selectors, services
from toerusting.budgets.forms import ClaimForm, DecisionForm, RuleForm
from toerusting.budgets.models import ClaimStatus
from toerusting.catalogue import selectors as catalogue_selectors
from toerusting.organisations import selectors as organisation_selectors
from toerusting.organisations.permissions import Capability, can, require
from toerusting.spreadsheet import cell

if TYPE_CHECKING:
    from toerusting.organisations.models import Organisation

CLAIMABLE_KINDS = ("training", "e_learning", "webinar", "intervisie", "casus", "mentoring")


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("jaar", ""))
    except ValueError:
        return selectors.current_year()
    return year if 2000 <= year <= 2100 else selectors.current_year()


@organisation_selectors.with_organisation
def mine(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The member's own budget: the ledger of the year and their requests."""
    year = _year(request)
    person = organisation_selectors.person_for_user(request.user)
    account = selectors.ledger_for(organisation, person, year) if person is not None else None
    claims = list(selectors.claims_of(organisation, person)) if person is not None else []
    return render(
        request,
        "budgets/mine.html",
        {
            "organisation": organisation,
            "year": year,
            "years": selectors.years_of(organisation),
            "account": account,
            "claims": claims,
            "griffie": can(request.user, organisation, Capability.DECIDE_BUDGET),
        },
    )


def _claimable_items(request: HttpRequest) -> list[tuple[int, str]]:
    items = (
        catalogue_selectors.visible_items(request.user)
        .filter(non_partisan=True, kind__in=CLAIMABLE_KINDS)
        .order_by("title")
        .values_list("pk", "title")
    )
    return list(items)


@organisation_selectors.with_organisation
def request_claim(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """A member asks to pay a course from their budget."""
    person = organisation_selectors.person_for_user(request.user)
    items = _claimable_items(request)
    form = ClaimForm(request.POST if request.method == "POST" else None, items=items)
    account = (
        selectors.ledger_for(organisation, person, selectors.current_year()) if person is not None else None
    )
    status = 200
    if request.method == "POST":
        if person is None:
            form.add_error(None, _("Your account is not linked to a person in this council."))
        elif form.is_valid():
            data = form.cleaned_data
            item = None
            if data["item"]:
                item = (
                    catalogue_selectors.visible_items(request.user)
                    .filter(pk=int(data["item"]), non_partisan=True, kind__in=CLAIMABLE_KINDS)
                    .first()
                )
            provider = data["provider"] or (item.get_provider_display() if item is not None else "")
            try:
                claim = services.request_claim(
                    organisation,
                    person,
                    request.user,
                    services.ClaimData(
                        course=data["course"] or (item.title if item is not None else ""),
                        provider=str(provider),
                        course_date=data["course_date"],
                        amount=data["amount"],
                        explanation=data["explanation"],
                        item=item,
                    ),
                )
            except services.BudgetError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Your request is sent to the griffie."))
                return redirect("budgets:claim", org=organisation.slug, claim_id=claim.pk)
        status = 400
    return render(
        request,
        "budgets/request.html",
        {"organisation": organisation, "form": form, "account": account},
        status=status,
    )


@organisation_selectors.with_organisation
def claim_page(request: HttpRequest, organisation: Organisation, claim_id: int) -> HttpResponse:
    """One request with its audit trail: for its member and for the griffie."""
    claim = selectors.get_claim_for_user(request.user, organisation, claim_id)
    griffie = can(request.user, organisation, Capability.DECIDE_BUDGET)
    own = claim.person.user_id == request.user.pk
    account = selectors.ledger_for(organisation, claim.person, claim.year)
    return render(
        request,
        "budgets/claim.html",
        {
            "organisation": organisation,
            "claim": claim,
            "account": account,
            "audit": list(selectors.audit_of(claim)),
            "griffie": griffie,
            "own": own,
            "form": DecisionForm(initial={"decision": "pay" if claim.status == ClaimStatus.APPROVED else ""}),
            "statuses": ClaimStatus,
        },
    )


@require_POST
@organisation_selectors.with_organisation
def withdraw(request: HttpRequest, organisation: Organisation, claim_id: int) -> HttpResponse:
    claim = selectors.get_claim_for_user(request.user, organisation, claim_id)
    if claim.person.user_id != request.user.pk:
        # The griffie sees the request but cannot withdraw it for the member.
        raise Http404
    try:
        services.withdraw_claim(claim, request.user)
    except services.BudgetError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("budgets:claim", org=organisation.slug, claim_id=claim.pk)


@require_POST
@organisation_selectors.with_organisation
def decide(request: HttpRequest, organisation: Organisation, claim_id: int) -> HttpResponse:
    """The griffie approves, refuses or marks a request as paid."""
    require(request.user, organisation, Capability.DECIDE_BUDGET)
    claim = selectors.get_claim_for_user(request.user, organisation, claim_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.approve_claim(claim, request.user, data["amount"], override_reason=data["reason"])
                audit_services.record(
                    request.user,
                    organisation,
                    audit_services.Action.BUDGET,
                    str(claim.person),
                    decision="approved",
                    claim=claim.pk,
                    amount=str(data["amount"]),
                )
                messages.success(request, _("The request is approved."))
            elif data["decision"] == "refuse":
                services.refuse_claim(claim, request.user, data["reason"])
                audit_services.record(
                    request.user,
                    organisation,
                    audit_services.Action.BUDGET,
                    str(claim.person),
                    decision="refused",
                    claim=claim.pk,
                )
                messages.success(request, _("The request is refused; the member sees your reason."))
            else:
                services.mark_paid(claim, request.user)
                audit_services.record(
                    request.user,
                    organisation,
                    audit_services.Action.BUDGET,
                    str(claim.person),
                    decision="paid",
                    claim=claim.pk,
                )
                messages.success(request, _("The request is marked as paid."))
        except services.BudgetError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            return redirect("budgets:claim", org=organisation.slug, claim_id=claim.pk)
    account = selectors.ledger_for(organisation, claim.person, claim.year)
    return render(
        request,
        "budgets/claim.html",
        {
            "organisation": organisation,
            "claim": claim,
            "account": account,
            "audit": list(selectors.audit_of(claim)),
            "griffie": True,
            "own": claim.person.user_id == request.user.pk,
            "form": form,
            "statuses": ClaimStatus,
        },
        status=400,
    )


@organisation_selectors.with_organisation
def griffie_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """All requests of a year (waiting ones first) and every member's ledger."""
    require(request.user, organisation, Capability.DECIDE_BUDGET)
    year = _year(request)
    status = request.GET.get("status", "")
    if status not in ClaimStatus.values:
        status = ""
    ledgers = selectors.ledgers_for_griffie(organisation, year)
    return render(
        request,
        "budgets/griffie.html",
        {
            "organisation": organisation,
            "year": year,
            "years": selectors.years_of(organisation),
            "status": status,
            "statuses": ClaimStatus.choices,
            "claims": list(selectors.claims_for_griffie(organisation, year, status)),
            "ledgers": ledgers,
            "total": selectors.totals(ledgers),
            "role_labels": dict(organisation_selectors.role_choices()),
        },
    )


@organisation_selectors.with_organisation
def rules(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The budget per role and year, as set locally; every change goes into the audit trail."""
    require(request.user, organisation, Capability.DECIDE_BUDGET)
    year = _year(request)
    labels = dict(organisation_selectors.role_choices())
    roles = [(role, labels.get(role, role)) for role in selectors.budget_roles(organisation)]
    form = RuleForm(request.POST if request.method == "POST" else None, roles=roles, initial={"year": year})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_rule(
                    organisation, data["year"], data["role"], data["amount"], request.user, data["basis"]
                )
                audit_services.record(
                    request.user,
                    organisation,
                    audit_services.Action.BUDGET,
                    f"{data['role']} {data['year']}",
                    rule="set",
                    amount=str(data["amount"]),
                )
            except services.BudgetError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("The budget rule is saved."))
                return redirect(f"{request.path}?jaar={data['year']}")
        status = 400
    current = selectors.rules_of(organisation, year)
    return render(
        request,
        "budgets/rules.html",
        {
            "organisation": organisation,
            "year": year,
            "years": selectors.years_of(organisation),
            "form": form,
            "rows": [(label, current.get(role)) for role, label in roles],
            "audit": list(selectors.rule_audit(organisation)),
        },
        status=status,
    )


@organisation_selectors.with_organisation
def overview(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Budget use per fractie and per role, in groups of at least five members."""
    require(request.user, organisation, Capability.DECIDE_BUDGET)
    year = _year(request)
    ledgers = selectors.ledgers_for_griffie(organisation, year)
    return render(
        request,
        "budgets/overview.html",
        {
            "organisation": organisation,
            "year": year,
            "years": selectors.years_of(organisation),
            "by_fractie": selectors.use_by_fractie(ledgers),
            "by_role": selectors.use_by_role(organisation, ledgers),
            "k": selectors.K_ANONYMITY,
        },
    )


@organisation_selectors.with_organisation
def export(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """CSV of a year's requests with totals, for the financial administration.

    `?formaat=nl` (default): semicolon-separated, decimal comma, UTF-8 with BOM, which Dutch spreadsheet
    settings open as numbers. `?formaat=iso`: comma-separated, decimal point, no BOM, for software."""
    require(request.user, organisation, Capability.DECIDE_BUDGET)
    year = _year(request)
    dutch = request.GET.get("formaat", "nl") != "iso"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="opleidingsbudget-{organisation.slug}-{year}{"" if dutch else "-iso"}.csv"'
    )
    if dutch:
        response.write("\ufeff")
    write_export(response, organisation, year, dutch=dutch)
    audit_services.record(
        request.user, organisation, audit_services.Action.EXPORT, f"training budget {year} (CSV)"
    )
    return response


def write_export(out: HttpResponse, organisation: Organisation, year: int, *, dutch: bool) -> None:
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")

    def euro(value: object) -> str:
        return selectors.format_euro(value, dutch=dutch) if isinstance(value, Decimal) else ""

    writer.writerow(
        [
            "jaar",
            "aanvraag",
            "naam",
            "datum_cursus",
            "cursus",
            "aanbieder",
            "status",
            "bedrag",
            "goedgekeurd_niet_betaald",
            "betaald",
            "boven_budget",
            "besloten_op",
            "betaald_op",
        ]
    )
    approved_total = paid_total = pending_total = Decimal("0.00")
    for claim in selectors.claims_for_griffie(organisation, year).order_by("person__family_name", "pk"):
        approved = claim.amount if claim.status == ClaimStatus.APPROVED else None
        paid = claim.amount if claim.status == ClaimStatus.PAID else None
        if approved is not None:
            approved_total += approved
        if paid is not None:
            paid_total += paid
        if claim.status == ClaimStatus.PENDING:
            pending_total += claim.amount
        writer.writerow(
            [
                year,
                claim.pk,
                cell(claim.person.full_name),
                claim.course_date.isoformat(),
                cell(claim.course),
                cell(claim.provider),
                claim.status,  # the stable Dutch value (aangevraagd, goedgekeurd, ...), not a translation
                euro(claim.amount),
                euro(approved),
                euro(paid),
                "ja" if claim.over_budget else "",
                timezone.localtime(claim.decided_at).date().isoformat() if claim.decided_at else "",
                timezone.localtime(claim.paid_at).date().isoformat() if claim.paid_at else "",
            ]
        )
    ledgers = selectors.ledgers_for_griffie(organisation, year)
    total = selectors.totals(ledgers)
    writer.writerow([])
    writer.writerow(["totaal", "", "", "", "", "", "aangevraagd, nog geen besluit", euro(pending_total)])
    writer.writerow(["totaal", "", "", "", "", "", "goedgekeurd, niet betaald", "", euro(approved_total)])
    writer.writerow(["totaal", "", "", "", "", "", "betaald", "", "", euro(paid_total)])
    writer.writerow(["totaal", "", "", "", "", "", "budget van alle leden", euro(total.budget)])
    writer.writerow(["totaal", "", "", "", "", "", "resterend budget", euro(total.remaining)])
