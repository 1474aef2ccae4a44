"""The RIS tab: signed launch (and every way a token can be wrong), frame policy, cookies, tab pages."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

import jwt
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tenant
from tests.factories import make_module
from toerusting import csp
from toerusting.agenda.models import AgendaItem, Meeting
from toerusting.embed.models import RisConnection, RisIdentity, TabSession
from toerusting.recommendations.models import AgendaItemMatch, Curation

SECRET = "een-lang-gedeeld-geheim-van-minstens-32-tekens"
ISSUER = "https://ris.aadorp.example"
RIS_ORIGIN = "https://ris.aadorp.example"


@pytest.fixture
def ris(tenant_a: Tenant) -> RisConnection:
    connection = tenant_a.ris
    connection.key = SECRET
    connection.save()
    return connection


@pytest.fixture
def meeting(tenant_a: Tenant) -> Meeting:
    start = timezone.now() + dt.timedelta(days=3)
    meeting = Meeting.objects.create(
        organisation=tenant_a.organisation,
        gremium=tenant_a.raad,
        name="Raadsvergadering",
        start=start,
        source="push",
        source_id="vg-100",
    )
    for number in range(1, 31):
        AgendaItem.objects.create(
            meeting=meeting,
            source_id=f"ap-{number}",
            number=str(number),
            order=number,
            position=number,
            original_title=f"Agendapunt {number}",
            title=f"Agendapunt {number}",
        )
    return meeting


def token(
    claims: dict[str, Any] | None = None, *, key: str = SECRET, algorithm: str = "HS256", **overrides: Any
) -> str:
    now = int(time.time())
    body = {
        "iss": ISSUER,
        "aud": "toerusting",
        "sub": "ris-user-1",
        "org": "aadorp",
        "iat": now,
        "exp": now + 120,
        "jti": uuid.uuid4().hex,
        "name": "Lid Aadorp",
        "email": "lid@aadorp.example",
        "role": "raadslid",
    }
    body.update(claims or {})
    body.update(overrides)
    return jwt.encode({k: v for k, v in body.items() if v is not None}, key, algorithm=algorithm)


def frame_ancestors(response: Any) -> str:
    return csp.directives(response["Content-Security-Policy"])["frame-ancestors"]


def launch(client: Client, value: str) -> Any:
    return client.get(reverse("embed:launch"), {"token": value})


@pytest.fixture
def linked(ris: RisConnection, tenant_a: Tenant) -> RisConnection:
    RisIdentity.objects.create(connection=ris, subject="ris-user-1", user=tenant_a.user)
    return ris


@pytest.mark.django_db
def test_launch_opens_the_meeting_with_a_session_in_the_url_and_a_partitioned_cookie(
    client: Client, linked: RisConnection, meeting: Meeting
) -> None:
    response = launch(client, token(meeting="vg-100"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(reverse("embed:meeting", kwargs={"org": "aadorp", "meeting_id": meeting.pk}))
    assert "?s=" in location
    cookie = response.cookies["toerusting_tab"].OutputString()
    assert "SameSite=None; Partitioned" in cookie
    assert "Secure" in cookie and "HttpOnly" in cookie
    assert frame_ancestors(response) == RIS_ORIGIN
    assert "X-Frame-Options" not in response


@pytest.mark.django_db
def test_tab_works_without_cookies(linked: RisConnection, meeting: Meeting) -> None:
    client = Client()
    location = launch(client, token(meeting="vg-100"))["Location"]
    cookieless = Client()  # a browser that blocks third-party cookies: only the URL carries the session
    response = cookieless.get(location)
    assert response.status_code == 200
    assert frame_ancestors(response) == RIS_ORIGIN
    assert "Agendapunt 30" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: token(exp=int(time.time()) - 120, iat=int(time.time()) - 240), "expired"),
        (lambda: token(key="een-ander-geheim-dat-ook-lang-genoeg-is-hoor"), "bad_signature"),
        (lambda: token(org="beestad"), "other_organisation"),
        (lambda: token(iss="https://onbekend.example"), "unknown_issuer"),
        (lambda: token(exp=int(time.time()) + 3600), "too_long"),
        (lambda: token(jti=None), "malformed"),
        (lambda: token(aud="iets-anders"), "malformed"),
        (lambda: "dit.is.geen-jwt", "malformed"),
        (lambda: token(sub="onbekende-gebruiker", email="niemand@elders.example"), "unknown_user"),
    ],
)
def test_wrong_tokens_are_refused_with_a_clear_page(
    client: Client, linked: RisConnection, tenant_b: Tenant, make: Any, reason: str
) -> None:
    before = TabSession.objects.count()
    response = launch(client, make())
    assert response.status_code == 403
    assert response.context["reason"] == reason
    assert frame_ancestors(response) == "'none'"
    assert TabSession.objects.count() == before


@pytest.mark.django_db
def test_a_replayed_token_is_refused(client: Client, linked: RisConnection) -> None:
    once = token()
    before = TabSession.objects.count()
    assert launch(client, once).status_code == 302
    response = launch(client, once)
    assert response.status_code == 403
    assert response.context["reason"] == "replayed"
    assert TabSession.objects.count() == before + 1


@pytest.mark.django_db
def test_unknown_user_is_created_where_the_organisation_allows_it(
    client: Client, ris: RisConnection, tenant_a: Tenant
) -> None:
    ris.create_accounts = True
    ris.save()
    response = launch(
        client,
        token(
            sub="nieuw-lid",
            name="Nieuw Raadslid",
            email="nieuw@aadorp.example",
            role="raadslid",
            fractie=tenant_a.fractie.name,
        ),
    )
    assert response.status_code == 302
    identity = RisIdentity.objects.get(subject="nieuw-lid")
    assert identity.user.email == "nieuw@aadorp.example"
    assert identity.user.person.functies.get().fractie == tenant_a.fractie


@pytest.mark.django_db
def test_a_known_user_is_found_by_email(client: Client, ris: RisConnection, tenant_a: Tenant) -> None:
    tenant_a.user.email = "lid@aadorp.example"
    tenant_a.user.save()
    assert launch(client, token()).status_code == 302
    assert RisIdentity.objects.get().user == tenant_a.user


@pytest.mark.django_db
def test_tab_of_another_organisation_is_404(client: Client, linked: RisConnection, tenant_b: Tenant) -> None:
    location = launch(client, token())["Location"]
    key = location.split("s=")[1]
    response = client.get(reverse("embed:upcoming", kwargs={"org": tenant_b.organisation.slug}), {"s": key})
    assert response.status_code == 404


@pytest.mark.django_db
def test_expired_session_is_refused(client: Client, linked: RisConnection) -> None:
    location = launch(client, token())["Location"]
    TabSession.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get(location).status_code == 403


@pytest.mark.django_db
def test_meeting_tab_shows_recommendations_with_curation_in_few_queries(
    client: Client, linked: RisConnection, meeting: Meeting, tenant_a: Tenant
) -> None:
    modules = [make_module(f"module-{n}", title=f"Module {n}", duration=5 + n % 5) for n in range(6)]
    for agenda_item in meeting.agenda_items.all():
        for rank, module in enumerate(modules[:4]):
            AgendaItemMatch.objects.create(
                agenda_item=agenda_item, item=module, rank=rank, score=1 - rank / 10, reason=f"Reden {rank}"
            )
    first = meeting.agenda_items.get(number="1")
    Curation.objects.create(
        organisation=tenant_a.organisation, agenda_item=first, item=modules[5], action="pin"
    )
    Curation.objects.create(
        organisation=tenant_a.organisation, meeting=meeting, item=modules[0], action="hide"
    )
    location = launch(client, token(meeting="vg-100"))["Location"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(location)
    assert response.status_code == 200
    assert len(queries) <= 10, [q["sql"] for q in queries]
    rows = response.context["tab"].rows
    assert len(rows) == 30
    assert rows[0].shown[0].item == modules[5] and rows[0].shown[0].pinned
    assert all(modules[0] not in [s.item for s in row.shown] for row in rows)
    assert all(len(row.shown) <= 3 for row in rows)
    assert "Aanbevolen door de griffie" in response.content.decode()


@pytest.mark.django_db
def test_inline_item_complete_and_useful_need_the_session_in_the_form(
    client: Client, linked: RisConnection, tenant_a: Tenant
) -> None:
    module = make_module("inline-module")
    location = launch(client, token())["Location"]
    key = location.split("s=")[1]
    url = reverse("embed:learning_item", kwargs={"org": "aadorp", "slug": module.slug})
    # A cross-site form post carries only the cookie, not the key: refused.
    assert client.post(url, {"action": "complete"}).status_code == 403
    question = module.questions.first()
    wrong = question.options.get(is_correct=False)
    # The tab posts the site's answer form (prefixed per question) beside the question it answers.
    answer = {"s": key, "action": "answer", "question": question.pk, f"vraag{question.pk}-option": wrong.pk}
    response = client.post(url, answer)
    assert response.status_code == 302 and response["Location"].endswith(f"#uitleg-{question.pk}")
    page = client.get(url, {"s": key}).content.decode()
    assert wrong.feedback in page and f'id="uitleg-{question.pk}"' in page
    assert client.post(url, {"s": key, "action": "complete"}).status_code == 302
    assert client.post(url, {"s": key, "action": "useful", "note": "Kort en helder"}).status_code == 302
    assert tenant_a.user.progress.get(item=module).completed_at is not None
    assert tenant_a.user.endorsements.get(item=module).note == "Kort en helder"
    # "Mark as done" can be undone in the tab, as MarkDoneForm allows on the site.
    assert "Niet meer als gedaan markeren" in client.get(url, {"s": key}).content.decode()
    assert client.post(url, {"s": key, "action": "complete", "undo": "on"}).status_code == 302
    assert tenant_a.user.progress.get(item=module).completed_at is None


@pytest.mark.django_db
def test_cached_tab_follows_progress_and_curation(
    client: Client, linked: RisConnection, meeting: Meeting, tenant_a: Tenant
) -> None:
    from django.core.cache import cache

    from toerusting.learning import services as learning_services
    from toerusting.recommendations import services as recommendation_services

    cache.clear()
    modules = [make_module(f"cache-{n}", title=f"Cachemodule {n}") for n in range(3)]
    first = meeting.agenda_items.get(number="1")
    for rank, module in enumerate(modules):
        AgendaItemMatch.objects.create(agenda_item=first, item=module, rank=rank, score=1.0, reason="Reden")
    location = launch(client, token(meeting="vg-100"))["Location"]
    assert "Cachemodule 0" in client.get(location).content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(location)
    assert len(queries) == 1  # served from the cache: only the tab session is read
    learning_services.complete(tenant_a.user, modules[0])
    # The done item stays in its place, now marked done (the page was not served from the old cache).
    page = client.get(location).content.decode()
    assert "Cachemodule 0" in page and "gedaan</span>" in page
    recommendation_services.hide(tenant_a.griffier, tenant_a.organisation, modules[1], agenda_item=first)
    assert "Cachemodule 1" not in client.get(location).content.decode()
    # Another session of the same member gets the same page with its own key in the links.
    other = launch(Client(), token(meeting="vg-100"))["Location"]
    key = other.split("s=")[1]
    assert f"s={key}" in Client().get(other).content.decode()


@pytest.mark.django_db
def test_demo_ris_loads_and_links_demo_users(tmp_path: Any) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("load_demo", stdout=StringIO())
    call_command("load_demo_ris", stdout=StringIO())
    connection = RisConnection.objects.get(issuer="https://ris.lindenwaard.example")
    assert connection.identities.get(subject="ris-raadslid").user.username == "raadslid"
    call_command("load_demo_ris", stdout=StringIO())  # idempotent
    assert RisConnection.objects.filter(issuer="https://ris.lindenwaard.example").count() == 1
    bad = tmp_path / "ris.yaml"
    bad.write_text("connections:\n  - organisation: nergenshuizen\n    secret: kort\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"ris\.yaml:2: organisation: no such organisation"):
        call_command("load_demo_ris", file=bad, stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "says"),
    [
        # An answer the site's form refuses: the error stands at the question and in the summary above.
        ({"action": "answer", "option": "abc", "anker": "vraag-1"}, "Kies een antwoord."),
        ({"action": "answer", "option": "-1"}, "Kies een antwoord."),
        # A post that did not come from the page: nothing saved, said above the page.
        ({"action": "answer", "anker": 'x"><script>alert(1)</script>'}, "Dit is niet opgeslagen"),
        ({"action": "drop-table"}, "Dit is niet opgeslagen"),
        ({"action": "answer", "question": "999999"}, "Dit is niet opgeslagen"),
    ],
)
def test_inline_item_bad_posts_write_nothing_and_say_so(
    client: Client, linked: RisConnection, tenant_a: Tenant, data: dict[str, str], says: str
) -> None:
    module = make_module("inline-bad")
    question = module.questions.first()
    location = launch(client, token())["Location"]
    key = location.split("s=")[1]
    url = reverse("embed:learning_item", kwargs={"org": "aadorp", "slug": module.slug})
    data = dict(data)
    if "option" in data:
        value = data.pop("option")
        data = {**data, "question": str(question.pk), f"vraag{question.pk}-option": value}
    response = client.post(url, {"s": key, **data})
    assert response.status_code == 400
    page = response.content.decode()
    assert says in page
    assert "<script>alert" not in page
    assert not tenant_a.user.answers.exists()
    assert not tenant_a.user.progress.filter(item=module, completed_at__isnull=False).exists()
