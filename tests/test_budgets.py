"""Training budget: amounts, the ledger arithmetic, the state machine, the append-only audit trail, the CSV
export, privacy by URL, the overview's groups of at least five, and constant queries on the griffie's
pages. Everything goes through the services and the views."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.budget_mentor_objects import member
from tests.conftest import Tenant
from tests.factories import FractieFactory, FunctieFactory, PersonFactory, make_module
from toerusting.budgets import ledger, selectors, services
from toerusting.budgets.models import AuditEntry, Claim, ClaimStatus
from toerusting.budgets.services import BudgetError, ClaimData


@pytest.fixture(autouse=True)
def _english(client: Client) -> Iterator[None]:
    """Messages are asserted in English (the msgids), in the services and on the pages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


YEAR = timezone.localdate().year


def _data(amount: str, course: str = "Debattraining", day: dt.date | None = None) -> ClaimData:
    return ClaimData(
        course=course, provider="NVvR", course_date=day or dt.date(YEAR, 6, 1), amount=Decimal(amount)
    )


@pytest.fixture
def budget(tenant_a: Tenant) -> Tenant:
    """Aadorp with a raadslid budget of € 1.500 and a fractievoorzitter budget of € 1.750 this year."""
    services.set_rule(tenant_a.organisation, YEAR, "raadslid", "1500,00", tenant_a.griffier, "art. 12")
    services.set_rule(tenant_a.organisation, YEAR, "fractievoorzitter", Decimal("1750"), tenant_a.griffier)
    return tenant_a


# ------------------------------------------------------------------------------------------------ amounts
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250,50", "1250.50"),
        ("1250.5", "1250.50"),
        ("€ 395", "395.00"),
        ("0,01", "0.01"),
        ("12,3", "12.30"),
        # Dutch thousands without cents: points between groups of three digits
        ("1.250", "1250.00"),
        ("€ 12.500", "12500.00"),
        ("1.25", "1.25"),
    ],
)
def test_amounts_are_read_exactly(text: str, expected: str) -> None:
    value = services.parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize("text", ["0", "-5", "12,345", "abc", "NaN", "1,2,3", "99999999"])
def test_bad_amounts_are_refused(text: str) -> None:
    with pytest.raises(BudgetError):
        services.parse_amount(text)


def test_euro_format_is_dutch_and_exact() -> None:
    assert ledger.format_euro(Decimal("1234567.5")) == "1.234.567,50"
    assert ledger.format_euro(Decimal("0.1") + Decimal("0.2")) == "0,30"  # 0.30000000000000004 as float
    assert ledger.format_euro(Decimal("-12.3")) == "-12,30"
    assert ledger.format_euro(Decimal("1234.5"), dutch=False) == "1234.50"


# ----------------------------------------------------------------------------------------- ledger arithmetic
def test_ledger_adds_up_per_status_and_takes_the_highest_role(budget: Tenant) -> None:
    org, person, user, griffier = budget.organisation, budget.person, budget.user, budget.griffier
    pending = services.request_claim(org, person, user, _data("395.00"))
    approved = services.approve_claim(services.request_claim(org, person, user, _data("250.10")), griffier)
    paid = services.mark_paid(
        services.approve_claim(services.request_claim(org, person, user, _data("100.20")), griffier), griffier
    )
    services.refuse_claim(
        services.request_claim(org, person, user, _data("80.00")), griffier, "Partijpolitiek"
    )
    services.withdraw_claim(services.request_claim(org, person, user, _data("50.00")), user)

    account = selectors.ledger_for(org, person, YEAR)
    # The raadslid is also fractievoorzitter: one budget, the highest (1.750), not 1.500 + 1.750.
    assert account.budget == Decimal("1750.00")
    assert account.requested == Decimal("395.00")
    assert account.approved == Decimal("250.10")
    assert account.spent == Decimal("100.20")
    assert account.remaining == Decimal("1399.70")
    assert account.available == Decimal("1004.70")
    assert all(isinstance(v, Decimal) for v in (account.budget, account.remaining, account.available))
    assert {pending.status, approved.status, paid.status} == {"aangevraagd", "goedgekeurd", "betaald"}

    # The organisation's ledgers give the same figures, and the totals add up over members.
    other = member(budget, "Bram", "Bakker", dt.date(2026, 4, 1))
    services.mark_paid(
        services.approve_claim(services.request_claim(org, other, user, _data("0.10")), griffier), griffier
    )
    ledgers = selectors.ledgers_for_griffie(org, YEAR)
    by_person = {a.person.pk: a for a in ledgers if a.person is not None}
    assert by_person[person.pk].remaining == account.remaining
    assert by_person[other.pk].budget == Decimal("1500.00")
    total = selectors.totals(ledgers)
    assert total.budget == Decimal("3250.00")
    assert total.spent == Decimal("100.30")
    assert total.remaining == Decimal("3250.00") - Decimal("250.10") - Decimal("100.30")


def test_a_request_above_the_free_budget_is_refused_and_nothing_is_written(budget: Tenant) -> None:
    org, person, user = budget.organisation, budget.person, budget.user
    services.request_claim(org, person, user, _data("1500.00"))
    claims, entries = Claim.objects.count(), AuditEntry.objects.count()
    with pytest.raises(BudgetError) as error:
        services.request_claim(org, person, user, _data("250.01"))  # 1.750 - 1.500 pending = 250 free
    assert error.value.field == "amount"
    assert (Claim.objects.count(), AuditEntry.objects.count()) == (claims, entries)
    services.request_claim(org, person, user, _data("250.00"))  # exactly what is free fits


def test_no_budget_without_a_rule_and_party_political_training_is_refused(tenant_a: Tenant) -> None:
    with pytest.raises(BudgetError) as error:
        services.request_claim(tenant_a.organisation, tenant_a.person, tenant_a.user, _data("10"))
    assert error.value.field == "course_date"
    services.set_rule(tenant_a.organisation, YEAR, "raadslid", "1000", tenant_a.griffier)
    item = make_module("partijcursus", title="Campagne voeren", kind="training")
    item.non_partisan = False
    item.save()
    data = ClaimData(
        course="Campagne", provider="Partij", course_date=dt.date(YEAR, 5, 1), amount=Decimal("10"), item=item
    )
    with pytest.raises(BudgetError) as error:
        services.request_claim(tenant_a.organisation, tenant_a.person, tenant_a.user, data)
    assert error.value.field == "item"


# ------------------------------------------------------------------------------------------ state machine
def test_state_machine(budget: Tenant) -> None:
    org, person, user, griffier = budget.organisation, budget.person, budget.user, budget.griffier
    claim = services.request_claim(org, person, user, _data("300"))
    with pytest.raises(BudgetError):
        services.mark_paid(claim, griffier)  # not approved yet
    claim = services.approve_claim(claim, griffier)
    with pytest.raises(BudgetError):
        services.withdraw_claim(claim, user)  # approved: no longer the member's to withdraw
    with pytest.raises(BudgetError):
        services.refuse_claim(claim, griffier, "Te laat")
    claim = services.mark_paid(claim, griffier)
    with pytest.raises(BudgetError, match="already paid"):
        services.mark_paid(claim, griffier)  # no double pay
    with pytest.raises(BudgetError):
        services.approve_claim(claim, griffier)  # no approve after paid
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert selectors.ledger_for(org, person, YEAR).spent == Decimal("300.00")

    refused = services.request_claim(org, person, user, _data("20"))
    with pytest.raises(BudgetError) as error:
        services.refuse_claim(refused, griffier, "  ")
    assert error.value.field == "reason"


def test_approving_above_the_remaining_budget_needs_a_reason(budget: Tenant) -> None:
    org, person, user, griffier = budget.organisation, budget.person, budget.user, budget.griffier
    claim = services.request_claim(org, person, user, _data("1700"))
    with pytest.raises(BudgetError) as error:
        services.approve_claim(claim, griffier, amount="1800,00")
    assert error.value.field == "override_reason"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING
    claim = services.approve_claim(
        claim, griffier, amount="1800,00", override_reason="Besluit presidium 3 maart"
    )
    assert claim.over_budget and claim.amount == Decimal("1800.00")
    assert selectors.ledger_for(org, person, YEAR).remaining == Decimal("-50.00")


# ---------------------------------------------------------------------------------------- audit trail
def test_audit_trail_keeps_who_what_and_amounts_and_cannot_change(budget: Tenant) -> None:
    org, person, user, griffier = budget.organisation, budget.person, budget.user, budget.griffier
    claim = services.request_claim(org, person, user, _data("400"))
    services.approve_claim(claim, griffier, amount="350")
    services.mark_paid(claim, griffier)
    entries = list(selectors.audit_of(claim))
    assert [e.action for e in entries] == ["aangevraagd", "goedgekeurd", "betaald"]
    assert entries[0].actor_name == person.full_name
    assert entries[1].actor == griffier
    assert (entries[1].old_amount, entries[1].new_amount) == (Decimal("400.00"), Decimal("350.00"))
    assert (entries[2].old_status, entries[2].new_status) == ("goedgekeurd", "betaald")

    entry = entries[0]
    entry.note = "veranderd"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(claim=claim).update(note="weg")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(claim=claim).delete()
    assert [e.note for e in selectors.audit_of(claim)] == ["", "", ""]

    # A changed budget rule is in the trail with its old and new amount.
    services.set_rule(org, YEAR, "raadslid", "1600", griffier)
    rule_entry = selectors.rule_audit(org)[0]
    assert (rule_entry.old_amount, rule_entry.new_amount) == (Decimal("1500.00"), Decimal("1600.00"))


def test_the_request_page_shows_the_trail(budget: Tenant, client: Client) -> None:
    claim = services.request_claim(budget.organisation, budget.person, budget.user, _data("400"))
    services.approve_claim(claim, budget.griffier, amount="350")
    client.force_login(budget.user)
    page = client.get(
        reverse("budgets:claim", kwargs={"org": budget.organisation.slug, "claim_id": claim.pk})
    )
    body = page.content.decode()
    assert "History" in body and "Griet" in body and "400.00" in body and "350.00" in body


# ------------------------------------------------------------------------------------------------ export
def test_csv_export_has_every_request_and_the_totals(budget: Tenant, client: Client) -> None:
    org, person, user, griffier = budget.organisation, budget.person, budget.user, budget.griffier
    services.mark_paid(
        services.approve_claim(
            services.request_claim(org, person, user, _data("1234.50", "Begroting lezen")), griffier
        ),
        griffier,
    )
    services.approve_claim(
        services.request_claim(org, person, user, _data("100.25", "Debat; en zo")), griffier
    )
    services.request_claim(org, person, user, _data("10"))
    client.force_login(griffier)
    url = reverse("budgets:export", kwargs={"org": org.slug})

    dutch = client.get(url, {"jaar": YEAR})
    assert dutch["Content-Type"].startswith("text/csv")
    text = b"".join(dutch.streaming_content if dutch.streaming else [dutch.content]).decode("utf-8")
    assert text.startswith("\ufeffjaar;aanvraag;naam;")
    assert f"{YEAR};" in text and "Begroting lezen" in text
    assert ";1.234,50;;1.234,50;" in text  # amount and paid, decimal comma
    assert '"Debat; en zo"' in text  # a separator inside a field is quoted
    assert "totaal;;;;;;betaald;;;1.234,50" in text
    assert "totaal;;;;;;goedgekeurd, niet betaald;;100,25" in text
    assert "totaal;;;;;;aangevraagd, nog geen besluit;10,00" in text
    assert "totaal;;;;;;budget van alle leden;1.750,00" in text
    assert "totaal;;;;;;resterend budget;415,25" in text

    iso = client.get(url, {"jaar": YEAR, "formaat": "iso"}).content.decode()
    assert iso.startswith("jaar,aanvraag,naam,")
    assert ",1234.50,,1234.50," in iso
    assert "totaal,,,,,,resterend budget,415.25" in iso


# --------------------------------------------------------------------------------------------- privacy
def test_no_member_sees_another_members_request_or_ledger(budget: Tenant, client: Client) -> None:
    org = budget.organisation
    claim = services.request_claim(org, budget.person, budget.user, _data("395", "Geheime cursus"))
    colleague = member(budget, "Carla", "Collega", dt.date(2026, 4, 1), login=True)
    client.force_login(colleague.user)
    kwargs = {"org": org.slug, "claim_id": claim.pk}
    assert client.get(reverse("budgets:claim", kwargs=kwargs)).status_code == 404
    assert client.post(reverse("budgets:withdraw", kwargs=kwargs)).status_code == 404
    assert client.post(reverse("budgets:decide", kwargs=kwargs), {"decision": "approve"}).status_code == 403
    for name in ("budgets:griffie", "budgets:export", "budgets:overview", "budgets:rules"):
        assert client.get(reverse(name, kwargs={"org": org.slug})).status_code == 403
    own = client.get(reverse("budgets:mine", kwargs={"org": org.slug})).content.decode()
    assert "Geheime cursus" not in own
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_request_form_names_the_field_and_writes_nothing(budget: Tenant, client: Client) -> None:
    client.force_login(budget.user)
    url = reverse("budgets:request", kwargs={"org": budget.organisation.slug})
    response = client.post(
        url, {"course": "Debat", "provider": "NVvR", "course_date": f"{YEAR}-06-01", "amount": "12,345"}
    )
    assert response.status_code == 400
    assert "Cost in euros: Use at most two decimals" in response.content.decode()
    response = client.post(
        url, {"course": "Debat", "provider": "NVvR", "course_date": f"{YEAR}-06-01", "amount": "5000"}
    )
    assert response.status_code == 400
    assert "Cost in euros: This is more than your free budget" in response.content.decode()
    response = client.post(url, {"course_date": f"{YEAR}-06-01", "amount": "50"})
    assert "Course or training: Name the course" in response.content.decode()
    assert Claim.objects.count() == 0
    response = client.post(
        url, {"course": "Debat", "provider": "NVvR", "course_date": f"{YEAR}-06-01", "amount": "395,00"}
    )
    assert response.status_code == 302
    assert Claim.objects.get().amount == Decimal("395.00")


def test_griffie_decides_through_the_page(budget: Tenant, client: Client) -> None:
    claim = services.request_claim(budget.organisation, budget.person, budget.user, _data("395"))
    client.force_login(budget.griffier)
    url = reverse("budgets:decide", kwargs={"org": budget.organisation.slug, "claim_id": claim.pk})
    refused = client.post(url, {"decision": "refuse", "reason": ""})
    assert refused.status_code == 400 and "Reason: Give the member a reason" in refused.content.decode()
    assert client.post(url, {"decision": "approve"}).status_code == 302
    assert client.post(url, {"decision": "pay"}).status_code == 302
    again = client.post(url, {"decision": "pay"})
    assert again.status_code == 400 and "already paid" in again.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert AuditEntry.objects.filter(claim=claim, action="betaald").count() == 1
    # The decisions are in the organisation's audit trail too (the griffie's page of all privileged actions).
    from toerusting.audit.models import AuditEvent

    decisions = AuditEvent.objects.filter(organisation=budget.organisation, action="budget")
    assert [event.details["decision"] for event in decisions.order_by("pk")] == ["approved", "paid"]


# ------------------------------------------------------------------------------------ overview (k >= 5)
def _fill(tenant: Tenant, fractie_sizes: list[int]) -> None:
    services.set_rule(tenant.organisation, YEAR, "raadslid", "1000", tenant.griffier)
    for index, size in enumerate(fractie_sizes):
        fractie = FractieFactory(
            organisation=tenant.organisation,
            term=tenant.term,
            key=f"f{index}-{len(Claim.objects.all())}",
            name=f"Fractie {index}",
        )
        for n in range(size):
            person = PersonFactory(given_name=f"Lid{n}", family_name=f"Fractie{index}")
            FunctieFactory(
                person=person,
                organisation=tenant.organisation,
                body=tenant.raad,
                role="raadslid",
                fractie=fractie,
                start_date=dt.date(2026, 4, 1),
            )
            claim = services.request_claim(tenant.organisation, person, tenant.griffier, _data("100"))
            services.approve_claim(claim, tenant.griffier)


def test_overview_shows_fracties_of_five_or_more_and_groups_the_rest(tenant_a: Tenant) -> None:
    _fill(tenant_a, [5, 2, 2])  # plus the tenant's own raadslid in "Lokaal Aadorp": 1
    ledgers = selectors.ledgers_for_griffie(tenant_a.organisation, YEAR)
    overview = selectors.use_by_fractie(ledgers)
    labels = [g.label for g in overview.groups]
    assert labels == ["Fractie 0", "smaller fracties (fewer than 5 members each)"]
    assert [g.members for g in overview.groups] == [5, 5]
    assert overview.groups[0].approved == Decimal("500.00")
    assert overview.total is not None and overview.total.members == 10

    by_role = selectors.use_by_role(tenant_a.organisation, ledgers)
    assert by_role.groups[0].members == 10


def test_overview_hides_a_remainder_below_five_and_the_total(tenant_a: Tenant) -> None:
    _fill(tenant_a, [5, 2])  # remainder: 2 + the tenant's raadslid = 3
    overview = selectors.use_by_fractie(selectors.ledgers_for_griffie(tenant_a.organisation, YEAR))
    assert [g.label for g in overview.groups] == ["Fractie 0"]
    assert overview.hidden_members == 3
    assert overview.total is None


# ----------------------------------------------------------------------------------- constant queries
@pytest.mark.parametrize(
    "name", ["budgets:griffie", "budgets:overview", "budgets:export", "budgets:mine", "budgets:rules"]
)
def test_griffie_pages_use_a_constant_number_of_queries(
    name: str, tenant_a: Tenant, client: Client, django_assert_max_num_queries
) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse(name, kwargs={"org": tenant_a.organisation.slug})
    _fill(tenant_a, [2])
    with django_assert_max_num_queries(QUERIES[name]):
        assert client.get(url).status_code == 200
    _fill(tenant_a, [6, 7, 3])
    with django_assert_max_num_queries(QUERIES[name]):
        assert client.get(url).status_code == 200


# (the export adds one insert: the export is recorded in the audit trail)
QUERIES = {
    "budgets:griffie": 11,
    "budgets:overview": 10,
    "budgets:export": 9,
    "budgets:mine": 12,
    "budgets:rules": 9,
}


def test_a_request_page_reads_the_same_number_of_queries_however_long_its_trail(
    budget: Tenant, client: Client
) -> None:
    """The request page (the member's and the griffie's view) with one line in its trail and with its whole
    trail (requested, approved, paid), among many other requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = services.request_claim(budget.organisation, budget.person, budget.user, _data("250"))
    url = reverse("budgets:claim", kwargs={"org": budget.organisation.slug, "claim_id": claim.pk})

    def measure() -> dict[str, int]:
        counts = {}
        for name, user in (("member", budget.user), ("griffie", budget.griffier)):
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[name] = len(queries)
        return counts

    small = measure()
    services.approve_claim(claim, budget.griffier)
    services.mark_paid(claim, budget.griffier)
    _fill(budget, [4, 3])
    large = measure()
    print("queries on the request page (short / long trail):", small, large)
    assert small == large


# ------------------------------------------------------------------------------------------------- demo
def test_demo_loads_through_the_services_once_and_reports_a_wrong_file(db: None, tmp_path: Path) -> None:
    import io

    from django.core.management import CommandError, call_command

    from toerusting.mentoring.models import MentorPair, TrackStep

    out = io.StringIO()
    for command in ("load_demo", "load_demo_budgets", "load_demo_mentoring"):
        call_command(command, stdout=out)
    assert (
        "7 new requests" in out.getvalue() and "4 new pairs, 2 new train-the-trainer tracks" in out.getvalue()
    )
    claims = Claim.objects.count()
    # Every request has its trail, written by the services.
    assert AuditEntry.objects.filter(claim__isnull=False).values("claim").distinct().count() == claims
    assert Claim.objects.filter(status=ClaimStatus.PAID).count() == 2
    assert MentorPair.objects.filter(status="actief").count() == 2
    assert TrackStep.objects.filter(signed_off_at__isnull=False).count() == 3
    call_command("load_demo_budgets", stdout=out)
    call_command("load_demo_mentoring", stdout=out)
    assert Claim.objects.count() == claims  # again: nothing doubled

    wrong = tmp_path / "fout.yaml"
    wrong.write_text(
        "organisatie: lindenwaard\ngriffie: griffier\nregels:\n  - jaar: 2026\n    rol: raadslid\n"
        '    bedrag: "12,345"\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"fout.yaml:6: bedrag: Use at most two decimals"):
        call_command("load_demo_budgets", "--directory", str(tmp_path), stdout=out)


# ------------------------------------------------------------------------------------------- concurrency
def _at_once(calls: list[Any]) -> tuple[list[Any], list[BaseException]]:
    """Run the calls in real threads, each with its own database connection, released together."""
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(call: Any) -> None:
        try:
            barrier.wait()
            results.append(call())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="SQLite locks the whole database for every write, so no two requests are ever filed at once; "
    "the row lock on the member is tested on PostgreSQL (CI runs both)",
)
@pytest.mark.django_db(transaction=True)
def test_two_first_requests_at_once_never_go_over_the_budget() -> None:
    """The member's FIRST requests of the year, filed at the same moment from two browsers: the ledger has
    no row of its own (it is summed from the requests), so the lock is on the member. Two that fit together
    are both stored; two that do not fit together: one is stored, the other refused on the amount. In
    several rounds; without the lock in request_claim some round stores both (seen when it is removed)."""
    from tests.conftest import make_tenant

    tenant = make_tenant("Lindenstad", "lindenstad", "GM9001")
    services.set_rule(tenant.organisation, YEAR, "raadslid", "1500,00", tenant.griffier)
    for number in range(4):
        person = member(tenant, f"Eerste{number}", "Aanvraag", dt.date(2026, 4, 1))
        both_fit, errors = _at_once(
            [
                lambda person=person: services.request_claim(
                    tenant.organisation, person, tenant.griffier, _data("600.00", "Debat")
                ),
                lambda person=person: services.request_claim(
                    tenant.organisation, person, tenant.griffier, _data("700.00", "Lezen")
                ),
            ]
        )
        assert errors == [] and len(both_fit) == 2
        assert ledger.ledger_for(tenant.organisation, person, YEAR).requested == Decimal("1300.00")

        person = member(tenant, f"Tweede{number}", "Aanvraag", dt.date(2026, 4, 1))
        stored, errors = _at_once(
            [
                lambda person=person: services.request_claim(
                    tenant.organisation, person, tenant.griffier, _data("1000.00", "Debat")
                ),
                lambda person=person: services.request_claim(
                    tenant.organisation, person, tenant.griffier, _data("900.00", "Lezen")
                ),
            ]
        )
        assert len(stored) == 1 and len(errors) == 1
        assert isinstance(errors[0], BudgetError) and errors[0].field == "amount"
        claims = Claim.objects.filter(person=person)
        assert claims.count() == 1
        assert AuditEntry.objects.filter(claim__person=person).count() == 1  # nothing half-written
        account = ledger.ledger_for(tenant.organisation, person, YEAR)
        assert account.available >= 0 and account.requested == claims.get().amount
    # One ledger per member in the griffie's overview, each within its budget.
    ledgers = [
        account
        for account in ledger.ledgers_for_organisation(tenant.organisation, YEAR)
        if account.person is not None and account.person.family_name == "Aanvraag"
    ]
    assert len(ledgers) == 8 == len({account.person.pk for account in ledgers if account.person})
    assert all(account.available >= 0 for account in ledgers)
