"""A real, certified OpenID Connect provider for the tests: panva/node-oidc-provider (tests/oidc_provider/)
run with Debian's nodejs on a free loopback port. `npm ci` installs it on first use. Where node is missing the
tests that need it are skipped with a message, unless TOERUSTING_REQUIRE_BROWSER=true (CI), which makes that
a failure.

The provider's accounts (any password is accepted on its own login page) are in provider.js: verified and
unverified e-mail addresses, an employee number and a role claim for new accounts."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

DIRECTORY = Path(__file__).parent / "oidc_provider"
SECRET = "test-geheim-van-de-organisatie-0123456789"
REQUIRED = os.environ.get("TOERUSTING_REQUIRE_BROWSER", "").lower() in {"1", "true", "yes"}


@dataclass
class RunningProvider:
    issuer: str
    port: int
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"the OIDC test provider is required here: {reason}")
    pytest.skip(reason)


def start_provider(bases: list[str]) -> RunningProvider:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _unavailable("node and npm are not installed (apt-get install nodejs npm)")
    assert node is not None and npm is not None
    if not (DIRECTORY / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(  # noqa: S603 (npm with fixed arguments)
            [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(DIRECTORY)], check=True
        )
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "REDIRECT_BASES": json.dumps(bases)}
    process = subprocess.Popen(  # noqa: S603 (a fixed script of this repository)
        [node, "provider.js"], cwd=DIRECTORY, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    issuer = f"http://127.0.0.1:{port}"
    for _attempt in range(200):
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"the OIDC test provider stopped: {output}")
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                return RunningProvider(issuer, port, process)
        except requests.ConnectionError:
            time.sleep(0.05)
    process.terminate()
    pytest.fail("the OIDC test provider did not start")


def stop_provider(provider: RunningProvider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        provider.process.kill()


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[RunningProvider]:
    """The provider for tests that use Django's test client (http://testserver)."""
    provider = start_provider(["http://testserver"])
    yield provider
    stop_provider(provider)


# --- Driving the provider's own pages over HTTP ---------------------------------------------------------

_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
_INPUT = re.compile(r"<(?:input|button)\b([^>]*)>", re.I)


def forms_of(page: str) -> list[tuple[str, dict[str, str]]]:
    """Every form of an HTML page: its action and the values of its named inputs (hidden ones included)."""
    found = []
    for attributes, body in _FORM.findall(page):
        attrs = dict(_ATTR.findall(attributes))
        values: dict[str, str] = {}
        for field in _INPUT.findall(body):
            field_attrs = dict(_ATTR.findall(field))
            if "name" in field_attrs:
                values[field_attrs["name"]] = html.unescape(field_attrs.get("value", ""))
        found.append((html.unescape(attrs.get("action", "")), values))
    return found


def follow(http: requests.Session, url: str) -> requests.Response:
    """GET at the provider, following its redirects until it shows a page or sends the browser away."""
    response = http.get(url, allow_redirects=False, timeout=10)
    while response.status_code in (302, 303) and response.headers["Location"].startswith(("/", "http://127")):
        response = http.get(
            urljoin(response.url, response.headers["Location"]), allow_redirects=False, timeout=10
        )
    return response


def submit(http: requests.Session, response: requests.Response, values: dict[str, str]) -> requests.Response:
    """Submit the page's (first) form with these values and follow the provider's redirects."""
    action, defaults = forms_of(response.text)[0]
    answer = http.post(
        urljoin(response.url, action), data={**defaults, **values}, allow_redirects=False, timeout=10
    )
    while answer.status_code in (302, 303) and answer.headers["Location"].startswith(("/", "http://127")):
        answer = http.get(urljoin(answer.url, answer.headers["Location"]), allow_redirects=False, timeout=10)
    return answer


def log_in_at_provider(http: requests.Session, authorization_url: str, login: str) -> str:
    """The provider's login and consent pages, filled in; returns where it sends the browser back to."""
    response = follow(http, authorization_url)
    if response.status_code == 200 and 'name="login"' in response.text:
        response = submit(http, response, {"login": login, "password": "een-wachtwoord"})
    if response.status_code == 200 and 'name="prompt" value="consent"' in response.text:
        response = submit(http, response, {})
    assert response.status_code in (302, 303), response.text[:500]
    return response.headers["Location"]
