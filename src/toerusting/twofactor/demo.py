"""The demo's second login step: the griffie accounts and the operator of the demo get an authenticator
app with the secret in content/demo/two-factor/accounts.yaml, so that logging in as `griffier` shows the
code step."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from toerusting.accounts import services as account_services
from toerusting.contentfiles import ContentError, Reader, load_yaml
from toerusting.twofactor import services


@dataclass(frozen=True)
class DemoTwoFactor:
    secret: str
    usernames: list[str]


def read_demo_file(path: Path) -> DemoTwoFactor:
    document = load_yaml(path)
    reader = Reader()
    reader.check_keys(document, {"secret", "accounts"}, "the two-factor demo file")
    secret = reader.text(document, "secret")
    if secret and not re.fullmatch(r"[A-Z2-7]{16,64}", secret):
        reader.problem(document, "secret", "use 16 to 64 base32 characters (A-Z, 2-7)")
    accounts = document.get("accounts")
    if not isinstance(accounts, list) or not all(isinstance(name, str) for name in accounts):
        reader.problem(document, "accounts", "expected a list of usernames")
        accounts = []
    if reader.problems:
        raise ContentError(reader.problems)
    return DemoTwoFactor(secret=secret, usernames=[str(name) for name in accounts])


def load_demo(demo: DemoTwoFactor) -> list[str]:
    """Enrol the listed accounts that exist; the usernames that were enrolled."""
    enrolled = []
    for username in demo.usernames:
        user = account_services.find_user_by_username(username)
        if user is not None:
            services.enrol_with_secret(user, demo.secret)
            enrolled.append(username)
    return enrolled
