"""The link check against a real HTTP server on the loopback address (threads): what is requested, what is
stored, and what the reports and the item page show. Items are made as a griffie makes them (the own-offer
service, with links in the Markdown text); checks run through the service, the command or the task."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.conftest import Tenant
from tests.factories import OrganisationFactory, UserFactory
from toerusting import outbound
from toerusting.catalogue import services as catalogue_services
from toerusting.catalogue.models import LearningItem
from toerusting.linkcheck import selectors, services
from toerusting.linkcheck.checker import Checker
from toerusting.linkcheck.models import HostPause, Link
from toerusting.organisations.models import Organisation


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    head_status: int | None = None  # a different status for HEAD (405: HEAD refused)
    wait: bool = False  # hold the answer until the test ends (a server that does not answer in time)


class Site:
    """A small web site on 127.0.0.1 whose answers a test sets per path, and which records every request."""

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.requests: list[tuple[str, str, str]] = []  # (method, path, User-Agent)
        self.release = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method: str) -> None:
                site.requests.append((method, self.path, self.headers.get("User-Agent", "")))
                answer = site.answers.get(self.path, Answer(404, body=b"not found"))
                if answer.wait:
                    site.release.wait(30)
                status = answer.head_status if method == "HEAD" and answer.head_status else answer.status
                try:
                    self.send_response(status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    if method == "GET":
                        self.wfile.write(answer.body)
                except OSError:
                    pass  # the checker gave up and closed the connection

            def do_HEAD(self) -> None:
                self._answer("HEAD")

            def do_GET(self) -> None:
                self._answer("GET")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def set(self, path: str, status: int = 200, **kwargs: object) -> None:
        self.answers[path] = Answer(status, **kwargs)  # type: ignore[arg-type]

    def paths(self, method: str | None = None) -> list[str]:
        return [path for m, path, _agent in self.requests if method is None or m == method]


@pytest.fixture
def site(settings: Settings) -> Iterator[Site]:
    settings.LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = True  # the test server is on the loopback address
    settings.LINK_CHECK_HOST_INTERVAL_SECONDS = 0  # the rate limit has a test of its own, with a clock
    settings.LINK_CHECK_TOTAL_TIMEOUT_SECONDS = 5
    settings.SITE_URL = "https://toerusting.example"
    server = Site()
    server.thread.start()
    yield server
    server.release.set()
    server.server.shutdown()
    server.server.server_close()


def own_item(organisation: Organisation, *, url: str, description: str = "Een training.") -> LearningItem:
    """An item of the organisation's own offer, as the griffie's form saves it."""
    return catalogue_services.save_own_item(
        organisation,
        catalogue_services.OwnItemData(
            title=f"Training {LearningItem.objects.count() + 1}",
            summary="Een avond over de begroting.",
            kind="training",
            description=description,
            topics=["financien"],
            instruments=[],
            competencies=[],
            audience=["raadslid"],
            rubric="kennis",
            level="starter",
            duration_minutes=120,
            format="op_locatie",
            non_partisan=True,
            cost_eur=Decimal("0"),
            url=url,
        ),
    )


def link(item: LearningItem, url: str) -> Link:
    return Link.objects.get(item=item, url=url)


@pytest.fixture
def organisation(db: None) -> Organisation:
    return OrganisationFactory(name="Aadorp", slug="aadorp")


def test_working_links_are_stored_with_our_user_agent_and_robots_read_once(
    site: Site, organisation: Organisation
) -> None:
    site.set("/training")
    site.set("/programma")
    item = own_item(
        organisation, url=site.url("/training"), description=f"Zie [het programma]({site.url('/programma')})."
    )
    other = own_item(organisation, url=site.url("/programma"))

    summary = services.check_links()

    assert summary.by_status == {"ok": 3}
    for url in (site.url("/training"), site.url("/programma")):
        found = link(item, url)
        assert (found.status, found.http_status, found.first_failed_at) == ("ok", 200, None)
        assert found.last_checked_at is not None
    assert link(item, site.url("/programma")).source == "body"
    assert link(other, site.url("/programma")).status == "ok"
    assert site.paths("GET") == ["/robots.txt"]  # once per host and run, for two items
    assert sorted(site.paths("HEAD")) == ["/programma", "/programma", "/training"]
    assert {agent for _m, _p, agent in site.requests} == {
        "Toerusting-linkcontrole/1.0 (+https://toerusting.example)"
    }


def test_a_404_is_broken_and_a_500_then_ok_ends_the_failure(site: Site, organisation: Organisation) -> None:
    site.set("/weg", 404)
    site.set("/storing", 500)
    item = own_item(organisation, url=site.url("/storing"), description=f"[Oude pagina]({site.url('/weg')})")
    day0 = timezone.now()
    services.check_links(now=day0)
    gone, down = link(item, site.url("/weg")), link(item, site.url("/storing"))
    assert (gone.status, gone.http_status, gone.error) == ("broken", 404, "HTTP 404")
    assert (down.status, down.http_status, down.first_failed_at) == ("broken", 500, day0)

    services.check_links(now=day0 + dt.timedelta(days=1))
    assert link(item, site.url("/storing")).first_failed_at == day0  # the streak goes on

    site.set("/storing", 200)
    services.check_links(now=day0 + dt.timedelta(days=2))
    down = link(item, site.url("/storing"))
    assert (down.status, down.http_status, down.first_failed_at, down.error) == ("ok", 200, None, "")
    site.set("/storing", 500)
    services.check_links(now=day0 + dt.timedelta(days=3))
    assert link(item, site.url("/storing")).first_failed_at == day0 + dt.timedelta(days=3)  # a new streak


def test_redirects_are_followed_within_the_host_only(site: Site, organisation: Organisation) -> None:
    site.set("/oud", 301, headers={"Location": "/nieuw"})
    site.set("/nieuw")
    site.set("/verhuisd", 302, headers={"Location": site.url("/elders", host="localhost")})
    site.set("/rondje", 302, headers={"Location": "/rondje"})
    item = own_item(
        organisation,
        url=site.url("/oud"),
        description=f"[Verhuisd]({site.url('/verhuisd')}) en [rondje]({site.url('/rondje')})",
    )
    services.check_links()

    moved = link(item, site.url("/oud"))
    assert (moved.status, moved.http_status) == ("ok", 200)
    away = link(item, site.url("/verhuisd"))
    assert (away.status, away.http_status) == ("not_checked", 302)
    assert "another host (localhost)" in away.error
    assert "/elders" not in site.paths()
    loop = link(item, site.url("/rondje"))
    assert (loop.status, loop.error) == ("broken", "more than 5 redirects")
    assert site.paths("HEAD").count("/rondje") == 6


def test_links_to_another_host_and_other_schemes_are_listed_but_not_requested(
    site: Site, organisation: Organisation
) -> None:
    site.set("/training")
    item = own_item(
        organisation,
        url=site.url("/training"),
        description=(
            f"[Elders]({site.url('/elders', host='localhost')}), [mail](mailto:griffie@aadorp.example) "
            "en [bestand](ftp://aadorp.example/stukken.pdf). Binnen Toerusting: [catalogus](/catalogus/)."
        ),
    )
    services.check_links()

    elsewhere = link(item, site.url("/elders", host="localhost"))
    assert (elsewhere.status, elsewhere.host) == ("not_checked", "localhost")
    assert elsewhere.error.startswith("other host")
    for url in ("mailto:griffie@aadorp.example", "ftp://aadorp.example/stukken.pdf"):
        assert link(item, url).status == "not_checked"
        assert "only http and https" in link(item, url).error
    assert not Link.objects.filter(url="/catalogus/").exists()  # our own pages are not external links
    assert site.paths("HEAD") == ["/training"]


def test_robots_txt_is_obeyed(site: Site, organisation: Organisation) -> None:
    site.set("/robots.txt", body=b"User-agent: Toerusting-linkcontrole\nDisallow: /leden/\n")
    site.set("/open")
    item = own_item(
        organisation, url=site.url("/open"), description=f"[Ledenpagina]({site.url('/leden/agenda')})"
    )
    services.check_links()

    blocked = link(item, site.url("/leden/agenda"))
    assert (blocked.status, blocked.http_status) == ("robots", None)
    assert link(item, site.url("/open")).status == "ok"
    assert "/leden/agenda" not in site.paths()


def test_a_server_error_on_robots_txt_means_nothing_is_read(site: Site, organisation: Organisation) -> None:
    site.set("/robots.txt", 503)
    site.set("/open")
    item = own_item(organisation, url=site.url("/open"))
    services.check_links()
    assert link(item, site.url("/open")).status == "robots"
    assert site.paths() == ["/robots.txt"]


def test_429_pauses_the_host_until_retry_after_with_a_cap(
    site: Site, organisation: Organisation, settings: Settings
) -> None:
    site.set("/druk", 429, headers={"Retry-After": "120"})
    site.set("/rustig")
    item = own_item(organisation, url=site.url("/druk"), description=f"[Rustig]({site.url('/rustig')})")
    now = timezone.now()
    summary = services.check_links(now=now)

    assert summary.skipped == 2
    assert "/rustig" not in site.paths()  # the rest of the host is skipped in this run
    busy = link(item, site.url("/druk"))
    assert busy.status == "not_checked" and busy.last_checked_at is None
    assert "HTTP 429" in busy.error
    assert HostPause.objects.get(host="127.0.0.1").until == now + dt.timedelta(seconds=120)

    requests_so_far = len(site.requests)
    services.check_links(now=now + dt.timedelta(seconds=60))
    assert len(site.requests) == requests_so_far  # still paused: not even robots.txt

    site.set("/druk")
    services.check_links(now=now + dt.timedelta(seconds=121))
    assert link(item, site.url("/druk")).status == "ok"
    assert link(item, site.url("/rustig")).status == "ok"
    assert not HostPause.objects.exists()

    settings.LINK_CHECK_RETRY_AFTER_MAX_SECONDS = 3600
    site.set("/druk", 429, headers={"Retry-After": "31536000"})
    later = now + dt.timedelta(days=1)
    services.check_links(now=later)
    assert HostPause.objects.get(host="127.0.0.1").until == later + dt.timedelta(seconds=3600)
    assert link(item, site.url("/druk")).status == "ok"  # a skip leaves the last known status


def test_a_429_on_robots_txt_pauses_the_host_too(site: Site, organisation: Organisation) -> None:
    site.set("/robots.txt", 429, headers={"Retry-After": "300"})
    site.set("/training")
    item = own_item(organisation, url=site.url("/training"))
    now = timezone.now()
    summary = services.check_links(now=now)
    assert summary.skipped == 1
    assert site.paths() == ["/robots.txt"]
    assert link(item, site.url("/training")).status == "not_checked"
    assert HostPause.objects.get(host="127.0.0.1").until == now + dt.timedelta(seconds=300)


def test_a_failing_link_keeps_its_streak_while_its_host_is_paused(
    site: Site, organisation: Organisation
) -> None:
    site.set("/weg", 404)
    item = own_item(organisation, url=site.url("/weg"))
    day0 = timezone.now()
    services.check_links(now=day0)
    site.set("/weg", 429, headers={"Retry-After": "60"})
    services.check_links(now=day0 + dt.timedelta(days=7, hours=1))
    gone = link(item, site.url("/weg"))
    assert (gone.status, gone.first_failed_at) == ("broken", day0)
    assert selectors.dead_links_for_item(item, now=day0 + dt.timedelta(days=7, hours=1)) == [gone]


def test_head_refused_falls_back_to_get(site: Site, organisation: Organisation) -> None:
    site.set("/alleen-get", 200, head_status=405, body=b"x" * 200_000)
    item = own_item(organisation, url=site.url("/alleen-get"))
    services.check_links()
    assert link(item, site.url("/alleen-get")).status == "ok"
    assert [p for m, p, _a in site.requests if p == "/alleen-get"] == ["/alleen-get", "/alleen-get"]
    assert [m for m, p, _a in site.requests if p == "/alleen-get"] == ["HEAD", "GET"]


def test_a_server_that_does_not_answer_in_time_is_unreachable(
    site: Site, organisation: Organisation, settings: Settings
) -> None:
    settings.LINK_CHECK_TOTAL_TIMEOUT_SECONDS = 0.5
    site.set("/traag", wait=True)
    item = own_item(organisation, url=site.url("/traag"))
    services.check_links()
    slow = link(item, site.url("/traag"))
    assert slow.status == "unreachable"
    assert slow.error == "no complete answer within 0.5 s"
    assert slow.first_failed_at is not None


def test_a_closed_port_is_unreachable(site: Site, organisation: Organisation) -> None:
    site.server.server_close()  # nothing listens on the port any more
    item = own_item(organisation, url=site.url("/training"))
    services.check_links()
    closed = link(item, site.url("/training"))
    assert closed.status == "unreachable"
    assert closed.error.startswith("no connection")


def test_private_addresses_are_refused_unless_the_setting_allows_them(
    site: Site, organisation: Organisation, settings: Settings
) -> None:
    settings.LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = False
    site.set("/training")
    item = own_item(organisation, url=site.url("/training"))
    services.check_links()
    refused = link(item, site.url("/training"))
    assert refused.status == "not_checked"
    assert refused.error == "127.0.0.1 has a private or local address (127.0.0.1)"
    assert site.requests == []  # not even robots.txt


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),  # noqa: S104
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("145.97.39.155", True),
        ("2a00:1450:400e:80c::2004", True),
    ],
)
def test_which_addresses_count_as_public(address: str, public: bool) -> None:
    assert outbound.is_public_address(address) is public


def test_the_rate_limit_waits_between_requests_to_one_host(site: Site) -> None:
    site.set("/a")
    site.set("/b")
    waits: list[float] = []
    checker = Checker(
        user_agent="Toerusting-linkcontrole/1.0 (+https://toerusting.example)",
        connect_timeout=5,
        total_timeout=5,
        host_interval=1.0,
        retry_after_max=60,
        allow_private=True,
        now=timezone.now(),
        clock=lambda: 100.0,  # a clock that stands still: every next request must wait the full second
        sleep=waits.append,
    )
    allowed = {"127.0.0.1"}
    assert checker.check(site.url("/a"), allowed).status == "ok"
    assert checker.check(site.url("/b"), allowed).status == "ok"
    assert waits == [1.0, 1.0]  # robots.txt, then /a, then /b: a second before each next request
    assert checker.requests == 3


def test_the_week_rule_with_a_moved_clock(site: Site, organisation: Organisation, settings: Settings) -> None:
    settings.LINK_CHECK_DEAD_AFTER_DAYS = 7
    site.set("/weg", 404)
    item = own_item(organisation, url=site.url("/weg"))
    day0 = timezone.now() - dt.timedelta(days=30)
    services.check_links(now=day0)
    assert selectors.dead_links_for_item(item, now=day0) == []
    summary = services.check_links(now=day0 + dt.timedelta(days=6, hours=23))
    assert summary.newly_dead == 0
    assert selectors.dead_links_for_item(item, now=day0 + dt.timedelta(days=6, hours=23)) == []
    summary = services.check_links(now=day0 + dt.timedelta(days=7))
    assert summary.newly_dead == 1
    assert [found.url for found in selectors.dead_links_for_item(item, now=day0 + dt.timedelta(days=7))] == [
        site.url("/weg")
    ]
    site.set("/weg", 200)
    services.check_links(now=day0 + dt.timedelta(days=8))
    assert selectors.dead_links_for_item(item, now=day0 + dt.timedelta(days=8)) == []


def test_stored_links_follow_the_item(site: Site, organisation: Organisation) -> None:
    site.set("/training")
    site.set("/oud")
    item = own_item(organisation, url=site.url("/training"), description=f"[Oud]({site.url('/oud')})")
    services.check_links()
    assert set(Link.objects.filter(item=item).values_list("url", flat=True)) == {
        site.url("/training"),
        site.url("/oud"),
    }
    item = catalogue_services.save_own_item(
        organisation,
        catalogue_services.OwnItemData(
            title=item.title,
            summary=item.summary,
            kind=item.kind,
            description="Zonder links.",
            topics=["financien"],
            instruments=[],
            competencies=[],
            audience=["raadslid"],
            rubric="kennis",
            level="starter",
            duration_minutes=120,
            format="op_locatie",
            non_partisan=True,
            cost_eur=Decimal("0"),
            url=item.url,
        ),
        item,
    )
    services.check_links()
    assert list(Link.objects.filter(item=item).values_list("url", flat=True)) == [site.url("/training")]
    catalogue_services.withdraw_own_item(item)
    services.check_links()
    assert not Link.objects.filter(item=item).exists()


def test_the_command_checks_one_item_and_names_a_wrong_key(site: Site, organisation: Organisation) -> None:
    site.set("/een")
    site.set("/twee", 404)
    one = own_item(organisation, url=site.url("/een"))
    two = own_item(organisation, url=site.url("/twee"))
    output: list[str] = []

    class Out:
        def write(self, text: str) -> None:
            output.append(text)

        def flush(self) -> None:
            pass

    call_command("check_links", item=one.slug, stdout=Out())
    assert link(one, site.url("/een")).status == "ok"
    assert not Link.objects.filter(item=two).exists()
    assert "1 items, 1 links" in "".join(output)
    assert "ok 1" in "".join(output)
    with pytest.raises(CommandError, match="--item bestaat-niet: there is no published catalogue item"):
        call_command("check_links", item="bestaat-niet")


def test_the_scheduled_task_checks_every_published_item(site: Site, organisation: Organisation) -> None:
    from django.conf import settings as django_settings

    from toerusting.linkcheck.tasks import check_links_task

    assert django_settings.PERIODIC_TASKS["link_check"][0] == "toerusting.linkcheck.tasks.check_links_task"
    site.set("/training")
    item = own_item(organisation, url=site.url("/training"))
    result = check_links_task.enqueue()  # the immediate backend of the tests runs it at once
    assert result.return_value["by_status"] == {"ok": 1}
    assert link(item, site.url("/training")).status == "ok"


def test_the_allowed_hosts_are_the_host_of_the_items_own_address(organisation: Organisation) -> None:
    with_www = own_item(organisation, url="https://www.raadsleden.example/opleiding")
    assert selectors.allowed_hosts(with_www) == {"raadsleden.example", "www.raadsleden.example"}
    without = own_item(organisation, url="")
    assert selectors.allowed_hosts(without) == set()


# Reports and the notice on the item's page


def _dead_link(site: Site, organisation: Organisation, path: str = "/weg") -> LearningItem:
    """An item of the organisation whose web address has failed for eight days (two real checks)."""
    site.set(path, 404)
    item = own_item(organisation, url=site.url(path))
    services.check_links(now=timezone.now() - dt.timedelta(days=8))
    services.check_links()
    return item


NOTICE = "Deze link werkte de afgelopen week niet; we hebben de aanbieder gevraagd het te herstellen."


def test_the_item_page_shows_a_notice_while_a_link_is_dead(
    site: Site, tenant_a: Tenant, client: Client
) -> None:
    item = _dead_link(site, tenant_a.organisation)
    client.force_login(tenant_a.user)
    page = client.get(reverse("catalogue:item", kwargs={"slug": item.slug}))
    assert NOTICE in page.content.decode()
    assert site.url("/weg") in page.content.decode()

    site.set("/weg", 200)
    services.check_links()
    page = client.get(reverse("catalogue:item", kwargs={"slug": item.slug}))
    assert NOTICE not in page.content.decode()


def test_a_link_failing_for_less_than_a_week_shows_no_notice(
    site: Site, tenant_a: Tenant, client: Client
) -> None:
    site.set("/weg", 404)
    item = own_item(tenant_a.organisation, url=site.url("/weg"))
    services.check_links(now=timezone.now() - dt.timedelta(days=6))
    services.check_links()
    client.force_login(tenant_a.user)
    page = client.get(reverse("catalogue:item", kwargs={"slug": item.slug}))
    assert page.status_code == 200
    assert NOTICE not in page.content.decode()


def test_the_griffie_sees_the_links_of_its_own_offer_only(
    site: Site, tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    site.set("/werkt")
    _dead_link(site, tenant_a.organisation)
    own_item(tenant_a.organisation, url=site.url("/werkt"))
    b_item = _dead_link(site, tenant_b.organisation, "/beestad")
    client.force_login(tenant_a.griffier)
    page = client.get(reverse("linkcheck:own", kwargs={"org": tenant_a.organisation.slug}))
    text = page.content.decode()
    assert page.status_code == 200
    assert site.url("/weg") in text and site.url("/werkt") in text
    assert site.url("/beestad") not in text and b_item.title not in text
    assert "Werken: 1. Werken niet: 1, waarvan dood: 1." in text
    assert client.get(reverse("linkcheck:own", kwargs={"org": tenant_b.organisation.slug})).status_code == 404
    client.force_login(tenant_a.user)  # a raadslid, not the griffie
    assert client.get(reverse("linkcheck:own", kwargs={"org": tenant_a.organisation.slug})).status_code == 403


def test_the_operator_sees_every_failing_link_dead_ones_first(
    site: Site, tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    dead = _dead_link(site, tenant_a.organisation)
    site.set("/net-stuk", 500)
    failing = own_item(tenant_b.organisation, url=site.url("/net-stuk"))
    site.set("/werkt")
    working = own_item(tenant_b.organisation, url=site.url("/werkt"))
    services.check_links()
    client.force_login(UserFactory(username="beheerder", is_staff=True))
    page = client.get(reverse("linkcheck:operator"))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index(dead.title) < text.index(failing.title)
    assert working.title not in text
    assert "Werken niet: 2, waarvan dood: 1." in text
    client.force_login(tenant_a.griffier)
    assert client.get(reverse("linkcheck:operator")).status_code == 403


def test_links_for_items_takes_any_set_of_items(site: Site, organisation: Organisation) -> None:
    """The report's selector works on a queryset of items, so that a provider's report can reuse it."""
    site.set("/een")
    site.set("/twee", 404)
    one = own_item(organisation, url=site.url("/een"))
    own_item(organisation, url=site.url("/twee"))
    services.check_links()
    rows = list(selectors.links_for_items(LearningItem.objects.filter(pk=one.pk)))
    assert [(row.url, row.status, row.is_dead) for row in rows] == [(site.url("/een"), "ok", False)]


def test_the_griffie_is_asked_by_mail_once_when_a_link_of_its_offer_becomes_dead(
    site: Site, tenant_a: Tenant, mailoutbox: list[Any]
) -> None:
    tenant_a.griffier.email = "griffie@aadorp.example"
    tenant_a.griffier.save()
    site.set("/weg", 404)
    item = own_item(tenant_a.organisation, url=site.url("/weg"))
    day0 = timezone.now() - dt.timedelta(days=10)
    services.check_links(now=day0)
    services.check_links(now=day0 + dt.timedelta(days=6))
    assert mailoutbox == []
    summary = services.check_links(now=day0 + dt.timedelta(days=7))
    assert summary.mails == 1
    (mail,) = mailoutbox
    assert mail.to == ["griffie@aadorp.example"]
    assert mail.subject == f"Een link in \u2018{item.title}\u2019 werkt niet meer"  # Dutch quotes
    assert site.url("/weg") in mail.body and "HTTP 404" in mail.body
    assert f"/o/{tenant_a.organisation.slug}/linkcontrole/" in mail.body
    services.check_links(now=day0 + dt.timedelta(days=8))  # still dead: not asked again
    assert len(mailoutbox) == 1


def test_retry_after_as_seconds_or_as_a_date() -> None:
    from toerusting.linkcheck.checker import retry_after_seconds

    now = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("Fri, 04 Dec 2026 12:10:00 GMT", now) == 600
    assert retry_after_seconds("Fri, 04 Dec 2026 11:00:00 GMT", now) == 0
    assert retry_after_seconds("morgen", now) is None
    assert retry_after_seconds(None, now) is None


def test_addresses_with_spaces_accents_or_errors_do_not_stop_the_run(site: Site) -> None:
    site.set("/programma%202027")
    site.set("/vergadering-%C3%A9%C3%A9n?dag=wo%20avond")
    checker = services.new_checker(timezone.now())
    allowed = {"127.0.0.1"}
    assert checker.check(site.url("/programma 2027"), allowed).status == "ok"
    assert checker.check(site.url("/vergadering-één?dag=wo avond"), allowed).status == "ok"
    broken = checker.check("http://[::1", {"[::1"})
    assert (broken.status, broken.error) == ("broken", "not a valid web address")


def test_a_providers_website_is_checked_too_and_its_staff_see_their_links(db: None, client: Client) -> None:
    """An item of a learning provider (toerusting.providers, through its feed and the operator's approval):
    its links may be requested on the provider's website as well, and the provider's staff see the report
    of its published items; anyone else gets a 404."""
    from pathlib import Path

    from toerusting.providers import services as provider_services
    from toerusting.providers.models import ModerationRequest, ProviderItem

    provider = provider_services.create_provider(
        "oost", "Academie Oost", website="https://www.academie-oost.example/"
    )
    feed = Path(__file__).parent / "providers" / "oost_courses.jsonld"
    provider_services.import_feed(
        provider, feed.read_bytes(), feed_format="jsonld", source_url="https://academie-oost.example/feed"
    )
    operator = UserFactory(username="beheerder", is_staff=True, is_superuser=True)
    for request in ModerationRequest.objects.filter(status="pending"):
        provider_services.approve(request.pk, operator)
    slug = ProviderItem.objects.filter(provider=provider).values_list("slug", flat=True).first()
    item = LearningItem.objects.get(slug=slug)
    assert {"academie-oost.example", "www.academie-oost.example"} <= selectors.allowed_hosts(item)
    url = reverse("linkcheck:provider", kwargs={"provider": "oost"})
    client.force_login(UserFactory(username="iemand-anders"))
    assert client.get(url).status_code == 404
    staff = UserFactory(username="aanbieder-oost")
    provider_services.add_staff(provider, staff)
    client.force_login(staff)
    page = client.get(url)
    assert page.status_code == 200
    assert "Academie Oost" in page.content.decode()
