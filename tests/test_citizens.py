"""Residents' feedback: the public form with its spam protections, k-anonymity of every page, the
griffie's switch, comments and reaction."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import DjangoAssertNumQueries, Settings

from tests.conftest import Tenant
from toerusting.agenda.models import Meeting
from toerusting.citizens import selectors, services, spam
from toerusting.citizens.models import FeedbackComment, FeedbackResponse
from toerusting.citizens.periods import Quarter
from toerusting.citizens.questions import MIN_RESPONSES

TODAY = dt.date(2026, 11, 20)


def _fill(tenant: Tenant, count: int, quarter_day: dt.date = TODAY, comment: str = "") -> None:
    """`count` responses in the quarter of the day; with a comment, each response has a numbered one."""
    for index in range(count):
        services.submit_feedback(
            tenant.organisation,
            {"clear_decision": 4, "understandable": 3 + index % 2, "heard": 2, "trust": None},
            comment=comment and f"{comment} {index}",
            today=quarter_day,
        )


def _post(client: Client, tenant: Tenant, **fields: Any) -> Any:
    data = {
        "token": spam.form_token(tenant.organisation.pk, now=time.time() - 30),
        "clear_decision": "4",
        "comment": "",
        "website": "",
        **fields,
    }
    return client.post(reverse("citizens:feedback", kwargs={"org": tenant.organisation.slug}), data)


@pytest.fixture
def open_form(tenant_a: Tenant) -> Tenant:
    services.set_form_open(tenant_a.griffier, tenant_a.organisation, True)
    return tenant_a


def test_a_resident_gives_feedback_without_logging_in(open_form: Tenant, client: Client) -> None:
    page = client.get(reverse("citizens:feedback", kwargs={"org": open_form.organisation.slug}))
    assert page.status_code == 200
    assert 'name="website"' in page.content.decode()
    response = _post(client, open_form, comment="Duidelijke uitleg van de voorzitter", heard="5")
    assert response.status_code == 302
    assert response["Location"] == reverse("citizens:results", kwargs={"org": open_form.organisation.slug})
    stored = FeedbackResponse.objects.get()
    assert (stored.clear_decision, stored.heard, stored.understandable) == (4, 5, None)
    assert stored.period_start == Quarter.of(dt.date.today()).start
    assert FeedbackComment.objects.get().text == "Duidelijke uitleg van de voorzitter"


def test_the_response_can_be_about_a_recent_meeting(open_form: Tenant, client: Client) -> None:
    meeting = open_form.meeting
    meeting.start = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    meeting.save()
    assert _post(client, open_form, meeting=str(meeting.pk)).status_code == 302
    assert FeedbackResponse.objects.get().meeting_id == meeting.pk
    closed = Meeting.objects.create(
        organisation=open_form.organisation,
        gremium=open_form.presidium,
        name="Presidium",
        start=meeting.start,
        source="push",
        source_id="aadorp-presidium-1",
    )
    assert closed not in selectors.recent_meetings(open_form.organisation)
    response = _post(client, open_form, meeting=str(closed.pk))
    assert response.status_code == 400 and 'id="id_meeting_error"' in response.content.decode()


def test_a_closed_form_stores_nothing(tenant_a: Tenant, client: Client) -> None:
    response = _post(client, tenant_a)
    assert response.status_code == 404
    assert "gesloten" in response.content.decode()
    assert not FeedbackResponse.objects.exists()


def test_an_empty_form_names_the_field(open_form: Tenant, client: Client) -> None:
    response = _post(client, open_form, clear_decision="")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_clear_decision_0"' in body  # the error summary links to the field
    assert "Geef antwoord op minstens één stelling, of schrijf een opmerking." in body
    assert not FeedbackResponse.objects.exists()


def test_a_score_outside_the_scale_names_the_field(open_form: Tenant, client: Client) -> None:
    response = _post(client, open_form, heard="9")
    assert response.status_code == 400
    assert 'href="#id_heard_0"' in response.content.decode()
    assert not FeedbackResponse.objects.exists()


def test_the_honeypot_refuses_with_a_clear_message(open_form: Tenant, client: Client) -> None:
    response = _post(client, open_form, website="http://spam.example")
    assert response.status_code == 400
    assert "Laat dit veld leeg" in response.content.decode()
    assert "niet opgeslagen" in response.content.decode()
    assert not FeedbackResponse.objects.exists()


def test_a_form_sent_too_fast_is_refused(open_form: Tenant, client: Client, settings: Settings) -> None:
    settings.CITIZENS_MIN_FILL_SECONDS = 4
    response = _post(client, open_form, token=spam.form_token(open_form.organisation.pk))
    assert response.status_code == 400
    assert "sneller" in response.content.decode()
    assert not FeedbackResponse.objects.exists()


@pytest.mark.parametrize(
    "token",
    ["", "1.2:forged", "garbage"],
)
def test_a_forged_or_missing_token_is_refused(open_form: Tenant, client: Client, token: str) -> None:
    response = _post(client, open_form, token=token)
    assert response.status_code == 400
    assert "niet opgeslagen" in response.content.decode()
    assert not FeedbackResponse.objects.exists()


def test_a_token_of_another_organisation_is_refused(
    open_form: Tenant, tenant_b: Tenant, client: Client
) -> None:
    response = _post(client, open_form, token=spam.form_token(tenant_b.organisation.pk, now=time.time() - 30))
    assert response.status_code == 400
    assert not FeedbackResponse.objects.exists()


def test_an_old_form_is_refused(open_form: Tenant, client: Client) -> None:
    response = _post(
        client, open_form, token=spam.form_token(open_form.organisation.pk, now=time.time() - 86400)
    )
    assert response.status_code == 400
    assert "te lang" in response.content.decode()


def test_the_rate_limit_per_address(open_form: Tenant, client: Client, settings: Settings) -> None:
    settings.CITIZENS_MAX_RESPONSES_PER_WINDOW = 2
    assert _post(client, open_form).status_code == 302
    assert _post(client, open_form).status_code == 302
    refused = _post(client, open_form)
    assert refused.status_code == 429
    assert "internetverbinding" in refused.content.decode()
    assert FeedbackResponse.objects.count() == 2
    # Another address is not limited, and the address itself is nowhere in the cache's keys.
    other = client.post(
        reverse("citizens:feedback", kwargs={"org": open_form.organisation.slug}),
        {"token": spam.form_token(open_form.organisation.pk, now=time.time() - 30), "clear_decision": "3"},
        REMOTE_ADDR="192.0.2.77",
    )
    assert other.status_code == 302
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any("127.0.0.1" in str(key) or "192.0.2.77" in str(key) for key in keys)


def test_refused_attempts_count_towards_the_limit(
    open_form: Tenant, client: Client, settings: Settings
) -> None:
    """A bot that fills the honeypot or sends too fast is held back as well; a person's invalid form is not
    counted (they correct it and send again)."""
    settings.CITIZENS_MAX_RESPONSES_PER_WINDOW = 2
    assert _post(client, open_form, clear_decision="").status_code == 400  # not counted
    assert _post(client, open_form, website="x").status_code == 400
    assert _post(client, open_form, token="vervalst").status_code == 400
    assert _post(client, open_form).status_code == 429
    assert not FeedbackResponse.objects.exists()


def test_below_k_nothing_is_shown_anywhere(open_form: Tenant, client: Client) -> None:
    _fill(open_form, MIN_RESPONSES - 1, comment="Geheime opmerking")
    slug = open_form.organisation.slug
    public = client.get(reverse("citizens:results", kwargs={"org": slug})).content.decode()
    assert "Nog geen uitkomsten" in public or "nog geen" in public.lower()
    assert "kwartaal 4 van 2026" not in public
    client.force_login(open_form.griffier)
    manage = client.get(reverse("citizens:manage", kwargs={"org": slug})).content.decode()
    assert "Geheime opmerking" not in manage
    assert "kwartaal 4 van 2026" not in manage
    assert selectors.quarter_results(open_form.organisation) == []
    assert selectors.comments_for_griffie(open_form.organisation, [Quarter.of(TODAY)]) == {
        Quarter.of(TODAY): []
    }
    with pytest.raises(services.ReactionRefused):
        services.write_reaction(open_form.griffier, open_form.organisation, Quarter.of(TODAY), "Dank u.")


def test_from_k_on_figures_are_public_and_comments_only_for_the_griffie(
    open_form: Tenant, client: Client
) -> None:
    _fill(open_form, MIN_RESPONSES, comment="Geheime opmerking")
    _fill(open_form, MIN_RESPONSES - 1, quarter_day=dt.date(2026, 8, 1))  # the quarter before stays below k
    slug = open_form.organisation.slug
    public = client.get(reverse("citizens:results", kwargs={"org": slug})).content.decode()
    assert "kwartaal 4 van 2026" in public
    assert "kwartaal 3 van 2026" not in public
    assert "<svg" in public and "<table" in public
    assert "Geheime opmerking" not in public
    assert "te weinig" in public  # trust was answered by nobody: below k for that statement
    client.force_login(open_form.griffier)
    manage = client.get(reverse("citizens:manage", kwargs={"org": slug})).content.decode()
    assert "Geheime opmerking 0" in manage
    response = client.post(
        reverse("citizens:manage", kwargs={"org": slug}),
        {"action": "reaction", "quarter": "2026-4", "text": "De raad gaat besluiten beter uitleggen."},
    )
    assert response.status_code == 302
    public = client.get(reverse("citizens:results", kwargs={"org": slug})).content.decode()
    assert "De raad gaat besluiten beter uitleggen." in public


def test_a_reaction_with_a_bad_quarter_names_the_problem(open_form: Tenant, client: Client) -> None:
    _fill(open_form, MIN_RESPONSES)
    client.force_login(open_form.griffier)
    response = client.post(
        reverse("citizens:manage", kwargs={"org": open_form.organisation.slug}),
        {"action": "reaction", "quarter": "2026-4", "text": ""},
    )
    assert response.status_code == 200
    assert 'id="id_text_error"' in response.content.decode()


def test_the_griffie_switches_the_form(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.griffier)
    url = reverse("citizens:manage", kwargs={"org": tenant_a.organisation.slug})
    assert client.post(url, {"action": "switch", "is_open": "on"}).status_code == 302
    assert selectors.form_is_open(tenant_a.organisation)
    setting = selectors.setting_of(tenant_a.organisation)
    assert setting is not None and setting.changed_by_id == tenant_a.griffier.pk
    assert client.post(url, {"action": "switch"}).status_code == 302
    assert not selectors.form_is_open(tenant_a.organisation)


def test_a_member_cannot_manage(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.user)
    url = reverse("citizens:manage", kwargs={"org": tenant_a.organisation.slug})
    assert client.post(url, {"action": "switch", "is_open": "on"}).status_code == 403
    assert not selectors.form_is_open(tenant_a.organisation)


def test_another_organisation_sees_nothing_of_the_figures(
    open_form: Tenant, tenant_b: Tenant, client: Client
) -> None:
    _fill(open_form, MIN_RESPONSES, comment="Geheime opmerking")
    assert selectors.quarter_results(tenant_b.organisation) == []
    client.force_login(tenant_b.griffier)
    assert (
        client.get(reverse("citizens:manage", kwargs={"org": open_form.organisation.slug})).status_code == 404
    )
    page = client.get(
        reverse("citizens:results", kwargs={"org": tenant_b.organisation.slug})
    ).content.decode()
    assert "kwartaal 4 van 2026" not in page


@pytest.mark.parametrize("quarters", [1, 6])
def test_the_public_page_costs_constant_queries(
    open_form: Tenant, client: Client, django_assert_max_num_queries: DjangoAssertNumQueries, quarters: int
) -> None:
    day = TODAY
    for _index in range(quarters):
        _fill(open_form, MIN_RESPONSES, quarter_day=day)
        day = Quarter.of(day).previous().start
    url = reverse("citizens:results", kwargs={"org": open_form.organisation.slug})
    with django_assert_max_num_queries(6):
        page = client.get(url)
    assert page.content.decode().count("<svg") == quarters
    client.force_login(open_form.griffier)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("citizens:manage", kwargs={"org": open_form.organisation.slug}))
    assert page.content.decode().count("<svg") == quarters


def test_quarter_keys() -> None:
    assert Quarter.parse("2026-4") == Quarter(2026, 4)
    assert Quarter.parse("2026-5") is None
    assert Quarter.parse("x") is None
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter.of(dt.date(2026, 11, 20)).start == dt.date(2026, 10, 1)


DEMO = """organisation: aadorp
griffie: griffier-aadorp
form_open: true
quarters:
  - quarters_ago: 1
    responses: [4434, 3324, 4545, 2213, 3334, 4444, 3423, 5444, 3-33, 4334, 2322]
    comments: [Duidelijk verhaal.]
    reaction: De raad gaat besluiten beter uitleggen.
  - quarters_ago: 0
    responses: [4434, 3444]
"""


def test_the_demo_loads_once_and_keeps_the_current_quarter_below_k(tenant_a: Tenant, tmp_path: Any) -> None:
    from toerusting.citizens.demo import load_demo, read_demo_file

    path = tmp_path / "aadorp.yaml"
    path.write_text(DEMO, encoding="utf-8")
    summary = load_demo(read_demo_file(path), today=TODAY)
    assert (summary.responses, summary.comments, summary.reactions) == (13, 1, 1)
    assert load_demo(read_demo_file(path), today=TODAY).responses == 0  # loading again adds nothing
    results = selectors.quarter_results(tenant_a.organisation)
    assert [r.quarter for r in results] == [Quarter(2026, 3)]
    assert results[0].reaction == "De raad gaat besluiten beter uitleggen."
    assert selectors.form_is_open(tenant_a.organisation)


def test_a_bad_demo_file_names_the_line_and_field(tmp_path: Any) -> None:
    from toerusting.citizens.demo import read_demo_file
    from toerusting.contentfiles import ContentError

    path = tmp_path / "fout.yaml"
    path.write_text(DEMO.replace("4434, 3324", "4434, 9x24"), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        read_demo_file(path)
    assert (
        "fout.yaml:" in str(error.value) and "responses" in str(error.value) and "'9x24'" in str(error.value)
    )
