"""The calendar and the meeting page: members only, in order, accessible markup, few queries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.agenda.factories import AMSTERDAM, MeetingFactory
from tests.conftest import Tenant
from toerusting.agenda import services

SAMPLES = Path(__file__).parent / "samples"


def calendar_url(tenant: Tenant, **query: str) -> str:
    url = reverse("agenda:calendar", kwargs={"org": tenant.organisation.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def meeting_url(tenant: Tenant, meeting_id: int) -> str:
    return reverse(
        "recommendations:meeting", kwargs={"org": tenant.organisation.slug, "meeting_id": meeting_id}
    )


@pytest.fixture
def english(client: Client) -> Client:
    """Assertions on our own texts are made in English (the msgids); Dutch is the translators' business."""
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


@pytest.fixture
def imported(tenant_a: Tenant) -> int:
    services.import_file(SAMPLES / "notubiz/meeting_nested.json", "notubiz", organisation_key="aadorp")
    return tenant_a.organisation.meetings.get().pk


def test_calendar_lists_upcoming_by_month_soonest_first(english: Client, tenant_a: Tenant) -> None:
    client = english
    now = timezone.localtime()
    soon = MeetingFactory(
        organisation=tenant_a.organisation,
        name="Commissie soon",
        start=now + dt.timedelta(days=3),
        gremium=tenant_a.commissie,
    )
    later = MeetingFactory(
        organisation=tenant_a.organisation, name="Raad later", start=now + dt.timedelta(days=40)
    )
    past = MeetingFactory(
        organisation=tenant_a.organisation, name="Raad eerder", start=now - dt.timedelta(days=10)
    )
    client.force_login(tenant_a.user)
    html = client.get(calendar_url(tenant_a)).content.decode()
    assert html.index(soon.name) < html.index(later.name)
    assert past.name not in html
    assert '<th class="utrecht-table__header-cell" scope="col">' in html and 'scope="row"' in html
    assert "Earlier meetings (1)" in html
    earlier = client.get(calendar_url(tenant_a, periode="eerder")).content.decode()
    assert past.name in earlier and soon.name not in earlier
    assert '<h1 class="utrecht-heading-1">Earlier meetings</h1>' in earlier


def test_calendar_query_count_does_not_grow_with_meetings(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.user)
    start = timezone.now() + dt.timedelta(days=1)
    MeetingFactory(organisation=tenant_a.organisation, start=start, gremium=tenant_a.raad)
    with CaptureQueriesContext(connection) as few:
        client.get(calendar_url(tenant_a))
    for day in range(30):
        MeetingFactory(
            organisation=tenant_a.organisation, start=start + dt.timedelta(days=day), gremium=tenant_a.raad
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(calendar_url(tenant_a)).status_code == 200
    assert len(many) == len(few)


def test_meeting_page_shows_the_tree_with_headings_and_documents(
    client: Client, tenant_a: Tenant, imported: int
) -> None:
    client.force_login(tenant_a.user)
    html = client.get(meeting_url(tenant_a, imported)).content.decode()
    assert '<h1 class="utrecht-heading-1">Gemeenteraad' in html
    assert '<h2 class="utrecht-heading-2">Agenda</h2>' in html
    assert (
        '<h3 class="utrecht-heading-3"><span class="toerusting-agenda__number">3.</span> Hamerstukken</h3>'
        in html
    )
    assert (
        html.index("Hamerstukken")
        < html.index("Verordening afvalstoffenheffing 2027")
        < html.index("Bespreekstukken")
    )
    assert "Raadsvoorstel: Verordening afvalstoffenheffing 2027 (23207)" in html  # the original, beside it
    assert 'href="https://api.notubiz.nl/document/9001/2"' in html
    assert "Het tarief stijgt met 4%." in html
    assert "donderdag 26 maart 2026, 19:30\u201323:00" in html  # Dutch, in Europe/Amsterdam
    assert "Raadzaal" in html
    assert html.count('class="toerusting-agenda"') == 4  # nested lists for the sub-items


def test_meeting_page_query_count(client: Client, tenant_a: Tenant, imported: int) -> None:
    client.force_login(tenant_a.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(meeting_url(tenant_a, imported))
    assert response.status_code == 200
    # session + user, membership (decorator), membership (selector), meeting, items, documents, the shell's
    # organisation list; and for the learning beside each agenda item (recommendations:meeting): the
    # permission to curate, the items with their analysis, the stored matches, the curations, the member's
    # roles, organisations and completed items; the meeting's reflection question. A fixed number, whatever
    # the size of the agenda.
    assert len(queries) <= 16, [q["sql"][:80] for q in queries.captured_queries]


def test_cancelled_meeting_says_so(english: Client, tenant_a: Tenant) -> None:
    client = english
    meeting = MeetingFactory(
        organisation=tenant_a.organisation,
        status="geannuleerd",
        start=dt.datetime(2027, 2, 1, 20, 0, tzinfo=AMSTERDAM),
    )
    client.force_login(tenant_a.user)
    html = client.get(meeting_url(tenant_a, meeting.pk)).content.decode()
    assert "This meeting has been cancelled." in html
    assert "The agenda has not been published yet." in html


def test_other_organisations_meeting_is_404(client: Client, tenant_a: Tenant, tenant_b: Tenant) -> None:
    meeting = MeetingFactory(organisation=tenant_b.organisation)
    client.force_login(tenant_a.user)
    assert client.get(meeting_url(tenant_a, meeting.pk)).status_code == 404
    assert client.get(meeting_url(tenant_b, meeting.pk)).status_code == 404


def test_english_page(english: Client, tenant_a: Tenant, imported: int) -> None:
    client = english
    client.force_login(tenant_a.user)
    html = client.get(meeting_url(tenant_a, imported)).content.decode()
    assert "As published:" in html and "Thursday 26 March 2026" in html
