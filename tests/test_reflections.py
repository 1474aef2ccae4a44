"""Reflections: the meeting's question, the anonymous pulse and the private journal.

Anonymity and privacy are tested on the schema and through the real pipeline (services and views): no column
ties a pulse answer to a member, a marker cannot be matched to an answer, figures under five answers appear
nowhere (pages, CSV, admin), and a journal is readable by its member only, encrypted in the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib import admin
from django.db import connection, models
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant
from tests.factories import FunctieFactory, PersonFactory, UserFactory
from toerusting.accounts.models import User
from toerusting.agenda.models import Meeting
from toerusting.contentfiles import ContentError
from toerusting.learning import services as learning_services
from toerusting.reflections import crypto, selectors, services
from toerusting.reflections.library import library, read_library
from toerusting.reflections.models import (
    JournalEntry,
    MeetingQuestion,
    PulseComment,
    PulseMarker,
    PulseResponse,
)

ANSWER = {"information": "4", "debate": "3", "residents": "2", "tone": "5", "comment": ""}


def members(tenant: Tenant, count: int) -> list[User]:
    """Extra raadsleden of the tenant's council, each with an account."""
    made = []
    for n in range(count):
        user = UserFactory(username=f"lid-{tenant.organisation.slug}-{n}")
        FunctieFactory(
            person=PersonFactory(user=user),
            organisation=tenant.organisation,
            body=tenant.raad,
            role="raadslid",
            fractie=tenant.fractie,
        )
        made.append(user)
    return made


def past_meeting(tenant: Tenant, days_ago: int = 1, name: str = "Raadsvergadering") -> Meeting:
    return Meeting.objects.create(
        organisation=tenant.organisation,
        gremium=tenant.raad,
        name=name,
        start=timezone.now() - dt.timedelta(days=days_ago),
        source="push",
        source_id=f"{tenant.organisation.slug}-{name}-{days_ago}-{uuid.uuid4().hex[:6]}",
    )


def answer_as(users: list[User], meeting: Meeting, **scores: int) -> None:
    values = {"information": 4, "debate": 3, "residents": 2, "tone": 5} | scores
    for user in users:
        services.answer_pulse(user, meeting, dict(values))


# --- The library ------------------------------------------------------------------------------------------


def test_the_library_has_forty_questions_on_six_themes() -> None:
    found = library()
    assert len(found.questions) >= 40
    assert {theme.key for theme in found.themes} == {
        "rol-van-de-raad",
        "samenwerking",
        "inwoners",
        "integriteit",
        "debatcultuur",
        "besluitvorming",
    }
    assert all(len(questions) >= 6 for _theme, questions in found.by_theme())
    assert len({q.key for q in found.questions}) == len(found.questions)


def test_a_broken_questions_file_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(
        "themes:\n  - key: inwoners\n    nl: Inwoners\n    en: Residents\n"
        "questions:\n  - key: een\n    theme: onbekend\n    nl: Vraag?\n    en: Question?\n"
        "  - key: twee\n    theme: inwoners\n    en: Question?\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        read_library(path)
    problems = [str(p) for p in raised.value.problems]
    assert f"{path}:7: theme: 'onbekend' is not one of: inwoners" in problems
    assert f"{path}:10: nl: is required" in problems


# --- The question of a meeting ----------------------------------------------------------------------------


def test_the_griffie_sets_a_question_that_members_see_on_the_meeting_and_in_voorbereiden(
    tenant_a: Tenant, client: Client
) -> None:
    meeting = tenant_a.meeting
    url = reverse("reflections:question", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    client.force_login(tenant_a.griffier)
    response = client.post(url, {"library_key": "genoeg-informatie", "own_text": ""})
    assert response.status_code == 302
    client.force_login(tenant_a.user)
    page = client.get(reverse("recommendations:meeting", kwargs={"org": "aadorp", "meeting_id": meeting.pk}))
    assert "Heb ik genoeg informatie om vanavond een goed besluit te nemen?" in page.content.decode()
    prepare = client.get(reverse("recommendations:prepare"))
    assert "Heb ik genoeg informatie om vanavond een goed besluit te nemen?" in prepare.content.decode()
    # A member may not set it.
    assert client.post(url, {"own_text": "Waarom?"}).status_code == 403
    assert MeetingQuestion.objects.get(meeting=meeting).library_key == "genoeg-informatie"


def test_a_question_from_the_library_and_an_own_one_together_is_an_error_that_names_the_field(
    tenant_a: Tenant, client: Client
) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse("reflections:question", kwargs={"org": "aadorp", "meeting_id": tenant_a.meeting.pk})
    response = client.post(url, {"library_key": "toon", "own_text": "Eigen vraag?"})
    assert response.status_code == 200
    assert 'id="id_own_text_error"' in response.content.decode()
    assert not MeetingQuestion.objects.exists()
    response = client.post(url, {"library_key": "", "own_text": "Wat hebben we vandaag geleerd?"})
    assert response.status_code == 302
    assert MeetingQuestion.objects.get().own_text == "Wat hebben we vandaag geleerd?"


def test_the_chair_may_set_the_question(tenant_a: Tenant, client: Client) -> None:
    mayor = UserFactory(username="burgemeester-aadorp")
    FunctieFactory(
        person=PersonFactory(user=mayor),
        organisation=tenant_a.organisation,
        body=tenant_a.raad,
        role="burgemeester",
    )
    client.force_login(mayor)
    url = reverse("reflections:question", kwargs={"org": "aadorp", "meeting_id": tenant_a.meeting.pk})
    assert client.post(url, {"library_key": "toon"}).status_code == 302


def test_the_screen_page_is_self_contained(tenant_a: Tenant, client: Client) -> None:
    """Nothing on the page loads anything after it: no stylesheet, script, image, font or frame."""
    services.set_question(tenant_a.griffier, tenant_a.meeting, own_text="Wat wil ik vanavond leren?")
    client.force_login(tenant_a.user)
    response = client.get(
        reverse("reflections:screen", kwargs={"org": "aadorp", "meeting_id": tenant_a.meeting.pk})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wat wil ik vanavond leren?" in html
    assert "<nav" not in html
    assert not re.search(r"<(script|img|iframe|object|embed|video|audio|source)\b", html)
    assert not re.search(r"@import|url\(", html)
    for attribute in re.findall(r'\b(?:src|href)="([^"]*)"', html):
        assert attribute.startswith("data:"), f"the screen page requests {attribute}"
    nonce = re.search(r'<style nonce="([^"]+)">', html)
    assert nonce is not None and f"'nonce-{nonce.group(1)}'" in response["Content-Security-Policy"]


def test_the_question_shows_in_the_ris_tab(tenant_a: Tenant, client: Client) -> None:
    services.set_question(tenant_a.griffier, tenant_a.meeting, library_key="toon")
    url = reverse("embed:meeting", kwargs={"org": "aadorp", "meeting_id": tenant_a.meeting.pk})
    response = client.get(url, {"s": tenant_a.tab_key})
    assert "Welke toon wil ik vanavond gebruiken" in response.content.decode()
    # The tab reads the question through the meeting's shared cache: a new question shows at once, also
    # with the page cache off (a member whose page was not cached yet).
    services.set_question(tenant_a.griffier, tenant_a.meeting, own_text="Wat wil de inwoner van ons weten?")
    with override_settings(EMBED_TAB_CACHE_SECONDS=0):
        page = client.get(url, {"s": tenant_a.tab_key}).content.decode()
    assert "Wat wil de inwoner van ons weten?" in page and "Welke toon" not in page


# --- The anonymous pulse ----------------------------------------------------------------------------------


def test_the_pulse_schema_has_no_link_to_a_member() -> None:
    for model in (PulseResponse, PulseComment, PulseMarker):
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is not User, f"{model.__name__}.{field.name} points at a member"
            assert not isinstance(field, models.DateTimeField), (
                f"{model.__name__}.{field.name} is a timestamp"
            )
            assert "user" not in field.name and "person" not in field.name
        assert isinstance(model._meta.pk, models.UUIDField), f"{model.__name__} has a counting primary key"
    marker_columns = {f.column for f in PulseMarker._meta.concrete_fields}
    assert marker_columns == {"id", "marker"}, "a marker holds nothing an answer holds"


def test_a_marker_cannot_be_matched_to_an_answer(tenant_a: Tenant) -> None:
    meeting = past_meeting(tenant_a)
    voters = members(tenant_a, 6)
    answer_as(voters, meeting)
    markers = list(PulseMarker.objects.all())
    responses = list(PulseResponse.objects.all())
    assert len(markers) == len(responses) == 6
    response_values = {str(value) for r in responses for value in (r.pk, r.meeting_id)}
    for marker in markers:
        assert str(marker.pk) not in response_values and marker.marker not in response_values
        assert marker.pk.version == 4  # random, not ordered by time
    # The marker is the HMAC of member and meeting: without the server key it names nobody.
    assert {m.marker for m in markers} == {crypto.pulse_marker(u.pk, meeting.pk) for u in voters}
    # Keyed: the same member and meeting under another server secret give other markers, so the member's id
    # alone (or a plain hash of it) does not find their marker. (An earlier check, "the id's digits do not
    # occur in the hex marker", failed by chance on PostgreSQL's four-digit ids.)
    from django.test import override_settings

    with override_settings(SECRET_KEY="een-ander-geheim-" + "x" * 40):
        others = {crypto.pulse_marker(u.pk, meeting.pk) for u in voters}
    assert not others & {m.marker for m in markers}
    plain = {hashlib.sha256(f"{u.pk}:{meeting.pk}".encode()).hexdigest() for u in voters}
    assert not plain & {m.marker for m in markers}


def test_a_member_answers_once_and_the_second_answer_writes_nothing(tenant_a: Tenant, client: Client) -> None:
    meeting = past_meeting(tenant_a)
    client.force_login(tenant_a.user)
    url = reverse("reflections:pulse", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    assert client.post(url, ANSWER).status_code == 302
    assert client.post(url, ANSWER | {"comment": "Nog een keer"}).status_code == 302
    assert PulseResponse.objects.count() == 1 and PulseComment.objects.count() == 0
    assert 'name="information"' not in client.get(url).content.decode()  # no second form


def test_the_pulse_is_open_from_the_start_until_fourteen_days_after(tenant_a: Tenant) -> None:
    future = tenant_a.meeting  # 2027
    with pytest.raises(services.PulseRefused):
        services.answer_pulse(tenant_a.user, future, {"tone": 4})
    with pytest.raises(services.PulseRefused):
        services.answer_pulse(tenant_a.user, past_meeting(tenant_a, days_ago=16), {"tone": 4})
    services.answer_pulse(tenant_a.user, past_meeting(tenant_a, days_ago=13), {"tone": 4})
    assert PulseMarker.objects.count() == 1


def test_an_empty_pulse_is_refused_and_names_the_problem(tenant_a: Tenant, client: Client) -> None:
    meeting = past_meeting(tenant_a)
    client.force_login(tenant_a.user)
    url = reverse("reflections:pulse", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    response = client.post(url, {"information": "9"})
    assert response.status_code == 200
    assert 'id="id_information_error"' in response.content.decode()
    assert not PulseMarker.objects.exists() and not PulseResponse.objects.exists()


def test_the_griffie_does_not_answer_the_pulse(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.griffier)
    meeting = past_meeting(tenant_a)
    url = reverse("reflections:pulse", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    assert client.post(url, ANSWER).status_code == 403


def test_figures_under_five_answers_are_shown_nowhere(tenant_a: Tenant, client: Client) -> None:
    meeting = past_meeting(tenant_a, name="Vier antwoorden")
    answer_as(members(tenant_a, 4), meeting, information=1)
    services.answer_pulse(tenant_a.user, past_meeting(tenant_a, name="Eén antwoord"), {"tone": 2})
    client.force_login(tenant_a.griffier)
    result = client.get(
        reverse("reflections:pulse_result", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    )
    assert "1.0" not in result.content.decode() and "1,0" not in result.content.decode()
    assert selectors.pulse_result(meeting) is None
    trend = client.get(reverse("reflections:trend", kwargs={"org": "aadorp"})).content.decode()
    assert "Vier antwoorden" not in trend and "Eén antwoord" not in trend
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("reflections:trend_csv", kwargs={"org": "aadorp"})).content.decode()
            )
        )
    )
    assert len(rows) == 1  # the header only
    # The admin has no page for any of the pulse's tables.
    for model in (PulseResponse, PulseComment, PulseMarker, JournalEntry, MeetingQuestion):
        assert model not in admin.site._registry


def test_figures_of_five_answers_are_shown_to_the_griffie_and_the_presidium(
    tenant_a: Tenant, client: Client
) -> None:
    meeting = past_meeting(tenant_a, name="Vijf antwoorden")
    voters = members(tenant_a, 5)
    for n, user in enumerate(voters):
        services.answer_pulse(user, meeting, {"information": 1 + n % 2, "tone": 4}, comment=f"Opmerking {n}")
    result = selectors.pulse_result(meeting)
    assert result is not None and result.responses == 5
    assert [s.average for s in result.scores if s.question.field == "information"] == [Decimal("1.4")]
    assert sorted(result.comments) == [f"Opmerking {n}" for n in range(5)]
    client.force_login(tenant_a.griffier)
    page = client.get(reverse("reflections:pulse_result", kwargs={"org": "aadorp", "meeting_id": meeting.pk}))
    assert "Opmerking 3" in page.content.decode()
    trend = client.get(reverse("reflections:trend", kwargs={"org": "aadorp"})).content.decode()
    assert "Vijf antwoorden" in trend and "<svg" in trend and "<table" in trend
    # Coordinates are numbers with a decimal point, also on the Dutch page (no "72,0").
    svg = trend[trend.index("<svg") : trend.index("</svg>")]
    assert not re.search(r'\b(?:x|y|x1|x2|y1|y2|cx|cy)="[^"]*,', svg)
    assert re.search(r'<circle cx="[\d.]+" cy="[\d.]+"', svg)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("reflections:trend_csv", kwargs={"org": "aadorp"})).content.decode()
            )
        )
    )
    assert rows[1][1:4] == ["Vijf antwoorden", "5", "1.4"]
    # A raadslid who is not in the presidium does not see them.
    client.force_login(voters[0])
    assert client.get(reverse("reflections:trend", kwargs={"org": "aadorp"})).status_code == 403


def test_the_trend_page_costs_the_same_queries_for_two_and_six_meetings(
    tenant_a: Tenant, client: Client, django_assert_max_num_queries
) -> None:
    voters = members(tenant_a, 5)
    client.force_login(tenant_a.griffier)
    url = reverse("reflections:trend", kwargs={"org": "aadorp"})
    counts = []
    for meetings in (2, 4):
        for n in range(meetings):
            answer_as(voters, past_meeting(tenant_a, days_ago=1 + n % 12, name=f"V{meetings}-{n}"))
        with django_assert_max_num_queries(12) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_a_member_keeps_their_pulse_comment_in_their_journal(tenant_a: Tenant, client: Client) -> None:
    meeting = past_meeting(tenant_a)
    client.force_login(tenant_a.user)
    url = reverse("reflections:pulse", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    client.post(
        url, ANSWER | {"comment": "Het debat over de bibliotheek was te lang.", "keep_in_journal": "on"}
    )
    journal = client.get(reverse("reflections:journal")).content.decode()
    assert "Het debat over de bibliotheek was te lang." in journal
    # The copy is the member's; the comment of the pulse stays apart from the scores.
    assert PulseComment.objects.get().text == "Het debat over de bibliotheek was te lang."


def test_the_pulse_in_the_ris_tab(tenant_a: Tenant, client: Client) -> None:
    from toerusting.embed.models import TabSession
    from toerusting.embed.services import user_agent_digest

    meeting = past_meeting(tenant_a)
    key = "tab-lid-aadorp-" + "k" * 20
    TabSession.objects.create(
        key=key,
        user=tenant_a.user,
        connection=tenant_a.ris,
        user_agent_digest=user_agent_digest(""),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    tab = client.get(reverse("embed:meeting", kwargs={"org": "aadorp", "meeting_id": meeting.pk}), {"s": key})
    pulse_url = reverse("embed:pulse", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    assert pulse_url in tab.content.decode()
    response = client.post(pulse_url, ANSWER | {"s": key})
    assert response.status_code == 200 and PulseResponse.objects.count() == 1
    # The cached tab page knows that the member answered.
    tab = client.get(reverse("embed:meeting", kwargs={"org": "aadorp", "meeting_id": meeting.pk}), {"s": key})
    assert pulse_url not in tab.content.decode()


# --- Mijn reflecties --------------------------------------------------------------------------------------


def test_a_journal_entry_is_encrypted_at_rest(tenant_a: Tenant, client: Client) -> None:
    secret = "Ik twijfel over mijn rol in de commissie Ruimte."
    client.force_login(tenant_a.user)
    assert client.post(reverse("reflections:write"), {"text": secret}).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM reflections_journalentry")
        rows = cursor.fetchall()
    assert len(rows) == 1
    dumped = repr(rows).encode() + b"".join(bytes(v) for v in rows[0] if isinstance(v, bytes | memoryview))
    assert b"twijfel" not in dumped and "twijfel" not in repr(rows)
    # Another member's key does not open it.
    entry = JournalEntry.objects.get()
    with pytest.raises(crypto.Unreadable):
        crypto.decrypt(tenant_a.griffier.pk, entry.ciphertext)


def test_the_journal_is_its_members_only(tenant_a: Tenant, tenant_b: Tenant, client: Client) -> None:
    entry = services.write_entry(tenant_a.user, "Alleen voor mij.")
    learning_services.reflect(tenant_a.user, tenant_a.module, "Mijn modulereflectie.")
    for other in (tenant_a.griffier, tenant_b.user):
        client.force_login(other)
        assert "Alleen voor mij." not in client.get(reverse("reflections:journal")).content.decode()
        assert "Alleen voor mij." not in client.get(reverse("reflections:export_json")).content.decode()
        assert (
            client.post(reverse("reflections:delete_entry", kwargs={"entry_id": entry.pk})).status_code == 404
        )
        reflection_id = tenant_a.user.reflections.get().pk
        url = reverse("reflections:delete_module_reflection", kwargs={"reflection_id": reflection_id})
        assert client.post(url).status_code == 404
    assert JournalEntry.objects.filter(pk=entry.pk).exists()
    assert tenant_a.user.reflections.exists()


def test_the_journal_gathers_searches_exports_and_deletes(tenant_a: Tenant, client: Client) -> None:
    meeting = tenant_a.meeting
    learning_services.reflect(tenant_a.user, tenant_a.module, "Ik wil beter leren begroten.")
    services.write_entry(tenant_a.user, "Vrije gedachte over samenwerking.")
    client.force_login(tenant_a.user)
    write_url = reverse("reflections:write_about_meeting", kwargs={"org": "aadorp", "meeting_id": meeting.pk})
    client.post(
        write_url, {"agenda_item": str(tenant_a.agenda_item.pk), "text": "De GGD-zienswijze was helder."}
    )
    page = client.get(reverse("reflections:journal")).content.decode()
    for text in (
        "Ik wil beter leren begroten.",
        "Vrije gedachte over samenwerking.",
        "De GGD-zienswijze was helder.",
    ):
        assert text in page
    assert "Zienswijze begroting GGD Aadorp" in page
    found = client.post(reverse("reflections:journal"), {"q": "SAMENWERKING"}).content.decode()
    assert "Vrije gedachte" in found and "GGD-zienswijze was helder" not in found
    exported = json.loads(client.get(reverse("reflections:export_json")).content)
    assert {e["kind"] for e in exported} == {"module", "free", "meeting"}
    markdown = client.get(reverse("reflections:export_markdown"))
    assert markdown["Content-Type"].startswith("text/markdown")
    assert "De GGD-zienswijze was helder." in markdown.content.decode()
    entry = JournalEntry.objects.get(kind="free")
    assert client.post(reverse("reflections:delete_entry", kwargs={"entry_id": entry.pk})).status_code == 302
    assert JournalEntry.objects.count() == 1
    assert client.post(reverse("reflections:delete_all"), {}).status_code == 302
    assert JournalEntry.objects.count() == 1  # not confirmed: nothing deleted
    client.post(reverse("reflections:delete_all"), {"confirm": "on"})
    assert not JournalEntry.objects.exists() and not tenant_a.user.reflections.exists()


def test_an_agenda_item_of_another_meeting_is_refused(
    tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    client.force_login(tenant_a.user)
    url = reverse(
        "reflections:write_about_meeting", kwargs={"org": "aadorp", "meeting_id": tenant_a.meeting.pk}
    )
    response = client.post(url, {"agenda_item": str(tenant_b.agenda_item.pk), "text": "Iets"})
    assert response.status_code == 200 and 'id="id_agenda_item_error"' in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_journal_text_stays_out_of_the_logs(
    tenant_a: Tenant, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client.force_login(tenant_a.user)
    client.post(reverse("reflections:write"), {"text": "Geheime-gedachte-42"})
    found = client.post(reverse("reflections:journal"), {"q": "Geheime"})
    assert "Geheime-gedachte-42" in found.content.decode()
    assert found["Cache-Control"] == "no-store"
    assert "Geheime-gedachte-42" not in caplog.text


# --- Demo -------------------------------------------------------------------------------------------------


def test_the_demo_gives_lindenwaard_questions_and_a_trend(db: None) -> None:
    import os

    from django.conf import settings
    from django.core.management import call_command

    from toerusting.organisations.selectors import organisation_by_slug
    from toerusting.reflections.demo import load_demo, read_demo_file

    with open(os.devnull, "w") as devnull:
        call_command("load_demo", verbosity=0, stdout=devnull)
        call_command("load_demo_agenda", stdout=devnull, stderr=devnull)
    demo = read_demo_file(Path(settings.CONTENT_DIR) / "demo" / "reflections" / "lindenwaard.yaml")
    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    summary = load_demo(demo, now=now)
    assert summary.questions == 3 and summary.meetings == 6 and summary.answers == 5 * 5 + 4
    lindenwaard = organisation_by_slug("lindenwaard")
    assert lindenwaard is not None
    trend = selectors.pulse_trend(lindenwaard)
    assert len(trend.results) == 5  # the sixth meeting has four answers: not shown
    assert all(result.responses == 5 for result in trend.results)
    again = load_demo(demo, now=now)
    assert again.answers == 0 and PulseResponse.objects.count() == 29


def test_the_journal_costs_the_same_queries_for_two_and_twenty_entries(
    tenant_a: Tenant, client: Client, django_assert_max_num_queries
) -> None:
    client.force_login(tenant_a.user)
    counts = []
    for total in (2, 20):
        while JournalEntry.objects.filter(user=tenant_a.user).count() < total:
            services.write_entry(
                tenant_a.user, "Notitie", meeting=tenant_a.meeting, agenda_item=tenant_a.agenda_item
            )
        with django_assert_max_num_queries(6) as captured:
            response = client.get(reverse("reflections:journal"))
        assert response.content.decode().count("Notitie") == total
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_a_question_answered_by_fewer_than_five_shows_no_average(tenant_a: Tenant) -> None:
    """Five answers, four of them a comment only: the pulse is shown (five answered), but no question's
    average, which would be the one member's own scores; nor in the trend or its CSV."""
    meeting = past_meeting(tenant_a)
    everyone = members(tenant_a, 9)
    people, more = everyone[:5], everyone[5:]
    services.answer_pulse(people[0], meeting, {"information": 1, "debate": 1, "residents": 1, "tone": 1})
    for user in people[1:]:
        services.answer_pulse(user, meeting, {}, comment="Goed voorbereid, rommelig debat.")
    result = selectors.pulse_result(meeting)
    assert result is not None and result.responses == 5
    assert [score.average for score in result.scores] == [None, None, None, None]
    trend = selectors.pulse_trend(tenant_a.organisation)
    rows = selectors.trend_csv_rows(trend)
    assert rows[0][-4:] == ["", "", "", ""], rows
    # Once five answered a question, its average is shown.
    for user in more:
        services.answer_pulse(user, meeting, {"tone": 3})
    result = selectors.pulse_result(meeting)
    assert result is not None
    tone = next(score for score in result.scores if score.question.field == "tone")
    assert tone.average == Decimal("2.6") and all(
        score.average is None for score in result.scores if score.question.field != "tone"
    )
