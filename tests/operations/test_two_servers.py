"""Nothing depends on one process's memory: two production servers on one database and one shared cache
serve one member, and what the member does through one is at once what the other shows."""

from __future__ import annotations

import re
import signal
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from tests.operations.conftest import ROOT, TOERUSTING, free_port, production_environment, toerusting
from tests.operations.test_serve import wait_until_up

BROWSER = "Mozilla/5.0 (two-servers test)"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Status, body and Location of one request from the member's browser (no redirects followed)."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"User-Agent": BROWSER})  # noqa: S310
    try:
        with OPENER.open(req, timeout=30) as response:
            return response.status, response.read().decode(), response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("Location", "")


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, dict[str, str]]]:
    var_dir = tmp_path_factory.mktemp("two-servers")
    ports = free_port(), free_port()
    env = production_environment(var_dir, CACHE_URL="db", SECURE_COOKIES="false")
    steps = (
        ["migrate", "--noinput"],
        ["createcachetable"],
        ["load_demo"],
        ["load_catalogue"],
        ["load_demo_agenda"],
        ["load_demo_ris", "--base-url", f"http://127.0.0.1:{ports[0]}"],
    )
    for step in steps:
        result = toerusting(step, env, timeout=300)
        assert result.returncode == 0, f"{step}: {result.stderr}"
    processes: list[subprocess.Popen[str]] = []
    try:
        for number, port in enumerate(ports):
            extra = [] if number == 0 else ["--no-collectstatic"]  # the first one collected them
            processes.append(
                subprocess.Popen(  # noqa: S603  (our own command)
                    [TOERUSTING, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", *extra],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            wait_until_up(f"http://127.0.0.1:{port}", processes[-1])
        yield f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}", env
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.communicate(timeout=30)


def test_a_completion_through_one_server_shows_at_once_on_the_other(
    two_servers: tuple[str, str, dict[str, str]],
) -> None:
    first, second, env = two_servers
    link = toerusting(
        ["tab_link", "--issuer", "https://ris.lindenwaard.example", "--subject", "ris-raadslid"], env
    )
    assert link.returncode == 0, link.stderr
    status, _body, location = request(link.stdout.strip())  # the launch, on the first server
    assert status == 302, _body[:500]
    key = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["s"][0]

    # The tab session made by the first server opens the tab on the second.
    status, upcoming, _ = request(f"{second}{location}")
    assert status == 200
    meeting_paths = re.findall(r'href="(/embed/lindenwaard/vergadering/\d+/)\?s=', upcoming)
    assert meeting_paths, upcoming[:1000]
    meeting = f"{meeting_paths[0]}?s={key}"

    # The meeting tab on the first server (now in the shared page cache), with an item to prepare.
    status, page, _ = request(f"{first}{meeting}")
    assert status == 200
    slugs = re.findall(r"/embed/lindenwaard/leren/([\w-]+)/\?s=", page)
    assert slugs, page[:2000]
    slug = slugs[0]
    assert request(f"{first}{meeting}")[1] == page  # served again, from the cache

    # The member marks it done through the second server ...
    status, _body, _ = request(f"{second}/embed/lindenwaard/leren/{slug}/", {"s": key, "action": "complete"})
    assert status == 302, _body[:500]
    # ... and the first server's tab shows it done (in its place): its cached page was invalidated.
    status, after, _ = request(f"{first}{meeting}")
    assert status == 200

    def entry(html: str) -> str:
        return html.split(f"/leren/{slug}/", 1)[1].split("</li>", 1)[0]

    done = 'utrecht-status-badge--success">gedaan<'
    assert done not in entry(page)
    assert done in entry(after)
