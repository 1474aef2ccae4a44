"""The catalogue list in pages with the filters kept, word of mouth without zero counts, and a provider
"De griffie" that says which griffie."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import Tenant
from toerusting.catalogue.models import LearningItem


@pytest.fixture
def catalogue(db: None) -> None:
    call_command("load_catalogue", stdout=StringIO())


@pytest.fixture(autouse=True)
def _dutch() -> Iterator[None]:
    with translation.override("nl"):
        yield


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="utrecht-heading-3"><a class="utrecht-link" href="[^"]+">([^<]+)</a>', html)


def test_the_list_comes_in_pages_of_twenty_with_the_filters_in_every_link(
    client: Client, catalogue: None
) -> None:
    total = LearningItem.objects.filter(is_published=True, organisation=None).count()
    assert total > 40
    first = client.get(reverse("catalogue:list"))
    html = first.content.decode()
    assert len(_titles(html)) == 20
    assert f"{total} items" in html or f"{total} leeritems" in html or str(total) in html
    # Page 2 has the next twenty, none of the first page.
    second = client.get(reverse("catalogue:list"), {"pagina": "2"}).content.decode()
    assert len(_titles(second)) == 20 and not set(_titles(second)) & set(_titles(html))
    # With a filter, every page link keeps it, and the filters stay on the page.
    filtered = client.get(reverse("catalogue:list"), {"onderwerp": "financien", "duur": "30"})
    browse = filtered.context["browse"]
    page_html = filtered.content.decode()
    links = re.findall(r'href="(\?[^"#]*pagina=\d+[^"#]*)#results"', page_html)
    if browse.total > 20:
        assert links and all("onderwerp=financien" in link and "duur=30" in link for link in links)
    assert 'name="onderwerp"' in page_html and "checked" in page_html
    # A page number out of range gives the last page, not an error.
    last = client.get(reverse("catalogue:list"), {"pagina": "999"})
    assert last.status_code == 200 and _titles(last.content.decode())
    assert client.get(reverse("catalogue:list"), {"pagina": "x"}).status_code == 200


def test_no_zero_count_of_colleagues_who_found_it_useful(client: Client, catalogue: None) -> None:
    item = LearningItem.objects.filter(is_published=True, organisation=None).first()
    assert item is not None
    url = reverse("catalogue:item", kwargs={"slug": item.slug})
    for page in (client.get(url), client.get(reverse("catalogue:list"))):
        text = page.content.decode()
        assert not re.search(r"\b0 (leden|lid|members?) (vonden|vond|found)", text)
        assert "0 in uw raad" not in text and "0 van hen" not in text


def test_a_griffie_provider_names_which_griffie(client: Client, tenant_a: Tenant, catalogue: None) -> None:
    national = LearningItem.objects.filter(is_published=True, organisation=None, provider="griffie").first()
    assert national is not None
    html = client.get(reverse("catalogue:item", kwargs={"slug": national.slug})).content.decode()
    assert "Uw eigen griffie" in html
    listing = client.get(reverse("catalogue:list")).content.decode()
    assert not re.search(r"<span>De griffie</span>", listing)
    own = tenant_a.module
    own.provider = "griffie"
    own.save(update_fields=["provider"])
    client.force_login(tenant_a.user)
    page = client.get(reverse("catalogue:item", kwargs={"slug": own.slug})).content.decode()
    assert f"De griffie van {tenant_a.organisation.name}" in page
