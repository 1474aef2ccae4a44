"""The home page per role: the next meeting with what to prepare, progress, what the griffie pinned,
the sessions planned for the member; for the griffie what needs attention. Bounded queries."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from toerusting.agenda.models import AgendaSource, Meeting
from toerusting.recommendations.models import Curation


@pytest.fixture
def demo(db: None) -> None:
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", verbosity=0, stdout=devnull)
        call_command("load_catalogue", verbosity=0, stdout=devnull)
        call_command(
            "load_catalogue", "--directory", settings.CONTENT_DIR / "demo" / "catalogue", stdout=devnull
        )
        call_command("load_demo_agenda", stdout=devnull, stderr=devnull)
        call_command("load_demo_planner", stdout=devnull, stderr=devnull)


def _login(client: Client, username: str) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))


def _home(client: Client, username: str) -> tuple[Any, str]:
    _login(client, username)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    return response, response.content.decode()


def test_a_council_member_sees_the_next_meeting_with_what_to_prepare(client: Client, demo: None) -> None:
    response, html = _home(client, "raadslid")
    section = response.context["sections"][0]
    home = section["home"]
    assert home.next_meeting is not None
    meeting = home.next_meeting.meeting
    assert meeting.start >= timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    assert "Uw volgende vergadering" in html
    assert reverse("recommendations:meeting", kwargs={"org": "lindenwaard", "meeting_id": meeting.pk}) in html
    assert reverse("recommendations:prepare") in html
    assert "Agendapunten met leerstof" in html
    assert home.attention is None  # a member gets no griffie panel
    assert "Vraagt uw aandacht" not in html
    assert "Uw leren" in html
    # The role guides are still there.
    assert "Raadslid" in html


def test_the_griffier_sees_what_needs_attention(client: Client, demo: None) -> None:
    organisation_id = Meeting.objects.filter(organisation__slug="lindenwaard").values_list(
        "organisation_id", flat=True
    )[0]
    AgendaSource.objects.create(
        organisation_id=organisation_id, kind="ical", base_url="https://x.example/f.ics"
    )
    response, html = _home(client, "griffier")
    attention = response.context["sections"][0]["home"].attention
    assert attention is not None
    assert [p.never_synced for p in attention.sync_problems] == [True]
    assert "Vraagt uw aandacht" in html
    assert "nog nooit gelezen" in html
    assert "Termijnplan" in html


def test_items_without_learning_are_counted_and_a_pin_takes_one_off(client: Client, demo: None) -> None:
    from toerusting.recommendations.models import AgendaItemAnalysis, AgendaItemMatch

    _login(client, "griffier")
    meeting = client.get(reverse("portal:home")).context["sections"][0]["home"].next_meeting.meeting
    # Two agenda items of the next meeting lose what the engine found for them.
    bare = list(
        meeting.agenda_items.filter(is_heading=False)
        .exclude(analysis__procedural=True)
        .order_by("position")[:2]
    )
    assert len(bare) == 2
    AgendaItemMatch.objects.filter(agenda_item__in=bare).delete()
    AgendaItemAnalysis.objects.filter(agenda_item__in=bare).update(procedural=False)
    attention = client.get(reverse("portal:home")).context["sections"][0]["home"].attention
    before = {e.meeting.pk: e.count for e in attention.meetings_needing_learning}
    assert before.get(meeting.pk, 0) >= 2
    url = reverse("recommendations:curate_action", kwargs={"org": "lindenwaard", "meeting_id": meeting.pk})
    client.post(url, {"action": "pin", "item": "mm-motie", "agenda_item": bare[0].pk})
    after = client.get(reverse("portal:home")).context["sections"][0]["home"].attention
    counts = {e.meeting.pk: e.count for e in after.meetings_needing_learning}
    assert counts.get(meeting.pk, 0) == before[meeting.pk] - 1
    assert "Agendapunten zonder leerstof" in client.get(reverse("portal:home")).content.decode()


def test_a_pin_of_the_griffie_shows_on_the_members_home(client: Client, demo: None) -> None:
    _login(client, "raadslid")
    meeting = client.get(reverse("portal:home")).context["sections"][0]["home"].next_meeting.meeting
    from toerusting.catalogue.models import LearningItem

    item = LearningItem.objects.get(slug="mm-motie")
    Curation.objects.create(organisation=meeting.organisation, meeting=meeting, item=item, action="pin")
    response, html = _home(client, "raadslid")
    assert [pin.item for pin in response.context["sections"][0]["home"].pins] == [item]
    assert "Vastgezet door de griffie" in html
    assert item.title in html


@pytest.mark.parametrize(
    "username", ["raadslid", "griffier", "ab-lid", "dubbelrol", "wethouder", "burgerlid"]
)
def test_home_has_a_bounded_number_of_queries(client: Client, demo: None, username: str) -> None:
    _login(client, username)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    organisations = len(response.context["sections"])
    # A fixed number per organisation (meetings, one meeting's preparation, pins, plan, onboarding,
    # sessions, sign-ups, the member's development plan and its next actions; the griffie's sync, counts,
    # sessions below their minimum and budget requests waiting), never per meeting, agenda item or sign-up.
    assert len(queries) <= 10 + 27 * organisations, [q["sql"][:90] for q in queries.captured_queries]


def test_the_water_board_member_sees_the_board_in_its_own_words(client: Client, demo: None) -> None:
    _response, html = _home(client, "ab-lid")
    assert "Waterschap Rijnvliet" in html
    assert "Lid algemeen bestuur" in html or "algemeen bestuur" in html.lower()
    prepare = client.get(reverse("recommendations:prepare")).content.decode()
    assert "Alle vergaderingen van het algemeen bestuur en de commissies" in prepare
    assert "Alle vergaderingen van de gemeenteraad" not in prepare
