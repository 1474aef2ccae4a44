"""The `toerusting` command: Django's management commands with Toerusting's settings.

Development default: in a checkout where `make demo` ran (its generated development key `var/secret_key`
and the demo database `var/toerusting.sqlite3` exist), a command run from a fresh shell (no DEBUG,
SECRET_KEY or DATABASE_URL in the environment) uses development mode, as `make demo` does, so the
commands printed in README.md work as shown. A production environment names SECRET_KEY (it is required)
and its database, so it never gets this default; nor do the WSGI/ASGI entry points, which do not pass here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PRODUCTION_VARIABLES = ("DEBUG", "SECRET_KEY", "DATABASE_URL")
# The production server and worker never get the development default: they need production settings.
PRODUCTION_COMMANDS = frozenset({"serve", "worker"})


def development_checkout(environ: os._Environ[str] | dict[str, str]) -> bool:
    """True in a checkout with the demo's database and development key, and no production settings."""
    if any(environ.get(name, "").strip() for name in PRODUCTION_VARIABLES):
        return False
    base = Path(environ.get("TOERUSTING_BASE_DIR") or Path(__file__).resolve().parent.parent.parent)
    var = Path(environ.get("TOERUSTING_VAR_DIR") or base / "var")
    return (var / "secret_key").is_file() and (var / "toerusting.sqlite3").is_file()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toerusting.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in PRODUCTION_COMMANDS and development_checkout(os.environ):
        os.environ["DEBUG"] = "true"
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # A setting that stops the application (a missing SECRET_KEY, a bad value): one clear line.
        sys.stderr.write(f"toerusting: the settings are not usable: {exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
