"""Learning providers: feeds (schema.org JSON-LD and EDU-DEX) on recorded samples, moderation, the form,
isolation between providers, the scheduled reading over a loopback server and the public JSON-LD catalogue."""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from toerusting.accounts.models import User
from toerusting.audit.models import AuditEvent
from toerusting.catalogue.models import LearningItem
from toerusting.providers import feeds, services, tasks
from toerusting.providers.fetch import FetchError, fetch
from toerusting.providers.models import ModerationRequest, Provider, ProviderItem

SAMPLES = Path(__file__).parent / "providers"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.fixture
def oost(db: None) -> Provider:
    return services.create_provider("raadswerk-oost", "Academie Raadswerk Oost")


@pytest.fixture
def noord(db: None) -> Provider:
    provider = services.create_provider("raadswerk-noord", "Raadswerk Academie Noord")
    provider.feed_format = "edudex"
    provider.save()
    return provider


@pytest.fixture
def operator(db: None) -> User:
    return UserFactory(username="beheerder", is_superuser=True, is_staff=True)


def import_sample(provider: Provider, name: str, fmt: str = "jsonld") -> services.ImportReport:
    return services.import_feed(
        provider, sample(name), feed_format=fmt, source_url=f"https://{provider.slug}.example/feed"
    )


def approve_all(operator: User) -> None:
    for pending in ModerationRequest.objects.filter(status="pending"):
        services.approve(pending.pk, operator)


def catalogue_item(provider: Provider, key: str) -> LearningItem:
    return LearningItem.objects.get(slug=ProviderItem.objects.get(provider=provider, key=key).slug)


# Reading the samples ------------------------------------------------------------------------------------


def test_the_jsonld_sample_reads_into_two_items() -> None:
    kadernota, zienswijze = feeds.read_jsonld(sample("oost_courses.jsonld"))
    assert kadernota.problems == [] and zienswijze.problems == []
    assert kadernota.key == "ARO-2027-kadernota"
    assert kadernota.data["topics"] == ["financien"] and kadernota.data["instruments"] == ["amendement"]
    assert kadernota.data["audience"] == ["burgerlid", "raadslid"]  # a Dutch name and a code
    assert kadernota.data["competencies"] == ["analytisch_vermogen"]
    assert (kadernota.data["duration_minutes"], kadernota.data["cost_eur"]) == (180, "95.00")
    assert kadernota.data["format"] == "op_locatie" and kadernota.data["rubric"] == "vaardigheden"
    assert [s["places"] for s in kadernota.data["sessions"]] == [20, 20]
    assert kadernota.data["sessions"][0]["location"] == "Deventer, Stadhuis, zaal 2"
    assert zienswijze.data["kind"] == "webinar" and zienswijze.data["format"] == "online"
    assert zienswijze.data["instruments"] == ["zienswijze"] and zienswijze.data["cost_eur"] == "0.00"
    assert zienswijze.data["sessions"] == []


def test_the_edudex_sample_reads_into_one_item() -> None:
    (debat,) = feeds.read_edudex(sample("noord_programmes.xml"))
    assert debat.problems == []
    assert debat.key == "RAN-debat-01"
    assert debat.data["title"] == "Debatteren in de raad zonder ruzie"
    assert debat.data["topics"] == ["jeugd"] and debat.data["instruments"] == ["motie"]
    assert debat.data["audience"] == ["fractievoorzitter", "raadslid"]
    assert (debat.data["duration_minutes"], debat.data["cost_eur"], debat.data["format"]) == (
        300,
        "180.00",
        "op_locatie",
    )
    assert [(s["location"], s["places"]) for s in debat.data["sessions"]] == [
        ("Groningen, Het Kielzog", 14)
    ] * 2


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        ("bad_not_json.jsonld", "jsonld", "not valid JSON"),
        ("bad_no_courses.jsonld", "jsonld", "no schema.org Course"),
        ("bad_doctype.xml", "edudex", "DOCTYPE"),
        ("oost_courses.jsonld", "edudex", "not well-formed XML"),
    ],
)
def test_an_unreadable_feed_changes_nothing(
    oost: Provider, operator: User, name: str, fmt: str, message: str
) -> None:
    import_sample(oost, "oost_courses.jsonld")
    approve_all(operator)
    before = list(LearningItem.objects.order_by("slug").values_list("slug", "is_published", "title"))
    report = import_sample(oost, name, fmt)
    assert message in report.error
    assert (report.published, report.pending, report.withdrawn) == (0, 0, 0)
    after = list(LearningItem.objects.order_by("slug").values_list("slug", "is_published", "title"))
    assert after == before  # nothing withdrawn because the feed could not be read


def test_a_feed_nested_without_end_is_refused() -> None:
    with pytest.raises(feeds.FeedError, match="nested too deeply"):
        feeds.read_jsonld(b"[" * 200_000 + b"]" * 200_000)


def test_bad_items_are_named_by_item_and_field_and_the_good_one_goes_in(oost: Provider) -> None:
    report = import_sample(oost, "bad_fields.jsonld")
    problems = "\n".join(report.problems)
    assert "ARO-fout-onderwerp: about: 'paardensport' is not a known topic or instrument" in problems
    assert "ARO-fout-onderwerp: offers.price: 'gratis' is not an amount in euros" in problems
    assert "course 3: identifier: missing" in problems
    assert "course 3: timeRequired: 'twee uur' is not an ISO 8601 duration" in problems
    assert "course 3: courseMode: 'te paard' is not online, onsite or blended" in problems
    assert report.pending == 1
    assert list(ProviderItem.objects.values_list("key", flat=True)) == ["ARO-goed"]


def test_bad_edudex_programme_is_named(noord: Provider) -> None:
    report = import_sample(noord, "bad_fields.xml", "edudex")
    problems = "\n".join(report.problems)
    assert "RAN-kapot: programClassification/programForm: missing" in problems
    assert "RAN-kapot: programRun r1/courseDay: date (YYYY-MM-DD)" in problems
    assert not ProviderItem.objects.exists()


# Moderation, idempotence, withdrawal --------------------------------------------------------------------


def test_a_new_item_waits_for_the_operator_and_then_shows_its_provider_and_source(
    oost: Provider, operator: User, client: Client
) -> None:
    report = import_sample(oost, "oost_courses.jsonld")
    assert (report.pending, report.published) == (2, 0)
    slug = ProviderItem.objects.get(key="ARO-2027-kadernota").slug
    assert client.get(reverse("catalogue:item", kwargs={"slug": slug})).status_code == 404
    approve_all(operator)
    page = client.get(reverse("catalogue:item", kwargs={"slug": slug})).content.decode()
    assert "Academie Raadswerk Oost" in page
    assert "De feed van Academie Raadswerk Oost" in page and "https://raadswerk-oost.example/feed" in page
    assert "laatst gecontroleerd op" in page
    assert "20 plaatsen" in page
    actions = list(
        AuditEvent.objects.order_by("pk").values_list("action", "details__outcome", "details__decision")
    )
    assert actions.count(("provider_offer", "moderation", None)) == 2
    assert actions.count(("moderation", None, "approved")) == 2


def test_the_same_feed_twice_changes_nothing(oost: Provider, operator: User) -> None:
    import_sample(oost, "oost_courses.jsonld")
    approve_all(operator)
    item = catalogue_item(oost, "ARO-2027-kadernota")
    report = import_sample(oost, "oost_courses.jsonld")
    assert (report.unchanged, report.published, report.pending, report.withdrawn) == (2, 0, 0, 0)
    assert ModerationRequest.objects.count() == 2
    again = catalogue_item(oost, "ARO-2027-kadernota")
    assert again.updated_at == item.updated_at and again.checked_at is not None
    assert again.checked_at >= item.checked_at  # type: ignore[operator]


def _changed(**changes: object) -> bytes:
    document = json.loads(sample("oost_courses.jsonld"))
    course = document["@graph"][0]
    for key, value in changes.items():
        course[key] = value
    return json.dumps(document).encode()


def test_a_price_change_waits_and_the_catalogue_keeps_the_approved_version(
    oost: Provider, operator: User
) -> None:
    import_sample(oost, "oost_courses.jsonld")
    approve_all(operator)
    source = "https://raadswerk-oost.example/feed"
    report = services.import_feed(
        oost,
        _changed(offers={"price": "125", "priceCurrency": "EUR"}),
        feed_format="jsonld",
        source_url=source,
    )
    assert (report.pending, report.unchanged) == (1, 1)
    assert ModerationRequest.objects.get(status="pending").reasons == ["price"]
    assert catalogue_item(oost, "ARO-2027-kadernota").cost_eur == Decimal("95.00")
    approve_all(operator)
    assert catalogue_item(oost, "ARO-2027-kadernota").cost_eur == Decimal("125.00")


def test_an_audience_change_waits_and_a_title_change_is_published_at_once(
    oost: Provider, operator: User
) -> None:
    import_sample(oost, "oost_courses.jsonld")
    approve_all(operator)
    source = "https://raadswerk-oost.example/feed"
    audience = services.import_feed(
        oost, _changed(audience=["raadslid", "wethouder"]), feed_format="jsonld", source_url=source
    )
    assert audience.pending == 1
    assert ModerationRequest.objects.get(status="pending").reasons == ["audience"]
    assert sorted(catalogue_item(oost, "ARO-2027-kadernota").audience.values_list("code", flat=True)) == [
        "burgerlid",
        "raadslid",
    ]
    title = services.import_feed(
        oost, _changed(name="Kadernota lezen en sturen"), feed_format="jsonld", source_url=source
    )
    assert title.published == 1
    assert catalogue_item(oost, "ARO-2027-kadernota").title == "Kadernota lezen en sturen"
    # publishing the approved audience replaced the waiting request: nothing waits any more
    assert not ModerationRequest.objects.filter(status="pending").exists()


def test_items_absent_from_the_feed_are_withdrawn_never_deleted(
    oost: Provider, operator: User, client: Client
) -> None:
    import_sample(oost, "oost_courses.jsonld")
    approve_all(operator)
    document = json.loads(sample("oost_courses.jsonld"))
    document["@graph"] = document["@graph"][:1]
    report = services.import_feed(
        oost,
        json.dumps(document).encode(),
        feed_format="jsonld",
        source_url="https://raadswerk-oost.example/feed",
    )
    assert (report.withdrawn, report.unchanged) == (1, 1)
    gone = catalogue_item(oost, "ARO-2027-zienswijze")
    assert not gone.is_published and gone.withdrawn_at is not None
    assert client.get(reverse("catalogue:item", kwargs={"slug": gone.slug})).status_code == 404
    assert ProviderItem.objects.get(key="ARO-2027-zienswijze").withdrawn_at is not None


def test_a_bad_version_of_a_known_item_leaves_it_as_it_was(oost: Provider, operator: User) -> None:
    import_sample(oost, "oost_courses.jsonld")
    approve_all(operator)
    report = services.import_feed(
        oost,
        _changed(offers={"price": "veel", "priceCurrency": "EUR"}),
        feed_format="jsonld",
        source_url="https://raadswerk-oost.example/feed",
    )
    assert report.withdrawn == 0 and report.problems
    item = catalogue_item(oost, "ARO-2027-kadernota")
    assert item.is_published and item.cost_eur == Decimal("95.00")


# The form and the provider's pages ----------------------------------------------------------------------

FORM = {
    "title": "Werkbezoek voorbereiden",
    "summary": "Hoe u een werkbezoek zo voorbereidt dat u er iets mee kunt in de raad.",
    "kind": "training",
    "description": "U maakt een lijst met vragen voor een werkbezoek, en u oefent met het gesprek. "
    "Na afloop weet u hoe u wat u zag terugbrengt in het debat.",
    "topics": ["zorg"],
    "audience": ["raadslid"],
    "rubric": "vaardigheden",
    "level": "starter",
    "format": "op_locatie",
    "duration_minutes": "150",
    "non_partisan": "on",
    "cost_eur": "40",
    "url": "",
    "sessions": "2027-05-12 19:30-22:00 | Enschede, Stadskantoor | 16",
}


@pytest.fixture
def staff(oost: Provider) -> User:
    user = UserFactory(username="medewerker-oost")
    services.add_staff(oost, user)
    return user


def test_staff_add_an_item_through_the_form(
    oost: Provider, staff: User, operator: User, client: Client
) -> None:
    client.force_login(staff)
    response = client.post(reverse("providers:item_create", kwargs={"provider": oost.slug}), FORM)
    assert response.status_code == 302
    item = ProviderItem.objects.get(provider=oost)
    assert item.source_url == "form" and item.approved_data is None
    assert "wacht op de beheerder" in client.get(response["Location"]).content.decode()
    approve_all(operator)
    page = client.get(reverse("catalogue:item", kwargs={"slug": item.slug})).content.decode()
    assert "Ingevuld door Academie Raadswerk Oost op Toerusting" in page and "16 plaatsen" in page
    # A change of the summary only is published at once.
    edit = reverse("providers:item_edit", kwargs={"provider": oost.slug, "provider_item_id": item.pk})
    assert client.post(edit, {**FORM, "summary": "Een werkbezoek dat iets oplevert."}).status_code == 302
    assert LearningItem.objects.get(slug=item.slug).summary == "Een werkbezoek dat iets oplevert."
    assert not ModerationRequest.objects.filter(status="pending").exists()


def test_a_bad_form_names_the_field_and_saves_nothing(oost: Provider, staff: User, client: Client) -> None:
    client.force_login(staff)
    response = client.post(
        reverse("providers:item_create", kwargs={"provider": oost.slug}),
        {**FORM, "sessions": "12 mei 19:30 | Enschede", "topics": []},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Regel 1 staat niet in de vorm" in page
    assert not ProviderItem.objects.exists()


def provider_routes() -> list[str]:
    from django.urls import get_resolver

    (resolver,) = [
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "providers"
    ] or [None]
    assert resolver is not None
    return [p.name for p in resolver.url_patterns if "provider" in p.pattern.regex.groupindex]


def test_staff_see_and_edit_only_their_own_offer(
    oost: Provider, noord: Provider, staff: User, client: Client
) -> None:
    """Every route with a provider in its URL, for another provider: 404 (and a POST changes nothing)."""
    import_sample(noord, "noord_programmes.xml", "edudex")
    foreign_item = ProviderItem.objects.get(provider=noord)
    client.force_login(staff)
    names = provider_routes()
    assert {"offer", "item_create", "item_edit", "item_withdraw", "feed", "feed_read"} <= set(names)
    for name in names:
        kwargs: dict[str, object] = {"provider": noord.slug}
        if "item" in name and name != "item_create":
            kwargs["provider_item_id"] = foreign_item.pk
        url = reverse(f"providers:{name}", kwargs=kwargs)
        assert client.get(url).status_code in (404, 405), name
        assert client.post(url, FORM).status_code == 404, name
        # Another provider's item under one's own provider: 404 as well.
        if "provider_item_id" in kwargs:
            own_url = reverse(f"providers:{name}", kwargs={**kwargs, "provider": oost.slug})
            assert client.post(own_url, FORM).status_code == 404, name
    assert ProviderItem.objects.get(pk=foreign_item.pk).withdrawn_at is None
    assert not ProviderItem.objects.filter(provider=oost).exists()


def test_only_the_operator_moderates_and_a_rejection_reaches_the_provider(
    oost: Provider, staff: User, operator: User, client: Client
) -> None:
    import_sample(oost, "oost_courses.jsonld")
    pending = ModerationRequest.objects.filter(status="pending").first()
    assert pending is not None
    client.force_login(staff)
    assert client.get(reverse("providers:moderation")).status_code == 403
    decide = reverse("providers:decide", kwargs={"moderation_id": pending.pk})
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    client.force_login(operator)
    queue = client.get(reverse("providers:moderation")).content.decode()
    assert "Kadernota en begroting" in queue and "nieuw item" in queue
    assert client.post(decide, {"decision": "reject", "reason": ""}).status_code == 302
    assert ModerationRequest.objects.get(pk=pending.pk).status == "pending"  # no reason, no rejection
    client.post(decide, {"decision": "reject", "reason": "Zet de prijs inclusief btw."})
    assert ModerationRequest.objects.get(pk=pending.pk).status == "rejected"
    client.force_login(staff)
    offer = client.get(reverse("providers:offer", kwargs={"provider": oost.slug})).content.decode()
    assert "Zet de prijs inclusief btw." in offer
    assert AuditEvent.objects.filter(action="moderation", details__decision="rejected").exists()


# Fetching and the schedule ------------------------------------------------------------------------------


@pytest.fixture
def loopback(settings: Any) -> Iterator[str]:
    """A local HTTP server with the samples, a redirect to another host name and a large answer (private
    addresses allowed for it)."""
    settings.PROVIDER_FEED_ALLOW_PRIVATE = True

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(SAMPLES), **kwargs)  # type: ignore[arg-type]

        def do_GET(self) -> None:
            if self.path == "/elders":
                self.send_response(302)
                self.send_header(
                    "Location", f"http://localhost:{self.server.server_port}/oost_courses.jsonld"
                )
                self.end_headers()
                return
            if self.path == "/hier":
                self.send_response(302)
                self.send_header("Location", "/oost_courses.jsonld")
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_scheduled_reading_fetches_each_feed(oost: Provider, noord: Provider, loopback: str) -> None:
    oost.feed_url = f"{loopback}/oost_courses.jsonld"
    oost.save()
    noord.feed_url = f"{loopback}/noord_programmes.xml"
    noord.save()
    result = tasks.read_feeds_task.enqueue()
    assert sorted(result.return_value["providers"]) == ["raadswerk-noord", "raadswerk-oost"]
    oost.refresh_from_db()
    noord.refresh_from_db()
    assert oost.feed_report["pending"] == 2 and oost.feed_report["error"] == ""
    assert noord.feed_report["pending"] == 1 and oost.feed_read_at is not None
    assert ProviderItem.objects.get(key="RAN-debat-01").source_url == noord.feed_url


def test_a_feed_on_a_private_address_is_refused(settings: Any) -> None:
    settings.PROVIDER_FEED_ALLOW_PRIVATE = False
    for url in (
        "http://127.0.0.1:9/feed",
        "http://10.1.2.3/feed",
        "http://[::1]/feed",
        "http://169.254.169.254/",
    ):
        with pytest.raises(FetchError, match="not a public address"):
            fetch(url)


def test_edudex_forms_and_types_map_to_ours() -> None:
    program = (
        "<program><programId>p</programId><programDescriptions><programName>Zelf leren</programName>"
        "<programSummaryText>Kort</programSummaryText><programDescriptionText>{text}</programDescriptionText>"
        "</programDescriptions><programClassification><programType>{kind}</programType>{forms}"
        "<subjects><subject>bestuur</subject></subjects><targetGroups><targetGroup>raadslid</targetGroup>"
        "</targetGroups></programClassification><programCurriculum>"
        "<studyLoad period='day'>1</studyLoad>{mode}"
        "</programCurriculum><programSchedule><programRun><id>1</id><cost><costType>lunch</costType><amount>20"
        "</amount></cost><cost><costType>tuition fee</costType><amount>300</amount></cost></programRun>"
        "</programSchedule></program>"
    )
    text = "Een dag over de rol van de raad, met oefeningen en een gesprek met een griffier."

    def read(kind: str, forms: list[str], mode: str = "") -> feeds.FeedItem:
        xml = program.format(
            text=text,
            kind=kind,
            forms="".join(f"<programForm>{f}</programForm>" for f in forms),
            mode=f"<instructionMode>{mode}</instructionMode>" if mode else "",
        )
        (item,) = feeds.read_edudex(xml.encode())
        return item

    coaching = read("coaching", ["e-learning"])
    assert (coaching.data["kind"], coaching.data["format"], coaching.problems) == ("mentoring", "online", [])
    assert (coaching.data["duration_minutes"], coaching.data["cost_eur"]) == (
        480,
        "300.00",
    )  # the tuition fee
    assert read("workshop", ["part-time", "e-learning"]).data["format"] == "blended"
    assert read("training", ["evening education"], "blended learning").data["format"] == "blended"
    unknown = read("dansles", ["te voet"])
    assert (
        "p: programClassification/programType: 'dansles' is not a programme type we know" in unknown.problems
    )
    assert (
        "p: programClassification/programForm: 'te voet' is not an EDU-DEX programme form" in unknown.problems
    )


def test_fetching_has_limits(loopback: str, settings: Any) -> None:
    assert fetch(f"{loopback}/hier").startswith(b"{")  # a redirect on the same host is followed
    with pytest.raises(FetchError, match="redirects to another host"):
        fetch(f"{loopback}/elders")
    with pytest.raises(FetchError, match="only http and https"):
        fetch("file:///etc/passwd")
    with pytest.raises(FetchError, match="answered 404"):
        fetch(f"{loopback}/niet-er")
    settings.PROVIDER_FEED_MAX_BYTES = 100
    with pytest.raises(FetchError, match="larger than 100 bytes"):
        fetch(f"{loopback}/oost_courses.jsonld")


def test_reading_now_from_the_offer_page(oost: Provider, staff: User, loopback: str, client: Client) -> None:
    client.force_login(staff)
    feed = reverse("providers:feed", kwargs={"provider": oost.slug})
    assert client.post(feed, {"feed_url": "ftp://x.example/feed", "feed_format": "jsonld"}).status_code == 400
    client.post(feed, {"feed_url": f"{loopback}/oost_courses.jsonld", "feed_format": "jsonld"})
    response = client.post(reverse("providers:feed_read", kwargs={"provider": oost.slug}), follow=True)
    assert "De feed is gelezen: 0 gepubliceerd, 2 naar de beheerder" in response.content.decode()


def test_the_import_offer_command(noord: Provider) -> None:
    out = StringIO()
    call_command("import_offer", noord.slug, "--file", str(SAMPLES / "noord_programmes.xml"), stdout=out)
    assert "1 for moderation" in out.getvalue()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_offer", noord.slug, "--file", str(SAMPLES / "bad_doctype.xml"), stdout=out)
    with pytest.raises(CommandError, match="no learning provider"):
        call_command("import_offer", "onbekend", stdout=out)


# The public catalogue as JSON-LD ------------------------------------------------------------------------


def test_the_public_feed_reads_back_with_our_own_importer(
    oost: Provider, operator: User, client: Client
) -> None:
    import_sample(oost, "oost_courses.jsonld")
    approve_all(operator)
    response = client.get(reverse("catalogue:feed"))
    assert response["Content-Type"] == "application/ld+json"
    read = {i.key: i for i in feeds.read_jsonld(response.content)}
    for original in feeds.read_jsonld(sample("oost_courses.jsonld")):
        slug = ProviderItem.objects.get(key=original.key).slug
        again = read[slug]
        assert again.problems == []
        for field in (
            "title",
            "summary",
            "topics",
            "instruments",
            "competencies",
            "audience",
            "kind",
            "level",
            "rubric",
            "duration_minutes",
            "format",
            "cost_eur",
            "sessions",
        ):
            assert again.data[field] == original.data[field], field


def test_a_public_item_page_carries_its_course_as_jsonld(
    oost: Provider, operator: User, client: Client
) -> None:
    import_sample(oost, "oost_courses.jsonld")
    approve_all(operator)
    slug = ProviderItem.objects.get(key="ARO-2027-kadernota").slug
    page = client.get(reverse("catalogue:item", kwargs={"slug": slug})).content.decode()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    course = json.loads(script)
    assert course["@type"] == "Course" and course["provider"]["name"] == "Academie Raadswerk Oost"
    assert [i["startDate"][:10] for i in course["hasCourseInstance"]] == ["2027-03-10", "2027-04-14"]
    (item,) = feeds.read_jsonld(script.encode())
    assert item.problems == [] and item.data["cost_eur"] == "95.00"


def test_text_in_the_jsonld_cannot_end_the_script(oost: Provider, operator: User, client: Client) -> None:
    services.import_feed(
        oost,
        _changed(name="Begroting </script><script>alert(1)</script>"),
        feed_format="jsonld",
        source_url="https://raadswerk-oost.example/feed",
    )
    approve_all(operator)
    slug = ProviderItem.objects.get(key="ARO-2027-kadernota").slug
    page = client.get(reverse("catalogue:item", kwargs={"slug": slug})).content.decode()
    assert "<script>alert(1)" not in page


def test_national_references_are_credited_to_toerusting(db: None, client: Client) -> None:
    call_command("load_catalogue", stdout=StringIO())
    page = client.get(
        reverse("catalogue:item", kwargs={"slug": "verwijzing-nvvr-raadsleden"})
    ).content.decode()
    assert "Geschreven door Toerusting (geen aanbod van NVvR zelf)" in page


def test_provider_staff_in_personal_data(oost: Provider, staff: User, operator: User) -> None:
    from toerusting import hooks

    import_sample(oost, "oost_courses.jsonld")
    approve_all(operator)
    sections = [s for part in hooks.collect("personal_data", staff) for s in part]
    (mine,) = [s for s in sections if s["model"] == "providers.providerstaff"]
    assert mine["records"][0]["Aanbieder"] == "Academie Raadswerk Oost"
    decided = [
        s
        for part in hooks.collect("personal_data", operator)
        for s in part
        if s["model"] == "providers.moderationrequest"
    ]
    assert len(decided[0]["records"]) == 2
    from toerusting.providers import personal_data

    assert personal_data.erase(staff)["providers.providerstaff"] == 1
    personal_data.erase(operator)
    assert not ModerationRequest.objects.filter(decided_by=operator).exists()


def test_the_demo_providers_load_through_the_import_and_leave_one_for_the_operator(db: None) -> None:
    out = StringIO()
    call_command("load_demo", verbosity=0, stdout=out)
    call_command("load_demo_providers", stdout=out)
    call_command("load_demo_providers", stdout=out)  # idempotent
    assert "academie-raadswerk-oost: 2 items" in out.getvalue()
    assert "raadswerk-academie-noord: 2 items" in out.getvalue()
    assert ProviderItem.objects.count() == 4
    assert ModerationRequest.objects.filter(status="pending").count() == 1
    published = LearningItem.objects.filter(
        offered_by__in=["Academie Raadswerk Oost", "Raadswerk Academie Noord"]
    )
    assert published.filter(is_published=True).count() == 3
    assert Provider.objects.get(slug="academie-raadswerk-oost").staff.get().user.username == "aanbieder-oost"
