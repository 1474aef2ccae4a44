"""The commands README.md prints work verbatim in a fresh shell after `make demo`.

Every `.venv/bin/toerusting ...` command in README.md (in a code block or inline code) is run as written,
from the checkout's root, by a shell whose environment has none of the Makefile's settings (no DEBUG,
SECRET_KEY or DATABASE_URL), against a demo database made the way `make demo` makes it (in a temporary
TOERUSTING_VAR_DIR, served at a port other than 8000). The `make` targets are what CI runs itself.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
TOERUSTING = ROOT / ".venv" / "bin" / "toerusting"
DEMO_PORT = 8123


def readme_commands() -> list[str]:
    """The toerusting commands of README.md: lines of code blocks and inline code spans."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.DOTALL)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.DOTALL))
    return [c for c in lines + spans if c.startswith(".venv/bin/toerusting ")]


def fresh_environment(var_dir: Path) -> dict[str, str]:
    """A new login shell's environment: the Makefile's and CI's settings are not there."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env["TOERUSTING_VAR_DIR"] = str(var_dir)
    return env


def run(command: list[str] | str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own commands, from README.md)
        command,
        cwd=ROOT,
        env=env,
        shell=isinstance(command, str),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database and files `make demo` leaves in var/ (with DEBUG=true, as the Makefile sets it)."""
    var_dir = tmp_path_factory.mktemp("var")
    env = {**fresh_environment(var_dir), "DEBUG": "true"}
    for step in (
        ["migrate", "--noinput"],
        ["load_demo"],
        ["load_demo_ris", "--base-url", f"http://127.0.0.1:{DEMO_PORT}"],
    ):
        result = run([str(TOERUSTING), *step], env)
        assert result.returncode == 0, result.stderr
    return var_dir


def test_readme_has_the_tab_link_command() -> None:
    commands = readme_commands()
    assert any(" tab_link " in command for command in commands), commands


def test_readme_commands_work_in_a_fresh_shell(demo_var_dir: Path) -> None:
    env = fresh_environment(demo_var_dir)
    for command in readme_commands():
        result = run(command, env)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        if " tab_link " in command:
            link = result.stdout.strip()
            # The link points where the demo runs, and carries a token the demo RIS signed.
            assert link.startswith(f"http://127.0.0.1:{DEMO_PORT}/embed/launch/?token="), link
            token = parse_qs(urlsplit(link).query)["token"][0]
            demo = yaml.safe_load((ROOT / "content/demo/ris/connections.yaml").read_text(encoding="utf-8"))
            secret = demo["connections"][0]["secret"]
            claims = jwt.decode(token, secret, algorithms=["HS256"], audience="toerusting")
            assert claims["iss"] == "https://ris.lindenwaard.example"
            assert claims["sub"] == "ris-raadslid"


def test_production_settings_still_refuse_to_start_without_a_key(demo_var_dir: Path) -> None:
    """The development default is for a checkout only: with DEBUG=false or a database named, no key means
    no start, as before."""
    for extra in ({"DEBUG": "false"}, {"DATABASE_URL": f"sqlite:///{demo_var_dir / 'toerusting.sqlite3'}"}):
        result = run([str(TOERUSTING), "check"], {**fresh_environment(demo_var_dir), **extra})
        assert result.returncode != 0
        assert "SECRET_KEY is required" in result.stderr


def test_tab_link_takes_the_port(demo_var_dir: Path) -> None:
    env = fresh_environment(demo_var_dir)
    base = [
        str(TOERUSTING),
        "tab_link",
        "--issuer",
        "https://ris.lindenwaard.example",
        "--subject",
        "ris-raadslid",
    ]
    assert run([*base, "--port", "9000"], env).stdout.startswith("http://127.0.0.1:9000/embed/launch/")
    other = run([*base, "--base-url", "https://toerusting.example.nl/"], env).stdout
    assert other.startswith("https://toerusting.example.nl/embed/launch/?token=")
    page = run([*base, "--html"], env).stdout
    assert '<iframe title="Toerusting" src="http://127.0.0.1:8123/embed/launch/?token=' in page
