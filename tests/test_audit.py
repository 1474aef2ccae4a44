"""The audit trail: privileged actions are recorded through the real views, each organisation's griffie reads
only its own trail, nobody changes or deletes an entry, and retention removes old entries only."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant
from tests.factories import make_module
from toerusting.audit import services
from toerusting.audit.models import Action, AppendOnly, AuditEvent
from toerusting.twofactor import services as two_factor

PASSWORD = "Correct-Paard-Batterij-9"


def _trail(client: Client, tenant: Tenant, **query: str) -> str:
    response = client.get(reverse("audit:trail", kwargs={"org": tenant.organisation.slug}), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_curation_logins_and_exports_are_in_the_own_trail_only(tenant_a: Tenant, tenant_b: Tenant) -> None:
    griffie = Client()
    assert (
        griffie.post(
            reverse("accounts:login"), {"username": tenant_a.griffier.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    # The griffie's second login step (required): set up here, as the griffier would on this first login.
    secret = pyotp.random_base32()
    two_factor.enrol_with_secret(tenant_a.griffier, secret)
    assert griffie.post(reverse("twofactor:verify"), {"code": pyotp.TOTP(secret).now()}).status_code == 302
    module = make_module("audit-module", title="Module voor het logboek")
    curate = reverse(
        "recommendations:curate_action",
        kwargs={"org": tenant_a.organisation.slug, "meeting_id": tenant_a.meeting.pk},
    )
    assert griffie.post(curate, {"action": "pin", "item": module.slug}).status_code == 302
    # A failed login on the member's name is in the trail with the name tried, never the password.
    Client().post(reverse("accounts:login"), {"username": tenant_a.user.username, "password": "geheim-fout"})
    # B's griffier logs in: B's trail, not A's.
    Client().post(reverse("accounts:login"), {"username": tenant_b.griffier.username, "password": PASSWORD})

    page = _trail(griffie, tenant_a)
    # (each action's name is also an option of the filter: the table's cells are what counts)
    assert "heeft de aanbevelingen gewijzigd</td>" in page and tenant_a.meeting.name in page
    assert (
        "is ingelogd</td>" in page and "mislukte inlogpoging</td>" in page and tenant_a.user.username in page
    )
    assert "geheim-fout" not in page
    assert tenant_b.griffier.username not in page
    events = AuditEvent.objects.filter(organisation=tenant_a.organisation)
    assert set(events.values_list("action", flat=True)) == {"login", "login_failed", "curation"}
    assert events.get(action="curation").details == {"change": "pin", "item": module.slug}
    # Filtered by action.
    only = _trail(griffie, tenant_a, action="curation")
    assert "mislukte inlogpoging</td>" not in only and "heeft de aanbevelingen gewijzigd</td>" in only

    response = griffie.get(reverse("audit:export", kwargs={"org": tenant_a.organisation.slug}))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["time", "by", "action", "on", "details"] and len(rows) == 1 + 3
    assert AuditEvent.objects.filter(organisation=tenant_a.organisation, action="export").count() == 1


@pytest.mark.django_db
def test_a_member_cannot_read_the_trail_and_another_griffie_gets_404(
    client: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    url = reverse("audit:trail", kwargs={"org": tenant_a.organisation.slug})
    client.force_login(tenant_a.user)
    assert client.get(url).status_code == 403
    client.force_login(tenant_b.griffier)
    assert client.get(url).status_code == 404
    assert client.get(reverse("audit:export", kwargs={"org": tenant_a.organisation.slug})).status_code == 404


@pytest.mark.django_db
def test_entries_are_never_changed_or_deleted(tenant_a: Tenant) -> None:
    event = services.record(tenant_a.griffier, tenant_a.organisation, Action.PLAN_PUBLISHED, "term plan")
    event.target = "iets anders"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(target="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).target == "term plan"


@pytest.mark.django_db
def test_only_the_erasure_of_a_member_blanks_who_did_it(tenant_a: Tenant) -> None:
    from toerusting.appendonly import anonymisation

    event = services.record(tenant_a.griffier, tenant_a.organisation, Action.CURATION, "agendapunt 3")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="iemand anders")
    with anonymisation():
        assert AuditEvent.objects.filter(pk=event.pk).update(actor=None, actor_name="(verwijderd)") == 1
        with pytest.raises(AppendOnly):
            AuditEvent.objects.filter(pk=event.pk).delete()  # still never deleted but by retention
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="weer anders")
    event.refresh_from_db()
    assert event.actor_id is None and event.actor_name == "(verwijderd)" and event.target == "agendapunt 3"


@pytest.mark.django_db
def test_retention_removes_only_entries_past_their_time(tenant_a: Tenant, settings: object) -> None:
    old = services.record(tenant_a.griffier, tenant_a.organisation, Action.LOGIN)
    new = services.record(tenant_a.griffier, tenant_a.organisation, Action.LOGIN)
    later = timezone.now() + dt.timedelta(days=731)
    # Seen from two years and a day later, both are past 730 days; seen from now, none is.
    assert services.delete_expired_events() == 0
    assert services.delete_expired_events(now=later) == 2
    assert not AuditEvent.objects.filter(pk__in=[old.pk, new.pk]).exists()


@pytest.mark.django_db
def test_a_bad_filter_says_what_is_wrong(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse("audit:trail", kwargs={"org": tenant_a.organisation.slug})
    response = client.get(url, {"since": "2027-03-01", "until": "2027-02-01"})
    assert response.status_code == 400
    assert "De einddatum ligt voor de begindatum." in response.content.decode()


@pytest.mark.django_db
def test_the_trail_page_costs_the_same_queries_for_few_and_many_entries(
    client: Client, tenant_a: Tenant, django_assert_max_num_queries: object
) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse("audit:trail", kwargs={"org": tenant_a.organisation.slug})
    counts = []
    for total in (3, 120):
        while AuditEvent.objects.filter(organisation=tenant_a.organisation).count() < total:
            services.record(tenant_a.griffier, tenant_a.organisation, Action.CURATION, "Raadsvergadering")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 12, counts


@pytest.mark.django_db
def test_a_failed_login_with_a_name_that_is_no_account_keeps_no_name(tenant_a: Tenant) -> None:
    """Such a name is often a password typed in the wrong field: the operator's trail says only that a login
    failed."""
    Client().post(reverse("accounts:login"), {"username": "Zomer2026!geheim", "password": "x"})
    event = AuditEvent.objects.get(action="login_failed")
    assert event.organisation is None and event.actor_name == "" and "Zomer2026" not in str(event.details)


def test_csv_cells_that_would_run_as_a_formula_are_made_text() -> None:
    from toerusting.spreadsheet import cell

    assert [cell(v) for v in ("=HYPERLINK(1)", "+31", "-2", "@A1", "\tx", "Gewoon", "", None, 5)] == [
        "'=HYPERLINK(1)",
        "'+31",
        "'-2",
        "'@A1",
        "'\tx",
        "Gewoon",
        "",
        "",
        "5",
    ]
