"""E-mail against a real SMTP server started in the test (aiosmtpd): the sign-up confirmation with its
invitation, headers for one-click unsubscribe (RFC 8058), both languages, the unsubscribe link without a
login, opt-in for the weekly digest and its once-per-week sending, the colleague's tip and the review
reminder."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant
from toerusting.agenda.models import Meeting
from toerusting.catalogue import services as catalogue_services
from toerusting.catalogue.models import Session
from toerusting.notifications import services
from toerusting.notifications.models import Delivery, Kind
from toerusting.planner import services as planner_services
from toerusting.recommendations import digest

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Inbox:
    """Collects every message the SMTP server receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://toerusting.example.nl"
    try:
        yield inbox
    finally:
        controller.stop()


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())


def _offer_list(tenant: Tenant, capacity: int = 1) -> Any:
    starts = timezone.now() + dt.timedelta(days=10)
    session = Session.objects.create(
        item=tenant.module, starts_at=starts, ends_at=starts + dt.timedelta(hours=2), location="Raadzaal"
    )
    return planner_services.set_signup_list(tenant.organisation, offer_session=session, capacity=capacity)


def test_confirmation_in_dutch_with_invitation_and_one_click_unsubscribe(
    tenant_a: Tenant, smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    tenant_a.user.email = "lid@aadorp.example"
    tenant_a.user.save()
    signup_list = _offer_list(tenant_a)
    with django_capture_on_commit_callbacks(execute=True):
        planner_services.sign_up(signup_list, tenant_a.user.pk)
    [message] = smtp.to("lid@aadorp.example")
    assert message["Subject"] == f"U bent ingeschreven: {tenant_a.module.title}"
    unsubscribe = str(message["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<https://toerusting.example.nl/e-mail/afmelden/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = _parts(message)
    assert "U bent ingeschreven voor" in text and "Stop deze berichten" in text
    assert '<html lang="nl">' in html and "Stop deze berichten" in html
    [invitation] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert invitation.get_param("method") == "REQUEST"
    assert "METHOD:REQUEST" in invitation.get_content()
    # The one-click POST of a mail program: no login, no form token.
    path = unsubscribe.strip("<>").removeprefix("https://toerusting.example.nl")
    client = Client(enforce_csrf_checks=True)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert services.is_subscribed(tenant_a.user.pk, Kind.SIGNUP) is False
    with django_capture_on_commit_callbacks(execute=True):
        planner_services.sign_off(signup_list, tenant_a.user.pk)
    assert len(smtp.to("lid@aadorp.example")) == 1  # switched off: nothing more


def test_english_where_chosen_and_the_unsubscribe_page_asks_first(
    tenant_a: Tenant, smtp: Inbox, django_capture_on_commit_callbacks: Any, client: Client
) -> None:
    tenant_a.user.email = "member@aadorp.example"
    tenant_a.user.save()
    client.force_login(tenant_a.user)
    response = client.post(
        reverse("notifications:preferences"),
        {"language": "en", Kind.SIGNUP.value: "on", Kind.COLLEAGUE_TIP.value: "on"},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        catalogue_services.send_to_colleague(
            tenant_a.griffier, tenant_a.user, tenant_a.module, tenant_a.organisation, "Lees dit"
        )
    [message] = smtp.to("member@aadorp.example")
    assert "sent you:" in str(message["Subject"])
    text, html = _parts(message)
    assert "is useful for you" in text and "Lees dit" in text and '<html lang="en">' in html
    client.logout()
    path = str(message["List-Unsubscribe"]).strip().strip("<>").removeprefix("https://toerusting.example.nl")
    page = client.get(path)
    assert page.status_code == 200 and services.is_subscribed(tenant_a.user.pk, Kind.COLLEAGUE_TIP)
    assert client.post(path).status_code == 200
    assert not services.is_subscribed(tenant_a.user.pk, Kind.COLLEAGUE_TIP)
    # A changed token is refused.
    assert client.post(path.replace("tip_van_collega", "weekoverzicht")).status_code == 404


def test_preferences_keep_data_on_bad_input(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.user)
    response = client.post(reverse("notifications:preferences"), {"language": "fr"})
    assert response.status_code == 400
    assert "Taal van e-mails" in response.content.decode()
    assert services.language_of(tenant_a.user.pk) == "nl"


def test_weekly_digest_is_opt_in_and_sent_once_per_week(tenant_a: Tenant, smtp: Inbox) -> None:
    tenant_a.user.email = "lid@aadorp.example"
    tenant_a.user.save()
    thursday = dt.datetime(2027, 3, 11, 10, 0, tzinfo=AMSTERDAM)  # before Friday 16:00: not yet
    friday = dt.datetime(2027, 3, 12, 16, 30, tzinfo=AMSTERDAM)
    Meeting.objects.create(
        organisation=tenant_a.organisation,
        gremium=tenant_a.raad,
        name="Raadsvergadering maart",
        source_id="raad-maart",
        start=dt.datetime(2027, 3, 16, 19, 30, tzinfo=AMSTERDAM),
    )
    Meeting.objects.create(  # a committee the member does not sit in
        organisation=tenant_a.organisation,
        gremium=tenant_a.commissie,
        name="Commissie maart",
        source_id="commissie-maart",
        start=dt.datetime(2027, 3, 17, 19, 30, tzinfo=AMSTERDAM),
    )
    assert digest.send_weekly_digests(friday) == 0  # nobody opted in
    services.set_preferences(tenant_a.user.pk, language="nl", subscribed={Kind.DIGEST: True})
    assert digest.send_weekly_digests(thursday) == 0
    assert digest.send_weekly_digests(friday) == 1
    assert digest.send_weekly_digests(friday + dt.timedelta(hours=1)) == 0  # never twice in one week
    [message] = smtp.to("lid@aadorp.example")
    assert message["Subject"] == "Uw week vanaf 15 maart: wat u kunt voorbereiden"
    text, _html = _parts(message)
    assert "Raadsvergadering maart" in text and "Commissie maart" not in text
    assert Delivery.objects.filter(kind=Kind.DIGEST, key="week-2027-03-15").count() == 1


def test_review_reminder_for_the_development_plan(tenant_a: Tenant, smtp: Inbox) -> None:
    tenant_a.user.email = "lid@aadorp.example"
    tenant_a.user.save()
    sent = services.send_review_reminder(
        tenant_a.user.pk,
        goal="Debat & dialoog",
        review_on=dt.date(2027, 4, 1),
        url="https://toerusting.example.nl/ontwikkelplan/",
        key="doel-1-2027-04-01",
    )
    again = services.send_review_reminder(
        tenant_a.user.pk,
        goal="Beter debatteren",
        review_on=dt.date(2027, 4, 1),
        url="x",
        key="doel-1-2027-04-01",
    )
    assert (sent, again) == (True, False)
    [message] = smtp.to("lid@aadorp.example")
    # The goal is private: in the message, not in its subject (which mail servers log, and Delivery keeps).
    assert message["Subject"] == "Evaluatiemoment van uw ontwikkelplan op 1 april"
    assert not Delivery.objects.filter(subject__contains="Debat").exists()
    text, html = _parts(message)
    assert "“Debat & dialoog”" in text and "“Debat &amp; dialoog”" in html


def test_email_url_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from toerusting import settings as project_settings

    monkeypatch.setenv("EMAIL_URL", "smtp+tls://griffie%40example.nl:geheim@smtp.example.nl")
    found = project_settings._email_settings()
    assert found["EMAIL_HOST"] == "smtp.example.nl" and found["EMAIL_PORT"] == 587
    assert found["EMAIL_HOST_USER"] == "griffie@example.nl" and found["EMAIL_USE_TLS"] is True
    monkeypatch.setenv("EMAIL_URL", "ftp://example.nl")
    with pytest.raises(Exception, match="EMAIL_URL"):
        project_settings._email_settings()


def test_retention_forgets_old_records_of_sent_mail(tenant_a: Tenant, smtp: Inbox, settings: Any) -> None:
    from toerusting.operations.tasks import retention_task

    tenant_a.user.email = "lid@aadorp.example"
    tenant_a.user.save()
    for key in ("oud", "nieuw"):
        services.send_review_reminder(
            tenant_a.user.pk, goal="Doel", review_on=dt.date(2027, 4, 1), url="https://x.example/", key=key
        )
    Delivery.objects.filter(key="oud").update(sent_at=timezone.now() - dt.timedelta(days=91))
    settings.EMAIL_LOG_RETENTION_DAYS = 90
    assert retention_task.call()["sent_emails"] == 1
    assert list(Delivery.objects.values_list("key", flat=True)) == ["nieuw"]


def test_preference_page_proposes_the_language_of_the_site(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("notifications:preferences"))
    assert page.context["form"].initial["language"] == "en"
    assert services.language_of(tenant_a.user.pk) == "nl"  # nothing chosen yet: mails stay Dutch


def test_the_periodic_job_reminds_of_the_review_moment_a_week_ahead_once(
    tenant_a: Tenant, smtp: Inbox
) -> None:
    """The development plan's review date, set by its service, is found by the periodic job
    `review_reminders` (development.tasks), which e-mails the member once per plan and date."""
    from toerusting.development import services as development_services
    from toerusting.development.models import DevelopmentPlan, Goal
    from toerusting.development.tasks import review_reminder_task

    tenant_a.user.email = "lid@aadorp.example"
    tenant_a.user.save()
    today = timezone.localdate()
    plan = DevelopmentPlan.objects.create(user=tenant_a.user, organisation=tenant_a.organisation)
    Goal.objects.create(plan=plan, competency="debatteren", text="Beter debatteren in de raad")
    development_services.set_review_date(plan, today + dt.timedelta(days=20))
    assert review_reminder_task.call() == {"sent": 0}  # not due yet
    development_services.set_review_date(plan, today + dt.timedelta(days=5))
    assert review_reminder_task.call() == {"sent": 1}
    assert review_reminder_task.call() == {"sent": 0}  # once per plan and date
    [message] = smtp.to("lid@aadorp.example")
    text, _html = _parts(message)
    assert "Beter debatteren in de raad" in text
    assert f"/o/{tenant_a.organisation.slug}/ontwikkeling/plan/" in text
    # A new review date is a new review moment: reminded again when it comes near.
    development_services.set_review_date(plan, today + dt.timedelta(days=6))
    assert review_reminder_task.call() == {"sent": 1}


@pytest.mark.parametrize("kind", list(Kind))
def test_each_kind_has_its_own_one_click_unsubscribe(tenant_a: Tenant, kind: Kind) -> None:
    """The link in a mail of one kind switches off that kind only; the others stay as they were."""
    user_id = tenant_a.user.pk
    services.set_preferences(user_id, language="nl", subscribed=dict.fromkeys(Kind, True))
    path = services.unsubscribe_url(user_id, kind).removeprefix("https://toerusting.example.nl")
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert services.subscriptions_of(user_id) == {each: each != kind for each in Kind}
