"""The catalogue: content files, coverage, browsing, search, word of mouth and the griffie's own offer."""

from __future__ import annotations

import shutil
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Tenant
from tests.factories import FunctieFactory, PersonFactory, UserFactory, make_module
from toerusting.catalogue import taxonomy
from toerusting.catalogue.content import OWN_PROVIDERS, read_catalogue
from toerusting.catalogue.models import ColleagueTip, Endorsement, LearningItem

CATALOGUE_DIR = settings.CONTENT_DIR / "catalogue"


def load(directory: Path = CATALOGUE_DIR) -> str:
    out = StringIO()
    call_command("load_catalogue", directory=directory, stdout=out)
    return out.getvalue()


# Depth targets of issue 16: every agenda item can get relevant, short learning on its own subject.
ITEMS_PER_TOPIC = 4
ITEMS_PER_INSTRUMENT = 3
SHORT_MINUTES = 10
MICRO_MODULES = 24
AUDIENCES_WITH_A_MICRO_MODULE = {"burgerlid", "statenlid", "ab_lid", "burgemeester", "griffier", "wethouder"}


def test_catalogue_is_broad_enough_and_covers_every_code() -> None:
    records = read_catalogue(CATALOGUE_DIR)
    kinds = Counter(r.kind for r in records)
    assert len(records) >= 115
    assert kinds["micro_module"] >= MICRO_MODULES
    per_topic = Counter(t for r in records for t in r.topics)
    short_per_topic = Counter(t for r in records if r.duration_minutes <= SHORT_MINUTES for t in r.topics)
    per_instrument = Counter(i for r in records for i in r.instruments)
    for topic in taxonomy.codes(taxonomy.TOPICS):
        assert per_topic[topic] >= ITEMS_PER_TOPIC, topic
        assert short_per_topic[topic] >= 1, topic
    for instrument in taxonomy.codes(taxonomy.INSTRUMENTS):
        assert per_instrument[instrument] >= ITEMS_PER_INSTRUMENT, instrument
    micro_audiences = {a for r in records if r.kind == "micro_module" for a in r.audience}
    assert micro_audiences >= AUDIENCES_WITH_A_MICRO_MODULE
    assert taxonomy.codes(taxonomy.COMPETENCIES) <= {c for r in records for c in r.competencies}
    assert taxonomy.codes(taxonomy.AUDIENCES) <= {a for r in records for a in r.audience}
    assert {r.rubric for r in records} == taxonomy.codes(taxonomy.RUBRICS)
    assert len(kinds) >= 8


def test_every_item_names_its_source_and_outside_items_link_to_the_provider() -> None:
    records = read_catalogue(CATALOGUE_DIR) + read_catalogue(settings.CONTENT_DIR / "demo" / "catalogue")
    for record in records:
        assert record.source, record.slug
        if record.provider in OWN_PROVIDERS:
            continue
        # An outside organisation's item is a reference to its real page, never a product we made up.
        assert record.source.startswith("https://"), record.slug
        assert record.url == record.source, record.slug
        assert record.duration_minutes <= 15 and record.cost_eur == 0, record.slug
    assert any(record.provider not in OWN_PROVIDERS for record in records)


def test_most_questions_ask_for_judgement_with_four_options() -> None:
    questions = [q for r in read_catalogue(CATALOGUE_DIR) for q in r.questions]
    four = [q for q in questions if len(q.options) == 4]
    assert len(four) >= 0.6 * len(questions), f"{len(four)} of {len(questions)} questions have four answers"
    for question in four:
        assert all(len(option.feedback.split()) >= 4 for option in question.options), question.prompt


def test_every_micro_module_is_complete() -> None:
    for record in read_catalogue(CATALOGUE_DIR):
        if record.kind != "micro_module":
            continue
        assert 5 <= record.duration_minutes <= 10, record.slug
        assert len(record.sections) >= 2, record.slug
        assert len(record.questions) >= 3, record.slug
        for question in record.questions:
            assert sum(o.is_correct for o in question.options) == 1
            assert all(o.feedback for o in question.options)
        assert record.case is not None and record.case.discussion_questions, record.slug
        assert record.reflection_prompt, record.slug


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    first = load()
    assert "0 withdrawn" in first
    count = LearningItem.objects.count()
    second = load()
    assert LearningItem.objects.count() == count
    assert f"0 new, 0 changed, {count} unchanged, 0 withdrawn" in second


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("topics: [financien", "topics: [financen", "topics", "unknown code(s): financen"),
        ("duration_minutes: ", "duur: ", "duration_minutes", "is required"),
        ("kind: micro_module", "kind: micromodule", "kind", "not one of"),
        ("source: eigen inhoud", "bron: eigen inhoud", "source", "is required"),
        ("source: eigen inhoud", "source: http://example.org", "source", "an https:// address"),
        ("provider: griffie", "provider: nvvr", "source", "is not our own"),
    ],
)
def test_a_wrong_header_is_named_and_nothing_is_written(
    catalogue_copy: Path, old: str, new: str, field: str, message: str
) -> None:
    load()
    before = list(LearningItem.objects.values_list("slug", "title", "updated_at").order_by("slug"))
    path = catalogue_copy / "mm-begroting-lezen.md"
    edit(path, "title: ", "title: Gewijzigd ")  # a change that must not be written
    line = edit(path, old, new)
    with pytest.raises(CommandError) as excinfo:
        load(catalogue_copy)
    text = str(excinfo.value)
    assert f"{path}:" in text and f": {field}: " in text and message in text
    if new.split(":")[0] == field:
        assert f"{path}:{line}: {field}" in text
    assert list(LearningItem.objects.values_list("slug", "title", "updated_at").order_by("slug")) == before


@pytest.mark.django_db
def test_a_broken_question_is_named(catalogue_copy: Path) -> None:
    path = catalogue_copy / "mm-motie.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- [ ] ", "- [x] ", 1), encoding="utf-8")
    with pytest.raises(CommandError, match=r"mm-motie\.md:\d+: Vraag 1: mark exactly one answer"):
        load(catalogue_copy)
    assert LearningItem.objects.count() == 0


@pytest.mark.django_db
def test_a_removed_file_is_withdrawn_not_deleted(catalogue_copy: Path) -> None:
    load(catalogue_copy)
    (catalogue_copy / "mm-motie.md").unlink()
    output = load(catalogue_copy)
    assert "1 withdrawn" in output
    assert LearningItem.objects.get(slug="mm-motie").is_published is False


@pytest.mark.django_db
def test_public_catalogue_shows_national_items_but_not_a_councils_own(
    client: Client, tenant_a: Tenant
) -> None:
    load()
    response = client.get(reverse("catalogue:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "De begroting lezen" in html or "begroting" in html.lower()
    assert tenant_a.module.title not in html
    client.force_login(tenant_a.user)
    # The list comes in pages: the council's own item is among the member's results.
    assert tenant_a.module in client.get(reverse("catalogue:list")).context["browse"].items


@pytest.mark.django_db
def test_filters_and_facet_counts(client: Client) -> None:
    load()
    response = client.get(reverse("catalogue:list"), {"duur": "10", "onderwerp": "financien"})
    browse = response.context["browse"]
    assert browse.total >= 1
    assert all(item.duration_minutes <= 10 for item in browse.items)
    assert all("financien" in [t.topic_id for t in item.item_topics.all()] for item in browse.items)
    duration = next(view for view in browse.facets if view.facet.param == "duur")
    ten = next(option for option in duration.options if option.term.code == "10")
    assert ten.selected and ten.count == browse.total


@pytest.mark.django_db
def test_dutch_search_finds_inflected_words(client: Client) -> None:
    load()
    browse = client.get(reverse("catalogue:list"), {"q": "begrotingen"}).context["browse"]
    assert "mm-begroting-lezen" in [item.slug for item in browse.items]
    browse = client.get(reverse("catalogue:list"), {"q": "zienswijzen gemeenschappelijke regeling"}).context[
        "browse"
    ]
    assert "mm-zienswijze-gr" in [item.slug for item in browse.items]
    assert client.get(reverse("catalogue:list"), {"q": "xyzzyplugh"}).context["browse"].total == 0


@pytest.mark.django_db
def test_list_queries_do_not_grow_with_items(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.user)
    for n in range(3):
        make_module(f"extra-{n}")
    client.get(reverse("catalogue:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("catalogue:list"))
    for n in range(3, 30):
        make_module(f"extra-{n}", topics=("financien", "bestuur"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("catalogue:list"))
    assert response.context["browse"].total >= 30
    assert len(many) == len(few)


@pytest.mark.django_db
def test_item_page_queries_do_not_grow_with_endorsements(client: Client, tenant_a: Tenant) -> None:
    item = make_module("populair")
    client.force_login(tenant_a.user)
    url = reverse("catalogue:item", kwargs={"slug": item.slug})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        Endorsement.objects.create(item=item, user=UserFactory(), note=f"nuttig {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def colleague(tenant: Tenant, username: str, *, role: str = "raadslid") -> object:
    user = UserFactory(username=username)
    FunctieFactory(
        person=PersonFactory(user=user, given_name=username.title(), family_name="Collega"),
        organisation=tenant.organisation,
        body=tenant.raad,
        role=role,
        fractie=tenant.fractie if role == "raadslid" else None,
    )
    return user


@pytest.mark.django_db
def test_word_of_mouth_counts_and_names(client: Client, tenant_a: Tenant, tenant_b: Tenant) -> None:
    item = make_module("nationaal-item")
    anna = colleague(tenant_a, "anna")
    bert = colleague(tenant_a, "bert")
    Endorsement.objects.create(item=item, user=anna, note="Heel bruikbaar", show_name=True)
    Endorsement.objects.create(item=item, user=bert, note="Geheim", show_name=False)
    Endorsement.objects.create(item=item, user=tenant_b.user, note="Van elders", show_name=True)
    client.force_login(tenant_a.user)
    response = client.get(reverse("catalogue:item", kwargs={"slug": item.slug}))
    mouth = response.context["word_of_mouth"]
    assert (mouth.national, mouth.council) == (3, 2)
    html = response.content.decode()
    assert mouth.named == [("Anna Collega", "Heel bruikbaar")]
    assert "Anna Collega" in html and "Heel bruikbaar" in html
    assert "Geheim" not in html
    assert tenant_b.person.family_name not in html and "Van elders" not in html


@pytest.mark.django_db
def test_endorse_and_withdraw(client: Client, tenant_a: Tenant) -> None:
    item = make_module("nuttig")
    client.force_login(tenant_a.user)
    url = reverse("catalogue:endorse", kwargs={"slug": item.slug})
    assert client.post(url, {"note": "Goed voor dinsdag", "show_name": "on"}).status_code == 302
    endorsement = Endorsement.objects.get(item=item, user=tenant_a.user)
    assert endorsement.note == "Goed voor dinsdag" and endorsement.show_name
    client.post(reverse("catalogue:withdraw_endorsement", kwargs={"slug": item.slug}))
    assert not Endorsement.objects.filter(item=item).exists()


@pytest.mark.django_db
def test_send_to_a_colleague_only_within_the_organisation(
    client: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    item = make_module("doorsturen")
    anna = colleague(tenant_a, "anna")
    client.force_login(tenant_a.user)
    url = reverse("catalogue:send_to_colleague", kwargs={"slug": item.slug})
    assert client.post(url, {"recipient": anna.pk, "message": "Lees dit even"}).status_code == 302
    assert ColleagueTip.objects.get().recipient == anna
    response = client.post(url, {"recipient": tenant_b.user.pk})
    assert response.status_code == 400
    assert ColleagueTip.objects.count() == 1
    client.force_login(anna)
    assert (
        "doorsturen" in client.get(reverse("learning:mine")).content.decode()
        or item.title in client.get(reverse("learning:mine")).content.decode()
    )


VALID_ITEM = {
    "title": "Werkbezoek aan de waterzuivering",
    "summary": "Een middag op locatie bij de zuivering met de heemraad en de wethouder.",
    "kind": "training",
    "description": (
        "We bezoeken de zuivering en praten over de kosten van de rioolheffing en de afspraken "
        "met het waterschap."
    ),
    "topics": ["openbare_ruimte", "belastingen"],
    "competencies": ["omgevingsbewustzijn"],
    "audience": ["raadslid", "burgerlid"],
    "rubric": "kennis",
    "level": "starter",
    "duration_minutes": "180",
    "format": "op_locatie",
    "non_partisan": "on",
    "cost_eur": "0",
}


@pytest.mark.django_db
def test_griffie_adds_an_own_item_with_a_session(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.griffier)
    response = client.post(
        reverse("catalogue:own_create", kwargs={"org": tenant_a.organisation.slug}), VALID_ITEM
    )
    assert response.status_code == 302
    item = LearningItem.objects.get(title=VALID_ITEM["title"])
    assert item.organisation == tenant_a.organisation
    sessions_url = reverse(
        "catalogue:own_sessions", kwargs={"org": tenant_a.organisation.slug, "slug": item.slug}
    )
    response = client.post(
        sessions_url,
        {"date": "2027-03-02", "start_time": "14:00", "end_time": "17:00", "location": "Zuivering De Vliet"},
    )
    assert response.status_code == 302
    assert item.sessions.get().location == "Zuivering De Vliet"
    client.force_login(tenant_a.user)
    html = client.get(reverse("catalogue:item", kwargs={"slug": item.slug})).content.decode()
    assert "Zuivering De Vliet" in html


@pytest.mark.django_db
def test_bad_form_input_gets_dutch_field_errors(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.griffier)
    data = {
        **VALID_ITEM,
        "title": "",
        "duration_minutes": "nul",
        "topics": ["a", "b"],
        "url": "http://onveilig.example",
    }
    response = client.post(reverse("catalogue:own_create", kwargs={"org": tenant_a.organisation.slug}), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit veld is verplicht." in html
    assert "Voer een geheel getal in." in html
    assert 'aria-invalid="true"' in html
    assert "https://" in html
    assert (
        not LearningItem.objects.filter(organisation=tenant_a.organisation)
        .exclude(pk=tenant_a.module.pk)
        .exists()
    )


@pytest.mark.django_db
def test_only_the_griffie_manages_the_own_offer(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.user)  # a raadslid
    response = client.get(reverse("catalogue:own", kwargs={"org": tenant_a.organisation.slug}))
    assert response.status_code == 403
    response = client.post(
        reverse("catalogue:own_create", kwargs={"org": tenant_a.organisation.slug}), VALID_ITEM
    )
    assert response.status_code == 403
    assert not LearningItem.objects.filter(title=VALID_ITEM["title"]).exists()


def test_item_visibility_is_the_rule_of_visible_items(tenant_a: Tenant, tenant_b: Tenant) -> None:
    """The RIS tab tests visibility on the rows it read: the same rule as the queryset, for every user."""
    from django.contrib.auth.models import AnonymousUser

    from toerusting.accounts.models import User
    from toerusting.catalogue import selectors
    from toerusting.catalogue.models import LearningItem

    make_module("landelijk-zichtbaar")
    hidden = make_module("landelijk-verborgen")
    LearningItem.objects.filter(pk=hidden.pk).update(is_published=False)
    operator = User.objects.create_superuser("operator", password="x" * 12)
    users = [tenant_a.user, tenant_b.griffier, AnonymousUser(), operator]
    for user in users:
        expected = set(selectors.visible_items(user).values_list("pk", flat=True))
        test = selectors.item_visibility(user)
        assert {item.pk for item in LearningItem.objects.all() if test(item)} == expected, user
    assert tenant_a.module.pk not in {
        i.pk for i in LearningItem.objects.all() if selectors.item_visibility(tenant_b.user)(i)
    }


@pytest.mark.django_db
def test_national_items_of_ours_that_need_a_course_or_recording_say_they_are_an_example(
    client: Client, tenant_a: Tenant
) -> None:
    """A training or kennisclip that the griffie or Toerusting would have to organise is marked as an example
    of an offer, on its page and in lists; a micro-module (done here), a reference to an outside page and a
    council's own item are not."""
    load()
    notice = "Voorbeeld van een aanbod."
    for slug, example in [
        ("training-debatteren-voor-beginners", True),
        ("kennisclip-afvalbeleid-en-diftar", True),
        ("mm-motie", False),
        ("verwijzing-nvvr-raadsleden", False),
    ]:
        html = client.get(reverse("catalogue:item", kwargs={"slug": slug})).content.decode()
        assert (notice in html) is example, slug
    listing = client.get(reverse("catalogue:list"), {"q": "debatteren"}).content.decode()
    assert "voorbeeld van een aanbod" in listing
    client.force_login(tenant_a.user)
    own = LearningItem.objects.get(pk=tenant_a.module.pk)
    own.kind = "training"
    own.save()
    assert not LearningItem.objects.get(pk=own.pk).is_example
