"""A small LTI 1.3 platform for the tests, standards-correct where Toerusting can see it.

It has its own RSA key pair (kid in the header of every id_token), publishes its key set on loopback
(`/jwks`), answers our login initiation at its OIDC authorisation endpoint (`/auth`, checking scope,
response type and mode, prompt, client id, redirect URI and login hint) with a page that posts the signed
id_token and our state to our launch URL (form_post), starts launches as platforms do (`/start`: a page
with an auto-submitting form to our login initiation URL), and receives deep-linking responses
(`/deep-link-return`), verifying them with the tool's published key set.
"""

from __future__ import annotations

import html
import json
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


class PlatformError(Exception):
    pass


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Platform:
    """One platform: issuer http://127.0.0.1:<port>; Toerusting registered with `client_id`."""

    def __init__(self, client_id: str = "toerusting-tool", deployment_id: str = "deployment-1") -> None:
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.key = new_key()
        self.kid = f"platform-{uuid.uuid4().hex[:8]}"
        self.tool_login_url = ""
        self.tool_launch_url = ""
        self.tool_jwks: Callable[[], dict[str, Any]] = dict
        self.login_hint = "user-ris-42"
        # The user the platform launches and what it asks for; tests change these.
        self.user: dict[str, Any] = {
            "sub": "ris-user-42",
            "name": "Anne de Vries",
            "given_name": "Anne",
            "family_name": "de Vries",
            "email": "anne@example.org",
        }
        self.roles = [LEARNER]
        self.custom: dict[str, str] = {}
        self.message_type = "LtiResourceLinkRequest"
        self.target_link_uri = ""
        self.accept_multiple = False
        self.received: list[dict[str, Any]] = []  # verified deep-linking responses
        self.issued_tokens: list[str] = []
        self.jwks_requests = 0
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                if parts.path == "/jwks":
                    platform.jwks_requests += 1
                    self._send(json.dumps(platform.jwks()).encode(), "application/json")
                elif parts.path == "/auth":
                    try:
                        target, fields = platform.authorize(query)
                    except PlatformError as exc:
                        self._send(str(exc).encode(), "text/plain", 400)
                        return
                    self._send(platform.form_page(target, fields).encode())
                elif parts.path == "/frame":
                    self._send(
                        platform.page(
                            "<h1>Raadsvergadering</h1>"
                            '<iframe title="Toerusting bij deze vergadering" src="/start" '
                            'style="width:100%;height:1200px;border:0"></iframe>'
                        ).encode()
                    )
                elif parts.path == "/start":
                    self._send(platform.form_page(platform.tool_login_url, platform.login_fields()).encode())
                else:
                    self._send(b"not found", "text/plain", 404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/deep-link-return":
                    claims = platform.verify_deep_link_response(form.get("JWT", ""))
                    body = "".join(
                        f"<li>{html.escape(item['title'])}</li>"
                        for item in claims[DL_CLAIM + "content_items"]
                    )
                    self._send(platform.page(f"<h1>Link geplaatst</h1><ul>{body}</ul>").encode())
                else:
                    self._send(b"not found", "text/plain", 404)

            def _send(
                self, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    # -- addresses -----------------------------------------------------------------------------------------

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def auth_url(self) -> str:
        return f"{self.issuer}/auth"

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/jwks"

    @property
    def return_url(self) -> str:
        return f"{self.issuer}/deep-link-return"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- keys ----------------------------------------------------------------------------------------------

    def jwks(self) -> dict[str, Any]:
        public = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def rotate_key(self) -> None:
        self.key = new_key()
        self.kid = f"platform-{uuid.uuid4().hex[:8]}"

    # -- the flow ------------------------------------------------------------------------------------------

    def login_fields(self) -> dict[str, str]:
        """What the platform posts to the tool's login initiation URL."""
        return {
            "iss": self.issuer,
            "login_hint": self.login_hint,
            "target_link_uri": self.target_link_uri or self.tool_launch_url,
            "lti_message_hint": "message-7",
            "client_id": self.client_id,
            "lti_deployment_id": self.deployment_id,
        }

    def authorize(self, query: dict[str, str], **overrides: Any) -> tuple[str, dict[str, str]]:
        """The authorisation endpoint: check the tool's authentication request (OIDC implicit flow with
        form_post, as LTI 1.3 prescribes) and return where to post what."""
        expected = {
            "scope": "openid",
            "response_type": "id_token",
            "response_mode": "form_post",
            "prompt": "none",
            "client_id": self.client_id,
            "login_hint": self.login_hint,
            "lti_message_hint": "message-7",
        }
        for name, value in expected.items():
            if query.get(name) != value:
                raise PlatformError(f"{name} is {query.get(name)!r}, expected {value!r}")
        if query.get("redirect_uri") != self.tool_launch_url:
            raise PlatformError(f"redirect_uri {query.get('redirect_uri')!r} is not registered")
        if not query.get("nonce") or not query.get("state"):
            raise PlatformError("nonce and state are required")
        token = self.id_token(query["nonce"], **overrides)
        return query["redirect_uri"], {"id_token": token, "state": query["state"]}

    def claims(self, nonce: str) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.client_id,
            "azp": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.user,
            CLAIM + "message_type": self.message_type,
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": self.deployment_id,
            CLAIM + "roles": list(self.roles),
            CLAIM + "context": {"id": "raad-2027", "title": "Gemeenteraad", "type": ["Group"]},
            CLAIM + "tool_platform": {"guid": "ris-test", "name": "Test-RIS", "product_family_code": "ris"},
        }
        if self.custom:
            claims[CLAIM + "custom"] = dict(self.custom)
        if self.message_type == "LtiResourceLinkRequest":
            claims[CLAIM + "target_link_uri"] = self.target_link_uri or self.tool_launch_url
            claims[CLAIM + "resource_link"] = {"id": "link-1", "title": "Voorbereiden"}
        else:
            claims[DL_CLAIM + "deep_linking_settings"] = {
                "deep_link_return_url": self.return_url,
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": self.accept_multiple,
                "data": "platform-data-123",
            }
        return claims

    def id_token(self, nonce: str, *, key: Any = None, kid: str | None = None, **claim_overrides: Any) -> str:
        claims = self.claims(nonce)
        for name, value in claim_overrides.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        token = jwt.encode(
            claims, key or self.key, algorithm="RS256", headers={"kid": kid or self.kid, "typ": "JWT"}
        )
        self.issued_tokens.append(token)
        return token

    def verify_deep_link_response(self, token: str) -> dict[str, Any]:
        """As a platform does: the tool's key (by kid) from its published key set, then the claims."""
        kid = jwt.get_unverified_header(token).get("kid")
        keys = {key["kid"]: key for key in self.tool_jwks()["keys"]}
        if kid not in keys:
            raise PlatformError(f"the tool does not publish kid {kid!r}")
        claims: dict[str, Any] = jwt.decode(
            token,
            jwt.PyJWK(keys[kid]).key,
            algorithms=["RS256"],
            audience=self.issuer,
            issuer=self.client_id,
            options={"require": ["iss", "aud", "exp", "iat", "nonce"]},
        )
        if claims.get(CLAIM + "message_type") != "LtiDeepLinkingResponse":
            raise PlatformError("not a deep-linking response")
        if (
            claims.get(CLAIM + "version") != "1.3.0"
            or claims.get(CLAIM + "deployment_id") != self.deployment_id
        ):
            raise PlatformError("wrong version or deployment")
        if claims.get(DL_CLAIM + "data") != "platform-data-123":
            raise PlatformError("the data of the request did not come back")
        self.received.append(claims)
        return claims

    # -- pages ---------------------------------------------------------------------------------------------

    @staticmethod
    def page(body: str) -> str:
        return (
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Test-RIS</title></head>'
            f"<body><main>{body}</main></body></html>"
        )

    def form_page(self, action: str, fields: dict[str, str]) -> str:
        """An auto-submitting form, as platforms post their messages."""
        inputs = "".join(
            f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
            for name, value in fields.items()
        )
        return self.page(
            f'<form id="f" method="post" action="{html.escape(action)}">{inputs}'
            '<button type="submit">Verder</button></form>'
            '<script>document.getElementById("f").submit();</script>'
        )
