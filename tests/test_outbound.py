"""Addresses an organisation configures are never on the platform's own network (toerusting.outbound):
the identity provider's and the LTI platform's fetches are refused before any request is made."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from toerusting import outbound


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:5432/",
        "http://localhost/.well-known/openid-configuration",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/jwks",
        "http://[::1]/jwks",
        "http://100.64.1.1/",
        "ftp://example.org/keys",
    ],
)
def test_private_and_local_addresses_are_refused(url: str, settings: Settings) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(outbound.OutboundRefused):
        outbound.check_public(url)


def test_a_public_address_passes(settings: Settings) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = False
    outbound.check_public("https://93.184.215.14/jwks")


def test_the_switch_lets_loopback_through(settings: Settings) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE_ADDRESSES = True
    outbound.check_public("http://127.0.0.1:8000/")
