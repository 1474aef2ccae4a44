"""Print a signed launch link for the RIS tab, as a RIS would make it: for trying the tab and for vendors."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode

from toerusting.embed.models import RisConnection

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def demo_base_url_file() -> Path:
    """Where `load_demo_ris --base-url` records the address the demo is served at (make demo does it)."""
    return Path(settings.VAR_DIR) / "demo_base_url"


def default_base_url() -> str:
    """The demo's address as recorded by `make demo`, else Django's development server default."""
    recorded = demo_base_url_file()
    if recorded.is_file():
        value = recorded.read_text(encoding="utf-8").strip()
        if value.startswith(("http://", "https://")):
            return value.rstrip("/")
    return DEFAULT_BASE_URL


class Command(BaseCommand):
    help = "Print a launch URL for the RIS tab, signed with a connection's shared secret (HS256)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--issuer", required=True, help="The issuer of the RIS connection.")
        parser.add_argument("--subject", required=True, help="The RIS user id.")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="")
        parser.add_argument("--role", default="raadslid")
        parser.add_argument("--meeting", default="", help="The RIS's own id of a meeting.")
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of Toerusting; default: where `make demo` serves it (else http://127.0.0.1:8000).",
        )
        parser.add_argument("--port", type=int, help="Shortcut for --base-url http://127.0.0.1:PORT.")
        parser.add_argument(
            "--html",
            action="store_true",
            help="Print a small RIS page with the tab in an iframe instead of the bare link.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = (
            RisConnection.objects.select_related("organisation").filter(issuer=options["issuer"]).first()
        )
        if connection is None:
            raise CommandError(f"No RIS connection with issuer {options['issuer']!r}.")
        if connection.algorithm != "HS256":
            raise CommandError("This command signs with a shared secret; the connection uses a key pair.")
        if options["base_url"] and options["port"]:
            raise CommandError("Give --base-url or --port, not both.")
        if options["port"]:
            base_url = f"http://127.0.0.1:{options['port']}"
        else:
            base_url = (options["base_url"] or default_base_url()).rstrip("/")
        now = int(time.time())
        claims = {
            "iss": connection.issuer,
            "aud": settings.EMBED_TOKEN_AUDIENCE,
            "sub": options["subject"],
            "org": connection.organisation.slug,
            "iat": now,
            "exp": now + 120,
            "jti": uuid.uuid4().hex,
            "name": options["name"],
            "email": options["email"],
            "role": options["role"],
        }
        if options["meeting"]:
            claims["meeting"] = options["meeting"]
        token = jwt.encode(claims, connection.key, algorithm="HS256")
        link = f"{base_url}{reverse('embed:launch')}?{urlencode({'token': token})}"
        if not options["html"]:
            self.stdout.write(link)
            return
        self.stdout.write(
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>RIS (demo)</title></head>'
            f"<body><main><h1>{escape(connection.name)}</h1>"
            f'<iframe title="Toerusting" src="{escape(link)}" width="100%" height="900"></iframe>'
            "</main></body></html>"
        )
