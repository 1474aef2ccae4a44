"""Print a signed launch link for the RIS tab, as a RIS would make it: for trying the tab and for vendors."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils.http import urlencode

from toerusting.embed.models import RisConnection


class Command(BaseCommand):
    help = "Print a launch URL for the RIS tab, signed with a connection's shared secret (HS256)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--issuer", required=True, help="The issuer of the RIS connection.")
        parser.add_argument("--subject", required=True, help="The RIS user id.")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="")
        parser.add_argument("--role", default="raadslid")
        parser.add_argument("--meeting", default="", help="The RIS's own id of a meeting.")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = (
            RisConnection.objects.select_related("organisation").filter(issuer=options["issuer"]).first()
        )
        if connection is None:
            raise CommandError(f"No RIS connection with issuer {options['issuer']!r}.")
        if connection.algorithm != "HS256":
            raise CommandError("This command signs with a shared secret; the connection uses a key pair.")
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
        self.stdout.write(f"{options['base_url']}{reverse('embed:launch')}?{urlencode({'token': token})}")
