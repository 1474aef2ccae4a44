"""The demo calendar: imported through the Notubiz adapter, realistic, idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from toerusting.agenda.models import AgendaItem, Meeting

AMSTERDAM = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def demo(db: None) -> str:
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("load_demo_agenda", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_calendar_is_realistic(demo: str) -> None:
    assert "0 failed" in demo
    meetings = Meeting.objects.filter(organisation__slug="lindenwaard")
    items = AgendaItem.objects.filter(meeting__organisation__slug="lindenwaard", is_heading=False)
    assert 380 <= items.count() <= 550
    assert meetings.filter(source="notubiz").count() == meetings.count()
    starts = [m.start.astimezone(AMSTERDAM).date() for m in meetings]
    assert min(starts) == dt.date(2026, 4, 1) and max(starts) <= dt.date(2027, 12, 31)
    for meeting in meetings:
        local = meeting.start.astimezone(dt.UTC).astimezone(
            __import__("zoneinfo").ZoneInfo("Europe/Amsterdam")
        )
        assert local.weekday() < 5, meeting  # weekdays only
        assert not (dt.date(local.year, 7, 11) <= local.date() <= dt.date(local.year, 8, 29)), (
            meeting
        )  # zomerreces
        assert not (local.month == 12 and local.day >= 19) and not (local.month == 1 and local.day < 8), (
            meeting
        )
        assert meeting.gremium is not None, meeting
    phases = set(meetings.values_list("bob_phase", flat=True))
    assert phases == {"beeldvormend", "oordeelsvormend", "besluitvormend", ""}
    titles = " ".join(items.values_list("title", flat=True)).lower()
    for word in (
        "voorjaarsnota",
        "jaarstukken",
        "programmabegroting",
        "zienswijze",
        "ggd",
        "veiligheidsregio",
        "omgevingsplanwijziging",
        "afvalstoffenheffing",
        "motie vreemd",
        "rekenkamer",
        "geheimhouding",
        "benoeming",
        "rondvraag",
        "sluiting",
        "vaststellen van de agenda",
        "ingekomen stukken",
    ):
        assert word in titles, word
    # The begroting is decided early in November, the jaarstukken before the summer.
    begroting = items.get(title="Programmabegroting 2027 en meerjarenraming 2028-2030")
    assert begroting.meeting.start.date() == dt.date(2026, 11, 5)
    assert meetings.filter(status="geannuleerd").count() == 1


def test_demo_agenda_loads_idempotently(demo: str) -> None:
    out = StringIO()
    call_command("load_demo_agenda", stdout=out, stderr=StringIO())
    assert " 0 created, 0 updated, " in out.getvalue() and " 0 failed" in out.getvalue()


def test_demo_meeting_page(demo: str, client: Client) -> None:
    client.login(username="raadslid", password=_demo_password())
    meeting = Meeting.objects.get(
        organisation__slug="lindenwaard", start__date=dt.date(2026, 11, 5), gremium__key="raad"
    )
    response = client.get(
        reverse("recommendations:meeting", kwargs={"org": "lindenwaard", "meeting_id": meeting.pk})
    )
    assert response.status_code == 200
    assert "Programmabegroting 2027" in response.content.decode()


def _demo_password() -> str:
    import yaml

    return str(yaml.safe_load((settings.CONTENT_DIR / "demo" / "accounts.yaml").read_text())["password"])
