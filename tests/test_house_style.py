"""The griffie's logo in the page header: upload, checks on the file, the public logo address, the header."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant
from toerusting.organisations.models import Organisation, OrganisationLogo

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs>'
    b'<rect width="10" height="10" fill="url(#g)"/></svg>'
)


def _upload(client: Client, tenant: Tenant, data: bytes, name: str = "logo.png") -> object:
    url = reverse("organisations:house_style", kwargs={"org": tenant.organisation.slug})
    return client.post(url, {"logo": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_griffier_sets_a_logo_that_every_members_header_shows(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.griffier)
    response = _upload(client, tenant_a, PNG)
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=tenant_a.organisation.pk)
    assert organisation.has_logo and organisation.logo_version == 1
    logo_url = reverse("organisations:logo", kwargs={"org": organisation.slug, "version": 1})
    member = Client()
    member.force_login(tenant_a.user)
    page = member.get(reverse("organisations:overview", kwargs={"org": organisation.slug})).content.decode()
    assert f'<img class="toerusting-brand__logo" src="{logo_url}" alt="">' in page
    assert "toerusting-brand__mark" not in page
    # Served to anyone (the organisation's own symbol), as an image that cannot run as a document.
    logo = Client().get(logo_url)
    assert logo.status_code == 200 and logo.content == PNG and logo["Content-Type"] == "image/png"
    assert "sandbox" in logo["Content-Security-Policy"] and logo["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in logo["Cache-Control"]
    # A new logo gets a new address; the old one is gone, so no browser keeps showing it.
    assert _upload(client, tenant_a, SVG, "logo.svg").status_code == 302
    assert Client().get(logo_url).status_code == 404
    new_url = reverse("organisations:logo", kwargs={"org": organisation.slug, "version": 2})
    assert Client().get(new_url)["Content-Type"] == "image/svg+xml"
    # Removed: the header shows the letter mark again, and the address is gone.
    url = reverse("organisations:house_style", kwargs={"org": organisation.slug})
    assert client.post(url, {"remove": "on"}).status_code == 302
    assert Client().get(new_url).status_code == 404
    page = member.get(reverse("organisations:overview", kwargs={"org": organisation.slug})).content.decode()
    assert "toerusting-brand__mark" in page and "toerusting-brand__logo" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "Het verstuurde bestand is leeg"),
        (b"GIF89a" + b"\x00" * 20, "Dit is geen PNG-, JPEG-, WebP- of SVG-afbeelding"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200_001, "een logo mag ten hoogste 200 kB zijn"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "&lt;script&gt;"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>', "onload"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<image x:href="https://elders.example/a.png"/></svg>',
            "verwijst naar een ander bestand",
        ),
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg/>', "documenttype"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "kan niet gelezen worden"),
        (b"<html><body>geen logo</body></html>", "Dit is geen PNG-, JPEG-, WebP- of SVG-afbeelding"),
    ],
)
def test_a_file_that_is_not_a_small_plain_image_is_refused_and_nothing_changes(
    client: Client, tenant_a: Tenant, data: bytes, says: str
) -> None:
    client.force_login(tenant_a.griffier)
    assert _upload(client, tenant_a, PNG).status_code == 302
    response = _upload(client, tenant_a, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er gaat iets mis" in page and says in page
    organisation = Organisation.objects.get(pk=tenant_a.organisation.pk)
    assert organisation.logo_version == 1 and bytes(organisation.logo.data) == PNG


@pytest.mark.django_db
def test_an_empty_form_asks_for_a_file(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.griffier)
    response = client.post(
        reverse("organisations:house_style", kwargs={"org": tenant_a.organisation.slug}), {}
    )
    assert response.status_code == 400
    assert "Kies een bestand" in response.content.decode()


@pytest.mark.django_db
def test_only_the_griffie_of_the_organisation_sets_its_logo(
    client: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    url = reverse("organisations:house_style", kwargs={"org": tenant_a.organisation.slug})
    client.force_login(tenant_a.user)
    assert _upload(client, tenant_a, PNG).status_code == 403
    assert client.get(url).status_code == 403
    client.force_login(tenant_b.griffier)
    assert _upload(client, tenant_a, PNG).status_code == 404
    assert not OrganisationLogo.objects.exists()
    # The overview links the page for the griffie only.
    client.force_login(tenant_a.griffier)
    overview = reverse("organisations:overview", kwargs={"org": tenant_a.organisation.slug})
    assert url in client.get(overview).content.decode()
    client.force_login(tenant_a.user)
    assert url not in client.get(overview).content.decode()


@pytest.mark.django_db
def test_the_demo_loads_lindenwaards_logo_once(tmp_path: object) -> None:
    call_command("load_demo", stdout=StringIO())
    lindenwaard = Organisation.objects.get(slug="lindenwaard")
    assert lindenwaard.has_logo and lindenwaard.logo.content_type == "image/svg+xml"
    call_command("load_demo", stdout=StringIO())  # idempotent: the same file is not a new version
    assert Organisation.objects.get(slug="lindenwaard").logo_version == lindenwaard.logo_version
